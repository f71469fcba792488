//! HTTP routes: `/oauth/token` and the connections part of `/api/v2`, behind
//! one layer that applies latency, forced faults, the rate limit and the log.

mod connections;
mod layer;
mod oauth;

use crate::Shared;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;

/// Marks a response whose connection must be closed without sending it (a lost reply).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/oauth/token", post(oauth::token))
        .route("/api/v2/connections", get(connections::list))
        .route(
            "/api/v2/connections/{id}",
            get(connections::get_one).patch(connections::patch_one),
        )
        .fallback(|| async {
            crate::errors::management(404, "Not Found", Some("inexistent_route"))
        })
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            layer::around,
        ))
        .with_state(shared)
}
