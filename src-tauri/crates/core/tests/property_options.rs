//! Property: whatever `options` holds (deep trees, huge integers, odd floats,
//! unicode, odd keys, nulls), a deny-list edit through the simulator changes
//! only `non_persistent_attrs`; every other byte of the stored options, key
//! order and number spelling included, is what it was.

mod common;

use common::*;
use denylist_core::{Edit, Outcome};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn number() -> impl Strategy<Value = Value> {
    // Number text exactly as Auth0 might send it; arbitrary_precision keeps the spelling.
    "-?(0|[1-9][0-9]{0,39})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?"
        .prop_map(|text| serde_json::from_str::<Value>(&text).expect("valid JSON number"))
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

fn options() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::collection::vec((key(), tree()), 0..10),
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            prop::collection::vec("[a-z_]{1,10}", 0..5)
                .prop_map(|v| Some(Value::Array(v.into_iter().map(Value::String).collect()))),
        ],
        0usize..10,
    )
        .prop_map(|(pairs, deny, position)| {
            let mut options: Map<String, Value> = pairs
                .into_iter()
                .filter(|(k, _)| k != "non_persistent_attrs" && k != "configuration")
                .collect();
            if let Some(deny) = deny {
                // Put the deny list somewhere in the middle: its position must be kept too.
                let mut reordered = Map::new();
                let at = position.min(options.len());
                for (i, (k, v)) in std::mem::take(&mut options).into_iter().enumerate() {
                    if i == at {
                        reordered.insert("non_persistent_attrs".into(), deny.clone());
                    }
                    reordered.insert(k, v);
                }
                if !reordered.contains_key("non_persistent_attrs") {
                    reordered.insert("non_persistent_attrs".into(), deny);
                }
                options = reordered;
            }
            options
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
    proptest!(config, |(options in options(), attrs in prop::collection::vec("[a-z_]{1,12}", 0..6))| {
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
        sim.tenant(|t| t.connections.clear());
    });
}
