//! `denylist bulk add|remove|set|clear (--all | --strategy S | --connections FILE) ATTR…`:
//! a dry run over the selected connections, then — confirmed — the run: paced by the rate limit,
//! a bar with time left on a terminal, Ctrl-C stopping cleanly between connections, and a
//! per-connection report. `policy apply` ends here too.

use super::Ctx;
use crate::args::{BulkCommand, RunArgs, SelectArgs};
use crate::prompt::Answer;
use crate::render::list;
use crate::{Outcome, prompt, term};
use denylist_core::bulk::{
    BulkOutcome, BulkPlan, BulkReport, BulkStatus, Recorder, Selection, dry_run, run as run_bulk,
};
use denylist_core::history::ChangeSource;
use denylist_core::{Edit, Error, Result};
use serde_json::json;
use std::fmt::Write;
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
    let plan = dry_run(ctx.client, &selection, &edit).await?;
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
    ctx.spinner.clear();
    prompt::say(ctx.json, &dry_run_text(plan));
    let to_change = plan.to_change();
    if args.dry_run || to_change == 0 {
        if ctx.json {
            println!("{}", json!({"dry_run": true, "plan": plan}));
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
        plural(to_change)
    );
    let answer = prompt::confirm_write(
        ctx.client.domain(),
        ctx.production.is_some(),
        args.yes,
        args.confirm_tenant.as_deref(),
        &what,
        ctx.json,
    )
    .await?;
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
    let history = super::history();
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
        term::errln!("note: no home folder, so these changes were not recorded in the history.");
    }
    for problem in &report.history_problems {
        term::errln!("warning: changed but not recorded in the history: {problem}");
    }
    if ctx.json {
        println!(
            "{}",
            json!({"dry_run": false, "outcome": report.outcome, "report": report})
        );
    } else {
        term::out!("{}", report_text(&report));
    }
    Ok(match report.outcome {
        BulkOutcome::Done => Outcome::Success,
        _ => Outcome::Incomplete,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn dry_run_text(plan: &BulkPlan) -> String {
    let mut out = String::new();
    let width = plan
        .items
        .iter()
        .map(|i| i.connection_name.chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
    let _ = writeln!(out, "{:width$}  NOW → AFTER", "CONNECTION");
    for i in &plan.items {
        let line = match i.skip {
            Some(reason) => format!("skipped: {}", reason.describe()),
            None => format!(
                "[{}] → [{}]",
                list(i.before.as_deref().unwrap_or_default()),
                list(i.after.as_deref().unwrap_or_default())
            ),
        };
        let _ = writeln!(out, "{:width$}  {line}", i.connection_name);
    }
    for typo in &plan.typos {
        let _ = writeln!(out, "\nwarning: {}", typo.message);
    }
    let skipped = plan.items.len() - plan.to_change();
    let _ = writeln!(
        out,
        "\n{} to change, {skipped} skipped ({} requests: a read and a write each, paced by Auth0's rate limit).",
        plan.to_change(),
        plan.requests()
    );
    out
}

fn report_text(r: &BulkReport) -> String {
    let mut out = String::new();
    for i in &r.items {
        let line = match i.status {
            BulkStatus::Changed => format!(
                "changed: [{}] → [{}]{}",
                list(i.before.as_deref().unwrap_or_default()),
                list(i.after.as_deref().unwrap_or_default()),
                i.history_id
                    .as_deref()
                    .map(|h| format!(" (history {h})"))
                    .unwrap_or_default()
            ),
            BulkStatus::Unchanged => "unchanged: already as asked".into(),
            BulkStatus::Skipped => {
                format!("skipped: {}", i.skip.map(|s| s.describe()).unwrap_or(""))
            }
            BulkStatus::Failed => format!(
                "FAILED: {}",
                i.error
                    .as_ref()
                    .map(|e| e.message.as_str())
                    .unwrap_or("unknown error")
            ),
            BulkStatus::NotRun => "not run: untouched".into(),
        };
        let _ = writeln!(out, "{}: {line}", i.connection_name);
        for note in &i.notes {
            let _ = writeln!(out, "    {note}");
        }
    }
    let c = &r.counts;
    let _ = writeln!(
        out,
        "\n{}: {} changed, {} unchanged, {} skipped, {} failed{} in {:.0} s.",
        match (&r.stopped, r.cancelled) {
            (Some(_), _) => "Stopped",
            (None, true) => "Cancelled",
            (None, false) => "Done",
        },
        c.changed,
        c.unchanged,
        c.skipped,
        c.failed,
        if c.not_run > 0 {
            format!(", {} not run", c.not_run)
        } else {
            String::new()
        },
        r.seconds
    );
    if let Some(why) = &r.stopped {
        let _ = writeln!(out, "Stopped early: {why}");
    }
    out
}
