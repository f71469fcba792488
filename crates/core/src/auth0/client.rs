//! The Management API client for connections: list (checkpoint pagination),
//! get by id or exact name, and a single PATCH attempt whose failures say
//! whether the write may have landed. Replies are untrusted: each is bounded
//! in size, checked for shape, and a connection read must be the one asked for.

use super::api_error::{Purpose, classify};
use super::http::{BodyLimit, Failure, Http, Reply, RetryPolicy};
use super::token::{self, ClientAuth, Credentials, Issued, Scopes};
use super::token_cache::{CachedToken, TokenCache, TokenKey};
use crate::error::{Error, Result};
use crate::model::connection::Connection;
use crate::model::deny_list;
use crate::model::domain::TenantDomain;
use crate::progress::{Progress, ProgressSink, Step, WaitReason};
use crate::redact::Sent;
use crate::secret::Secret;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::time::Duration;
use url::Url;

/// Fields the connections list needs (`options` only for the deny-list size).
const LIST_FIELDS: &str = "id,name,strategy,display_name,options";
const LIST_FIELDS_NO_OPTIONS: &str = "id,name,strategy,display_name";
/// The largest page checkpoint pagination allows (Auth0's default is 50): half the requests.
const PAGE_SIZE: usize = 100;
/// Offset pagination (used only if a server ignores checkpoint parameters) allows at most 100 per page.
const OFFSET_PAGE_SIZE: usize = 100;
/// A listing stops with an error past these: far beyond any real tenant, and what keeps a
/// server that hands out endless pages from running the app out of time and memory.
pub const MAX_PAGES: usize = 1000;
pub const MAX_CONNECTIONS: usize = 100_000;
/// Offset pagination reaches 1000 records at most: a few pages more than that is a broken server.
const MAX_OFFSET_PAGES: usize = 1000 / OFFSET_PAGE_SIZE + 5;
/// The most one listing may read in all (every page together): 100 000 connections of about
/// 2.5 KB each. A server sending more is stopped, not followed into gigabytes.
pub const MAX_LISTING_BYTES: usize = 256 * 1024 * 1024;
/// Longest connection name or id accepted as input.
const MAX_KEY_LENGTH: usize = 512;

pub struct ManagementClient {
    domain: TenantDomain,
    credentials: Credentials,
    http: Http,
    token: tokio::sync::Mutex<Option<Issued>>,
    /// Where tokens are kept between runs (the OS keyring), if anywhere.
    token_cache: Option<std::sync::Arc<dyn TokenCache>>,
}

/// Why a single PATCH attempt did not produce a stored connection.
pub(crate) enum WriteFailure {
    /// Auth0 refused it (4xx), or the tenant answered in a way no Auth0 tenant does: nothing more is sent.
    Refused(Error),
    /// No connection could be made: nothing was sent.
    NotSent(Error),
    /// Sent, but the outcome is unknown (reply lost, or a server error).
    Uncertain(Error),
    /// Rate-limited: nothing was changed; wait this long.
    RateLimited(Duration),
}

/// Whether a listing asks for `options` (for deny-list sizes and findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListFields {
    WithOptions,
    WithoutOptions,
}

impl ManagementClient {
    pub fn new(domain: TenantDomain, credentials: Credentials) -> Result<ManagementClient> {
        Self::with_options(
            domain,
            credentials,
            RetryPolicy::default(),
            crate::progress::silent(),
        )
    }

    pub fn with_options(
        domain: TenantDomain,
        credentials: Credentials,
        policy: RetryPolicy,
        progress: ProgressSink,
    ) -> Result<ManagementClient> {
        let http = Http::new(
            policy,
            progress,
            domain.is_loopback(),
            domain.localhost_port(),
            domain.to_string(),
        )?;
        Ok(ManagementClient {
            domain,
            credentials,
            http,
            token: tokio::sync::Mutex::new(None),
            token_cache: None,
        })
    }

    /// Reuse tokens across runs through `cache` (one token per token lifetime, not per run).
    pub fn with_token_cache(mut self, cache: std::sync::Arc<dyn TokenCache>) -> ManagementClient {
        self.token_cache = Some(cache);
        self
    }

    /// The cache key of this client's tokens (an application's; pasted tokens are not cached).
    fn token_key(&self) -> Option<TokenKey> {
        self.credentials.client_id().map(|client_id| TokenKey {
            domain: self.domain.to_string(),
            client_id: client_id.to_string(),
        })
    }

    /// The Management API's refill rate as inferred from its replies so far (tokens a second).
    pub fn paced_rate(&self) -> Option<f64> {
        self.http.paced_rate()
    }

    /// The application this client signs in as (`None` for a pasted token).
    pub fn client_id(&self) -> Option<&str> {
        self.credentials.client_id()
    }

    pub fn domain(&self) -> &TenantDomain {
        &self.domain
    }

    pub(crate) fn policy(&self) -> &RetryPolicy {
        &self.http.policy
    }

    pub(crate) fn progress(&self, p: Progress) {
        (self.http.progress)(p)
    }

    pub(crate) async fn wait(&self, d: Duration, reason: WaitReason) {
        self.http.wait(d, reason).await
    }

    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        self.http.backoff(attempt)
    }

    /// Everything sent to this tenant so far that a reply must not show back.
    pub(crate) fn sent(&self) -> Sent {
        self.http.sent()
    }

    /// The scopes of the current token (`None` if the token does not say).
    pub async fn scopes(&self) -> Result<Option<Scopes>> {
        self.bearer().await?;
        Ok(self
            .token
            .lock()
            .await
            .as_ref()
            .and_then(|t| t.scopes.clone()))
    }

    /// When the current token expires, if known (signs in first if needed).
    pub async fn token_expires_at(&self) -> Result<Option<std::time::SystemTime>> {
        self.bearer().await?;
        Ok(self.token.lock().await.as_ref().and_then(|t| t.expires_at))
    }

    /// Which tenant and application this client speaks for (what cached findings belong to).
    pub fn identity(&self) -> String {
        match self.credentials.client_id() {
            Some(client_id) => format!("{}|{client_id}", self.domain),
            None => format!("{}|pasted-token", self.domain),
        }
    }

    /// Whether the token is a pasted one (it cannot be renewed).
    pub fn uses_pasted_token(&self) -> bool {
        matches!(self.credentials, Credentials::Token(_))
    }

    /// Ask for one connection id: proves the token works for listing connections.
    pub async fn probe_connections(&self) -> Result<()> {
        let query = [("take", "1"), ("fields", "id"), ("include_fields", "true")];
        self.get_value(
            self.url(&["connections"], &query)?,
            &Purpose::List,
            BodyLimit::Page,
        )
        .await
        .map(|_| ())
    }

    async fn bearer(&self) -> Result<Secret> {
        let mut cached = self.token.lock().await;
        if let Some(t) = cached.as_ref().filter(|t| t.fresh()) {
            return Ok(t.token.clone());
        }
        let issued = match &self.credentials {
            Credentials::Token(t) => {
                self.http.remember_secret(t);
                token::pasted(t)
            }
            application => {
                let key = self.token_key();
                let kept = match (&self.token_cache, &key) {
                    (Some(cache), Some(key)) => cache.load(key).filter(CachedToken::usable),
                    _ => None,
                };
                match kept {
                    Some(kept) => {
                        self.http.remember_secret(&kept.token);
                        Issued::from_cache(kept)
                    }
                    None => {
                        self.progress(Progress::Step(Step::GettingToken));
                        let (client_id, auth) = match application {
                            Credentials::ClientCredentials {
                                client_id,
                                client_secret,
                            } => (client_id, ClientAuth::Secret(client_secret)),
                            Credentials::PrivateKey {
                                client_id,
                                key,
                                alg,
                                kid,
                            } => (
                                client_id,
                                ClientAuth::Key {
                                    key,
                                    alg: *alg,
                                    kid: kid.as_deref(),
                                },
                            ),
                            Credentials::Token(_) => unreachable!("handled above"),
                        };
                        let issued =
                            token::client_credentials(&self.http, &self.domain, client_id, auth)
                                .await?;
                        if let (Some(cache), Some(key), Some(kept)) =
                            (&self.token_cache, &key, issued.to_cache())
                        {
                            cache.store(key, &kept);
                        }
                        issued
                    }
                }
            }
        };
        let token = issued.token.clone();
        *cached = Some(issued);
        Ok(token)
    }

    /// After a 401: drop the cached token so the next call signs in again. Pasted tokens cannot be renewed.
    async fn renewable_after_401(&self) -> bool {
        if matches!(self.credentials, Credentials::Token(_)) {
            return false;
        }
        // The kept token was refused (revoked, or its application changed): never offer it again.
        if let (Some(cache), Some(key)) = (&self.token_cache, self.token_key()) {
            cache.forget(&key);
        }
        *self.token.lock().await = None;
        true
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url> {
        let mut url = Url::parse(&self.domain.base_url())
            .map_err(|_| Error::InvalidInput(format!("{} is not a usable address", self.domain)))?;
        url.path_segments_mut()
            .map_err(|_| Error::InvalidInput(format!("{} is not a usable address", self.domain)))?
            .clear()
            .extend(["api", "v2"])
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// GET with retries: reads are idempotent, so 429, 5xx and network failures are retried.
    async fn get_value(&self, url: Url, purpose: &Purpose<'_>, limit: BodyLimit) -> Result<Value> {
        self.get_sized(url, purpose, limit).await.map(|(v, _)| v)
    }

    /// [`Self::get_value`], with how many bytes the reply took.
    async fn get_sized(
        &self,
        url: Url,
        purpose: &Purpose<'_>,
        limit: BodyLimit,
    ) -> Result<(Value, usize)> {
        let (mut limited, mut failed, mut renewed) = (0u32, 0u32, false);
        loop {
            let token = self.bearer().await?;
            let request = self
                .http
                .client
                .get(url.clone())
                .bearer_auth(token.expose());
            let wait = match self.http.send(request, limit).await {
                Ok(Reply { status, body, .. }) if status.is_success() => {
                    let value = serde_json::from_slice(&body).map_err(|_| {
                        Error::UnexpectedReply(format!(
                            "{} sent a reply that is not JSON",
                            self.domain
                        ))
                    })?;
                    return Ok((value, body.len()));
                }
                Ok(r) if r.status.as_u16() == 429 && limited < self.policy().rate_limit_retries => {
                    limited += 1;
                    (
                        self.http.rate_limit_wait(&r.headers, limited)?,
                        WaitReason::RateLimit,
                    )
                }
                Ok(r) if r.status.is_server_error() && failed < self.policy().server_retries => {
                    failed += 1;
                    (self.backoff(failed - 1), WaitReason::Retry)
                }
                Ok(r)
                    if r.status.as_u16() == 401 && !renewed && self.renewable_after_401().await =>
                {
                    renewed = true;
                    continue;
                }
                Ok(r) => return Err(self.refusal(&r, purpose)),
                Err(Failure::Stop(e) | Failure::TooLarge(e)) => return Err(e),
                Err(f) if f.retryable() && failed < self.policy().server_retries => {
                    failed += 1;
                    (self.backoff(failed - 1), WaitReason::Retry)
                }
                Err(f) => return Err(self.network_error(&f)),
            };
            self.wait(wait.0, wait.1).await;
        }
    }

    fn refusal(&self, r: &Reply, purpose: &Purpose) -> Error {
        classify(
            r.status.as_u16(),
            &r.body,
            purpose,
            &self.domain,
            &self.http.sent(),
        )
    }

    /// A read-only Management API call (`segments` under /api/v2) for a check: `scope` is the one
    /// it needs (what a 403 is said to lack), `what` what it reads, in plain words.
    pub(crate) async fn get_for(
        &self,
        scope: &'static str,
        what: &'static str,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<Value> {
        let purpose = Purpose::Check { scope, what };
        self.get_value(self.url(segments, query)?, &purpose, BodyLimit::Page)
            .await
    }

    /// A change to the tenant (`POST`, `PATCH` or `DELETE` under /api/v2) for the app's own
    /// setup: `scope` is what it needs, `what` what it does ("to create the application"). Sent
    /// once: a 429 (nothing was done) is waited out, a connection that could not be made is tried
    /// again, but a lost reply is not re-sent; the caller learns it as `outcome_unknown`. Returns
    /// the reply's JSON (`None` when it has none).
    pub(crate) async fn change(
        &self,
        method: reqwest::Method,
        segments: &[&str],
        body: Option<&Value>,
        scope: &'static str,
        what: &'static str,
    ) -> Result<Option<Value>> {
        let url = self.url(segments, &[])?;
        let purpose = Purpose::Manage { scope, what };
        let (mut limited, mut failed, mut renewed) = (0u32, 0u32, false);
        loop {
            let token = self.bearer().await?;
            let mut request = self
                .http
                .client
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose());
            if let Some(body) = body {
                request = request.json(body);
            }
            let wait = match self.http.send(request, BodyLimit::Page).await {
                Ok(r) if r.status.is_success() => {
                    if r.body.iter().all(u8::is_ascii_whitespace) {
                        return Ok(None);
                    }
                    return serde_json::from_slice(&r.body).map(Some).map_err(|_| {
                        Error::UnexpectedReply(format!(
                            "{} sent a reply that is not JSON",
                            self.domain
                        ))
                    });
                }
                Ok(r) if r.status.as_u16() == 429 && limited < self.policy().rate_limit_retries => {
                    limited += 1;
                    (
                        self.http.rate_limit_wait(&r.headers, limited)?,
                        WaitReason::RateLimit,
                    )
                }
                Ok(r)
                    if r.status.as_u16() == 401 && !renewed && self.renewable_after_401().await =>
                {
                    renewed = true;
                    continue;
                }
                Ok(r) if r.status.is_server_error() => {
                    return Err(Error::OutcomeUnknown(format!(
                        "{} had a server error {what}; it may or may not have been done.",
                        self.domain
                    )));
                }
                Ok(r) => return Err(self.refusal(&r, &purpose)),
                Err(Failure::Stop(e) | Failure::TooLarge(e)) => return Err(e),
                Err(f @ Failure::Unreachable(_))
                    if f.retryable() && failed < self.policy().server_retries =>
                {
                    failed += 1;
                    (self.backoff(failed - 1), WaitReason::Retry)
                }
                Err(f @ Failure::Lost(_)) => {
                    return Err(Error::OutcomeUnknown(format!(
                        "The request {what} was sent to {}, but its reply was lost ({}); it may or may not \
                         have been done.",
                        self.domain,
                        f.describe(&self.domain.to_string())
                    )));
                }
                Err(f) => return Err(self.network_error(&f)),
            };
            self.wait(wait.0, wait.1).await;
        }
    }

    /// Remember a value the tenant handed over (a new client secret), so no later reply shows it.
    pub(crate) fn remember(&self, secret: &Secret) {
        self.http.remember_secret(secret);
    }

    pub(crate) fn network_error(&self, f: &Failure) -> Error {
        match f {
            Failure::Stop(e) | Failure::TooLarge(e) => {
                Error::UnexpectedReply(self.http.sent().redact(&e.to_string()))
            }
            _ => Error::Network(format!("{}.", f.describe(&self.domain.to_string()))),
        }
    }

    /// One connection by id. A reply for another connection is refused: its settings must never
    /// be written back here.
    pub async fn get_connection(&self, id: &str) -> Result<Connection> {
        let id = connection_key(id)?;
        self.progress(Progress::Step(Step::ReadingConnection));
        let value = self
            .get_value(
                self.url(&["connections", id], &[])?,
                &Purpose::Read(id),
                BodyLimit::Connection,
            )
            .await?;
        let connection = Connection::from_value(value)?;
        if connection.id() != id {
            return Err(Error::UnexpectedReply(format!(
                "{} answered a request for connection {id} with another connection; nothing was changed",
                self.domain
            )));
        }
        Ok(connection)
    }

    /// Find a connection by exact name or by id.
    pub async fn find_connection(&self, key: &str) -> Result<Connection> {
        let key = connection_key(key)?;
        let looks_like_id = key.starts_with("con_");
        if looks_like_id {
            match self.get_connection(key).await {
                // 400: not a well-formed id after all; it may still be a name.
                Err(Error::NotFound(_)) | Err(Error::Api { status: 400, .. }) => {}
                other => return other,
            }
        }
        // One request by name: the list's own reply holds the whole connection.
        if let Some(found) = self.connection_by_name(key).await? {
            return Ok(found);
        }
        if !looks_like_id {
            match self.get_connection(key).await {
                Err(Error::NotFound(_)) | Err(Error::Api { status: 400, .. }) => {}
                other => return other,
            }
        }
        Err(Error::NotFound(format!(
            "No connection named “{key}” (or with that id) exists in tenant {}. Names are exact, including case.",
            self.domain
        )))
    }

    /// The connection named exactly `name`, from one list request (`?name=`).
    async fn connection_by_name(&self, name: &str) -> Result<Option<Connection>> {
        self.progress(Progress::Step(Step::ReadingConnection));
        let url = self.url(&["connections"], &[("name", name)])?;
        let reply = self.get_value(url, &Purpose::List, BodyLimit::Page).await?;
        let items = match reply {
            Value::Array(items) => items,
            Value::Object(mut o) => match o.remove("connections") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let name_of = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
        if let Some(hit) = items.iter().find(|v| name_of(v).as_deref() == Some(name)) {
            return Connection::from_value(hit.clone()).map(Some);
        }
        if items.iter().any(|v| name_of(v).as_deref() != Some(name)) {
            // The server ignored the name filter: look through every connection.
            let mut found = None;
            self.visit_connections(ListFields::WithOptions, &mut |page| {
                if found.is_none() {
                    found = page.into_iter().find(|c| c.name() == name);
                }
            })
            .await?;
            return Ok(found);
        }
        Ok(None)
    }

    /// Every connection of the tenant, page by page as they arrive (checkpoint pagination,
    /// `from`/`take`/`next`). Only the connections are handed over; nothing is kept here but ids.
    /// Returns how many there were.
    pub(crate) async fn visit_connections(
        &self,
        fields: ListFields,
        on_page: &mut (dyn FnMut(Vec<Connection>) + Send),
    ) -> Result<usize> {
        if fields == ListFields::WithoutOptions {
            return self.list_with_fields(LIST_FIELDS_NO_OPTIONS, on_page).await;
        }
        match self.list_with_fields(LIST_FIELDS, on_page).await {
            // Some servers refuse to list `options` to a token without the options scopes:
            // list without them; the deny-list sizes are then unknown.
            Err(Error::MissingScope { .. }) => {
                self.list_with_fields(LIST_FIELDS_NO_OPTIONS, on_page).await
            }
            other => other,
        }
    }

    async fn list_with_fields(
        &self,
        fields: &str,
        on_page: &mut (dyn FnMut(Vec<Connection>) + Send),
    ) -> Result<usize> {
        let mut list = Listing::checkpoint();
        let mut from: Option<String> = None;
        let take = PAGE_SIZE.to_string();
        for _ in 0..MAX_PAGES {
            let mut query = vec![
                ("take", take.as_str()),
                ("fields", fields),
                ("include_fields", "true"),
            ];
            if let Some(f) = &from {
                query.push(("from", f.as_str()));
            }
            let (page, bytes) = self
                .get_sized(
                    self.url(&["connections"], &query)?,
                    &Purpose::List,
                    BodyLimit::Page,
                )
                .await?;
            list.read(bytes, &self.domain)?;
            let next = match page {
                // Checkpoint-shaped: `{connections, next?}` (a `total` alongside is tolerated).
                Value::Object(mut o) if o.contains_key("next") || !o.contains_key("start") => {
                    let next = o
                        .get("next")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string);
                    on_page(list.add(o.remove("connections"), PAGE_SIZE)?);
                    next
                }
                // Offset-shaped reply: this server ignores checkpoint parameters.
                _ if from.is_none() => return self.list_by_offset(fields, on_page).await,
                _ => {
                    return Err(Error::UnexpectedReply(
                        "the connections list changed shape between pages; try again".into(),
                    ));
                }
            };
            self.progress(Progress::Listed { loaded: list.count });
            match next {
                Some(n) if from.as_deref() == Some(n.as_str()) => {
                    return Err(Error::UnexpectedReply(
                        "Auth0 returned the same page of connections twice; try again".into(),
                    ));
                }
                Some(n) => from = Some(n),
                None => return Ok(list.count),
            }
        }
        Err(Error::UnexpectedReply(format!(
            "{} kept sending more pages of connections ({MAX_PAGES} pages, {} connections): the listing was stopped",
            self.domain, list.count
        )))
    }

    async fn list_by_offset(
        &self,
        fields: &str,
        on_page: &mut (dyn FnMut(Vec<Connection>) + Send),
    ) -> Result<usize> {
        let mut list = Listing::offset();
        let per_page = OFFSET_PAGE_SIZE.to_string();
        let mut expected = None;
        for page in 0..MAX_OFFSET_PAGES {
            let page_s = page.to_string();
            let query = [
                ("page", page_s.as_str()),
                ("per_page", per_page.as_str()),
                ("include_totals", "true"),
                ("fields", fields),
                ("include_fields", "true"),
            ];
            let (reply, bytes) = self
                .get_sized(
                    self.url(&["connections"], &query)?,
                    &Purpose::List,
                    BodyLimit::Page,
                )
                .await?;
            list.read(bytes, &self.domain)?;
            let (items, total) = match reply {
                Value::Array(items) => (Some(Value::Array(items)), None),
                Value::Object(mut o) => (
                    o.remove("connections"),
                    o.get("total")
                        .and_then(Value::as_u64)
                        .map(|t| usize::try_from(t).unwrap_or(usize::MAX)),
                ),
                _ => (None, None),
            };
            expected = total.or(expected);
            let before = list.count;
            on_page(list.add(items, OFFSET_PAGE_SIZE)?);
            let added = list.count - before;
            self.progress(Progress::Listed { loaded: list.count });
            if added == 0
                || total.is_some_and(|t| list.count >= t)
                || (total.is_none() && added < OFFSET_PAGE_SIZE)
            {
                return match expected {
                    // Offset pagination stops at 1000 records: never present a partial list as complete.
                    Some(total) if list.count < total => Err(Error::UnexpectedReply(format!(
                        "the tenant reports {total} connections but only {} could be listed (this server does not \
                         support checkpoint pagination, and offset pagination stops at 1000)",
                        list.count
                    ))),
                    _ => Ok(list.count),
                };
            }
        }
        Err(Error::UnexpectedReply(format!(
            "{} kept sending more pages of connections than offset pagination allows: the listing was stopped",
            self.domain
        )))
    }

    /// One PATCH attempt. Retrying is the caller's decision: it must first learn whether this one landed.
    pub(crate) async fn patch_connection(
        &self,
        id: &str,
        body: &Map<String, Value>,
    ) -> Result<Connection, WriteFailure> {
        self.progress(Progress::Step(Step::Writing));
        let url = self
            .url(&["connections", id], &[])
            .map_err(WriteFailure::Refused)?;
        // Every setting about to be sent may hold a secret: no reply may show it back.
        // The deny list and display name are the admin's own words.
        self.http.remember_sent(|s| {
            s.add_json(
                &Value::Object(body.clone()),
                &[deny_list::KEY, "display_name"],
            )
        });
        let mut renewed = false;
        loop {
            let token = self.bearer().await.map_err(WriteFailure::Refused)?;
            let request = self
                .http
                .client
                .patch(url.clone())
                .bearer_auth(token.expose())
                .json(body);
            return match self.http.send(request, BodyLimit::Connection).await {
                Err(f @ Failure::Unreachable(_)) => {
                    Err(WriteFailure::NotSent(self.network_error(&f)))
                }
                Err(f @ Failure::Lost(_)) => Err(WriteFailure::Uncertain(self.network_error(&f))),
                Err(Failure::Stop(e)) => Err(WriteFailure::Refused(e)),
                Err(Failure::TooLarge(e)) => Err(WriteFailure::Uncertain(e)),
                Ok(r) if r.status.is_success() => serde_json::from_slice(&r.body)
                    .ok()
                    .and_then(|v| Connection::from_value(v).ok())
                    .filter(|c| c.id() == id)
                    .ok_or_else(|| {
                        WriteFailure::Uncertain(Error::UnexpectedReply(
                            "the reply to the write was not this connection".into(),
                        ))
                    }),
                Ok(r) if r.status.as_u16() == 429 => {
                    Err(match self.http.rate_limit_wait(&r.headers, 1) {
                        Ok(wait) => WriteFailure::RateLimited(wait),
                        Err(too_long) => WriteFailure::Refused(too_long),
                    })
                }
                Ok(r) if r.status.is_server_error() => Err(WriteFailure::Uncertain(
                    self.refusal(&r, &Purpose::Write(id)),
                )),
                Ok(r)
                    if r.status.as_u16() == 401 && !renewed && self.renewable_after_401().await =>
                {
                    renewed = true;
                    continue;
                }
                Ok(r) => Err(WriteFailure::Refused(self.refusal(&r, &Purpose::Write(id)))),
            };
        }
    }
}

/// A connection name or id as typed: refused when it cannot name a connection (empty, a dot
/// segment that would change the request's path, control or invisible characters).
pub fn connection_key(key: &str) -> Result<&str> {
    if key.chars().any(|c| c.is_control()) {
        return Err(Error::InvalidInput(
            "The connection name or id contains a line break or another control character; type it again.".into(),
        ));
    }
    if key.chars().any(deny_list::is_invisible) {
        return Err(Error::InvalidInput(
            "The connection name or id contains an invisible formatting character; type it again."
                .into(),
        ));
    }
    let key = key.trim();
    match key {
        "" => Err(Error::InvalidInput(
            "Name the connection (its exact name or its id).".into(),
        )),
        "." | ".." => Err(Error::InvalidInput(format!(
            "“{key}” is not a connection name or id."
        ))),
        _ if key.chars().count() > MAX_KEY_LENGTH => Err(Error::InvalidInput(format!(
            "The connection name or id is {} characters long; no connection has one that long.",
            key.chars().count()
        ))),
        _ => Ok(key),
    }
}

/// Ids seen across the pages of one listing.
struct Listing {
    seen: HashSet<String>,
    count: usize,
    /// Bytes read so far, every page together.
    bytes: usize,
    /// Offset pages may overlap when connections are added meanwhile; checkpoint pages never do.
    repeats_allowed: bool,
}

impl Listing {
    fn checkpoint() -> Listing {
        Listing {
            seen: HashSet::new(),
            count: 0,
            bytes: 0,
            repeats_allowed: false,
        }
    }

    fn offset() -> Listing {
        Listing {
            repeats_allowed: true,
            ..Listing::checkpoint()
        }
    }

    /// Count a page's bytes against [`MAX_LISTING_BYTES`].
    fn read(&mut self, bytes: usize, domain: &TenantDomain) -> Result<()> {
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > MAX_LISTING_BYTES {
            return Err(Error::UnexpectedReply(format!(
                "{domain} sent more than {} MB of connections in one listing, far more than any tenant holds: \
                 the listing was stopped",
                MAX_LISTING_BYTES / (1024 * 1024)
            )));
        }
        Ok(())
    }

    /// The page's connections not seen before; a page holds at most `asked` of them.
    fn add(&mut self, items: Option<Value>, asked: usize) -> Result<Vec<Connection>> {
        let Some(Value::Array(items)) = items else {
            return Err(Error::UnexpectedReply(
                "the connections list reply had no list of connections".into(),
            ));
        };
        if items.len() > asked {
            return Err(Error::UnexpectedReply(format!(
                "a page of the connections list held {} connections where at most {asked} were asked for: \
                 the listing was stopped",
                items.len()
            )));
        }
        let mut new = Vec::with_capacity(items.len());
        for item in items {
            let connection = Connection::from_value(item)?;
            if self.seen.insert(connection.id().to_string()) {
                new.push(connection);
            } else if !self.repeats_allowed {
                return Err(Error::UnexpectedReply(format!(
                    "the connections list named connection {} twice; the listing was stopped",
                    connection.id()
                )));
            }
        }
        self.count = self.seen.len();
        if self.count > MAX_CONNECTIONS {
            return Err(Error::UnexpectedReply(format!(
                "the tenant listed more than {MAX_CONNECTIONS} connections; the listing was stopped"
            )));
        }
        Ok(new)
    }
}
