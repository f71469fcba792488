//! Connecting a tenant in one paste: from a Management API token the admin copies from the API
//! Explorer, the app creates its own Machine to Machine application with exactly the scopes
//! chosen, signs it in with a key made on this computer (a secret where the plan has no Private
//! Key JWT), tests it, and forgets the token. What fails part-way is undone, or said.

mod credential;
pub mod dashboard;
pub mod flow;
pub mod guide;
pub mod prepare;
pub mod summary;
pub mod token;

pub use credential::rotate;
pub use flow::{
    Credential, KEY_LIFE, KeyChoice, SetupOutcome, SetupRequest, SetupStep, StepState, TAG_KEY,
    application_name, delete_application, run,
};
pub use guide::{GuideStep, ManualSignIn, ScopeChoice, manual_steps, scope_choices};
pub use prepare::{
    Prepared, default_scopes, prepare, prepare_for_tenant, required_scopes, scopes_to_grant,
};
pub use summary::{CredentialKind, CredentialSummary, SetupSummary};
pub use token::{PastedTokenFacts, read_pasted_token, token_tenant};
