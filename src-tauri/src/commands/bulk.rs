//! Bulk screen: a dry run over the chosen connections (or a sync from a compared tenant), then the
//! run, paced by the rate limit, with `bulk-progress` events and Cancel between connections.

use crate::state::{AppState, CmdResult, PendingBulk, Session};
use crate::views::BulkPlanView;
use denylist_core::local::history::ChangeSource;
use denylist_core::tenant::bulk::{BulkPlan, BulkReport, Recorder, Selection, dry_run, run};
use denylist_core::tenant::policy::sync_plan;
use denylist_core::{Edit, Error};
use std::sync::atomic::Ordering;
use tauri::{AppHandle, State};

fn stale() -> Error {
    Error::InvalidInput("This dry run is out of date: make it again.".into())
}

/// Keep the dry run for `bulk_run` and describe it.
fn hold(
    state: &AppState,
    session: &Session,
    plan: BulkPlan,
    source: ChangeSource,
    source_tenant: Option<String>,
) -> BulkPlanView {
    let view = BulkPlanView {
        plan_id: plan.run.clone(),
        to_change: plan.to_change(),
        requests: plan.requests(),
        production: session.production(),
        tenant_name: session.domain.tenant_name().to_string(),
        source_tenant,
        plan: plan.clone(),
    };
    *state.bulk.lock().unwrap_or_else(|p| p.into_inner()) = Some(PendingBulk {
        profile_id: session.profile.id.clone(),
        plan,
        source,
    });
    view
}

/// What one edit would do to each chosen connection (one listing; nothing is written).
#[tauri::command]
pub async fn bulk_dry_run(
    state: State<'_, AppState>,
    selection: Selection,
    edit: Edit,
) -> CmdResult<BulkPlanView> {
    crate::ipc_log::reply(
        "bulk_dry_run",
        async {
            let session = state.session().await?;
            let plan = dry_run(&session.client, &selection, &edit).await?;
            Ok(hold(&state, &session, plan, ChangeSource::Bulk, None))
        }
        .await,
    )
}

/// The dry run that makes the open tenant match a compared tenant, for the named connections.
#[tauri::command]
pub async fn sync_dry_run(
    state: State<'_, AppState>,
    source_profile_id: String,
    connections: Vec<String>,
) -> CmdResult<BulkPlanView> {
    crate::ipc_log::reply(
        "sync_dry_run",
        async {
            let session = state.session().await?;
            if source_profile_id == session.profile.id {
                return Err(Error::InvalidInput(
                    "Choose another tenant to copy from: this one is already open.".into(),
                )
                .into());
            }
            let (from, source) = state
                .policies
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&source_profile_id)
                .cloned()
                .ok_or_else(|| Error::InvalidInput("Compare the tenants again first.".into()))?;
            let plan = sync_plan(&session.client, &source, Some(&connections)).await?;
            Ok(hold(&state, &session, plan, ChangeSource::Sync, Some(from)))
        }
        .await,
    )
}

/// Run the dry run shown. Production tenants need their name typed. Progress goes to the window
/// as `bulk-progress`; `bulk_cancel` stops between connections.
#[tauri::command]
pub async fn bulk_run(
    app: AppHandle,
    state: State<'_, AppState>,
    plan_id: String,
    confirm_tenant: Option<String>,
) -> CmdResult<BulkReport> {
    crate::ipc_log::reply(
        "bulk_run",
        async {
            let session = state.session().await?;
            // Checked before the dry run is taken: a mistyped name keeps it for another try.
            session.confirm_write(confirm_tenant.as_deref())?;
            let pending = {
                let mut held = state.bulk.lock().unwrap_or_else(|p| p.into_inner());
                match held.take() {
                    // Only the dry run shown, made for this tenant (not one the admin left).
                    Some(p) if p.plan.run == plan_id && p.profile_id == session.profile.id => p,
                    other => {
                        *held = other;
                        return Err(stale().into());
                    }
                }
            };
            state.bulk_cancel.store(false, Ordering::SeqCst);
            let history = session.history();
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
                &mut |p| crate::ipc_log::emit(&app, "bulk-progress", p),
            )
            .await;
            if history.is_none() && report.counts.changed > 0 {
                report.history_problems.push(
                    "There is no home folder, so these changes were not recorded in the history."
                        .into(),
                );
            }
            Ok(report)
        }
        .await,
    )
}

/// Stop the bulk run after the connection in hand.
#[tauri::command]
pub fn bulk_cancel(state: State<'_, AppState>) {
    state.bulk_cancel.store(true, Ordering::SeqCst);
}
