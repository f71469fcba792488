//! Shared by the core's integration tests: a simulator on loopback and a client for it.
#![allow(dead_code)]

pub mod json_text;

use auth0_simulator::{ALL_SCOPES, Simulator, Tenant};
use denylist_core::{
    ApplyReport, ConfigurationValues, Connection, Credentials, Edit, ManagementClient, Result,
    RetryPolicy, Secret, TenantDomain, apply, plan,
};
use serde_json::{Map, Value};
use std::time::Duration;

pub const CLIENT_ID: &str = "test-client";
pub const CLIENT_SECRET: &str = "test-client-secret-SHOULD-NOT-LEAK";

/// Quick retries so fault tests take milliseconds, not minutes.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_secs(3),
        request_timeout: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

/// A simulator with one all-scopes client and these connections.
pub async fn simulator(connections: Vec<Value>) -> Simulator {
    let mut tenant = Tenant::new();
    tenant.add_client(CLIENT_ID, CLIENT_SECRET, ALL_SCOPES);
    for c in connections {
        tenant.add_connection(c);
    }
    Simulator::start(tenant).await.expect("simulator starts")
}

pub fn client(sim: &Simulator) -> ManagementClient {
    client_with(sim, CLIENT_ID, CLIENT_SECRET, fast_policy())
}

pub fn client_with(
    sim: &Simulator,
    id: &str,
    secret: &str,
    policy: RetryPolicy,
) -> ManagementClient {
    ManagementClient::with_options(
        TenantDomain::parse(&sim.base_url()).unwrap(),
        Credentials::ClientCredentials {
            client_id: id.into(),
            client_secret: Secret::new(secret),
        },
        policy,
        denylist_core::progress::silent(),
    )
    .unwrap()
}

/// A client whose only scopes are `scopes` (a second application on the tenant).
pub fn client_with_scopes(sim: &Simulator, scopes: &[&str]) -> ManagementClient {
    sim.tenant(|t| {
        t.add_client("limited", "limited-secret", scopes);
    });
    client_with(sim, "limited", "limited-secret", fast_policy())
}

/// Plan and apply one edit, as the CLI and the app do.
pub async fn edit(client: &ManagementClient, id: &str, edit: Edit) -> Result<ApplyReport> {
    edit_with(client, id, edit, None).await
}

/// Plan, then apply as after a person reviewed it: the connection is read again before writing.
pub async fn reviewed(client: &ManagementClient, id: &str, edit: Edit) -> Result<ApplyReport> {
    let connection: Connection = client.get_connection(id).await?;
    let mut plan = plan(&connection, &edit)?;
    plan.read_again_before_writing();
    apply(client, &plan, None).await
}

pub async fn edit_with(
    client: &ManagementClient,
    id: &str,
    edit: Edit,
    configuration: Option<&ConfigurationValues>,
) -> Result<ApplyReport> {
    let connection: Connection = client.get_connection(id).await?;
    let plan = plan(&connection, &edit)?;
    apply(client, &plan, configuration).await
}

/// `original` with only `options.non_persistent_attrs` set to `list`.
pub fn expected_after(original: &Map<String, Value>, list: &[&str]) -> Map<String, Value> {
    let mut expected = original.clone();
    let options = expected
        .get_mut("options")
        .and_then(Value::as_object_mut)
        .expect("has options");
    options.insert(
        "non_persistent_attrs".into(),
        Value::Array(list.iter().map(|s| Value::String(s.to_string())).collect()),
    );
    expected
}

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// GET `path_and_query` under the simulator's /api/v2 with a bearer token, as any HTTP client would.
pub async fn raw_get(sim: &Simulator, token: &str, path_and_query: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/api/v2/{path_and_query}", sim.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `client.list_connections()` in tests, as the listing module does it.
pub trait ListConnections {
    fn list_connections(
        &self,
    ) -> impl std::future::Future<Output = Result<Vec<denylist_core::ConnectionSummary>>>;
}

impl ListConnections for ManagementClient {
    async fn list_connections(&self) -> Result<Vec<denylist_core::ConnectionSummary>> {
        denylist_core::list_connections(self).await
    }
}
