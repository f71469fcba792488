//! Shapes the UI receives that exist only for the app (the core's own types
//! are sent as they are). All are exported to TypeScript (see `bindings`).

use denylist_core::Plan;
use denylist_core::progress::Progress;
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
