//! Limitations panel: what Auth0 documents about the deny list, and what the
//! checks found on the open tenant (kept for the session; refreshed on request).

use super::Cx;
use crate::state::CmdResult;
use denylist_core::checks::cache::is_recent;
use denylist_core::checks::documentation::{Documentation, documented};
use denylist_core::checks::tenant_checks::{TenantReport, check_tenant};

pub async fn documented_limitations(_cx: &Cx) -> CmdResult<Documentation> {
    Ok(documented())
}

/// The open tenant's limitation checks: from the session's cache, or run now (`refresh`, or the first time).
pub async fn tenant_findings(cx: &Cx, refresh: bool) -> CmdResult<TenantReport> {
    let session = cx.state().session().await?;
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
