//! "Test connection": sign in, then say in plain words which Management API
//! scopes the token has, which are missing, and what each one is for.

use crate::auth0::ManagementClient;
use crate::checks::tenant_checks::TenantCheck;
use crate::error::{Error, Result, WHERE_TO_GRANT};
use serde::Serialize;
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Need {
    /// Nothing works without it.
    Required,
    /// Newer tenants need it to read or write a connection's settings, where the deny list lives.
    Options,
    /// Optional: a limitation check, counting stored values, or reading the tenant's logs (each
    /// scope's purpose says which).
    Optional,
}

/// Reads the tenant's logs: who changed a deny list, from any tool.
pub const LOGS_SCOPE: &str = "read:logs";

/// Scopes the app needs to edit deny lists, and why.
const EDITING: &[(&str, Need, &str)] = &[
    (
        "read:connections",
        Need::Required,
        "list and read connections",
    ),
    (
        "update:connections",
        Need::Required,
        "change a connection's deny list",
    ),
    (
        "read:connections_options",
        Need::Options,
        "read connection settings, where the deny list lives",
    ),
    (
        "update:connections_options",
        Need::Options,
        "write connection settings, where the deny list lives",
    ),
];

/// Every scope the app uses, why, and how much it needs it: editing, each tenant check's, and
/// counting users who still have a denied attribute stored.
pub fn scopes_used() -> Vec<(&'static str, Need, &'static str)> {
    EDITING
        .iter()
        .copied()
        .chain(
            TenantCheck::ALL
                .iter()
                .map(|c| (c.scope(), Need::Optional, c.purpose())),
        )
        .chain([
            (
                crate::checks::stored_values::SCOPE,
                Need::Optional,
                "count users who still have a denied attribute stored",
            ),
            (
                LOGS_SCOPE,
                Need::Optional,
                "show who changed a deny list from any tool (the Dashboard, Terraform, another computer), from the tenant's logs",
            ),
        ])
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScopeCheck {
    pub scope: String,
    pub need: Need,
    /// `None` when the token does not say which scopes it has.
    pub granted: Option<bool>,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccessReport {
    pub domain: String,
    pub pasted_token: bool,
    /// Unix seconds, when known.
    pub expires_at: Option<u64>,
    pub checks: Vec<ScopeCheck>,
    /// Listing connections worked with this token.
    pub can_list_connections: bool,
    /// Everything needed to read and change deny lists seems granted.
    pub ready: bool,
    /// One or two sentences for the admin.
    pub summary: String,
}

pub async fn check_access(client: &ManagementClient) -> Result<AccessReport> {
    let scopes = client.scopes().await?;
    let expires_at = client
        .token_expires_at()
        .await?
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    let can_list_connections = match client.probe_connections().await {
        Ok(()) => true,
        Err(Error::MissingScope { .. }) => false,
        Err(e) => return Err(e),
    };
    let checks: Vec<ScopeCheck> = scopes_used()
        .iter()
        .map(|(scope, need, purpose)| ScopeCheck {
            scope: scope.to_string(),
            need: *need,
            granted: scopes.as_ref().map(|s| s.has(scope)),
            purpose: purpose.to_string(),
        })
        .collect();
    let missing = |need: Need| -> Vec<&str> {
        checks
            .iter()
            .filter(|c| c.need == need && c.granted == Some(false))
            .map(|c| c.scope.as_str())
            .collect()
    };
    let (required, options, optional) = (
        missing(Need::Required),
        missing(Need::Options),
        missing(Need::Optional),
    );
    let ready =
        scopes.is_some() && required.is_empty() && options.is_empty() && can_list_connections;
    let summary = if scopes.is_none() {
        format!(
            "Signed in{}. The token does not say which scopes it has, so they cannot be checked here; \
             the app needs read:connections, update:connections, read:connections_options and update:connections_options.",
            if can_list_connections {
                " and listed connections"
            } else {
                ""
            }
        )
    } else if !required.is_empty() || !options.is_empty() {
        let mut all = required.clone();
        all.extend(&options);
        format!(
            "Missing scope{} needed to edit deny lists: {}. Grant {} in {WHERE_TO_GRANT}{}.",
            if all.len() == 1 { "" } else { "s" },
            all.join(", "),
            if all.len() == 1 { "it" } else { "them" },
            if client.uses_pasted_token() {
                ", then create a new token"
            } else {
                ""
            },
        )
    } else if !optional.is_empty() {
        format!(
            "Ready to edit deny lists. Optional scopes not granted: {} (what each is for is listed with it; \
             grant them in {WHERE_TO_GRANT} to include those parts).",
            optional.join(", ")
        )
    } else {
        "Ready: every scope the app uses is granted.".to_string()
    };
    Ok(AccessReport {
        domain: client.domain().to_string(),
        pasted_token: client.uses_pasted_token(),
        expires_at,
        checks,
        can_list_connections,
        ready,
        summary,
    })
}
