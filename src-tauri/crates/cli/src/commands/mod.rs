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
use std::sync::Arc;

/// The client for the chosen tenant, reporting progress to the spinner.
pub fn client(target: Target, spinner: &Arc<Spinner>) -> Result<ManagementClient> {
    ManagementClient::with_options(
        target.domain,
        target.credentials,
        RetryPolicy::default(),
        spinner.sink(),
    )
}
