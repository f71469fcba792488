//! Paths that only the simulator's own assumptions used to protect: the
//! offset-pagination fallback and its refusal of a partial list, a server
//! that ignores the name filter, `options: {}` served to a token without the
//! options scopes, a server that shows options to any token, and the
//! Auth0-like details of the simulator itself (rate-limit headers everywhere,
//! `take` ≥ 1, `per_page` 100, `fields` on one connection, `is_domain_connection`).

mod common;

use auth0_simulator::{Canned, seed};
use common::*;
use denylist_core::{Edit, Outcome, RetryPolicy};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn an_offset_only_server_is_listed_by_pages_of_100_up_to_1000() {
    let sim = simulator(seed::generated(950)).await;
    sim.tenant(|t| t.faults.ignore_checkpoint = true);
    let rows = client(&sim).list_connections().await.unwrap();
    assert_eq!(rows.len(), 950);
    let unique: std::collections::HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(unique.len(), 950);
    let offset_pages = sim.tenant(|t| {
        t.requests_to("/api/v2/connections")
            .iter()
            .filter(|r| r.query.contains("page="))
            .count()
    });
    assert_eq!(offset_pages, 10, "100 per page");
}

#[tokio::test]
async fn an_offset_only_server_past_1000_is_an_error_not_a_partial_list() {
    let sim = simulator(seed::generated(1300)).await;
    sim.tenant(|t| t.faults.ignore_checkpoint = true);
    let err = client(&sim).list_connections().await.unwrap_err();
    assert_eq!(err.code(), "unexpected_reply");
    assert!(
        err.to_string()
            .contains("reports 1300 connections but only 1000"),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_that_ignores_the_name_filter_still_finds_the_right_connection() {
    let sim = simulator(seed::generated(120)).await;
    sim.tenant(|t| t.faults.ignore_name_filter = true);
    let client = client(&sim);
    let found = client.find_connection("conn-00108-waad").await.unwrap();
    assert_eq!(found.name(), "conn-00108-waad");
    let err = client.find_connection("conn-99999-none").await.unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[tokio::test]
async fn empty_options_are_an_empty_list_with_the_scope_and_a_refusal_without_it() {
    let id = "con_emptyOptions0001";
    let sim = simulator(vec![
        json!({"id": id, "name": "bare", "strategy": "auth0", "options": {}}),
    ])
    .await;
    // With the options scopes, {} is a connection with no settings: the write adds only the list.
    let report = edit(&client(&sim), id, Edit::Add(strings(&["gender"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    assert_eq!(
        sim.patch_bodies()[0]["options"],
        json!({"non_persistent_attrs": ["gender"]})
    );
    // A server answering {} to a token without read:connections_options: writing it back would
    // erase every setting.
    let limited = client_with_scopes(&sim, &["read:connections", "update:connections"]);
    sim.tenant(|t| {
        t.strict_options_scopes = false;
        t.faults.serve(
            Some("GET"),
            Some("/connections/"),
            Canned::Json {
                status: 200,
                body: json!({"id": id, "name": "bare", "strategy": "auth0", "options": {}}),
            },
            2,
        );
    });
    let err = edit(&limited, id, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "options_unreadable", "{err}");
    assert_eq!(sim.patch_bodies().len(), 1, "nothing more was written");
}

#[tokio::test]
async fn a_server_that_shows_options_to_any_token_can_be_edited_with_the_connection_scopes() {
    let id = "con_looseScopes00001";
    let sim = simulator(vec![json!({"id": id, "name": "old", "strategy": "auth0",
        "options": {"brute_force_protection": true, "non_persistent_attrs": []}})])
    .await;
    sim.tenant(|t| t.strict_options_scopes = false);
    let client = client_with_scopes(&sim, &["read:connections", "update:connections"]);
    let report = edit(&client, id, Edit::Add(strings(&["gender"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    assert!(report.verified);
    assert_eq!(
        sim.stored(id).unwrap()["options"],
        json!({"brute_force_protection": true, "non_persistent_attrs": ["gender"]})
    );
}

#[tokio::test]
async fn the_simulator_answers_like_auth0() {
    let sim = simulator(seed::generated(130)).await;
    let token = sim.tenant(|t| t.issue_token(auth0_simulator::ALL_SCOPES, Duration::from_secs(60)));
    let http = reqwest::Client::new();
    let get = |path: String| {
        http.get(format!("{}/api/v2/{path}", sim.base_url()))
            .bearer_auth(&token)
            .send()
    };
    // x-ratelimit-* on every reply, success or not, and on the token endpoint too.
    for path in ["connections?take=1", "connections/nope", "rules"] {
        let r = get(path.into()).await.unwrap();
        for h in [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
        ] {
            assert!(r.headers().contains_key(h), "{path}: no {h}");
        }
    }
    let r = http
        .post(format!("{}/oauth/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("x-ratelimit-remaining"));
    // take ≥ 1.
    let r = get("connections?take=0".into()).await.unwrap();
    assert_eq!(r.status(), 400);
    // per_page defaults to 100.
    let page: serde_json::Value = get("connections?page=0&include_totals=true".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["connections"].as_array().unwrap().len(), 100);
    // fields on one connection; is_domain_connection whatever was asked.
    let id = page["connections"][0]["id"].as_str().unwrap().to_string();
    let one: serde_json::Value = get(format!("connections/{id}?fields=name&include_fields=true"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: Vec<&String> = one.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["name", "is_domain_connection"]);
}

#[tokio::test]
async fn the_token_endpoint_has_its_own_rate_limit() {
    let sim = simulator(vec![]).await;
    sim.tenant(|t| t.token_rate_limit = Some(auth0_simulator::RateLimit::new(1, 0.5)));
    // Two clients sign in at once: the second waits for the bucket and still succeeds. (Auth0's
    // reset is in whole seconds, so a 2 s refill may be said as up to 3 s: allow for the wait.)
    let patient = RetryPolicy {
        max_wait: Duration::from_secs(6),
        ..fast_policy()
    };
    let a = client_with(&sim, CLIENT_ID, CLIENT_SECRET, patient.clone());
    let b = client_with(&sim, CLIENT_ID, CLIENT_SECRET, patient);
    a.scopes().await.unwrap();
    b.scopes().await.unwrap();
    let statuses: Vec<u16> = sim.tenant(|t| {
        t.requests_to("/oauth/token")
            .iter()
            .map(|r| r.status)
            .collect()
    });
    assert_eq!(statuses.first(), Some(&200));
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&200));
}
