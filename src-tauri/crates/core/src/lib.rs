//! Deny List Manager core: everything except the GUI and the keyring.
//!
//! - [`domain`]: tenant domains as admins type them.
//! - [`auth0`]: the token and Management API client (rate limits, retries).
//! - [`deny_list`]: reading and validating `options.non_persistent_attrs`.
//! - [`plan`] → [`apply`]: the safe get-merge-patch cycle; [`merge`] builds the PATCH body.
//! - [`findings`] and [`tenant_checks`]: where the deny list will not do what the admin thinks
//!   (per attribute, per connection, per tenant), from the [`limitations`] catalogue.
//! - [`error`]: one error type with stable codes; [`secret`]: the redacting secret wrapper;
//!   [`redact`]: server text made safe to show (nothing that was sent comes back).
//! - [`listing`]: every connection of a tenant, as rows.

// Nothing from the network or the admin may panic the app: errors instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod apply;
pub mod auth0;
pub mod bulk;
pub mod check_cache;
pub mod connection;
pub mod connection_view;
pub mod deny_list;
pub mod domain;
pub mod error;
pub mod findings;
pub mod history;
pub mod known_names;
pub mod limitations;
pub mod listing;
pub mod local_files;
pub mod merge;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod redact;
pub mod revert;
pub mod secret;
pub mod stored_values;
pub mod tenant_checks;

pub use apply::{ApplyReport, Outcome, apply};
pub use auth0::{Credentials, ManagementClient, RetryPolicy, Scopes};
pub use connection::{Connection, ConnectionKind};
pub use connection_view::{ConnectionDetail, ConnectionSummary};
pub use domain::TenantDomain;
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use listing::{list_connections, list_connections_with};
pub use merge::ConfigurationValues;
pub use plan::{Edit, Plan, plan};
pub use secret::Secret;
