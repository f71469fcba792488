//! One error type for everything the core does. Each variant has a stable
//! code (for scripts and the UI) and a plain-language message that says what
//! to do. Messages never contain a secret.

use serde::Serialize;

/// Where an admin grants Management API scopes to an application.
pub const WHERE_TO_GRANT: &str = "Auth0 Dashboard → Applications → APIs → Auth0 Management API → Machine to Machine Applications";

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("“{input}” is not a usable tenant domain: {reason}")]
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
         To change the deny list, re-enter the plain values of {keys} (CLI: --configuration-file FILE with a JSON object, or --configuration-prompt)."
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

    /// Auth0 refused or answered oddly. `status` 0: no HTTP status applies (an unexpected reply).
    #[error("{}", api_text(*status, message))]
    Api { status: u16, message: String },

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
}

fn api_text(status: u16, message: &str) -> String {
    match status {
        0..=299 => format!("Unexpected reply from Auth0: {message}"),
        _ => format!("Auth0 answered {status}: {message}"),
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
    pub code: &'static str,
    pub message: String,
}

impl Error {
    /// A stable, machine-readable code. Never change an existing one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidDomain { .. } => "invalid_domain",
            Error::BadCredentials(_) => "bad_credentials",
            Error::MissingScope { .. } => "missing_scope",
            Error::NotFound(_) => "not_found",
            Error::OptionsUnreadable { .. } => "options_unreadable",
            Error::EncryptedConfiguration { .. } => "encrypted_configuration",
            Error::Conflict { .. } => "conflict",
            Error::RateLimited(_) => "rate_limited",
            Error::InvalidAttribute { .. } => "invalid_attribute",
            Error::Network(_) => "network",
            Error::OutcomeUnknown(_) => "outcome_unknown",
            Error::VerificationFailed(_) => "verification_failed",
            Error::InvalidInput(_) => "invalid_input",
            Error::Api { .. } => "api",
            Error::KeyringUnavailable(_) => "keyring_unavailable",
            Error::ProfileFile(_) => "profile_file",
            Error::SecretMissing(_) => "secret_missing",
            Error::ConfirmationRequired(_) => "confirmation_required",
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
        assert_eq!(c.payload().code, "conflict");
        assert!(c.to_string().contains("[gender, ethnicity]"));
    }
}
