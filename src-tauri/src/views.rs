//! Shapes the UI receives that exist only for the app (the core's own types
//! are sent as they are). All are exported to TypeScript (see `bindings`).

use denylist_core::local::history::HistoryEntry;
use denylist_core::progress::Progress;
use denylist_core::tenant::bulk::BulkPlan;
use denylist_core::tenant::policy::Comparison;
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
    /// What to type to confirm a write to production (`acme` for acme.us.auth0.com).
    pub tenant_name: String,
}

/// A reviewed change, held by the app until it is applied.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanView {
    pub plan_id: String,
    pub plan: Plan,
    pub production: bool,
    pub tenant_name: String,
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
    pub recorded: Recorded,
}

/// The open tenant's history, newest first, with lines that could not be read said plainly.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryView {
    pub entries: Vec<HistoryRow>,
    pub problems: Vec<String>,
}

/// One recorded change, with what it did and where it came from in plain words.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryRow {
    pub entry: HistoryEntry,
    pub summary: String,
    pub source: String,
}

impl From<&HistoryEntry> for HistoryRow {
    fn from(entry: &HistoryEntry) -> HistoryRow {
        HistoryRow {
            summary: entry.summary(),
            source: entry.source.label().to_string(),
            entry: entry.clone(),
        }
    }
}

/// A bulk dry run, held by the app until the admin runs it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BulkPlanView {
    pub plan_id: String,
    pub plan: BulkPlan,
    /// Connections that will be changed, and the requests that takes (a read and a write each).
    pub to_change: usize,
    pub requests: usize,
    pub production: bool,
    pub tenant_name: String,
    /// Set for a sync: the tenant the lists come from.
    pub source_tenant: Option<String>,
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

/// Deny lists of several tenants side by side; `comparison.tenants` and `tenants` share one order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparisonView {
    pub tenants: Vec<ComparedTenant>,
    pub comparison: Comparison,
    pub differences: usize,
    /// By row (as `comparison.rows`), then by tenant: whether the open tenant's list can be made
    /// to match that tenant's (both have the connection, that list is readable, they differ).
    pub syncable: Vec<Vec<bool>>,
}
