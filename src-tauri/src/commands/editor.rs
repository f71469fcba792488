//! Deny list editor and review: check attributes as they are typed, plan an
//! edit, apply a reviewed plan.

use crate::state::{AppState, CmdResult, PendingEdit};
use crate::views::{AppliedView, PlanView};
use denylist_core::checks::findings::{AttributeCheck, AttributeContext, check_attribute as check};
use denylist_core::checks::stored_values::{StoredValues, count_stored as count};
use denylist_core::local::history::ChangeSource;
use denylist_core::local::ids::new_id;
use denylist_core::{ConfigurationValues, Edit, Error, Plan, Secret, apply, plan};
use std::collections::HashMap;
use tauri::State;

/// Check one attribute as typed, against the connection's kind, the list as the admin has it, and
/// the names it is likely to be.
#[tauri::command]
pub fn check_attribute(input: String, context: AttributeContext) -> AttributeCheck {
    crate::ipc_log::value("check_attribute", check(&input, &context))
}

/// How many users of the connection still have the attributes a reviewed plan adds stored. The
/// plan's own read of the connection is used: no second read.
#[tauri::command]
pub async fn count_stored(state: State<'_, AppState>, plan_id: String) -> CmdResult<StoredValues> {
    crate::ipc_log::reply(
        "count_stored",
        async {
            let session = state.session().await?;
            let (_, plan) = held_plan(&state, &plan_id)?;
            let connection = match plan.read() {
                Some(c) => c.clone(),
                None => session.client.get_connection(&plan.connection_id).await?,
            };
            Ok(count(&session.client, &connection, &plan.added).await)
        }
        .await,
    )
}

/// Read the connection fresh and work out the change; the plan waits in the app for `apply_plan`,
/// tied to the tenant it was made for.
#[tauri::command]
pub async fn plan_edit(
    state: State<'_, AppState>,
    connection_id: String,
    edit: Edit,
) -> CmdResult<PlanView> {
    crate::ipc_log::reply(
        "plan_edit",
        async {
            let session = state.session().await?;
            let connection = session.client.get_connection(&connection_id).await?;
            let plan = plan(&connection, &edit)?;
            let plan_id = format!("plan_{}", new_id());
            *state.edit.lock().unwrap_or_else(|p| p.into_inner()) = Some(PendingEdit {
                profile_id: session.profile.id.clone(),
                plan_id: plan_id.clone(),
                plan: plan.clone(),
            });
            Ok(PlanView {
                plan_id,
                plan,
                production: session.production(),
                tenant_name: session.domain.tenant_name().to_string(),
            })
        }
        .await,
    )
}

/// Apply a reviewed plan and record it in the history. Production tenants need their name typed;
/// custom databases their configuration values.
#[tauri::command]
pub async fn apply_plan(
    state: State<'_, AppState>,
    plan_id: String,
    confirm_tenant: Option<String>,
    configuration: Option<HashMap<String, String>>,
) -> CmdResult<AppliedView> {
    crate::ipc_log::reply(
        "apply_plan",
        async {
            let session = state.session().await?;
            let (tenant, plan) = held_plan(&state, &plan_id)?;
            // A plan made for another tenant (the admin switched meanwhile) is never applied here.
            if tenant != session.profile.id {
                return Err(stale_review().into());
            }
            session.confirm_write(confirm_tenant.as_deref())?;
            let configuration: Option<ConfigurationValues> = configuration.map(|values| {
                values
                    .into_iter()
                    .map(|(k, v)| (k, Secret::new(v)))
                    .collect()
            });
            let report = apply(&session.client, &plan, configuration.as_ref()).await?;
            let mut held = state.edit.lock().unwrap_or_else(|p| p.into_inner());
            if held.as_ref().is_some_and(|p| p.plan_id == plan_id) {
                *held = None;
            }
            drop(held);
            let recorded = session.record(&plan, &report, ChangeSource::Edit, None);
            Ok(AppliedView { report, recorded })
        }
        .await,
    )
}

fn stale_review() -> Error {
    Error::InvalidInput("This review is out of date: review the change again.".into())
}

/// The reviewed plan the app holds, with the profile (tenant) it was made for.
fn held_plan(state: &AppState, plan_id: &str) -> Result<(String, Plan), Error> {
    state
        .edit
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .filter(|p| p.plan_id == plan_id)
        .map(|p| (p.profile_id.clone(), p.plan.clone()))
        .ok_or_else(stale_review)
}
