//! Tenant-wide limitations, detected through the Management API: MFA factors
//! and policies, rules and post-login Actions that redirect or trigger MFA,
//! legacy delegation, impersonation, and the legacy SSO setting. Each check
//! needs one read scope; without it, the finding says it could not check.
//! Detection never fails as a whole and never blocks editing.

use crate::auth0::ManagementClient;
use crate::error::{Error, WHERE_TO_GRANT};
use crate::findings::{Finding, Scope, Severity};
use crate::limitations;
use serde::Serialize;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenantReport {
    pub domain: String,
    pub findings: Vec<Finding>,
    /// Unix seconds.
    pub checked_at: u64,
}

pub async fn check_tenant(client: &ManagementClient) -> TenantReport {
    let mut findings = Vec::new();
    findings.extend(settle(
        mfa_factors(client).await,
        "MFA factors",
        "read:guardian_factors",
    ));
    findings.extend(settle(
        mfa_policies(client).await,
        "MFA policies",
        "read:mfa_policies",
    ));
    findings.extend(settle(rules(client).await, "rules", "read:rules"));
    findings.extend(settle(
        actions(client).await,
        "post-login Actions",
        "read:actions",
    ));
    findings.extend(settle(
        tenant_flags(client).await,
        "tenant settings",
        "read:tenant_settings",
    ));
    findings.extend(settle(
        applications(client).await,
        "applications",
        "read:clients",
    ));
    findings.sort_by_key(|f| f.severity);
    TenantReport {
        domain: client.domain().to_string(),
        findings,
        checked_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs(),
    }
}

/// A check's findings, or one that says why it could not run.
fn settle(result: Result<Vec<Finding>, Error>, what: &str, scope: &str) -> Vec<Finding> {
    let (message, what_to_do) = match result {
        Ok(found) => return found,
        Err(Error::MissingScope { scope: missing, .. }) => (
            format!("Could not check {what}: the token lacks {missing}."),
            format!("Grant {missing} in {WHERE_TO_GRANT} to include this check."),
        ),
        Err(Error::NotFound(_)) => (
            format!("Could not check {what}: they are not available on this tenant."),
            "Nothing to do.".to_string(),
        ),
        Err(e) => (
            format!("Could not check {what}: {e}"),
            "Refresh the checks later.".to_string(),
        ),
    };
    vec![Finding {
        code: "check_skipped",
        limitation: None,
        severity: Severity::Informational,
        title: format!("Could not check {what}"),
        message,
        what_to_do,
        source: if scope.is_empty() {
            limitations::SOURCE
        } else {
            limitations::SCOPES_SOURCE
        },
        scope: Scope::Tenant,
        connection: None,
        attribute: None,
    }]
}

fn tenant(
    code: &'static str,
    limitation: &'static str,
    severity: Severity,
    message: String,
) -> Finding {
    Finding::of(code, limitation, severity, Scope::Tenant, message)
}

/// "a, b and 3 more"
fn names(list: &[String]) -> String {
    match list.len() {
        0 => String::new(),
        1..=5 => list.join(", "),
        n => format!("{} and {} more", list[..5].join(", "), n - 5),
    }
}

fn items(v: Value, key: &str) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove(key) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

async fn mfa_factors(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let factors = client
        .get_for_check(
            &["guardian", "factors"],
            &[],
            "read:guardian_factors",
            "MFA factors",
        )
        .await?;
    let enabled: Vec<String> = items(factors, "factors")
        .iter()
        .filter(|f| f.get("enabled").and_then(Value::as_bool) == Some(true))
        .map(|f| str_of(f, "name").to_string())
        .collect();
    Ok(if enabled.is_empty() {
        Vec::new()
    } else {
        vec![tenant(
            "mfa_factors",
            "mfa",
            Severity::ChangesTokens,
            format!(
                "Multi-factor authentication factors are enabled on this tenant ({}). When a login goes through \
                 MFA, denied attributes are not included in the tokens it issues.",
                names(&enabled)
            ),
        )]
    })
}

async fn mfa_policies(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let policies = client
        .get_for_check(
            &["guardian", "policies"],
            &[],
            "read:mfa_policies",
            "MFA policies",
        )
        .await?;
    let list: Vec<String> = items(policies, "policies")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    Ok(if list.is_empty() {
        Vec::new()
    } else {
        let meaning = if list.iter().any(|p| p == "all-applications") {
            "MFA is required for every login to every application"
        } else {
            "MFA is required when Auth0 judges a login risky (adaptive MFA)"
        };
        vec![tenant(
            "mfa_policy",
            "mfa",
            Severity::ChangesTokens,
            format!(
                "{meaning} (policy: {}). Those logins issue tokens without the denied attributes.",
                list.join(", ")
            ),
        )]
    })
}

async fn rules(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let query = [
        ("enabled", "true"),
        ("fields", "name,script,enabled"),
        ("include_fields", "true"),
        ("per_page", "100"),
    ];
    let rules = client
        .get_for_check(&["rules"], &query, "read:rules", "rules")
        .await?;
    let enabled: Vec<Value> = items(rules, "rules")
        .into_iter()
        .filter(|r| r.get("enabled").and_then(Value::as_bool) != Some(false))
        .collect();
    let with = |needle: &str| -> Vec<String> {
        enabled
            .iter()
            .filter(|r| str_of(r, "script").contains(needle))
            .map(|r| str_of(r, "name").to_string())
            .collect()
    };
    let mut out = Vec::new();
    let redirecting = with("context.redirect");
    if !redirecting.is_empty() {
        out.push(tenant(
            "rule_redirect",
            "redirect",
            Severity::ChangesTokens,
            format!(
                "Enabled rules redirect during login ({}): after such a redirect, tokens do not include denied attributes.",
                names(&redirecting)
            ),
        ));
    }
    let mfa = with("context.multifactor");
    if !mfa.is_empty() {
        out.push(tenant(
            "rule_mfa",
            "mfa",
            Severity::ChangesTokens,
            format!(
                "Enabled rules trigger multi-factor authentication ({}): those logins issue tokens without the denied attributes.",
                names(&mfa)
            ),
        ));
    }
    Ok(out)
}

async fn actions(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let bindings = client
        .get_for_check(
            &["actions", "triggers", "post-login", "bindings"],
            &[("per_page", "100")],
            "read:actions",
            "post-login Actions",
        )
        .await?;
    let (mut redirecting, mut mfa, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
    for binding in items(bindings, "bindings") {
        let Some(id) = binding.pointer("/action/id").and_then(Value::as_str) else {
            continue;
        };
        // One unreadable Action (e.g. deleted since it was bound) must not hide the others.
        let action = match client
            .get_for_check(
                &["actions", "actions", id],
                &[],
                "read:actions",
                "post-login Actions",
            )
            .await
        {
            Ok(a) => a,
            Err(e @ Error::MissingScope { .. }) => return Err(e),
            Err(_) => {
                unreadable.push(str_of(&binding, "display_name").to_string());
                continue;
            }
        };
        let name = match str_of(&binding, "display_name") {
            "" => str_of(&action, "name").to_string(),
            shown => shown.to_string(),
        };
        let code = str_of(&action, "code");
        if code.contains("api.redirect.sendUserTo") {
            redirecting.push(name.clone());
        }
        if code.contains("api.multifactor.enable") {
            mfa.push(name);
        }
    }
    let heuristic = "(found by searching the Actions' code for that call: a text heuristic, so check the Action itself)";
    let mut out = Vec::new();
    if !redirecting.is_empty() {
        out.push(tenant(
            "action_redirect",
            "redirect",
            Severity::ChangesTokens,
            format!(
                "Post-login Actions appear to redirect during login ({}) {heuristic}: after a redirect, tokens do not \
                 include denied attributes.",
                names(&redirecting)
            ),
        ));
    }
    if !mfa.is_empty() {
        out.push(tenant(
            "action_mfa",
            "mfa",
            Severity::ChangesTokens,
            format!(
                "Post-login Actions appear to enable multi-factor authentication ({}) {heuristic}: those logins issue \
                 tokens without the denied attributes.",
                names(&mfa)
            ),
        ));
    }
    if !unreadable.is_empty() {
        out.push(Finding {
            code: "check_skipped",
            limitation: None,
            severity: Severity::Informational,
            title: "Could not check some post-login Actions".into(),
            message: format!(
                "Could not read these post-login Actions: {}.",
                names(&unreadable)
            ),
            what_to_do: "Check them in Auth0 Dashboard → Actions → Triggers → post-login.".into(),
            source: limitations::SOURCE,
            scope: Scope::Tenant,
            connection: None,
            attribute: None,
        });
    }
    Ok(out)
}

async fn tenant_flags(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let settings = client
        .get_for_check(
            &["tenants", "settings"],
            &[("fields", "flags"), ("include_fields", "true")],
            "read:tenant_settings",
            "tenant settings",
        )
        .await?;
    let flag = |name: &str| {
        settings
            .pointer(&format!("/flags/{name}"))
            .and_then(Value::as_bool)
    };
    let mut out = Vec::new();
    if flag("allow_legacy_delegation_grant_types") == Some(true) {
        out.push(tenant(
            "delegation_allowed",
            "delegation",
            Severity::ChangesTokens,
            "Legacy delegation grants are allowed on this tenant: applications using delegation without \
             scope = passthrough receive tokens without the denied attributes."
                .into(),
        ));
    }
    if flag("disable_impersonation") != Some(true) {
        out.push(tenant(
            "impersonation_enabled",
            "impersonation",
            Severity::Informational,
            "Impersonation is not disabled on this tenant: when a user is impersonated, tokens do not include denied \
             attributes."
                .into(),
        ));
    }
    Ok(out)
}

async fn applications(client: &ManagementClient) -> Result<Vec<Finding>, Error> {
    let (mut delegating, mut legacy_sso) = (Vec::new(), Vec::new());
    for page in 0..50 {
        let page_s = page.to_string();
        let query = [
            ("fields", "client_id,name,grant_types,sso"),
            ("include_fields", "true"),
            ("page", page_s.as_str()),
            ("per_page", "100"),
        ];
        let reply = client
            .get_for_check(&["clients"], &query, "read:clients", "applications")
            .await?;
        let apps = items(reply, "clients");
        for app in &apps {
            let name = str_of(app, "name").to_string();
            let grants: Vec<&str> = app
                .get("grant_types")
                .and_then(Value::as_array)
                .map(|g| g.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if grants.iter().any(|g| g.contains("delegation")) {
                delegating.push(name.clone());
            }
            if app.get("sso").and_then(Value::as_bool) == Some(true) {
                legacy_sso.push(name);
            }
        }
        if apps.len() < 100 {
            break;
        }
    }
    let mut out = Vec::new();
    if !delegating.is_empty() {
        out.push(tenant(
            "delegation_clients",
            "delegation",
            Severity::ChangesTokens,
            format!(
                "Applications may use legacy delegation ({}): without scope = passthrough, their delegated tokens do \
                 not include denied attributes.",
                names(&delegating)
            ),
        ));
    }
    if !legacy_sso.is_empty() {
        out.push(tenant(
            "legacy_sso",
            "legacy_sso",
            Severity::ChangesTokens,
            format!(
                "Applications have the legacy setting “Use Auth0 instead of the IdP to do Single Sign-On” on ({}): \
                 their tokens do not include denied attributes.",
                names(&legacy_sso)
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_stay_short() {
        let v: Vec<String> = (1..=7).map(|i| format!("r{i}")).collect();
        assert_eq!(names(&v[..2]), "r1, r2");
        assert_eq!(names(&v), "r1, r2, r3, r4, r5 and 2 more");
    }

    #[test]
    fn skipped_checks_name_the_scope() {
        let f = settle(
            Err(Error::missing_scope("read:rules", "to check rules")),
            "rules",
            "read:rules",
        );
        assert_eq!(f[0].code, "check_skipped");
        assert!(
            f[0].message.contains("the token lacks read:rules"),
            "{}",
            f[0].message
        );
        assert!(f[0].what_to_do.contains("Machine to Machine"));
    }
}
