//! One error type for everything the core does. Each variant has a stable
//! code (an enum, for scripts and the UI) and a plain-language message that
//! says what to do. Messages never contain a secret, and name no tool: the
//! CLI and the app add their own hints by code.

use crate::redact::Sent;
use serde::Serialize;

/// Where an admin grants Management API scopes to an application.
pub const WHERE_TO_GRANT: &str = "Auth0 Dashboard → Applications → APIs → Auth0 Management API → Machine to Machine Applications";

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error codes. Never rename one: scripts and the UI depend on them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    InvalidDomain,
    BadCredentials,
    MissingScope,
    NotFound,
    OptionsUnreadable,
    EncryptedConfiguration,
    Conflict,
    RateLimited,
    InvalidAttribute,
    Network,
    OutcomeUnknown,
    VerificationFailed,
    InvalidInput,
    /// Auth0 refused a request with a status no other code covers.
    Api,
    /// The tenant answered with something Auth0 never sends (not JSON, wrong shapes, too large).
    UnexpectedReply,
    /// The tenant answered with a redirect, which was not followed.
    UnexpectedRedirect,
    KeyringUnavailable,
    ProfileFile,
    SecretMissing,
    ConfirmationRequired,
    /// A revert whose list changed since needs a choice of which version to write.
    ChoiceRequired,
    /// The local history of changes could not be written or read.
    History,
    /// Setting up the app's own application did not finish (the message says what is left).
    SetupFailed,
    /// The evidence report could not be made or written.
    ReportFailed,
    /// A change could not first be recorded in the history: nothing was written to the tenant.
    HistoryUnavailable,
    /// Added by the desktop app: no tenant is open.
    NoTenant,
    /// Added by the desktop app: an internal task failed.
    Internal,
    /// Added by the desktop app: the demo tenant could not start.
    DemoUnavailable,
    /// Added by the desktop app: the admin cancelled the work.
    Cancelled,
}

impl ErrorCode {
    /// Its name, as serde writes it (a test holds the two together).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `input` is empty when what was typed is not repeated (it looked like a pasted secret).
    #[error("{}", invalid_domain(input, reason))]
    InvalidDomain { input: String, reason: String },

    #[error("{0}")]
    BadCredentials(String),

    #[error("{message}")]
    MissingScope { scope: String, message: String },

    #[error("{0}")]
    NotFound(String),

    #[error(
        "Auth0 did not return the settings (options) of connection “{connection}”, so the deny list cannot be read, \
         and writing would erase every other setting of the connection. The token lacks the scope read:connections_options: \
         grant it (and update:connections_options) in {WHERE_TO_GRANT}, then try again."
    )]
    OptionsUnreadable { connection: String },

    #[error(
        "Connection “{connection}” is a custom database whose configuration values ({keys}) Auth0 returns only in encrypted form. \
         Sending them back would store the encrypted text as the new values and break the database scripts; leaving them out would delete them. \
         To change the deny list, re-enter the plain values of {keys}."
    , keys = keys.join(", "))]
    EncryptedConfiguration {
        connection: String,
        keys: Vec<String>,
    },

    #[error(
        "The deny list of “{connection}” was changed by someone else since you reviewed it: it was [{expected}] and is now [{found}]. \
         Nothing was written. Review the current list and make your change again.",
        expected = expected.join(", "), found = found.join(", ")
    )]
    Conflict {
        connection: String,
        expected: Vec<String>,
        found: Vec<String>,
    },

    #[error("{0}")]
    RateLimited(String),

    #[error("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    InvalidAttribute { problems: Vec<AttributeProblem> },

    #[error("{0}")]
    Network(String),

    /// The write was sent but its outcome could not be learned.
    #[error("{0}")]
    OutcomeUnknown(String),

    /// The write was answered but the stored connection is not what was asked.
    #[error("{0}")]
    VerificationFailed(String),

    #[error("{0}")]
    InvalidInput(String),

    /// Auth0 refused a request (a 4xx or 5xx no other variant covers).
    #[error("Auth0 answered {status}: {message}")]
    Api { status: u16, message: String },

    /// The tenant answered with something Auth0 never sends.
    #[error("Unexpected reply from Auth0: {0}")]
    UnexpectedReply(String),

    #[error(
        "{tenant} answered with a redirect (HTTP {status}), which was not followed: Auth0 never redirects sign-in or \
         Management API calls, so the tenant domain is probably wrong. Nothing was sent anywhere else. Check the domain \
         (Auth0 Dashboard → Settings shows it, for example acme.us.auth0.com)."
    )]
    Redirected { tenant: String, status: u16 },

    /// The OS keyring (Secret Service, Keychain, Credential Manager) cannot be used.
    #[error("{0}")]
    KeyringUnavailable(String),

    /// The saved profiles file could not be read or written.
    #[error("{0}")]
    ProfileFile(String),

    /// A profile has no saved secret (or it belongs to another domain).
    #[error("{0}")]
    SecretMissing(String),

    /// A production tenant needs its name typed before anything is written.
    #[error("{0}")]
    ConfirmationRequired(String),

    /// A revert needs to be told which version to write (the list changed since that change).
    #[error("{0}")]
    ChoiceRequired(String),

    /// The local history of changes could not be written.
    #[error("{0}")]
    History(String),

    /// Setting up the app's own application did not finish.
    #[error("{0}")]
    SetupFailed(String),

    /// The evidence report could not be made or written.
    #[error("{0}")]
    ReportFailed(String),

    /// The intent of a write could not be recorded first: nothing was written to the tenant.
    #[error("{0}")]
    HistoryUnavailable(String),
}

fn invalid_domain(input: &str, reason: &str) -> String {
    if input.is_empty() {
        format!(
            "This is not a usable tenant domain (it is not repeated here, in case a secret was pasted \
             into the wrong field): {reason}"
        )
    } else {
        format!("“{input}” is not a usable tenant domain: {reason}")
    }
}

/// Why one attribute was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttributeProblem {
    pub attribute: String,
    pub reason: String,
}

impl std::fmt::Display for AttributeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "“{}” {}", self.attribute, self.reason)
    }
}

/// The shape errors take on their way to the UI and to `--json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    /// A stable, machine-readable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidDomain { .. } => ErrorCode::InvalidDomain,
            Error::BadCredentials(_) => ErrorCode::BadCredentials,
            Error::MissingScope { .. } => ErrorCode::MissingScope,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::OptionsUnreadable { .. } => ErrorCode::OptionsUnreadable,
            Error::EncryptedConfiguration { .. } => ErrorCode::EncryptedConfiguration,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::RateLimited(_) => ErrorCode::RateLimited,
            Error::InvalidAttribute { .. } => ErrorCode::InvalidAttribute,
            Error::Network(_) => ErrorCode::Network,
            Error::OutcomeUnknown(_) => ErrorCode::OutcomeUnknown,
            Error::VerificationFailed(_) => ErrorCode::VerificationFailed,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::Api { .. } => ErrorCode::Api,
            Error::UnexpectedReply(_) => ErrorCode::UnexpectedReply,
            Error::Redirected { .. } => ErrorCode::UnexpectedRedirect,
            Error::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Error::ProfileFile(_) => ErrorCode::ProfileFile,
            Error::SecretMissing(_) => ErrorCode::SecretMissing,
            Error::ConfirmationRequired(_) => ErrorCode::ConfirmationRequired,
            Error::ChoiceRequired(_) => ErrorCode::ChoiceRequired,
            Error::History(_) => ErrorCode::History,
            Error::SetupFailed(_) => ErrorCode::SetupFailed,
            Error::ReportFailed(_) => ErrorCode::ReportFailed,
            Error::HistoryUnavailable(_) => ErrorCode::HistoryUnavailable,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }

    pub fn missing_scope(scope: &str, needed_for: &str) -> Error {
        Error::MissingScope {
            scope: scope.to_string(),
            message: format!(
                "The app's token lacks the scope {scope}, needed {needed_for}: grant it in {WHERE_TO_GRANT}, then try again \
                 (a pasted token must be created again with that scope)."
            ),
        }
    }

    /// The same error with every value in `sent` cut out of its texts: for errors that carry
    /// what a server said (deny lists, names, messages) after secrets were sent to it.
    pub fn redacted(self, sent: &Sent) -> Error {
        let r = |s: String| sent.redact(&s);
        let all = |v: Vec<String>| v.into_iter().map(r).collect();
        match self {
            Error::InvalidDomain { input, reason } => Error::InvalidDomain {
                input: r(input),
                reason: r(reason),
            },
            Error::BadCredentials(m) => Error::BadCredentials(r(m)),
            Error::MissingScope { scope, message } => Error::MissingScope {
                scope: r(scope),
                message: r(message),
            },
            Error::NotFound(m) => Error::NotFound(r(m)),
            Error::OptionsUnreadable { connection } => Error::OptionsUnreadable {
                connection: r(connection),
            },
            Error::EncryptedConfiguration { connection, keys } => Error::EncryptedConfiguration {
                connection: r(connection),
                keys: all(keys),
            },
            Error::Conflict {
                connection,
                expected,
                found,
            } => Error::Conflict {
                connection: r(connection),
                expected: all(expected),
                found: all(found),
            },
            Error::RateLimited(m) => Error::RateLimited(r(m)),
            Error::InvalidAttribute { problems } => Error::InvalidAttribute {
                problems: problems
                    .into_iter()
                    .map(|p| AttributeProblem {
                        attribute: r(p.attribute),
                        reason: r(p.reason),
                    })
                    .collect(),
            },
            Error::Network(m) => Error::Network(r(m)),
            Error::OutcomeUnknown(m) => Error::OutcomeUnknown(r(m)),
            Error::VerificationFailed(m) => Error::VerificationFailed(r(m)),
            Error::InvalidInput(m) => Error::InvalidInput(r(m)),
            Error::Api { status, message } => Error::Api {
                status,
                message: r(message),
            },
            Error::UnexpectedReply(m) => Error::UnexpectedReply(r(m)),
            e @ Error::Redirected { .. } => e,
            Error::KeyringUnavailable(m) => Error::KeyringUnavailable(r(m)),
            Error::ProfileFile(m) => Error::ProfileFile(r(m)),
            Error::SecretMissing(m) => Error::SecretMissing(r(m)),
            Error::ConfirmationRequired(m) => Error::ConfirmationRequired(r(m)),
            Error::ChoiceRequired(m) => Error::ChoiceRequired(r(m)),
            Error::History(m) => Error::History(r(m)),
            Error::SetupFailed(m) => Error::SetupFailed(r(m)),
            Error::ReportFailed(m) => Error::ReportFailed(r(m)),
            Error::HistoryUnavailable(m) => Error::HistoryUnavailable(r(m)),
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        e.payload()
    }
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        e.payload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_say_what_to_do() {
        let e = Error::missing_scope("update:connections", "to change a connection");
        assert_eq!(e.code(), "missing_scope");
        let m = e.to_string();
        assert!(m.contains("update:connections"), "{m}");
        assert!(m.contains("Machine to Machine Applications"), "{m}");

        let c = Error::Conflict {
            connection: "db".into(),
            expected: vec!["gender".into()],
            found: vec!["gender".into(), "ethnicity".into()],
        };
        assert_eq!(c.payload().code, ErrorCode::Conflict);
        assert!(c.to_string().contains("[gender, ethnicity]"));
        assert_eq!(
            serde_json::to_value(c.payload()).unwrap()["code"],
            "conflict"
        );
    }

    #[test]
    fn every_code_serializes_as_its_name() {
        use strum::IntoEnumIterator;
        assert!(ErrorCode::iter().count() >= 26);
        for code in ErrorCode::iter() {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
        assert_eq!(
            ErrorCode::UnexpectedRedirect.as_str(),
            "unexpected_redirect"
        );
    }

    #[test]
    fn redacted_cuts_sent_values_out_of_every_text() {
        let mut sent = Sent::default();
        sent.add("s3cr3t-value");
        let e = Error::Conflict {
            connection: "db".into(),
            expected: vec![],
            found: vec!["s3cr3t-value".into()],
        }
        .redacted(&sent);
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
        assert!(e.to_string().contains("<redacted>"), "{e}");
    }
}
