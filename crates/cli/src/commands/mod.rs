//! One module per subcommand; each is a thin adapter over the core.

pub mod bulk;
pub mod check;
pub mod demo;
pub mod edit;
pub mod history;
pub mod list;
pub mod policy;
pub mod profile;
pub mod report;
pub mod revert;
pub mod setup;
pub mod show;

use crate::spinner::Spinner;
use crate::target::Target;
use crate::term;
use denylist_core::local::history::{ChangeSource, History, Who};
use denylist_core::tenant::as_code::ManagedAsCode;
use denylist_core::{ApplyReport, ManagementClient, Outcome, Plan, Result, RetryPolicy};
use denylist_profiles::{KeyringTokens, ProfileFile};
use std::sync::Arc;

/// The client for the chosen tenant, reporting progress to the spinner. Its tokens are kept in the
/// OS keyring between runs (one token a day, not one a run); without a keyring, nothing is kept.
pub fn client(target: Target, spinner: &Arc<Spinner>) -> Result<ManagementClient> {
    Ok(ManagementClient::with_options(
        target.domain,
        target.credentials,
        RetryPolicy::default(),
        spinner.sink(),
    )?
    .with_token_cache(Arc::new(KeyringTokens)))
}

/// What a tenant command needs: the client, progress, the tenant's production label, who is
/// changing it (for the history) and the output mode.
pub struct Ctx<'a> {
    pub client: &'a ManagementClient,
    pub spinner: &'a Arc<Spinner>,
    pub production: Option<&'a denylist_core::TenantDomain>,
    pub who: &'a Who,
    pub json: bool,
    /// How the profile says the tenant is managed (nothing for `--domain`).
    pub managed: ManagedAsCode,
}

impl Ctx<'_> {
    /// Ask before a write, or take `--yes` / `--confirm-tenant`: the same for every command.
    pub async fn confirm_write(
        &self,
        run: &crate::args::RunArgs,
        what: &str,
    ) -> Result<crate::prompt::Answer> {
        crate::prompt::confirm_write(
            self.client.domain(),
            self.production.is_some(),
            run.yes,
            run.confirm_tenant.as_deref(),
            what,
            self.json,
        )
        .await
    }
}

/// Who changes what, as the history records it.
pub fn who(target: &Target, cli_profile: Option<&str>) -> Who {
    Who {
        tenant: target.domain.to_string(),
        profile: cli_profile.and(target.profile.as_ref().map(|p| p.name.clone())),
    }
}

/// The history of changes on this computer (`None` without a home folder).
pub fn history() -> Option<History> {
    ProfileFile::history_dir().map(History::in_dir)
}

/// Record an applied change; a failure to record is said, never hidden, and never undoes it.
pub fn record(
    who: &Who,
    plan: &Plan,
    report: &ApplyReport,
    source: ChangeSource,
    reverts: Option<&str>,
) -> Option<String> {
    if report.outcome != Outcome::Applied {
        return None;
    }
    let Some(history) = history() else {
        term::errln!("note: no home folder, so this change was not recorded in the history.");
        return None;
    };
    denylist_core::change::record::record(&history, who, plan, report, source, reverts, None)
        .unwrap_or_else(|e| {
            term::errln!("warning: {e}");
            None
        })
}
