//! `denylist`: the command line of Deny List Manager. Each subcommand is a thin
//! adapter over `denylist-core`; nothing here decides what is safe to send.

// Nothing from the network or the admin may panic the command: errors instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod args;
mod commands;
mod prompt;
mod render;
mod spinner;
mod target;
mod term;

use args::{Cli, Command, PolicyCommand};
use clap::Parser;
use denylist_core::{Edit, Error, ErrorCode};
use serde_json::json;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once the tenant and its credentials are resolved: errors after it are about the tenant,
/// not the profile.
static TENANT_CHOSEN: AtomicBool = AtomicBool::new(false);

/// How a command ended, when it did not fail.
pub enum Outcome {
    Success,
    /// The admin did not confirm: nothing was written.
    Declined,
    /// A bulk run ended with failures or was cancelled: the report says which connections.
    Incomplete,
    /// A tenant differs from the policy it was checked against (exit 1, as a CI job expects).
    Drifted,
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`denylist connections | head`) would
    // panic. Restore the default every command-line tool has: end quietly when the reader leaves.
    // SAFETY: called first, before any thread exists; SIG_DFL is a valid handler for SIGPIPE.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    if cli.verbose {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing::Level::DEBUG)
            .with_target(false)
            .init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            term::errln!("error: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let spinner = spinner::Spinner::new();
    match runtime.block_on(run(&cli, &spinner)) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Declined) => ExitCode::from(3),
        Ok(Outcome::Incomplete) => ExitCode::from(4),
        Ok(Outcome::Drifted) => ExitCode::FAILURE,
        Err(e) => {
            spinner.clear();
            if cli.json {
                println!("{}", json!({ "error": e.payload() }));
            }
            // One message: a line break a tenant put in it is shown, not obeyed.
            term::errln!("error: {}", term::value(&e.to_string()));
            if let Some(hint) = hint(&cli, &e) {
                term::errln!("hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

/// What to do next, with this tool, by error code (the core's messages name no tool).
fn hint(cli: &Cli, e: &Error) -> Option<String> {
    let connection = match &cli.command {
        Command::Show { connection }
        | Command::Set { connection, .. }
        | Command::Add { connection, .. }
        | Command::Remove { connection, .. }
        | Command::Clear { connection, .. } => Some(connection.as_str()),
        Command::Check { connection } => connection.as_deref(),
        _ => None,
    };
    let show = |c: &str| format!("denylist show {}", quoted(c));
    Some(match (e.code(), &cli.command, connection) {
        (ErrorCode::EncryptedConfiguration, ..) => {
            "give the plain values with --configuration-file FILE (a JSON object of text values) or \
             --configuration-prompt (typed, not shown)."
                .into()
        }
        (ErrorCode::NotFound, Command::Profile(_), _) => {
            "list the saved profiles with `denylist profile list`.".into()
        }
        (ErrorCode::NotFound, ..) if !TENANT_CHOSEN.load(Ordering::Relaxed) => {
            "list the saved profiles with `denylist profile list`.".into()
        }
        (ErrorCode::NotFound, _, Some(_)) => {
            "list the connections with `denylist connections`.".into()
        }
        (
            ErrorCode::OutcomeUnknown | ErrorCode::VerificationFailed | ErrorCode::Conflict,
            _,
            Some(c),
        ) => format!("see the connection as it is now with `{}`.", show(c)),
        (ErrorCode::HistoryUnavailable, ..) => {
            "free some disk space or fix the folder's permissions, then try again; or give \
             --without-history to change the tenant with no record of it."
                .into()
        }
        (ErrorCode::ChoiceRequired, ..) => {
            "give --choose restore (the list exactly as before that change) or --choose undo-only \
             (only that change undone, later ones kept)."
                .into()
        }
        (ErrorCode::SecretMissing, ..) => match cli.profile() {
            Some(p) => format!("save it with `denylist profile set-secret {}`.", quoted(p)),
            None => return None,
        },
        (ErrorCode::OptionsUnreadable | ErrorCode::MissingScope, _, _) => {
            match cli.profile() {
                Some(p) => format!("after granting it, check with `denylist profile test {}`.", quoted(p)),
                None => return None,
            }
        }
        _ => return None,
    })
}

/// An argument as typed back to a shell.
fn quoted(arg: &str) -> String {
    if arg
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/@".contains(c))
    {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

async fn run(cli: &Cli, spinner: &std::sync::Arc<spinner::Spinner>) -> Result<Outcome, Error> {
    if cli.profiles.len() > 1 && !matches!(cli.command, Command::Report { .. }) {
        return Err(Error::InvalidInput(
            "Give --profile once (only `report` takes several).".into(),
        ));
    }
    match &cli.command {
        Command::Demo { port } => return commands::demo::run(*port, cli.json).await,
        Command::Report {
            all_profiles,
            since,
            out,
            format,
            paper,
        } => {
            return commands::report::run(
                cli,
                &commands::report::Asked {
                    all_profiles: *all_profiles,
                    since: since.as_deref(),
                    out: out.as_deref(),
                    format: *format,
                    paper: *paper,
                },
                spinner,
            )
            .await;
        }
        Command::Profile(p) => return commands::profile::run(cli, p, spinner).await,
        _ => {}
    }
    if let Command::Policy(PolicyCommand::Compare { sources }) = &cli.command {
        return commands::policy::compare(sources, spinner, cli.json).await;
    }
    if let Command::Policy(PolicyCommand::Check {
        source,
        against: Some(against),
    }) = &cli.command
    {
        return commands::policy::check_against(source, against, spinner, cli.json).await;
    }
    // The history is on this computer: it needs the tenant's name, not its credentials.
    if let Command::History {
        connection,
        since,
        tenant_logs: false,
    } = &cli.command
    {
        let tenant = target::tenant_only(cli)?;
        TENANT_CHOSEN.store(true, Ordering::Relaxed);
        // Changes a crash interrupted are checked against the tenant first, when its
        // credentials are at hand (no request when nothing is pending).
        if commands::history().is_some_and(|h| {
            denylist_core::change::resolve::anything_interrupted(&h, &tenant.to_string())
        }) {
            match target::resolve(cli).and_then(|t| commands::client(t, spinner)) {
                Ok(client) => commands::resolve_interrupted(&client, spinner).await,
                Err(_) => term::errln!(
                    "note: some changes were interrupted before their outcome was recorded; give the \
                     tenant's credentials (a profile, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET) to check \
                     them against the tenant."
                ),
            }
        }
        return commands::history::run(
            &tenant.to_string(),
            cli.json,
            connection.as_deref(),
            since.as_deref(),
        );
    }
    let target = target::resolve(cli)?;
    TENANT_CHOSEN.store(true, Ordering::Relaxed);
    let production = target.production().cloned();
    let who = commands::who(&target, cli.profile().map(String::as_str));
    let managed = target
        .profile
        .as_ref()
        .map(|p| p.managed_as_code)
        .unwrap_or_default();
    let client = commands::client(target, spinner)?;
    commands::resolve_interrupted(&client, spinner).await;
    let ctx = commands::Ctx {
        client: &client,
        spinner,
        production: production.as_ref(),
        who: &who,
        json: cli.json,
        managed,
    };
    let (key, edit, apply) = match &cli.command {
        Command::History {
            connection, since, ..
        } => {
            return commands::history::with_tenant_logs(
                &ctx,
                connection.as_deref(),
                since.as_deref(),
            )
            .await;
        }
        Command::Revert { entry, choose, run } => {
            return commands::revert::run(&ctx, entry, *choose, run).await;
        }
        Command::Bulk(b) => return commands::bulk::run(&ctx, b).await,
        Command::Policy(p) => return commands::policy::run(&ctx, p).await,
        Command::Connections => return commands::list::run(&client, spinner, cli.json).await,
        Command::Show { connection } => {
            return commands::show::run(&client, spinner, connection, cli.json).await;
        }
        Command::Check { connection } => {
            return commands::check::run(&client, spinner, connection.as_deref(), cli.json).await;
        }
        Command::Set {
            connection,
            attributes,
            apply,
        } => (connection, Edit::Set(attributes.clone()), apply),
        Command::Add {
            connection,
            attributes,
            apply,
        } => (connection, Edit::Add(attributes.clone()), apply),
        Command::Remove {
            connection,
            attributes,
            apply,
        } => (connection, Edit::Remove(attributes.clone()), apply),
        Command::Clear { connection, apply } => (connection, Edit::Clear, apply),
        Command::Demo { .. } | Command::Profile(_) | Command::Report { .. } => {
            unreachable!("handled above")
        }
    };
    commands::edit::run(&ctx, key, edit, apply).await
}
