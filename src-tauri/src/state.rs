//! What the app holds while it runs: the profiles store, the open tenant,
//! reviewed plans waiting to be applied, and the demo tenant if started.

use crate::views::ProgressView;
use auth0_simulator::Simulator;
use denylist_core::tenant_checks::TenantReport;
use denylist_core::{
    Credentials, ErrorCode, ErrorPayload, ManagementClient, Plan, RetryPolicy, TenantDomain,
};
use denylist_profiles::{Profile, Profiles};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tauri::AppHandle;

pub type CmdResult<T> = Result<T, ErrorPayload>;

pub struct Session {
    pub profile: Profile,
    pub domain: TenantDomain,
    pub client: Arc<ManagementClient>,
    /// The tenant's limitation checks, kept for the session until refreshed.
    pub findings: tokio::sync::Mutex<Option<TenantReport>>,
}

impl Session {
    pub fn production(&self) -> bool {
        self.profile.is_production()
    }
}

pub struct AppState {
    pub profiles: Result<Arc<Profiles>, ErrorPayload>,
    pub session: tokio::sync::RwLock<Option<Arc<Session>>>,
    /// Reviewed plans, with the id of the profile (tenant) each was made for.
    pub plans: Mutex<HashMap<String, (String, Plan)>>,
    pub demo: tokio::sync::Mutex<Option<Simulator>>,
    /// Stops the "Test connection" under way (the admin pressed Cancel).
    pub test_cancel: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    /// The window holds changes not yet applied: closing it asks first.
    pub unsaved: std::sync::atomic::AtomicBool,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            profiles: Profiles::open_default()
                .map(Arc::new)
                .map_err(ErrorPayload::from),
            session: tokio::sync::RwLock::new(None),
            plans: Mutex::new(HashMap::new()),
            demo: tokio::sync::Mutex::new(None),
            test_cancel: Mutex::new(None),
            unsaved: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn profiles(&self) -> CmdResult<Arc<Profiles>> {
        self.profiles.clone()
    }

    /// The open tenant, or a plain error when none is.
    pub async fn session(&self) -> CmdResult<Arc<Session>> {
        self.session
            .read()
            .await
            .clone()
            .ok_or_else(|| ErrorPayload {
                code: ErrorCode::NoTenant,
                message: "Choose a tenant first (or explore the demo tenant).".into(),
            })
    }
}

/// A Management API client whose progress goes to the window as `progress` events.
pub fn client_for(
    app: &AppHandle,
    domain: TenantDomain,
    credentials: Credentials,
) -> CmdResult<ManagementClient> {
    client_with_policy(app, domain, credentials, RetryPolicy::default())
}

pub fn client_with_policy(
    app: &AppHandle,
    domain: TenantDomain,
    credentials: Credentials,
    policy: RetryPolicy,
) -> CmdResult<ManagementClient> {
    let app = app.clone();
    let sink = Arc::new(move |p| {
        crate::ipc_log::emit(&app, "progress", ProgressView::from(p));
    });
    Ok(ManagementClient::with_options(
        domain,
        credentials,
        policy,
        sink,
    )?)
}

/// Blocking work (the profiles file, the OS keyring) off the async runtime.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ErrorPayload {
            code: ErrorCode::Internal,
            message: format!("An internal task failed: {e}"),
        })?
}
