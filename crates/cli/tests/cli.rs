//! The `denylist` contract, end to end: the real binary, as a process, against
//! the simulator on loopback.

mod common;

use auth0_simulator::{ALL_SCOPES, RateLimit, Simulator, seed};
use common::*;
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn connections_lists_every_connection_in_text_and_json() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["connections"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("customers") && r.stdout.contains(ID) && r.stdout.contains("samlp"));
    assert!(r.stdout.contains("4 connections"));

    let r = run(&sim, &["--json", "connections"], "").await;
    let doc = r.json();
    let rows = doc["connections"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["id"], ID);
    assert_eq!(rows[0]["name"], "customers");
    assert_eq!(rows[0]["strategy"], "auth0");
    assert_eq!(rows[0]["deny_list_size"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_at_scale_under_the_free_plan_rate_limit() {
    let mut t = tenant();
    for c in seed::generated(1300) {
        t.add_connection(c);
    }
    t.rate_limit = Some(RateLimit::new(2, 2.0));
    let sim = Simulator::start(t).await.unwrap();
    let r = run(&sim, &["--json", "connections"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["connections"].as_array().unwrap().len(), 1304);
}

#[tokio::test(flavor = "multi_thread")]
async fn show_by_name_or_id() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["show", "customers"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("gender"));
    let doc = run(&sim, &["--json", "show", ID], "").await.json();
    assert_eq!(doc["id"], ID);
    assert_eq!(doc["name"], "customers");
    assert_eq!(doc["strategy"], "auth0");
    assert_eq!(doc["non_persistent_attrs"], json!(["gender"]));
    // null on the server is an empty list here.
    assert_eq!(
        run(&sim, &["--json", "show", "partners"], "").await.json()["non_persistent_attrs"],
        json!([])
    );
    let saml = run(&sim, &["show", "acme-saml"], "").await;
    assert!(saml.stdout.contains("Debug mode is on"), "{}", saml.stdout);

    let r = run(&sim, &["show", "nope"], "").await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("No connection named “nope”"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let doc = run(&sim, &["--json", "show", "nope"], "").await.json();
    assert_eq!(doc["error"]["code"], "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn set_add_remove_clear_with_yes() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(
        &sim,
        &["add", "customers", "ethnicity", "user.birthdate", "--yes"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("verified"), "{}", r.stdout);
    assert_eq!(
        stored_list(&sim, ID),
        json!(["gender", "ethnicity", "birthdate"])
    );
    assert_eq!(sim.stored(ID).unwrap()["options"]["passwordPolicy"], "good");

    let r = run(&sim, &["remove", "customers", "gender", "--yes"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stored_list(&sim, ID), json!(["ethnicity", "birthdate"]));

    let doc = run(
        &sim,
        &[
            "--json",
            "set",
            ID,
            "https://acme.com/temporary_idtoken",
            "name",
            "--yes",
        ],
        "",
    )
    .await
    .json();
    assert_eq!(doc["outcome"], "applied");
    assert_eq!(doc["verified"], true);
    assert_eq!(
        doc["non_persistent_attrs"],
        json!(["https://acme.com/temporary_idtoken", "name"])
    );
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "not_in_tokens")
    );

    let r = run(&sim, &["clear", "customers", "--yes"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stored_list(&sim, ID), json!([]));
    assert_eq!(sim.stored(ID).unwrap()["display_name"], "Customers");
}

#[tokio::test(flavor = "multi_thread")]
async fn confirmation_is_read_from_standard_input() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["add", "customers", "ethnicity"], "y\n").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("[y/N]"));
    assert_eq!(stored_list(&sim, ID), json!(["gender", "ethnicity"]));

    for answer in ["n\n", "", "maybe\n"] {
        let r = run(&sim, &["add", "customers", "picture"], answer).await;
        assert_eq!(r.code, 3, "answer {answer:?}: {}", r.stderr);
        assert!(r.stdout.contains("Nothing was changed"), "{}", r.stdout);
    }
    assert_eq!(stored_list(&sim, ID), json!(["gender", "ethnicity"]));
    assert_eq!(sim.patch_bodies().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_sends_nothing() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["add", "customers", "ethnicity", "--dry-run"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("+ ethnicity") && r.stdout.contains("Dry run"),
        "{}",
        r.stdout
    );
    let doc = run(&sim, &["--json", "clear", "customers", "--dry-run"], "")
        .await
        .json();
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["after"], json!([]));
    assert!(sim.patch_bodies().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_concurrent_edit_while_the_prompt_waits_is_a_conflict() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let mut child = command(&sim, &["add", "customers", "ethnicity"])
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 512];
    while !String::from_utf8_lossy(&seen).contains("[y/N]") {
        let n = tokio::time::timeout(Duration::from_secs(20), stdout.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "no prompt: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    // Someone else edits the deny list while the admin reads the plan.
    sim.tenant(|t| {
        t.connection_mut(ID).unwrap()["options"]["non_persistent_attrs"] =
            json!(["gender", "picture"])
    });
    child.stdin.take().unwrap().write_all(b"y\n").await.unwrap();
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("changed by someone else"), "{stderr}");
    assert!(stderr.contains("[gender, picture]"), "{stderr}");
    assert!(sim.patch_bodies().is_empty());
    assert_eq!(stored_list(&sim, ID), json!(["gender", "picture"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_without_the_options_scopes_writes_nothing_and_says_why() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let mut c = command(&sim, &["add", "customers", "ethnicity", "--yes"]);
    c.env("AUTH0_CLIENT_ID", "no-options")
        .env("AUTH0_CLIENT_SECRET", "no-options-secret");
    let r = run_with(c, "").await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("read:connections_options"),
        "{}",
        r.stderr
    );
    assert!(sim.patch_bodies().is_empty());

    let mut c = command(&sim, &["--json", "connections"]);
    c.env("AUTH0_CLIENT_ID", "no-options")
        .env("AUTH0_CLIENT_SECRET", "no-options-secret");
    let doc = run_with(c, "").await.json();
    assert_eq!(doc["connections"][0]["deny_list_size"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_token_in_the_environment() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let token = sim.tenant(|t| t.issue_token(ALL_SCOPES, Duration::from_secs(600)));
    let mut c = command(&sim, &["--json", "show", "customers"]);
    c.env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .env("AUTH0_TOKEN", &token);
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["non_persistent_attrs"], json!(["gender"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn encrypted_configuration_is_refused_unless_re_entered_from_a_file() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["add", "legacy-db", "gender", "--yes"], "").await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("DB_PASSWORD") && r.stderr.contains("--configuration-file"),
        "{}",
        r.stderr
    );
    assert!(sim.patch_bodies().is_empty());

    let file = std::env::temp_dir().join(format!("denylist-config-{}.json", std::process::id()));
    std::fs::write(&file, json!({"DB_PASSWORD": OPTION_SECRETS[2]}).to_string()).unwrap();
    let r = run(
        &sim,
        &[
            "add",
            "legacy-db",
            "gender",
            "--yes",
            "--configuration-file",
            file.to_str().unwrap(),
        ],
        "",
    )
    .await;
    std::fs::remove_file(&file).unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stored = sim.stored("con_cliCustomDb00001").unwrap();
    assert_eq!(
        stored["options"]["configuration"]["DB_PASSWORD"],
        OPTION_SECRETS[2]
    );
    assert_eq!(stored["options"]["non_persistent_attrs"], json!(["gender"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_fails_with_a_plain_message() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["add", "customers", "address.country", "--yes"], "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("only root fields"), "{}", r.stderr);

    let mut c = command(&sim, &["connections"]);
    c.env("AUTH0_CLIENT_SECRET", "wrong");
    let r = run_with(c, "").await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did not accept the client ID and secret"),
        "{}",
        r.stderr
    );

    let mut c = Command::new(env!("CARGO_BIN_EXE_denylist"));
    c.args(["--domain", "https://acme.auth0.com/api/v2", "connections"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let r = run_with(c, "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("contains a path"), "{}", r.stderr);

    let mut c = Command::new(env!("CARGO_BIN_EXE_denylist"));
    c.args(["--domain", "acme.us.auth0.com", "connections"])
        .env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .env_remove("AUTH0_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let r = run_with(c, "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("No credentials"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_reply_is_checked_and_reported_as_saved() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| t.faults.drop_replies_after_patch = 1);
    let doc = run(
        &sim,
        &["--json", "add", "customers", "ethnicity", "--yes"],
        "",
    )
    .await
    .json();
    assert_eq!(doc["outcome"], "applied");
    assert!(
        doc["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("lost"))
    );
    assert_eq!(sim.patch_bodies().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_starts_a_tenant_the_cli_can_use() {
    let mut demo = Command::new(env!("CARGO_BIN_EXE_denylist"));
    demo.args(["--json", "demo", "--port", "0"])
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    let mut child = demo.spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while !line.ends_with(b"\n") {
        let n = tokio::time::timeout(Duration::from_secs(20), stdout.read(&mut byte))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0);
        line.push(byte[0]);
    }
    let info: Value = serde_json::from_slice(&line).unwrap();
    let domain = info["domain"].as_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_denylist"))
        .args([
            "--domain",
            domain,
            "--json",
            "show",
            "Username-Password-Authentication",
        ])
        .env("AUTH0_CLIENT_ID", info["client_id"].as_str().unwrap())
        .env(
            "AUTH0_CLIENT_SECRET",
            info["client_secret"].as_str().unwrap(),
        )
        .env_remove("AUTH0_TOKEN")
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["non_persistent_attrs"], json!(["ethnicity"]));
    child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn json_failures_are_one_document_too() {
    let sim = Simulator::start(tenant()).await.unwrap();
    // Someone else edits the list while the CLI asks for confirmation (it reads again then).
    sim.tenant(|t| {
        t.faults.edit_after_get(ID, 1, |c| {
            c["options"]["non_persistent_attrs"] = json!(["picture"])
        })
    });
    let r = run(&sim, &["--json", "add", ID, "ethnicity"], "y\n").await;
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["error"]["code"], "conflict");
    assert!(r.stderr.contains("changed by someone else"), "{}", r.stderr);
    assert!(sim.patch_bodies().is_empty());

    let r = run(&sim, &["--json", "add", "customers", "x"], "n\n").await;
    assert_eq!(r.code, 3);
    assert_eq!(r.json()["outcome"], "declined");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_write_is_waited_out() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| t.faults.force(Some("PATCH"), None, 429, 2));
    let r = run(
        &sim,
        &["--json", "add", "customers", "ethnicity", "--yes"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["outcome"], "applied");
    assert_eq!(stored_list(&sim, ID), json!(["gender", "ethnicity"]));
    let statuses: Vec<u16> = sim
        .requests()
        .iter()
        .filter(|q| q.method == "PATCH")
        .map(|q| q.status)
        .collect();
    assert_eq!(statuses, [429, 429, 200]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_on_a_custom_database_says_it_would_be_refused() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(
        &sim,
        &["--json", "add", "legacy-db", "gender", "--dry-run"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["after"], json!(["gender"]));
    assert_eq!(doc["would_be_refused"]["code"], "encrypted_configuration");
    let r = run(&sim, &["add", "legacy-db", "gender", "--dry-run"], "").await;
    assert!(
        r.stdout.contains("would be refused") && r.stdout.contains("Dry run"),
        "{}",
        r.stdout
    );
    assert!(sim.patch_bodies().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_requests_but_no_secret() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let r = run(&sim, &["-v", "add", "partners", "gender", "--yes"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("PATCH")
            && r.stderr
                .contains("/api/v2/connections/con_cliOidc000000001"),
        "{}",
        r.stderr
    );
    // (run() already checked that neither output holds a secret or a token)
}

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
    assert!(
        codes.contains(&"mfa_available") && codes.contains(&"rule_redirect"),
        "{codes:?}"
    );
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
    assert!(
        r.stdout
            .contains("Could not check rules: the token lacks read:rules."),
        "{}",
        r.stdout
    );
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
        "read:rules",
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
