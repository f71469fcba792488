//! Bearer tokens and scopes, checked the way the Management API does.

// Handlers return early with ready-made `Response`s; boxing them would only add noise.
#![allow(clippy::result_large_err)]

use crate::errors::{self, management};
use crate::tenant::{IssuedToken, Tenant};
use axum::http::HeaderMap;
use axum::response::Response;
use std::time::SystemTime;

/// Check the bearer token and one scope, the way the Management API does.
pub fn authorize(t: &Tenant, headers: &HeaderMap, scope: &str) -> Result<IssuedToken, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| management(401, "Missing authentication", None))?;
    let issued = t
        .tokens
        .get(token.trim())
        .ok_or_else(|| management(401, "Invalid token", None))?;
    if issued.expires_at <= SystemTime::now() {
        return Err(management(
            401,
            "Expired token received for JSON Web Token validation",
            None,
        ));
    }
    if !issued.has(scope) {
        return Err(errors::insufficient_scope(scope));
    }
    Ok(issued.clone())
}
