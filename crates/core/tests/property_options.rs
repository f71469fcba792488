//! Property: whatever `options` holds (deep trees, huge integers, odd floats,
//! unicode, odd keys, nulls), whatever the strategy, edit kind and attribute
//! form (root fields, `user.` prefixes, claim URIs), and with or without a
//! display name, a deny-list edit through the simulator changes only
//! `non_persistent_attrs` (and, as Auth0 does, a missing display name); every
//! other byte of the stored options, key order and number spelling included,
//! is what it was. 1000 cases by default (`PROPTEST_CASES` to change).

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

/// Attribute names as admins type them: root fields, `user.` prefixes, claim URIs and URNs.
fn attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,12}",
        "user\\.[a-z_]{1,10}",
        "https://[a-z]{1,8}\\.example/[a-z_/]{1,12}",
        "urn:oid:[0-9]\\.[0-9]\\.[0-9]{1,3}",
        Just("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/gender".to_string()),
    ]
}

fn edit_of(kind: u8, attrs: Vec<String>) -> Edit {
    match kind % 4 {
        0 => Edit::Set(attrs),
        1 => Edit::Add(attrs),
        2 => Edit::Remove(attrs),
        _ => Edit::Clear,
    }
}

/// How an admin's input is stored (worked out here, not by the core): `user.x` is `x`.
fn stored_form(input: &str) -> String {
    match input.strip_prefix("user.") {
        Some(rest) if !rest.contains(':') => rest.to_string(),
        _ => input.to_string(),
    }
}

/// The list after `edit`, worked out independently of the core: entries already stored are left
/// as they are (even repeated ones); new ones are added once.
fn expected_list(before: &[String], edit: &Edit) -> Vec<String> {
    let once = |items: Vec<String>, mut seen: Vec<String>| -> Vec<String> {
        let mut out = Vec::new();
        for x in items {
            if !seen.contains(&x) {
                seen.push(x.clone());
                out.push(x);
            }
        }
        out
    };
    match edit {
        Edit::Set(a) => once(a.iter().map(|x| stored_form(x)).collect(), Vec::new()),
        Edit::Add(a) => {
            let mut out = before.to_vec();
            out.extend(once(
                a.iter().map(|x| stored_form(x)).collect(),
                before.to_vec(),
            ));
            out
        }
        Edit::Remove(a) => {
            let gone: Vec<String> = a.iter().map(|x| stored_form(x)).collect();
            before
                .iter()
                .filter(|x| !gone.contains(x) && !a.contains(x))
                .cloned()
                .collect()
        }
        Edit::Clear => Vec::new(),
    }
}

/// Every strategy of the recorded connections.
fn strategies() -> Vec<String> {
    let mut all: Vec<String> = auth0_simulator::seed::recorded()
        .iter()
        .map(|(_, c)| c["strategy"].as_str().unwrap().to_string())
        .collect();
    all.sort();
    all.dedup();
    all
}

#[test]
fn only_the_deny_list_changes_whatever_the_options_hold() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(simulator(vec![]));
    let client = client(&sim);
    let strategies = strategies();
    assert_eq!(strategies.len(), 12);
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let seen_kinds = std::cell::RefCell::new(std::collections::BTreeSet::new());
    proptest!(config, |(
        (options, order, spelled) in options(),
        attrs in prop::collection::vec(attribute(), 0..6),
        kind in any::<u8>(),
        strategy in 0usize..12,
        display_name in prop::option::of("[A-Za-z ]{1,20}"),
    )| {
        let strategy = &strategies[strategy];
        let mut connection = serde_json::json!({"name": "prop", "strategy": strategy, "options": options});
        if let Some(d) = &display_name {
            connection["display_name"] = serde_json::json!(d);
        }
        let id = sim.tenant(|t| t.add_connection(connection));
        let original = sim.stored(&id).unwrap();
        let before: Vec<String> = original["options"]
            .get("non_persistent_attrs")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        let edit = edit_of(kind, attrs);
        seen_kinds.borrow_mut().insert(kind % 4);
        let report = runtime.block_on(common::edit(&client, &id, edit.clone()));
        let report = report.map_err(|e| TestCaseError::fail(format!("{strategy}: {edit:?}: {e}")))?;
        let stored = sim.stored(&id).unwrap();

        let wanted = expected_list(&before, &edit);
        prop_assert_eq!(&report.deny_list, &wanted, "{:?}", edit);
        if report.outcome == Outcome::Applied {
            let list: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let mut expected = expected_after(&original, &list);
            // Auth0 sets a missing display_name to the name on any PATCH.
            if display_name.is_none() {
                expected.insert("display_name".into(), Value::String("prop".into()));
            }
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
    if cases >= 100 {
        assert_eq!(seen_kinds.borrow().len(), 4, "every kind of edit was tried");
    }
}
