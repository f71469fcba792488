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
use denylist_core::change::record::{Journal, apply_recorded};
use denylist_core::local::history::{ChangeSource, History, Who};
use denylist_core::tenant::as_code::ManagedAsCode;
use denylist_core::{
    ApplyReport, ConfigurationValues, Error, ManagementClient, Plan, Result, RetryPolicy,
};
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

/// Apply a plan with its record written ahead in the history: nothing is written to the tenant
/// if the record cannot be (unless `--without-history`). Returns the report and the entry's id.
pub async fn apply_with_record(
    ctx: &Ctx<'_>,
    run: &crate::args::RunArgs,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
    source: ChangeSource,
    reverts: Option<&str>,
) -> Result<(ApplyReport, Option<String>)> {
    let history = chosen_history(run)?;
    let journal = Journal {
        history: history.as_ref(),
        who: ctx.who,
        source,
        reverts,
        run: None,
    };
    let recorded = apply_recorded(ctx.client, plan, configuration, &journal).await?;
    if let Some(problem) = &recorded.problem {
        ctx.spinner.clear();
        term::errln!("warning: {problem}");
    }
    Ok((recorded.report, recorded.history_id))
}

/// The history changes are recorded in: `None` only when the admin said `--without-history`.
pub fn chosen_history(run: &crate::args::RunArgs) -> Result<Option<History>> {
    if run.without_history {
        return Ok(None);
    }
    history().map(Some).ok_or_else(|| {
        Error::HistoryUnavailable(
            "Nothing was written to the tenant: this computer has no home folder to keep the history of \
             changes in."
                .into(),
        )
    })
}

/// Before a tenant command: changes a crash interrupted are settled (one read each; none when
/// nothing is pending), and said.
pub async fn resolve_interrupted(client: &ManagementClient, spinner: &Arc<Spinner>) {
    let Some(history) = history() else {
        return;
    };
    let tenant = client.domain().to_string();
    if !denylist_core::change::resolve::anything_interrupted(&history, &tenant) {
        return;
    }
    let found =
        denylist_core::change::resolve::resolve_interrupted(client, &history, &tenant).await;
    spinner.clear();
    for line in found.lines() {
        term::errln!("note: {}", term::value(&line));
    }
}
