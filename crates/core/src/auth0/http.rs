//! One shared HTTP client and the rules around it. Every reply is untrusted:
//! no redirect is followed, non-loopback tenants are reached over https only,
//! bodies are read up to a cap, and waits the server asks for are bounded.
//! Also: Auth0's rate-limit headers (wait for the bucket instead of hammering
//! it), backoff, and a clear line between "could not connect" and "sent, but
//! the reply was lost".

use crate::auth0::pace::{Before, Pace};
use crate::error::{Error, Result};
use crate::progress::{Progress, ProgressSink, WaitReason};
use crate::redact::Sent;
use crate::secret::Secret;
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How hard to try before giving up. The defaults suit Auth0's free plan (2 requests/s).
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after a 429, each after waiting for the bucket's reset time.
    pub rate_limit_retries: u32,
    /// Retries of reads (and of writes shown not to have landed) after a 5xx or a network failure.
    pub server_retries: u32,
    /// Longest single wait. A server asking for more is not waited for: the work stops with
    /// `rate_limited`, saying when to try again.
    pub max_wait: Duration,
    /// First backoff delay; doubles on every retry.
    pub backoff: Duration,
    pub connect_timeout: Duration,
    /// For one request, reply body included.
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

impl RetryPolicy {
    /// For a person waiting on a button ("Test connection"): an answer, or a plain reason, within
    /// about 15 seconds.
    pub fn interactive() -> RetryPolicy {
        RetryPolicy {
            rate_limit_retries: 1,
            server_retries: 0,
            max_wait: Duration::from_secs(5),
            backoff: Duration::from_millis(300),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(7),
        }
    }
}

/// The most a reply may hold, by what was asked. Real Auth0 replies are far smaller.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BodyLimit {
    /// `/oauth/token`.
    Token,
    /// One connection, read or written.
    Connection,
    /// A page of a list, or what a tenant check reads.
    Page,
}

impl BodyLimit {
    fn bytes(self) -> usize {
        match self {
            BodyLimit::Token => 256 * 1024,
            BodyLimit::Connection => 16 * 1024 * 1024,
            BodyLimit::Page => 32 * 1024 * 1024,
        }
    }
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What went wrong on the network, in a form that can be said in plain words. The library's own
/// chain of errors is kept for the `-v` log only.
#[derive(Debug, Clone)]
pub(crate) struct NetProblem {
    kind: NetKind,
    chain: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NetKind {
    /// The resolver answered: there is no such name.
    NoSuchHost,
    /// The resolver did not answer at all (offline, a firewall or a proxy): nothing is known
    /// about the name, so it must not be said not to exist.
    CannotLookUp,
    /// A lookup failed for a reason the resolver did not give.
    LookupFailed,
    Refused,
    Timeout,
    Certificate,
    Cut,
    Other,
}

impl NetProblem {
    fn of(e: &reqwest::Error) -> NetProblem {
        let chain = chain(e);
        let lower = chain.to_lowercase();
        let kind = if e.is_timeout() || lower.contains("timed out") {
            NetKind::Timeout
        } else if let Some(kind) = lookup_kind(&lower) {
            kind
        } else if lower.contains("connection refused") {
            NetKind::Refused
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            NetKind::Certificate
        } else if e.is_body()
            || e.is_decode()
            || lower.contains("connection closed")
            || lower.contains("connection reset")
            || lower.contains("incomplete")
        {
            NetKind::Cut
        } else {
            NetKind::Other
        };
        NetProblem { kind, chain }
    }

    /// One or two plain sentences about `tenant`, saying what to check.
    pub fn describe(&self, tenant: &str) -> String {
        match self.kind {
            NetKind::NoSuchHost => format!(
                "There is no tenant at {tenant}: the name does not exist. Check the spelling; tenant domains look \
                 like acme.us.auth0.com"
            ),
            NetKind::CannotLookUp => format!(
                "This computer cannot look up names right now (offline, or blocked by a firewall or proxy), so \
                 {tenant} could not be reached. Check the network connection, then try again"
            ),
            NetKind::LookupFailed => format!(
                "{tenant} could not be looked up: the name may be misspelt, or this computer cannot look up names \
                 right now. Check the spelling and the network connection"
            ),
            NetKind::Refused => format!(
                "{tenant} refused the connection: nothing answers there, or a firewall blocks it. Check the domain"
            ),
            NetKind::Timeout => format!(
                "{tenant} did not answer in time. Check your network connection, then try again"
            ),
            NetKind::Certificate => format!(
                "The secure connection to {tenant} could not be verified: check the domain, and whether your \
                 network intercepts secure connections"
            ),
            NetKind::Cut => format!(
                "The connection to {tenant} was cut before the reply was complete. Try again"
            ),
            NetKind::Other => format!(
                "{tenant} could not be reached. Check your network connection and the domain, then try again"
            ),
        }
    }
}

/// What a failed name lookup means, from the resolver's words (glibc's `gai_strerror`, the
/// system's message on Windows): only a positive "no such name" says the name does not exist.
/// macOS says "nodename nor servname provided" offline too, so there it stays uncertain.
fn lookup_kind(lower: &str) -> Option<NetKind> {
    const NO_SUCH_NAME: &[&str] = &[
        "name or service not known",           // EAI_NONAME (glibc)
        "no address associated with hostname", // EAI_NODATA (glibc)
        "no such host is known",               // WSAHOST_NOT_FOUND (Windows)
    ];
    const NO_ANSWER: &[&str] = &[
        "temporary failure in name resolution", // EAI_AGAIN (glibc)
        "non-recoverable failure in name resolution", // EAI_FAIL (glibc)
        "this is usually a temporary error",    // WSATRY_AGAIN (Windows)
    ];
    if !(lower.contains("dns error") || lower.contains("failed to lookup address")) {
        return None;
    }
    Some(if NO_ANSWER.iter().any(|m| lower.contains(m)) {
        NetKind::CannotLookUp
    } else if NO_SUCH_NAME.iter().any(|m| lower.contains(m)) {
        NetKind::NoSuchHost
    } else {
        NetKind::LookupFailed
    })
}

/// A request that got no usable reply.
pub(crate) enum Failure {
    /// No connection was made: the request was certainly not processed.
    Unreachable(NetProblem),
    /// The request may have been sent, but no complete reply came back (timeout, reset, cut body).
    Lost(NetProblem),
    /// Stop here, retry nothing: a reply no Auth0 tenant sends (a redirect), or a wait
    /// longer than the policy allows (nothing was sent then).
    Stop(Error),
    /// The reply was bigger than any Auth0 reply; the request itself may have been processed.
    TooLarge(Error),
}

impl Failure {
    /// For the `-v` log: the library's own words.
    pub fn detail(&self) -> String {
        match self {
            Failure::Unreachable(d) | Failure::Lost(d) => d.chain.clone(),
            Failure::Stop(e) | Failure::TooLarge(e) => e.to_string(),
        }
    }

    /// Whether trying again may help: not for a name that does not exist or a certificate that fails.
    pub fn retryable(&self) -> bool {
        match self {
            Failure::Unreachable(d) | Failure::Lost(d) => {
                // The resolver has already tried again when it says it cannot look names up.
                !matches!(
                    d.kind,
                    NetKind::NoSuchHost | NetKind::CannotLookUp | NetKind::Certificate
                )
            }
            Failure::Stop(_) | Failure::TooLarge(_) => false,
        }
    }

    /// For the admin: plain words about `tenant`.
    pub fn describe(&self, tenant: &str) -> String {
        match self {
            Failure::Unreachable(d) | Failure::Lost(d) => d.describe(tenant),
            Failure::Stop(e) | Failure::TooLarge(e) => e.to_string(),
        }
    }
}

/// The bucket as the last Management API reply said it, and the pace kept from every reply.
#[derive(Default)]
struct Bucket {
    /// `None`: the reset time is too far away to represent.
    reset: Option<Option<SystemTime>>,
    pace: Pace,
}

pub(crate) struct Http {
    pub client: reqwest::Client,
    pub policy: RetryPolicy,
    pub progress: ProgressSink,
    tenant: String,
    bucket: Mutex<Bucket>,
    /// Every secret and setting sent to this tenant: never shown back from a reply.
    sent: Mutex<Sent>,
}

impl Http {
    pub fn new(
        policy: RetryPolicy,
        progress: ProgressSink,
        loopback: bool,
        localhost_port: Option<u16>,
        tenant: String,
    ) -> Result<Http> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            // Auth0 never redirects a token or Management API call: a redirect is a wrong domain
            // or a hostile server, and following it would send secrets and settings elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!loopback)
            .user_agent(concat!("deny-list-manager/", env!("CARGO_PKG_VERSION")));
        if loopback {
            // The demo tenant and test simulators must never go through a proxy.
            builder = builder.no_proxy();
        }
        if let Some(port) = localhost_port {
            // `localhost` is this computer: never what a resolver (or a hosts file) says it is.
            builder = builder.resolve_to_addrs(
                "localhost",
                &[
                    std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                    std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)),
                ],
            );
        }
        let client = builder.build().map_err(|e| {
            Error::Network(format!("could not start the HTTP client: {}", chain(&e)))
        })?;
        Ok(Http {
            client,
            policy,
            progress,
            tenant,
            bucket: Mutex::new(Bucket::default()),
            sent: Mutex::new(Sent::default()),
        })
    }

    /// Remember a secret or setting about to be sent, so no reply can show it back.
    pub fn remember_sent(&self, f: impl FnOnce(&mut Sent)) {
        f(&mut self.sent.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn remember_secret(&self, secret: &Secret) {
        self.remember_sent(|s| s.add(secret.expose()));
    }

    /// What has been sent so far (for redacting server text).
    pub fn sent(&self) -> Sent {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Send once, reading at most `limit` of reply. Waits first if the last reply said the
    /// rate-limit bucket is empty.
    pub async fn send(&self, request: RequestBuilder, limit: BodyLimit) -> Result<Reply, Failure> {
        let request = request.build().map_err(classify)?;
        // Method and path only: queries may hold connection names, headers hold the token.
        let (method, path) = (request.method().clone(), request.url().path().to_string());
        // The Authentication API (/oauth/token) has its own bucket: only the Management API's
        // is paced here.
        let management = path.starts_with("/api/");
        if management {
            self.wait_for_bucket().await?;
        }
        let started = std::time::Instant::now();
        let mut response = self.client.execute(request).await.map_err(|e| {
            if management {
                self.pace(|p| p.lost());
            }
            let failure = classify(e);
            tracing::debug!(%method, %path, error = %failure.detail(), "request failed");
            failure
        })?;
        let status = response.status();
        tracing::debug!(%method, %path, status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "reply");
        let headers = response.headers().clone();
        if management {
            self.remember_bucket(status, &headers);
        }
        if status.is_redirection() {
            return Err(Failure::Stop(Error::Redirected {
                tenant: self.tenant.clone(),
                status: status.as_u16(),
            }));
        }
        let too_large = || {
            Failure::TooLarge(Error::UnexpectedReply(format!(
                "{} sent a reply larger than {} MB, far more than Auth0 sends; it was not read",
                self.tenant,
                limit.bytes() / (1024 * 1024)
            )))
        };
        if response
            .content_length()
            .is_some_and(|n| n > limit.bytes() as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Failure::Lost(NetProblem::of(&e.without_url())))?
        {
            if body.len() + chunk.len() > limit.bytes() {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    /// How long to wait after a 429: until `x-ratelimit-reset`, else `Retry-After`, else backoff.
    /// A server asking for longer than the policy's longest wait gets an error saying when to retry.
    pub fn rate_limit_wait(&self, headers: &HeaderMap, attempt: u32) -> Result<Duration, Error> {
        let now = SystemTime::now();
        let reset = header_f64(headers, "x-ratelimit-reset")
            .map(|t| reset_time(t).map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)))
            // A reset already past says nothing about how long to wait.
            .filter(|d| *d != Some(Duration::ZERO));
        let retry_after = header_f64(headers, "retry-after")
            .map(|s| Duration::try_from_secs_f64(s.max(0.0)).ok());
        // Both said: the longer wait, so a server asking for patience is not hammered.
        let said = match (reset, retry_after) {
            (Some(a), Some(b)) => Some(a.zip(b).map(|(a, b)| a.max(b))),
            (a, b) => a.or(b),
        };
        let asked = match said {
            // Unrepresentable: further away than any wait.
            Some(None) => return Err(self.wait_too_long(None)),
            Some(Some(d)) => d.checked_add(Duration::from_millis(100)),
            None => Some(self.backoff(attempt)),
        };
        match asked {
            Some(d) if d <= self.policy.max_wait => Ok(d.max(Duration::from_millis(100))),
            other => Err(self.wait_too_long(other)),
        }
    }

    pub fn backoff(&self, attempt: u32) -> Duration {
        self.policy
            .backoff
            .saturating_mul(2u32.saturating_pow(attempt.min(8)))
            .min(self.policy.max_wait)
    }

    pub async fn wait(&self, duration: Duration, reason: WaitReason) {
        (self.progress)(Progress::Waiting { duration, reason });
        tokio::time::sleep(duration).await;
    }

    /// The error for a server that asks to wait longer than the policy allows.
    fn wait_too_long(&self, wait: Option<Duration>) -> Error {
        let when = wait
            .and_then(|w| SystemTime::now().checked_add(w))
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .filter(|_| wait.is_some_and(|w| w < Duration::from_secs(7 * 86400)));
        let when = match (when, wait) {
            (Some(at), Some(w)) => format!(
                " Auth0 asks to wait {} (until {} UTC); try again then.",
                human_duration(w),
                clock(at.as_secs())
            ),
            _ => " The tenant asked to wait for an unreasonably long time; try again later.".into(),
        };
        Error::RateLimited(format!(
            "Auth0's rate limit for {} is used up and nothing more was sent.{when}",
            self.tenant
        ))
    }

    /// Before a request: at the tenant's refill rate once the bucket runs low (see `pace`), or,
    /// while no rate is known and the bucket is empty, until its reset.
    async fn wait_for_bucket(&self) -> Result<(), Failure> {
        let wait = {
            let mut bucket = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
            match bucket.pace.before(Instant::now()) {
                Before::Go => None,
                Before::Wait(d) => Some(d),
                Before::UntilReset => match bucket.reset {
                    Some(None) => {
                        bucket.pace.lost();
                        return Err(Failure::Stop(self.wait_too_long(None)));
                    }
                    Some(Some(reset)) => reset
                        .duration_since(SystemTime::now())
                        .ok()
                        .and_then(|w| w.checked_add(Duration::from_millis(50))),
                    // Empty with no reset time said: nothing to wait for; a 429 will say how long.
                    None => None,
                },
            }
        };
        if let Some(wait) = wait {
            if wait > self.policy.max_wait {
                self.pace(|p| p.lost());
                return Err(Failure::Stop(self.wait_too_long(Some(wait))));
            }
            self.wait(wait, WaitReason::RateLimit).await;
        }
        Ok(())
    }

    fn pace<R>(&self, f: impl FnOnce(&mut Pace) -> R) -> R {
        f(&mut self.bucket.lock().unwrap_or_else(|p| p.into_inner()).pace)
    }

    /// What a Management API reply said of the bucket (a 429: it is empty).
    fn remember_bucket(&self, status: StatusCode, headers: &HeaderMap) {
        let mut bucket = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        bucket.reset = header_f64(headers, "x-ratelimit-reset").map(reset_time);
        if status.as_u16() == 429 {
            bucket.pace.refused(now);
            return;
        }
        bucket.pace.after(
            now,
            header_f64(headers, "x-ratelimit-limit"),
            header_f64(headers, "x-ratelimit-remaining"),
        );
    }

    /// The refill rate inferred so far (tokens a second), for tests and benchmarks.
    pub fn paced_rate(&self) -> Option<f64> {
        self.pace(|p| p.rate())
    }
}

fn classify(e: reqwest::Error) -> Failure {
    // The caller names the tenant; the URL (with its query) adds nothing for the admin.
    let e = e.without_url();
    if e.is_connect() || e.is_builder() {
        Failure::Unreachable(NetProblem::of(&e))
    } else {
        Failure::Lost(NetProblem::of(&e))
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

/// `x-ratelimit-reset` as a time. Auth0 sends Unix seconds; a number that small (before 2001) can
/// only be a delay in seconds, as the IETF `RateLimit` headers and some proxies send it.
fn reset_time(secs: f64) -> Option<SystemTime> {
    if secs < 1e9 {
        SystemTime::now().checked_add(Duration::try_from_secs_f64(secs.max(0.0)).ok()?)
    } else {
        unix_to_system(secs)
    }
}

/// Unix seconds as a time; `None` when too far away to represent.
pub(crate) fn unix_to_system(secs: f64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs.max(0.0)).ok()?)
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s.div_ceil(60)),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// `HH:MM` of a Unix time, UTC.
fn clock(unix: u64) -> String {
    let day = unix % 86400;
    format!("{:02}:{:02}", day / 3600, day % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn http() -> Http {
        Http::new(
            RetryPolicy::default(),
            crate::progress::silent(),
            true,
            None,
            "t".into(),
        )
        .unwrap()
    }

    #[test]
    fn only_a_resolver_that_answered_says_a_name_does_not_exist() {
        let kind = |m: &str| lookup_kind(&m.to_lowercase());
        let gai = "client error (Connect): dns error: failed to lookup address information: ";
        assert_eq!(
            kind(&format!("{gai}Name or service not known")),
            Some(NetKind::NoSuchHost)
        );
        assert_eq!(
            kind(&format!("{gai}Temporary failure in name resolution")),
            Some(NetKind::CannotLookUp)
        );
        assert_eq!(
            kind(&format!(
                "{gai}nodename nor servname provided, or not known"
            )),
            Some(NetKind::LookupFailed)
        );
        assert_eq!(kind("connection refused"), None);
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn waits_until_reset_then_retry_after_then_backoff() {
        let h = http();
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3;
        let w = h
            .rate_limit_wait(&headers(&[("x-ratelimit-reset", &reset.to_string())]), 0)
            .unwrap();
        assert!(
            w > Duration::from_secs(1) && w <= Duration::from_millis(3100),
            "{w:?}"
        );
        assert_eq!(
            h.rate_limit_wait(&headers(&[("retry-after", "2")]), 0)
                .unwrap(),
            Duration::from_millis(2100)
        );
        assert_eq!(
            h.rate_limit_wait(&HeaderMap::new(), 2).unwrap(),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn an_empty_bucket_without_a_reset_time_sends_and_never_underflows() {
        let h = http();
        h.remember_bucket(StatusCode::OK, &headers(&[("x-ratelimit-remaining", "0")]));
        assert!(tokio_test_block_on(h.wait_for_bucket()).is_ok());
        assert!(tokio_test_block_on(h.wait_for_bucket()).is_ok());
    }

    #[test]
    fn a_reset_sent_as_a_delay_is_read_as_one_and_a_past_reset_is_ignored() {
        let h = http();
        let w = h
            .rate_limit_wait(&headers(&[("x-ratelimit-reset", "2")]), 0)
            .unwrap();
        assert!(
            w > Duration::from_millis(1900) && w <= Duration::from_millis(2200),
            "{w:?}"
        );
        let past = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            - 30;
        // Stale: the backoff applies (or Retry-After, when sent).
        let reset = past.to_string();
        assert_eq!(
            h.rate_limit_wait(&headers(&[("x-ratelimit-reset", &reset)]), 2)
                .unwrap(),
            Duration::from_secs(2)
        );
        assert_eq!(
            h.rate_limit_wait(
                &headers(&[("x-ratelimit-reset", &reset), ("retry-after", "3")]),
                0
            )
            .unwrap(),
            Duration::from_millis(3100)
        );
    }

    #[test]
    fn absurd_waits_are_refused_not_slept_and_never_panic() {
        let h = http();
        for (name, value) in [
            ("retry-after", "100000"),
            ("retry-after", "1e300"),
            ("x-ratelimit-reset", "1e300"),
            ("x-ratelimit-reset", "99999999999999999999"),
        ] {
            let e = h
                .rate_limit_wait(&headers(&[(name, value)]), 0)
                .unwrap_err();
            assert_eq!(e.code(), "rate_limited", "{name}: {value}");
            assert!(e.to_string().contains("nothing more was sent"), "{e}");
        }
        let e = h
            .rate_limit_wait(&headers(&[("retry-after", "3600")]), 0)
            .unwrap_err();
        assert!(e.to_string().contains("60 min (until"), "{e}");
        // Nonsense is ignored: the backoff applies.
        for value in ["-5", "NaN", "soon", "inf"] {
            assert!(
                h.rate_limit_wait(&headers(&[("retry-after", value)]), 0)
                    .unwrap()
                    <= Duration::from_secs(1),
                "{value}"
            );
        }
        h.remember_bucket(
            StatusCode::OK,
            &headers(&[
                ("x-ratelimit-remaining", "-1e300"),
                ("x-ratelimit-reset", "1e300"),
            ]),
        );
        assert!(matches!(
            tokio_test_block_on(h.wait_for_bucket()),
            Err(Failure::Stop(_))
        ));
        assert_eq!(h.backoff(u32::MAX), Duration::from_secs(60));
    }

    fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }
}
