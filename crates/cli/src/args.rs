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
        (a Machine to Machine application) or AUTH0_TOKEN (a Management API token).\n  \
        `history` reads this computer's file: it needs only the tenant (`--tenant-logs` signs in).\n\n\
        Exit status: 0 success, 1 failure (message on stderr), 2 wrong usage, 3 change not confirmed,\n\
        4 a bulk change or sync ended with failures or was cancelled (the report says which)."
)]
pub struct Cli {
    /// Use a saved tenant profile (`report` takes several).
    #[arg(long = "profile", global = true, value_name = "NAME")]
    pub profiles: Vec<String>,
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

impl Cli {
    /// The one saved profile named (`--profile` is given once, except to `report`).
    pub fn profile(&self) -> Option<&String> {
        self.profiles.last()
    }
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
    /// Changes made to this tenant, newest first (kept on this computer: deny lists and ids only).
    History {
        /// Only this connection's changes (id or exact name).
        #[arg(long)]
        connection: Option<String>,
        /// Only changes on or after this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        /// Also the changes anyone made (the Dashboard, Terraform, another computer), read from
        /// the tenant's own logs (needs the tenant's credentials and the scope read:logs).
        #[arg(long)]
        tenant_logs: bool,
    },
    /// Undo a change from the history (its id, or a unique start of it).
    Revert {
        entry: String,
        /// When the list changed after that change: write the list exactly as it was before it
        /// (`restore`), or undo only that change and keep later ones (`undo-only`).
        #[arg(long, value_enum, value_name = "WHICH")]
        choose: Option<RevertChoiceArg>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// One edit over many connections: a dry run first, then paced, cancellable with Ctrl-C.
    #[command(subcommand)]
    Bulk(BulkCommand),
    /// Deny-list policies: export a tenant's lists, compare tenants, make one match another.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Evidence for auditors: for each tenant (--profile, repeatable, or --all-profiles), its deny
    /// lists as of now, the limitations that hold, users who still have denied attributes stored,
    /// and the changes of the period (this computer's and, with read:logs, anyone's).
    Report {
        /// Every saved profile.
        #[arg(long)]
        all_profiles: bool,
        /// Changes on or after this day (YYYY-MM-DD, UTC); default: all that is known.
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        /// Write here (for html and pdf, the JSON data beside it, with .json: its SHA-256 is in the
        /// report's footer).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// html, pdf or json (default: from --out's extension, else html).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// The PDF's paper.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
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
    #[command(flatten)]
    pub run: RunArgs,
    /// For a custom database with encrypted configuration: a JSON file with the plain value of every configuration key.
    #[arg(long, value_name = "FILE")]
    pub configuration_file: Option<PathBuf>,
    /// For a custom database with encrypted configuration: type each value at a prompt (not shown).
    #[arg(long, conflicts_with = "configuration_file")]
    pub configuration_prompt: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Connect a tenant in one paste: `profile setup NAME --domain DOMAIN --token-stdin`. From a
    /// Management API token (the API Explorer's), the app creates its own Machine to Machine
    /// application with exactly the scopes it needs, signing in with a key made here (a client
    /// secret where the plan has no Private Key JWT), tests it, saves the profile and forgets the token.
    Setup {
        name: String,
        /// Read the pasted token from standard input (one line) instead of a prompt.
        #[arg(long)]
        token_stdin: bool,
        /// development, staging or production.
        #[arg(long, value_name = "ENV", default_value = "development")]
        environment: String,
        /// Colour shown for this tenant, like #1e88e5 (default: by environment).
        #[arg(long, value_name = "HEX")]
        color: Option<String>,
        /// Exactly the scopes to grant (comma-separated; default: every scope the app uses).
        #[arg(long, value_name = "SCOPE,…", value_delimiter = ',')]
        scopes: Option<Vec<String>>,
        /// Sign in with a client secret instead of a private key.
        #[arg(long)]
        secret_instead_of_key: bool,
        /// Make a new application even if this computer made one before (default: reuse it).
        #[arg(long)]
        new_application: bool,
        /// With --environment production: the tenant's name, typed to confirm.
        #[arg(long, value_name = "NAME")]
        confirm_tenant: Option<String>,
    },
    /// Save a tenant: `profile add NAME --domain DOMAIN --client-id ID` (or `--token`); the secret is asked for.
    Add {
        name: String,
        /// The application's client ID (the client secret is read from a prompt, or standard input).
        #[arg(long, value_name = "ID", conflicts_with = "token")]
        client_id: Option<String>,
        /// Sign in with a pasted Management API token instead (read from a prompt, or standard input).
        #[arg(long)]
        token: bool,
        /// Sign in with the application's private key, read as PEM from standard input.
        #[arg(long, requires = "client_id", conflicts_with_all = ["token", "generate_key", "secret_stdin"])]
        private_key_stdin: bool,
        /// Make a key pair here and print its public key (PEM) to register under the application's
        /// Credentials (Private Key JWT); the private key goes to the keyring.
        #[arg(long, requires = "client_id", conflicts_with_all = ["token", "secret_stdin"])]
        generate_key: bool,
        /// The key credential's algorithm: RS256, RS384 or PS256.
        #[arg(long, value_name = "ALG", default_value = "RS256")]
        alg: String,
        /// The key credential's id in Auth0 (its Key ID), when known.
        #[arg(long, value_name = "KID")]
        key_id: Option<String>,
        /// development, staging or production.
        #[arg(long, value_name = "ENV", default_value = "development")]
        environment: String,
        /// Colour shown for this tenant, like #1e88e5 (default: by environment).
        #[arg(long, value_name = "HEX")]
        color: Option<String>,
        /// Read the secret from standard input (one line) instead of a prompt.
        #[arg(long)]
        secret_stdin: bool,
        /// Whether Terraform or the Deploy CLI also writes this tenant: nothing, terraform,
        /// deploy-cli or unknown (each change then says what their next run does, with the code).
        #[arg(long, value_name = "HOW")]
        managed_as_code: Option<String>,
    },
    /// Say whether Terraform or the Deploy CLI also writes a profile's tenant:
    /// `profile managed-as-code NAME nothing|terraform|deploy-cli|unknown`.
    ManagedAsCode { name: String, how: String },
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
    /// A new key (or secret) for a profile's application, registered and tested, the earlier one
    /// removed. Needs a pasted Management API token (the application may not change itself).
    Rotate {
        name: String,
        /// Read the pasted token from standard input (one line) instead of a prompt.
        #[arg(long)]
        token_stdin: bool,
        /// For a profile labelled production: the tenant's name, typed to confirm.
        #[arg(long, value_name = "NAME")]
        confirm_tenant: Option<String>,
    },
    /// Delete a profile and its secret.
    Remove {
        name: String,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Also delete its application in the tenant (one made by `profile setup`), with a pasted token.
        #[arg(long)]
        delete_application: bool,
        /// Read the pasted token from standard input (one line) instead of a prompt.
        #[arg(long)]
        token_stdin: bool,
        /// With --delete-application, for a profile labelled production: the tenant's name, typed
        /// to confirm (--yes alone is not enough).
        #[arg(long, value_name = "NAME")]
        confirm_tenant: Option<String>,
    },
    /// Sign in and report which scopes the token has and which are missing.
    Test { name: String },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RevertChoiceArg {
    Restore,
    UndoOnly,
}

/// How a change that needs no per-connection input is confirmed.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Show what would happen, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// For a profile labelled production: the tenant's name, typed to confirm (--yes alone is not enough).
    #[arg(long, value_name = "NAME")]
    pub confirm_tenant: Option<String>,
    /// Write even though the change cannot first be recorded in this computer's history (a full
    /// disk, a read-only folder): it will not be in the history or the evidence report.
    #[arg(long)]
    pub without_history: bool,
}

/// Which connections a bulk change is for: exactly one of these.
#[derive(Debug, Args, Clone)]
#[group(required = true, multiple = false)]
pub struct SelectArgs {
    /// Every connection of the tenant.
    #[arg(long)]
    pub all: bool,
    /// Connections of this strategy (auth0, samlp, oidc, waad, google-oauth2…); repeat for more.
    #[arg(long, value_name = "STRATEGY")]
    pub strategy: Vec<String>,
    /// A file of connection names or ids, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub connections: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BulkCommand {
    /// Add attributes to the deny lists.
    Add {
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Remove attributes from the deny lists.
    Remove {
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Replace the deny lists.
    Set {
        #[arg(required = true, value_name = "ATTR")]
        attributes: Vec<String>,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Empty the deny lists.
    Clear {
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        run: RunArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page, printable to A4 or Letter.
    Html,
    /// A PDF with its fonts embedded.
    Pdf,
    /// The data itself.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The versioned policy file (for compare, apply and check).
    Json,
    /// One row per connection, for auditors.
    Csv,
    /// `auth0_connection` blocks with each connection's `non_persistent_attrs`.
    Terraform,
    /// The Deploy CLI's tenant.yaml `connections:` and `databases:` sections.
    DeployCliYaml,
    /// The Deploy CLI's directory format (with --output, its files; else one JSON document).
    DeployCliJson,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Write the tenant's deny lists to a policy file (JSON), CSV for auditors, or the code of
    /// Terraform or the Auth0 Deploy CLI.
    Export {
        /// The same as --format csv.
        #[arg(long, conflicts_with = "format")]
        csv: bool,
        /// What to write.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write here instead of standard output (for deploy-cli-json: a new or empty folder).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Exit 0 when a tenant matches a policy, 1 with the differences when it has drifted.
    /// Without --against, this tenant (--profile) is checked against PROFILE|FILE.
    Check {
        #[arg(value_name = "PROFILE|FILE")]
        source: String,
        /// The policy to check PROFILE|FILE against (a saved profile or a policy file).
        #[arg(long, value_name = "PROFILE|FILE")]
        against: Option<String>,
    },
    /// Compare two or more tenants (saved profile names) or policy files, connection by connection.
    Compare {
        #[arg(required = true, num_args = 2.., value_name = "PROFILE|FILE")]
        sources: Vec<String>,
    },
    /// Make this tenant match another tenant (a saved profile) or a policy file, for the
    /// connections of the same name (all, or those given with --connection).
    Apply {
        #[arg(value_name = "PROFILE|FILE")]
        source: String,
        /// Only this connection (by name); repeat for more.
        #[arg(long = "connection", value_name = "NAME")]
        connections: Vec<String>,
        #[command(flatten)]
        run: RunArgs,
    },
}
