//! "What is already stored?" Denying an attribute stops Auth0 storing it; Auth0's
//! page does not say what becomes of values stored before. This counts, with
//! Auth0's user search (`read:users`, one request per attribute, paced by the
//! client), the users of a connection who still have each attribute stored, and
//! says carefully what is known about those values. Never a blocker: without
//! the scope, or when a search fails, it says it could not count.

use crate::auth0::ManagementClient;
use crate::error::{Error, WHERE_TO_GRANT};
use crate::model::connection::Connection;
use crate::model::strategy::ConnectionKind;
use serde::Serialize;
use serde_json::Value;

/// Auth0's user search returns at most 1000 users; at or past it, a count is "1000 or more".
pub const SEARCH_LIMIT: u64 = 1000;
/// The scope user search needs.
pub const SCOPE: &str = "read:users";

/// The general answer to "what is already stored?", for the Limitations panel.
pub const GENERAL: &str = "Denying an attribute stops Auth0 storing it from then on. Auth0's page does not say \
    whether values stored before are removed: they stay in the user profiles until something changes them. On \
    connections that sync user profile attributes at each login (the connection's “Sync user profile attributes \
    at each login” setting), Auth0 rewrites profiles from the identity provider at the next login; whether that \
    drops a value stored before is not documented. When you review a change, the app counts — with the optional \
    scope read:users — how many users of the connection still have each newly denied attribute stored, and says \
    how to remove them.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredCount {
    pub attribute: String,
    /// Users of the connection who have it stored (`None`: could not count).
    pub users: Option<u64>,
    /// The count reached Auth0's search limit: there may be more.
    pub at_least: bool,
    /// Why it could not be counted.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredValues {
    pub connection: String,
    pub counts: Vec<StoredCount>,
    /// Set when the token lacks `read:users`: nothing was counted.
    pub missing_scope: Option<String>,
    /// What is known about values stored before, for this connection, in plain words.
    pub explanation: String,
    /// What the admin can do about them.
    pub what_to_do: String,
}

/// Count, for each attribute, the users of `connection` who still have it stored.
pub async fn count_stored(
    client: &ManagementClient,
    connection: &Connection,
    attributes: &[String],
) -> StoredValues {
    let mut out = StoredValues {
        connection: connection.name().to_string(),
        counts: Vec::new(),
        missing_scope: None,
        explanation: explanation(connection),
        what_to_do: String::new(),
    };
    if let Ok(Some(scopes)) = client.scopes().await
        && !scopes.has(SCOPE)
    {
        out.missing_scope = Some(SCOPE.into());
        out.what_to_do = what_to_do(connection, attributes, true);
        return out;
    }
    for attribute in attributes {
        match count_one(client, connection.name(), attribute).await {
            Ok(n) => out.counts.push(StoredCount {
                attribute: attribute.clone(),
                users: Some(n),
                at_least: n >= SEARCH_LIMIT,
                problem: None,
            }),
            Err(Error::MissingScope { .. }) => {
                out.missing_scope = Some(SCOPE.into());
                out.counts.clear();
                out.what_to_do = what_to_do(connection, attributes, true);
                return out;
            }
            Err(e) => out.counts.push(StoredCount {
                attribute: attribute.clone(),
                users: None,
                at_least: false,
                problem: Some(format!("could not count: {e}")),
            }),
        }
    }
    // How to remove what is stored, for the attributes some user has (or that could not be
    // counted): nothing to say about those no user has.
    let stored: Vec<String> = out
        .counts
        .iter()
        .filter(|c| c.users != Some(0))
        .map(|c| c.attribute.clone())
        .collect();
    if !stored.is_empty() {
        out.what_to_do = what_to_do(connection, &stored, false);
    }
    out
}

pub(crate) async fn count_one(
    client: &ManagementClient,
    connection: &str,
    attribute: &str,
) -> Result<u64, Error> {
    let q = format!(
        "identities.connection:\"{}\" AND _exists_:{}",
        quoted(connection),
        field(attribute)
    );
    let reply = client
        .get_for(
            SCOPE,
            "users",
            &["users"],
            &[
                ("q", q.as_str()),
                ("search_engine", "v3"),
                ("per_page", "0"),
                ("include_totals", "true"),
                ("fields", "user_id"),
            ],
        )
        .await?;
    reply
        .get("total")
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::UnexpectedReply("the user search reply had no total".into()))
}

/// Inside a quoted Lucene phrase: `"` and `\` escaped.
fn quoted(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A Lucene field name: every reserved character escaped (claim URIs are full of them).
fn field(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if "+-&|!(){}[]^\"~*?:\\/ ".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Root attributes of the normalized profile, which Auth0's Update a User endpoint can set or
/// remove.
const ROOT: &[&str] = &[
    "name",
    "nickname",
    "given_name",
    "family_name",
    "picture",
    "username",
    "phone_number",
    "email",
];

/// Documented: "Setting any value to null will remove the attribute for the user."
const UPDATE_ROOT_URL: &str = "https://auth0.com/docs/manage-users/user-accounts/user-profiles/root-attributes/update-root-attributes-for-users";
/// Documented: root attributes from an identity provider are editable only when the connection
/// syncs them on profile creation alone.
const SYNC_URL: &str = "https://auth0.com/docs/manage-users/user-accounts/user-profiles/configure-connection-sync-with-auth0";

/// How to remove values already stored, for this connection and these attributes (and, when
/// they could not be counted for lack of the scope, how to count them).
fn what_to_do(connection: &Connection, attributes: &[String], uncounted: bool) -> String {
    let roots: Vec<&str> = attributes
        .iter()
        .map(String::as_str)
        .filter(|a| ROOT.contains(a))
        .collect();
    let others = attributes.len() - roots.len();
    let syncs = !matches!(
        connection.kind(),
        ConnectionKind::Database | ConnectionKind::Passwordless
    ) && !matches!(
        connection
            .options()
            .and_then(|o| o.get("set_user_root_attributes"))
            .and_then(Value::as_str),
        Some("on_first_login") | Some("never_on_login")
    );
    let mut out = Vec::new();
    if !roots.is_empty() {
        out.push(format!(
            "{} {} root attribute{} of the user profile: the Management API's Update a User \
             (PATCH /api/v2/users/{{id}}, scope update:users) with it set to null removes it ({UPDATE_ROOT_URL}).",
            roots.join(", "),
            if roots.len() == 1 { "is a" } else { "are" },
            if roots.len() == 1 { "" } else { "s" }
        ));
        if syncs {
            out.push(format!(
                "This connection syncs user profile attributes at each login, so the Dashboard cannot edit them and \
                 the next login writes them again from the identity provider: turn “Sync user profile attributes at \
                 each login” off first (Authentication → the connection → Advanced; {SYNC_URL})."
            ));
        }
    }
    if others > 0 {
        out.push(if syncs {
            format!(
                "{} an identity provider sent have no documented one-by-one removal; the user's next login rewrites \
                 the profile from the identity provider (with the setting on), and deleting the user removes everything.",
                if roots.is_empty() { "Attributes" } else { "Other attributes" }
            )
        } else {
            format!(
                "{} no documented one-by-one removal through the Dashboard; deleting the user removes everything.",
                if roots.is_empty() { "These attributes have" } else { "Other attributes have" }
            )
        });
    }
    if uncounted {
        out.push(format!(
            "Counting needs the optional scope {SCOPE} ({WHERE_TO_GRANT})."
        ));
    }
    out.join(" ")
}

/// What is known about values stored before an attribute was denied, for this connection.
fn explanation(connection: &Connection) -> String {
    let base = "Auth0's page does not say whether values stored before an attribute was denied are removed: \
                they stay in the user profiles until something changes them.";
    let sync = connection
        .options()
        .and_then(|o| o.get("set_user_root_attributes"))
        .and_then(Value::as_str);
    match connection.kind() {
        ConnectionKind::Database | ConnectionKind::Passwordless => format!(
            "{base} On this {} connection, profiles are not rewritten at login, so stored values stay until they \
             are deleted.",
            if connection.kind() == ConnectionKind::Database {
                "database"
            } else {
                "passwordless"
            }
        ),
        _ => match sync {
            Some("on_first_login") | Some("never_on_login") => format!(
                "{base} This connection's “Sync user profile attributes at each login” setting is off, so logins \
                 do not rewrite the profile: stored values stay until they are deleted."
            ),
            // Auth0's default for enterprise and social connections is to sync at each login.
            _ => format!(
                "{base} This connection syncs user profile attributes at each login, so Auth0 rewrites profiles \
                 from the identity provider at the user's next login; whether that drops a value stored before is \
                 not documented (an inference would be that it does, not verified)."
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_to_remove_depends_on_the_attribute_and_the_connection() {
        let db = Connection::from_value(
            serde_json::json!({"id": "c", "name": "db", "strategy": "auth0"}),
        )
        .unwrap();
        let text = what_to_do(&db, &["given_name".into()], false);
        assert!(
            text.contains("PATCH /api/v2/users/{id}") && text.contains("null"),
            "{text}"
        );
        assert!(!text.contains("Sync user profile"), "{text}");
        let google = Connection::from_value(
            serde_json::json!({"id": "g", "name": "g", "strategy": "google-oauth2", "options": {}}),
        )
        .unwrap();
        let text = what_to_do(&google, &["given_name".into(), "gender".into()], false);
        assert!(
            text.contains("turn “Sync user profile attributes at each login” off"),
            "{text}"
        );
        assert!(text.contains("Other attributes"), "{text}");
        let once = Connection::from_value(
            serde_json::json!({"id": "g", "name": "g", "strategy": "google-oauth2",
            "options": {"set_user_root_attributes": "on_first_login"}}),
        )
        .unwrap();
        assert!(!what_to_do(&once, &["given_name".into()], false).contains("turn “Sync"));
        assert!(what_to_do(&once, &["gender".into()], true).contains("Counting needs"));
        assert!(!what_to_do(&once, &["gender".into()], false).contains("Counting needs"));
    }

    #[test]
    fn lucene_escaping() {
        assert_eq!(field("gender"), "gender");
        assert_eq!(
            field("https://acme.com/x-y"),
            "https\\:\\/\\/acme.com\\/x\\-y"
        );
        assert_eq!(quoted(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }
}
