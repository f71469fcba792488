//! `denylist policy export|check|compare|apply`: a tenant's deny lists as a versioned JSON file
//! (CSV for auditors, or Terraform / Deploy CLI code), a tenant checked for drift from a policy,
//! tenants and files side by side, and a tenant made to match another.

use super::Ctx;
use crate::args::{ExportFormat, PolicyCommand};
use crate::spinner::Spinner;
use crate::{Outcome, render, target, term};
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::as_code::{
    deploy_cli_directory, deploy_cli_json_document, deploy_cli_yaml, terraform,
};
use denylist_core::tenant::drift::drift;
use denylist_core::tenant::policy::{Policy, compare as compare_policies, export, sync_plan};
use denylist_core::{Error, Result};
use serde_json::json;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

pub async fn run(ctx: &Ctx<'_>, command: &PolicyCommand) -> Result<Outcome> {
    match command {
        PolicyCommand::Export {
            csv,
            format,
            output,
        } => {
            let policy = export(ctx.client).await?;
            ctx.spinner.clear();
            let format = if *csv { ExportFormat::Csv } else { *format };
            if format == ExportFormat::DeployCliJson
                && let Some(dir) = output
            {
                let written = write_directory(dir, &deploy_cli_directory(&policy))?;
                term::errln!(
                    "Wrote {written} files for the Deploy CLI's directory format ({} connections of {}) under {}.",
                    policy.connections.len(),
                    policy.tenant,
                    dir.display()
                );
                return Ok(Outcome::Success);
            }
            let text = match format {
                ExportFormat::Json => policy.to_json(),
                ExportFormat::Csv => policy.to_csv()?,
                ExportFormat::Terraform => terraform(&policy),
                ExportFormat::DeployCliYaml => deploy_cli_yaml(&policy),
                ExportFormat::DeployCliJson => deploy_cli_json_document(&policy),
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
                // the export byte for byte. (JSON and the code formats escape them themselves.)
                None if format == ExportFormat::Csv && std::io::stdout().is_terminal() => {
                    term::out!("{text}")
                }
                None => print!("{text}"),
            }
            Ok(Outcome::Success)
        }
        PolicyCommand::Check {
            source,
            against: Some(against),
        } => check_against(source, against, ctx.spinner, ctx.json).await,
        PolicyCommand::Check {
            source,
            against: None,
        } => {
            let wanted = load(source, ctx.spinner).await?;
            let tenant = export(ctx.client).await?;
            report_drift(&tenant, &wanted, ctx.spinner, ctx.json)
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

/// A tenant (read now, or a file) against a policy: 0 when it matches, 1 with the differences.
pub async fn check_against(
    source: &str,
    against: &str,
    spinner: &Arc<Spinner>,
    json: bool,
) -> Result<Outcome> {
    let wanted = load(against, spinner).await?;
    let tenant = load(source, spinner).await?;
    report_drift(&tenant, &wanted, spinner, json)
}

fn report_drift(
    tenant: &Policy,
    wanted: &Policy,
    spinner: &Arc<Spinner>,
    json: bool,
) -> Result<Outcome> {
    spinner.clear();
    let report = drift(tenant, wanted);
    if json {
        println!("{}", json!({"drift": report, "drifted": report.drifted()}));
    } else {
        for d in &report.differences {
            term::outln!(
                "≠ {}: {}",
                term::value(&d.connection),
                term::value(&d.describe())
            );
        }
        term::outln!("{}", term::value(&report.summary()));
    }
    Ok(if report.drifted() {
        Outcome::Drifted
    } else {
        Outcome::Success
    })
}

/// The directory format's files under `dir`, which must be new or empty: nothing of the
/// admin's is overwritten, and no link in it is followed.
fn write_directory(dir: &Path, files: &[(String, serde_json::Value)]) -> Result<usize> {
    let fail = |what: &Path, e: std::io::Error| {
        Error::InvalidInput(format!("Could not write {}: {e}", what.display()))
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::InvalidInput(format!(
                    "{} is not empty: give a new or empty folder, so that no file of yours is overwritten.",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?
        }
        Err(e) => return Err(fail(dir, e)),
    }
    for (relative, value) in files {
        let relative = Path::new(relative);
        // The core makes names safe; this is the second lock on the door.
        if !relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::InvalidInput(format!(
                "“{}” is not a path inside the folder.",
                relative.display()
            )));
        }
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        let text = serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| fail(&path, e))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| fail(&path, e))?;
    }
    Ok(files.len())
}
