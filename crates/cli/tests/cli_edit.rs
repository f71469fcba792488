//! The `denylist` contract, end to end: the real binary, as a process, against the simulator on
//! loopback. `set`, `add`, `remove`, `clear`: a change, its confirmation, and what happens on the way.

mod common;

use auth0_simulator::{ALL_SCOPES, Simulator};
use common::*;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
