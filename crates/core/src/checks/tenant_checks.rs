//! Tenant-wide limitations, detected through the Management API: MFA (factors
//! and policies together), rules and post-login Actions that redirect or
//! trigger MFA, legacy delegation, impersonation, and the legacy SSO setting.
//! Each check needs one read scope, declared once in [`TenantCheck`]; without
//! it, the finding says it could not check. Every list is followed to its last
//! page. Detection never fails as a whole and never blocks editing; a clean
//! tenant gets no finding at all.

use crate::auth0::{ManagementClient, Scopes};
use crate::checks::catalogue::{self, LimitationId};
use crate::checks::findings::{Finding, FindingCode, Scope, Severity};
use crate::checks::retirements;
use crate::error::{Error, WHERE_TO_GRANT};
use serde::Serialize;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Most pages any one check follows: far beyond real tenants (rules and Actions are capped by
/// Auth0 much lower); past it the finding says how many were checked.
const MAX_CHECK_PAGES: usize = 100;
const PER_PAGE: usize = 100;
/// Post-login bindings are listed 50 at a time (Auth0's default page is 20).
const BINDINGS_PER_PAGE: usize = 50;

/// One tenant-wide check: what it reads, and the one scope it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TenantCheck {
    MfaFactors,
    MfaPolicies,
    Rules,
    Actions,
    TenantSettings,
    Applications,
}

impl TenantCheck {
    pub const ALL: [TenantCheck; 6] = [
        TenantCheck::MfaFactors,
        TenantCheck::MfaPolicies,
        TenantCheck::Rules,
        TenantCheck::Actions,
        TenantCheck::TenantSettings,
        TenantCheck::Applications,
    ];

    pub fn scope(self) -> &'static str {
        match self {
            TenantCheck::MfaFactors => "read:guardian_factors",
            TenantCheck::MfaPolicies => "read:mfa_policies",
            TenantCheck::Rules => "read:rules",
            TenantCheck::Actions => "read:actions",
            TenantCheck::TenantSettings => "read:tenant_settings",
            TenantCheck::Applications => "read:clients",
        }
    }

    /// What it looks at, in plain words ("MFA factors").
    pub fn what(self) -> &'static str {
        match self {
            TenantCheck::MfaFactors => "MFA factors",
            TenantCheck::MfaPolicies => "MFA policies",
            TenantCheck::Rules => "rules",
            TenantCheck::Actions => "post-login Actions",
            TenantCheck::TenantSettings => "tenant settings",
            TenantCheck::Applications => "applications",
        }
    }

    /// What granting its scope lets the app detect.
    pub fn purpose(self) -> &'static str {
        match self {
            TenantCheck::MfaFactors => "detect multi-factor authentication (MFA)",
            TenantCheck::MfaPolicies => "detect MFA policies",
            TenantCheck::Rules => {
                "detect rules that redirect or trigger MFA (until Auth0 stops running Rules on 18 November 2026; \
                 then, list those left over)"
            }
            TenantCheck::Actions => "detect Actions that redirect or trigger MFA",
            TenantCheck::TenantSettings => "detect the delegation and impersonation settings",
            TenantCheck::Applications => {
                "detect applications using delegation or the legacy SSO setting"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenantReport {
    pub domain: String,
    pub findings: Vec<Finding>,
    /// Unix seconds.
    pub checked_at: u64,
}

impl TenantReport {
    /// Scopes whose checks were skipped for want of them, in check order.
    pub fn missing_scopes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.findings {
            if let Some(s) = f.missing_scope.as_ref().filter(|_| f.is_skipped())
                && !out.contains(s)
            {
                out.push(s.clone());
            }
        }
        out
    }
}

pub async fn check_tenant(client: &ManagementClient) -> TenantReport {
    check_tenant_at(client, SystemTime::now()).await
}

/// The checks as true at `now` (date-bound facts, such as the end of Rules, depend on it).
pub async fn check_tenant_at(client: &ManagementClient, now: SystemTime) -> TenantReport {
    // Known scopes save a request per check the token cannot make.
    let scopes = client.scopes().await.ok().flatten();
    let scopes = scopes.as_ref();
    // Independent checks at once: the client's rate-limit bucket paces them (x-ratelimit-*).
    let (mfa, rules, actions, flags, apps) = tokio::join!(
        mfa(client, scopes),
        rules(client, scopes, now),
        actions(client, scopes),
        tenant_flags(client, scopes),
        applications(client, scopes),
    );
    let mut findings = mfa;
    findings.extend(settle(rules, TenantCheck::Rules));
    findings.extend(settle(actions, TenantCheck::Actions));
    findings.extend(settle(flags, TenantCheck::TenantSettings));
    findings.extend(settle(apps, TenantCheck::Applications));
    findings.sort_by_key(|f| (f.is_skipped(), f.severity));
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
fn settle(result: Result<Vec<Finding>, Error>, check: TenantCheck) -> Vec<Finding> {
    match result {
        Ok(found) => found,
        Err(e) => vec![skipped(check, &e)],
    }
}

fn skipped(check: TenantCheck, e: &Error) -> Finding {
    let what = check.what();
    let (message, what_to_do, missing) = match e {
        Error::MissingScope { scope, .. } => (
            format!("Could not check {what}: the token lacks {scope}."),
            format!("Grant {scope} in {WHERE_TO_GRANT} to include this check."),
            Some(scope.clone()),
        ),
        Error::NotFound(_) => (
            format!("Could not check {what}: they are not available on this tenant."),
            "Nothing to do.".to_string(),
            None,
        ),
        e => (
            format!("Could not check {what}: {e}"),
            "Refresh the checks later.".to_string(),
            None,
        ),
    };
    let mut f = Finding::own(
        FindingCode::CheckSkipped,
        Severity::Informational,
        Scope::Tenant,
        &format!("Could not check {what}"),
        message,
        &what_to_do,
    );
    f.source = catalogue::SCOPES_SOURCE.into();
    f.missing_scope = missing;
    f
}

/// Refuse a check up front when the token's scopes are known and lack its scope.
fn allowed(scopes: Option<&Scopes>, check: TenantCheck) -> Result<(), Error> {
    match scopes {
        Some(s) if !s.has(check.scope()) => Err(Error::missing_scope(
            check.scope(),
            &format!("to check {}", check.what()),
        )),
        _ => Ok(()),
    }
}

fn tenant(
    code: FindingCode,
    limitation: LimitationId,
    severity: Severity,
    message: String,
) -> Finding {
    Finding::of(code, limitation, severity, Scope::Tenant, message)
}

/// "a, b and 3 more"
fn names(list: &[String]) -> String {
    match list.len() {
        0..=5 => list.join(", "),
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

/// Every item of a `page`/`per_page` list, to its last (short) page. Returns the items and
/// whether the list was cut at [`MAX_CHECK_PAGES`].
async fn all_pages(
    client: &ManagementClient,
    check: TenantCheck,
    segments: &[&str],
    query: &[(&str, &str)],
    key: &str,
    per_page: usize,
) -> Result<(Vec<Value>, bool), Error> {
    let mut all = Vec::new();
    let per_page_s = per_page.to_string();
    for page in 0..MAX_CHECK_PAGES {
        let page_s = page.to_string();
        let mut q: Vec<(&str, &str)> = query.to_vec();
        q.extend([
            ("page", page_s.as_str()),
            ("per_page", per_page_s.as_str()),
            ("include_totals", "true"),
        ]);
        let reply = client
            .get_for(check.scope(), check.what(), segments, &q)
            .await?;
        let total = reply
            .get("total")
            .and_then(Value::as_u64)
            .and_then(|t| usize::try_from(t).ok());
        let got = items(reply, key);
        let short = got.len() < per_page;
        all.extend(got);
        if short || total.is_some_and(|t| all.len() >= t) {
            return Ok((all, false));
        }
    }
    Ok((all, true))
}

/// MFA, from factors and policies together: required by a policy (tokens change on those logins),
/// or only available (it runs where a rule or Action asks for it: those have their own findings).
async fn mfa(client: &ManagementClient, scopes: Option<&Scopes>) -> Vec<Finding> {
    let factors = match allowed(scopes, TenantCheck::MfaFactors) {
        Ok(()) => client
            .get_for(
                TenantCheck::MfaFactors.scope(),
                TenantCheck::MfaFactors.what(),
                &["guardian", "factors"],
                &[],
            )
            .await
            .map(|v| {
                items(v, "factors")
                    .iter()
                    .filter(|f| f.get("enabled").and_then(Value::as_bool) == Some(true))
                    .map(|f| str_of(f, "name").to_string())
                    .collect::<Vec<String>>()
            }),
        Err(e) => Err(e),
    };
    let policies = match allowed(scopes, TenantCheck::MfaPolicies) {
        Ok(()) => client
            .get_for(
                TenantCheck::MfaPolicies.scope(),
                TenantCheck::MfaPolicies.what(),
                &["guardian", "policies"],
                &[],
            )
            .await
            .map(|v| {
                items(v, "policies")
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect::<Vec<String>>()
            }),
        Err(e) => Err(e),
    };
    let mut out = Vec::new();
    let where_active = "Database connections have MFA active by default (options.mfa.active), so it \
                        applies to their logins too.";
    match (&factors, &policies) {
        (_, Ok(p)) if !p.is_empty() && !matches!(&factors, Ok(f) if f.is_empty()) => {
            let meaning = if p.iter().any(|p| p == "all-applications") {
                "MFA is required for every login to every application"
            } else {
                "MFA is required when Auth0 judges a login risky (adaptive MFA)"
            };
            let with = match &factors {
                Ok(f) => format!(" with {}", names(f)),
                Err(_) => String::new(),
            };
            out.push(tenant(
                FindingCode::MfaRequired,
                LimitationId::Mfa,
                Severity::ChangesTokens,
                format!(
                    "{meaning} (policy: {}){with}. Those logins issue tokens without the denied attributes. {where_active}",
                    p.join(", ")
                ),
            ));
        }
        (Ok(f), Ok(p)) if p.is_empty() && !f.is_empty() => out.push(tenant(
            FindingCode::MfaAvailable,
            LimitationId::Mfa,
            Severity::Informational,
            format!(
                "MFA factors are enabled ({}), but no policy requires MFA: it runs only where a rule or Action asks \
                 for it (see those checks), and those logins issue tokens without the denied attributes.",
                names(f)
            ),
        )),
        (Ok(f), Ok(p)) if f.is_empty() && !p.is_empty() => out.push(tenant(
            FindingCode::MfaAvailable,
            LimitationId::Mfa,
            Severity::Informational,
            format!(
                "An MFA policy is set ({}) but no factor is enabled, so MFA cannot run yet. Once a factor is \
                 enabled, those logins issue tokens without the denied attributes.",
                p.join(", ")
            ),
        )),
        (Ok(f), Err(_)) if !f.is_empty() => out.push(tenant(
            FindingCode::MfaAvailable,
            LimitationId::Mfa,
            Severity::Informational,
            format!(
                "MFA factors are enabled ({}); whether a policy requires MFA could not be checked. Logins that go \
                 through MFA issue tokens without the denied attributes.",
                names(f)
            ),
        )),
        _ => {}
    }
    if let Err(e) = &factors {
        out.push(skipped(TenantCheck::MfaFactors, e));
    }
    if let Err(e) = &policies {
        out.push(skipped(TenantCheck::MfaPolicies, e));
    }
    out
}

/// Code searches are heuristics: said so wherever they report.
const HEURISTIC: &str =
    "(found by searching their code for that call: a text heuristic, so check them yourself)";

async fn rules(
    client: &ManagementClient,
    scopes: Option<&Scopes>,
    now: SystemTime,
) -> Result<Vec<Finding>, Error> {
    if retirements::rules_have_ended(now) {
        return Ok(rules_after_their_end(client, scopes).await);
    }
    allowed(scopes, TenantCheck::Rules)?;
    let query = [
        ("enabled", "true"),
        ("fields", "name,script,enabled"),
        ("include_fields", "true"),
    ];
    let (rules, cut) = all_pages(
        client,
        TenantCheck::Rules,
        &["rules"],
        &query,
        "rules",
        PER_PAGE,
    )
    .await?;
    let enabled: Vec<&Value> = rules
        .iter()
        .filter(|r| r.get("enabled").and_then(Value::as_bool) != Some(false))
        .collect();
    let with = |needle: &str| -> Vec<String> {
        enabled
            .iter()
            .filter(|r| str_of(r, "script").contains(needle))
            .map(|r| str_of(r, "name").to_string())
            .collect()
    };
    let checked = checked_note(cut, rules.len(), "rules");
    let mut out = Vec::new();
    let redirecting = with("context.redirect");
    if !redirecting.is_empty() {
        out.push(tenant(
            FindingCode::RuleRedirect,
            LimitationId::Redirect,
            Severity::ChangesTokens,
            format!(
                "Enabled rules appear to redirect during login ({}) {HEURISTIC}: after such a redirect, tokens do not \
                 include denied attributes.{checked}",
                names(&redirecting)
            ),
        ));
    }
    let mfa = with("context.multifactor");
    if !mfa.is_empty() {
        out.push(tenant(
            FindingCode::RuleMfa,
            LimitationId::Mfa,
            Severity::ChangesTokens,
            format!(
                "Enabled rules appear to trigger multi-factor authentication ({}) {HEURISTIC}: those logins issue \
                 tokens without the denied attributes.{checked}",
                names(&mfa)
            ),
        ));
    }
    Ok(out)
}

/// After Auth0 stopped running Rules: those that remain change no login. One line to say so
/// where any remain; nothing where none do, the token cannot read them, or the endpoint fails
/// (its reply after the end is not documented: it means no rule runs either way).
async fn rules_after_their_end(client: &ManagementClient, scopes: Option<&Scopes>) -> Vec<Finding> {
    if allowed(scopes, TenantCheck::Rules).is_err() {
        return Vec::new();
    }
    let query = [("fields", "name,enabled"), ("include_fields", "true")];
    let Ok((rules, _)) = all_pages(
        client,
        TenantCheck::Rules,
        &["rules"],
        &query,
        "rules",
        PER_PAGE,
    )
    .await
    else {
        return Vec::new();
    };
    if rules.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = rules
        .iter()
        .map(|r| str_of(r, "name").to_string())
        .collect();
    vec![Finding::own(
        FindingCode::RulesNoLongerRun,
        Severity::Informational,
        Scope::Tenant,
        "Rules no longer run",
        format!(
            "{} rule{} still listed in this tenant ({}), but Auth0 stopped running Rules on {} (its end of \
             life for Rules and Hooks, {}): they change no login and no token. Only post-login Actions do, and \
             they are checked below.",
            rules.len(),
            if rules.len() == 1 { " is" } else { "s are" },
            names(&listed),
            retirements::RULES_END_TEXT,
            retirements::RULES_NOTICE_URL
        ),
        "Nothing to do for the deny list. Delete the leftover rules in Auth0 Dashboard → Auth Pipeline → Rules, if it \
         still lists them.",
    )]
}

/// Post-login API calls that trigger MFA (the current ones and the older `api.multifactor.enable`).
const ACTION_MFA_CALLS: &[&str] = &[
    "api.multifactor.enable",
    "api.authentication.challengeWith",
    "api.authentication.enrollWith",
];
const ACTION_REDIRECT_CALLS: &[&str] = &["api.redirect.sendUserTo"];

async fn actions(
    client: &ManagementClient,
    scopes: Option<&Scopes>,
) -> Result<Vec<Finding>, Error> {
    allowed(scopes, TenantCheck::Actions)?;
    let (bindings, cut) = all_pages(
        client,
        TenantCheck::Actions,
        &["actions", "triggers", "post-login", "bindings"],
        &[],
        "bindings",
        BINDINGS_PER_PAGE,
    )
    .await?;
    let (mut redirecting, mut mfa, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
    for binding in &bindings {
        let Some(id) = binding.pointer("/action/id").and_then(Value::as_str) else {
            continue;
        };
        // One unreadable Action (e.g. deleted since it was bound) must not hide the others.
        let action = match client
            .get_for(
                TenantCheck::Actions.scope(),
                TenantCheck::Actions.what(),
                &["actions", "actions", id],
                &[],
            )
            .await
        {
            Ok(a) => a,
            Err(e @ Error::MissingScope { .. }) => return Err(e),
            Err(_) => {
                unreadable.push(str_of(binding, "display_name").to_string());
                continue;
            }
        };
        let name = match str_of(binding, "display_name") {
            "" => str_of(&action, "name").to_string(),
            shown => shown.to_string(),
        };
        // What runs is the deployed version; the draft `code` may hold undeployed edits.
        // An Action bound but never deployed runs nothing.
        let Some(code) = action
            .pointer("/deployed_version/code")
            .and_then(Value::as_str)
        else {
            continue;
        };
        if ACTION_REDIRECT_CALLS.iter().any(|c| code.contains(c)) {
            redirecting.push(name.clone());
        }
        if ACTION_MFA_CALLS.iter().any(|c| code.contains(c)) {
            mfa.push(name);
        }
    }
    let checked = checked_note(cut, bindings.len(), "bound Actions");
    let mut out = Vec::new();
    if !redirecting.is_empty() {
        out.push(tenant(
            FindingCode::ActionRedirect,
            LimitationId::Redirect,
            Severity::ChangesTokens,
            format!(
                "Deployed post-login Actions appear to redirect during login ({}) {HEURISTIC}. Auth0 documents that \
                 tokens lack denied attributes after a rule redirects; Actions that redirect are expected to behave \
                 like rules (an inference).{checked}",
                names(&redirecting)
            ),
        ));
    }
    if !mfa.is_empty() {
        out.push(tenant(
            FindingCode::ActionMfa,
            LimitationId::Mfa,
            Severity::ChangesTokens,
            format!(
                "Deployed post-login Actions appear to trigger multi-factor authentication ({}) {HEURISTIC}: those \
                 logins issue tokens without the denied attributes.{checked}",
                names(&mfa)
            ),
        ));
    }
    if !unreadable.is_empty() {
        let mut f = Finding::own(
            FindingCode::CheckSkipped,
            Severity::Informational,
            Scope::Tenant,
            "Could not check some post-login Actions",
            format!(
                "Could not read these post-login Actions: {}.",
                names(&unreadable)
            ),
            "Check them in Auth0 Dashboard → Actions → Triggers → post-login.",
        );
        f.source = catalogue::SOURCE.into();
        out.push(f);
    }
    Ok(out)
}

async fn tenant_flags(
    client: &ManagementClient,
    scopes: Option<&Scopes>,
) -> Result<Vec<Finding>, Error> {
    allowed(scopes, TenantCheck::TenantSettings)?;
    let settings = client
        .get_for(
            TenantCheck::TenantSettings.scope(),
            TenantCheck::TenantSettings.what(),
            &["tenants", "settings"],
            &[("fields", "flags"), ("include_fields", "true")],
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
            FindingCode::DelegationAllowed,
            LimitationId::Delegation,
            Severity::Informational,
            "This tenant allows applications to use legacy delegation grants. That alone changes nothing: only \
             applications that hold a delegation grant (see the applications check) get tokens without the denied \
             attributes, when they do not send scope = passthrough."
                .into(),
        ));
    }
    // Read-only in the spec, set by Auth0: only an explicit `false` says impersonation is available.
    if flag("disable_impersonation") == Some(false) {
        out.push(tenant(
            FindingCode::ImpersonationAvailable,
            LimitationId::Impersonation,
            Severity::Informational,
            "Impersonation (a deprecated feature that lets an administrator log in as a user) is available on this \
             tenant: tokens issued while impersonating do not include denied attributes."
                .into(),
        ));
    }
    Ok(out)
}

async fn applications(
    client: &ManagementClient,
    scopes: Option<&Scopes>,
) -> Result<Vec<Finding>, Error> {
    allowed(scopes, TenantCheck::Applications)?;
    let query = [
        ("fields", "client_id,name,grant_types,sso"),
        ("include_fields", "true"),
    ];
    let (apps, cut) = all_pages(
        client,
        TenantCheck::Applications,
        &["clients"],
        &query,
        "clients",
        PER_PAGE,
    )
    .await?;
    // With only read:client_summary, Auth0 answers without grant_types and sso: that is not
    // "nothing found" but "could not check".
    if !apps.is_empty() && apps.iter().all(|a| a.get("grant_types").is_none()) {
        return Err(Error::missing_scope(
            TenantCheck::Applications.scope(),
            "to check applications (the token sees only their names)",
        ));
    }
    let (mut delegating, mut legacy_sso) = (Vec::new(), Vec::new());
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
    let checked = checked_note(cut, apps.len(), "applications");
    let mut out = Vec::new();
    if !delegating.is_empty() {
        out.push(tenant(
            FindingCode::DelegationClients,
            LimitationId::Delegation,
            Severity::ChangesTokens,
            format!(
                "Applications hold a legacy delegation grant ({}): without scope = passthrough, their delegated \
                 tokens do not include denied attributes.{checked}",
                names(&delegating)
            ),
        ));
    }
    if !legacy_sso.is_empty() {
        out.push(tenant(
            FindingCode::LegacySso,
            LimitationId::LegacySso,
            Severity::ChangesTokens,
            format!(
                "Applications have the legacy setting “Use Auth0 instead of the IdP to do Single Sign-On” on ({}): on \
                 legacy tenants their tokens do not include denied attributes.{checked}",
                names(&legacy_sso)
            ),
        ));
    }
    Ok(out)
}

/// Said when a list was cut at the page limit: how many were checked.
fn checked_note(cut: bool, count: usize, what: &str) -> String {
    if cut {
        format!(" (Only the first {count} {what} were checked.)")
    } else {
        String::new()
    }
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
            TenantCheck::Rules,
        );
        assert_eq!(f[0].code, FindingCode::CheckSkipped);
        assert_eq!(f[0].missing_scope.as_deref(), Some("read:rules"));
        assert!(
            f[0].message.contains("the token lacks read:rules"),
            "{}",
            f[0].message
        );
        assert!(f[0].what_to_do.contains("Machine to Machine"));
    }
}
