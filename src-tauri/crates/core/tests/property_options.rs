//! Property: whatever `options` holds (deep trees, huge integers, odd floats,
//! unicode, odd keys, nulls), a deny-list edit through the simulator changes
//! only `non_persistent_attrs`; every other byte of the stored options, key
//! order and number spelling included, is what it was.

mod common;

use common::*;
use denylist_core::{Edit, Outcome};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Number text as Auth0 (Node.js) writes it: any digits, exponents as `e+N`/`e-N`.
/// (serde_json keeps every digit; it would spell `1E5` as `1e+5`, a form JSON.stringify never emits.)
const NUMBER: &str = "-?(0|[1-9][0-9]{0,39})(\\.[0-9]{1,20})?(e[+-][0-9]{1,3})?";

fn number() -> impl Strategy<Value = Value> {
    NUMBER.prop_map(|text| serde_json::from_str::<Value>(&text).expect("valid JSON number"))
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,12}",
        "\\PC{0,10}", // any printable unicode, including empty
        Just("non_persistent_attrs ".to_string()),
        Just("__proto__".to_string()),
        Just("".to_string()),
        Just("a.b[0]".to_string()),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        "\\PC{0,20}".prop_map(Value::String),
        Just(Value::String(
            "line\nbreak \"quoted\" \\ back\u{0}slash".into()
        )),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Options, the order their keys must keep, and one number's exact spelling (both worked out
/// here from the generated pairs, independently of serde_json).
fn options() -> impl Strategy<Value = (Map<String, Value>, Vec<String>, String)> {
    (
        prop::collection::vec((key(), tree()), 0..10),
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            prop::collection::vec("[a-z_]{1,10}", 0..5)
                .prop_map(|v| Some(Value::Array(v.into_iter().map(Value::String).collect()))),
        ],
        0usize..10,
        NUMBER,
    )
        .prop_map(|(pairs, deny, position, spelled)| {
            let pairs: Vec<(String, Value)> = pairs
                .into_iter()
                .filter(|(k, _)| {
                    k != "non_persistent_attrs" && k != "configuration" && k != "spelled"
                })
                .chain([(
                    "spelled".to_string(),
                    serde_json::from_str(&spelled).unwrap(),
                )])
                .collect();
            let mut order: Vec<String> = Vec::new();
            for (k, _) in &pairs {
                if !order.contains(k) {
                    order.push(k.clone());
                }
            }
            let mut options = Map::new();
            for (k, v) in pairs {
                // Like a JSON object with a repeated key: the first position, the last value.
                options.insert(k, v);
            }
            if let Some(deny) = deny {
                // Put the deny list somewhere in the middle: its position must be kept too.
                let at = position.min(order.len());
                order.insert(at, "non_persistent_attrs".into());
                let mut reordered = Map::new();
                for k in &order {
                    let v = if k == "non_persistent_attrs" {
                        deny.clone()
                    } else {
                        options[k].clone()
                    };
                    reordered.insert(k.clone(), v);
                }
                options = reordered;
            }
            (options, order, spelled)
        })
}

#[test]
fn only_the_deny_list_changes_whatever_the_options_hold() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(simulator(vec![]));
    let client = client(&sim);
    let config = ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |((options, order, spelled) in options(), attrs in prop::collection::vec("[a-z_]{1,12}", 0..6))| {
        let id = sim.tenant(|t| t.add_connection(serde_json::json!({
            "name": "prop", "display_name": "Prop", "strategy": "oidc", "options": options,
        })));
        let original = sim.stored(&id).unwrap();
        let report = runtime.block_on(edit(&client, &id, Edit::Set(attrs.clone())));
        let report = report.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let stored = sim.stored(&id).unwrap();

        let mut wanted: Vec<String> = Vec::new();
        for a in attrs { if !wanted.contains(&a) { wanted.push(a); } }
        prop_assert_eq!(&report.deny_list, &wanted);
        if report.outcome == Outcome::Applied {
            let list: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let expected = expected_after(&original, &list);
            prop_assert_eq!(serde_json::to_string(&stored).unwrap(), serde_json::to_string(&expected).unwrap());
        } else {
            prop_assert_eq!(serde_json::to_string(&stored).unwrap(), serde_json::to_string(&original).unwrap());
        }
        let stored_options = stored["options"].as_object().unwrap();
        let mut stored_order: Vec<&String> = stored_options.keys().collect();
        if !order.iter().any(|k| k == "non_persistent_attrs") {
            // A list that was absent is appended by the write.
            stored_order.retain(|k| *k != "non_persistent_attrs" || report.outcome != Outcome::Applied);
        }
        prop_assert_eq!(stored_order, order.iter().collect::<Vec<_>>());
        prop_assert_eq!(stored_options["spelled"].to_string(), spelled);
        sim.tenant(|t| t.connections.clear());
    });
}
