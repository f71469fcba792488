//! Before a setup: what the pasted token allows, the tenant it is for, and the scopes to grant,
//! checked once for the window and the command line alike.

use super::token::{PastedTokenFacts, read_pasted_token, token_tenant};
use crate::auth0::{Credentials, ManagementClient, RetryPolicy};
use crate::checks::access::{Need, scopes_used};
use crate::error::{Error, Result};
use crate::model::domain::TenantDomain;
use crate::progress::ProgressSink;
use crate::secret::Secret;

/// Every scope the app uses: what a setup grants unless fewer are chosen.
pub fn default_scopes() -> Vec<String> {
    scopes_used()
        .iter()
        .map(|(s, _, _)| s.to_string())
        .collect()
}

/// The scopes it cannot work without.
pub fn required_scopes() -> Vec<String> {
    scopes_used()
        .iter()
        .filter(|(_, need, _)| *need != Need::Optional)
        .map(|(s, _, _)| s.to_string())
        .collect()
}

/// `chosen` (or every scope the app uses), each a scope the app uses, the required ones in.
pub fn scopes_to_grant(chosen: Option<&[String]>) -> Result<Vec<String>> {
    let Some(chosen) = chosen else {
        return Ok(default_scopes());
    };
    let known = default_scopes();
    let mut out: Vec<String> = Vec::new();
    for s in chosen.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !known.iter().any(|k| k == s) {
            return Err(Error::InvalidInput(format!(
                "“{s}” is not a scope this app uses: choose among {}.",
                known.join(", ")
            )));
        }
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    let missing: Vec<String> = required_scopes()
        .into_iter()
        .filter(|r| !out.contains(r))
        .collect();
    if !missing.is_empty() {
        return Err(Error::InvalidInput(format!(
            "The application needs {} to edit deny lists: they cannot be left out.",
            missing.join(", ")
        )));
    }
    Ok(out)
}

/// A setup ready to run: the pasted token read, and a client for the tenant it is for.
pub struct Prepared {
    pub facts: PastedTokenFacts,
    pub client: ManagementClient,
}

/// Read the pasted token for the tenant typed as `typed`, refuse one that has expired or lacks
/// what creating an application takes, and sign in with it at the tenant's own domain.
pub fn prepare(typed: &TenantDomain, token: Secret, progress: ProgressSink) -> Result<Prepared> {
    let facts = read_pasted_token(typed, &token)?;
    if facts.expired || !facts.missing_required.is_empty() {
        return Err(Error::BadCredentials(facts.notes.join(" ")));
    }
    let domain = match &facts.canonical_domain {
        Some(c) => TenantDomain::parse(c)?,
        None => typed.clone(),
    };
    let client = ManagementClient::with_options(
        domain,
        Credentials::Token(token),
        RetryPolicy::default(),
        progress,
    )?;
    Ok(Prepared { facts, client })
}

/// For a change to an application a profile already uses (rotate, delete): the token must be for
/// that profile's tenant, `domain`, where it names one.
pub fn prepare_for_tenant(
    domain: &TenantDomain,
    token: Secret,
    progress: ProgressSink,
) -> Result<ManagementClient> {
    if let Some(other) = token_tenant(domain, &token).filter(|t| t != domain) {
        return Err(Error::BadCredentials(format!(
            "This token is for the tenant {other}, not {domain}: make one in {domain}'s API Explorer."
        )));
    }
    let client = ManagementClient::with_options(
        domain.clone(),
        Credentials::Token(token),
        RetryPolicy::default(),
        progress,
    )?;
    Ok(client)
}
