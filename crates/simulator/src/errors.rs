//! Error replies in Auth0's shapes: `{statusCode, error, message, errorCode}`
//! for the Management API, `{error, error_description}` for `/oauth/token`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub fn management(status: u16, message: &str, error_code: Option<&str>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = json!({
        "statusCode": status,
        "error": code.canonical_reason().unwrap_or("Error"),
        "message": message,
    });
    match error_code {
        Some(c) => body["errorCode"] = json!(c),
        // Auth0's 401s carry `attributes.error` instead of `errorCode`.
        None if status == 401 => body["attributes"] = json!({ "error": message }),
        None => {}
    }
    (code, Json(body)).into_response()
}

pub fn insufficient_scope(scope: &str) -> Response {
    management(
        403,
        &format!("Insufficient scope, expected any of: {scope}"),
        Some("insufficient_scope"),
    )
}

pub fn too_many_requests() -> Response {
    management(
        429,
        "Global limit has been reached",
        Some("too_many_requests"),
    )
}

pub fn invalid_body(message: &str) -> Response {
    management(
        400,
        &format!("Payload validation error: {message}"),
        Some("invalid_body"),
    )
}

pub fn oauth(status: u16, error: &str, description: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (
        code,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
