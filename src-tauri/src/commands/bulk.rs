//! Bulk screen: a dry run over the chosen connections (or a sync from a compared tenant), then the
//! run, paced by the rate limit, with `bulk-progress` events and Cancel between connections.

use super::Cx;
use crate::state::{CmdResult, Held, PendingBulk, Session, lock};
use crate::views::{BulkPlanView, BulkReportView, CountProgress, StatusLabel};
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::as_code::for_bulk;
use denylist_core::tenant::bulk::{
    BulkPlan, RUNNING, Recorder, Selection, dry_run, note_interrupted, run,
};
use denylist_core::tenant::bulk_stored::{AUTOMATIC_SEARCHES, BulkStored, count_across, searches};
use denylist_core::tenant::policy::sync_plan;
use denylist_core::{Edit, Error};
use std::sync::atomic::Ordering;

fn stale() -> Error {
    Error::InvalidInput("This dry run is out of date: make it again.".into())
}

/// Keep the dry run for `bulk_run` and describe it.
fn hold(
    cx: &Cx,
    session: &Session,
    plan: BulkPlan,
    source: ChangeSource,
    source_tenant: Option<String>,
) -> BulkPlanView {
    let view = BulkPlanView {
        plan_id: plan.run.clone(),
        to_change: plan.to_change(),
        requests: plan.requests(),
        already_as_asked: plan.already_as_asked(),
        skipped: plan.skipped(),
        counts_line: plan.counts_line(),
        finding_groups: plan.finding_groups(),
        code_notices: for_bulk(session.profile.managed_as_code, &plan),
        stored_searches: searches(&plan).len(),
        stored_automatic: AUTOMATIC_SEARCHES,
        production: session.production(),
        tenant_name: session.domain.tenant_name().to_string(),
        source_tenant,
        pace: plan.pace(),
        running: RUNNING,
        labels: StatusLabel::all(),
        plan: plan.clone(),
    };
    let id = plan.run.clone();
    Held::put(&cx.state().bulk, session, id, PendingBulk { plan, source });
    view
}

/// What one edit would do to each chosen connection (one listing; nothing is written).
pub async fn bulk_dry_run(cx: &Cx, selection: Selection, edit: Edit) -> CmdResult<BulkPlanView> {
    let session = cx.state().session().await?;
    let mut plan = dry_run(&session.client, &selection, &edit).await?;
    if let Some(history) = session.history() {
        note_interrupted(&mut plan, &history.read(&session.who().tenant));
    }
    Ok(hold(cx, &session, plan, ChangeSource::Bulk, None))
}

/// The dry run that makes the open tenant match a compared tenant, for the named connections.
pub async fn sync_dry_run(
    cx: &Cx,
    source_profile_id: String,
    connections: Vec<String>,
) -> CmdResult<BulkPlanView> {
    let state = cx.state();
    let session = state.session().await?;
    if source_profile_id == session.profile.id {
        return Err(Error::InvalidInput(
            "Choose another tenant to copy from: this one is already open.".into(),
        )
        .into());
    }
    let (from, source) = lock(&state.policies)
        .get(&source_profile_id)
        .cloned()
        .ok_or_else(|| Error::InvalidInput("Compare the tenants again first.".into()))?;
    let plan = sync_plan(&session.client, &source, Some(&connections)).await?;
    Ok(hold(cx, &session, plan, ChangeSource::Sync, Some(from)))
}

/// Run the dry run shown. Production tenants need their name typed. Progress goes to the window
/// as `bulk-progress`; `bulk_cancel` stops between connections.
pub async fn bulk_run(
    cx: &Cx,
    plan_id: String,
    confirm_tenant: Option<String>,
    without_history: bool,
) -> CmdResult<BulkReportView> {
    let state = cx.state();
    let session = state.session().await?;
    // Checked before the dry run is taken: a mistyped name keeps it for another try.
    session.confirm_write(confirm_tenant.as_deref())?;
    // Only the dry run shown, made for this tenant (not one the admin left); asked about before
    // it is taken, so a Cancel in the native dialog keeps it for another try.
    let shown = Held::get(&state.bulk, &session, &plan_id).ok_or_else(stale)?;
    crate::confirm::production_write(cx, &session, &summary(&shown), "Run the change").await?;
    // Nothing runs without its record, unless the admin chose so.
    let history = session.chosen_history(without_history)?;
    let pending = Held::take(&state.bulk, &session, &plan_id).ok_or_else(stale)?;
    state.bulk_cancel.store(false, Ordering::SeqCst);
    let who = session.who();
    let recorder = history.as_ref().map(|h| Recorder {
        history: h,
        who: &who,
        source: pending.source,
    });
    let mut report = run(
        &session.client,
        &pending.plan,
        recorder.as_ref(),
        &state.bulk_cancel,
        &mut |p| cx.emit("bulk-progress", p),
    )
    .await;
    for r in &report.items {
        if let Some(after) = &r.after {
            session.note_list(&r.connection_id, after);
        }
    }
    if history.is_none() && report.counts.changed > 0 {
        report.history_problems.push(
            "You chose to go on without a record: these changes are not in the history.".into(),
        );
    }
    Ok(report.into())
}

/// A bulk run or a sync in one paragraph, for the native confirmation.
fn summary(pending: &PendingBulk) -> String {
    let plan = &pending.plan;
    let n = plan.to_change();
    let connections = if n == 1 { "connection" } else { "connections" };
    let what = match (pending.source, plan.items.iter().find(|i| i.skip.is_none())) {
        (ChangeSource::Sync, _) => {
            format!("Make the deny lists of {n} {connections} match the compared tenant's.")
        }
        (_, Some(item)) => format!(
            "Change the deny lists of {n} {connections}: {}.",
            item.edit.describe()
        ),
        (_, None) => format!("Change the deny lists of {n} {connections}."),
    };
    format!("{what} {}", plan.pace())
}

/// Stop the bulk run after the connection in hand.
/// Count, over the connections the dry run changes, the users who still have each attribute it
/// adds stored: one search each, paced; `stored-progress` after each; `bulk_cancel` stops it.
pub async fn bulk_count_stored(cx: &Cx, plan_id: String) -> CmdResult<BulkStored> {
    let state = cx.state();
    let session = state.session().await?;
    let pending = Held::get(&state.bulk, &session, &plan_id).ok_or_else(stale)?;
    state.bulk_cancel.store(false, Ordering::SeqCst);
    Ok(count_across(
        &session.client,
        &pending.plan,
        &state.bulk_cancel,
        &mut |done, total| cx.emit("stored-progress", CountProgress { done, total }),
    )
    .await)
}

pub async fn bulk_cancel(cx: &Cx) -> CmdResult<()> {
    cx.state().bulk_cancel.store(true, Ordering::SeqCst);
    Ok(())
}
