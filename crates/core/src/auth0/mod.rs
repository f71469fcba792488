//! The Auth0 side: token (client credentials or pasted), the Management API
//! client for connections, and HTTP behaviour (rate limits, retries).

mod api_error;
pub(crate) mod client;
mod http;
pub mod keys;
mod pace;
mod token;
mod token_cache;

pub use client::{MAX_CONNECTIONS, MAX_PAGES, ManagementClient, connection_key};
pub use http::RetryPolicy;
pub use keys::{PrivateKey, SigningAlg};
pub use token::{Credentials, Scopes, TokenInfo, client_assertion, inspect_token};
pub use token_cache::{CachedToken, RENEW_BEFORE, TokenCache, TokenKey};
