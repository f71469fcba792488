//! What a setup made, as the result screen and `--json` say it: never the key or secret itself.

use super::flow::{Credential, SetupOutcome};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CredentialKind {
    PrivateKey,
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CredentialSummary {
    pub kind: CredentialKind,
    /// RFC 3339, UTC; `None` for a secret (it does not expire).
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupSummary {
    /// The tenant's own domain, where the profile points.
    pub domain: String,
    pub client_id: String,
    pub application: String,
    pub scopes: Vec<String>,
    pub credential: CredentialSummary,
    /// `false`: an application this computer made before was reused.
    pub created: bool,
    /// Why a secret is used where a key was asked for, in one line.
    pub fell_back_to_secret: Option<String>,
    pub dashboard: Option<String>,
    pub notes: Vec<String>,
}

impl CredentialSummary {
    pub fn of(credential: &Credential) -> CredentialSummary {
        match credential {
            Credential::PrivateKey { expires_at, .. } => CredentialSummary {
                kind: CredentialKind::PrivateKey,
                expires_at: expires_at.map(crate::local::ids::rfc3339_of),
            },
            Credential::Secret(_) => CredentialSummary {
                kind: CredentialKind::Secret,
                expires_at: None,
            },
        }
    }
}

impl SetupOutcome {
    pub fn summary(&self) -> SetupSummary {
        SetupSummary {
            domain: self.domain.to_string(),
            client_id: self.client_id.clone(),
            application: self.application_name.clone(),
            scopes: self.scopes.clone(),
            credential: CredentialSummary::of(&self.credential),
            created: self.created,
            fell_back_to_secret: self.fell_back_to_secret.clone(),
            dashboard: self.dashboard_link.clone(),
            notes: self.notes.clone(),
        }
    }
}
