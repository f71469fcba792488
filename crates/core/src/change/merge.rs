//! The merge step of get-merge-patch: build the PATCH body from the freshly
//! read connection, changing only `options.non_persistent_attrs`, and check
//! Auth0's reply for anything that went missing.
//!
//! Auth0 replaces `options` wholesale on PATCH, so every other key must be
//! sent back exactly as read; a missing `display_name` is reset to `name`, so
//! it is echoed too. Nothing else is sent: `id`, `name`, `strategy`, `realms`,
//! `enabled_clients` and `provisioning_ticket_url` are refused or dangerous.

use crate::error::{Error, Result};
use crate::model::connection::Connection;
use crate::model::deny_list;
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

/// What the check of Auth0's reply to a write found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verified {
    /// The reply carried the settings, so the list and every setting sent could be checked.
    pub checked: bool,
    /// What else Auth0 changed, in plain words (a display name it set, settings it computes, fields
    /// of the connection that differ from before).
    pub other_changes: Vec<String>,
}

/// Top-level fields of a connection that the write does not send: they must come back as they were.
const UNSENT_FIELDS: &[&str] = &[
    "realms",
    "show_as_button",
    "is_domain_connection",
    "metadata",
    "authentication",
    "connected_accounts",
    "enabled_clients",
];

/// Check a connection Auth0 returned after the write (`stored`) against the body that was sent
/// and the connection it was built from (`fresh`). A wrong list, a lost setting or a changed
/// display name is an error; anything else Auth0 changed is told, not hidden.
pub fn verify(
    sent: &Map<String, Value>,
    fresh: &Connection,
    stored: &Connection,
    expected: &[String],
) -> Result<Verified> {
    let mut other_changes = Vec::new();
    if let Some(Value::String(name)) = sent.get("display_name") {
        if stored
            .display_name()
            .is_some_and(|now| now != name.as_str())
        {
            return Err(Error::VerificationFailed(format!(
                "Auth0 stored the deny list, but the display name changed from “{name}” to “{}”.",
                stored.display_name().unwrap_or_default()
            )));
        }
    } else if let Some(now) = stored.display_name() {
        other_changes.push(format!(
            "Auth0 also set the display name to “{now}”: it does so on any change to a connection that has none."
        ));
    }
    let changed: Vec<&str> = UNSENT_FIELDS
        .iter()
        .copied()
        .filter(|k| stored.get(k).is_some_and(|now| Some(now) != fresh.get(k)))
        .collect();
    if !changed.is_empty() {
        other_changes.push(format!(
            "Auth0's reply shows other fields of the connection different from before the change: {}. This app did \
             not send them; compare the connection in the Auth0 Dashboard.",
            changed.join(", ")
        ));
    }
    let Some(stored_options) = stored.options() else {
        return Ok(Verified {
            checked: false,
            other_changes,
        });
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
    if let Some(sent_options) = sent_options {
        let differ: Vec<&str> = sent_options
            .iter()
            .filter(|(k, v)| stored_options.get(*k).is_some_and(|now| now != *v))
            .map(|(k, _)| k.as_str())
            .collect();
        if !differ.is_empty() {
            other_changes.push(format!(
                "Auth0 stored these settings with other values than were sent back unchanged: {} (Auth0 \
                 recomputes some settings itself; compare them in the Auth0 Dashboard if unsure).",
                differ.join(", ")
            ));
        }
        let added: Vec<&str> = stored_options
            .keys()
            .filter(|k| !sent_options.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            other_changes.push(format!(
                "Auth0 added settings it computes itself: {}.",
                added.join(", ")
            ));
        }
    }
    Ok(Verified {
        checked: true,
        other_changes,
    })
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
        let fresh = conn(json!({"id": "c", "name": "n", "display_name": "D", "options": {"a": 1}}));
        let sent = patch_body(&fresh, &["gender".into()], None).unwrap();
        let g = || vec!["gender".to_string()];
        let good = conn(json!({"id": "c", "name": "n", "display_name": "D",
            "options": {"a": 1, "non_persistent_attrs": ["gender"]}}));
        assert_eq!(
            verify(&sent, &fresh, &good, &g()).unwrap(),
            Verified {
                checked: true,
                other_changes: vec![]
            }
        );
        let wrong = conn(
            json!({"id": "c", "display_name": "D", "options": {"a": 1, "non_persistent_attrs": []}}),
        );
        assert_eq!(
            verify(&sent, &fresh, &wrong, &g()).unwrap_err().code(),
            "verification_failed"
        );
        let lost = conn(
            json!({"id": "c", "display_name": "D", "options": {"non_persistent_attrs": ["gender"]}}),
        );
        assert!(
            verify(&sent, &fresh, &lost, &g())
                .unwrap_err()
                .to_string()
                .contains(": a.")
        );
        let reset = conn(
            json!({"id": "c", "display_name": "n", "options": {"a": 1, "non_persistent_attrs": ["gender"]}}),
        );
        assert!(verify(&sent, &fresh, &reset, &g()).is_err());
        let blind = conn(json!({"id": "c", "display_name": "D"}));
        assert!(!verify(&sent, &fresh, &blind, &g()).unwrap().checked);
    }

    #[test]
    fn verify_tells_what_else_auth0_changed() {
        let fresh = conn(
            json!({"id": "c", "name": "db", "realms": ["db"], "show_as_button": false,
            "options": {"a": 1, "cert": "old"}}),
        );
        let sent = patch_body(&fresh, &["gender".into()], None).unwrap();
        let stored = conn(
            json!({"id": "c", "name": "db", "display_name": "db", "realms": ["db"],
            "show_as_button": true,
            "options": {"a": 1, "cert": "new", "expires": "2030", "non_persistent_attrs": ["gender"]}}),
        );
        let v = verify(&sent, &fresh, &stored, &["gender".into()]).unwrap();
        assert!(v.checked);
        let all = v.other_changes.join(" | ");
        assert!(all.contains("set the display name to “db”"), "{all}");
        assert!(
            all.contains("show_as_button") && !all.contains("realms"),
            "{all}"
        );
        assert!(
            all.contains("other values than were sent back unchanged: cert"),
            "{all}"
        );
        assert!(all.contains("computes itself: expires"), "{all}");
    }
}
