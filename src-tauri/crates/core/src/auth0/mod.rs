//! The Auth0 side: token (client credentials or pasted), the Management API
//! client for connections, and HTTP behaviour (rate limits, retries).

mod api_error;
pub(crate) mod client;
mod http;
mod token;

pub use client::ManagementClient;
pub use http::RetryPolicy;
pub use token::{Credentials, Scopes, TokenInfo, inspect_token};
