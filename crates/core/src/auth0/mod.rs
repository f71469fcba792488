//! The Auth0 side: token (client credentials or pasted), the Management API
//! client for connections, and HTTP behaviour (rate limits, retries).

mod api_error;
pub(crate) mod client;
mod http;
mod token;
mod token_cache;

pub use client::{MAX_CONNECTIONS, MAX_PAGES, ManagementClient, connection_key};
pub use http::RetryPolicy;
pub use token::{Credentials, Scopes, TokenInfo, inspect_token};
pub use token_cache::{CachedToken, RENEW_BEFORE, TokenCache, TokenKey};
