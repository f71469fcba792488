//! Findings: where, for this tenant, connection or attribute, the deny list
//! will not do what the admin thinks. This module holds the ones that need no
//! API call (attributes, a connection's own settings); `tenant_checks` asks
//! the Management API for the rest.

use crate::connection::Connection;
use crate::deny_list::{self, AttributeKind};
use crate::limitations::{self, Limitation};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    /// The deny list will not do what the admin intends.
    BlocksIntent,
    /// Tokens will contain less (or differently) than before.
    ChangesTokens,
    Informational,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::BlocksIntent => "blocks the intent",
            Severity::ChangesTokens => "changes token contents",
            Severity::Informational => "informational",
        }
    }
}

/// Where a finding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Scope {
    Tenant,
    Connection,
    Attribute,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    /// Stable identifier of what was found, e.g. `not_in_tokens`, `mfa_factors`, `check_skipped`.
    pub code: &'static str,
    /// The documented limitation it comes from (see `limitations::CATALOGUE`), if any.
    pub limitation: Option<&'static str>,
    pub severity: Severity,
    pub title: String,
    /// What was found and what it means, in plain words.
    pub message: String,
    pub what_to_do: String,
    /// The documentation section it comes from.
    pub source: &'static str,
    pub scope: Scope,
    /// The connection it is about (its name), for connection and attribute findings.
    pub connection: Option<String>,
    /// The attribute it is about, for attribute findings.
    pub attribute: Option<String>,
}

impl Finding {
    /// A finding of a documented limitation, with the specific `message`.
    pub fn of(
        code: &'static str,
        limitation: &'static str,
        severity: Severity,
        scope: Scope,
        message: String,
    ) -> Finding {
        let l: &Limitation = limitations::get(limitation);
        Finding {
            code,
            limitation: Some(l.code),
            severity,
            title: l.title.to_string(),
            message,
            what_to_do: l.what_to_do.to_string(),
            source: l.source,
            scope,
            connection: None,
            attribute: None,
        }
    }

    fn on_attribute(mut self, attribute: &str) -> Finding {
        self.attribute = Some(attribute.to_string());
        self
    }

    pub fn on_connection(mut self, name: &str) -> Finding {
        self.connection = Some(name.to_string());
        self
    }
}

/// The check of one attribute as the admin types it: accepted (and how it will be stored), or why not,
/// with what the documentation says about it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeCheck {
    pub input: String,
    pub accepted: Option<deny_list::Accepted>,
    pub problem: Option<String>,
    pub warnings: Vec<Finding>,
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

/// What Auth0's documentation says about denying this attribute (no API call).
pub fn for_attribute(attribute: &str) -> Vec<Finding> {
    let f = |code, limitation, severity, message: String| {
        Finding::of(code, limitation, severity, Scope::Attribute, message).on_attribute(attribute)
    };
    match deny_list::check(attribute) {
        Err(reason) if deny_list::is_nested(attribute) => vec![f(
            "not_a_root_field",
            "root_fields_only",
            Severity::BlocksIntent,
            format!("“{attribute}” {reason}; this entry has no effect"),
        )],
        Err(reason) => vec![
            own(
                "invalid_entry",
                Severity::BlocksIntent,
                "An entry that cannot work",
                format!("“{attribute}” {reason}"),
                "Remove it, and add the attribute again as it should be spelled.",
            )
            .on_attribute(attribute),
        ],
        Ok(a) if !deny_list::is_nfc(&a.value) => vec![
            own(
                "not_composed",
                Severity::BlocksIntent,
                "A name written in an unusual form",
                format!(
                    "“{}” writes an accented letter as a letter plus a separate accent (not Unicode's usual composed \
                     form). Names are compared exactly, so it probably matches nothing your users' profiles hold \
                     (an inference: Auth0 does not document how it compares names)",
                    a.value
                ),
                "Type the name again on the keyboard, or copy it from the identity provider's configuration.",
            )
            .on_attribute(attribute),
        ],
        Ok(a) if a.kind == AttributeKind::ClaimUri => vec![f(
            "claim_must_match_idp",
            "claim_names_exact",
            Severity::Informational,
            format!(
                "“{attribute}” must match, character for character, the claim name the upstream identity provider sends"
            ),
        )],
        Ok(a) => match a.value.as_str() {
            "name" | "nickname" => vec![f(
                "not_in_tokens",
                "name_nickname_tokens",
                Severity::ChangesTokens,
                format!("When “{}” is denied it is no longer included in tokens", a.value),
            )],
            "email" => vec![f(
                "email_claim_mapping",
                "email_custom_claim",
                Severity::ChangesTokens,
                "When “email” is denied its value cannot be mapped to a custom claim (for example in a rule or Action)"
                    .to_string(),
            )],
            _ => Vec::new(),
        },
    }
}

/// Settings of this connection that defeat or weaken the deny list (no API call beyond reading it).
pub fn for_connection(connection: &Connection) -> Vec<Finding> {
    let name = connection.name();
    let Some(options) = connection.options() else {
        return vec![Finding {
            code: "options_unreadable",
            limitation: None,
            severity: Severity::BlocksIntent,
            title: "Settings cannot be read".into(),
            message: format!(
                "Auth0 did not return the settings of “{name}” to this token, so its deny list can neither be read nor \
                 changed safely"
            ),
            what_to_do: format!(
                "Grant read:connections_options and update:connections_options in {}.",
                crate::error::WHERE_TO_GRANT
            ),
            source: limitations::SCOPES_SOURCE,
            scope: Scope::Connection,
            connection: Some(name.to_string()),
            attribute: None,
        }];
    };
    let mut out = Vec::new();
    if connection.strategy() == "samlp" && options.get("debug") == Some(&Value::Bool(true)) {
        out.push(
            Finding::of(
                "saml_debug_logs",
                "saml_debug",
                Severity::BlocksIntent,
                Scope::Connection,
                "Debug mode is on for this SAML connection: tenant logs will contain the denied attributes. \
                 Turn Debug mode off in the connection's settings."
                    .into(),
            )
            .on_connection(name),
        );
    }
    let mfa_active = options
        .get("mfa")
        .and_then(|m| m.get("active"))
        .and_then(Value::as_bool)
        == Some(true);
    if connection.strategy() == "auth0" && mfa_active {
        out.push(
            Finding::of(
                "database_mfa",
                "mfa",
                Severity::ChangesTokens,
                Scope::Connection,
                "Multi-factor authentication is active on this database connection: when MFA runs, \
                 denied attributes are not included in tokens."
                    .into(),
            )
            .on_connection(name),
        );
    }
    out
}

/// Attribute and connection findings for a connection's deny list.
pub fn for_deny_list(connection: &Connection, list: &[String]) -> Vec<Finding> {
    let mut out: Vec<Finding> = list
        .iter()
        .flat_map(|a| for_attribute(a))
        .chain(case_duplicates(list))
        .map(|f| f.on_connection(connection.name()))
        .collect();
    out.extend(for_connection(connection));
    out
}

/// Entries that differ only in case (`Gender` next to `gender`): usually a typo, since only
/// the spelling the profile or identity provider uses has an effect.
pub fn case_duplicates(list: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        if let Some(b) = list[..i]
            .iter()
            .find(|b| *b != a && b.to_lowercase() == a.to_lowercase())
        {
            out.push(
                own(
                    "case_duplicate",
                    Severity::Informational,
                    "Two entries differ only in case",
                    format!(
                        "“{a}” and “{b}” differ only in upper and lower case. Names are compared exactly, so only \
                         the one spelled as your users' profiles (or the identity provider) spell it has an effect"
                    ),
                    "Keep the spelling that matches, and remove the other.",
                )
                .on_attribute(a),
            );
        }
    }
    out
}

/// A finding of this app's own checks (not one of Auth0's documented limitations).
fn own(
    code: &'static str,
    severity: Severity,
    title: &str,
    message: String,
    what_to_do: &str,
) -> Finding {
    Finding {
        code,
        limitation: None,
        severity,
        title: title.into(),
        message,
        what_to_do: what_to_do.into(),
        source: limitations::OWN_CHECK,
        scope: Scope::Attribute,
        connection: None,
        attribute: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attribute_findings() {
        assert_eq!(for_attribute("name")[0].code, "not_in_tokens");
        assert_eq!(for_attribute("nickname")[0].code, "not_in_tokens");
        assert_eq!(for_attribute("email")[0].code, "email_claim_mapping");
        let claim = &for_attribute("https://acme.com/x")[0];
        assert_eq!(
            (claim.code, claim.scope, claim.severity),
            (
                "claim_must_match_idp",
                Scope::Attribute,
                Severity::Informational
            )
        );
        let nested = &for_attribute("user_metadata.x")[0];
        assert_eq!(
            (nested.code, nested.severity),
            ("not_a_root_field", Severity::BlocksIntent)
        );
        assert_eq!(nested.limitation, Some("root_fields_only"));
        assert!(!nested.what_to_do.is_empty() && nested.source.contains("Deny List"));
        assert!(for_attribute("gender").is_empty());
        assert_eq!(for_attribute("gen\u{200b}der")[0].code, "invalid_entry");
        assert_eq!(for_attribute("ge\u{301}nero")[0].code, "not_composed");
        let dup = case_duplicates(&["gender".into(), "ethnicity".into(), "Gender".into()]);
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].attribute.as_deref(), Some("Gender"));
        assert!(case_duplicates(&["gender".into(), "ethnicity".into()]).is_empty());
    }

    #[test]
    fn connection_findings() {
        let saml = Connection::from_value(
            json!({"id":"c","name":"s","strategy":"samlp","options":{"debug":true}}),
        )
        .unwrap();
        let f = &for_connection(&saml)[0];
        assert_eq!(
            (f.code, f.scope, f.connection.as_deref()),
            ("saml_debug_logs", Scope::Connection, Some("s"))
        );
        let saml_off =
            Connection::from_value(json!({"id":"c","strategy":"samlp","options":{"debug":false}}))
                .unwrap();
        assert!(for_connection(&saml_off).is_empty());
        let db = Connection::from_value(
            json!({"id":"c","strategy":"auth0","options":{"mfa":{"active":true}}}),
        )
        .unwrap();
        assert_eq!(for_connection(&db)[0].code, "database_mfa");
        let db_off = Connection::from_value(
            json!({"id":"c","strategy":"auth0","options":{"mfa":{"active":false}}}),
        )
        .unwrap();
        assert!(for_connection(&db_off).is_empty());
        let hidden = Connection::from_value(json!({"id":"c","strategy":"auth0"})).unwrap();
        assert_eq!(for_connection(&hidden)[0].code, "options_unreadable");
    }
}
