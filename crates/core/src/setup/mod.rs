//! Connecting a tenant in one paste: from a Management API token the admin copies from the API
//! Explorer, the app creates its own Machine to Machine application with exactly the scopes
//! chosen, signs it in with a key made on this computer (a secret where the plan has no Private
//! Key JWT), tests it, and forgets the token. What fails part-way is undone, or said.

pub mod dashboard;
pub mod flow;
pub mod guide;
pub mod prepare;
pub mod summary;
pub mod token;

pub use flow::{
    Credential, KEY_LIFE, KeyChoice, SetupOutcome, SetupRequest, SetupStep, StepState,
    application_name, delete_application, rotate, run,
};
pub use guide::{GuideStep, ManualSignIn, ScopeChoice, manual_steps, scope_choices};
pub use prepare::{Prepared, default_scopes, prepare, required_scopes, scopes_to_grant};
pub use summary::{CredentialKind, CredentialSummary, SetupSummary};
pub use token::{PastedTokenFacts, read_pasted_token};
