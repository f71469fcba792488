//! What the app holds while it runs: the profiles store, the open tenant,
//! reviewed plans waiting to be applied, and the demo tenant if started.

use crate::views::{ProgressView, Recorded};
use auth0_simulator::Simulator;
use denylist_core::change::record::{Journal, apply_recorded};
use denylist_core::change::resolve::{anything_interrupted, resolve_interrupted};
use denylist_core::checks::tenant_checks::TenantReport;
use denylist_core::local::history::{ChangeSource, History, Who};
use denylist_core::tenant::bulk::BulkPlan;
use denylist_core::tenant::policy::Policy;
use denylist_core::tenant::tenant_logs::LoggedChange;
use denylist_core::view::table::ConnectionTable;
use denylist_core::{
    ApplyReport, ConfigurationValues, Credentials, Error, ErrorCode, ErrorPayload,
    ManagementClient, Plan, RetryPolicy, TenantDomain,
};
use denylist_profiles::{Profile, ProfileFile, Profiles};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::AppHandle;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// A lock, recovered if a thread panicked while holding it: the data behind every lock here is
/// replaced whole, so it is never half-written.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

pub struct Session {
    pub profile: Profile,
    pub domain: TenantDomain,
    pub client: Arc<ManagementClient>,
    /// The tenant's limitation checks, kept for the session until refreshed.
    pub findings: tokio::sync::Mutex<Option<TenantReport>>,
    /// What the tenant's logs gave last (the History screen reads them): the editor's "Last
    /// changes" shows them without a request.
    pub logged: Mutex<Option<Vec<LoggedChange>>>,
    /// The connections as last listed, each with its list as last read or written here: the
    /// window pages through them, and the History compares its changes with them.
    pub table: Mutex<ConnectionTable>,
}

impl Session {
    pub fn production(&self) -> bool {
        self.profile.is_production()
    }

    /// A list as a change made here left it.
    pub fn note_list(&self, connection_id: &str, list: &[String]) {
        lock(&self.table).set_list(connection_id, list);
    }

    /// Every write to a production tenant needs its name, as typed by the admin.
    pub fn confirm_write(&self, typed: Option<&str>) -> CmdResult<()> {
        if self.production() {
            self.domain.require_confirmation(typed)?;
        }
        Ok(())
    }

    /// Who changes this tenant, as the history records it (the same key as the command line's).
    pub fn who(&self) -> Who {
        Who {
            tenant: self.domain.to_string(),
            profile: Some(self.profile.name.clone()),
        }
    }

    /// Where this tenant's changes are recorded. The demo tenant is new at every start, so its
    /// history lives in a private folder of this run (see [`demo_history_dir`]), apart from real
    /// tenants' history.
    pub fn history(&self) -> Option<History> {
        if self.profile.demo {
            return demo_history_dir().map(History::in_dir);
        }
        ProfileFile::history_dir().map(History::in_dir)
    }

    /// Apply a plan with its record written ahead in the history (`change::record`): nothing is
    /// written to the tenant if the record cannot be, unless the admin chose to go on without
    /// (`without_history`).
    pub async fn apply(
        &self,
        plan: &Plan,
        configuration: Option<&ConfigurationValues>,
        source: ChangeSource,
        reverts: Option<&str>,
        without_history: bool,
    ) -> CmdResult<(ApplyReport, Recorded)> {
        let history = self.chosen_history(without_history)?;
        let who = self.who();
        let journal = Journal {
            history: history.as_ref(),
            who: &who,
            source,
            reverts,
            run: None,
        };
        let done = apply_recorded(&self.client, plan, configuration, &journal).await?;
        self.note_list(&done.report.connection_id, &done.report.deny_list);
        Ok((
            done.report,
            Recorded {
                history_id: done.history_id,
                history_problem: done.problem,
            },
        ))
    }

    /// The history changes are recorded in: `None` only when the admin chose to go on without.
    pub fn chosen_history(&self, without_history: bool) -> CmdResult<Option<History>> {
        if without_history {
            return Ok(None);
        }
        match self.history() {
            Some(h) => Ok(Some(h)),
            None => Err(Error::HistoryUnavailable(if self.profile.demo {
                "Nothing was written: no private folder could be made for the demo's history of changes."
                    .into()
            } else {
                "Nothing was written to the tenant: this computer has no home folder to keep the history of \
                 changes in."
                    .into()
            })
            .into()),
        }
    }

    /// Changes a crash interrupted (an intent with no outcome, its writer gone), settled with one
    /// read each — none when nothing is pending — and said in plain words.
    pub async fn resolve_interrupted(&self) -> Vec<String> {
        let Some(history) = self.history() else {
            return Vec::new();
        };
        let tenant = self.who().tenant;
        if !anything_interrupted(&history, &tenant) {
            return Vec::new();
        }
        resolve_interrupted(&self.client, &history, &tenant)
            .await
            .lines()
    }
}

/// The demo tenant's history folder: made once per run with a random name, 0700, owned by this
/// user (a predictable name in the shared temporary folder could be a link planted by another
/// user), and removed when the app ends ([`remove_demo_history`]). `None` if it cannot be made:
/// the demo then records nothing and says so.
fn demo_history_dir() -> Option<std::path::PathBuf> {
    DEMO_HISTORY
        .get_or_init(|| {
            tempfile::Builder::new()
                .prefix("deny-list-manager-demo-")
                .tempdir()
                .ok()
        })
        .as_ref()
        .map(|d| d.path().to_path_buf())
}

static DEMO_HISTORY: std::sync::OnceLock<Option<tempfile::TempDir>> = std::sync::OnceLock::new();

/// At exit: the demo's history goes with the demo tenant (statics are never dropped).
pub fn remove_demo_history() {
    if let Some(Some(dir)) = DEMO_HISTORY.get() {
        let _ = std::fs::remove_dir_all(dir.path());
    }
}

/// What the window was shown and waits for the admin's go (a reviewed change, a bulk dry run),
/// tied to the tenant it was made for and to its id: one made for another tenant (the admin
/// switched meanwhile) or for an older review is never used. One of each at a time, as the window
/// shows one: a new one replaces it.
pub struct Held<T> {
    pub profile_id: String,
    pub id: String,
    pub plan: T,
}

impl<T: Clone> Held<T> {
    /// Hold `plan` under `id` for the open tenant, replacing what was held.
    pub fn put(slot: &Mutex<Option<Held<T>>>, session: &Session, id: String, plan: T) {
        *lock(slot) = Some(Held {
            profile_id: session.profile.id.clone(),
            id,
            plan,
        });
    }

    /// The plan held under `id` for the open tenant (kept held).
    pub fn get(slot: &Mutex<Option<Held<T>>>, session: &Session, id: &str) -> Option<T> {
        lock(slot)
            .as_ref()
            .filter(|h| h.id == id && h.profile_id == session.profile.id)
            .map(|h| h.plan.clone())
    }

    /// The plan held under `id` for the open tenant, no longer held (it is being carried out).
    pub fn take(slot: &Mutex<Option<Held<T>>>, session: &Session, id: &str) -> Option<T> {
        let mut held = lock(slot);
        let matches = held
            .as_ref()
            .is_some_and(|h| h.id == id && h.profile_id == session.profile.id);
        if matches {
            held.take().map(|h| h.plan)
        } else {
            None
        }
    }
}

/// A bulk dry run (or a sync's), and what its changes will be recorded as.
#[derive(Clone)]
pub struct PendingBulk {
    pub plan: BulkPlan,
    pub source: ChangeSource,
}

pub struct AppState {
    pub profiles: Result<Arc<Profiles>, ErrorPayload>,
    pub session: tokio::sync::RwLock<Option<Arc<Session>>>,
    /// The reviewed change shown to the admin.
    pub edit: Mutex<Option<Held<Plan>>>,
    /// The demo tenant, with the secret of this run.
    pub demo: tokio::sync::Mutex<Option<(Simulator, denylist_core::Secret)>>,
    /// Stops the "Test connection" under way (the admin pressed Cancel).
    pub test_cancel: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    /// The window holds changes not yet applied: closing it asks first.
    pub unsaved: std::sync::atomic::AtomicBool,
    /// The bulk dry run shown to the admin.
    pub bulk: Mutex<Option<Held<PendingBulk>>>,
    /// Set by Cancel during a bulk run; checked between connections.
    pub bulk_cancel: Arc<AtomicBool>,
    /// Deny lists read by the last comparison, by profile id, with the tenant's name as saved
    /// (a sync starts from them).
    pub policies: Mutex<HashMap<String, (String, Policy)>>,
    /// The pasted token of the setup being prepared (never written anywhere; taken when the
    /// setup runs, or dropped when the admin leaves the screen).
    pub setup: Mutex<Option<PendingSetup>>,
    /// A private key made or imported on the manual path, until its profile is saved.
    pub new_key: Mutex<Option<denylist_core::Secret>>,
}

/// A setup the admin has pasted a token for.
#[derive(Clone)]
pub struct PendingSetup {
    pub id: String,
    pub typed: TenantDomain,
    pub token: denylist_core::Secret,
    /// The demo tenant's practice token: the profile made is kept for this run only.
    pub practice: bool,
    pub missing_for_key: bool,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            profiles: Profiles::open_default()
                .map(Arc::new)
                .map_err(ErrorPayload::from),
            session: tokio::sync::RwLock::new(None),
            edit: Mutex::new(None),
            demo: tokio::sync::Mutex::new(None),
            test_cancel: Mutex::new(None),
            unsaved: std::sync::atomic::AtomicBool::new(false),
            bulk: Mutex::new(None),
            bulk_cancel: Arc::new(AtomicBool::new(false)),
            policies: Mutex::new(HashMap::new()),
            setup: Mutex::new(None),
            new_key: Mutex::new(None),
        }
    }

    /// Forget every plan waiting for the admin's go (a review, a bulk or sync dry run) and the
    /// lists a comparison read: after another tenant is opened (or the same one again, its
    /// domain perhaps changed) none of them stands for the tenant now open.
    pub fn forget_held(&self) {
        *lock(&self.edit) = None;
        *lock(&self.bulk) = None;
        lock(&self.policies).clear();
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
    Ok(ManagementClient::with_options(
        domain,
        credentials,
        policy,
        progress_sink(app),
    )?)
}

/// Progress (waits for the rate limit, retries) to the window as `progress` events.
pub fn progress_sink(app: &AppHandle) -> denylist_core::progress::ProgressSink {
    let app = app.clone();
    Arc::new(move |p| {
        crate::ipc::emit(&app, "progress", ProgressView::from(p));
    })
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
