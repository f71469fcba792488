//! The Management API client for connections: list (checkpoint pagination),
//! get by id or exact name, and a single PATCH attempt whose failures say
//! whether the write may have landed.

use super::api_error::{Purpose, classify};
use super::http::{Failure, Http, Reply, RetryPolicy};
use super::token::{self, Credentials, Issued, Scopes};
use crate::connection::{Connection, ConnectionSummary};
use crate::domain::TenantDomain;
use crate::error::{Error, Result};
use crate::progress::{Progress, ProgressSink, Step, WaitReason};
use crate::secret::Secret;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::time::Duration;
use url::Url;

/// Fields the connections list needs (`options` only for the deny-list size).
const LIST_FIELDS: &str = "id,name,strategy,display_name,options";
const LIST_FIELDS_NO_OPTIONS: &str = "id,name,strategy,display_name";
/// Auth0's default and documented page size for checkpoint pagination.
const PAGE_SIZE: usize = 50;
/// Offset pagination (used only if a server ignores checkpoint parameters) allows at most 100 per page.
const OFFSET_PAGE_SIZE: usize = 100;

pub struct ManagementClient {
    domain: TenantDomain,
    credentials: Credentials,
    http: Http,
    token: tokio::sync::Mutex<Option<Issued>>,
}

/// Why a single PATCH attempt did not produce a stored connection.
pub(crate) enum WriteFailure {
    /// Auth0 refused it (4xx): nothing was changed.
    Refused(Error),
    /// No connection could be made: nothing was sent.
    NotSent(Error),
    /// Sent, but the outcome is unknown (reply lost, or a server error).
    Uncertain(Error),
    /// Rate-limited: nothing was changed; wait this long.
    RateLimited(Duration),
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
        let http = Http::new(policy, progress, domain.is_loopback())?;
        Ok(ManagementClient {
            domain,
            credentials,
            http,
            token: tokio::sync::Mutex::new(None),
        })
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

    /// Whether the token is a pasted one (it cannot be renewed).
    pub fn uses_pasted_token(&self) -> bool {
        matches!(self.credentials, Credentials::Token(_))
    }

    /// Ask for one connection id: proves the token works for listing connections.
    pub async fn probe_connections(&self) -> Result<()> {
        let query = [("take", "1"), ("fields", "id"), ("include_fields", "true")];
        self.get_value(self.url(&["connections"], &query), &Purpose::List)
            .await
            .map(|_| ())
    }

    async fn bearer(&self) -> Result<Secret> {
        let mut cached = self.token.lock().await;
        if let Some(t) = cached.as_ref().filter(|t| t.fresh()) {
            return Ok(t.token.clone());
        }
        let issued = match &self.credentials {
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                self.progress(Progress::Step(Step::GettingToken));
                token::client_credentials(&self.http, &self.domain, client_id, client_secret)
                    .await?
            }
            Credentials::Token(t) => token::pasted(t),
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
        *self.token.lock().await = None;
        true
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = Url::parse(&self.domain.base_url()).expect("a parsed domain is a valid URL");
        url.path_segments_mut()
            .expect("http URLs have paths")
            .clear()
            .extend(["api", "v2"])
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// GET with retries: reads are idempotent, so 429, 5xx and network failures are retried.
    async fn get_value(&self, url: Url, purpose: &Purpose<'_>) -> Result<Value> {
        let (mut limited, mut failed, mut renewed) = (0u32, 0u32, false);
        loop {
            let token = self.bearer().await?;
            let request = self
                .http
                .client
                .get(url.clone())
                .bearer_auth(token.expose());
            let wait = match self.http.send(request).await {
                Ok(Reply { status, body, .. }) if status.is_success() => {
                    return serde_json::from_slice(&body).map_err(|_| Error::Api {
                        status: status.as_u16(),
                        message: format!("{} sent a reply that is not JSON", self.domain),
                    });
                }
                Ok(r) if r.status.as_u16() == 429 && limited < self.policy().rate_limit_retries => {
                    limited += 1;
                    (
                        self.http.rate_limit_wait(&r.headers, limited),
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
                Ok(r) => return Err(classify(r.status.as_u16(), &r.body, purpose, &self.domain)),
                Err(_) if failed < self.policy().server_retries => {
                    failed += 1;
                    (self.backoff(failed - 1), WaitReason::Retry)
                }
                Err(f) => return Err(self.network_error(&f)),
            };
            self.wait(wait.0, wait.1).await;
        }
    }

    /// A read-only Management API call for the tenant checks (`segments` under /api/v2).
    pub(crate) async fn get_for_check(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        scope: &'static str,
        what: &'static str,
    ) -> Result<Value> {
        self.get_value(self.url(segments, query), &Purpose::Check { scope, what })
            .await
    }

    pub(crate) fn network_error(&self, f: &Failure) -> Error {
        Error::Network(format!(
            "Could not reach {}: {}. Check your network connection and try again.",
            self.domain,
            f.detail()
        ))
    }

    pub async fn get_connection(&self, id: &str) -> Result<Connection> {
        self.progress(Progress::Step(Step::ReadingConnection));
        let value = self
            .get_value(self.url(&["connections", id], &[]), &Purpose::Read(id))
            .await?;
        Connection::from_value(value)
    }

    /// Find a connection by exact name or by id.
    pub async fn find_connection(&self, key: &str) -> Result<Connection> {
        let key = key.trim();
        if key.is_empty() {
            return Err(Error::InvalidInput(
                "Name the connection (its exact name or its id).".into(),
            ));
        }
        let looks_like_id = key.starts_with("con_");
        if looks_like_id {
            match self.get_connection(key).await {
                // 400: not a well-formed id after all; it may still be a name.
                Err(Error::NotFound(_)) | Err(Error::Api { status: 400, .. }) => {}
                other => return other,
            }
        }
        if let Some(id) = self.id_by_name(key).await? {
            return self.get_connection(&id).await;
        }
        if !looks_like_id {
            match self.get_connection(key).await {
                Err(Error::NotFound(_)) | Err(Error::Api { status: 400, .. }) => {}
                other => return other,
            }
        }
        Err(Error::NotFound(format!(
            "No connection named “{key}” (or with that id) exists in tenant {}. Names are exact, including case; \
             list them with `denylist connections`.",
            self.domain
        )))
    }

    async fn id_by_name(&self, name: &str) -> Result<Option<String>> {
        let url = self.url(
            &["connections"],
            &[
                ("name", name),
                ("fields", "id,name"),
                ("include_fields", "true"),
            ],
        );
        let reply = self.get_value(url, &Purpose::List).await?;
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
            return Ok(hit.get("id").and_then(Value::as_str).map(str::to_string));
        }
        if items.iter().any(|v| name_of(v).as_deref() != Some(name)) {
            // The server ignored the name filter: look through every connection.
            let all = self.list_connections().await?;
            return Ok(all.into_iter().find(|c| c.name == name).map(|c| c.id));
        }
        Ok(None)
    }

    /// Every connection of the tenant, following checkpoint pagination (`from`/`take`/`next`).
    pub async fn list_connections(&self) -> Result<Vec<ConnectionSummary>> {
        self.list_connections_with(&mut |_| {}).await
    }

    /// Like [`Self::list_connections`], handing over each page as it arrives (for progressive display).
    pub async fn list_connections_with(
        &self,
        on_page: &mut (dyn FnMut(&[ConnectionSummary]) + Send),
    ) -> Result<Vec<ConnectionSummary>> {
        let mut pages = |page: &[Connection]| {
            let rows: Vec<ConnectionSummary> = page.iter().map(Connection::summary).collect();
            on_page(&rows);
        };
        let all = self.list_connection_objects_with(&mut pages).await?;
        Ok(all.iter().map(Connection::summary).collect())
    }

    /// Every connection as listed (with `options` when the token may read them), for checks across connections.
    pub async fn list_connection_objects(&self) -> Result<Vec<Connection>> {
        self.list_connection_objects_with(&mut |_| {}).await
    }

    async fn list_connection_objects_with(
        &self,
        on_page: &mut (dyn FnMut(&[Connection]) + Send),
    ) -> Result<Vec<Connection>> {
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
        on_page: &mut (dyn FnMut(&[Connection]) + Send),
    ) -> Result<Vec<Connection>> {
        let mut list = Listing::default();
        let mut from: Option<String> = None;
        let take = PAGE_SIZE.to_string();
        loop {
            let mut query = vec![
                ("take", take.as_str()),
                ("fields", fields),
                ("include_fields", "true"),
            ];
            if let Some(f) = &from {
                query.push(("from", f.as_str()));
            }
            let page = self
                .get_value(self.url(&["connections"], &query), &Purpose::List)
                .await?;
            let next = match page {
                // Checkpoint-shaped: `{connections, next?}` (a `total` alongside is tolerated).
                Value::Object(mut o) if o.contains_key("next") || !o.contains_key("start") => {
                    let next = o
                        .get("next")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string);
                    let added = list.add(o.remove("connections"))?;
                    on_page(&list.items[list.items.len() - added..]);
                    next
                }
                // Offset-shaped reply: this server ignores checkpoint parameters.
                _ if from.is_none() => return self.list_by_offset(fields, on_page).await,
                _ => {
                    return Err(unexpected(
                        "the connections list changed shape between pages; try again",
                    ));
                }
            };
            self.progress(Progress::Listed {
                loaded: list.items.len(),
            });
            match next {
                Some(n) if from.as_deref() == Some(n.as_str()) => {
                    return Err(unexpected(
                        "Auth0 returned the same page of connections twice; try again",
                    ));
                }
                Some(n) => from = Some(n),
                None => return Ok(list.items),
            }
        }
    }

    async fn list_by_offset(
        &self,
        fields: &str,
        on_page: &mut (dyn FnMut(&[Connection]) + Send),
    ) -> Result<Vec<Connection>> {
        let mut list = Listing::default();
        let per_page = OFFSET_PAGE_SIZE.to_string();
        let mut expected = None;
        for page in 0.. {
            let page_s = page.to_string();
            let query = [
                ("page", page_s.as_str()),
                ("per_page", per_page.as_str()),
                ("include_totals", "true"),
                ("fields", fields),
                ("include_fields", "true"),
            ];
            let reply = self
                .get_value(self.url(&["connections"], &query), &Purpose::List)
                .await?;
            let (items, total) = match reply {
                Value::Array(items) => (Some(Value::Array(items)), None),
                Value::Object(mut o) => (
                    o.remove("connections"),
                    o.get("total").and_then(Value::as_u64).map(|t| t as usize),
                ),
                _ => (None, None),
            };
            expected = total.or(expected);
            let added = list.add(items)?;
            on_page(&list.items[list.items.len() - added..]);
            self.progress(Progress::Listed {
                loaded: list.items.len(),
            });
            if added == 0
                || total.is_some_and(|t| list.items.len() >= t)
                || (total.is_none() && added < OFFSET_PAGE_SIZE)
            {
                break;
            }
        }
        match expected {
            // Offset pagination stops at 1000 records: never present a partial list as complete.
            Some(total) if list.items.len() < total => Err(unexpected(&format!(
                "the tenant reports {total} connections but only {} could be listed (this server does not \
                 support checkpoint pagination, and offset pagination stops at 1000)",
                list.items.len()
            ))),
            _ => Ok(list.items),
        }
    }

    /// One PATCH attempt. Retrying is the caller's decision: it must first learn whether this one landed.
    pub(crate) async fn patch_connection(
        &self,
        id: &str,
        body: &Map<String, Value>,
    ) -> Result<Connection, WriteFailure> {
        self.progress(Progress::Step(Step::Writing));
        let url = self.url(&["connections", id], &[]);
        let mut renewed = false;
        loop {
            let token = self.bearer().await.map_err(WriteFailure::Refused)?;
            let request = self
                .http
                .client
                .patch(url.clone())
                .bearer_auth(token.expose())
                .json(body);
            return match self.http.send(request).await {
                Err(f @ Failure::Unreachable(_)) => {
                    Err(WriteFailure::NotSent(self.network_error(&f)))
                }
                Err(f @ Failure::Lost(_)) => Err(WriteFailure::Uncertain(self.network_error(&f))),
                Ok(r) if r.status.is_success() => serde_json::from_slice(&r.body)
                    .map_err(|_| ())
                    .and_then(|v| Connection::from_value(v).map_err(|_| ()))
                    .map_err(|_| {
                        WriteFailure::Uncertain(Error::Api {
                            status: r.status.as_u16(),
                            message: "the reply to the write was unreadable".into(),
                        })
                    }),
                Ok(r) if r.status.as_u16() == 429 => Err(WriteFailure::RateLimited(
                    self.http.rate_limit_wait(&r.headers, 1),
                )),
                Ok(r) if r.status.is_server_error() => Err(WriteFailure::Uncertain(classify(
                    r.status.as_u16(),
                    &r.body,
                    &Purpose::Write(id),
                    &self.domain,
                ))),
                Ok(r)
                    if r.status.as_u16() == 401 && !renewed && self.renewable_after_401().await =>
                {
                    renewed = true;
                    continue;
                }
                Ok(r) => Err(WriteFailure::Refused(classify(
                    r.status.as_u16(),
                    &r.body,
                    &Purpose::Write(id),
                    &self.domain,
                ))),
            };
        }
    }
}

/// Connections collected across pages, without duplicates.
#[derive(Default)]
struct Listing {
    items: Vec<Connection>,
    seen: HashSet<String>,
}

impl Listing {
    fn add(&mut self, items: Option<Value>) -> Result<usize> {
        let Some(Value::Array(items)) = items else {
            return Err(Error::Api {
                status: 0,
                message: "the connections list reply had no list of connections".into(),
            });
        };
        let before = self.items.len();
        for item in items {
            let connection = Connection::from_value(item)?;
            if self.seen.insert(connection.id().to_string()) {
                self.items.push(connection);
            }
        }
        Ok(self.items.len() - before)
    }
}

fn unexpected(message: &str) -> Error {
    Error::Api {
        status: 0,
        message: message.to_string(),
    }
}
