//! Byte-exact means bytes: for every recorded connection and hand-made edge
//! cases (huge integers, 1E400, -0.0, escaped unicode, keys that look alike),
//! the PATCH body that went over the wire is compared with the original JSON
//! text by a reader of our own (not serde_json): every other setting, in its
//! order, with its exact value. Dropping `preserve_order` or
//! `arbitrary_precision` from serde_json fails this test.

mod common;

use auth0_simulator::seed;
use common::json_text::{J, exact, parse};
use common::*;
use denylist_core::{ConfigurationValues, Edit, Secret};

const EDGE: &str = include_str!("../../../tests/fixtures/edge/numbers-and-unicode.json");

#[tokio::test]
async fn the_patch_body_carries_every_other_setting_exactly_as_the_original_text() {
    let mut texts: Vec<(String, String)> = seed::RECORDED
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    texts.push(("edge/numbers-and-unicode".into(), EDGE.into()));
    assert!(texts.len() >= 26);
    for (name, text) in texts {
        let original = parse(&text);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let id = value["id"].as_str().unwrap().to_string();
        let configuration: Option<ConfigurationValues> = value["options"]
            .get("configuration")
            .and_then(|c| c.as_object())
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.clone(), Secret::new(v.as_str().unwrap())))
                    .collect()
            });
        let sim = simulator(vec![value]).await;
        edit_with(
            &client(&sim),
            &id,
            Edit::Add(strings(&["byte_exact_check"])),
            configuration.as_ref(),
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let log = sim.requests();
        let raw = log
            .iter()
            .find_map(|r| r.raw_body.clone())
            .unwrap_or_else(|| panic!("{name}: no PATCH was sent"));
        let sent = parse(&raw);

        let (J::Obj(before), Some(J::Obj(after))) =
            (original.get("options").unwrap(), sent.get("options"))
        else {
            panic!("{name}: options are not objects");
        };
        let others = |pairs: &Vec<(String, J)>| -> Vec<(String, J)> {
            pairs
                .iter()
                .filter(|(k, _)| k != "non_persistent_attrs")
                .cloned()
                .collect()
        };
        assert_eq!(
            others(after),
            others(before),
            "{name}: the PATCH body's other settings differ from the original text"
        );
        // The list keeps its place, or is added at the end when there was none.
        let position =
            |pairs: &Vec<(String, J)>| pairs.iter().position(|(k, _)| k == "non_persistent_attrs");
        match position(before) {
            Some(at) => assert_eq!(position(after), Some(at), "{name}"),
            None => assert_eq!(position(after), Some(after.len() - 1), "{name}"),
        }
        let list = after
            .iter()
            .find(|(k, _)| k == "non_persistent_attrs")
            .map(|(_, v)| v.clone());
        let J::Arr(list) = list.unwrap() else {
            panic!("{name}: the list is not a list")
        };
        assert_eq!(
            list.last(),
            Some(&J::Str("byte_exact_check".into())),
            "{name}"
        );
        // Only `options` and `display_name` (when the connection has one) are sent.
        let J::Obj(top) = &sent else { unreachable!() };
        let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
        match original.get("display_name") {
            Some(d) => {
                assert_eq!(keys, ["options", "display_name"], "{name}");
                assert_eq!(sent.get("display_name"), Some(d), "{name}");
            }
            None => assert_eq!(keys, ["options"], "{name}"),
        }
    }
}

#[test]
fn the_reader_is_exact() {
    assert_eq!(exact("1E5"), exact("1e+5"));
    assert_eq!(exact("1.0"), exact("1.00"));
    assert_eq!(exact("10E-1"), exact("1"));
    assert_ne!(exact("-0.0"), exact("0"));
    assert_ne!(
        exact("123456789012345678901234567890"),
        exact("123456789012345678901234567891")
    );
    assert_eq!(
        parse(r#"{"a":"\u00e9\ud83d\ude00","a":[1,{"b":null}]}"#),
        J::Obj(vec![
            ("a".into(), J::Str("é😀".into())),
            (
                "a".into(),
                J::Arr(vec![
                    J::Num("1e0".into()),
                    J::Obj(vec![("b".into(), J::Null)])
                ])
            ),
        ])
    );
}
