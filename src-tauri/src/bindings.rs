//! TypeScript bindings for the UI, generated from the Rust types with ts-rs.
//! `tests/bindings.rs` fails when the committed files in ui/src/lib/bindings/
//! are stale; run it with UPDATE_BINDINGS=1 to regenerate them.

use std::path::Path;
use ts_rs::{Config, ExportError, TS};

/// Write every type the UI uses (and the types they depend on) into `dir`.
pub fn export(dir: &Path) -> Result<(), ExportError> {
    // Counts and Unix times fit a JavaScript number.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    denylist_core::ErrorPayload::export_all(&cfg)?;
    denylist_core::ConnectionSummary::export_all(&cfg)?;
    denylist_core::ConnectionDetail::export_all(&cfg)?;
    denylist_core::Edit::export_all(&cfg)?;
    denylist_core::ApplyReport::export_all(&cfg)?;
    denylist_core::checks::findings::AttributeCheck::export_all(&cfg)?;
    denylist_core::checks::findings::AttributeContext::export_all(&cfg)?;
    denylist_core::checks::stored_values::StoredValues::export_all(&cfg)?;
    denylist_core::checks::tenant_checks::TenantReport::export_all(&cfg)?;
    denylist_core::checks::access::AccessReport::export_all(&cfg)?;
    denylist_core::checks::documentation::Documentation::export_all(&cfg)?;
    denylist_profiles::ProfileInput::export_all(&cfg)?;
    crate::views::ProfilesOverview::export_all(&cfg)?;
    crate::views::SessionView::export_all(&cfg)?;
    crate::views::PlanView::export_all(&cfg)?;
    crate::views::ProgressView::export_all(&cfg)?;
    crate::views::ConnectionsPage::export_all(&cfg)?;
    crate::views::AppliedView::export_all(&cfg)?;
    crate::views::HistoryView::export_all(&cfg)?;
    crate::views::BulkPlanView::export_all(&cfg)?;
    crate::views::ComparisonView::export_all(&cfg)?;
    denylist_core::change::revert::RevertView::export_all(&cfg)?;
    denylist_core::change::revert::RevertChoice::export_all(&cfg)?;
    denylist_core::tenant::bulk::Selection::export_all(&cfg)?;
    denylist_core::tenant::bulk::BulkReport::export_all(&cfg)?;
    denylist_core::model::known_names::Typo::export_all(&cfg)?;
    denylist_core::tenant::bulk::BulkProgress::export_all(&cfg)?;
    Ok(())
}
