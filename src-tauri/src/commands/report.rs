//! The evidence report from the window: the file is chosen first in a native dialog (a Cancel
//! costs no request), then each chosen tenant is read with progress, and the report written
//! there — an HTML or PDF report with its JSON data beside it, whose SHA-256 its footer prints.

use super::Cx;
use super::compare::client_of_profile;
use crate::state::{CmdResult, blocking};
use crate::views::{ReportProgress, ReportSaved};
use denylist_core::report::ReportFormat;
use denylist_core::report::evidence::{TenantSource, check_day, report, tenant_evidence};
use denylist_core::report::html::to_html;
use denylist_core::{Error, ErrorCode, ErrorPayload};
use denylist_profiles::ProfileFile;
use tauri_plugin_dialog::DialogExt;

/// Make the evidence report of these saved tenants (changes since `since`, a day) as `format`.
pub async fn make_report(
    cx: &Cx,
    profile_ids: Vec<String>,
    since: Option<String>,
    format: ReportFormat,
) -> CmdResult<ReportSaved> {
    if profile_ids.is_empty() {
        return Err(
            Error::InvalidInput("Choose at least one tenant for the report.".into()).into(),
        );
    }
    if let Some(day) = &since {
        check_day(day)?;
    }
    let day = denylist_core::local::ids::day_of(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs(),
    );
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = cx
        .app
        .dialog()
        .file()
        .set_title("Save the evidence report")
        .set_file_name(format!("deny-list-evidence-{day}.{}", format.extension()))
        .add_filter(
            match format {
                ReportFormat::Html => "Web page (HTML)",
                ReportFormat::Pdf => "PDF document",
                ReportFormat::Json => "JSON data",
            },
            &[format.extension()],
        )
        .set_parent(&cx.window);
    if let Some(home) = std::env::var_os("HOME") {
        dialog = dialog.set_directory(home);
    }
    dialog.save_file(move |path| {
        let _ = tx.send(path);
    });
    let chosen = rx.await.ok().flatten().ok_or_else(|| ErrorPayload {
        code: ErrorCode::Cancelled,
        message: "No file was chosen: nothing was read or saved.".into(),
    })?;
    let path = chosen.into_path().map_err(|_| ErrorPayload {
        code: ErrorCode::InvalidInput,
        message: "That is not a file on this computer.".into(),
    })?;

    let state = cx.state();
    let open = state.session.read().await.clone();
    let history = ProfileFile::history_dir().map(denylist_core::local::history::History::in_dir);
    let mut tenants = Vec::new();
    for id in &profile_ids {
        let (profile, client) = client_of_profile(cx, open.as_deref(), id).await?;
        // The demo's history lives with its run, apart from real tenants'.
        let history = match &open {
            Some(s) if s.profile.id == *id => s.history(),
            _ => history.clone(),
        };
        let source = TenantSource {
            name: profile.name.clone(),
            environment: Some(profile.environment.label().to_string()),
            client: &client,
            history: history.as_ref(),
        };
        let mut say = |text: &str| {
            cx.emit(
                "report-progress",
                ReportProgress {
                    text: text.to_string(),
                },
            )
        };
        tenants.push(tenant_evidence(&source, since.as_deref(), &mut say).await?);
    }
    let report = report(tenants, since.as_deref());
    let sha256 = report.sha256();
    let summary = report.summary.clone();
    let count = report.tenants.len();
    let written = blocking(move || {
        let json = report.to_json();
        let bytes = match format {
            ReportFormat::Json => json.clone().into_bytes(),
            ReportFormat::Html => to_html(&report).into_bytes(),
            ReportFormat::Pdf => denylist_pdf::render(&report, denylist_pdf::PaperSize::A4)
                .map_err(|e| Error::ReportFailed(format!("The PDF could not be made: {e}")))?,
        };
        let fail = |p: &std::path::Path, e: std::io::Error| {
            Error::ReportFailed(format!("Could not write {}: {e}", p.display()))
        };
        std::fs::write(&path, bytes).map_err(|e| fail(&path, e))?;
        let data = (format != ReportFormat::Json).then(|| path.with_extension("json"));
        if let Some(d) = &data {
            std::fs::write(d, json).map_err(|e| fail(d, e))?;
        }
        Ok((path, data))
    })
    .await?;
    Ok(ReportSaved {
        path: written.0.display().to_string(),
        data_path: written.1.map(|d| d.display().to_string()),
        sha256,
        tenants: count,
        summary,
    })
}
