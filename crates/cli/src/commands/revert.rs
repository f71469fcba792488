//! `denylist revert ENTRY`: undo a change from the history through the safe cycle. When the list
//! changed after that change, the three versions are shown and the admin chooses.

use super::Ctx;
use crate::args::{RevertChoiceArg, RunArgs};
use crate::prompt::Answer;
use crate::render::list;
use crate::{Outcome, prompt, render};
use denylist_core::Result;
use denylist_core::change::revert::{RevertChoice, RevertView, prepare};
use denylist_core::local::history::{ChangeSource, HistoryRead};
use denylist_core::tenant::as_code::{for_revert, notices};
use serde_json::json;

pub async fn run(
    ctx: &Ctx<'_>,
    key: &str,
    choose: Option<RevertChoiceArg>,
    args: &RunArgs,
) -> Result<Outcome> {
    let read = match super::history() {
        Some(h) => h.read(&ctx.who.tenant),
        None => HistoryRead::default(),
    };
    let entry = read.find(key)?.clone();
    let (view, connection) = prepare(ctx.client, &entry).await?;
    let (as_code, as_code_undo_only) = for_revert(ctx.managed, &view, &connection);
    ctx.spinner.clear();
    prompt::say(ctx.json, &describe(&view));
    let done = |outcome: &str, human: &str, extra: serde_json::Value| {
        if ctx.json {
            println!(
                "{}",
                json!({"entry": view.entry, "current": view.current, "restore": view.restore,
                       "undo_only": view.undo_only, "changed_since": view.changed_since,
                       "same_either_way": view.same_either_way, "as_code": as_code,
                       "as_code_undo_only": as_code_undo_only,
                       "outcome": outcome, "result": extra})
            );
        } else {
            prompt::say(false, human);
        }
    };
    if view.nothing_to_do {
        done(
            "unchanged",
            "The list already is as it was before that change: nothing to do.\n",
            json!(null),
        );
        return Ok(Outcome::Success);
    }
    // Which version, when the list changed since: from --choose, or asked here.
    let mut prompted = false;
    let choice = match (choose, view.changed_since && !view.same_either_way) {
        (Some(RevertChoiceArg::Restore), _) => Some(RevertChoice::Restore),
        (Some(RevertChoiceArg::UndoOnly), _) => Some(RevertChoice::UndoOnly),
        (None, true) if !(args.yes || args.dry_run || ctx.json) => {
            prompted = true;
            let answer = prompt::ask_line(
                "Write which? [r] the list before that change, [u] only that change undone, [N] nothing: ",
                false,
            )
            .await?
            .unwrap_or_default();
            match answer.trim().to_lowercase().as_str() {
                "r" => Some(RevertChoice::Restore),
                "u" => Some(RevertChoice::UndoOnly),
                _ => {
                    done("declined", "Nothing was changed.\n", json!(null));
                    return Ok(Outcome::Declined);
                }
            }
        }
        (None, _) => None,
    };
    // The core says when a choice is needed and none was made (the hint names --choose).
    let mut plan = view.plan(&connection, choice, None)?;
    if plan.is_noop() {
        done(
            "unchanged",
            "That list is already stored: nothing to do.\n",
            json!(null),
        );
        return Ok(Outcome::Success);
    }
    let mut as_code = String::new();
    render::code_notices(
        &mut as_code,
        &notices(
            ctx.managed,
            &plan.connection_name,
            &plan.strategy,
            &plan.after,
        ),
    );
    prompt::say(ctx.json, &as_code);
    if args.dry_run {
        done(
            "dry_run",
            &format!(
                "Would write: {}\nDry run: nothing was sent.\n",
                list(&plan.after)
            ),
            json!(null),
        );
        return Ok(Outcome::Success);
    }
    let what = format!(
        "Write [{}] to “{}”",
        list(&plan.after),
        plan.connection_name
    );
    let answer = ctx.confirm_write(args, &what).await?;
    let Answer::Given { asked } = answer else {
        done("declined", "Nothing was changed.\n", json!(null));
        return Ok(Outcome::Declined);
    };
    if asked || prompted {
        plan.read_again_before_writing();
    }
    let (report, id) = super::apply_with_record(
        ctx,
        args,
        &plan,
        None,
        ChangeSource::Revert,
        Some(&entry.id),
    )
    .await?;
    ctx.spinner.clear();
    let mut human = render::report(ctx.client.domain(), &report);
    if let Some(id) = &id {
        human.push_str(&format!("Recorded in the history as {id}.\n"));
    }
    done(
        "applied",
        &human,
        json!({"report": report, "history_id": id}),
    );
    Ok(Outcome::Success)
}

fn describe(v: &RevertView) -> String {
    let e = &v.entry;
    let mut out = format!(
        "Change {} on “{}” ({}): [{}] → [{}]\n",
        e.id,
        e.connection_name,
        e.at,
        list(&e.before),
        list(&e.after)
    );
    if v.changed_since && v.same_either_way {
        out.push_str(&format!(
            "The list changed after that change, but both ways of reverting it write the same list ({}): \
             there is nothing to choose.\n",
            list(&v.restore)
        ));
    } else if v.changed_since {
        out.push_str(&format!(
            "The list changed after that change. Three versions:\n  before that change:        [{}]\n  \
             now:                       [{}]\n  now, with only it undone:  [{}]\n",
            list(&v.restore),
            list(&v.current),
            list(&v.undo_only)
        ));
    } else {
        for f in &v.restore_removes {
            out.push_str(&format!("note: {}.\n", f.message));
        }
    }
    out
}
