//! `denylist set|add|remove|clear`: plan, show, confirm, apply, report.

use crate::args::ApplyArgs;
use crate::prompt::Answer;
use crate::{Outcome, render};
use crate::{prompt, term};
use denylist_core::ErrorPayload;
use denylist_core::change::plan::blocking_problem;
use denylist_core::checks::cache::{ReportFile, checks};
use denylist_core::checks::findings::Finding;
use denylist_core::checks::tenant_checks::TenantReport;
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::as_code::{CodeNotice, notices};
use denylist_core::{ApplyReport, ConfigurationValues, Edit, Error, Plan, Result, Secret, plan};
use denylist_profiles::ProfileFile;
use serde::Serialize;
use serde_json::Value;

pub async fn run(ctx: &super::Ctx<'_>, key: &str, edit: Edit, args: &ApplyArgs) -> Result<Outcome> {
    let super::Ctx {
        client,
        spinner,
        production,
        who: _,
        json,
        managed,
    } = *ctx;
    let connection = client.find_connection(key).await?;
    let plan = plan(&connection, &edit)?;
    // What weakens deny lists on this tenant, when attributes are added (never blocks). Kept for
    // ten minutes; a --yes run never waits for them: it shows them only if already known.
    let file = ProfileFile::cache_dir().map(ReportFile::in_dir);
    let tenant = match (plan.added.is_empty(), args.run.yes && !args.run.dry_run) {
        (true, _) => None,
        (false, true) => file.as_ref().and_then(|f| f.load(client)),
        (false, false) => Some(checks(client, file.as_ref(), false).await),
    };
    spinner.clear();
    // With --json, standard output carries only the final document; the human view goes to stderr.
    let mut shown = render::plan(client.domain(), &plan, tenant.as_ref());
    if tenant.is_none() && !plan.added.is_empty() {
        shown.push_str("Tenant-wide checks were not run (--yes); `denylist check` runs them.\n");
    }
    let as_code = if plan.is_noop() {
        Vec::new()
    } else {
        notices(managed, &plan.connection_name, &plan.strategy, &plan.after)
    };
    render::code_notices(&mut shown, &as_code);
    prompt::say(json, &shown);
    let closing = Closing {
        json,
        plan: &plan,
        tenant: tenant.as_ref(),
        as_code: &as_code,
        history_id: None,
    };

    if plan.is_noop() {
        closing.print(args.run.dry_run, "unchanged", None, None, "");
        return Ok(Outcome::Success);
    }
    if args.run.dry_run {
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
    let answer = ctx
        .confirm_write(
            &args.run,
            &format!("Apply this change to “{}”", plan.connection_name),
        )
        .await?;
    let Answer::Given { asked } = answer else {
        let why = match production {
            Some(_) => "Nothing was changed: the tenant's name was not typed.\n",
            None => "Nothing was changed.\n",
        };
        closing.print(false, "declined", None, None, why);
        return Ok(Outcome::Declined);
    };
    let mut to_apply = plan.clone();
    // A person asked may take their time: the connection is then read again before writing.
    // Otherwise the plan's read moments ago is the fresh one (two requests per change).
    if asked || args.configuration_prompt {
        to_apply.read_again_before_writing();
    }
    let (report, history_id) = super::apply_with_record(
        ctx,
        &args.run,
        &to_apply,
        configuration.as_ref(),
        ChangeSource::Edit,
        None,
    )
    .await?;
    spinner.clear();
    let closing = Closing {
        history_id,
        ..closing
    };
    let mut human = render::report(client.domain(), &report);
    if let Some(id) = &closing.history_id {
        human.push_str(&format!(
            "Recorded in the history as {id} (`denylist revert {id}` undoes it).\n"
        ));
    }
    closing.print(false, outcome_name(&report), Some(&report), None, &human);
    Ok(Outcome::Success)
}

fn outcome_name(report: &ApplyReport) -> &'static str {
    match report.outcome {
        denylist_core::Outcome::Applied => "applied",
        denylist_core::Outcome::AlreadyAsRequested => "already_as_requested",
        denylist_core::Outcome::Unchanged => "unchanged",
    }
}

/// The `--json` document of `set/add/remove/clear`: the plan and the report exactly as the app
/// receives them (`plan`, `report`), and the flat keys scripts have read since the first version.
#[derive(Serialize)]
struct EditDocument<'a> {
    id: &'a str,
    name: &'a str,
    strategy: &'a str,
    dry_run: bool,
    outcome: &'a str,
    verified: Option<bool>,
    before: &'a [String],
    after: &'a [String],
    added: &'a [String],
    removed: &'a [String],
    non_persistent_attrs: &'a [String],
    other_settings: usize,
    other_changes: &'a [String],
    notes: Vec<String>,
    warnings: &'a [Finding],
    tenant_findings: Option<&'a [Finding]>,
    as_code: &'a [CodeNotice],
    would_be_refused: Option<ErrorPayload>,
    plan: &'a Plan,
    report: Option<&'a ApplyReport>,
    history_id: Option<&'a str>,
}

/// How an edit command ends: human closing words, or the single JSON document.
struct Closing<'a> {
    json: bool,
    plan: &'a Plan,
    tenant: Option<&'a TenantReport>,
    /// What Terraform or the Deploy CLI will do, and the code for it (a tenant managed as code).
    as_code: &'a [CodeNotice],
    /// The history entry of an applied change.
    history_id: Option<String>,
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
        let doc = EditDocument {
            id: &plan.connection_id,
            name: &plan.connection_name,
            strategy: &plan.strategy,
            dry_run,
            outcome,
            verified: report.map(|r| r.verified),
            before: &plan.before,
            after: &plan.after,
            added: &plan.added,
            removed: &plan.removed,
            non_persistent_attrs: report.map_or(&plan.before, |r| &r.deny_list),
            other_settings: plan.other_settings,
            other_changes: report
                .map(|r| r.other_changes.as_slice())
                .unwrap_or_default(),
            notes,
            warnings: &plan.warnings,
            tenant_findings: self.tenant.map(|t| t.findings.as_slice()),
            as_code: self.as_code,
            would_be_refused: refused.map(Error::payload),
            plan,
            report,
            history_id: self.history_id.as_deref(),
        };
        let doc = serde_json::to_string(&doc).unwrap_or_default();
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
        return prompt::configuration_values(plan).map(Some);
    }
    Err(
        blocking_problem(plan).unwrap_or_else(|| Error::EncryptedConfiguration {
            connection: plan.connection_name.clone(),
            keys: plan.configuration_keys.clone(),
        }),
    )
}
