//! The command-line contract. Names and flags here are a promise to scripts: keep them.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "denylist",
    version,
    about = "View and safely edit the Deny List (options.non_persistent_attrs) of Auth0 connections.",
    after_help = "Tenant and credentials:\n  \
        --domain DOMAIN (or AUTH0_DOMAIN) with, in the environment, AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET\n  \
        (a Machine to Machine application) or AUTH0_TOKEN (a Management API token).\n\n\
        Exit status: 0 success, 1 failure (message on stderr), 2 wrong usage, 3 change not confirmed."
)]
pub struct Cli {
    /// Use a saved tenant profile.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// The tenant's domain, e.g. acme.us.auth0.com.
    #[arg(long, global = true, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Print one JSON document on standard output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Log each request (method, path, status) on standard error.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List connections: id, name, strategy, deny-list size.
    Connections,
    /// Show one connection's deny list.
    Show {
        /// The connection's id or exact name.
        connection: String,
    },
    /// Report where the deny list will not do what you expect: for the tenant, and for one connection
    /// (or every connection when none is named).
    Check {
        /// The connection's id or exact name.
        connection: Option<String>,
    },
    /// Replace the deny list.
    Set {
        connection: String,
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Add attributes to the deny list.
    Add {
        connection: String,
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Remove attributes from the deny list.
    Remove {
        connection: String,
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Empty the deny list.
    Clear {
        connection: String,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Saved tenant profiles (secrets live only in the system keyring).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Start the demo tenant (a local Auth0 simulator) and print how to use it.
    Demo {
        /// Port on 127.0.0.1 (another free port is used if it is taken).
        #[arg(long, default_value_t = 4380)]
        port: u16,
    },
}

#[derive(Debug, Args, Clone)]
pub struct ApplyArgs {
    /// Show the change, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// For a custom database with encrypted configuration: a JSON file with the plain value of every configuration key.
    #[arg(long, value_name = "FILE")]
    pub configuration_file: Option<PathBuf>,
    /// For a custom database with encrypted configuration: type each value at a prompt (not shown).
    #[arg(long, conflicts_with = "configuration_file")]
    pub configuration_prompt: bool,
    /// For a profile labelled production: the tenant's name, typed to confirm (--yes alone is not enough).
    #[arg(long, value_name = "NAME")]
    pub confirm_tenant: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Save a tenant: `profile add NAME --domain DOMAIN --client-id ID` (or `--token`); the secret is asked for.
    Add {
        name: String,
        /// The application's client ID (the client secret is read from a prompt, or standard input).
        #[arg(long, value_name = "ID", conflicts_with = "token")]
        client_id: Option<String>,
        /// Sign in with a pasted Management API token instead (read from a prompt, or standard input).
        #[arg(long)]
        token: bool,
        /// development, staging or production.
        #[arg(long, value_name = "ENV", default_value = "development")]
        environment: String,
        /// Colour shown for this tenant, like #1e88e5 (default: by environment).
        #[arg(long, value_name = "HEX")]
        color: Option<String>,
        /// Read the secret from standard input (one line) instead of a prompt.
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Save or replace a profile's secret (from a prompt, or standard input with --secret-stdin).
    SetSecret {
        name: String,
        /// Read the secret from standard input (one line) instead of a prompt.
        #[arg(long)]
        secret_stdin: bool,
    },
    /// List saved profiles (never a secret: only whether one is saved).
    List,
    /// Show one profile.
    Show { name: String },
    /// Rename a profile; its secret stays with it.
    Rename { name: String, new_name: String },
    /// Delete a profile and its secret.
    Remove {
        name: String,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Sign in and report which scopes the token has and which are missing.
    Test { name: String },
}
