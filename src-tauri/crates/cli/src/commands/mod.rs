//! One module per subcommand; each is a thin adapter over the core.

pub mod check;
pub mod demo;
pub mod edit;
pub mod list;
pub mod profile;
pub mod show;

use crate::spinner::Spinner;
use crate::target::Target;
use denylist_core::{ManagementClient, Result, RetryPolicy};
use denylist_profiles::KeyringTokens;
use std::sync::Arc;

/// The client for the chosen tenant, reporting progress to the spinner. Its tokens are kept in the
/// OS keyring between runs (one token a day, not one a run); without a keyring, nothing is kept.
pub fn client(target: Target, spinner: &Arc<Spinner>) -> Result<ManagementClient> {
    Ok(ManagementClient::with_options(
        target.domain,
        target.credentials,
        RetryPolicy::default(),
        spinner.sink(),
    )?
    .with_token_cache(Arc::new(KeyringTokens)))
}
