//! Warnings that need no API call: what Auth0's documentation says about
//! particular attributes and connection settings. (Tenant-wide checks that
//! need the Management API come with the limitations feature.)

use crate::connection::Connection;
use crate::deny_list::{self, AttributeKind};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    /// The deny list will not do what the admin intends.
    BlocksIntent,
    /// Tokens will contain less (or differently) than before.
    ChangesTokens,
    Informational,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Warning {
    /// Stable identifier, e.g. `not_in_tokens`.
    pub code: &'static str,
    pub severity: Severity,
    /// The attribute it is about, if any.
    pub attribute: Option<String>,
    pub message: String,
}

/// The check of one attribute as the admin types it: accepted (and how it will be stored), or why not,
/// with what the documentation says about it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeCheck {
    pub input: String,
    pub accepted: Option<deny_list::Accepted>,
    pub problem: Option<String>,
    pub warnings: Vec<Warning>,
}

pub fn check_attribute(input: &str) -> AttributeCheck {
    match deny_list::check(input) {
        Ok(accepted) => AttributeCheck {
            input: input.to_string(),
            warnings: for_attribute(&accepted.value),
            accepted: Some(accepted),
            problem: None,
        },
        Err(problem) => AttributeCheck {
            input: input.to_string(),
            accepted: None,
            problem: Some(problem),
            warnings: Vec::new(),
        },
    }
}

/// What Auth0's documentation says about denying this attribute.
pub fn for_attribute(attribute: &str) -> Vec<Warning> {
    let w = |code, severity, message: String| Warning {
        code,
        severity,
        attribute: Some(attribute.to_string()),
        message,
    };
    match deny_list::check(attribute) {
        Err(reason) => vec![w(
            "not_a_root_field",
            Severity::BlocksIntent,
            format!("“{attribute}” {reason}; this entry has no effect"),
        )],
        Ok(a) if a.kind == AttributeKind::ClaimUri => vec![w(
            "claim_must_match_idp",
            Severity::Informational,
            format!(
                "“{attribute}” must match, character for character, the claim name the upstream identity provider sends"
            ),
        )],
        Ok(a) => match a.value.as_str() {
            "name" | "nickname" => vec![w(
                "not_in_tokens",
                Severity::ChangesTokens,
                format!("When “{}” is denied it is no longer included in tokens", a.value),
            )],
            "email" => vec![w(
                "email_claim_mapping",
                Severity::ChangesTokens,
                "When “email” is denied its value cannot be mapped to a custom claim (for example in a rule or Action)"
                    .to_string(),
            )],
            _ => Vec::new(),
        },
    }
}

/// Settings of this connection that defeat or weaken the deny list.
pub fn for_connection(connection: &Connection) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(options) = connection.options() else {
        return out;
    };
    if connection.strategy() == "samlp" && options.get("debug") == Some(&Value::Bool(true)) {
        out.push(Warning {
            code: "saml_debug_logs",
            severity: Severity::BlocksIntent,
            attribute: None,
            message: "Debug mode is on for this SAML connection: tenant logs will contain the denied attributes. \
                      Turn Debug mode off in the connection's settings."
                .into(),
        });
    }
    let mfa_active = options
        .get("mfa")
        .and_then(|m| m.get("active"))
        .and_then(Value::as_bool)
        == Some(true);
    if connection.strategy() == "auth0" && mfa_active {
        out.push(Warning {
            code: "database_mfa",
            severity: Severity::ChangesTokens,
            attribute: None,
            message:
                "Multi-factor authentication is active on this database connection: when MFA runs, \
                      denied attributes are not included in tokens."
                    .into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attribute_warnings() {
        assert_eq!(for_attribute("name")[0].code, "not_in_tokens");
        assert_eq!(for_attribute("nickname")[0].code, "not_in_tokens");
        assert_eq!(for_attribute("email")[0].code, "email_claim_mapping");
        assert_eq!(
            for_attribute("https://acme.com/x")[0].code,
            "claim_must_match_idp"
        );
        assert_eq!(for_attribute("user_metadata.x")[0].code, "not_a_root_field");
        assert!(for_attribute("gender").is_empty());
    }

    #[test]
    fn connection_warnings() {
        let saml =
            Connection::from_value(json!({"id":"c","strategy":"samlp","options":{"debug":true}}))
                .unwrap();
        assert_eq!(for_connection(&saml)[0].code, "saml_debug_logs");
        let saml_off =
            Connection::from_value(json!({"id":"c","strategy":"samlp","options":{"debug":false}}))
                .unwrap();
        assert!(for_connection(&saml_off).is_empty());
        let db = Connection::from_value(
            json!({"id":"c","strategy":"auth0","options":{"mfa":{"active":true}}}),
        )
        .unwrap();
        assert_eq!(for_connection(&db)[0].code, "database_mfa");
    }
}
