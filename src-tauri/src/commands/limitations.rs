//! Limitations panel: what Auth0 documents about the deny list, and what the
//! checks found on the open tenant (kept for the session; refreshed on request).

use crate::state::{AppState, CmdResult};
use denylist_core::checks::cache::is_recent;
use denylist_core::checks::documentation::{Documentation, documented};
use denylist_core::checks::tenant_checks::{TenantReport, check_tenant};
use tauri::State;

#[tauri::command]
pub fn documented_limitations() -> Documentation {
    crate::ipc_log::value("documented_limitations", documented())
}

/// The open tenant's limitation checks: from the session's cache, or run now (`refresh`, or the first time).
#[tauri::command]
pub async fn tenant_findings(state: State<'_, AppState>, refresh: bool) -> CmdResult<TenantReport> {
    crate::ipc_log::reply(
        "tenant_findings",
        async {
            let session = state.session().await?;
            let mut cached = session.findings.lock().await;
            // Kept for ten minutes: every change would otherwise cost the checks' requests again.
            match cached.as_ref() {
                Some(report) if !refresh && is_recent(report) => Ok(report.clone()),
                _ => {
                    let report = check_tenant(&session.client).await;
                    *cached = Some(report.clone());
                    Ok(report)
                }
            }
        }
        .await,
    )
}
