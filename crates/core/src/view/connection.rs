//! What the screens and the command line show of a connection: a row of the
//! list, the editor's detail, and the findings of its own settings and deny
//! list. Holds nothing secret: never the settings themselves.

use crate::checks::findings::{self, Finding, FindingCode, Severity};
use crate::model::connection::Connection;
use crate::model::deny_list;
use crate::model::known_names;
use crate::model::strategy::{ConnectionKind, strategy_label};
use serde::Serialize;

impl Connection {
    pub fn summary(&self) -> ConnectionSummary {
        ConnectionSummary {
            id: self.id().to_string(),
            name: self.name().to_string(),
            strategy: self.strategy().to_string(),
            strategy_label: strategy_label(self.strategy()),
            kind: self.kind(),
            display_name: self.display_name().map(str::to_string),
            // Unreadable settings already show as an unknown size; the alert is for what else is found.
            alert: findings::for_connection(self)
                .iter()
                .filter(|f| f.code != FindingCode::OptionsUnreadable)
                .map(|f| f.severity)
                .min(),
            deny_list_size: self
                .options()
                .and_then(|o| deny_list::read(o).ok())
                .map(|l| l.len()),
            claims: self
                .options()
                .and_then(|o| deny_list::read(o).ok())
                .unwrap_or_default()
                .into_iter()
                .filter(|a| {
                    deny_list::check(a, deny_list::Names::ProviderClaims)
                        .is_ok_and(|x| x.kind != deny_list::AttributeKind::RootField)
                })
                .collect(),
            receives: {
                let mut names = crate::model::known_names::received_by(self);
                for a in self
                    .options()
                    .and_then(|o| deny_list::read(o).ok())
                    .unwrap_or_default()
                {
                    if !names.contains(&a) {
                        names.push(a);
                    }
                }
                names
            },
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
            received: known_names::received_by(self),
            known: known_names::for_connection(self),
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
    /// Names this connection receives, read from its own settings (offered first).
    pub received: Vec<String>,
    /// Every name an attribute is likely to be, for catching misspellings.
    pub known: Vec<String>,
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
    /// Identity providers' claim names on its deny list (URIs, dotted names): likely names elsewhere.
    pub claims: Vec<String>,
    /// Names its settings say it receives (SAML `fieldsMap`, OIDC/Okta attribute mapping) and
    /// those its deny list holds: "connections that receive gender" is found from these.
    pub receives: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_know_the_size_or_say_it_is_unknown() {
        let c =
            Connection::from_value(json!({"id":"con_1","name":"db","strategy":"auth0"})).unwrap();
        assert_eq!(c.summary().deny_list_size, None);
        let c = Connection::from_value(json!({"id":"con_1","name":"db","strategy":"auth0",
            "options":{"non_persistent_attrs":["a"]}}))
        .unwrap();
        assert_eq!(c.summary().deny_list_size, Some(1));
        assert_eq!(c.summary().kind, ConnectionKind::Database);
        let saml = Connection::from_value(json!({"id":"con_2","name":"s","strategy":"samlp",
            "options":{"fieldsMap":{"gender":"http://schemas/gender"},"non_persistent_attrs":["religion"]}}))
        .unwrap();
        assert_eq!(
            saml.summary().receives,
            ["gender", "http://schemas/gender", "religion"]
        );
    }
}
