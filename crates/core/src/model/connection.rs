//! A connection exactly as Auth0 returned it. Never a typed struct: `options`
//! has hundreds of strategy-specific keys, and every one of them must go back
//! to Auth0 exactly as it came. What the screens show of it is in `connection_view`.

use crate::error::{Error, Result};
use crate::model::deny_list;
use crate::model::strategy::{ConnectionKind, kind_of_strategy};
use serde_json::{Map, Value};

#[derive(Clone, PartialEq, Eq)]
pub struct Connection(Map<String, Value>);

/// Only what identifies the connection: its options hold client secrets and private keys.
impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("id", &self.id())
            .field("name", &self.name())
            .field("strategy", &self.strategy())
            .field(
                "options",
                &self.options().map(|o| format!("<{} settings>", o.len())),
            )
            .finish()
    }
}

impl Connection {
    /// A connection from a reply: an object with a text `id`, and `options` (when present) an object.
    pub fn from_value(value: Value) -> Result<Connection> {
        let Value::Object(map) = value else {
            return Err(Error::UnexpectedReply(
                "the reply was not a connection (not an object)".into(),
            ));
        };
        if map
            .get("id")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(Error::UnexpectedReply(
                "the reply was not a connection (it has no id)".into(),
            ));
        }
        if map.get("options").is_some_and(|o| !o.is_object()) {
            // Not "missing": a wrong type is a broken reply, never a reason to write options back.
            return Err(Error::UnexpectedReply(
                "the connection's settings (options) are not an object; nothing can be changed safely".into(),
            ));
        }
        Ok(Connection(map))
    }

    pub fn id(&self) -> &str {
        self.str_field("id").unwrap_or_default()
    }
    pub fn name(&self) -> &str {
        self.str_field("name").unwrap_or_default()
    }
    pub fn strategy(&self) -> &str {
        self.str_field("strategy").unwrap_or_default()
    }
    pub fn display_name(&self) -> Option<&str> {
        self.str_field("display_name")
    }
    /// A top-level field as returned.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
    fn str_field(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// `None` when the reply carried no `options` (token without `read:connections_options`).
    pub fn options(&self) -> Option<&Map<String, Value>> {
        self.0.get("options").and_then(Value::as_object)
    }

    /// The options, or the error that explains why they are missing.
    pub fn require_options(&self) -> Result<&Map<String, Value>> {
        self.options().ok_or_else(|| Error::OptionsUnreadable {
            connection: self.name().to_string(),
        })
    }

    pub fn deny_list(&self) -> Result<Vec<String>> {
        deny_list::read(self.require_options()?)
    }

    /// Keys of a non-empty `options.configuration` (custom-database settings Auth0 returns encrypted).
    pub fn encrypted_configuration_keys(&self) -> Vec<String> {
        self.options()
            .and_then(|o| o.get("configuration"))
            .and_then(Value::as_object)
            .map(|c| c.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The broad family of its strategy.
    pub fn kind(&self) -> ConnectionKind {
        kind_of_strategy(self.strategy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_fields_and_reports_missing_options() {
        let c =
            Connection::from_value(json!({"id":"con_1","name":"db","strategy":"auth0"})).unwrap();
        assert_eq!(
            c.require_options().unwrap_err().code(),
            "options_unreadable"
        );
        let c = Connection::from_value(json!({"id":"con_1","name":"db","strategy":"auth0",
            "options":{"non_persistent_attrs":["a"],"configuration":{"k":"2.0$…"}}}))
        .unwrap();
        assert_eq!(c.deny_list().unwrap(), vec!["a".to_string()]);
        assert_eq!(c.encrypted_configuration_keys(), vec!["k".to_string()]);
        assert!(Connection::from_value(json!({"name":"x"})).is_err());
        assert!(Connection::from_value(json!({"id":""})).is_err());
        for wrong in [json!("x"), json!([]), json!(1), json!(null)] {
            let e = Connection::from_value(json!({"id":"c","options":wrong})).unwrap_err();
            assert_eq!(e.code(), "unexpected_reply", "{wrong}");
        }
    }

    #[test]
    fn debug_output_hides_the_options() {
        let c = Connection::from_value(
            json!({"id":"con_1","name":"db","options":{"client_secret":"very-secret"}}),
        )
        .unwrap();
        let text = format!("{c:?}");
        assert!(
            text.contains("con_1") && !text.contains("very-secret"),
            "{text}"
        );
    }
}
