//! The Deny List (`options.non_persistent_attrs`): reading it from a
//! connection's options, and validating what an admin wants on it.

use crate::error::{AttributeProblem, Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};

/// The key inside a connection's `options`.
pub const KEY: &str = "non_persistent_attrs";
/// Auth0's limits (`ConnectionNonPersistentAttrs`: maxItems 96, item maxLength 255).
pub const MAX_ENTRIES: usize = 96;
pub const MAX_LENGTH: usize = 255;

/// Attributes admins commonly keep out of storage; offered as suggestions.
pub const COMMON_ATTRIBUTES: &[&str] = &[
    "ethnicity",
    "gender",
    "birthdate",
    "phone_number",
    "address",
    "family_name",
    "given_name",
    "picture",
    "name",
    "nickname",
    "email",
];

/// Claim names SAML and WS-Federation identity providers (ADFS, Entra ID, PingFederate…) commonly send
/// for sensitive attributes; offered as suggestions for those connections.
pub const SAML_CLAIMS: &[&str] = &[
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/gender",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/dateofbirth",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/mobilephone",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/homephone",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/streetaddress",
];

/// Suggestions for a connection's add box: common attributes, plus claim names for SAML-style strategies.
pub fn suggestions_for(strategy: &str) -> Vec<String> {
    let mut out: Vec<String> = COMMON_ATTRIBUTES.iter().map(|s| s.to_string()).collect();
    if matches!(
        strategy,
        "samlp" | "adfs" | "waad" | "pingfederate" | "ad" | "auth0-adldap"
    ) {
        out.extend(SAML_CLAIMS.iter().map(|s| s.to_string()));
    }
    out
}

/// Read the deny list from `options`: `null`, absent and `[]` all mean empty.
pub fn read(options: &Map<String, Value>) -> Result<Vec<String>> {
    // The stored value is never quoted back: it came from the server and may be anything.
    match options.get(KEY) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(Error::UnexpectedReply(format!(
                    "the stored deny list holds {} instead of a name; fix it in Auth0 before editing",
                    kind_of(other)
                ))),
            })
            .collect(),
        Some(other) => Err(Error::UnexpectedReply(format!(
            "the stored deny list is not a list but {}; fix it in Auth0 before editing",
            kind_of(other)
        ))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub use crate::text::{is_invisible, is_nfc};

/// What kind of name an accepted attribute is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AttributeKind {
    /// A root field of the user profile, such as `gender`.
    RootField,
    /// A claim named by a URI, as sent by an upstream IdP (`https://acme.com/x`, `urn:oid:…`).
    ClaimUri,
    /// A claim name with dots (`employee.id`), kept exactly as an upstream identity provider sends it.
    ClaimName,
}

/// Which names a connection's deny list can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Names {
    /// Database and passwordless connections: fields of the Auth0 user profile. A dotted name is
    /// a field inside an object, which cannot be denied.
    ProfileFields,
    /// Enterprise and social connections: also claims named exactly as the identity provider
    /// sends them, dots included (Auth0's page: "set the claim exactly as sent").
    ProviderClaims,
}

/// An attribute that passed validation, in the form it will be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Accepted {
    pub value: String,
    pub kind: AttributeKind,
    /// Set when the input was rewritten (e.g. `user.name` → `name`).
    pub note: Option<String>,
}

/// Why an attribute name cannot go on a deny list. Its `Display` is the reason in plain words,
/// said after the name (“gen der” contains a space…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    ControlCharacter,
    /// A Unicode format character (category Cf), by its code point.
    InvisibleCharacter(char),
    Space,
    /// Longer than Auth0 accepts, in characters.
    TooLong(usize),
    /// A field inside an object (`address.country`, `user_metadata.hobby`): only root fields can
    /// be denied. `object` is the root field it is inside.
    Nested {
        object: String,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Empty => f.write_str("is empty: type an attribute name such as gender"),
            Refusal::ControlCharacter => f.write_str("contains an invisible control character"),
            Refusal::InvisibleCharacter(c) => write!(
                f,
                "contains an invisible formatting character (U+{:04X}): it would look like another name and deny nothing",
                *c as u32
            ),
            Refusal::Space => f.write_str("contains a space: attribute and claim names have none"),
            Refusal::TooLong(length) => write!(
                f,
                "is {length} characters long; Auth0 accepts at most {MAX_LENGTH}"
            ),
            Refusal::Nested { object } => write!(
                f,
                "is a nested field: only root fields of the user profile (such as gender or phone_number) can be denied, \
                 not fields inside {object}"
            ),
        }
    }
}

/// Objects of Auth0's user profile: `user_metadata.x` is a field inside one, never a claim name.
pub const AUTH0_OBJECTS: &[&str] = &["user_metadata", "app_metadata", "identities"];

/// Check one attribute name as typed for a connection whose list holds `names`. Claim URIs and
/// claim names are kept exactly; plain names are trimmed.
pub fn check(input: &str, names: Names) -> std::result::Result<Accepted, Refusal> {
    let value = input.trim();
    if value.is_empty() {
        return Err(Refusal::Empty);
    }
    if value.chars().any(char::is_control) {
        return Err(Refusal::ControlCharacter);
    }
    if let Some(c) = value.chars().find(|c| is_invisible(*c)) {
        return Err(Refusal::InvisibleCharacter(c));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(Refusal::Space);
    }
    let length = value.chars().count();
    if length > MAX_LENGTH {
        return Err(Refusal::TooLong(length));
    }
    if is_claim_uri(value) {
        return Ok(Accepted {
            value: value.to_string(),
            kind: AttributeKind::ClaimUri,
            note: None,
        });
    }
    let (name, note) = match value.strip_prefix("user.") {
        Some(rest) if !rest.is_empty() => (
            rest,
            Some(format!(
                "“{value}” is understood as the root field “{rest}”"
            )),
        ),
        _ => (value, None),
    };
    let prefixed = note.is_some();
    // A name inside an object Auth0 owns is a nested field on every kind of connection: no
    // identity provider's claim is named after them.
    let first = name.split(['.', '/']).next().unwrap_or(name);
    let auth0_object = name.contains(['.', '/']) && AUTH0_OBJECTS.contains(&first);
    if name.contains('[')
        || auth0_object
        || ((prefixed || names == Names::ProfileFields)
            && (name.contains('.') || name.contains('/')))
    {
        return Err(Refusal::Nested {
            object: name
                .split(['.', '[', '/'])
                .next()
                .unwrap_or(name)
                .to_string(),
        });
    }
    if name.contains('.') || name.contains('/') {
        return Ok(Accepted {
            value: name.to_string(),
            kind: AttributeKind::ClaimName,
            note: None,
        });
    }
    Ok(Accepted {
        value: name.to_string(),
        kind: AttributeKind::RootField,
        note,
    })
}

/// Whether a name points inside an object (`address.country`, `user_metadata.x`) rather than at
/// a root field or a claim URI.
pub fn is_nested(value: &str) -> bool {
    let value = value.trim();
    let name = value.strip_prefix("user.").unwrap_or(value);
    !is_claim_uri(value) && (name.contains('.') || name.contains('[') || name.contains('/'))
}

/// A claim named by an absolute URI (`https://acme.com/temporary_idtoken`, `urn:oid:2.5.4.42`):
/// the forms upstream identity providers use for claim names.
pub fn is_claim_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "urn"
    ) && !rest.is_empty()
        && url::Url::parse(value).is_ok()
}

/// The result of validating a whole list of inputs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Validated {
    pub values: Vec<String>,
    /// Rewrites and removed duplicates, in plain words.
    pub notes: Vec<String>,
}

/// Validate inputs: refuse bad names (all reasons at once), rewrite `user.x`, drop duplicates, keep order.
pub fn validate(inputs: &[String], names: Names) -> Result<Validated> {
    let mut out = Validated::default();
    let mut problems = Vec::new();
    for input in inputs {
        match check(input, names) {
            Ok(a) => {
                if let Some(n) = a.note {
                    out.notes.push(n);
                }
                if out.values.contains(&a.value) {
                    out.notes
                        .push(format!("“{}” was listed twice; kept once", a.value));
                } else {
                    out.values.push(a.value);
                }
            }
            Err(refusal) => problems.push(AttributeProblem {
                attribute: input.clone(),
                reason: refusal.to_string(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidAttribute { problems });
    }
    Ok(out)
}

/// Refuse a final list longer than Auth0 accepts.
pub fn check_size(list: &[String]) -> Result<()> {
    if list.len() > MAX_ENTRIES {
        return Err(Error::InvalidAttribute {
            problems: vec![AttributeProblem {
                attribute: format!("{} attributes", list.len()),
                reason: format!(
                    "are too many: Auth0 accepts at most {MAX_ENTRIES} on one connection"
                ),
            }],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }
    /// A database connection's rules (the strictest).
    fn check(input: &str) -> std::result::Result<Accepted, String> {
        super::check(input, Names::ProfileFields).map_err(|r| r.to_string())
    }
    fn validate(inputs: &[String]) -> Result<Validated> {
        super::validate(inputs, Names::ProfileFields)
    }

    #[test]
    fn identity_providers_claim_names_may_have_dots() {
        let claim = |s: &str| super::check(s, Names::ProviderClaims).map_err(|r| r.to_string());
        let a = claim("employee.id").unwrap();
        assert_eq!(
            (a.value.as_str(), a.kind),
            ("employee.id", AttributeKind::ClaimName)
        );
        assert_eq!(claim("gender").unwrap().kind, AttributeKind::RootField);
        assert_eq!(claim("user.name").unwrap().value, "name");
        // `user.` means the profile: a field inside an object still cannot be denied.
        assert!(
            claim("user.address.country")
                .unwrap_err()
                .contains("nested")
        );
        assert!(claim("groups[0]").unwrap_err().contains("nested"));
        // Database connections keep refusing them.
        assert!(check("employee.id").unwrap_err().contains("nested"));
    }

    #[test]
    fn refusals_are_typed_and_say_why() {
        assert_eq!(super::check(" ", Names::ProfileFields), Err(Refusal::Empty));
        assert_eq!(
            super::check("address.country", Names::ProfileFields),
            Err(Refusal::Nested {
                object: "address".into()
            })
        );
        assert_eq!(
            super::check("gen\u{200b}der", Names::ProfileFields),
            Err(Refusal::InvisibleCharacter('\u{200b}'))
        );
        assert!(Refusal::TooLong(300).to_string().contains("300 characters"));
    }

    #[test]
    fn null_absent_and_empty_mean_empty() {
        for options in [
            json!({}),
            json!({"non_persistent_attrs": null}),
            json!({"non_persistent_attrs": []}),
        ] {
            assert_eq!(
                read(options.as_object().unwrap()).unwrap(),
                Vec::<String>::new()
            );
        }
        let o = json!({"non_persistent_attrs": ["gender", "ethnicity"]});
        assert_eq!(
            read(o.as_object().unwrap()).unwrap(),
            strings(&["gender", "ethnicity"])
        );
        assert!(
            read(
                json!({"non_persistent_attrs": "gender"})
                    .as_object()
                    .unwrap()
            )
            .is_err()
        );
        assert!(read(json!({"non_persistent_attrs": [1]}).as_object().unwrap()).is_err());
    }

    #[test]
    fn root_fields_and_claim_uris_are_accepted() {
        let a = check(" gender ").unwrap();
        assert_eq!(
            (a.value.as_str(), a.kind),
            ("gender", AttributeKind::RootField)
        );
        let u = check("https://acme.com/temporary_idtoken").unwrap();
        assert_eq!(u.value, "https://acme.com/temporary_idtoken");
        assert_eq!(u.kind, AttributeKind::ClaimUri);
        // Kept exactly: case, trailing slash, dots in the path.
        assert_eq!(
            check("https://Acme.com/Claims/v1.0/").unwrap().value,
            "https://Acme.com/Claims/v1.0/"
        );
        assert_eq!(
            check("urn:oid:2.5.4.42").unwrap().kind,
            AttributeKind::ClaimUri
        );
        assert_eq!(
            check("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/gender")
                .unwrap()
                .kind,
            AttributeKind::ClaimUri
        );
    }

    #[test]
    fn user_prefix_is_understood_with_a_note() {
        let a = check("user.name").unwrap();
        assert_eq!(a.value, "name");
        assert!(a.note.unwrap().contains("root field “name”"));
    }

    #[test]
    fn nested_blank_control_and_long_names_are_refused() {
        assert!(check("user_metadata.x").unwrap_err().contains("nested"));
        assert!(check("address.country").unwrap_err().contains("nested"));
        assert!(check("address.country:x").unwrap_err().contains("nested"));
        assert_eq!(
            check("custom:department").unwrap().kind,
            AttributeKind::RootField
        );
        assert!(
            check("user.address.country")
                .unwrap_err()
                .contains("nested")
        );
        assert!(check("   ").unwrap_err().contains("empty"));
        assert!(check("gen\u{0}der").unwrap_err().contains("control"));
        for sneaky in [
            "gen\u{200b}der",
            "gender\u{202e}redneg",
            "\u{feff}gender",
            "gen\u{ad}der",
            "gender\u{2066}",
            "https://acme.com/\u{200d}x",
        ] {
            let reason = check(sneaky).unwrap_err();
            assert!(
                reason.contains("invisible formatting character"),
                "{sneaky:?}: {reason}"
            );
        }
        assert!(check("genre").is_ok() && check("género").is_ok());
        assert!(check("hair color").unwrap_err().contains("space"));
        assert!(
            check(&"a".repeat(256))
                .unwrap_err()
                .contains("256 characters")
        );
        assert!(check(&"a".repeat(255)).is_ok());
        // 255 characters, not bytes.
        assert!(check(&"é".repeat(255)).is_ok());
    }

    #[test]
    fn validate_dedupes_keeps_order_and_reports_every_problem() {
        let v = validate(&strings(&["gender", "user.gender", "ethnicity", "gender"])).unwrap();
        assert_eq!(v.values, strings(&["gender", "ethnicity"]));
        assert_eq!(v.notes.len(), 3);
        let e = validate(&strings(&["ok", "a.b", " "])).unwrap_err();
        assert_eq!(e.code(), "invalid_attribute");
        match e {
            Error::InvalidAttribute { problems } => assert_eq!(problems.len(), 2),
            _ => unreachable!(),
        }
    }

    #[test]
    fn composed_form() {
        assert!(is_nfc("género"));
        assert!(!is_nfc("ge\u{301}nero"));
    }

    #[test]
    fn size_limit() {
        let list: Vec<String> = (0..96).map(|i| format!("a{i}")).collect();
        assert!(check_size(&list).is_ok());
        let mut more = list.clone();
        more.push("x".into());
        assert_eq!(check_size(&more).unwrap_err().code(), "invalid_attribute");
    }
}
