//! Whatever a tenant returns as a connection: no panic, and when a PATCH body
//! can be built it holds every other setting exactly, the deny list as asked
//! (never null), and nothing but `options` and `display_name`; a reply equal
//! to what was sent verifies.
#![no_main]

use denylist_core::Connection;
use denylist_core::change::merge;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((split, rest)) = data.split_first() else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    let Ok(connection) = Connection::from_value(value.clone()) else {
        return;
    };
    let _ = connection.findings();
    let _ = connection.summary();
    let list: Vec<String> = (0..*split % 4).map(|i| format!("attr{i}")).collect();
    let Ok(body) = merge::patch_body(&connection, &list, None) else {
        return;
    };
    assert!(body.keys().all(|k| k == "options" || k == "display_name"));
    let options = body["options"].as_object().expect("options are an object");
    let original = connection.options().expect("a body needs options");
    for (k, v) in original {
        if k != "non_persistent_attrs" {
            assert_eq!(options.get(k), Some(v), "{k} changed");
        }
    }
    assert_eq!(options.len(), original.len() + usize::from(!original.contains_key("non_persistent_attrs")));
    assert_eq!(
        options["non_persistent_attrs"],
        Value::Array(list.iter().cloned().map(Value::String).collect())
    );
    // Auth0 answering with the connection as it was, holding exactly what was sent, verifies.
    let Value::Object(mut reply) = value else {
        return;
    };
    for (k, v) in &body {
        reply.insert(k.clone(), v.clone());
    }
    let stored = Connection::from_value(Value::Object(reply)).expect("a reply with an id");
    let verified = merge::verify(&body, &connection, &stored, &list);
    assert!(verified.is_ok_and(|v| v.checked), "a faithful reply did not verify");
});
