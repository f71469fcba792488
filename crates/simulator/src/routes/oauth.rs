//! `POST /oauth/token`: the client-credentials grant (form or JSON body, or HTTP Basic client authentication).

use crate::Shared;
use crate::errors::oauth;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut params = parse_params(&headers, &body);
    if let Some((id, secret)) = basic_auth(&headers) {
        params.entry("client_id".into()).or_insert(id);
        params.entry("client_secret".into()).or_insert(secret);
    }
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();

    if get("grant_type") != "client_credentials" {
        return oauth(400, "unsupported_grant_type", "Unsupported grant type");
    }
    let mut t = shared.lock();
    let assertion = get("client_assertion");
    let client = if assertion.is_empty() {
        match t.clients.get(get("client_id")) {
            Some(c)
                if c.secret_allowed && !c.secret.is_empty() && c.secret == get("client_secret") =>
            {
                c.clone()
            }
            _ => return oauth(401, "access_denied", "Unauthorized"),
        }
    } else {
        // Private Key JWT: the client is who the assertion says, signed by its own key.
        if get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        {
            return oauth(400, "invalid_request", "Invalid client_assertion_type");
        }
        let client_id = match get("client_id") {
            "" => issuer(assertion),
            id => id.to_string(),
        };
        if let Err(why) = crate::assertion::check(&mut t, &client_id, assertion) {
            return oauth(
                401,
                "invalid_client",
                &format!("Client authentication failed: {why}"),
            );
        }
        params.insert("client_id".into(), client_id.clone());
        match t.clients.get(&client_id) {
            Some(c) => c.clone(),
            None => return oauth(401, "invalid_client", "Client authentication failed"),
        }
    };
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
    if !client.grant_allowed {
        return oauth(
            403,
            "unauthorized_client",
            "Grant type 'client_credentials' not allowed for the client.",
        );
    }
    let audience = get("audience");
    if audience.is_empty() {
        return oauth(
            403,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        );
    }
    let accepted = match &t.audience {
        Some(only) => only == audience,
        None => audience_matches(audience, &t.base_url),
    };
    if !accepted {
        return oauth(
            403,
            "access_denied",
            &format!("Service not found: {audience}"),
        );
    }
    if !client.authorized {
        return oauth(
            403,
            "access_denied",
            &format!(
                "Client \"{}\" is not authorized to access resource server \"{audience}\". You need to create a \"client-grant\" associated to this API.",
                get("client_id")
            ),
        );
    }
    let lifetime = t.token_lifetime;
    let token = t.mint(get("client_id"), client.scopes.clone(), lifetime);
    axum::Json(json!({
        "access_token": token,
        "expires_in": lifetime.as_secs(),
        "scope": client.scopes.join(" "),
        "token_type": "Bearer",
    }))
    .into_response()
}

/// The `iss` of an assertion, unverified (only to know whose keys to check it with).
fn issuer(assertion: &str) -> String {
    assertion
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|c| c["iss"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `{base}/api/v2/`, ignoring http/https and a missing final slash (the simulator runs on plain
/// loopback HTTP), by any of its own loopback names (`127.0.0.1`, `localhost`, `[::1]`).
fn audience_matches(audience: &str, base_url: &str) -> bool {
    let strip = |s: &str| {
        s.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };
    let own = strip(&format!("{base_url}/api/v2"));
    let Some((_, rest)) = own.split_once(':') else {
        return strip(audience) == own;
    };
    let asked = strip(audience);
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|host| asked == format!("{host}:{rest}"))
        || asked == own
}

fn parse_params(headers: &HeaderMap, body: &[u8]) -> HashMap<String, String> {
    let json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("json"));
    if json {
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return HashMap::new();
        };
        map.into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect()
    } else {
        url::form_urlencoded::parse(body).into_owned().collect()
    }
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}
