//! Management API error replies (`{statusCode, error, message, errorCode}`)
//! turned into plain-language errors.

use crate::error::Error;
use crate::model::domain::TenantDomain;
use crate::redact::{Sent, server_text};
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
    /// A change to the tenant's applications (the app's own setup): its scope, and what it does
    /// ("to create the application").
    Manage {
        scope: &'static str,
        what: &'static str,
    },
}

impl Purpose<'_> {
    fn scope(&self) -> &'static str {
        match self {
            Purpose::List | Purpose::Read(_) => "read:connections",
            Purpose::Write(_) => "update:connections",
            Purpose::Check { scope, .. } | Purpose::Manage { scope, .. } => scope,
        }
    }
    fn needed_for(&self) -> String {
        match self {
            Purpose::List => "to list connections".into(),
            Purpose::Read(c) => format!("to read connection {c}"),
            Purpose::Write(c) => format!("to change connection {c}"),
            Purpose::Check { what, .. } => format!("to check {what}"),
            Purpose::Manage { what, .. } => what.to_string(),
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

/// A Management API refusal as a plain error. The server's own words are kept only where they help
/// (a refused write says why), and only after everything sent to the tenant is cut out of them
/// (`sent`): an error body may quote the request, secrets included.
pub(crate) fn classify(
    status: u16,
    body: &[u8],
    purpose: &Purpose,
    domain: &TenantDomain,
    sent: &Sent,
) -> Error {
    let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
    let said = parsed
        .message
        .as_deref()
        .or(parsed.error.as_deref())
        .map(|m| server_text(m, sent))
        .filter(|m| !m.is_empty());
    // Only a well-formed code is shown: `invalid_body`, never arbitrary text.
    let error_code = parsed.error_code.as_deref().filter(|c| {
        c.len() <= 64 && !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    });
    match status {
        401 => {
            let expired = said
                .as_deref()
                .is_some_and(|m| m.to_lowercase().contains("expired"));
            Error::BadCredentials(format!(
                "Auth0 rejected the access token{}. A pasted token may have expired (they last 24 hours): \
                 paste a new one. For an application, sign in again; if this persists, check the client ID and secret.",
                if expired {
                    " because it has expired"
                } else {
                    ""
                }
            ))
        }
        403 => {
            let named = said.as_deref().and_then(scope_in);
            match (named, error_code) {
                (Some(scope), _) => Error::missing_scope(&scope, &purpose.needed_for()),
                (None, Some("insufficient_scope")) => {
                    Error::missing_scope(purpose.scope(), &purpose.needed_for())
                }
                // A 403 that names no scope: keep Auth0's words (cleaned).
                (None, _) => Error::Api {
                    status,
                    message: format!(
                        "{}. The token may lack {}.",
                        said.unwrap_or_else(|| "access refused".into()),
                        purpose.scope()
                    ),
                },
            }
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
            Purpose::Manage { what, .. } => Error::NotFound(format!(
                "What was needed {what} does not exist (any more) in tenant {domain}."
            )),
        },
        429 => Error::RateLimited(format!(
            "Auth0 kept answering “too many requests” for tenant {domain} after several waits. Nothing more was sent; \
             wait a minute and try again."
        )),
        // Server errors explain nothing an admin can act on, and may echo the request.
        500..=599 => Error::Api {
            status,
            message: format!("{domain} had a server error. Try again in a few minutes."),
        },
        _ => Error::Api {
            status,
            message: match (said, error_code) {
                (Some(m), Some(c)) => format!("{m} ({c})"),
                (Some(m), None) => m,
                (None, Some(c)) => format!("the request was refused ({c})"),
                (None, None) => "the request was refused".into(),
            },
        },
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
        match classify(
            403,
            body,
            &Purpose::Write("db"),
            &domain(),
            &Sent::default(),
        ) {
            Error::MissingScope { scope, message } => {
                assert_eq!(scope, "update:connections");
                assert!(message.contains("Machine to Machine"));
            }
            e => panic!("{e:?}"),
        }
        let options = br#"{"statusCode":403,"message":"Updating the \"options\" property requires the \"update:connections_options\" scope"}"#;
        match classify(
            403,
            options,
            &Purpose::Write("db"),
            &domain(),
            &Sent::default(),
        ) {
            Error::MissingScope { scope, .. } => assert_eq!(scope, "update:connections_options"),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn other_statuses() {
        let nf = br#"{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}"#;
        assert_eq!(
            classify(
                404,
                nf,
                &Purpose::Read("con_x"),
                &domain(),
                &Sent::default()
            )
            .code(),
            "not_found"
        );
        let bad = br#"{"statusCode":400,"error":"Bad Request","message":"cannot add non-unique email attribute","errorCode":"invalid_body"}"#;
        let e = classify(400, bad, &Purpose::Write("c"), &domain(), &Sent::default());
        assert_eq!(e.code(), "api");
        assert!(
            e.to_string()
                .contains("cannot add non-unique email attribute")
        );
        assert_eq!(
            classify(401, b"{}", &Purpose::List, &domain(), &Sent::default()).code(),
            "bad_credentials"
        );
        assert_eq!(
            classify(500, b"<html>", &Purpose::List, &domain(), &Sent::default()).code(),
            "api"
        );
    }
}
