//! Tenant-wide limitation checks against the simulator: each finding turned
//! on and off, quiet on a clean tenant, found past the first page, from the
//! code that runs (deployed Actions), and every "could not check" path
//! (missing scopes, scopes that return less, unavailable or failing endpoints).

mod common;

use auth0_simulator::ALL_SCOPES;
use common::*;
use denylist_core::checks::catalogue::LimitationId;
use denylist_core::checks::findings::{FindingCode, Scope, Severity};
use denylist_core::checks::retirements::rules_end;
use denylist_core::checks::tenant_checks::{TenantReport, check_tenant, check_tenant_at};
use serde_json::json;
use std::time::{Duration, SystemTime};

use FindingCode::*;

/// The checks as they were the day before Auth0 stopped running Rules (the findings about rules
/// that still ran). Tests of today's checks call `check_tenant`.
async fn checked(client: &denylist_core::ManagementClient) -> TenantReport {
    check_tenant_at(client, rules_end() - Duration::from_secs(86400)).await
}

fn codes(r: &TenantReport) -> Vec<FindingCode> {
    r.findings.iter().map(|f| f.code).collect()
}

fn find(r: &TenantReport, code: FindingCode) -> &denylist_core::checks::findings::Finding {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {:?}", codes(r)))
}

#[tokio::test]
async fn a_clean_tenant_has_no_findings() {
    let sim = simulator(vec![]).await;
    // Clean as Auth0 creates them: impersonation disabled or not said, no delegation, MFA off.
    for flags in [
        json!({"flags": {"disable_impersonation": true, "allow_legacy_delegation_grant_types": false}}),
        json!({"flags": {}}),
        json!({}),
    ] {
        sim.tenant(|t| {
            t.tenant_settings = flags.clone();
            t.add_application("Web app", &["authorization_code", "refresh_token"], false);
            t.add_rule("Harmless", "function (u, c, cb) { cb(null, u, c); }", true);
        });
        let report = checked(&client(&sim)).await;
        assert!(report.findings.is_empty(), "{flags}: {:?}", codes(&report));
        assert_eq!(report.domain, sim.base_url());
    }
}

#[tokio::test]
async fn mfa_is_one_finding_from_factors_and_policies_together() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    // A factor without a policy: MFA runs only where a rule or Action asks for it.
    sim.tenant(|t| t.set_factor("otp", true));
    let report = checked(&client).await;
    assert_eq!(codes(&report), [MfaAvailable]);
    let f = &report.findings[0];
    assert!(
        f.message.contains("otp") && f.message.contains("no policy"),
        "{}",
        f.message
    );
    assert_eq!(
        (f.severity, f.scope, f.limitation),
        (
            Severity::Informational,
            Scope::Tenant,
            Some(LimitationId::Mfa)
        )
    );
    // A policy with a factor: tokens change on those logins.
    sim.tenant(|t| t.mfa_policies = vec!["all-applications".into()]);
    let report = checked(&client).await;
    assert_eq!(codes(&report), [MfaRequired]);
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::ChangesTokens);
    assert!(
        f.message.contains("every login") && f.message.contains("with otp"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("Database connections have MFA active by default")
    );
    // A policy with no factor: MFA cannot run yet.
    sim.tenant(|t| t.set_factor("otp", false));
    let report = checked(&client).await;
    assert_eq!(codes(&report), [MfaAvailable]);
    assert!(report.findings[0].message.contains("no factor is enabled"));
    // Adaptive MFA.
    sim.tenant(|t| {
        t.set_factor("sms", true);
        t.mfa_policies = vec!["confidence-score".into()];
    });
    let report = checked(&client).await;
    assert!(find(&report, MfaRequired).message.contains("adaptive MFA"));
}

#[tokio::test]
async fn database_connections_with_mfa_active_are_no_alert_by_themselves() {
    let sim = simulator(vec![
        json!({"id": "con_db", "name": "db", "strategy": "auth0",
        "options": {"mfa": {"active": true, "return_enroll_settings": true}}}),
    ])
    .await;
    let rows = client(&sim).list_connections().await.unwrap();
    assert_eq!(rows[0].alert, None);
    assert!(checked(&client(&sim)).await.findings.is_empty());
}

#[tokio::test]
async fn rules_that_redirect_or_trigger_mfa_even_on_a_later_page() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        for i in 0..150 {
            t.add_rule(
                &format!("Harmless {i}"),
                "function (u, c, cb) { cb(null, u, c); }",
                true,
            );
        }
        t.add_rule(
            "Off redirect",
            "function (u, c, cb) { c.redirect = {url: 'x'}; cb(null, u, c); }",
            false,
        );
    });
    assert!(
        checked(&client).await.findings.is_empty(),
        "disabled and harmless rules are not findings"
    );
    let before = sim.tenant(|t| t.requests_to("/api/v2/rules").len());
    sim.tenant(|t| {
        t.add_rule("Consent", "function (user, context, cb) { context.redirect = { url: 'https://x' }; cb(null, user, context); }", true);
        t.add_rule("Step-up", "function (user, context, cb) { context.multifactor = { provider: 'any' }; cb(null, user, context); }", true);
    });
    let report = checked(&client).await;
    assert_eq!(codes(&report), [RuleRedirect, RuleMfa]);
    let redirect = &report.findings[0];
    assert!(redirect.message.contains("Consent") && !redirect.message.contains("Off redirect"));
    assert!(
        redirect.message.contains("text heuristic"),
        "{}",
        redirect.message
    );
    assert!(report.findings[1].message.contains("Step-up"));
    // Two pages were read to find them.
    let pages = sim.tenant(|t| t.requests_to("/api/v2/rules").len()) - before;
    assert_eq!(pages, 2);
}

#[tokio::test]
async fn post_login_actions_are_judged_by_the_code_that_runs() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    let redirect =
        "exports.onExecutePostLogin = async (e, api) => { api.redirect.sendUserTo('https://x'); };";
    sim.tenant(|t| {
        t.add_action(
            "Claims",
            "exports.onExecutePostLogin = async (event, api) => {};",
            true,
        );
        t.add_action("Unbound", redirect, false);
        // Bound, but the redirect is an undeployed draft; and one never deployed at all.
        t.add_action_versions(
            "Draft only",
            redirect,
            Some("exports.onExecutePostLogin = async () => {};"),
            true,
        );
        t.add_action_versions("Never deployed", redirect, None, true);
    });
    assert!(
        checked(&client).await.findings.is_empty(),
        "only deployed code of bound Actions counts"
    );
    sim.tenant(|t| {
        // More than two pages of bindings (50 a page): the ones that matter come last.
        for i in 0..110 {
            t.add_action(&format!("Quiet {i}"), "exports.onExecutePostLogin = async () => {};", true);
        }
        t.add_action("Progressive profile", redirect, true);
        t.add_action("Risky logins", "exports.onExecutePostLogin = async (e, api) => { api.multifactor.enable('any'); };", true);
        t.add_action("Step-up", "exports.onExecutePostLogin = async (e, api) => { api.authentication.challengeWith({ type: 'otp' }); };", true);
        t.add_action("Enroll", "exports.onExecutePostLogin = async (e, api) => { api.authentication.enrollWithAny([{ type: 'otp' }]); };", true);
        t.add_action("Any", "exports.onExecutePostLogin = async (e, api) => { api.authentication.challengeWithAny([{ type: 'email' }]); };", true);
    });
    let report = checked(&client).await;
    assert_eq!(codes(&report), [ActionRedirect, ActionMfa]);
    let r = &report.findings[0];
    assert!(r.message.contains("Progressive profile"));
    assert!(
        r.message.contains("text heuristic") && r.message.contains("an inference"),
        "{}",
        r.message
    );
    let m = &report.findings[1];
    for name in ["Risky logins", "Step-up", "Enroll", "Any"] {
        assert!(m.message.contains(name), "{name}: {}", m.message);
    }
}

#[tokio::test]
async fn delegation_impersonation_and_legacy_sso() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.tenant_settings = json!({"flags": {"allow_legacy_delegation_grant_types": true, "disable_impersonation": false}});
    });
    let report = checked(&client).await;
    assert_eq!(codes(&report), [DelegationAllowed, ImpersonationAvailable]);
    // Allowing delegation alone changes nothing: informational. Impersonation: no advice to switch it.
    assert_eq!(report.findings[0].severity, Severity::Informational);
    assert_eq!(report.findings[1].severity, Severity::Informational);
    assert!(report.findings[1].message.contains("deprecated"));
    assert!(
        !report.findings[1]
            .what_to_do
            .to_lowercase()
            .contains("disable it")
    );

    sim.tenant(|t| {
        t.tenant_settings = json!({"flags": {"disable_impersonation": true}});
        // More than one page of applications: the ones that matter are on the second.
        for i in 0..140 {
            t.add_application(&format!("App {i}"), &["authorization_code"], false);
        }
        t.add_application(
            "Old delegating app",
            &["http://auth0.com/oauth/legacy/grant-type/delegation/id_token"],
            false,
        );
        t.add_application("Legacy SSO app", &["implicit"], true);
    });
    let report = checked(&client).await;
    assert_eq!(codes(&report), [DelegationClients, LegacySso]);
    assert_eq!(report.findings[0].severity, Severity::ChangesTokens);
    assert!(report.findings[0].message.contains("Old delegating app"));
    assert!(report.findings[1].message.contains("Legacy SSO app"));
}

#[tokio::test]
async fn applications_seen_with_only_the_summary_scope_are_not_checked() {
    let sim = simulator(vec![]).await;
    sim.tenant(|t| t.add_application("Legacy SSO app", &["implicit"], true));
    let mut scopes: Vec<&str> = ALL_SCOPES
        .iter()
        .copied()
        .filter(|s| *s != "read:clients")
        .collect();
    scopes.push("read:client_summary");
    // A token whose scopes are known: skipped without a request.
    let report = checked(&client_with_scopes(&sim, &scopes)).await;
    let skipped = find(&report, CheckSkipped);
    assert_eq!(skipped.missing_scope.as_deref(), Some("read:clients"));
    assert!(!codes(&report).contains(&LegacySso));
    // A pasted token that does not say its scopes: asked, and the thin answer is recognised.
    let token = sim.tenant(|t| t.issue_token(&scopes, std::time::Duration::from_secs(600)));
    let opaque = format!("opaque-{}", token.split('.').nth(2).unwrap());
    sim.tenant(|t| {
        let issued = t.tokens.get(&token).cloned().unwrap();
        t.tokens.insert(opaque.clone(), issued);
    });
    let pasted = denylist_core::ManagementClient::with_options(
        denylist_core::TenantDomain::parse(&sim.base_url()).unwrap(),
        denylist_core::Credentials::Token(denylist_core::Secret::new(opaque)),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap();
    let report = checked(&pasted).await;
    let skipped = find(&report, CheckSkipped);
    assert!(
        skipped.message.contains("read:clients"),
        "{}",
        skipped.message
    );
    assert_eq!(sim.tenant(|t| t.requests_to("/api/v2/clients").len()), 1);
}

#[tokio::test]
async fn each_missing_scope_skips_its_check_and_says_so() {
    let sim = simulator(vec![]).await;
    sim.tenant(|t| {
        t.set_factor("otp", true);
        t.mfa_policies = vec!["all-applications".into()];
    });
    for check in denylist_core::checks::tenant_checks::TenantCheck::ALL {
        let missing = check.scope();
        let scopes: Vec<&str> = ALL_SCOPES
            .iter()
            .copied()
            .filter(|s| *s != missing)
            .collect();
        let client = client_with_scopes(&sim, &scopes);
        let before = sim.tenant(|t| t.log.len());
        let report = checked(&client).await;
        let skipped: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == CheckSkipped)
            .collect();
        assert_eq!(skipped.len(), 1, "{missing}: {:?}", codes(&report));
        assert_eq!(
            skipped[0].message,
            format!(
                "Could not check {}: the token lacks {missing}.",
                check.what()
            )
        );
        assert_eq!(skipped[0].missing_scope.as_deref(), Some(missing));
        assert!(skipped[0].what_to_do.contains(missing));
        assert_eq!(report.missing_scopes(), [missing]);
        // The other checks still ran (MFA from whichever half is readable).
        assert!(
            codes(&report).contains(&MfaRequired) || codes(&report).contains(&MfaAvailable),
            "{missing}: {:?}",
            codes(&report)
        );
        // No request was spent on the check the token cannot make.
        let asked: Vec<String> =
            sim.tenant(|t| t.log[before..].iter().map(|r| r.path.clone()).collect());
        let path = match check {
            denylist_core::checks::tenant_checks::TenantCheck::MfaFactors => "/guardian/factors",
            denylist_core::checks::tenant_checks::TenantCheck::MfaPolicies => "/guardian/policies",
            denylist_core::checks::tenant_checks::TenantCheck::Rules => "/rules",
            denylist_core::checks::tenant_checks::TenantCheck::Actions => "/actions/",
            denylist_core::checks::tenant_checks::TenantCheck::TenantSettings => {
                "/tenants/settings"
            }
            denylist_core::checks::tenant_checks::TenantCheck::Applications => "/clients",
        };
        assert!(
            !asked.iter().any(|p| p.contains(path)),
            "{missing}: {asked:?}"
        );
    }
}

#[tokio::test]
async fn unavailable_or_failing_checks_never_fail_the_whole() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.faults.force(Some("GET"), Some("/api/v2/rules"), 404, 1);
        t.faults
            .force(Some("GET"), Some("/api/v2/clients"), 500, 20);
    });
    let report = checked(&client).await;
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("Could not check rules: they are not available")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Could not check applications:")),
        "{messages:?}"
    );
    assert_eq!(report.findings.len(), 2);
}

#[tokio::test]
async fn an_unreadable_action_is_said_and_the_others_still_count() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.add_action(
            "Redirector",
            "exports.onExecutePostLogin = async (e, api) => { api.redirect.sendUserTo('x'); };",
            true,
        );
        // A binding whose Action cannot be read any more.
        t.post_login_bindings.insert(0, "deleted-action".into());
        t.actions
            .push(json!({"id": "deleted-action", "name": "Gone", "code": ""}));
        t.faults
            .force(Some("GET"), Some("/actions/actions/deleted-action"), 404, 1);
    });
    let report = checked(&client).await;
    assert!(
        codes(&report).contains(&ActionRedirect),
        "{:?}",
        codes(&report)
    );
    let skipped = find(&report, CheckSkipped);
    assert!(skipped.message.contains("Gone"), "{}", skipped.message);
}

#[tokio::test]
async fn after_the_end_of_rules_a_redirecting_rule_changes_no_token() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.add_rule("Consent", "function (user, context, cb) { context.redirect = { url: 'https://x' }; cb(null, user, context); }", true);
        t.add_rule("Step-up", "function (user, context, cb) { context.multifactor = { provider: 'any' }; cb(null, user, context); }", true);
    });
    // Today (and any day from 18 November 2026): one informational line, nothing about tokens or MFA.
    for now in [SystemTime::now(), rules_end()] {
        let report = check_tenant_at(&client, now).await;
        assert_eq!(codes(&report), [RulesNoLongerRun], "{now:?}");
        let f = &report.findings[0];
        assert_eq!(f.severity, Severity::Informational);
        assert!(
            f.message.contains("18 November 2026") && f.message.contains("Consent"),
            "{}",
            f.message
        );
        assert!(!f.message.contains("do not include"), "{}", f.message);
    }
    assert_eq!(codes(&check_tenant(&client).await), [RulesNoLongerRun]);
    // The day before, they still ran: the findings of then.
    assert_eq!(codes(&checked(&client).await), [RuleRedirect, RuleMfa]);
}

#[tokio::test]
async fn after_the_end_of_rules_a_failing_or_empty_rules_endpoint_means_none_remain() {
    let sim = simulator(vec![]).await;
    assert!(check_tenant(&client(&sim)).await.findings.is_empty());
    for status in [404u16, 410, 403, 500] {
        let sim = simulator(vec![]).await;
        sim.tenant(|t| {
            t.add_rule(
                "Leftover",
                "function (u, c, cb) { c.redirect = {url: 'x'}; cb(null, u, c); }",
                true,
            );
            t.faults.serve(
                Some("GET"),
                Some("/api/v2/rules"),
                auth0_simulator::Canned::Status(status),
                10,
            );
        });
        let report = check_tenant(&client(&sim)).await;
        assert!(report.findings.is_empty(), "{status}: {:?}", codes(&report));
    }
}
