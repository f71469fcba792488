//! Deny list editor and review: check attributes as they are typed, plan an
//! edit, apply a reviewed plan.

use super::Cx;
use crate::state::{CmdResult, Held};
use crate::views::{AppliedView, PlanView};
use denylist_core::change::draft::Draft;
use denylist_core::checks::findings::{AttributeCheck, AttributeContext, check_attribute as check};
use denylist_core::checks::stored_values::{StoredValues, count_stored as count};
use denylist_core::local::history::ChangeSource;
use denylist_core::local::ids::new_id;
use denylist_core::tenant::as_code::notices;
use denylist_core::{ConfigurationValues, Error, Secret, plan};
use std::collections::HashMap;

/// Check one attribute as typed, against the connection's kind, the list as the admin has it, and
/// the names it is likely to be.
pub async fn check_attribute(
    _cx: &Cx,
    input: String,
    context: AttributeContext,
) -> CmdResult<AttributeCheck> {
    Ok(check(&input, &context))
}

fn stale_review() -> Error {
    Error::InvalidInput("This review is out of date: review the change again.".into())
}

/// How many users of the connection still have the attributes a reviewed plan adds stored. The
/// plan's own read of the connection is used: no second read.
pub async fn count_stored(cx: &Cx, plan_id: String) -> CmdResult<StoredValues> {
    let state = cx.state();
    let session = state.session().await?;
    let plan = Held::get(&state.edit, &session, &plan_id).ok_or_else(stale_review)?;
    let connection = match plan.read() {
        Some(c) => c.clone(),
        None => session.client.get_connection(&plan.connection_id).await?,
    };
    Ok(count(&session.client, &connection, &plan.added).await)
}

/// How many users of the connection still have the attributes its deny list holds stored (after
/// a change, values stored before stay): one read, then one user search per attribute.
pub async fn count_stored_denied(cx: &Cx, connection_id: String) -> CmdResult<StoredValues> {
    let session = cx.state().session().await?;
    let connection = session.client.get_connection(&connection_id).await?;
    let denied = connection.deny_list()?;
    Ok(count(&session.client, &connection, &denied).await)
}

/// Read the connection fresh and work out the change; the plan waits in the app for `apply_plan`,
/// tied to the tenant it was made for.
pub async fn plan_edit(cx: &Cx, connection_id: String, draft: Draft) -> CmdResult<PlanView> {
    let edit = draft.edit().ok_or_else(|| {
        Error::InvalidInput("Nothing to review: the list is as it was read.".into())
    })?;
    let state = cx.state();
    let session = state.session().await?;
    let connection = session.client.get_connection(&connection_id).await?;
    let plan = plan(&connection, &edit)?;
    let plan_id = format!("plan_{}", new_id());
    Held::put(&state.edit, &session, plan_id.clone(), plan.clone());
    Ok(PlanView {
        plan_id,
        kept: plan.kept(),
        code_notices: notices(
            session.profile.managed_as_code,
            &plan.connection_name,
            &plan.strategy,
            &plan.after,
        ),
        plan,
        production: session.production(),
        tenant_name: session.domain.tenant_name().to_string(),
    })
}

/// Apply a reviewed plan, its record written ahead in the history (`without_history`: the admin
/// chose to go on when it could not be). Production tenants need their name typed; custom
/// databases their configuration values.
pub async fn apply_plan(
    cx: &Cx,
    plan_id: String,
    confirm_tenant: Option<String>,
    configuration: Option<HashMap<String, String>>,
    without_history: bool,
) -> CmdResult<AppliedView> {
    let state = cx.state();
    let session = state.session().await?;
    // Only the review shown, made for this tenant (not one the admin left).
    let plan = Held::get(&state.edit, &session, &plan_id).ok_or_else(stale_review)?;
    session.confirm_write(confirm_tenant.as_deref())?;
    crate::confirm::production_write(cx, &session, &plan.change(), "Apply the change").await?;
    let configuration: Option<ConfigurationValues> = configuration.map(|values| {
        values
            .into_iter()
            .map(|(k, v)| (k, Secret::new(v)))
            .collect()
    });
    let (report, recorded) = session
        .apply(
            &plan,
            configuration.as_ref(),
            ChangeSource::Edit,
            None,
            without_history,
        )
        .await?;
    Held::take(&state.edit, &session, &plan_id);
    Ok(AppliedView {
        headline: report.headline(),
        report,
        recorded,
    })
}
