//! One shared HTTP client and the timing rules around it: Auth0's rate-limit
//! headers (wait for the bucket instead of hammering it), backoff, and a clear
//! line between "could not connect" and "sent, but the reply was lost".

use crate::error::{Error, Result};
use crate::progress::{Progress, ProgressSink, WaitReason};
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How hard to try before giving up. The defaults suit Auth0's free plan (2 requests/s).
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after a 429, each after waiting for the bucket's reset time.
    pub rate_limit_retries: u32,
    /// Retries of reads (and of writes shown not to have landed) after a 5xx or a network failure.
    pub server_retries: u32,
    /// Longest single wait, whatever the server asks for.
    pub max_wait: Duration,
    /// First backoff delay; doubles on every retry.
    pub backoff: Duration,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            rate_limit_retries: 5,
            server_retries: 3,
            max_wait: Duration::from_secs(60),
            backoff: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A request that got no usable reply.
pub(crate) enum Failure {
    /// No connection was made: the request was certainly not processed.
    Unreachable(String),
    /// The request may have been sent, but no complete reply came back (timeout, reset, cut body).
    Lost(String),
}

impl Failure {
    pub fn detail(&self) -> &str {
        match self {
            Failure::Unreachable(d) | Failure::Lost(d) => d,
        }
    }
}

#[derive(Default)]
struct Bucket {
    remaining: Option<u64>,
    reset: Option<SystemTime>,
}

pub(crate) struct Http {
    pub client: reqwest::Client,
    pub policy: RetryPolicy,
    pub progress: ProgressSink,
    bucket: Mutex<Bucket>,
}

impl Http {
    pub fn new(policy: RetryPolicy, progress: ProgressSink, loopback: bool) -> Result<Http> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            .user_agent(concat!("deny-list-manager/", env!("CARGO_PKG_VERSION")));
        if loopback {
            // The demo tenant and test simulators must never go through a proxy.
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| {
            Error::Network(format!("could not start the HTTP client: {}", chain(&e)))
        })?;
        Ok(Http {
            client,
            policy,
            progress,
            bucket: Mutex::new(Bucket::default()),
        })
    }

    /// Send once. Waits first if the last reply said the rate-limit bucket is empty.
    pub async fn send(&self, request: RequestBuilder) -> Result<Reply, Failure> {
        self.wait_for_bucket().await;
        let request = request.build().map_err(classify)?;
        // Method and path only: queries may hold connection names, headers hold the token.
        let (method, path) = (request.method().clone(), request.url().path().to_string());
        let started = std::time::Instant::now();
        let response = self.client.execute(request).await.map_err(|e| {
            tracing::debug!(%method, %path, error = %chain(&e), "request failed");
            classify(e)
        })?;
        let status = response.status();
        tracing::debug!(%method, %path, status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "reply");
        let headers = response.headers().clone();
        // The Authentication API (/oauth/token) has its own bucket: only the Management API's counts here.
        if path.starts_with("/api/") {
            self.remember_bucket(&headers);
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| Failure::Lost(chain(&e)))?
            .to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    /// How long to wait after a 429: until `x-ratelimit-reset`, else `Retry-After`, else backoff.
    pub fn rate_limit_wait(&self, headers: &HeaderMap, attempt: u32) -> Duration {
        let reset = header_f64(headers, "x-ratelimit-reset")
            .and_then(|t| unix_to_system(t).duration_since(SystemTime::now()).ok());
        let retry_after = header_f64(headers, "retry-after").map(Duration::from_secs_f64);
        let wait = reset
            .or(retry_after)
            .map(|d| d + Duration::from_millis(100))
            .unwrap_or_else(|| self.backoff(attempt));
        wait.clamp(Duration::from_millis(100), self.policy.max_wait)
    }

    pub fn backoff(&self, attempt: u32) -> Duration {
        (self.policy.backoff * 2u32.saturating_pow(attempt.min(8))).min(self.policy.max_wait)
    }

    pub async fn wait(&self, duration: Duration, reason: WaitReason) {
        (self.progress)(Progress::Waiting { duration, reason });
        tokio::time::sleep(duration).await;
    }

    async fn wait_for_bucket(&self) {
        let wait = {
            let bucket = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
            match (bucket.remaining, bucket.reset) {
                (Some(0), Some(reset)) => reset.duration_since(SystemTime::now()).ok(),
                _ => None,
            }
        };
        if let Some(wait) = wait {
            let wait = (wait + Duration::from_millis(50)).min(self.policy.max_wait);
            self.wait(wait, WaitReason::RateLimit).await;
            *self.bucket.lock().unwrap_or_else(|p| p.into_inner()) = Bucket::default();
        }
    }

    fn remember_bucket(&self, headers: &HeaderMap) {
        let mut bucket = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        bucket.remaining = header_f64(headers, "x-ratelimit-remaining").map(|r| r.max(0.0) as u64);
        bucket.reset = header_f64(headers, "x-ratelimit-reset").map(unix_to_system);
    }
}

fn classify(e: reqwest::Error) -> Failure {
    // The caller names the tenant; the URL (with its query) adds nothing for the admin.
    let e = e.without_url();
    if e.is_connect() || e.is_builder() {
        Failure::Unreachable(chain(&e))
    } else {
        Failure::Lost(chain(&e))
    }
}

/// An error and its causes in one line.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn header_f64(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers
        .get(name)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn unix_to_system(secs: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs_f64(secs.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn http() -> Http {
        Http::new(RetryPolicy::default(), crate::progress::silent(), true).unwrap()
    }

    #[test]
    fn waits_until_reset_then_retry_after_then_backoff() {
        let h = http();
        let mut headers = HeaderMap::new();
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3;
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from_str(&reset.to_string()).unwrap(),
        );
        let w = h.rate_limit_wait(&headers, 0);
        assert!(
            w > Duration::from_secs(1) && w <= Duration::from_millis(3100),
            "{w:?}"
        );

        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(h.rate_limit_wait(&headers, 0), Duration::from_millis(2100));

        assert_eq!(
            h.rate_limit_wait(&HeaderMap::new(), 2),
            Duration::from_secs(2)
        );
        let mut far = HeaderMap::new();
        far.insert("retry-after", HeaderValue::from_static("100000"));
        assert_eq!(h.rate_limit_wait(&far, 0), Duration::from_secs(60));
    }
}
