//! Names an attribute is likely to be: the root attributes of an Auth0 user
//! profile, the standard OpenID Connect claims, and — first — the names this
//! connection itself receives, read from its own settings (a SAML
//! connection's `fieldsMap`, an OIDC or Okta connection's attribute mapping).
//! Used to suggest names and to catch misspellings ("Did you mean ethnicity?").

use crate::model::connection::Connection;
use serde_json::Value;

/// Root attributes of the Auth0 user profile.
pub const PROFILE_ROOT: &[&str] = &[
    "user_id",
    "email",
    "email_verified",
    "username",
    "phone_number",
    "phone_verified",
    "name",
    "nickname",
    "given_name",
    "family_name",
    "picture",
    "created_at",
    "updated_at",
    "last_ip",
    "last_login",
    "logins_count",
    "blocked",
    "identities",
    "app_metadata",
    "user_metadata",
    "multifactor",
];

/// The standard claims of OpenID Connect Core (section 5.1).
pub const OIDC_CLAIMS: &[&str] = &[
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];

/// Sensitive attributes admins often keep out of storage, beyond the standard ones.
pub const COMMON_SENSITIVE: &[&str] = &["ethnicity", "race", "religion", "nationality", "ssn"];

/// Every standard name, without repeats.
pub fn standard() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in COMMON_SENSITIVE
        .iter()
        .chain(OIDC_CLAIMS)
        .chain(PROFILE_ROOT)
    {
        if !out.iter().any(|o| o == n) {
            out.push((*n).to_string());
        }
    }
    out
}

/// Names this connection receives, from its own settings: the profile attributes it maps and the
/// identity provider's names they come from.
pub fn received_by(connection: &Connection) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        let name = name.trim();
        if !name.is_empty() && name.len() <= 255 && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    };
    let Some(options) = connection.options() else {
        return out;
    };
    // SAML: {"family_name": "surname", "email": ["emailaddress", "nameidentifier"]}
    if let Some(Value::Object(map)) = options.get("fieldsMap") {
        for (attribute, from) in map {
            push(attribute);
            match from {
                Value::String(s) => push(s),
                Value::Array(items) => items.iter().filter_map(Value::as_str).for_each(&mut push),
                _ => {}
            }
        }
    }
    // OIDC, Okta: {"attributes": {"given_name": "${context.tokenset.given_name}"}}
    if let Some(Value::Object(map)) = options
        .get("attribute_map")
        .and_then(|m| m.get("attributes"))
    {
        for (attribute, from) in map {
            push(attribute);
            if let Some(claim) = from
                .as_str()
                .and_then(|t| t.strip_prefix("${context.tokenset."))
                .and_then(|t| t.strip_suffix('}'))
            {
                push(claim);
            }
        }
    }
    out
}

/// The names an attribute typed for this connection is likely to be: what it receives first,
/// then the standard names.
pub fn for_connection(connection: &Connection) -> Vec<String> {
    let mut known = received_by(connection);
    known.extend(standard());
    known
}

/// The known name `input` is most probably a misspelling of, if any: close in spelling (allowing
/// for case), but not the same.
pub fn closest(input: &str, known: &[String]) -> Option<String> {
    if known.iter().any(|k| k == input) {
        return None;
    }
    let lower = input.to_lowercase();
    let length = lower.chars().count();
    // Short names need a closer match: "sex" is not a typo of "ssn".
    let allowed = match length {
        0..=3 => 0,
        4..=5 => 1,
        6..=12 => 2,
        _ => 3,
    };
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= allowed && (*d > 0 || k.as_str() != input))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// An attribute as typed, and the known name it is probably a misspelling of, said in the same
/// words wherever it is caught: while typing, in the review, before a bulk run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Typo {
    pub typed: String,
    pub suggestion: String,
    /// In plain words, without a final full stop (as every finding's message).
    pub message: String,
}

impl Typo {
    /// `typed` as a likely misspelling of a name in `known`, if it is one.
    pub fn of(typed: &str, known: &[String]) -> Option<Typo> {
        let suggestion = closest(typed, known)?;
        Some(Typo {
            message: format!(
                "Did you mean “{suggestion}”? “{typed}” is close to it, and names are compared exactly: \
                 a misspelled entry denies nothing"
            ),
            typed: typed.to_string(),
            suggestion,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn known() -> Vec<String> {
        standard()
    }

    #[test]
    fn misspellings_and_case_find_the_known_name() {
        assert_eq!(closest("ethnicty", &known()).as_deref(), Some("ethnicity"));
        assert_eq!(closest("gneder", &known()).as_deref(), Some("gender"));
        assert_eq!(closest("Gender", &known()).as_deref(), Some("gender"));
        assert_eq!(closest("birthdat", &known()).as_deref(), Some("birthdate"));
        assert_eq!(closest("gender", &known()), None);
        assert_eq!(closest("hair_color", &known()), None);
        assert_eq!(closest("sex", &known()), None);
    }

    #[test]
    fn a_connection_says_what_it_receives() {
        let saml = Connection::from_value(json!({"id": "c", "strategy": "samlp", "options": {
            "fieldsMap": {"family_name": "surname", "email": ["emailaddress", "nameidentifier"]}}}))
        .unwrap();
        assert_eq!(
            received_by(&saml),
            [
                "family_name",
                "surname",
                "email",
                "emailaddress",
                "nameidentifier"
            ]
        );
        let oidc = Connection::from_value(json!({"id": "c", "strategy": "oidc", "options": {
            "attribute_map": {"mapping_mode": "use_map", "attributes": {"given_name": "${context.tokenset.first}"}}}}))
        .unwrap();
        assert_eq!(received_by(&oidc), ["given_name", "first"]);
    }
}
