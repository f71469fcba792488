//! Auth0's traps, each twice: the simulator reproduces it (a naive client
//! falls in), and the core does not fall in.

mod common;

use auth0_simulator::Simulator;
use common::*;
use denylist_core::{ConfigurationValues, Edit, Error, Outcome, Secret, plan};
use serde_json::{Value, json};

fn db_connection() -> Value {
    json!({
        "id": "con_trapsDatabase01", "name": "customers", "display_name": "Customers", "strategy": "auth0",
        "options": {
            "mfa": {"active": false}, "passwordPolicy": "good", "non_persistent_attrs": ["gender"],
            "attributes": {"email": {"unique": false}}, "brute_force_protection": true,
        },
        "realms": ["customers"], "enabled_clients": ["app1"], "is_domain_connection": false,
    })
}

async fn raw_token(sim: &Simulator) -> String {
    let reply: Value = reqwest::Client::new()
        .post(format!("{}/oauth/token", sim.base_url()))
        .json(&json!({"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                      "audience": format!("{}/api/v2/", sim.base_url())}))
        .send().await.unwrap().json().await.unwrap();
    reply["access_token"].as_str().unwrap().to_string()
}

async fn raw_patch(sim: &Simulator, id: &str, body: Value) -> (u16, Value) {
    let token = raw_token(sim).await;
    let r = reqwest::Client::new()
        .patch(format!("{}/api/v2/connections/{id}", sim.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn options_are_replaced_wholesale() {
    let sim = simulator(vec![db_connection()]).await;
    // The naive PATCH from Auth0's own docs wipes every other option.
    let (status, _) = raw_patch(
        &sim,
        "con_trapsDatabase01",
        json!({"options": {"non_persistent_attrs": ["ethnicity"]}}),
    )
    .await;
    assert_eq!(status, 200);
    let stored = sim.stored("con_trapsDatabase01").unwrap();
    assert_eq!(
        stored["options"],
        json!({"non_persistent_attrs": ["ethnicity"]})
    );

    let sim = simulator(vec![db_connection()]).await;
    edit(
        &client(&sim),
        "con_trapsDatabase01",
        Edit::Add(strings(&["ethnicity"])),
    )
    .await
    .unwrap();
    let stored = sim.stored("con_trapsDatabase01").unwrap();
    let original = db_connection();
    assert_eq!(
        stored["options"]["attributes"],
        original["options"]["attributes"]
    );
    assert_eq!(stored["options"]["passwordPolicy"], "good");
    assert_eq!(
        stored["options"]["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
    assert_eq!(
        stored["enabled_clients"],
        json!(["app1"]),
        "enabled_clients untouched"
    );
}

#[tokio::test]
async fn display_name_is_reset_unless_echoed() {
    let sim = simulator(vec![db_connection()]).await;
    raw_patch(&sim, "con_trapsDatabase01", json!({"options": {}})).await;
    assert_eq!(
        sim.stored("con_trapsDatabase01").unwrap()["display_name"],
        "customers"
    );

    let sim = simulator(vec![db_connection()]).await;
    edit(&client(&sim), "con_trapsDatabase01", Edit::Clear)
        .await
        .unwrap();
    assert_eq!(
        sim.stored("con_trapsDatabase01").unwrap()["display_name"],
        "Customers"
    );
}

#[tokio::test]
async fn read_only_top_level_keys_are_refused_and_never_sent() {
    let sim = simulator(vec![db_connection()]).await;
    let (status, body) = raw_patch(
        &sim,
        "con_trapsDatabase01",
        json!({"options": {}, "strategy": "auth0", "name": "x"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "Payload validation error: 'Additional properties not allowed: strategy,name'."
    );
    assert_eq!(body["errorCode"], "invalid_body");

    let sim = simulator(vec![db_connection()]).await;
    edit(
        &client(&sim),
        "con_trapsDatabase01",
        Edit::Add(strings(&["x"])),
    )
    .await
    .unwrap();
    let bodies = sim.patch_bodies();
    assert_eq!(bodies.len(), 1);
    let keys: Vec<&String> = bodies[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["options", "display_name"]);
}

fn custom_db() -> Value {
    json!({
        "id": "con_trapsCustomDb01", "name": "legacy", "strategy": "auth0",
        "options": {"enabledDatabaseCustomization": true, "configuration": {"API_KEY": "plain-api-key-1", "HOST": "db.local"},
                    "customScripts": {"login": "function login() {}"}, "non_persistent_attrs": null},
    })
}

#[tokio::test]
async fn encrypted_configuration_is_never_echoed() {
    // The trap: a GET returns ciphertext; echoing it stores ciphertext as the new value.
    let sim = simulator(vec![custom_db()]).await;
    let token = raw_token(&sim).await;
    let read = raw_get(&sim, &token, "connections/con_trapsCustomDb01").await;
    let cipher = read["options"]["configuration"]["API_KEY"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cipher.starts_with("2.0$") && !cipher.contains("plain-api-key-1"));
    raw_patch(
        &sim,
        "con_trapsCustomDb01",
        json!({"options": read["options"]}),
    )
    .await;
    assert_eq!(
        sim.stored("con_trapsCustomDb01").unwrap()["options"]["configuration"]["API_KEY"],
        cipher,
        "corrupted"
    );

    // The core refuses, names the keys, and sends nothing.
    let sim = simulator(vec![custom_db()]).await;
    let client = client(&sim);
    let err = edit(
        &client,
        "con_trapsCustomDb01",
        Edit::Add(strings(&["gender"])),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "encrypted_configuration");
    assert!(err.to_string().contains("API_KEY, HOST"), "{err}");
    assert!(!err.to_string().contains("plain-api-key-1"));
    assert!(sim.patch_bodies().is_empty());

    // With the values re-entered, the configuration is stored as typed and the list changes.
    let mut values = ConfigurationValues::new();
    values.insert("API_KEY".into(), Secret::new("plain-api-key-1"));
    values.insert("HOST".into(), Secret::new("db.local"));
    let report = edit_with(
        &client,
        "con_trapsCustomDb01",
        Edit::Add(strings(&["gender"])),
        Some(&values),
    )
    .await
    .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    let stored = sim.stored("con_trapsCustomDb01").unwrap();
    assert_eq!(
        stored["options"]["configuration"],
        json!({"API_KEY": "plain-api-key-1", "HOST": "db.local"})
    );
    assert_eq!(
        stored["options"]["customScripts"],
        custom_db()["options"]["customScripts"]
    );
}

#[tokio::test]
async fn options_hidden_without_the_options_read_scope() {
    let sim = simulator(vec![db_connection()]).await;
    let limited = client_with_scopes(&sim, &["read:connections", "update:connections"]);
    let connection = limited.get_connection("con_trapsDatabase01").await.unwrap();
    assert!(
        connection.options().is_none(),
        "the simulator hides options"
    );

    let err = plan(&connection, &Edit::Add(strings(&["x"]))).unwrap_err();
    assert_eq!(err.code(), "options_unreadable");
    assert!(err.to_string().contains("read:connections_options"));
    let rows = denylist_core::list_connections(&limited).await.unwrap();
    assert_eq!(rows[0].deny_list_size, None);
    assert!(sim.patch_bodies().is_empty());
}

#[tokio::test]
async fn options_scope_vanishing_between_plan_and_apply_is_caught() {
    // The plan was made with a full token; the apply-time GET comes back without options.
    let sim = simulator(vec![db_connection()]).await;
    let full = client(&sim);
    let connection = full.get_connection("con_trapsDatabase01").await.unwrap();
    let mut p = plan(&connection, &Edit::Add(strings(&["x"]))).unwrap();
    // Reviewed for a while: the connection is read again before writing.
    p.read_again_before_writing();
    let limited = client_with_scopes(&sim, &["read:connections", "update:connections"]);
    let err = denylist_core::apply(&limited, &p, None).await.unwrap_err();
    assert_eq!(err.code(), "options_unreadable");
    assert!(
        sim.patch_bodies().is_empty(),
        "nothing written without options"
    );
    assert_eq!(
        sim.stored("con_trapsDatabase01").unwrap(),
        db_connection().as_object().unwrap().clone()
    );
}

#[tokio::test]
async fn writing_options_needs_the_options_write_scope() {
    let sim = simulator(vec![db_connection()]).await;
    let limited = client_with_scopes(
        &sim,
        &[
            "read:connections",
            "update:connections",
            "read:connections_options",
        ],
    );
    let err = edit(&limited, "con_trapsDatabase01", Edit::Clear)
        .await
        .unwrap_err();
    match &err {
        Error::MissingScope { scope, .. } => assert_eq!(scope, "update:connections_options"),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("Machine to Machine Applications"));

    let no_update = client_with_scopes(&sim, &["read:connections", "read:connections_options"]);
    match edit(&no_update, "con_trapsDatabase01", Edit::Clear)
        .await
        .unwrap_err()
    {
        Error::MissingScope { scope, .. } => assert_eq!(scope, "update:connections"),
        other => panic!("{other:?}"),
    }
    let no_read = client_with_scopes(&sim, &["update:connections"]);
    match denylist_core::list_connections(&no_read).await.unwrap_err() {
        Error::MissingScope { scope, .. } => assert_eq!(scope, "read:connections"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn deny_list_limits_are_enforced_by_both_sides() {
    let sim = simulator(vec![db_connection()]).await;
    let too_many: Vec<String> = (0..97).map(|i| format!("a{i}")).collect();
    let (status, body) = raw_patch(
        &sim,
        "con_trapsDatabase01",
        json!({"options": {"non_persistent_attrs": too_many}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("maximum 96"));
    let (status, _) = raw_patch(
        &sim,
        "con_trapsDatabase01",
        json!({"options": {"non_persistent_attrs": ["a".repeat(256)]}}),
    )
    .await;
    assert_eq!(status, 400);

    let sim = simulator(vec![db_connection()]).await;
    let client = client(&sim);
    let too_many: Vec<String> = (0..97).map(|i| format!("a{i}")).collect();
    assert_eq!(
        edit(&client, "con_trapsDatabase01", Edit::Set(too_many))
            .await
            .unwrap_err()
            .code(),
        "invalid_attribute"
    );
    let ninety_six: Vec<String> = (0..96).map(|i| format!("a{i}")).collect();
    edit(&client, "con_trapsDatabase01", Edit::Set(ninety_six))
        .await
        .unwrap();
    assert_eq!(
        edit(
            &client,
            "con_trapsDatabase01",
            Edit::Add(strings(&["one_more"]))
        )
        .await
        .unwrap_err()
        .code(),
        "invalid_attribute"
    );
    assert_eq!(
        edit(
            &client,
            "con_trapsDatabase01",
            Edit::Add(vec!["b".repeat(256)])
        )
        .await
        .unwrap_err()
        .code(),
        "invalid_attribute"
    );
    assert_eq!(sim.patch_bodies().len(), 1);
}

#[tokio::test]
async fn a_null_deny_list_is_read_as_empty_and_written_as_an_array() {
    let mut c = db_connection();
    c["options"]["non_persistent_attrs"] = Value::Null;
    let sim = simulator(vec![c]).await;
    let client = client(&sim);
    assert!(
        client
            .get_connection("con_trapsDatabase01")
            .await
            .unwrap()
            .deny_list()
            .unwrap()
            .is_empty()
    );
    edit(
        &client,
        "con_trapsDatabase01",
        Edit::Add(strings(&["gender"])),
    )
    .await
    .unwrap();
    edit(&client, "con_trapsDatabase01", Edit::Clear)
        .await
        .unwrap();
    assert_eq!(
        sim.stored("con_trapsDatabase01").unwrap()["options"]["non_persistent_attrs"],
        json!([])
    );
    assert!(
        sim.patch_bodies()
            .iter()
            .all(|b| b["options"]["non_persistent_attrs"].is_array())
    );
}
