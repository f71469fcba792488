//! The `denylist` contract, end to end: the real binary, as a process, against the simulator on
//! loopback. `check`, and what an edit says before it is confirmed: findings, misspellings, stored values.

mod common;

use auth0_simulator::Simulator;
use common::*;

#[tokio::test(flavor = "multi_thread")]
async fn check_reports_tenant_and_connection_findings() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| {
        t.set_factor("sms", true);
        t.add_rule(
            "Consent",
            "function (u, context, cb) { context.redirect = {url: 'x'}; cb(null, u, context); }",
            true,
        );
    });
    let doc = run(&sim, &["--json", "check"], "").await.json();
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // Today Rules no longer run (Auth0 ended them on 18 November 2026): the redirecting rule is
    // said to change nothing, never to change tokens.
    assert!(
        codes.contains(&"mfa_available") && codes.contains(&"rules_no_longer_run"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"rule_redirect"), "{codes:?}");
    assert!(
        codes.contains(&"saml_debug_logs"),
        "connection findings across connections: {codes:?}"
    );
    let saml = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "saml_debug_logs")
        .unwrap();
    assert_eq!(saml["scope"], "connection");
    assert_eq!(saml["connection"], "acme-saml");
    assert_eq!(saml["severity"], "blocks_intent");
    // Limitations apply: Auth0's way out is given, with its example.
    assert!(
        doc["way_out"]["example"]
            .as_str()
            .unwrap()
            .contains("api.user.setAppMetadata"),
        "{doc}"
    );

    let r = run(&sim, &["check", "customers"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Multi-factor authentication [good to know]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("What you can do:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("keep the value encrypted instead"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("exports.onExecutePostLogin"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("This connection and its deny list: nothing to report."),
        "{}",
        r.stdout
    );

    // Without the optional scopes, each check says what it could not do.
    let mut c = command(&sim, &["check"]);
    c.env("AUTH0_CLIENT_ID", "no-options")
        .env("AUTH0_CLIENT_SECRET", "no-options-secret");
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Rules have ended: a token without read:rules misses nothing, and nothing is said of it.
    assert!(!r.stdout.contains("Could not check rules"), "{}", r.stdout);
    assert!(r.stdout.contains("Could not check"), "{}", r.stdout);
    assert!(r.stdout.contains("Settings cannot be read"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_show_the_tenant_findings_before_confirmation() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| {
        t.mfa_policies = vec!["all-applications".into()];
        t.set_factor("otp", true);
    });
    let r = run(&sim, &["add", "customers", "nickname"], "n\n").await;
    assert_eq!(r.code, 3);
    let prompt = r.stdout.find("[y/N]").unwrap();
    let tenant = r
        .stdout
        .find("On this tenant:")
        .expect("tenant findings shown");
    assert!(tenant < prompt);
    assert!(
        r.stdout.contains("MFA is required for every login"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("no longer included in tokens"),
        "{}",
        r.stdout
    );
    let doc = run(
        &sim,
        &["--json", "add", "customers", "nickname", "--dry-run"],
        "",
    )
    .await
    .json();
    assert_eq!(doc["tenant_findings"][0]["code"], "mfa_required");

    // A token with only the editing scopes: one line about the checks it cannot make, not six.
    let mut c = command(&sim, &["add", "customers", "ethnicity", "--dry-run"]);
    c.env("AUTH0_CLIENT_ID", "editor")
        .env("AUTH0_CLIENT_SECRET", "editor-secret");
    sim.tenant(|t| {
        t.add_client(
            "editor",
            "editor-secret",
            &[
                "read:connections",
                "update:connections",
                "read:connections_options",
                "update:connections_options",
            ],
        );
    });
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("Could not check").count(),
        0,
        "{}",
        r.stdout
    );
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Not checked on this tenant"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    for scope in [
        "read:guardian_factors",
        "read:mfa_policies",
        "read:actions",
        "read:tenant_settings",
        "read:clients",
    ] {
        assert!(line.contains(scope), "{scope}: {line}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn misspellings_removals_and_stored_values_are_said_before_anything_happens() {
    let sim = Simulator::start(tenant()).await.unwrap();
    // A likely misspelling is flagged, not silently accepted.
    let r = run(&sim, &["add", "customers", "ethnicty", "--dry-run"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Did you mean “ethnicity”? “ethnicty” is close to it"),
        "{}",
        r.stdout
    );
    // A removal says what it means.
    let r = run(&sim, &["remove", "customers", "gender", "--dry-run"], "").await;
    assert!(
        r.stdout
            .contains("Auth0 will store “gender” again whenever it receives it"),
        "{}",
        r.stdout
    );
    // Claims that must match are said once, not once per claim.
    let r = run(
        &sim,
        &[
            "add",
            "partners",
            "https://a.example/x",
            "https://a.example/y",
            "--dry-run",
        ],
        "",
    )
    .await;
    assert_eq!(
        r.stdout
            .matches("must match, character for character")
            .count(),
        1,
        "{}",
        r.stdout
    );
    // What is already stored of the denied attributes.
    sim.tenant(|t| {
        t.add_users("customers", 12, &[("gender", "x")]);
        t.add_users("customers", 5, &[]);
        t.add_users("partners", 3, &[("gender", "x")]);
    });
    let r = run(&sim, &["check", "customers"], "").await;
    assert!(
        r.stdout
            .contains("gender: 12 users of this connection still have it stored"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("does not say whether values stored before"),
        "{}",
        r.stdout
    );
    let doc = run(&sim, &["--json", "check", "customers"], "")
        .await
        .json();
    assert_eq!(doc["already_stored"]["counts"][0]["users"], 12);
    // Without read:users: said, not guessed.
    let mut c = command(&sim, &["check", "customers"]);
    c.env("AUTH0_CLIENT_ID", "no-options")
        .env("AUTH0_CLIENT_SECRET", "no-options-secret");
    let r = run_with(c, "").await;
    assert!(!r.stdout.contains("12 users"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn tenant_checks_are_run_once_and_never_waited_for_by_yes() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let dir = Artifacts::new("checks-cache");
    let checked = |sim: &Simulator| sim.tenant(|t| t.requests_to("/guardian/factors").len());
    let with_cache = |args: &[&str]| {
        let mut c = command(&sim, args);
        c.env("XDG_CACHE_HOME", dir.path());
        c
    };
    // --yes: no check is run (none is known yet), and it says so.
    let r = run_with(with_cache(&["add", ID, "ethnicity", "--yes"]), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Tenant-wide checks were not run"),
        "{}",
        r.stdout
    );
    assert_eq!(checked(&sim), 0);
    // Asked before applying: the checks run once, then are kept for ten minutes.
    let r = run_with(with_cache(&["add", ID, "picture"]), "n\n").await;
    assert_eq!(r.code, 3);
    assert_eq!(checked(&sim), 1);
    let r = run_with(with_cache(&["add", ID, "address"]), "y\n").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(checked(&sim), 1, "kept, not run again");
    // A --yes run shows them when they are known.
    let r = run_with(with_cache(&["add", ID, "birthdate", "--yes"]), "").await;
    assert!(!r.stdout.contains("were not run"), "{}", r.stdout);
    // `check` always asks again.
    assert_eq!(run_with(with_cache(&["check"]), "").await.code, 0);
    assert_eq!(checked(&sim), 2);
    // The kept file holds findings only: no secret, no settings.
    for f in files_containing(dir.path(), "findings") {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("options") && !text.contains("NEVER-PRINTED"),
            "{text}"
        );
    }
}
