//! Who changed a connection's deny list, from any tool: Auth0's tenant logs (`read:logs`) hold a
//! `sapi` ("Success API Operation") event for every Management API write — from the Dashboard, the
//! auth0 CLI, Terraform, another computer. This reads the connection updates among them, says
//! who made each (a person, through the Dashboard or a token; an application), and what the list
//! became where the logged bodies show it.
//!
//! Auth0's material (checked December 2026): the event schema (`sapi`: `details.request.{method,
//! path, body, channel, auth.user}`, `details.response.{statusCode, body}`), real events (method
//! in lower case, the path with `/api/v2`, `channel` `https://manage.auth0.com/` for the Dashboard,
//! `auth.user` empty for applications), and `GET /api/v2/logs`: `q` with `page`/`per_page` (only
//! the first 1 000 results), or `from`/`take` — which ignores `q` and would read every login, so
//! the search is used, newest first. A real Dashboard update logged `body: {}` and a reply without
//! settings: the list is then said to be unknown, never guessed. Everything here is untrusted: a
//! missing or odd field degrades one entry, never the read. Option values are never kept.

use crate::auth0::ManagementClient;
use crate::error::{Error, Result};
use crate::local::files;
use crate::local::history::{ChangeSource, HistoryEntry};
use crate::view::table::LiveLists;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The scope that reads tenant logs (`read:logs_users` is accepted by Auth0 too).
pub const SCOPE: &str = crate::checks::access::LOGS_SCOPE;
const SCOPES_ACCEPTED: [&str; 2] = ["read:logs", "read:logs_users"];
/// Results per page, and the pages a search may go through (Auth0: the first 1 000 results).
const PER_PAGE: usize = 100;
const MAX_PAGES: usize = 10;
/// An event holds at most this many attributes in a list we keep (anything longer is odd).
const MAX_LIST: usize = 1_000;

pub const RETENTION: &str = "Auth0 keeps tenant logs for 1 to 30 days depending on the plan (Starter 1, \
     Essentials 5, Professional 10, Enterprise 30: https://auth0.com/docs/deploy-monitor/logs/log-data-retention); \
     older changes are only in a log stream sent elsewhere (https://auth0.com/docs/customize/log-streams).";

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Actor {
    /// Recorded by this computer (the app or the command line), with the profile used.
    ThisComputer { profile: Option<String> },
    /// A person: in the Auth0 Dashboard, or with a token of their own (the API Explorer's).
    Person {
        email: Option<String>,
        name: Option<String>,
        user_id: Option<String>,
        dashboard: bool,
    },
    /// An application through the Management API (Terraform, the Deploy CLI, a script).
    Application {
        client_id: String,
        name: Option<String>,
    },
    /// The log does not say.
    Unknown,
}

impl Actor {
    /// "Auth0 Dashboard — ana@acme.com", "application Terraform (client tf0…)", "this computer".
    pub fn label(&self) -> String {
        match self {
            Actor::ThisComputer { profile: Some(p) } => format!("this computer (profile {p})"),
            Actor::ThisComputer { profile: None } => "this computer".into(),
            Actor::Person {
                email,
                name,
                user_id,
                dashboard,
            } => {
                let who = email
                    .as_deref()
                    .or(name.as_deref())
                    .or(user_id.as_deref())
                    .unwrap_or("a person");
                if *dashboard {
                    format!("Auth0 Dashboard — {who}")
                } else {
                    format!("{who}, through the Management API")
                }
            }
            Actor::Application {
                client_id,
                name: Some(n),
            } => format!("application {n} (client {client_id})"),
            Actor::Application {
                client_id,
                name: None,
            } => format!("application with client id {client_id}"),
            Actor::Unknown => "someone (the log does not say who)".into(),
        }
    }
}

/// One update of a connection, as a tenant log event shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LoggedChange {
    pub log_id: String,
    /// When, in UTC (RFC 3339); `None` when the event does not say.
    pub at: Option<String>,
    pub connection_id: String,
    pub connection_name: Option<String>,
    pub by: Actor,
    /// The deny list as this update left it, where the logged bodies show it.
    pub after: Option<Vec<String>>,
    /// How `after` is known, in plain words ("the settings sent", "Auth0's reply").
    pub after_from: Option<String>,
}

/// What a read of the tenant logs found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenantLogRead {
    /// Updates of connections, newest first (read now and kept from earlier reads).
    pub changes: Vec<LoggedChange>,
    /// Set when the token lacks `read:logs`: nothing was read.
    pub missing_scope: Option<String>,
    /// The oldest event met, by this read or an earlier one kept (RFC 3339): how far back the
    /// logs were read.
    pub oldest_read: Option<String>,
    /// Only the newest 1 000 write events could be read (Auth0's search limit).
    pub capped: bool,
    /// How far back tenant logs go, in plain words.
    pub retention: String,
    /// What could not be used, in plain words (events skipped, the kept copy unreadable).
    pub problems: Vec<String>,
    /// Requests this read took.
    pub requests: u32,
}

/// An update of a connection, from one tenant log event; `None` for any other event (or an
/// update that did not touch the connection's settings, so not its deny list).
pub fn from_event(event: &Value) -> Option<LoggedChange> {
    if event.get("type")?.as_str()? != "sapi" {
        return None;
    }
    let request = event.pointer("/details/request")?;
    if !request
        .get("method")?
        .as_str()?
        .eq_ignore_ascii_case("patch")
    {
        return None;
    }
    let connection_id = connection_of(request.get("path")?.as_str()?)?;
    let log_id = text(event.get("log_id").or_else(|| event.get("_id")))?;
    let response = event.pointer("/details/response/body");
    let body = request.get("body");
    let (after, after_from) = match (list_in(response), body) {
        (Some(list), _) => (Some(list), Some("Auth0's reply")),
        (None, Some(Value::Object(sent))) if sent.contains_key("options") => {
            match sent.get("options") {
                // `options` replaces the connection's settings whole: sent without a deny list, it
                // emptied it.
                Some(Value::Object(o)) => match o.get("non_persistent_attrs") {
                    None | Some(Value::Null) => (
                        Some(Vec::new()),
                        Some("the settings sent (without a deny list)"),
                    ),
                    Some(v) => (strings(v), Some("the settings sent")),
                },
                _ => (None, None),
            }
        }
        // Sent without `options`: the settings, and so the list, were not touched.
        (None, Some(Value::Object(sent))) if !sent.is_empty() => return None,
        _ => (None, None),
    };
    let after_from = after.as_ref().and(after_from).map(str::to_string);
    Some(LoggedChange {
        log_id,
        at: event.get("date").and_then(Value::as_str).and_then(utc),
        connection_id,
        connection_name: response
            .and_then(|r| r.get("name"))
            .and_then(|n| text(Some(n))),
        by: actor(event, request),
        after,
        after_from,
    })
}

/// `/api/v2/connections/{id}` (or `/v2/…`, as some samples write it), never a sub-resource.
fn connection_of(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next()?;
    let rest = path
        .strip_prefix("/api/v2/connections/")
        .or_else(|| path.strip_prefix("/v2/connections/"))?;
    let id: String = url::form_urlencoded::parse(format!("x={rest}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())?;
    (!id.is_empty()
        && id.len() <= 128
        && !id.contains('/')
        && id.chars().all(|c| !c.is_control() && !c.is_whitespace()))
    .then_some(id)
}

fn list_in(body: Option<&Value>) -> Option<Vec<String>> {
    strings(body?.get("options")?.get("non_persistent_attrs")?)
}

fn strings(v: &Value) -> Option<Vec<String>> {
    let items = v.as_array()?;
    if items.len() > MAX_LIST {
        return None;
    }
    items
        .iter()
        .map(|i| i.as_str().map(str::to_string))
        .collect()
}

/// A short text field: present, a string, not empty, not huge.
fn text(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty() && s.len() <= 512).then(|| s.to_string())
}

fn actor(event: &Value, request: &Value) -> Actor {
    let user = request.pointer("/auth/user");
    let field = |k: &str| text(user.and_then(|u| u.get(k)));
    let (email, name, user_id) = (field("email"), field("name"), field("user_id"));
    let dashboard = request
        .get("channel")
        .and_then(Value::as_str)
        .is_some_and(|c| c.trim_end_matches('/') == "https://manage.auth0.com");
    if email.is_some() || name.is_some() || user_id.is_some() || dashboard {
        return Actor::Person {
            email,
            name,
            user_id: user_id.or_else(|| text(event.get("user_id"))),
            dashboard,
        };
    }
    match text(event.get("client_id")) {
        Some(client_id) => Actor::Application {
            client_id,
            name: text(event.get("client_name")),
        },
        None => Actor::Unknown,
    }
}

/// An event's date, as RFC 3339 in UTC to the second.
fn utc(date: &str) -> Option<String> {
    let t = time::OffsetDateTime::parse(date, &time::format_description::well_known::Rfc3339)
        .ok()?
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .ok()?;
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

/// What an earlier read kept, per tenant, beside its history: updates already read (never an
/// event's bodies or any option value) and the names of the applications that made them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Kept {
    version: u32,
    tenant: String,
    /// The logs were read in full from this day on (`YYYY-MM-DD`).
    read_from: Option<String>,
    changes: Vec<LoggedChange>,
    client_names: HashMap<String, String>,
    /// The oldest event any read met: how far back the logs went.
    #[serde(default)]
    oldest_seen: Option<String>,
}

/// Where reads of a tenant's logs are kept (the history folder: they outlive Auth0's retention).
pub struct LogCache {
    dir: PathBuf,
}

impl LogCache {
    pub fn in_dir(dir: impl Into<PathBuf>) -> LogCache {
        LogCache { dir: dir.into() }
    }

    fn path(&self, tenant: &str) -> PathBuf {
        self.dir
            .join(format!("{}.tenant-logs.json", files::file_name(tenant)))
    }

    fn load(&self, tenant: &str, problems: &mut Vec<String>) -> Kept {
        match files::read_private(&self.path(tenant)) {
            Ok(bytes) => match serde_json::from_slice::<Kept>(&bytes) {
                Ok(k) if k.tenant == tenant && k.version == 1 => k,
                _ => {
                    problems.push("The copy of earlier tenant log reads could not be used; the logs were read again.".into());
                    Kept::default()
                }
            },
            Err(_) => Kept::default(),
        }
    }

    fn store(&self, kept: &Kept) -> std::io::Result<()> {
        files::create_private_dir_all(&self.dir)?;
        let bytes = serde_json::to_vec(kept).map_err(std::io::Error::other)?;
        files::write_private_atomic(&self.path(&kept.tenant), &bytes)
    }
}

/// Read the connection updates in the tenant's logs since `since` (a day, `YYYY-MM-DD`; all that
/// Auth0 still keeps when `None`), adding to what `cache` kept from earlier reads.
pub async fn read_changes(
    client: &ManagementClient,
    since: Option<&str>,
    cache: Option<&LogCache>,
) -> Result<TenantLogRead> {
    let tenant = client.domain().to_string();
    let mut out = TenantLogRead {
        retention: RETENTION.into(),
        ..TenantLogRead::default()
    };
    let scopes = client.scopes().await.ok().flatten();
    if scopes
        .as_ref()
        .is_some_and(|s| !SCOPES_ACCEPTED.iter().any(|x| s.has(x)))
    {
        out.missing_scope = Some(SCOPE.into());
        return Ok(out);
    }
    let mut kept = cache
        .map(|c| c.load(&tenant, &mut out.problems))
        .unwrap_or_default();
    kept.version = 1;
    kept.tenant = tenant.clone();
    // A later read starts from the newest day already kept (read again: dates are not in exact
    // order), unless it must go further back than before.
    let newest_kept = kept
        .changes
        .iter()
        .filter_map(|c| c.at.as_deref())
        .max()
        .map(|at| at[..10.min(at.len())].to_string());
    const EVERYTHING: &str = "0000-00-00";
    let covered = kept.read_from.as_deref().is_some_and(|from| match since {
        Some(s) => from <= s,
        None => from == EVERYTHING,
    });
    let start = if covered {
        newest_kept.clone()
    } else {
        since.map(str::to_string)
    };
    let query = match &start {
        Some(day) => format!("type:sapi AND date:[{day} TO *]"),
        None => "type:sapi".to_string(),
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut found: Vec<LoggedChange> = Vec::new();
    let mut skipped = 0usize;
    for page in 0..MAX_PAGES {
        let page_text = page.to_string();
        let per_page = PER_PAGE.to_string();
        let reply = match client
            .get_for(
                SCOPE,
                "tenant logs",
                &["logs"],
                &[
                    ("q", query.as_str()),
                    ("page", page_text.as_str()),
                    ("per_page", per_page.as_str()),
                    ("sort", "date:-1"),
                ],
            )
            .await
        {
            Ok(v) => v,
            Err(Error::MissingScope { .. }) => {
                out.missing_scope = Some(SCOPE.into());
                out.changes.clear();
                return Ok(out);
            }
            Err(e) => return Err(e),
        };
        out.requests += 1;
        let events = match reply {
            Value::Array(a) => a,
            Value::Object(mut o) => match o.remove("logs") {
                Some(Value::Array(a)) => a,
                _ => {
                    return Err(Error::UnexpectedReply(
                        "the tenant logs reply held no list of events".into(),
                    ));
                }
            },
            _ => {
                return Err(Error::UnexpectedReply(
                    "the tenant logs reply was not a list of events".into(),
                ));
            }
        };
        let count = events.len();
        let mut new_here = 0;
        for event in &events {
            let id = text(event.get("log_id").or_else(|| event.get("_id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                continue;
            }
            new_here += 1;
            if let Some(date) = event.get("date").and_then(Value::as_str).and_then(utc)
                && out.oldest_read.as_ref().is_none_or(|o| &date < o)
            {
                out.oldest_read = Some(date);
            }
            let update = event
                .pointer("/details/request/path")
                .and_then(Value::as_str)
                .is_some_and(|p| p.contains("connections/"));
            match from_event(event) {
                Some(change) => found.push(change),
                None if update && id.is_none() => skipped += 1,
                None => {}
            }
        }
        // A server that ignores `page` sends the same events again: stop rather than loop.
        if count < PER_PAGE || new_here == 0 {
            break;
        }
        if page + 1 == MAX_PAGES {
            out.capped = true;
        }
    }
    if skipped > 0 {
        out.problems.push(format!(
            "{skipped} logged connection update{} had no log id and {} skipped.",
            if skipped == 1 { "" } else { "s" },
            if skipped == 1 { "was" } else { "were" }
        ));
    }
    // Kept and new together, once each, newest first.
    let mut by_id: HashMap<String, LoggedChange> = kept
        .changes
        .drain(..)
        .map(|c| (c.log_id.clone(), c))
        .collect();
    for c in found {
        by_id.insert(c.log_id.clone(), c);
    }
    let mut all: Vec<LoggedChange> = by_id.into_values().collect();
    all.sort_by(|a, b| b.at.cmp(&a.at).then(b.log_id.cmp(&a.log_id)));
    if !covered && !out.capped {
        kept.read_from = Some(match since {
            Some(s) => s.to_string(),
            None => EVERYTHING.into(),
        });
    }
    if let Some(oldest) = &out.oldest_read
        && kept.oldest_seen.as_ref().is_none_or(|o| oldest < o)
    {
        kept.oldest_seen = Some(oldest.clone());
    }
    out.oldest_read = kept.oldest_seen.clone();
    name_applications(
        client,
        scopes.as_ref(),
        &mut all,
        &mut kept.client_names,
        &mut out,
    )
    .await;
    kept.changes = all.clone();
    if let Some(cache) = cache
        && let Err(e) = cache.store(&kept)
    {
        out.problems.push(format!(
            "What was read could not be kept for next time ({e}); it will be read again."
        ));
    }
    out.changes = all
        .into_iter()
        .filter(|c| since.is_none_or(|d| c.at.as_deref().is_none_or(|at| at >= d)))
        .collect();
    Ok(out)
}

/// Applications are named in the log by client id only: one read each (`read:clients`), kept.
async fn name_applications(
    client: &ManagementClient,
    scopes: Option<&crate::auth0::Scopes>,
    changes: &mut [LoggedChange],
    names: &mut HashMap<String, String>,
    out: &mut TenantLogRead,
) {
    let can_read = scopes.is_none_or(|s| s.has("read:clients"));
    let mut asked: HashSet<String> = HashSet::new();
    for change in changes.iter_mut() {
        let Actor::Application { client_id, name } = &mut change.by else {
            continue;
        };
        if name.is_some() {
            continue;
        }
        if let Some(known) = names.get(client_id.as_str()) {
            *name = Some(known.clone());
            continue;
        }
        if !can_read || !asked.insert(client_id.clone()) || asked.len() > 20 {
            continue;
        }
        let reply = client
            .get_for(
                "read:clients",
                "applications",
                &["clients", client_id.as_str()],
                &[("fields", "client_id,name"), ("include_fields", "true")],
            )
            .await;
        out.requests += 1;
        if let Ok(v) = reply
            && let Some(n) = text(v.get("name"))
        {
            names.insert(client_id.clone(), n.clone());
            *name = Some(n);
        }
    }
    for change in changes.iter_mut() {
        if let Actor::Application {
            client_id,
            name: name @ None,
        } = &mut change.by
        {
            *name = names.get(client_id.as_str()).cloned();
        }
    }
}

/// Where a change in the history comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Origin {
    /// This computer's history only.
    ThisComputer,
    /// The tenant's logs only (another tool, another computer, a person).
    TenantLogs,
    /// Both: a change made here, also found in the tenant's logs.
    Both,
}

/// One change of a deny list, from this computer's history, the tenant's logs, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeRecord {
    /// This computer's history id, or `log:` and the tenant log's id.
    pub id: String,
    pub at: Option<String>,
    pub connection_id: String,
    pub connection_name: String,
    /// The list before and after, where known.
    pub before: Option<Vec<String>>,
    pub after: Option<Vec<String>>,
    pub by: Actor,
    /// Who, in plain words ("Auth0 Dashboard — ana@acme.com").
    pub who: String,
    pub origin: Origin,
    /// What made it, for a change made here (edit, revert, bulk change, sync).
    pub source: Option<ChangeSource>,
    /// The history entry to revert, for a change made here.
    pub history_id: Option<String>,
    pub log_id: Option<String>,
    /// "added ethnicity · removed gender", or what the log cannot show.
    pub summary: String,
    pub notes: Vec<String>,
    /// Set when the connection's list changed after this change: by whom, or that it changed
    /// elsewhere (nothing here or in the logs says how).
    pub changed_since: Option<String>,
}

/// This computer's history and the tenant's logs as one list, newest first: a change made here
/// and also found in the logs appears once. `own_client` is the client id this computer signs in
/// with (its changes are the logs' events by that application).
pub fn merge(
    own: &[HistoryEntry],
    logged: &[LoggedChange],
    own_client: Option<&str>,
) -> Vec<ChangeRecord> {
    let mut records: Vec<ChangeRecord> = own.iter().map(own_record).collect();
    let mut used: HashSet<usize> = HashSet::new();
    for change in logged {
        let matching = records.iter().enumerate().find(|(i, r)| {
            !used.contains(i)
                && r.origin == Origin::ThisComputer
                && r.connection_id == change.connection_id
                && close_in_time(r.at.as_deref(), change.at.as_deref())
                && (matches!((&change.by, own_client), (Actor::Application { client_id, .. }, Some(own)) if client_id == own)
                    || (change.after.is_some() && change.after == r.after))
        });
        if let Some((i, _)) = matching {
            used.insert(i);
            let r = &mut records[i];
            r.origin = Origin::Both;
            r.log_id = Some(change.log_id.clone());
            continue;
        }
        records.push(ChangeRecord {
            id: format!("log:{}", change.log_id),
            at: change.at.clone(),
            connection_id: change.connection_id.clone(),
            connection_name: change
                .connection_name
                .clone()
                .unwrap_or_else(|| change.connection_id.clone()),
            before: None,
            after: change.after.clone(),
            who: change.by.label(),
            by: change.by.clone(),
            origin: Origin::TenantLogs,
            source: None,
            history_id: None,
            log_id: Some(change.log_id.clone()),
            summary: String::new(),
            notes: Vec::new(),
            changed_since: None,
        });
    }
    // Oldest first to carry each connection's list forward: a logged change's "before" is the
    // list the change before it left (when that one is known).
    records.sort_by(|a, b| a.at.cmp(&b.at));
    let mut last: HashMap<String, Option<Vec<String>>> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for r in &records {
        if r.origin != Origin::TenantLogs || r.connection_name != r.connection_id {
            names.insert(r.connection_id.clone(), r.connection_name.clone());
        }
    }
    for r in records.iter_mut() {
        if r.before.is_none()
            && let Some(Some(previous)) = last.get(&r.connection_id)
        {
            r.before = Some(previous.clone());
        }
        if let Some(name) = names.get(&r.connection_id) {
            r.connection_name = name.clone();
        }
        last.insert(r.connection_id.clone(), r.after.clone());
        r.summary = summary(r.before.as_deref(), r.after.as_deref());
    }
    records.reverse();
    records
}

fn own_record(e: &HistoryEntry) -> ChangeRecord {
    let by = Actor::ThisComputer {
        profile: e.profile.clone(),
    };
    ChangeRecord {
        id: e.id.clone(),
        at: Some(e.at.clone()),
        connection_id: e.connection_id.clone(),
        connection_name: e.connection_name.clone(),
        before: Some(e.before.clone()),
        after: Some(e.after.clone()),
        who: by.label(),
        by,
        origin: Origin::ThisComputer,
        source: Some(e.source),
        history_id: Some(e.id.clone()),
        log_id: None,
        summary: e.summary(),
        notes: e.notes.clone(),
        changed_since: None,
    }
}

/// Within five minutes: this computer's clock and Auth0's may differ a little.
fn close_in_time(a: Option<&str>, b: Option<&str>) -> bool {
    let parse = |s: &str| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
    };
    match (a.and_then(parse), b.and_then(parse)) {
        (Some(a), Some(b)) => (a - b).whole_seconds().abs() <= 300,
        _ => false,
    }
}

fn summary(before: Option<&[String]>, after: Option<&[String]>) -> String {
    match (before, after) {
        (Some(before), Some(after)) => {
            let added: Vec<&str> = after
                .iter()
                .filter(|a| !before.contains(a))
                .map(String::as_str)
                .collect();
            let removed: Vec<&str> = before
                .iter()
                .filter(|a| !after.contains(a))
                .map(String::as_str)
                .collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", removed.join(", ")));
            }
            if parts.is_empty() {
                "no change to the list".into()
            } else {
                parts.join(" · ")
            }
        }
        (None, Some([])) => "emptied the list".into(),
        (None, Some(after)) => format!("set the list to {}", after.join(", ")),
        (_, None) => "changed the connection; the log does not show the deny list".into(),
    }
}

/// Mark each change whose connection's list changed after it: by the next change recorded, or,
/// for the newest one, when the list now (`live`, by connection id) differs from what it left.
/// `records` is newest first, as [`merge`] returns it.
pub fn mark_changed_since(records: &mut [ChangeRecord], live: &HashMap<String, Vec<String>>) {
    let mut newer: HashMap<String, (String, Option<String>)> = HashMap::new();
    for r in records.iter_mut() {
        r.changed_since = match newer.get(&r.connection_id) {
            Some((who, at)) => Some(match at {
                Some(at) => format!("changed since by {who}, {}", short_time(at)),
                None => format!("changed since by {who}"),
            }),
            None => match (live.get(&r.connection_id), &r.after) {
                (Some(now), Some(after)) if !same_set(now, after) => Some(format!(
                    "changed since elsewhere: the list is now {}",
                    if now.is_empty() {
                        "empty".to_string()
                    } else {
                        now.join(", ")
                    }
                )),
                _ => None,
            },
        };
        newer.insert(r.connection_id.clone(), (r.who.clone(), r.at.clone()));
    }
}

/// Names for connections the logs named by id only (`names`: by id, from a listing).
pub fn name_connections(records: &mut [ChangeRecord], names: &HashMap<String, String>) {
    for r in records.iter_mut() {
        if r.connection_name == r.connection_id
            && let Some(name) = names.get(&r.connection_id)
        {
            r.connection_name = name.clone();
        }
    }
}

/// `2026-12-06T16:42:46Z` → `2026-12-06 16:42 UTC`.
fn short_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Connections the logs show changed at or after their list was last read here (or whose list
/// was never read), once each, in the logs' order: the ones to read again before History
/// compares with them.
pub fn changed_after_read(logged: &[LoggedChange], live: &LiveLists) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for change in logged {
        let newer = match (change.at.as_deref(), live.as_of.get(&change.connection_id)) {
            (Some(at), Some(known)) => at >= known.as_str(),
            (_, None) => live.names.contains_key(&change.connection_id),
            (None, Some(_)) => false,
        };
        if newer && !ids.contains(&change.connection_id) {
            ids.push(change.connection_id.clone());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_connections_changed_since_their_list_was_read_are_read_again() {
        let change = |id: &str, at: Option<&str>| LoggedChange {
            log_id: format!("log-{id}"),
            at: at.map(str::to_string),
            connection_id: id.into(),
            connection_name: None,
            by: Actor::ThisComputer { profile: None },
            after: None,
            after_from: None,
        };
        let mut live = LiveLists::default();
        for id in ["read-before", "read-after", "never-read"] {
            live.names.insert(id.into(), id.into());
        }
        live.lists.insert("read-before".into(), vec![]);
        live.as_of
            .insert("read-before".into(), "2026-12-01T00:00:00Z".into());
        live.lists.insert("read-after".into(), vec![]);
        live.as_of
            .insert("read-after".into(), "2026-12-09T00:00:00Z".into());
        let logged = [
            change("read-before", Some("2026-12-05T00:00:00Z")),
            change("read-after", Some("2026-12-05T00:00:00Z")),
            change("never-read", None),
            change("read-before", Some("2026-12-06T00:00:00Z")),
            change("not-a-connection-here", Some("2026-12-06T00:00:00Z")),
            change("read-after", None),
        ];
        assert_eq!(
            changed_after_read(&logged, &live),
            ["read-before", "never-read"]
        );
    }

    fn dashboard_event(after: Option<&[&str]>) -> Value {
        json!({
            "date": "2026-12-01T09:15:02.123Z", "type": "sapi", "description": "Update a connection",
            "client_id": "dash", "client_name": "", "log_id": "90020261201091502",
            "details": {
                "request": {
                    "method": "patch", "path": "/api/v2/connections/con_Budg1kY9GWs5U07r", "query": {},
                    "body": after.map(|a| json!({"options": {"non_persistent_attrs": a, "secret": "s3cr3t"}})).unwrap_or(json!({})),
                    "channel": "https://manage.auth0.com/",
                    "auth": {"user": {"user_id": "auth0|61e8", "name": "ana", "email": "ana@acme.com"}, "strategy": "jwt", "credentials": {}}
                },
                "response": {"statusCode": 200, "body": {"id": "con_Budg1kY9GWs5U07r", "name": "customers", "strategy": "auth0"}}
            },
            "user_id": "auth0|61e8"
        })
    }

    #[test]
    fn a_dashboard_update_names_the_person_and_the_list_sent() {
        let c = from_event(&dashboard_event(Some(&["gender", "ethnicity"]))).unwrap();
        assert_eq!(c.connection_id, "con_Budg1kY9GWs5U07r");
        assert_eq!(c.connection_name.as_deref(), Some("customers"));
        assert_eq!(c.at.as_deref(), Some("2026-12-01T09:15:02Z"));
        assert_eq!(c.after, Some(vec!["gender".into(), "ethnicity".into()]));
        assert_eq!(c.by.label(), "Auth0 Dashboard — ana@acme.com");
        // Never an option value.
        assert!(!serde_json::to_string(&c).unwrap().contains("s3cr3t"));
    }

    #[test]
    fn a_logged_body_of_nothing_leaves_the_list_unknown() {
        let c = from_event(&dashboard_event(None)).unwrap();
        assert_eq!(c.after, None);
        assert_eq!(
            summary(None, None),
            "changed the connection; the log does not show the deny list"
        );
    }

    #[test]
    fn an_application_settings_without_a_list_empty_it_and_other_writes_are_not_updates() {
        let mut e = dashboard_event(None);
        e["details"]["request"]["channel"] = json!("api");
        e["details"]["request"]["auth"]["user"] = json!({});
        e["details"]["request"]["body"] = json!({"options": {"mfa": {"active": true}}});
        e["client_id"] = json!("tf0Client");
        let c = from_event(&e).unwrap();
        assert_eq!(c.after, Some(vec![]));
        assert_eq!(c.by.label(), "application with client id tf0Client");
        // A write that did not send settings did not touch the list.
        e["details"]["request"]["body"] = json!({"display_name": "Customers"});
        assert!(from_event(&e).is_none());
        // Sub-resources, reads, other types and odd shapes are not connection updates.
        for (pointer, value) in [
            (
                "/details/request/path",
                json!("/api/v2/connections/con_1/clients"),
            ),
            ("/details/request/method", json!("get")),
            ("/type", json!("s")),
            ("/details/request/path", json!(42)),
            ("/details", json!("redacted")),
        ] {
            let mut odd = dashboard_event(Some(&["x"]));
            *odd.pointer_mut(pointer).unwrap() = value;
            assert!(from_event(&odd).is_none(), "{pointer}");
        }
    }

    #[test]
    fn changes_made_here_appear_once_and_the_rest_follow_each_other() {
        let own = HistoryEntry {
            v: 1,
            id: "20261201-091500-a1b2".into(),
            at: "2026-12-01T09:15:00Z".into(),
            tenant: "acme.auth0.com".into(),
            profile: Some("prod".into()),
            connection_id: "con_Budg1kY9GWs5U07r".into(),
            connection_name: "customers".into(),
            before: vec!["gender".into()],
            after: vec!["gender".into(), "ethnicity".into()],
            source: ChangeSource::Edit,
            reverts: None,
            run: None,
            notes: vec![],
            state: Default::default(),
            found: None,
        };
        let mut here = from_event(&dashboard_event(Some(&["gender", "ethnicity"]))).unwrap();
        here.by = Actor::Application {
            client_id: "mine".into(),
            name: None,
        };
        let mut later = from_event(&dashboard_event(Some(&["ethnicity"]))).unwrap();
        later.log_id = "90020261202".into();
        later.at = Some("2026-12-02T10:00:00Z".into());
        let mut records = merge(&[own], &[here, later], Some("mine"));
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].who, "Auth0 Dashboard — ana@acme.com");
        assert_eq!(records[0].summary, "removed gender");
        assert_eq!(records[1].origin, Origin::Both);
        let live = HashMap::from([("con_Budg1kY9GWs5U07r".to_string(), vec!["religion".into()])]);
        mark_changed_since(&mut records, &live);
        assert!(
            records[0]
                .changed_since
                .as_deref()
                .unwrap()
                .contains("elsewhere: the list is now religion")
        );
        assert!(
            records[1]
                .changed_since
                .as_deref()
                .unwrap()
                .starts_with("changed since by Auth0 Dashboard — ana@acme.com")
        );
    }
}
