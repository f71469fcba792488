//! Compare screen: the deny lists of several saved tenants side by side, connection by connection.
//! What each tenant holds is kept for a sync (`bulk::sync_dry_run`).

use super::Cx;
use crate::state::{CmdResult, blocking, client_for, lock};
use crate::views::{ComparedTenant, ComparisonView};
use denylist_core::Error;
use denylist_core::tenant::policy::{compare, export};
use denylist_profiles::KeyringTokens;
use std::sync::Arc;

/// Read each tenant's deny lists (the open one through its session, the others with their saved
/// credentials) and compare them. One listing per tenant.
pub async fn compare_tenants(cx: &Cx, profile_ids: Vec<String>) -> CmdResult<ComparisonView> {
    let state = cx.state();
    if profile_ids.len() < 2 {
        return Err(Error::InvalidInput("Choose at least two tenants to compare.".into()).into());
    }
    let open = state.session.read().await.clone();
    let mut tenants = Vec::new();
    let mut policies = Vec::new();
    let mut names = Vec::new();
    for id in profile_ids {
        let (profile, policy) = match &open {
            Some(s) if s.profile.id == id => (s.profile.clone(), export(&s.client).await?),
            _ => {
                let profiles = state.profiles()?;
                let (profile, credentials) = blocking(move || {
                    let profile = profiles.get(&id)?;
                    let credentials = profiles.credentials(&profile)?;
                    Ok((profile, credentials))
                })
                .await?;
                let domain = profile.tenant_domain()?;
                let client = client_for(&cx.app, domain, credentials)?
                    .with_token_cache(Arc::new(KeyringTokens));
                (profile, export(&client).await?)
            }
        };
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
    // Which rows the open tenant can be synced on, from each compared tenant.
    let open_index = tenants.iter().position(|t| t.open);
    let syncable = comparison
        .rows
        .iter()
        .map(|row| {
            (0..tenants.len())
                .map(|from| open_index.is_some_and(|to| row.can_sync(from, to)))
                .collect()
        })
        .collect();
    *lock(&state.policies) = names
        .into_iter()
        .zip(policies)
        .map(|((id, name), policy)| (id, (name, policy)))
        .collect();
    Ok(ComparisonView {
        tenants,
        differences: comparison.differences(),
        syncable,
        comparison,
    })
}
