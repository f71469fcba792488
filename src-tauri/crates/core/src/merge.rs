//! The merge step of get-merge-patch: build the PATCH body from the freshly
//! read connection, changing only `options.non_persistent_attrs`, and check
//! Auth0's reply for anything that went missing.
//!
//! Auth0 replaces `options` wholesale on PATCH, so every other key must be
//! sent back exactly as read; a missing `display_name` is reset to `name`, so
//! it is echoed too. Nothing else is sent: `id`, `name`, `strategy`, `realms`,
//! `enabled_clients` and `provisioning_ticket_url` are refused or dangerous.

use crate::connection::Connection;
use crate::deny_list;
use crate::error::{Error, Result};
use crate::secret::Secret;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Plain values re-entered by the admin for a custom database's encrypted `configuration`.
pub type ConfigurationValues = BTreeMap<String, Secret>;

/// `{"options": <fresh options, deny list replaced>, "display_name": <fresh, when present>}`.
pub fn patch_body(
    fresh: &Connection,
    deny_list: &[String],
    configuration: Option<&ConfigurationValues>,
) -> Result<Map<String, Value>> {
    let mut options = fresh.require_options()?.clone();
    let encrypted = fresh.encrypted_configuration_keys();
    if !encrypted.is_empty() {
        let values = configuration.ok_or_else(|| Error::EncryptedConfiguration {
            connection: fresh.name().to_string(),
            keys: encrypted.clone(),
        })?;
        options.insert(
            "configuration".into(),
            Value::Object(replacement_configuration(fresh, &encrypted, values)?),
        );
    }
    // `insert` on an existing key keeps its position (preserve_order); never null.
    options.insert(
        deny_list::KEY.into(),
        Value::Array(deny_list.iter().cloned().map(Value::String).collect()),
    );
    let mut body = Map::new();
    body.insert("options".into(), Value::Object(options));
    if let Some(display_name) = fresh.display_name() {
        body.insert("display_name".into(), Value::String(display_name.into()));
    }
    Ok(body)
}

fn replacement_configuration(
    fresh: &Connection,
    keys: &[String],
    values: &ConfigurationValues,
) -> Result<Map<String, Value>> {
    let missing: Vec<&str> = keys
        .iter()
        .filter(|k| values.get(*k).is_none_or(Secret::is_empty))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::InvalidInput(format!(
            "The re-entered configuration of “{}” lacks a value for {}: every existing key must be given, \
             or it would be deleted.",
            fresh.name(),
            missing.join(", ")
        )));
    }
    let extra: Vec<&str> = values
        .keys()
        .filter(|k| !keys.contains(k))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        return Err(Error::InvalidInput(format!(
            "The re-entered configuration of “{}” has keys the connection does not have ({}); \
             only the deny list may change, so remove them.",
            fresh.name(),
            extra.join(", ")
        )));
    }
    // In the connection's own key order (every key was checked above).
    Ok(keys
        .iter()
        .filter_map(|k| {
            Some((
                k.clone(),
                Value::String(values.get(k)?.expose().to_string()),
            ))
        })
        .collect())
}

/// Check a connection Auth0 returned after the write against the body that was sent.
/// `Ok(false)` means the reply carried no `options`, so it could not be checked.
pub fn verify(sent: &Map<String, Value>, stored: &Connection, expected: &[String]) -> Result<bool> {
    let Some(stored_options) = stored.options() else {
        return Ok(false);
    };
    let now = deny_list::read(stored_options)?;
    if now != expected {
        return Err(Error::VerificationFailed(format!(
            "Auth0 accepted the change but now holds the deny list [{}] instead of [{}]. Look at the connection \
             again and try again.",
            now.join(", "),
            expected.join(", ")
        )));
    }
    let sent_options = sent.get("options").and_then(Value::as_object);
    let lost: Vec<&str> = sent_options
        .into_iter()
        .flat_map(|o| o.keys())
        .filter(|k| !stored_options.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !lost.is_empty() {
        return Err(Error::VerificationFailed(format!(
            "Auth0 stored the deny list, but these settings of the connection are missing afterwards: {}. \
             Compare the connection in the Auth0 Dashboard.",
            lost.join(", ")
        )));
    }
    if let Some(Value::String(name)) = sent.get("display_name")
        && stored.display_name() != Some(name.as_str())
    {
        return Err(Error::VerificationFailed(format!(
            "Auth0 stored the deny list, but the display name changed from “{name}” to “{}”.",
            stored.display_name().unwrap_or_default()
        )));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conn(v: Value) -> Connection {
        Connection::from_value(v).unwrap()
    }

    #[test]
    fn only_the_deny_list_changes_and_order_is_kept() {
        let fresh = conn(json!({
            "id": "con_1", "name": "db", "strategy": "auth0", "display_name": "Shown",
            "realms": ["db"], "enabled_clients": ["x"], "provisioning_ticket_url": "https://t",
            "options": {"z": 1, "non_persistent_attrs": null, "big": 123456789012345678901234567890u128, "a": {"b": [1.5, "é"]}}
        }));
        let body = patch_body(&fresh, &["gender".into()], None).unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"options":{"z":1,"non_persistent_attrs":["gender"],"big":123456789012345678901234567890,"a":{"b":[1.5,"é"]}},"display_name":"Shown"}"#
        );
    }

    #[test]
    fn empty_list_is_an_array_never_null_and_absent_display_name_is_not_invented() {
        let fresh = conn(json!({"id": "c", "name": "n", "options": {}}));
        let body = patch_body(&fresh, &[], None).unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"options":{"non_persistent_attrs":[]}}"#
        );
    }

    #[test]
    fn refuses_without_options() {
        let fresh = conn(json!({"id": "c", "name": "n"}));
        assert_eq!(
            patch_body(&fresh, &[], None).unwrap_err().code(),
            "options_unreadable"
        );
    }

    #[test]
    fn encrypted_configuration_needs_every_value_re_entered() {
        let fresh = conn(json!({"id": "c", "name": "n", "strategy": "auth0",
            "options": {"configuration": {"foo": "2.0$aa$bb$cc", "bar": "2.0$dd$ee$ff"}}}));
        assert_eq!(
            patch_body(&fresh, &[], None).unwrap_err().code(),
            "encrypted_configuration"
        );
        let mut values = ConfigurationValues::new();
        values.insert("foo".into(), Secret::new("plain-foo"));
        assert_eq!(
            patch_body(&fresh, &[], Some(&values)).unwrap_err().code(),
            "invalid_input"
        );
        values.insert("bar".into(), Secret::new("plain-bar"));
        let body = patch_body(&fresh, &[], Some(&values)).unwrap();
        assert_eq!(
            body["options"]["configuration"],
            json!({"foo": "plain-foo", "bar": "plain-bar"})
        );
        values.insert("new".into(), Secret::new("x"));
        assert_eq!(
            patch_body(&fresh, &[], Some(&values)).unwrap_err().code(),
            "invalid_input"
        );
    }

    #[test]
    fn verify_spots_a_wrong_list_a_lost_key_and_a_reset_display_name() {
        let sent = patch_body(
            &conn(json!({"id": "c", "name": "n", "display_name": "D", "options": {"a": 1}})),
            &["gender".into()],
            None,
        )
        .unwrap();
        let good = conn(json!({"id": "c", "name": "n", "display_name": "D",
            "options": {"a": 1, "non_persistent_attrs": ["gender"], "derived": true}}));
        assert!(verify(&sent, &good, &["gender".into()]).unwrap());
        let wrong = conn(
            json!({"id": "c", "display_name": "D", "options": {"a": 1, "non_persistent_attrs": []}}),
        );
        assert_eq!(
            verify(&sent, &wrong, &["gender".into()])
                .unwrap_err()
                .code(),
            "verification_failed"
        );
        let lost = conn(
            json!({"id": "c", "display_name": "D", "options": {"non_persistent_attrs": ["gender"]}}),
        );
        assert!(
            verify(&sent, &lost, &["gender".into()])
                .unwrap_err()
                .to_string()
                .contains(": a.")
        );
        let reset = conn(
            json!({"id": "c", "display_name": "n", "options": {"a": 1, "non_persistent_attrs": ["gender"]}}),
        );
        assert!(verify(&sent, &reset, &["gender".into()]).is_err());
        let blind = conn(json!({"id": "c"}));
        assert!(!verify(&sent, &blind, &["gender".into()]).unwrap());
    }
}
