//! Compare screen: the deny lists of several saved tenants side by side, connection by connection.
//! What each tenant holds is kept for a sync (`bulk::sync_dry_run`).

use super::Cx;
use crate::state::{CmdResult, Session, blocking, client_for, lock};
use crate::views::{ComparedRow, ComparedTenant, ComparisonView};
use denylist_core::tenant::policy::{compare, export};
use denylist_core::{Error, ManagementClient};
use denylist_profiles::KeyringTokens;
use denylist_profiles::Profile;
use std::sync::Arc;

/// A saved tenant and a client for it: the open one's session, or one signed in with the
/// profile's saved credentials (its tokens kept in the keyring, as the session's are).
pub(crate) async fn client_of_profile(
    cx: &Cx,
    open: Option<&Session>,
    id: &str,
) -> CmdResult<(Profile, Arc<ManagementClient>)> {
    if let Some(s) = open.filter(|s| s.profile.id == id) {
        return Ok((s.profile.clone(), s.client.clone()));
    }
    let profiles = cx.state().profiles()?;
    let id = id.to_string();
    let (profile, credentials) = blocking(move || {
        let profile = profiles.get(&id)?;
        let credentials = profiles.credentials(&profile)?;
        Ok((profile, credentials))
    })
    .await?;
    let domain = profile.tenant_domain()?;
    let client =
        client_for(&cx.app, domain, credentials)?.with_token_cache(Arc::new(KeyringTokens));
    Ok((profile, Arc::new(client)))
}

/// Read each tenant's deny lists (the open one through its session, the others with their saved
/// credentials) and compare them. One listing per tenant.
pub async fn compare_tenants(cx: &Cx, profile_ids: Vec<String>) -> CmdResult<ComparisonView> {
    let state = cx.state();
    if profile_ids.len() < 2 {
        return Err(Error::InvalidInput("Choose at least two tenants to compare.".into()).into());
    }
    let open = state.session.read().await.clone();
    let profile_ids = in_order(
        &state,
        open.as_ref().map(|s| s.profile.id.as_str()),
        profile_ids,
    )
    .await?;
    let mut tenants = Vec::new();
    let mut policies = Vec::new();
    let mut names = Vec::new();
    for id in profile_ids {
        let (profile, client) = client_of_profile(cx, open.as_deref(), &id).await?;
        let policy = export(&client).await?;
        tenants.push(ComparedTenant {
            open: open.as_ref().is_some_and(|s| s.profile.id == profile.id),
            production: profile.is_production(),
            profile_id: profile.id.clone(),
            name: profile.name.clone(),
            domain: if profile.demo {
                "on this computer".into()
            } else {
                profile.domain.clone()
            },
            color: profile.color.clone(),
        });
        names.push((profile.id, profile.name));
        policies.push(policy);
    }
    let comparison = compare(&policies);
    let open_index = tenants.iter().position(|t| t.open);
    let differences = comparison.differences();
    let rows = comparison
        .rows
        .into_iter()
        .map(|row| ComparedRow::new(row, open_index))
        .collect();
    *lock(&state.policies) = names
        .into_iter()
        .zip(policies)
        .map(|((id, name), policy)| (id, (name, policy)))
        .collect();
    Ok(ComparisonView {
        tenants,
        rows,
        differences,
    })
}

/// The tenants to compare in the order they are shown: the open one first, then as the saved
/// tenants are listed (any other, such as the demo tenant, after them as asked).
async fn in_order(
    state: &crate::state::AppState,
    open: Option<&str>,
    mut ids: Vec<String>,
) -> CmdResult<Vec<String>> {
    let profiles = state.profiles()?;
    let saved: Vec<String> = blocking(move || Ok(profiles.list()?.0))
        .await?
        .into_iter()
        .map(|v| v.profile.id)
        .collect();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    ids.sort_by_key(|id| {
        (
            Some(id.as_str()) != open,
            saved.iter().position(|s| s == id).unwrap_or(usize::MAX),
        )
    });
    Ok(ids)
}
