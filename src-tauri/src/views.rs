//! Shapes the UI receives that exist only for the app (the core's own types
//! are sent as they are). All are exported to TypeScript (see `bindings`).

use denylist_core::ConnectionDetail;
use denylist_core::change::draft::{Draft, Rebased};
use denylist_core::change::revert::RevertView;
use denylist_core::progress::Progress;
use denylist_core::tenant::as_code::CodeNotice;
use denylist_core::tenant::bulk::{BulkPlan, BulkReport, BulkStatus, FindingGroup};
use denylist_core::tenant::policy::{Cell, ComparisonRow, RowStatus};
use denylist_core::tenant::tenant_logs::ChangeRecord;
use denylist_core::{ApplyReport, Plan};
use denylist_profiles::{Environment, Profile, ProfileView};
use serde::Serialize;
use ts_rs::TS;

/// Saved profiles at start: which to restore, and any notice about the profiles file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProfilesOverview {
    pub profiles: Vec<ProfileView>,
    pub last_profile_id: Option<String>,
    pub notice: Option<String>,
    /// Set when the system keyring cannot be used (secrets can then be kept for this session only).
    pub keyring_problem: Option<String>,
    pub default_colors: DefaultColors,
}

/// The colour each environment gets unless the admin picks one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DefaultColors {
    pub development: String,
    pub staging: String,
    pub production: String,
}

impl Default for DefaultColors {
    fn default() -> DefaultColors {
        DefaultColors {
            development: Environment::Development.default_color().into(),
            staging: Environment::Staging.default_color().into(),
            production: Environment::Production.default_color().into(),
        }
    }
}

/// The tenant the app is working on.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionView {
    pub profile: Profile,
    pub production: bool,
    /// Its key or pasted token runs out soon (or has): said before any write.
    pub expiry: Option<String>,
    /// What to type to confirm a write to production (`acme` for acme.us.auth0.com).
    pub tenant_name: String,
    /// Changes a crash interrupted, settled as the tenant was opened, in plain words.
    pub settled: Vec<String>,
}

/// The editor's connection, with the draft to edit: a kept draft carried over to the list as it
/// is now (and how), or a new one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EditorView {
    pub detail: ConnectionDetail,
    pub draft: Draft,
    pub rebased: Option<Rebased>,
}

/// A reviewed change, held by the app until it is applied.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanView {
    pub plan_id: String,
    pub plan: Plan,
    /// What the write keeps, in plain words.
    pub kept: String,
    pub production: bool,
    pub tenant_name: String,
    /// What the next run of the tool this tenant is managed with does to the list, and the code
    /// to put in place (empty when managed by hand).
    pub code_notices: Vec<CodeNotice>,
}

/// Progress of long work, sent as the `progress` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgressView {
    pub message: String,
    /// Connections loaded so far, while listing.
    pub loaded: Option<usize>,
}

impl From<Progress> for ProgressView {
    fn from(p: Progress) -> Self {
        ProgressView {
            message: p.to_string(),
            loaded: match p {
                Progress::Listed { loaded } => Some(loaded),
                _ => None,
            },
        }
    }
}

/// A page of connections arrived while listing, sent as the `connections-page` event: only how
/// many so far. The rows come once, in the command's reply (sending them twice, as events and
/// again in the reply, cost the window 60 MB with 10 000 connections).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionsPage {
    /// The `list_connections` call it belongs to.
    pub request: u32,
    /// Connections listed so far.
    pub loaded: usize,
}

/// Whether an applied change made it into the history.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct Recorded {
    pub history_id: Option<String>,
    /// Why it was not recorded (the change itself stands).
    pub history_problem: Option<String>,
}

/// A change applied from the review.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppliedView {
    pub report: ApplyReport,
    /// How it ended, in one sentence.
    pub headline: &'static str,
    pub recorded: Recorded,
}

/// The open tenant's history, newest first, with lines that could not be read said plainly.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryView {
    pub entries: Vec<HistoryRow>,
    pub problems: Vec<String>,
    /// What the tenant's logs gave (`None`: they were not asked).
    pub tenant_logs: Option<TenantLogsView>,
    /// Connections the logs showed changed since they were listed, read again: their new sizes.
    pub sizes: Vec<ConnectionSize>,
    /// Changes a crash interrupted, settled just now, in plain words.
    pub settled: Vec<String>,
}

/// A connection's deny-list size as just read.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionSize {
    pub id: String,
    pub size: usize,
}

/// One change, made here or found in the tenant's logs, with where it came from in plain words.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryRow {
    pub change: ChangeRecord,
    /// "edit", "bulk change", "revert", "sync", or "tenant log".
    pub source: String,
}

impl From<ChangeRecord> for HistoryRow {
    fn from(change: ChangeRecord) -> HistoryRow {
        HistoryRow {
            source: change
                .source
                .map(|s| s.label().to_string())
                .unwrap_or_else(|| "tenant log".into()),
            change,
        }
    }
}

/// What reading the tenant's logs gave, in plain words.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TenantLogsView {
    /// Set when the token lacks `read:logs`: only this computer's changes are shown.
    pub missing_scope: Option<String>,
    pub retention: String,
    /// How far back the logs were read (RFC 3339).
    pub oldest_read: Option<String>,
    pub capped: bool,
    /// Set when the logs could not be read (the rest is shown).
    pub problem: Option<String>,
}

/// A revert before anything is written, with what the tenant's code tool will do to either list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RevertPreview {
    pub revert: RevertView,
    /// For the list before that change (and the one written without a later change).
    pub code_notices: Vec<CodeNotice>,
    /// For the list with only that change undone, when the admin must choose.
    pub code_notices_undo_only: Vec<CodeNotice>,
}

/// A bulk dry run, held by the app until the admin runs it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BulkPlanView {
    pub plan_id: String,
    pub plan: BulkPlan,
    /// Connections that will be changed, and the requests that takes (a read and a write each).
    pub to_change: usize,
    pub requests: usize,
    /// Connections whose list already is as asked (neutral), and those skipped for a reason.
    pub already_as_asked: usize,
    pub skipped: usize,
    /// "3 to change, 2 already as asked, 1 skipped."
    pub counts_line: String,
    /// What bears on the change, each finding once with the connections it was met on.
    pub finding_groups: Vec<FindingGroup>,
    /// As for a single edit: what Terraform or the Deploy CLI will do, and the code for it.
    pub code_notices: Vec<CodeNotice>,
    /// The user searches counting what is already stored takes (`bulk_count_stored`); up to
    /// `stored_automatic`, the window counts at once.
    pub stored_searches: usize,
    pub stored_automatic: usize,
    pub production: bool,
    pub tenant_name: String,
    /// Set for a sync: the tenant the lists come from.
    pub source_tenant: Option<String>,
    /// What the run costs and how it is paced; what it does while it runs.
    pub pace: String,
    pub running: &'static str,
    pub labels: Vec<StatusLabel>,
}

/// How far a count of stored values is, sent as `stored-progress`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CountProgress {
    pub done: usize,
    pub total: usize,
}

/// How a connection of a bulk run ended, in a word or two.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusLabel {
    pub status: BulkStatus,
    pub label: &'static str,
}

impl StatusLabel {
    pub fn all() -> Vec<StatusLabel> {
        BulkStatus::ALL
            .iter()
            .map(|s| StatusLabel {
                status: *s,
                label: s.label(),
            })
            .collect()
    }
}

/// How many connections ended one way.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusCount {
    pub status: BulkStatus,
    pub label: &'static str,
    pub count: usize,
}

/// A finished bulk run: the report, summed up in words, its counts problems first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BulkReportView {
    pub report: BulkReport,
    pub summary: String,
    pub tally: Vec<StatusCount>,
    pub labels: Vec<StatusLabel>,
}

impl From<BulkReport> for BulkReportView {
    fn from(report: BulkReport) -> BulkReportView {
        BulkReportView {
            summary: report.summary(),
            tally: report
                .tally()
                .into_iter()
                .map(|(status, count)| StatusCount {
                    status,
                    label: status.label(),
                    count,
                })
                .collect(),
            labels: StatusLabel::all(),
            report,
        }
    }
}

/// A tenant in a comparison, as the admin named it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparedTenant {
    pub profile_id: String,
    pub name: String,
    pub domain: String,
    pub color: String,
    pub production: bool,
    /// The tenant open in the app: the one a sync changes.
    pub open: bool,
}

/// One connection's row of a comparison, with what the window shows of it and whether the open
/// tenant can be synced on it from each compared tenant.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparedRow {
    pub connection: String,
    pub strategy_label: String,
    pub status: RowStatus,
    pub status_label: &'static str,
    /// In the order of `ComparisonView::tenants`.
    pub cells: Vec<Cell>,
    /// By tenant (as `ComparisonView::tenants`): whether the open tenant's list can be made to
    /// match that tenant's (both have the connection, that list is readable, they differ).
    pub sync_from: Vec<bool>,
}

impl ComparedRow {
    pub fn new(row: ComparisonRow, open: Option<usize>) -> ComparedRow {
        let sync_from = (0..row.cells.len())
            .map(|from| open.is_some_and(|to| row.can_sync(from, to)))
            .collect();
        ComparedRow {
            strategy_label: denylist_core::model::strategy::strategy_label(&row.strategy),
            status_label: row.status.label(),
            connection: row.connection,
            status: row.status,
            cells: row.cells,
            sync_from,
        }
    }
}

/// Deny lists of several tenants side by side, the open tenant first, then in the order of the
/// saved tenants.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparisonView {
    pub tenants: Vec<ComparedTenant>,
    pub rows: Vec<ComparedRow>,
    pub differences: usize,
}

/// The setup screen before anything is pasted: the scopes to grant and the manual path.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetupGuide {
    pub scopes: Vec<denylist_core::setup::ScopeChoice>,
    /// Where the API Explorer's token is, in the Dashboard's words.
    pub explorer_path: String,
    /// The API Explorer of the typed tenant, when its domain says which tenant it is.
    pub explorer_link: Option<String>,
    /// What the application will be called.
    pub application_name: String,
    /// A key's life, in days.
    pub key_life_days: u64,
    /// The manual path, signing in with a client secret, and with a private key.
    pub steps_secret: Vec<denylist_core::setup::GuideStep>,
    pub steps_key: Vec<denylist_core::setup::GuideStep>,
}

/// What the pasted token says, before the setup runs (the token itself stays in Rust).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetupPreview {
    pub setup_id: String,
    /// The tenant the setup will reach (its own domain, from the token).
    pub domain: String,
    /// A name for the profile: the tenant's (`acme` for acme.us.auth0.com).
    pub suggested_name: String,
    pub facts: denylist_core::setup::PastedTokenFacts,
    /// Nothing stops the setup (not expired, and it may create an application).
    pub ready: bool,
    /// Its application can sign in with a key (the token may register one).
    pub key_possible: bool,
    /// The demo tenant's practice token: the profile made lasts for this run only.
    pub practice: bool,
}

/// A step of the setup as it starts and ends (the `setup-progress` event).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetupProgress {
    pub step: denylist_core::setup::SetupStep,
    pub label: String,
    pub state: denylist_core::setup::StepState,
}

/// What a setup made: the application in the tenant, and the profile saved (or, for the
/// practice run, the demo tenant opened with it).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetupResult {
    pub summary: denylist_core::setup::SetupSummary,
    pub profile: Option<ProfileView>,
    pub session: Option<SessionView>,
}

/// A key made or imported on this computer: only its public half, to register in Auth0.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NewKeyView {
    pub public_pem: String,
    pub bits: u32,
    /// Imported from this file (its name only), or made here.
    pub file: Option<String>,
}

/// A profile whose application has a new key or secret, and what the admin should know (a
/// secret used where a key was asked for, an earlier key that could not be removed).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RotatedView {
    pub profile: ProfileView,
    pub notes: Vec<String>,
}

/// A profile removed, and what became of its application in the tenant.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RemovedView {
    pub deleted_application: Option<String>,
    /// Set when its application is still in the tenant: where to delete it.
    pub left_in_tenant: Option<String>,
}

/// What a report being made is doing now (`report-progress`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportProgress {
    pub text: String,
}

/// Where a report was saved, and the SHA-256 of its data.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportSaved {
    pub path: String,
    /// The JSON data beside an HTML or PDF report.
    pub data_path: Option<String>,
    pub sha256: String,
    pub tenants: usize,
    pub summary: Vec<String>,
}
