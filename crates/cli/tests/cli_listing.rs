//! The `denylist` contract, end to end: the real binary, as a process, against the simulator on
//! loopback. `connections` and `show`: listing a tenant and reading one connection's deny list.

mod common;

use auth0_simulator::{RateLimit, Simulator, seed};
use common::*;
use serde_json::json;

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
