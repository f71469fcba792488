//! HTTP routes: `/oauth/token`, the connections part of `/api/v2` and what the
//! limitation checks read, behind
//! one layer that applies latency, forced faults, the rate limit and the log.

mod auth;
mod clients;
mod connections;
mod layer;
mod limitations;
mod logs;
mod oauth;
mod users;

use crate::Shared;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;

/// A request's query parameters.
fn params(raw: &Option<String>) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

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
        .route(
            "/api/v2/guardian/factors",
            get(limitations::guardian_factors),
        )
        .route(
            "/api/v2/guardian/policies",
            get(limitations::guardian_policies),
        )
        .route("/api/v2/rules", get(limitations::rules))
        .route(
            "/api/v2/actions/triggers/post-login/bindings",
            get(limitations::post_login_bindings),
        )
        .route("/api/v2/actions/actions/{id}", get(limitations::action))
        .route(
            "/api/v2/tenants/settings",
            get(limitations::tenant_settings),
        )
        .route(
            "/api/v2/clients",
            get(limitations::clients).post(clients::create),
        )
        .route(
            "/api/v2/clients/{id}",
            get(clients::get_one)
                .patch(clients::update)
                .delete(clients::delete),
        )
        .route(
            "/api/v2/clients/{id}/credentials",
            get(clients::credentials).post(clients::add_credential),
        )
        .route(
            "/api/v2/clients/{id}/credentials/{credential}",
            axum::routing::delete(clients::delete_credential),
        )
        .route(
            "/api/v2/clients/{id}/rotate-secret",
            post(clients::rotate_secret),
        )
        .route(
            "/api/v2/client-grants",
            get(clients::grants).post(clients::create_grant),
        )
        .route(
            "/api/v2/client-grants/{id}",
            axum::routing::patch(clients::update_grant).delete(clients::delete_grant),
        )
        .route("/api/v2/users", get(users::search))
        .route("/api/v2/logs", get(logs::list))
        .fallback(|| async {
            crate::errors::management(404, "Not Found", Some("inexistent_route"))
        })
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            layer::around,
        ))
        .with_state(shared)
}
