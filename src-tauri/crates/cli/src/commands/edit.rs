//! `denylist set|add|remove|clear`: plan, show, confirm, apply, report.

use crate::args::ApplyArgs;
use crate::spinner::Spinner;
use crate::term;
use crate::{Outcome, render};
use denylist_core::TenantDomain;
use denylist_core::plan::blocking_problem;
use denylist_core::tenant_checks::{TenantReport, check_tenant};
use denylist_core::{
    ApplyReport, ConfigurationValues, Edit, Error, ManagementClient, Plan, Result, Secret, apply,
    plan,
};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

pub async fn run(
    client: &ManagementClient,
    spinner: &Arc<Spinner>,
    key: &str,
    edit: Edit,
    args: &ApplyArgs,
    production: Option<&TenantDomain>,
    json: bool,
) -> Result<Outcome> {
    let connection = client.find_connection(key).await?;
    let plan = plan(&connection, &edit)?;
    // What weakens deny lists on this tenant (never blocks: failed checks say so).
    let tenant = (!plan.after.is_empty() && !plan.is_noop()).then_some(check_tenant(client).await);
    spinner.clear();
    // With --json, standard output carries only the final document; the human view goes to stderr.
    say(json, &render::plan(client.domain(), &plan, tenant.as_ref()));
    let closing = Closing {
        json,
        plan: &plan,
        tenant: tenant.as_ref(),
    };

    if plan.is_noop() {
        closing.print(args.dry_run, "unchanged", None, None, "");
        return Ok(Outcome::Success);
    }
    if args.dry_run {
        // Check a configuration file if one is given, but never prompt for secrets in a dry run.
        let refused = match &args.configuration_file {
            Some(_) => configuration_values(&plan, args).err(),
            None => blocking_problem(&plan),
        };
        let mut human = String::new();
        if let Some(e) = &refused {
            human.push_str(&format!("Applying this change would be refused: {e}\n"));
        }
        human.push_str("Dry run: nothing was sent.\n");
        closing.print(true, "dry_run", None, refused.as_ref(), &human);
        return Ok(Outcome::Success);
    }
    let configuration = configuration_values(&plan, args)?;
    if let Some(domain) = production {
        if !production_confirmed(domain, &plan, args, json).await? {
            closing.print(
                false,
                "declined",
                None,
                None,
                "Nothing was changed: the tenant's name was not typed.\n",
            );
            return Ok(Outcome::Declined);
        }
    } else if !args.yes {
        let question = format!(
            "Apply this change to “{}” on {}? [y/N] ",
            plan.connection_name,
            client.domain()
        );
        if !confirm(&question, json).await? {
            closing.print(false, "declined", None, None, "Nothing was changed.\n");
            return Ok(Outcome::Declined);
        }
    }
    let report = apply(client, &plan, configuration.as_ref()).await?;
    spinner.clear();
    closing.print(
        false,
        outcome_name(&report),
        Some(&report),
        None,
        &render::report(client.domain(), &report),
    );
    Ok(Outcome::Success)
}

fn say(json: bool, text: &str) {
    if json {
        term::err!("{text}");
    } else {
        term::out!("{text}");
    }
}

fn outcome_name(report: &ApplyReport) -> &'static str {
    match report.outcome {
        denylist_core::Outcome::Applied => "applied",
        denylist_core::Outcome::AlreadyAsRequested => "already_as_requested",
        denylist_core::Outcome::Unchanged => "unchanged",
    }
}

/// How an edit command ends: human closing words, or the single JSON document.
struct Closing<'a> {
    json: bool,
    plan: &'a Plan,
    tenant: Option<&'a TenantReport>,
}

impl Closing<'_> {
    fn print(
        &self,
        dry_run: bool,
        outcome: &str,
        report: Option<&ApplyReport>,
        refused: Option<&Error>,
        human: &str,
    ) {
        if !self.json {
            term::out!("{human}");
            return;
        }
        let plan = self.plan;
        let mut notes = plan.notes.clone();
        notes.extend(report.iter().flat_map(|r| r.notes.iter().cloned()));
        let stored = report.map_or(&plan.before, |r| &r.deny_list);
        let doc: Value = json!({
            "id": plan.connection_id,
            "name": plan.connection_name,
            "strategy": plan.strategy,
            "dry_run": dry_run,
            "outcome": outcome,
            "verified": report.map(|r| r.verified),
            "before": plan.before,
            "after": plan.after,
            "added": plan.added,
            "removed": plan.removed,
            "non_persistent_attrs": stored,
            "other_settings": plan.other_settings,
            "notes": notes,
            "warnings": plan.warnings,
            "tenant_findings": self.tenant.map(|t| &t.findings),
            "would_be_refused": refused.map(Error::payload),
        });
        println!("{doc}");
    }
}

/// Plain values for a custom database's encrypted configuration, when the plan needs them.
fn configuration_values(plan: &Plan, args: &ApplyArgs) -> Result<Option<ConfigurationValues>> {
    if plan.configuration_keys.is_empty() {
        return Ok(None);
    }
    if let Some(path) = &args.configuration_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::InvalidInput(format!(
                "Could not read the configuration file {}: {e}",
                path.display()
            ))
        })?;
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&text) else {
            return Err(Error::InvalidInput(format!(
                "The configuration file {} must hold one JSON object of text values, like {{\"KEY\": \"value\"}}.",
                path.display()
            )));
        };
        let mut values = ConfigurationValues::new();
        for (k, v) in map {
            let Value::String(s) = v else {
                return Err(Error::InvalidInput(format!(
                    "In the configuration file, the value of {k} must be text."
                )));
            };
            values.insert(k, Secret::new(s));
        }
        return Ok(Some(values));
    }
    if args.configuration_prompt {
        term::errln!(
            "“{}” keeps encrypted configuration values; type the plain value of each (input is not shown).",
            plan.connection_name
        );
        let mut values = ConfigurationValues::new();
        for key in &plan.configuration_keys {
            let value = rpassword::prompt_password(format!("{key}: ")).map_err(|e| {
                Error::InvalidInput(format!(
                    "Could not read {key} from the terminal: {e}. Use --configuration-file."
                ))
            })?;
            values.insert(key.clone(), Secret::new(value));
        }
        return Ok(Some(values));
    }
    Err(
        blocking_problem(plan).unwrap_or_else(|| Error::EncryptedConfiguration {
            connection: plan.connection_name.clone(),
            keys: plan.configuration_keys.clone(),
        }),
    )
}

/// Writes to a production tenant need its name: typed at the prompt, or given with --confirm-tenant.
async fn production_confirmed(
    domain: &TenantDomain,
    plan: &Plan,
    args: &ApplyArgs,
    json: bool,
) -> Result<bool> {
    let name = domain.tenant_name();
    match &args.confirm_tenant {
        Some(typed) => domain.require_confirmation(Some(typed)).map(|()| true),
        None if args.yes => Err(Error::ConfirmationRequired(format!(
            "{domain} is a production tenant: --yes is not enough. Add --confirm-tenant {name} to apply without a prompt."
        ))),
        None => {
            let question = format!(
                "{domain} is a PRODUCTION tenant. To change “{}”, type the tenant's name ({name}): ",
                plan.connection_name
            );
            Ok(ask_line(&question, json)
                .await?
                .is_some_and(|typed| domain.confirms(&typed)))
        }
    }
}

/// Ask on the terminal; a piped "y" counts, end of input means no.
pub async fn confirm(question: &str, json: bool) -> Result<bool> {
    Ok(ask_line(question, json)
        .await?
        .is_some_and(|answer| matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")))
}

/// One line from standard input after a question; `None` at end of input.
async fn ask_line(question: &str, json: bool) -> Result<Option<String>> {
    if json {
        term::err!("{question}");
        let _ = std::io::stderr().flush();
    } else {
        term::out!("{question}");
        let _ = std::io::stdout().flush();
    }
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|n| (n, line))
    })
    .await
    .map_err(|e| Error::InvalidInput(format!("could not read the answer: {e}")))?;
    match line {
        Ok((0, _)) => {
            say(json, "\n");
            Ok(None)
        }
        Ok((_, answer)) => Ok(Some(answer)),
        Err(e) => Err(Error::InvalidInput(format!(
            "could not read the answer: {e}"
        ))),
    }
}
