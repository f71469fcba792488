//! Management API error replies (`{statusCode, error, message, errorCode}`)
//! turned into plain-language errors.

use crate::domain::TenantDomain;
use crate::error::Error;
use serde::Deserialize;

/// What a request was for: gives the scope a 403 most likely refers to, and words for messages.
pub(crate) enum Purpose<'a> {
    List,
    Read(&'a str),
    Write(&'a str),
    /// A tenant check for limitations: its scope, and what it looks at.
    Check {
        scope: &'static str,
        what: &'static str,
    },
}

impl Purpose<'_> {
    fn scope(&self) -> &'static str {
        match self {
            Purpose::List | Purpose::Read(_) => "read:connections",
            Purpose::Write(_) => "update:connections",
            Purpose::Check { scope, .. } => scope,
        }
    }
    fn needed_for(&self) -> String {
        match self {
            Purpose::List => "to list connections".into(),
            Purpose::Read(c) => format!("to read connection {c}"),
            Purpose::Write(c) => format!("to change connection {c}"),
            Purpose::Check { what, .. } => format!("to check {what}"),
        }
    }
}

#[derive(Deserialize, Default)]
struct Body {
    message: Option<String>,
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    error: Option<String>,
}

pub(crate) fn classify(
    status: u16,
    body: &[u8],
    purpose: &Purpose,
    domain: &TenantDomain,
) -> Error {
    let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
    let message = parsed
        .message
        .clone()
        .or(parsed.error.clone())
        .unwrap_or_else(|| format!("HTTP status {status}"));
    match status {
        401 => Error::BadCredentials(format!(
            "Auth0 rejected the access token (“{message}”). A pasted token may have expired (they last 24 hours): \
             paste a new one. For an application, sign in again; if this persists, check the client ID and secret."
        )),
        403 => {
            let scope = scope_in(&message).unwrap_or_else(|| purpose.scope().to_string());
            let mut e = Error::missing_scope(&scope, &purpose.needed_for());
            if parsed.error_code.as_deref() != Some("insufficient_scope")
                && scope_in(&message).is_none()
            {
                // A 403 that names no scope: keep Auth0's words.
                e = Error::Api {
                    status,
                    message: format!("{message}. The token may lack {}.", purpose.scope()),
                };
            }
            e
        }
        404 => match purpose {
            Purpose::Read(c) | Purpose::Write(c) => Error::NotFound(format!(
                "Connection {c} does not exist in tenant {domain} (it may have been deleted). Refresh the list of connections."
            )),
            Purpose::List => Error::Api {
                status,
                message: format!(
                    "{domain} has no Management API at /api/v2/connections: check that the domain is the tenant's."
                ),
            },
            Purpose::Check { what, .. } => {
                Error::NotFound(format!("{what} are not available on this tenant"))
            }
        },
        429 => Error::RateLimited(format!(
            "Auth0 kept answering “too many requests” for tenant {domain} after several waits. Nothing more was sent; \
             wait a minute and try again."
        )),
        _ => Error::Api { status, message },
    }
}

/// The first `verb:resource` scope named in a message such as
/// "Insufficient scope, expected any of: read:connections".
fn scope_in(message: &str) -> Option<String> {
    message
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '\'' | '“' | '”' | '(' | ')'))
        .map(|w| w.trim_end_matches(['.', ';']))
        .find(|w| {
            w.split_once(':').is_some_and(|(verb, res)| {
                matches!(verb, "read" | "update" | "create" | "delete")
                    && !res.is_empty()
                    && res.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain() -> TenantDomain {
        TenantDomain::parse("acme.us.auth0.com").unwrap()
    }

    #[test]
    fn insufficient_scope_names_the_scope() {
        let body = br#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: update:connections","errorCode":"insufficient_scope"}"#;
        match classify(403, body, &Purpose::Write("db"), &domain()) {
            Error::MissingScope { scope, message } => {
                assert_eq!(scope, "update:connections");
                assert!(message.contains("Machine to Machine"));
            }
            e => panic!("{e:?}"),
        }
        let options = br#"{"statusCode":403,"message":"Updating the \"options\" property requires the \"update:connections_options\" scope"}"#;
        match classify(403, options, &Purpose::Write("db"), &domain()) {
            Error::MissingScope { scope, .. } => assert_eq!(scope, "update:connections_options"),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn other_statuses() {
        let nf = br#"{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}"#;
        assert_eq!(
            classify(404, nf, &Purpose::Read("con_x"), &domain()).code(),
            "not_found"
        );
        let bad = br#"{"statusCode":400,"error":"Bad Request","message":"cannot add non-unique email attribute","errorCode":"invalid_body"}"#;
        let e = classify(400, bad, &Purpose::Write("c"), &domain());
        assert_eq!(e.code(), "api");
        assert!(
            e.to_string()
                .contains("cannot add non-unique email attribute")
        );
        assert_eq!(
            classify(401, b"{}", &Purpose::List, &domain()).code(),
            "bad_credentials"
        );
        assert_eq!(
            classify(500, b"<html>", &Purpose::List, &domain()).code(),
            "api"
        );
    }
}
