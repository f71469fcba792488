//! Deny List Manager core: everything except the GUI and the keyring. Grouped by what it does,
//! each area depending only on the ones above it:
//!
//! - [`text`], [`secret`], [`redact`], [`error`], [`progress`]: Unicode facts, the redacting
//!   secret wrapper, server text made safe to show, one error type with stable codes, progress of long work.
//! - [`model`]: a tenant's domain, a connection exactly as Auth0 returned it, its deny list and
//!   the names an attribute is likely to be. No network.
//! - [`auth0`]: the token and the Management API client (rate limits, retries, untrusted replies).
//! - [`local`]: files on this computer: the change history and safe file names.
//! - [`checks`]: where the deny list will not do what the admin thinks: the catalogue of Auth0's
//!   documented limitations (a leaf), findings per attribute and connection, tenant-wide checks,
//!   values already stored, and "Test connection"'s scopes.
//! - [`setup`]: connecting a tenant in one paste: the app's own application, key and grant.
//! - [`view`]: what the screens and the command line show of a connection.
//! - [`change`]: the safe write path, in one place: plan → merge → apply (verified) → the record
//!   in the history; revert goes through the same cycle.
//! - [`tenant`]: every connection at once: listing, bulk changes, policies and sync, and who
//!   changed what from the tenant's own logs.
//! - [`report`]: the evidence report for auditors (data, HTML; the PDF is drawn elsewhere).
//!
//! `docs/ARCHITECTURE.md` tells the life of a change across these.

// Nothing from the network or the admin may panic the app: errors instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod auth0;
pub mod change;
pub mod checks;
pub mod error;
pub mod local;
pub mod model;
pub mod progress;
pub mod redact;
pub mod report;
pub mod secret;
pub mod setup;
pub mod tenant;
pub mod text;
pub mod view;

pub use auth0::{Credentials, ManagementClient, RetryPolicy, Scopes};
pub use change::apply::{ApplyReport, Outcome, apply};
pub use change::merge::ConfigurationValues;
pub use change::plan::{Edit, Plan, plan};
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use model::connection::Connection;
pub use model::domain::TenantDomain;
pub use model::strategy::ConnectionKind;
pub use secret::Secret;
pub use tenant::listing::{list_connections, list_connections_with};
pub use view::connection::{ConnectionDetail, ConnectionSummary};
