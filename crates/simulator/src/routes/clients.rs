//! Applications as the Management API manages them, for the app's own setup: create one
//! (`POST /clients`, with a public key or a secret), read, change or delete it, register and
//! remove its keys (`/clients/{id}/credentials`), rotate its secret, and grant it an API
//! (`/client-grants`). Each needs the scope Auth0's spec names; a tenant whose plan has no
//! Private Key JWT refuses keys as Auth0 does (403 `insufficient_entitlement`).

// Handlers return early with ready-made `Response`s.
#![allow(clippy::result_large_err)]

use super::auth::authorize;
use super::params;
use crate::Shared;
use crate::errors::{invalid_body, management};
use crate::tenant::{SimClient, SimGrant, SimKey, Tenant};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::SystemTime;
#[cfg(test)]
use std::time::{Duration, UNIX_EPOCH};

macro_rules! scope {
    ($t:expr, $headers:expr, $scope:expr) => {
        if let Err(r) = authorize(&$t, &$headers, $scope) {
            return r;
        }
    };
}

fn body_of(body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(invalid_body("the body is not a JSON object")),
    }
}

/// Every client secret the simulator makes carries this, so the tests' leak scan finds one that
/// got out (as `TOKEN_MARK` does for tokens).
pub const SECRET_MARK: &str = "SimSecretLEAKCHECK";

fn made_secret(t: &mut Tenant) -> String {
    format!("{SECRET_MARK}{}", t.rng.alnum(46))
}

fn no_entitlement() -> Response {
    management(
        403,
        "Please upgrade your subscription to use private_key_jwt.",
        Some("insufficient_entitlement"),
    )
}

fn not_found() -> Response {
    management(404, "The client does not exist", Some("inexistent_client"))
}

fn now_text() -> String {
    rfc3339(SystemTime::now())
}

fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn parse_time(text: &str) -> Option<SystemTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(SystemTime::from)
}

/// A key from a credential's body, its `kid` Auth0-style when none is given.
fn key_of(t: &mut Tenant, c: &Map<String, Value>) -> Result<SimKey, Response> {
    if c.get("credential_type").and_then(Value::as_str) != Some("public_key") {
        return Err(invalid_body("credential_type must be public_key"));
    }
    let pem = c.get("pem").and_then(Value::as_str).unwrap_or_default();
    let der = crate::assertion::public_key_der(pem).map_err(|e| invalid_body(&e))?;
    let alg = c.get("alg").and_then(Value::as_str).unwrap_or("RS256");
    if !["RS256", "RS384", "PS256"].contains(&alg) {
        return Err(invalid_body("alg must be one of RS256, RS384, PS256"));
    }
    let kid = match c.get("kid").and_then(Value::as_str) {
        Some(k) if (10..=64).contains(&k.len()) => k.to_string(),
        Some(_) => return Err(invalid_body("kid must be 10 to 64 characters")),
        None => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &der).as_ref()),
    };
    let expires_at = match c.get("expires_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(parse_time(s).ok_or_else(|| invalid_body("expires_at is not a date-time"))?)
        }
        Some(_) => return Err(invalid_body("expires_at is not a date-time")),
    };
    Ok(SimKey {
        id: format!("cred_{}", t.rng.alnum(22)),
        kid,
        name: c
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(128)
            .collect(),
        alg: alg.to_string(),
        der,
        expires_at,
        attached: false,
    })
}

fn credential_view(k: &SimKey) -> Value {
    json!({
        "id": k.id, "credential_type": "public_key", "kid": k.kid, "alg": k.alg, "name": k.name,
        "created_at": now_text(), "updated_at": now_text(),
        "expires_at": k.expires_at.map(rfc3339),
    })
}

/// The application as Auth0 shows it (no secret).
fn view(t: &Tenant, client_id: &str) -> Option<Value> {
    let mut app = t
        .applications
        .iter()
        .find(|a| a["client_id"] == client_id)?
        .clone();
    let client = t.clients.get(client_id)?;
    let attached: Vec<Value> = client
        .keys
        .iter()
        .filter(|k| k.attached)
        .map(|k| json!({"id": k.id}))
        .collect();
    if attached.is_empty() {
        app["token_endpoint_auth_method"] = json!("client_secret_post");
    } else {
        app["client_authentication_methods"] =
            json!({"private_key_jwt": {"credentials": attached}});
    }
    Some(app)
}

pub async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "create:clients");
    let b = match body_of(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let name = b.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() || name.contains(['<', '>']) {
        return invalid_body("name must be at least one character, without < or >");
    }
    let description = b
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if description.chars().count() > 140 {
        return invalid_body("String is too long (maximum 140) on property description");
    }
    // Auth0: up to 10 keys, each value a string of at most 255 characters.
    let metadata = b.get("client_metadata").cloned().unwrap_or(json!({}));
    match &metadata {
        Value::Object(m)
            if m.len() <= 10
                && m.values()
                    .all(|v| v.as_str().is_some_and(|s| s.len() <= 255)) => {}
        _ => {
            return invalid_body(
                "client_metadata: at most 10 keys, each a string of at most 255 characters",
            );
        }
    }
    let methods = b
        .get("client_authentication_methods")
        .filter(|v| !v.is_null());
    if methods.is_some()
        && b.get("token_endpoint_auth_method")
            .is_some_and(|v| !v.is_null())
    {
        return invalid_body(
            "client_authentication_methods and token_endpoint_auth_method are mutually exclusive",
        );
    }
    let mut keys = Vec::new();
    if let Some(methods) = methods {
        scope!(t, headers, "create:client_credentials");
        if !t.private_key_jwt_allowed {
            return no_entitlement();
        }
        let credentials = methods
            .pointer("/private_key_jwt/credentials")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if credentials.len() > 2 {
            return invalid_body("Array is too long (3), maximum 2");
        }
        if b.get("jwt_configuration")
            .and_then(|j| j.get("alg"))
            .and_then(Value::as_str)
            != Some("RS256")
        {
            return invalid_body("jwt_configuration.alg must be RS256 for private_key_jwt");
        }
        for c in credentials {
            let Value::Object(c) = c else {
                return invalid_body("a credential is an object");
            };
            match key_of(&mut t, &c) {
                Ok(mut k) => {
                    k.attached = true;
                    keys.push(k);
                }
                Err(r) => return r,
            }
        }
    }
    let client_id = t.rng.alnum(32);
    let secret = if keys.is_empty() {
        made_secret(&mut t)
    } else {
        String::new()
    };
    let app = json!({
        "client_id": client_id, "name": name, "description": description,
        "app_type": b.get("app_type").cloned().unwrap_or(json!("regular_web")),
        "grant_types": b.get("grant_types").cloned()
            .unwrap_or(json!(["authorization_code", "implicit", "refresh_token", "client_credentials"])),
        "jwt_configuration": b.get("jwt_configuration").cloned()
            .unwrap_or(json!({"lifetime_in_seconds": 36000, "secret_encoded": false})),
        "sso": false, "is_first_party": true, "global": false,
        "client_metadata": metadata,
    });
    let allows_m2m = app["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|x| x == "client_credentials"));
    t.applications.push(app);
    t.clients.insert(
        client_id.clone(),
        SimClient {
            secret_allowed: keys.is_empty(),
            secret: secret.clone(),
            scopes: Vec::new(),
            grant_allowed: allows_m2m,
            authorized: false,
            keys,
        },
    );
    let mut reply = view(&t, &client_id).unwrap_or_default();
    if !secret.is_empty() {
        reply["client_secret"] = json!(secret);
    }
    (StatusCode::CREATED, Json(reply)).into_response()
}

pub async fn get_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let t = shared.lock();
    scope!(t, headers, "read:clients");
    match view(&t, &id) {
        Some(v) => Json(v).into_response(),
        None => not_found(),
    }
}

pub async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "update:clients");
    let b = match body_of(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !t.clients.contains_key(&id) {
        return not_found();
    }
    if let Some(methods) = b.get("client_authentication_methods") {
        scope!(t, headers, "update:client_credentials");
        let wanted: Vec<String> = methods
            .pointer("/private_key_jwt/credentials")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(|x| x["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if !wanted.is_empty() && !t.private_key_jwt_allowed {
            return no_entitlement();
        }
        if wanted.len() > 2 {
            return invalid_body("Array is too long (3), maximum 2");
        }
        let client = t.clients.get_mut(&id).expect("checked above");
        if wanted
            .iter()
            .any(|w| !client.keys.iter().any(|k| &k.id == w))
        {
            return invalid_body("a credential id is not one of this client's");
        }
        for k in &mut client.keys {
            k.attached = wanted.contains(&k.id);
        }
        client.secret_allowed = wanted.is_empty();
        if wanted.is_empty() && client.secret.is_empty() {
            client.secret = format!("{SECRET_MARK}{id}");
        }
    }
    if let Some(Value::String(name)) = b.get("name")
        && let Some(app) = t
            .applications
            .iter_mut()
            .find(|a| a["client_id"] == id.as_str())
    {
        app["name"] = json!(name);
    }
    Json(view(&t, &id).unwrap_or_default()).into_response()
}

pub async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "delete:clients");
    if t.clients.remove(&id).is_none() {
        return not_found();
    }
    t.applications.retain(|a| a["client_id"] != id.as_str());
    t.grants.retain(|g| g.client_id != id);
    StatusCode::NO_CONTENT.into_response()
}

pub async fn add_credential(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "create:client_credentials");
    let b = match body_of(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !t.clients.contains_key(&id) {
        return management(404, "Client not found.", Some("inexistent_client"));
    }
    if !t.private_key_jwt_allowed {
        return no_entitlement();
    }
    let key = match key_of(&mut t, &b) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let client = t.clients.get_mut(&id).expect("checked above");
    if client.keys.len() >= 4 {
        return invalid_body("A client can have a maximum of 4 credentials.");
    }
    if client.keys.iter().any(|k| k.der == key.der) {
        return invalid_body("credentials contains public keys that already exist in client");
    }
    let shown = credential_view(&key);
    client.keys.push(key);
    (StatusCode::CREATED, Json(shown)).into_response()
}

pub async fn credentials(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let t = shared.lock();
    scope!(t, headers, "read:client_credentials");
    match t.clients.get(&id) {
        Some(c) => Json(Value::Array(c.keys.iter().map(credential_view).collect())).into_response(),
        None => management(404, "Client not found.", Some("inexistent_client")),
    }
}

pub async fn delete_credential(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((id, credential)): Path<(String, String)>,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "delete:client_credentials");
    let Some(client) = t.clients.get_mut(&id) else {
        return management(404, "Client not found.", Some("inexistent_client"));
    };
    let before = client.keys.len();
    client.keys.retain(|k| k.id != credential);
    if client.keys.len() == before {
        return management(404, "Credential does not exist", None);
    }
    StatusCode::NO_CONTENT.into_response()
}

pub async fn rotate_secret(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "update:client_keys");
    let secret = made_secret(&mut t);
    let Some(client) = t.clients.get_mut(&id) else {
        return management(404, "Client not found.", Some("inexistent_client"));
    };
    if !client.secret_allowed {
        return management(
            400,
            "This endpoint cannot be used with clients configured with Private Key JWT authentication method",
            Some("invalid_body"),
        );
    }
    client.secret = secret.clone();
    let mut reply = view(&t, &id).unwrap_or_default();
    reply["client_secret"] = json!(secret);
    Json(reply).into_response()
}

fn grant_view(g: &SimGrant) -> Value {
    json!({"id": g.id, "client_id": g.client_id, "audience": g.audience, "scope": g.scope,
           "subject_type": "client", "organization_usage": "deny", "allow_any_organization": false,
           "is_system": false})
}

/// The scopes the application's tokens carry: those of its Management API grant.
fn apply_grant(t: &mut Tenant, client_id: &str) {
    let audience = t.management_audience();
    let scope = t
        .grants
        .iter()
        .find(|g| g.client_id == client_id && g.audience == audience)
        .map(|g| g.scope.clone());
    if let Some(client) = t.clients.get_mut(client_id) {
        client.authorized = scope.is_some();
        client.scopes = scope.unwrap_or_default();
    }
}

fn scopes_of(b: &Map<String, Value>) -> Result<Vec<String>, Response> {
    match b.get("scope") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid_body("scope holds strings"))
            })
            .collect(),
        Some(_) => Err(invalid_body("scope is an array")),
    }
}

pub async fn create_grant(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "create:client_grants");
    let b = match body_of(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let client_id = b
        .get("client_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let audience = b
        .get("audience")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if !t.clients.contains_key(&client_id) {
        return management(404, "Client not found", Some("inexistent_client"));
    }
    if audience != t.management_audience() {
        return management(
            404,
            "Resource server not found",
            Some("inexistent_resource_server"),
        );
    }
    if t.grants
        .iter()
        .any(|g| g.client_id == client_id && g.audience == audience)
    {
        return management(
            409,
            &format!("A client grant already exists between {client_id} and {audience}"),
            Some("conflict"),
        );
    }
    let scope = match scopes_of(&b) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let grant = SimGrant {
        id: format!("cgr_{}", t.rng.alnum(16)),
        client_id: client_id.clone(),
        audience,
        scope,
    };
    let shown = grant_view(&grant);
    t.grants.push(grant);
    apply_grant(&mut t, &client_id);
    (StatusCode::CREATED, Json(shown)).into_response()
}

pub async fn grants(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    scope!(t, headers, "read:client_grants");
    let p = params(&raw);
    let shown: Vec<Value> = t
        .grants
        .iter()
        .filter(|g| p.get("client_id").is_none_or(|c| *c == g.client_id))
        .filter(|g| p.get("audience").is_none_or(|a| *a == g.audience))
        .map(grant_view)
        .collect();
    if p.get("include_totals").is_some_and(|v| v == "true") {
        let total = shown.len();
        Json(json!({"total": total, "start": 0, "limit": 50, "client_grants": shown}))
            .into_response()
    } else {
        Json(Value::Array(shown)).into_response()
    }
}

pub async fn update_grant(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "update:client_grants");
    let b = match body_of(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let scope = match scopes_of(&b) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(grant) = t.grants.iter_mut().find(|g| g.id == id) else {
        return management(404, "The client grant does not exist.", None);
    };
    grant.scope = scope;
    let (shown, client_id) = (grant_view(grant), grant.client_id.clone());
    apply_grant(&mut t, &client_id);
    Json(shown).into_response()
}

pub async fn delete_grant(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut t = shared.lock();
    scope!(t, headers, "delete:client_grants");
    let Some(at) = t.grants.iter().position(|g| g.id == id) else {
        return management(404, "The client grant does not exist.", None);
    };
    let client_id = t.grants.remove(at).client_id;
    apply_grant(&mut t, &client_id);
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_go_there_and_back() {
        let t = UNIX_EPOCH + Duration::from_secs(1_796_314_866);
        let text = rfc3339(t);
        assert_eq!(text, "2026-12-03T16:21:06Z");
        assert_eq!(parse_time(&text), Some(t));
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }
}
