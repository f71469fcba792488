//! Every recorded Auth0 connection (12 strategies), edited through the
//! simulator: afterwards the stored connection equals the original with only
//! the deny list changed, byte for byte (key order and numbers included).

mod common;

use auth0_simulator::seed;
use common::*;
use denylist_core::{ConfigurationValues, Edit, Outcome, Secret};
use serde_json::Value;

#[tokio::test]
async fn every_recorded_connection_keeps_everything_but_the_deny_list() {
    let fixtures = seed::recorded();
    let strategies: std::collections::BTreeSet<String> = fixtures
        .iter()
        .map(|(_, c)| c["strategy"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(strategies.len(), 12, "{strategies:?}");

    let edits = [
        Edit::Add(strings(&["gender"])),
        Edit::Set(strings(&[
            "ethnicity",
            "https://acme.com/temporary_idtoken",
            "user.birthdate",
        ])),
        Edit::Remove(strings(&["ethnicity"])),
        Edit::Clear,
    ];
    for (name, original) in fixtures {
        let sim = simulator(vec![original.clone()]).await;
        let id = original["id"].as_str().unwrap().to_string();
        let mut original = original.as_object().unwrap().clone();
        // Custom databases: re-enter the plain configuration values (the simulator stores them as seeded).
        let configuration: Option<ConfigurationValues> = original["options"]
            .get("configuration")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.clone(), Secret::new(v.as_str().unwrap())))
                    .collect()
            });
        let client = client(&sim);
        for edit in &edits {
            let before = client
                .get_connection(&id)
                .await
                .unwrap()
                .deny_list()
                .unwrap();
            let report = edit_with(&client, &id, edit.clone(), configuration.as_ref())
                .await
                .unwrap_or_else(|e| panic!("{name}: {edit:?}: {e}"));
            // The expected list, worked out here independently of the core.
            let wanted: Vec<String> = match edit {
                Edit::Add(a) => before
                    .iter()
                    .chain(a.iter().filter(|x| !before.contains(x)))
                    .cloned()
                    .collect(),
                Edit::Set(_) => strings(&[
                    "ethnicity",
                    "https://acme.com/temporary_idtoken",
                    "birthdate",
                ]),
                Edit::Remove(r) => before.iter().filter(|x| !r.contains(x)).cloned().collect(),
                Edit::Clear => Vec::new(),
            };
            assert_eq!(report.deny_list, wanted, "{name}: {edit:?}");
            let expected_list: Vec<&str> = wanted.iter().map(String::as_str).collect();
            if before == report.deny_list {
                assert_eq!(report.outcome, Outcome::Unchanged, "{name}: {edit:?}");
            } else {
                assert_eq!(report.outcome, Outcome::Applied, "{name}: {edit:?}");
                assert!(report.verified, "{name}: {edit:?} not verified");
            }
            let stored = sim.stored(&id).unwrap();
            let expected = if report.outcome == Outcome::Applied {
                let mut written = expected_after(&original, &expected_list);
                // Auth0 itself sets a missing display_name to the name on any PATCH;
                // the core sends display_name whenever the connection has one.
                if !written.contains_key("display_name") {
                    written.insert("display_name".into(), written["name"].clone());
                }
                written
            } else {
                original.clone()
            };
            assert_eq!(
                serde_json::to_string(&stored).unwrap(),
                serde_json::to_string(&expected).unwrap(),
                "{name}: after {edit:?} the stored connection differs beyond the deny list"
            );
            original = stored;
        }
        // Set gave exactly these, in order, with user.birthdate understood as birthdate.
        assert!(
            sim.patch_bodies()
                .iter()
                .any(|b| b["options"]["non_persistent_attrs"]
                    == serde_json::json!([
                        "ethnicity",
                        "https://acme.com/temporary_idtoken",
                        "birthdate"
                    ]))
        );
    }
}
