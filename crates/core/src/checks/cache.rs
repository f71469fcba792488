//! Tenant checks cost requests and change rarely: their findings are kept for a while — in
//! memory in the app, in a small file in the cache folder for the command line — and run again
//! on demand (`check`, the panel's Refresh) or once they are older than [`KEEP_FOR`]. The file holds
//! findings only: never a secret, never a connection's settings.

use crate::auth0::ManagementClient;
use crate::checks::tenant_checks::{TenantReport, check_tenant};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const KEEP_FOR: Duration = Duration::from_secs(10 * 60);

/// Whether a report is recent enough to stand for the tenant as it is now.
pub fn is_recent(report: &TenantReport) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    now.saturating_sub(report.checked_at) < KEEP_FOR.as_secs()
}

/// The tenant checks' findings, one small file per tenant and application, in `dir`.
pub struct ReportFile {
    dir: PathBuf,
}

impl ReportFile {
    pub fn in_dir(dir: PathBuf) -> ReportFile {
        ReportFile { dir }
    }

    fn path(&self, client: &ManagementClient) -> PathBuf {
        let name = crate::local::files::file_name(&client.identity());
        self.dir.join(format!("checks-{name}.json"))
    }

    /// The last report for this client's tenant and application, if recent.
    pub fn load(&self, client: &ManagementClient) -> Option<TenantReport> {
        let bytes = crate::local::files::read_private(&self.path(client)).ok()?;
        let v: Value = serde_json::from_slice(&bytes).ok()?;
        if v.get("identity")?.as_str()? != client.identity() {
            return None;
        }
        let report: TenantReport = serde_json::from_value(v.get("report")?.clone()).ok()?;
        is_recent(&report).then_some(report)
    }

    /// Keep a report (best effort: a cache that cannot be written only costs requests later).
    pub fn store(&self, client: &ManagementClient, report: &TenantReport) {
        let doc = json!({"version": 1, "identity": client.identity(), "report": report});
        let _ = crate::local::files::write_private_atomic(
            &self.path(client),
            doc.to_string().as_bytes(),
        );
    }
}

/// The tenant checks: from `file` when recent (and not `refresh`), else run now and kept.
pub async fn checks(
    client: &ManagementClient,
    file: Option<&ReportFile>,
    refresh: bool,
) -> TenantReport {
    if !refresh && let Some(kept) = file.and_then(|f| f.load(client)) {
        return kept;
    }
    let report = check_tenant(client).await;
    if let Some(f) = file {
        f.store(client, &report);
    }
    report
}
