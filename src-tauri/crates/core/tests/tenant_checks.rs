//! Tenant-wide limitation checks against the simulator: each finding turned
//! on and off, and every "could not check" path.

mod common;

use auth0_simulator::ALL_SCOPES;
use common::*;
use denylist_core::findings::{Scope, Severity};
use denylist_core::tenant_checks::{TenantReport, check_tenant};
use serde_json::json;

fn codes(r: &TenantReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[tokio::test]
async fn a_clean_tenant_has_no_findings() {
    let sim = simulator(vec![]).await;
    let report = check_tenant(&client(&sim)).await;
    assert!(report.findings.is_empty(), "{:?}", codes(&report));
    assert_eq!(report.domain, sim.base_url());
}

#[tokio::test]
async fn mfa_factors_and_policies() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| t.set_factor("otp", true));
    let report = check_tenant(&client).await;
    assert_eq!(codes(&report), ["mfa_factors"]);
    let f = &report.findings[0];
    assert!(f.message.contains("otp"), "{}", f.message);
    assert_eq!(
        (f.severity, f.scope, f.limitation),
        (Severity::ChangesTokens, Scope::Tenant, Some("mfa"))
    );
    assert!(!f.what_to_do.is_empty() && f.source.contains("Deny List"));

    sim.tenant(|t| {
        t.set_factor("otp", false);
        t.mfa_policies = vec!["all-applications".into()];
    });
    let report = check_tenant(&client).await;
    assert_eq!(codes(&report), ["mfa_policy"]);
    assert!(report.findings[0].message.contains("every login"));
}

#[tokio::test]
async fn rules_that_redirect_or_trigger_mfa() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.add_rule("Harmless", "function (u, c, cb) { cb(null, u, c); }", true);
        t.add_rule(
            "Off redirect",
            "function (u, c, cb) { c.redirect = {url: 'x'}; cb(null, u, c); }",
            false,
        );
    });
    assert!(
        check_tenant(&client).await.findings.is_empty(),
        "disabled and harmless rules are not findings"
    );
    sim.tenant(|t| {
        t.add_rule("Consent", "function (user, context, cb) { context.redirect = { url: 'https://x' }; cb(null, user, context); }", true);
        t.add_rule("Step-up", "function (user, context, cb) { context.multifactor = { provider: 'any' }; cb(null, user, context); }", true);
    });
    let report = check_tenant(&client).await;
    assert_eq!(codes(&report), ["rule_redirect", "rule_mfa"]);
    assert!(
        report.findings[0].message.contains("Consent")
            && !report.findings[0].message.contains("Off redirect")
    );
    assert!(report.findings[1].message.contains("Step-up"));
}

#[tokio::test]
async fn post_login_actions_by_text_heuristic() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.add_action(
            "Claims",
            "exports.onExecutePostLogin = async (event, api) => {};",
            true,
        );
        t.add_action(
            "Unbound",
            "exports.onExecutePostLogin = async (e, api) => { api.redirect.sendUserTo('x'); };",
            false,
        );
    });
    assert!(
        check_tenant(&client).await.findings.is_empty(),
        "only bound Actions count"
    );
    sim.tenant(|t| {
        t.add_action("Progressive profile", "exports.onExecutePostLogin = async (e, api) => { api.redirect.sendUserTo('https://x'); };", true);
        t.add_action("Risky logins", "exports.onExecutePostLogin = async (e, api) => { api.multifactor.enable('any'); };", true);
    });
    let report = check_tenant(&client).await;
    assert_eq!(codes(&report), ["action_redirect", "action_mfa"]);
    assert!(report.findings[0].message.contains("Progressive profile"));
    assert!(report.findings[0].message.contains("text heuristic"));
}

#[tokio::test]
async fn delegation_impersonation_and_legacy_sso() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.tenant_settings = json!({"flags": {"allow_legacy_delegation_grant_types": true, "disable_impersonation": false}});
    });
    let report = check_tenant(&client).await;
    assert_eq!(
        codes(&report),
        ["delegation_allowed", "impersonation_enabled"]
    );
    assert_eq!(report.findings[1].severity, Severity::Informational);

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
    let report = check_tenant(&client).await;
    assert_eq!(codes(&report), ["delegation_clients", "legacy_sso"]);
    assert!(report.findings[0].message.contains("Old delegating app"));
    assert!(report.findings[1].message.contains("Legacy SSO app"));
}

#[tokio::test]
async fn each_missing_scope_skips_its_check_and_says_so() {
    let optional = [
        ("read:guardian_factors", "MFA factors"),
        ("read:mfa_policies", "MFA policies"),
        ("read:rules", "rules"),
        ("read:actions", "post-login Actions"),
        ("read:tenant_settings", "tenant settings"),
        ("read:clients", "applications"),
    ];
    let sim = simulator(vec![]).await;
    sim.tenant(|t| t.set_factor("otp", true));
    for (missing, what) in optional {
        let scopes: Vec<&str> = ALL_SCOPES
            .iter()
            .copied()
            .filter(|s| *s != missing)
            .collect();
        let client = client_with_scopes(&sim, &scopes);
        let report = check_tenant(&client).await;
        let skipped: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "check_skipped")
            .collect();
        assert_eq!(skipped.len(), 1, "{missing}: {:?}", codes(&report));
        assert_eq!(
            skipped[0].message,
            format!("Could not check {what}: the token lacks {missing}.")
        );
        assert!(skipped[0].what_to_do.contains(missing));
        // The other checks still ran.
        if missing != "read:guardian_factors" {
            assert!(codes(&report).contains(&"mfa_factors"), "{missing}");
        }
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
    let report = check_tenant(&client).await;
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
async fn adaptive_mfa_and_an_unreadable_action() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.mfa_policies = vec!["confidence-score".into()];
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
    let report = check_tenant(&client).await;
    let found = codes(&report);
    assert!(
        found.contains(&"mfa_policy") && found.contains(&"action_redirect"),
        "{found:?}"
    );
    let policy = report
        .findings
        .iter()
        .find(|f| f.code == "mfa_policy")
        .unwrap();
    assert!(
        policy.message.contains("adaptive MFA"),
        "{}",
        policy.message
    );
    let skipped = report
        .findings
        .iter()
        .find(|f| f.code == "check_skipped")
        .expect("the unreadable one is said");
    assert!(skipped.message.contains("Gone"), "{}", skipped.message);
}
