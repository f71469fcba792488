//! `denylist bulk add|remove|set|clear (--all | --strategy S | --connections FILE) ATTR…`:
//! a dry run over the selected connections, then — confirmed — the run: paced by the rate limit,
//! a bar with time left on a terminal, Ctrl-C stopping cleanly between connections, and a
//! per-connection report. `policy apply` ends here too.

use super::Ctx;
use crate::args::{BulkCommand, RunArgs, SelectArgs};
use crate::prompt::Answer;
use crate::render;
use crate::{Outcome, prompt, term};
use denylist_core::checks::cache::{ReportFile, checks};
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::as_code::for_bulk;
use denylist_core::tenant::bulk::{
    BulkOutcome, BulkPlan, Recorder, Selection, dry_run, note_interrupted, run as run_bulk,
};
use denylist_core::{Edit, Error, Result};
use denylist_profiles::ProfileFile;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub async fn run(ctx: &Ctx<'_>, command: &BulkCommand) -> Result<Outcome> {
    let (edit, select, args) = match command {
        BulkCommand::Add {
            attributes,
            select,
            run,
        } => (Edit::Add(attributes.clone()), select, run),
        BulkCommand::Remove {
            attributes,
            select,
            run,
        } => (Edit::Remove(attributes.clone()), select, run),
        BulkCommand::Set {
            attributes,
            select,
            run,
        } => (Edit::Set(attributes.clone()), select, run),
        BulkCommand::Clear { select, run } => (Edit::Clear, select, run),
    };
    let selection = selection(select)?;
    let mut plan = dry_run(ctx.client, &selection, &edit).await?;
    if let Some(history) = super::history() {
        note_interrupted(&mut plan, &history.read(&ctx.client.domain().to_string()));
    }
    execute(ctx, &plan, args, ChangeSource::Bulk).await
}

fn selection(select: &SelectArgs) -> Result<Selection> {
    if select.all {
        return Ok(Selection::All);
    }
    if !select.strategy.is_empty() {
        return Ok(Selection::Strategies(select.strategy.clone()));
    }
    let Some(path) = &select.connections else {
        return Err(Error::InvalidInput(
            "Choose connections: --all, --strategy S or --connections FILE.".into(),
        ));
    };
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| Error::InvalidInput(format!("Could not read {}: {e}", path.display())))?;
    let keys: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if keys.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{} names no connection (one name or id per line).",
            path.display()
        )));
    }
    Ok(Selection::Connections(keys))
}

/// Show the dry run; unless it is only that, confirm and run it, then report.
pub async fn execute(
    ctx: &Ctx<'_>,
    plan: &BulkPlan,
    args: &RunArgs,
    source: ChangeSource,
) -> Result<Outcome> {
    let to_change = plan.to_change();
    // What weakens deny lists tenant-wide, when the run adds attributes (as for a single edit):
    // kept for ten minutes; a --yes run shows them only if already known.
    let adds = plan.items.iter().any(|i| {
        i.skip.is_none()
            && i.after
                .iter()
                .flatten()
                .any(|a| !i.before.iter().flatten().any(|b| b == a))
    });
    let file = ProfileFile::cache_dir().map(ReportFile::in_dir);
    let tenant = match (adds, args.yes && !args.dry_run) {
        (false, _) => None,
        (true, true) => file.as_ref().and_then(|f| f.load(ctx.client)),
        (true, false) => Some(checks(ctx.client, file.as_ref(), false).await),
    };
    let as_code = for_bulk(ctx.managed, plan);
    let finding_groups = plan.finding_groups();
    ctx.spinner.clear();
    let mut shown = render::bulk_plan(plan, tenant.as_ref());
    render::code_notices(&mut shown, &as_code);
    prompt::say(ctx.json, &shown);
    let tenant_findings = tenant.as_ref().map(|t| t.findings.as_slice());
    if args.dry_run || to_change == 0 {
        if ctx.json {
            println!(
                "{}",
                json!({"dry_run": true, "plan": plan, "finding_groups": finding_groups,
                       "tenant_findings": tenant_findings, "as_code": as_code})
            );
        } else {
            term::out!(
                "{}",
                if to_change == 0 {
                    "Nothing to change.\n"
                } else {
                    "Dry run: nothing was sent.\n"
                }
            );
        }
        return Ok(Outcome::Success);
    }
    let what = format!(
        "Change the deny lists of {to_change} connection{}",
        render::plural(to_change)
    );
    let answer = ctx.confirm_write(args, &what).await?;
    // Each connection is read again just before its write, asked or not.
    if answer == Answer::Declined {
        if ctx.json {
            println!(
                "{}",
                json!({"dry_run": false, "outcome": "declined", "plan": plan})
            );
        } else {
            term::out!("Nothing was changed.\n");
        }
        return Ok(Outcome::Declined);
    }
    // Ctrl-C: finish the connection in hand, leave the rest untouched, and report.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let watcher = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::SeqCst);
            term::errln!("\nStopping after the current connection…");
        }
    });
    let history = super::chosen_history(args)?;
    let recorder = history.as_ref().map(|h| Recorder {
        history: h,
        who: ctx.who,
        source,
    });
    let report = {
        let bar = ctx.spinner.bulk_bar(to_change);
        run_bulk(ctx.client, plan, recorder.as_ref(), &cancel, &mut |p| {
            bar.update(&p)
        })
        .await
    };
    watcher.abort();
    if history.is_none() && report.counts.changed > 0 {
        term::errln!("note: --without-history: these changes were not recorded in the history.");
    }
    for problem in &report.history_problems {
        term::errln!("warning: {problem}");
    }
    if ctx.json {
        println!(
            "{}",
            json!({"dry_run": false, "outcome": report.outcome, "report": report})
        );
    } else {
        term::out!("{}", render::bulk_report(&report));
    }
    Ok(match report.outcome {
        BulkOutcome::Done => Outcome::Success,
        _ => Outcome::Incomplete,
    })
}
