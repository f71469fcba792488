//! What happens around every request: a `Host` that is not the simulator's own is refused (a web
//! page cannot reach it by DNS rebinding); a body is read only from a client that signed in (or,
//! for a sign-in, only a small one); then latency, forced faults and hostile replies, the
//! token-bucket rate limits with Auth0's `x-ratelimit-*` headers (on every reply, as Auth0 sends
//! them), and the request log (bounded for the demo tenant people use).

use crate::Shared;
use crate::errors;
use crate::tenant::{Canned, LoggedRequest};
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub async fn around(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let management = path.starts_with("/api/v2");
    let token_endpoint = path == "/oauth/token";
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();

    if !own_host(&shared, request.headers()) {
        return errors::management(
            421,
            "This server answers only at its own loopback address",
            Some("misdirected_request"),
        );
    }
    // Only a client that signed in may send a body bigger than a sign-in's.
    let signed_in = authorization
        .strip_prefix("Bearer ")
        .is_some_and(|token| shared.lock().tokens.contains_key(token.trim()));
    if management && (method == "PATCH" || method == "POST") && !signed_in {
        return errors::management(401, "Invalid token", None);
    }
    let body_limit = if token_endpoint {
        64 * 1024
    } else {
        16 * 1024 * 1024
    };

    let latency = shared.lock().faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    // Bodies are kept for hostile echoes; PATCH bodies also for the log (tests check what clients send).
    let (request, body) = if method == "PATCH" || method == "POST" {
        let (parts, body) = request.into_parts();
        let bytes = to_bytes(body, body_limit).await.unwrap_or_default();
        (Request::from_parts(parts, Body::from(bytes.clone())), bytes)
    } else {
        (request, Bytes::new())
    };

    let (forced, bucket) = {
        let mut t = shared.lock();
        let forced = t.faults.take_forced(&method, &path);
        let limit = if management {
            t.rate_limit.as_mut()
        } else if token_endpoint {
            t.token_rate_limit.as_mut()
        } else {
            None
        };
        let bucket = limit.map(|l| {
            let (allowed, remaining, reset) = l.take();
            (allowed, l.burst, remaining, reset)
        });
        (forced, bucket)
    };

    let mut response = match (forced, bucket) {
        (Some(Canned::Status(429)), _) | (None, Some((false, ..))) => {
            let mut r = if token_endpoint {
                errors::oauth(
                    429,
                    "too_many_requests",
                    "Rate limit exceeded. Please retry after some time.",
                )
            } else {
                errors::too_many_requests()
            };
            if shared.lock().faults.retry_after_header {
                r.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("1"));
            }
            r
        }
        (Some(Canned::Status(403)), _) if management => {
            errors::insufficient_scope("read:connections_options")
        }
        (Some(Canned::Status(status)), _) if token_endpoint => {
            errors::oauth(status, "server_error", &forced_message(status))
        }
        (Some(Canned::Status(status)), _) => {
            errors::management(status, &forced_message(status), None)
        }
        (Some(canned), _) => hostile(canned, &body, &query, &authorization, token_endpoint),
        (None, _) => {
            let reply = next.run(request).await;
            let delay = shared.lock().faults.reply_delay_after_patch;
            if method == "PATCH" && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            reply
        }
    };

    // A forced 429 without a configured bucket still says when to come back, as Auth0 does.
    let bucket = bucket.or_else(|| {
        (response.status() == 429).then(|| {
            let reset = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs()
                + 1;
            (false, 2, 0, reset)
        })
    });
    let extra = shared.lock().faults.extra_headers.clone();
    let h = response.headers_mut();
    if let Some((_, limit, remaining, reset)) = bucket {
        h.insert("x-ratelimit-limit", HeaderValue::from(limit));
        h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("x-ratelimit-reset", HeaderValue::from(reset));
    }
    for (name, value) in extra {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            h.insert(name, value);
        }
    }
    let mut t = shared.lock();
    let signed_in_as = authorization
        .strip_prefix("Bearer ")
        .and_then(|token| t.tokens.get(token.trim()))
        .map(|issued| issued.subject.clone());
    // Every other write the tenant accepted goes to its logs too (a connection's update is logged
    // by its handler, with the reply): what was sent, secrets masked as Auth0 masks them.
    let write = matches!(method.as_str(), "POST" | "PATCH" | "DELETE");
    if management
        && write
        && response.status().is_success()
        && !(method == "PATCH" && path.starts_with("/api/v2/connections/"))
        && let Some(subject) = signed_in_as.clone()
    {
        let mut sent = serde_json::from_slice::<serde_json::Value>(&body).unwrap_or(json!({}));
        if let Some(secret) = sent.get_mut("client_secret") {
            *secret = json!("REDACTED");
        }
        t.log_write(
            &crate::tenant_logs::Writer::Token(subject),
            crate::tenant_logs::Write {
                method: &method,
                path: path.clone(),
                description: "Management API operation",
                body: sent,
                status: response.status().as_u16(),
                response: json!({}),
            },
        );
    }
    let keep_body = method == "PATCH" && t.log_bodies;
    t.log.push(LoggedRequest {
        method: method.clone(),
        path,
        query,
        status: response.status().as_u16(),
        body: keep_body
            .then(|| serde_json::from_slice(&body).ok())
            .flatten(),
        raw_body: keep_body.then(|| String::from_utf8_lossy(&body).into_owned()),
        signed_in_as,
    });
    if let Some(limit) = t.log_limit
        && t.log.len() > limit
    {
        let over = t.log.len() - limit;
        t.log.drain(..over);
    }
    drop(t);
    response
}

/// Whether the request was addressed to this server by a loopback name of its own port:
/// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`.
fn own_host(shared: &Shared, headers: &axum::http::HeaderMap) -> bool {
    let base = shared.lock().base_url.clone();
    let Some(port) = base.rsplit(':').next() else {
        return false;
    };
    let own = base.trim_start_matches("http://").to_string();
    let Some(host) = headers.get("host").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    host == own || host == format!("localhost:{port}") || host == format!("[::1]:{port}")
}

fn forced_message(status: u16) -> String {
    match status {
        401 => "Invalid token".into(),
        500 => "Internal Server Error: An internal server error occurred".into(),
        502..=504 => "The service is temporarily unavailable".into(),
        _ => format!("Forced reply {status}"),
    }
}

/// What a hostile or broken server answers.
fn hostile(
    canned: Canned,
    body: &[u8],
    query: &str,
    authorization: &str,
    token_endpoint: bool,
) -> Response {
    let status = |s: u16| StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match canned {
        Canned::Status(s) => errors::management(s, &forced_message(s), None),
        Canned::Redirect {
            status: s,
            location,
        } => {
            let mut r = status(s).into_response();
            if let Ok(v) = HeaderValue::try_from(location) {
                r.headers_mut().insert("location", v);
            }
            r
        }
        Canned::Echo { status: s } => {
            let echo = format!(
                "Could not process the request {} with query {query} and authorization {authorization}",
                String::from_utf8_lossy(body)
            );
            let reply = if token_endpoint {
                json!({"error": "invalid_request", "error_description": echo})
            } else {
                json!({"statusCode": s, "error": "Bad Request", "message": echo, "errorCode": "invalid_body"})
            };
            (status(s), axum::Json(reply)).into_response()
        }
        Canned::Json { status: s, body } => (status(s), axum::Json(body)).into_response(),
        Canned::Oversized {
            bytes,
            declare_length,
        } => {
            let chunks = bytes.div_ceil(CHUNK as u64);
            let stream = futures_util::stream::iter((0..chunks).map(move |i| {
                let left = bytes - i * CHUNK as u64;
                Ok::<_, std::io::Error>(Bytes::from_static(
                    &PADDING[..left.min(CHUNK as u64) as usize],
                ))
            }));
            let mut r = Response::new(Body::from_stream(stream));
            r.headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            if declare_length {
                r.headers_mut()
                    .insert("content-length", HeaderValue::from(bytes));
            }
            r
        }
        Canned::Truncated { declared, sent } => {
            let chunks = sent.div_ceil(CHUNK as u64);
            let stream = futures_util::stream::iter((0..=chunks).map(move |i| {
                if i == chunks {
                    return Err(std::io::Error::other("cut on purpose"));
                }
                let left = sent - i * CHUNK as u64;
                Ok(Bytes::from_static(
                    &PADDING[..left.min(CHUNK as u64) as usize],
                ))
            }));
            let mut r = Response::new(Body::from_stream(stream));
            r.headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            r.headers_mut()
                .insert("content-length", HeaderValue::from(declared));
            r
        }
    }
}

const CHUNK: usize = 64 * 1024;
/// The body of oversized replies: the start of a JSON text that never ends.
static PADDING: [u8; CHUNK] = {
    let mut p = [b' '; CHUNK];
    p[0] = b'[';
    p
};
