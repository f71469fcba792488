//! Every PATCH body the core sends validates against Auth0's published
//! `UpdateConnectionRequestContent` schema (extracted into
//! tests/fixtures/openapi/ by scripts/extract-patch-schema.py).

mod common;

use auth0_simulator::seed;
use common::*;
use denylist_core::{ConfigurationValues, Edit, Secret};
use serde_json::{Value, json};

fn validator() -> jsonschema::Validator {
    let text =
        include_str!("../../../tests/fixtures/openapi/update-connection-request.schema.json");
    let schema: Value = serde_json::from_str(text).unwrap();
    jsonschema::validator_for(&schema).expect("the extracted schema compiles")
}

#[test]
fn the_validator_rejects_what_auth0_rejects() {
    // Without this, a schema that accepts anything would make the real test pass vacuously.
    let v = validator();
    assert!(
        v.is_valid(&json!({"options": {"non_persistent_attrs": ["gender"]}, "display_name": "x"}))
    );
    assert!(
        !v.is_valid(&json!({"options": {}, "name": "db"})),
        "name is not patchable"
    );
    assert!(!v.is_valid(&json!({"options": {}, "strategy": "auth0"})));
    assert!(!v.is_valid(&json!({"options": {}, "id": "con_1"})));
    assert!(!v.is_valid(&json!({"options": {}, "provisioning_ticket_url": "x"})));
    assert!(!v.is_valid(&json!({})), "an empty body is refused");
    assert!(!v.is_valid(&json!({"display_name": "x".repeat(129)})));
    assert!(!v.is_valid(&json!({"options": {"non_persistent_attrs": "gender"}})));
}

#[tokio::test]
async fn every_body_sent_for_every_recorded_connection_is_valid() {
    let v = validator();
    let mut checked = 0;
    for (name, original) in seed::recorded() {
        let sim = simulator(vec![original.clone()]).await;
        let id = original["id"].as_str().unwrap().to_string();
        let configuration: Option<ConfigurationValues> = original["options"]
            .get("configuration")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.keys()
                    .map(|k| (k.clone(), Secret::new("plain")))
                    .collect()
            });
        let client = client(&sim);
        for e in [
            Edit::Set(strings(&["gender", "https://acme.com/temporary_idtoken"])),
            Edit::Clear,
        ] {
            edit_with(&client, &id, e, configuration.as_ref())
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for body in sim.patch_bodies() {
            let errors: Vec<String> = v
                .iter_errors(&body)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{name}: body invalid: {errors:?}");
            // Only these two keys, and never a null deny list.
            let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert!(
                keys.iter().all(|k| *k == "options" || *k == "display_name"),
                "{name}: {keys:?}"
            );
            assert!(body["options"]["non_persistent_attrs"].is_array(), "{name}");
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} bodies checked");
}
