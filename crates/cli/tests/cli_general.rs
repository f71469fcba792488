//! The `denylist` contract, end to end: the real binary, as a process, against the simulator on
//! loopback. What every subcommand shares: plain errors, one JSON document, the `-v` log, and `demo`.

mod common;

use auth0_simulator::{Simulator, seed};
use common::*;
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::process::Command;

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
    // This run's own secret: the published one of the tests' demo tenant does not sign in.
    assert_ne!(info["client_secret"], seed::DEMO_CLIENT_SECRET);
    assert_eq!(info["client_secret"].as_str().unwrap().len(), 64);
    let outsider = Command::new(env!("CARGO_BIN_EXE_denylist"))
        .args(["--domain", domain, "--json", "connections"])
        .env("AUTH0_CLIENT_ID", info["client_id"].as_str().unwrap())
        .env("AUTH0_CLIENT_SECRET", seed::DEMO_CLIENT_SECRET)
        .env_remove("AUTH0_TOKEN")
        .output()
        .await
        .unwrap();
    assert!(!outsider.status.success(), "the published secret signed in");
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
    // The practice token reads the tenant as a pasted API Explorer token does.
    let pasted = Command::new(env!("CARGO_BIN_EXE_denylist"))
        .args(["--domain", domain, "--json", "connections"])
        .env("AUTH0_TOKEN", info["practice_token"].as_str().unwrap())
        .env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .output()
        .await
        .unwrap();
    assert!(
        pasted.status.success(),
        "{}",
        String::from_utf8_lossy(&pasted.stderr)
    );
    child.kill().await.unwrap();
}

#[test]
fn the_token_guard_finds_a_jwt_and_not_a_random_id() {
    let jwt = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUifQ.c2lnbmF0dXJl";
    assert!(looks_like_a_jwt(jwt));
    assert!(looks_like_a_jwt(&format!("x {} y", &jwt[7..])));
    assert!(!looks_like_a_jwt(r#"{"id": "con_a8eyJq3Lm0Zt7Wc2"}"#));
    assert!(!looks_like_a_jwt("eyJhbGciOiJSUzI1NiJ9 alone"));
}
