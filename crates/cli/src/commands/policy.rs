//! `denylist policy export|compare|apply`: a tenant's deny lists as a versioned JSON file (or CSV
//! for auditors), tenants and files side by side, and a tenant made to match another.

use super::Ctx;
use crate::args::PolicyCommand;
use crate::spinner::Spinner;
use crate::{Outcome, render, target, term};
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::policy::{Policy, compare as compare_policies, export, sync_plan};
use denylist_core::{Error, Result};
use serde_json::json;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

pub async fn run(ctx: &Ctx<'_>, command: &PolicyCommand) -> Result<Outcome> {
    match command {
        PolicyCommand::Export { csv, output } => {
            let policy = export(ctx.client).await?;
            ctx.spinner.clear();
            let text = if *csv {
                policy.to_csv()?
            } else {
                policy.to_json()
            };
            match output {
                Some(path) => {
                    std::fs::write(path, text).map_err(|e| {
                        Error::InvalidInput(format!("Could not write {}: {e}", path.display()))
                    })?;
                    term::errln!(
                        "Wrote the deny lists of {} connections of {} to {}.",
                        policy.connections.len(),
                        policy.tenant,
                        path.display()
                    );
                }
                // CSV on a terminal shows control characters made visible; a pipe or file gets
                // the export byte for byte. (JSON escapes them itself, and must stay JSON.)
                None if *csv && std::io::stdout().is_terminal() => term::out!("{text}"),
                None => print!("{text}"),
            }
            Ok(Outcome::Success)
        }
        PolicyCommand::Compare { sources } => compare(sources, ctx.spinner, ctx.json).await,
        PolicyCommand::Apply {
            source,
            connections,
            run,
        } => {
            let policy = load(source, ctx.spinner).await?;
            let names = (!connections.is_empty()).then_some(connections.as_slice());
            let plan = sync_plan(ctx.client, &policy, names).await?;
            ctx.spinner.clear();
            crate::prompt::say(
                ctx.json,
                &format!(
                    "Making {} match {} (connections matched by name):\n",
                    ctx.client.domain(),
                    policy.tenant
                ),
            );
            super::bulk::execute(ctx, &plan, run, ChangeSource::Sync).await
        }
    }
}

/// A policy file, or the deny lists of a saved profile's tenant read now.
async fn load(source: &str, spinner: &Arc<Spinner>) -> Result<Policy> {
    let path = Path::new(source);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::InvalidInput(format!("Could not read {source}: {e}")))?;
        return Policy::from_json(&text);
    }
    let target = target::from_profile(source).map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound(format!(
            "“{source}” is neither a policy file nor a saved profile (see `denylist profile list`)."
        )),
        other => other,
    })?;
    let client = super::client(target, spinner)?;
    export(&client).await
}

pub async fn compare(sources: &[String], spinner: &Arc<Spinner>, json: bool) -> Result<Outcome> {
    let mut policies = Vec::new();
    for s in sources {
        policies.push(load(s, spinner).await?);
    }
    spinner.clear();
    let comparison = compare_policies(&policies);
    if json {
        println!(
            "{}",
            json!({"comparison": comparison, "differences": comparison.differences()})
        );
    } else {
        term::out!("{}", render::comparison(&comparison));
    }
    Ok(Outcome::Success)
}
