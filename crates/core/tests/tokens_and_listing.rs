//! Signing in (client credentials or a pasted token), scope reporting, listing
//! with checkpoint pagination at scale, and finding a connection by id or name.

mod common;

use auth0_simulator::seed;
use common::*;
use denylist_core::{Credentials, ManagementClient, Secret, TenantDomain};
use serde_json::json;
use std::time::Duration;

fn pasted(sim: &auth0_simulator::Simulator, token: String) -> ManagementClient {
    ManagementClient::with_options(
        TenantDomain::parse(&sim.base_url()).unwrap(),
        Credentials::Token(Secret::new(token)),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap()
}

#[tokio::test]
async fn wrong_or_misconfigured_credentials_are_explained() {
    let sim = simulator(vec![]).await;
    let err = client_with(&sim, CLIENT_ID, "wrong", fast_policy())
        .list_connections()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bad_credentials");
    assert!(
        err.to_string()
            .contains("did not accept the client ID and secret"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("wrong"),
        "the secret is never repeated: {err}"
    );

    sim.tenant(|t| {
        t.add_client("no-grant", "s", &["read:connections"])
            .grant_allowed = false
    });
    let err = client_with(&sim, "no-grant", "s", fast_policy())
        .list_connections()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bad_credentials");
    assert!(
        err.to_string().contains("Client Credentials grant"),
        "{err}"
    );

    sim.tenant(|t| {
        t.add_client("no-api", "s", &["read:connections"])
            .authorized = false
    });
    let err = client_with(&sim, "no-api", "s", fast_policy())
        .list_connections()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("not authorized to call the Auth0 Management API"),
        "{err}"
    );
}

#[tokio::test]
async fn granted_scopes_are_reported() {
    let sim = simulator(vec![]).await;
    let scopes = client(&sim).scopes().await.unwrap().unwrap();
    assert!(scopes.has("update:connections_options"));
    let limited = client_with_scopes(&sim, &["read:connections"]);
    let scopes = limited.scopes().await.unwrap().unwrap();
    assert!(scopes.has("read:connections") && !scopes.has("update:connections"));
}

#[tokio::test]
async fn a_pasted_token_works_and_an_expired_one_is_explained() {
    let sim = simulator(vec![
        json!({"name": "db", "strategy": "auth0", "options": {}}),
    ])
    .await;
    let token = sim.tenant(|t| {
        t.issue_token(
            &["read:connections", "read:connections_options"],
            Duration::from_secs(3600),
        )
    });
    let client = pasted(&sim, token);
    assert_eq!(
        denylist_core::list_connections(&client)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        client
            .scopes()
            .await
            .unwrap()
            .unwrap()
            .has("read:connections_options"),
        "scopes read from the JWT"
    );

    let expired = sim.tenant(|t| t.issue_token(&["read:connections"], Duration::ZERO));
    let err = pasted(&sim, expired).list_connections().await.unwrap_err();
    assert_eq!(err.code(), "bad_credentials");
    assert!(err.to_string().contains("because it has expired"), "{err}");
    assert!(err.to_string().contains("paste a new one"), "{err}");
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire_and_after_a_401() {
    let sim = simulator(vec![
        json!({"name": "db", "strategy": "auth0", "options": {}}),
    ])
    .await;
    sim.tenant(|t| t.token_lifetime = Duration::from_secs(2));
    let client = client(&sim);
    denylist_core::list_connections(&client).await.unwrap();
    denylist_core::list_connections(&client).await.unwrap();
    assert_eq!(
        sim.tenant(|t| t.requests_to("/oauth/token").len()),
        1,
        "cached while fresh"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    denylist_core::list_connections(&client).await.unwrap();
    assert_eq!(
        sim.tenant(|t| t.requests_to("/oauth/token").len()),
        2,
        "renewed a little before expiry"
    );

    // The tenant forgets every token (e.g. revoked): one 401, a new token, success.
    sim.tenant(|t| t.tokens.clear());
    denylist_core::list_connections(&client).await.unwrap();
    assert_eq!(sim.tenant(|t| t.requests_to("/oauth/token").len()), 3);
}

#[tokio::test]
async fn thirteen_hundred_connections_are_all_listed_with_checkpoint_pagination() {
    let sim = simulator(seed::generated(1300)).await;
    let client = client(&sim);
    let rows = denylist_core::list_connections(&client).await.unwrap();
    assert_eq!(rows.len(), 1300);
    let unique: std::collections::HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(unique.len(), 1300);
    assert_eq!(rows[1299].name, "conn-01299-oidc");
    assert_eq!(rows[3].deny_list_size, Some(3));
    let lists = sim.tenant(|t| {
        t.requests_to("/api/v2/connections")
            .into_iter()
            .map(|r| r.query.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(lists.len(), 13, "100 per page");
    assert!(
        lists
            .iter()
            .all(|q| q.contains("take=100") && !q.contains("page=")),
        "{lists:?}"
    );
    assert!(
        lists[0].contains("fields=id%2Cname%2Cstrategy%2Cdisplay_name%2Coptions"),
        "{}",
        lists[0]
    );
}

#[tokio::test]
async fn the_simulator_caps_offset_pagination_at_a_thousand() {
    // The trap a client would fall into with page/per_page: connections 1001+ are unreachable.
    let sim = simulator(seed::generated(1300)).await;
    let token = sim.tenant(|t| t.issue_token(&["read:connections"], Duration::from_secs(60)));
    let page = |n: usize| format!("connections?page={n}&per_page=100&include_totals=true");
    let body = raw_get(&sim, &token, &page(9)).await;
    assert_eq!(body["total"], 1300);
    assert_eq!(body["connections"].as_array().unwrap().len(), 100);
    let body = raw_get(&sim, &token, &page(10)).await;
    assert_eq!(body["connections"].as_array().unwrap().len(), 0);
    // And the strategy filter.
    let body = raw_get(
        &sim,
        &token,
        "connections?strategy=samlp&strategy=oidc&take=100&fields=strategy",
    )
    .await;
    let strategies: Vec<&str> = body["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["strategy"].as_str().unwrap())
        .collect();
    assert!(strategies.iter().all(|s| *s == "samlp" || *s == "oidc") && strategies.len() == 100);
}

#[tokio::test]
async fn connections_are_found_by_exact_name_or_id() {
    let sim = simulator(seed::generated(120)).await;
    sim.tenant(|t| t.add_connection(json!({"id": "con_byNameAndId0001", "name": "Acme Employees", "strategy": "samlp", "options": {}})));
    let client = client(&sim);
    assert_eq!(
        client.find_connection("Acme Employees").await.unwrap().id(),
        "con_byNameAndId0001"
    );
    assert_eq!(
        client
            .find_connection("con_byNameAndId0001")
            .await
            .unwrap()
            .name(),
        "Acme Employees"
    );
    assert_eq!(
        client
            .find_connection("conn-00119-okta")
            .await
            .unwrap()
            .strategy(),
        "okta"
    );
    let err = client.find_connection("acme employees").await.unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(
        err.to_string().contains("Names are exact, including case"),
        "{err}"
    );
    assert_eq!(
        client
            .find_connection("con_doesNotExist0000")
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        client
            .get_connection("con_doesNotExist0000")
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[tokio::test]
async fn token_refusals_are_read_by_status_when_the_body_says_little() {
    let sim = simulator(vec![]).await;
    let client = client(&sim);
    // Management-API-shaped bodies (no OAuth `error` code) at the token endpoint.
    sim.tenant(|t| t.faults.force(Some("POST"), Some("/oauth/token"), 401, 1));
    assert_eq!(
        denylist_core::list_connections(&client)
            .await
            .unwrap_err()
            .code(),
        "bad_credentials"
    );
    sim.tenant(|t| t.faults.force(Some("POST"), Some("/oauth/token"), 403, 1));
    assert_eq!(
        denylist_core::list_connections(&client)
            .await
            .unwrap_err()
            .code(),
        "bad_credentials"
    );
    sim.tenant(|t| t.faults.force(Some("POST"), Some("/oauth/token"), 429, 50));
    assert_eq!(
        denylist_core::list_connections(&client)
            .await
            .unwrap_err()
            .code(),
        "rate_limited"
    );
}

#[tokio::test]
async fn a_local_tenant_naming_its_api_with_https_is_reached() {
    let sim = simulator(vec![
        json!({"name": "db", "strategy": "auth0", "options": {}}),
    ])
    .await;
    let https = sim.base_url().replacen("http://", "https://", 1) + "/api/v2/";
    sim.tenant(|t| t.audience = Some(https));
    assert_eq!(client(&sim).list_connections().await.unwrap().len(), 1);
    assert_eq!(
        sim.tenant(|t| t.requests_to("/oauth/token").len()),
        2,
        "one refusal, then the https audience"
    );

    sim.tenant(|t| t.audience = Some("https://elsewhere/api/v2/".into()));
    let err = client(&sim).list_connections().await.unwrap_err();
    assert!(err.to_string().contains("custom domain"), "{err}");
}

#[tokio::test]
async fn servers_that_refuse_to_list_options_still_list_connections() {
    let sim = simulator(vec![
        json!({"name": "db", "strategy": "auth0", "options": {"non_persistent_attrs": ["x"]}}),
    ])
    .await;
    // The first list (asking for options) is refused with a scope error.
    sim.tenant(|t| {
        t.faults
            .force(Some("GET"), Some("/api/v2/connections"), 403, 1)
    });
    let rows = client(&sim).list_connections().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].deny_list_size, None);
    let queries = sim.tenant(|t| {
        t.requests_to("/api/v2/connections")
            .iter()
            .map(|r| r.query.clone())
            .collect::<Vec<_>>()
    });
    assert!(!queries.last().unwrap().contains("options"), "{queries:?}");
}
