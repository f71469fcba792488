//! A connection exactly as Auth0 returned it. Never a typed struct: `options`
//! has hundreds of strategy-specific keys, and every one of them must go back
//! to Auth0 exactly as it came.

use crate::deny_list;
use crate::error::{Error, Result};
use crate::findings::{self, Finding, Severity};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Clone, PartialEq)]
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

    pub fn summary(&self) -> ConnectionSummary {
        ConnectionSummary {
            id: self.id().to_string(),
            name: self.name().to_string(),
            strategy: self.strategy().to_string(),
            strategy_label: strategy_label(self.strategy()),
            kind: kind_of_strategy(self.strategy()),
            display_name: self.display_name().map(str::to_string),
            // Unreadable settings already show as an unknown size; the alert is for what else is found.
            alert: findings::for_connection(self)
                .iter()
                .filter(|f| f.code != "options_unreadable")
                .map(|f| f.severity)
                .min(),
            deny_list_size: self
                .options()
                .and_then(|o| deny_list::read(o).ok())
                .map(|l| l.len()),
        }
    }

    /// Its own findings and those of the attributes on its deny list (no API call).
    pub fn findings(&self) -> Vec<Finding> {
        findings::for_deny_list(self, &self.deny_list().unwrap_or_default())
    }

    /// What the deny-list editor shows: the list, what the docs say about it, and what a write would keep.
    pub fn detail(&self) -> ConnectionDetail {
        let list = self.deny_list().unwrap_or_default();
        let found = self.findings();
        ConnectionDetail {
            summary: self.summary(),
            options_readable: self.options().is_some(),
            other_settings: self
                .options()
                .map_or(0, |o| o.keys().filter(|k| *k != deny_list::KEY).count()),
            configuration_keys: self.encrypted_configuration_keys(),
            suggestions: deny_list::suggestions_for(self.strategy()),
            deny_list: list,
            warnings: found,
        }
    }
}

/// One connection as the editor shows it. Holds nothing secret: never the options themselves.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionDetail {
    #[serde(flatten)]
    pub summary: ConnectionSummary,
    pub deny_list: Vec<String>,
    /// `false` when the token cannot read the connection's settings (then nothing can be written).
    pub options_readable: bool,
    /// Settings sent back unchanged with every write.
    pub other_settings: usize,
    /// Encrypted custom-database configuration keys that must be re-entered to write.
    pub configuration_keys: Vec<String>,
    pub warnings: Vec<Finding>,
    /// What to offer in the add box: common attributes, and claim names for SAML-style connections.
    pub suggestions: Vec<String>,
}

/// One row of the connections list. Holds nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionSummary {
    pub id: String,
    pub name: String,
    pub strategy: String,
    /// A readable name for the strategy (`waad` → `Microsoft Entra ID (Azure AD)`).
    pub strategy_label: String,
    pub kind: ConnectionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The most serious of this connection's own findings (SAML debug logs, database MFA, unreadable settings).
    pub alert: Option<Severity>,
    /// `None` when the options could not be read with this token.
    pub deny_list_size: Option<usize>,
}

/// Broad families of strategies, for filtering and readable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ConnectionKind {
    Database,
    Social,
    Enterprise,
    Passwordless,
}

pub fn kind_of_strategy(strategy: &str) -> ConnectionKind {
    match strategy {
        "auth0" => ConnectionKind::Database,
        "email" | "sms" => ConnectionKind::Passwordless,
        "ad" | "adfs" | "auth0-adldap" | "google-apps" | "ip" | "office365" | "oidc" | "okta"
        | "pingfederate" | "samlp" | "sharepoint" | "waad" => ConnectionKind::Enterprise,
        _ => ConnectionKind::Social,
    }
}

/// A readable name for a strategy (`waad` → `Microsoft Entra ID (Azure AD)`).
pub fn strategy_label(strategy: &str) -> String {
    let known = match strategy {
        "auth0" => "Database",
        "email" => "Passwordless (email)",
        "sms" => "Passwordless (SMS)",
        "ad" => "Active Directory / LDAP",
        "auth0-adldap" => "Active Directory / LDAP",
        "adfs" => "ADFS",
        "google-apps" => "Google Workspace",
        "google-oauth2" => "Google",
        "oidc" => "OpenID Connect",
        "okta" => "Okta Workforce",
        "pingfederate" => "PingFederate",
        "samlp" => "SAML",
        "waad" => "Microsoft Entra ID (Azure AD)",
        "windowslive" => "Microsoft Account",
        "github" => "GitHub",
        "facebook" => "Facebook",
        "apple" => "Apple",
        "linkedin" => "LinkedIn",
        "twitter" => "X (Twitter)",
        "oauth2" => "Custom OAuth2",
        _ => "",
    };
    if known.is_empty() {
        strategy.to_string()
    } else {
        known.to_string()
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
        assert_eq!(c.summary().deny_list_size, None);
        let c = Connection::from_value(json!({"id":"con_1","name":"db","strategy":"auth0",
            "options":{"non_persistent_attrs":["a"],"configuration":{"k":"2.0$…"}}}))
        .unwrap();
        assert_eq!(c.summary().deny_list_size, Some(1));
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

    #[test]
    fn kinds_and_labels() {
        assert_eq!(kind_of_strategy("auth0"), ConnectionKind::Database);
        assert_eq!(kind_of_strategy("samlp"), ConnectionKind::Enterprise);
        assert_eq!(kind_of_strategy("sms"), ConnectionKind::Passwordless);
        assert_eq!(kind_of_strategy("github"), ConnectionKind::Social);
        assert_eq!(strategy_label("waad"), "Microsoft Entra ID (Azure AD)");
        assert_eq!(strategy_label("some-new"), "some-new");
    }
}
