//! `denylist`: the command line of Deny List Manager. Each subcommand is a thin
//! adapter over `denylist-core`; nothing here decides what is safe to send.

mod args;
mod commands;
mod render;
mod spinner;
mod target;

use args::{Cli, Command};
use clap::Parser;
use denylist_core::{Edit, Error};
use serde_json::json;
use std::process::ExitCode;

/// How a command ended, when it did not fail.
pub enum Outcome {
    Success,
    /// The admin did not confirm: nothing was written.
    Declined,
}

fn main() -> ExitCode {
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
            eprintln!("error: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let spinner = spinner::Spinner::new();
    match runtime.block_on(run(&cli, &spinner)) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Declined) => ExitCode::from(3),
        Err(e) => {
            spinner.clear();
            if cli.json {
                println!("{}", json!({ "error": e.payload() }));
            }
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli, spinner: &std::sync::Arc<spinner::Spinner>) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Demo { port } => return commands::demo::run(*port, cli.json).await,
        Command::Profile(p) => return commands::profile::run(cli, p, spinner).await,
        _ => {}
    }
    let target = target::resolve(cli)?;
    let production = target.production().cloned();
    let client = commands::client(target, spinner)?;
    let (key, edit, apply) = match &cli.command {
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
        Command::Demo { .. } | Command::Profile(_) => unreachable!("handled above"),
    };
    commands::edit::run(
        &client,
        spinner,
        key,
        edit,
        apply,
        production.as_ref(),
        cli.json,
    )
    .await
}
