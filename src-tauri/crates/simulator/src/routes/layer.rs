//! What happens around every request: latency, forced faults, the token-bucket
//! rate limit with Auth0's `x-ratelimit-*` headers, and the request log.

use crate::Shared;
use crate::errors;
use crate::tenant::LoggedRequest;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub async fn around(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let management = path.starts_with("/api/v2");

    let latency = shared.lock().faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    // Keep PATCH bodies for the log (tests check exactly what clients send).
    let (request, body) = if method == "PATCH" {
        let (parts, body) = request.into_parts();
        let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
        let json = serde_json::from_slice(&bytes).ok();
        (Request::from_parts(parts, Body::from(bytes)), json)
    } else {
        (request, None)
    };

    let (forced, bucket) = {
        let mut t = shared.lock();
        let forced = t.faults.take_forced(&method, &path);
        let bucket = match (&mut t.rate_limit, management) {
            (Some(limit), true) => {
                let (allowed, remaining, reset) = limit.take();
                Some((allowed, limit.burst, remaining, reset))
            }
            _ => None,
        };
        (forced, bucket)
    };

    let mut response = match (forced, bucket) {
        (Some(429), _) | (None, Some((false, ..))) => {
            let mut r = errors::too_many_requests();
            if shared.lock().faults.retry_after_header {
                r.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("1"));
            }
            r
        }
        (Some(403), _) => errors::insufficient_scope("read:connections_options"),
        (Some(status), _) => errors::management(status, &forced_message(status), None),
        (None, _) => next.run(request).await,
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
    if let Some((_, limit, remaining, reset)) = bucket {
        let h = response.headers_mut();
        h.insert("x-ratelimit-limit", HeaderValue::from(limit));
        h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("x-ratelimit-reset", HeaderValue::from(reset));
    }
    shared.lock().log.push(LoggedRequest {
        method,
        path,
        query,
        status: response.status().as_u16(),
        body,
    });
    response
}

fn forced_message(status: u16) -> String {
    match status {
        401 => "Invalid token".into(),
        500 => "Internal Server Error: An internal server error occurred".into(),
        502..=504 => "The service is temporarily unavailable".into(),
        _ => format!("Forced reply {status}"),
    }
}
