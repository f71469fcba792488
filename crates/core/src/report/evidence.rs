//! The evidence report: for each tenant, as of now, which connections deny which attributes,
//! the limitations that hold there (the same findings the app shows, inferences said so), how
//! many users still have each denied attribute stored, and the changes of the period (this
//! computer's history and the tenant's logs). Built once as data: the JSON, the HTML and the PDF
//! are three views of it, and the SHA-256 of the JSON is printed in the other two.
//!
//! Only names, lists and counts: never an option value or a secret.

use crate::auth0::ManagementClient;
use crate::auth0::client::ListFields;
use crate::checks::findings::{Finding, Severity};
use crate::checks::stored_values::{SCOPE as USERS_SCOPE, SEARCH_LIMIT, count_one};
use crate::checks::tenant_checks::check_tenant;
use crate::error::{Error, Result};
use crate::local::history::History;
use crate::local::ids::local_now;
use crate::model::connection::Connection;
use crate::model::strategy::{ConnectionKind, strategy_label};
use crate::tenant::tenant_logs::{
    ChangeRecord, LogCache, RETENTION, mark_changed_since, merge, name_connections, read_changes,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const FORMAT: &str = "deny-list-manager/evidence-report";
pub const VERSION: u32 = 1;
/// At most this many user searches per tenant (one per connection and denied attribute): beyond,
/// the rest is said as not counted.
pub const MAX_SEARCHES: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceReport {
    pub format: String,
    pub version: u32,
    pub title: String,
    /// When it was made, in this computer's time zone with its offset (RFC 3339).
    pub generated_at: String,
    pub time_zone: String,
    /// The tool and its version.
    pub tool: String,
    /// The period of changes shown starts on this day (`YYYY-MM-DD`), or all that is known.
    pub since: Option<String>,
    /// In plain words, every tenant at once.
    pub summary: Vec<String>,
    pub tenants: Vec<TenantEvidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenantEvidence {
    /// As the admin named it (a saved profile), or its domain.
    pub name: String,
    pub domain: String,
    pub environment: Option<String>,
    pub summary: Vec<String>,
    pub connections: Vec<ConnectionEvidence>,
    /// Every attribute some connection denies, the most denied first (the matrix's columns).
    pub attributes: Vec<String>,
    pub findings: Vec<FindingEvidence>,
    pub stored: Vec<StoredEvidence>,
    /// Why users were not counted (the scope missing, too many searches), when they were not.
    pub stored_note: Option<String>,
    pub changes: Vec<ChangeRecord>,
    /// Where the changes come from and how far back they go.
    pub changes_note: String,
    /// What could not be checked, and why.
    pub not_checked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionEvidence {
    pub name: String,
    pub id: String,
    /// Its type in plain words ("SAML", "Microsoft Entra ID (Azure AD)", "Database").
    pub kind: String,
    pub strategy: String,
    /// `None` when its settings could not be read.
    pub deny_list: Option<Vec<String>>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingEvidence {
    pub title: String,
    pub message: String,
    /// The severity, in plain words ("won't work as intended", "tokens change", "good to know").
    pub severity: String,
    /// Auth0's documentation, or this app's own inference.
    pub source: String,
    pub inference: bool,
    /// The connections it holds for (none: the whole tenant).
    pub connections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredEvidence {
    pub attribute: String,
    /// Users found, over the connections counted.
    pub users: u64,
    /// A connection reached Auth0's search limit: there may be more.
    pub at_least: bool,
    /// Connections denying it, and those counted.
    pub connections: usize,
    pub counted: usize,
}

/// Who a report is for: a tenant's name, its environment, and its client.
pub struct TenantSource<'a> {
    pub name: String,
    pub environment: Option<String>,
    pub client: &'a ManagementClient,
    /// This computer's history and where to keep what the tenant logs gave.
    pub history: Option<&'a History>,
}

/// Progress of a report, in plain words, with how far it is.
pub type ReportProgress<'a> = &'a mut (dyn FnMut(&str) + Send);

/// Read one tenant as it is now: one listing, its tenant checks, user searches (at most
/// [`MAX_SEARCHES`]), this computer's history and the tenant's logs since `since`.
pub async fn tenant_evidence(
    source: &TenantSource<'_>,
    since: Option<&str>,
    progress: ReportProgress<'_>,
) -> Result<TenantEvidence> {
    let client = source.client;
    let domain = client.domain().to_string();
    progress(&format!("{}: reading the connections", source.name));
    let mut read: Vec<Connection> = Vec::new();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            read.extend(page)
        })
        .await?;
    read.sort_by_key(|c| c.name().to_lowercase());
    let connections: Vec<ConnectionEvidence> = read.iter().map(connection_evidence).collect();
    let attributes = attributes_by_use(&connections);
    let mut not_checked: Vec<String> = Vec::new();

    progress(&format!("{}: checking the limitations", source.name));
    let tenant_report = check_tenant(client).await;
    let mut findings: Vec<FindingEvidence> = Vec::new();
    for f in &tenant_report.findings {
        if f.is_skipped() {
            not_checked.push(format!("{}: {}", f.title, f.message));
        } else {
            add_finding(&mut findings, f, None);
        }
    }
    for c in &read {
        for f in c.findings() {
            add_finding(&mut findings, &f, Some(c.name()));
        }
    }
    findings.sort_by_key(|f| {
        (
            severity_rank(&f.severity),
            std::cmp::Reverse(f.connections.len()),
        )
    });

    progress(&format!(
        "{}: counting users who still have denied attributes stored",
        source.name
    ));
    let (stored, stored_note) =
        count_stored(client, &connections, &attributes, progress, &source.name).await;

    progress(&format!("{}: reading the changes", source.name));
    let own = source.history.map(|h| h.read(&domain)).unwrap_or_default();
    let own_entries: Vec<_> = own
        .entries
        .iter()
        .filter(|e| since.is_none_or(|d| e.at.as_str() >= d))
        .cloned()
        .collect();
    let cache = source.history.map(|h| LogCache::in_dir(h.dir()));
    let (logged, changes_note) = match read_changes(client, since, cache.as_ref()).await {
        Ok(logs) if logs.missing_scope.is_some() => {
            not_checked.push(format!(
                "Changes made by others (the Dashboard, other tools): the token lacks the optional scope {}.",
                logs.missing_scope.as_deref().unwrap_or_default()
            ));
            (
                Vec::new(),
                "Changes made from this computer only: the tenant's logs could not be read (they need read:logs)."
                    .to_string(),
            )
        }
        Ok(logs) => {
            let mut note = format!(
                "Changes made from this computer and, from the tenant's own logs, by anyone. {RETENTION}"
            );
            if let Some(oldest) = &logs.oldest_read {
                note.push_str(&format!(" The logs were read back to {oldest}."));
            }
            if logs.capped {
                note.push_str(" Only the newest 1 000 write events could be read.");
            }
            (logs.changes, note)
        }
        Err(e) => {
            not_checked.push(format!(
                "Changes made by others: the tenant's logs could not be read ({e})."
            ));
            (
                Vec::new(),
                "Changes made from this computer only: the tenant's logs could not be read.".into(),
            )
        }
    };
    let mut changes = merge(&own_entries, &logged, client.client_id());
    let names: HashMap<String, String> = read
        .iter()
        .map(|c| (c.id().to_string(), c.name().to_string()))
        .collect();
    let lists: HashMap<String, Vec<String>> = read
        .iter()
        .filter_map(|c| c.deny_list().ok().map(|l| (c.id().to_string(), l)))
        .collect();
    name_connections(&mut changes, &names);
    mark_changed_since(&mut changes, &lists);

    let summary = tenant_summary(&connections, &attributes, &findings, &stored, &changes);
    Ok(TenantEvidence {
        name: source.name.clone(),
        domain,
        environment: source.environment.clone(),
        summary,
        connections,
        attributes,
        findings,
        stored,
        stored_note,
        changes,
        changes_note,
        not_checked,
    })
}

/// The report over tenants already read.
pub fn report(tenants: Vec<TenantEvidence>, since: Option<&str>) -> EvidenceReport {
    let (generated_at, time_zone) = local_now();
    let mut summary = Vec::new();
    for t in &tenants {
        let first = t.summary.first().cloned().unwrap_or_default();
        if t.name == t.domain {
            summary.push(format!("{}: {first}", t.name));
        } else {
            summary.push(format!("{} ({}): {first}", t.name, t.domain));
        }
    }
    EvidenceReport {
        format: FORMAT.into(),
        version: VERSION,
        title: "Deny list evidence report".into(),
        generated_at,
        time_zone,
        tool: format!("Deny List Manager {}", env!("CARGO_PKG_VERSION")),
        since: since.map(str::to_string),
        summary,
        tenants,
    }
}

impl TenantEvidence {
    /// The connections that deny at least one attribute (the matrix's rows; the rest deny
    /// nothing and are counted apart).
    pub fn denying(&self) -> Vec<&ConnectionEvidence> {
        self.connections
            .iter()
            .filter(|c| c.deny_list.as_ref().is_none_or(|l| !l.is_empty()))
            .collect()
    }

    /// Whether some attribute is denied by more than one connection (a matrix then reads best).
    pub fn attributes_repeat(&self) -> bool {
        self.attributes.iter().any(|a| {
            self.connections
                .iter()
                .filter(|c| c.deny_list.iter().flatten().any(|x| x == a))
                .count()
                > 1
        })
    }
}

impl EvidenceReport {
    /// The JSON, exactly as written to a file and hashed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The SHA-256 of [`Self::to_json`], in hex: printed in the HTML and PDF footers, so a copy
    /// can be checked against the data.
    pub fn sha256(&self) -> String {
        sha256_hex(self.to_json().as_bytes())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A day as `--since` takes it.
pub fn check_day(day: &str) -> Result<()> {
    let b = day.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "A day is written like 2026-11-28, not “{day}”."
        )))
    }
}

fn connection_evidence(c: &Connection) -> ConnectionEvidence {
    let deny_list = c.deny_list().ok().filter(|_| c.options().is_some());
    let note = if deny_list.is_none() {
        Some("Its settings could not be read (the token lacks read:connections_options).".into())
    } else if c.kind() == ConnectionKind::Database
        && c.options()
            .and_then(|o| o.get("enabledDatabaseCustomization"))
            .and_then(serde_json::Value::as_bool)
            == Some(true)
    {
        Some(
            "A custom database: changing its list needs the plain values of its configuration \
             (held by whoever set up its scripts)."
                .into(),
        )
    } else {
        None
    };
    ConnectionEvidence {
        name: c.name().to_string(),
        id: c.id().to_string(),
        kind: strategy_label(c.strategy()),
        strategy: c.strategy().to_string(),
        deny_list,
        note,
    }
}

/// Every denied attribute, the most denied first (then by name).
fn attributes_by_use(connections: &[ConnectionEvidence]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in connections {
        for a in c.deny_list.iter().flatten() {
            *counts.entry(a.as_str()).or_default() += 1;
        }
    }
    let mut all: Vec<(&str, usize)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.into_iter().map(|(a, _)| a.to_string()).collect()
}

fn add_finding(out: &mut Vec<FindingEvidence>, f: &Finding, connection: Option<&str>) {
    let same = |e: &&mut FindingEvidence| e.title == f.title && e.message == f.message;
    match out.iter_mut().find(same) {
        Some(e) => {
            if let Some(c) = connection
                && !e.connections.iter().any(|x| x == c)
            {
                e.connections.push(c.to_string());
            }
        }
        None => out.push(FindingEvidence {
            title: f.title.clone(),
            message: f.message.clone(),
            severity: f.severity.label().to_string(),
            inference: f.source == crate::checks::catalogue::OWN_CHECK
                || f.message.contains("inference")
                || f.source.contains("inference"),
            source: f.source.clone(),
            connections: connection.map(|c| vec![c.to_string()]).unwrap_or_default(),
        }),
    }
}

fn severity_rank(label: &str) -> u8 {
    [
        Severity::BlocksIntent,
        Severity::ChangesTokens,
        Severity::Informational,
    ]
    .iter()
    .position(|s| s.label() == label)
    .unwrap_or(3) as u8
}

async fn count_stored(
    client: &ManagementClient,
    connections: &[ConnectionEvidence],
    attributes: &[String],
    progress: ReportProgress<'_>,
    tenant: &str,
) -> (Vec<StoredEvidence>, Option<String>) {
    let mut stored: Vec<StoredEvidence> = attributes
        .iter()
        .map(|a| StoredEvidence {
            attribute: a.clone(),
            users: 0,
            at_least: false,
            connections: connections
                .iter()
                .filter(|c| c.deny_list.iter().flatten().any(|x| x == a))
                .count(),
            counted: 0,
        })
        .collect();
    if attributes.is_empty() {
        return (stored, None);
    }
    if let Ok(Some(scopes)) = client.scopes().await
        && !scopes.has(USERS_SCOPE)
    {
        return (
            stored,
            Some(format!(
                "Not counted: the token lacks the optional scope {USERS_SCOPE}."
            )),
        );
    }
    let searches: Vec<(&str, &str)> = connections
        .iter()
        .flat_map(|c| {
            c.deny_list
                .iter()
                .flatten()
                .map(move |a| (c.name.as_str(), a.as_str()))
        })
        .collect();
    let total = searches.len();
    let mut note = None;
    for (done, (connection, attribute)) in searches.into_iter().enumerate() {
        if done >= MAX_SEARCHES {
            note = Some(format!(
                "Counted over the first {MAX_SEARCHES} of {total} connection and attribute pairs (one user \
                 search each, within Auth0's rate limit); the rest were not counted."
            ));
            break;
        }
        if done % 10 == 0 {
            progress(&format!(
                "{tenant}: counting users who still have denied attributes stored ({done} of {total})"
            ));
        }
        match count_one(client, connection, attribute).await {
            Ok(n) => {
                if let Some(s) = stored.iter_mut().find(|s| s.attribute == attribute) {
                    s.users += n;
                    s.counted += 1;
                    s.at_least |= n >= SEARCH_LIMIT;
                }
            }
            Err(Error::MissingScope { .. }) => {
                for s in &mut stored {
                    s.users = 0;
                    s.counted = 0;
                    s.at_least = false;
                }
                return (
                    stored,
                    Some(format!(
                        "Not counted: the token lacks the optional scope {USERS_SCOPE}."
                    )),
                );
            }
            Err(e) => {
                note.get_or_insert_with(|| format!("Some connections could not be counted: {e}"));
            }
        }
    }
    (stored, note)
}

/// The tenant in a few plain sentences.
fn tenant_summary(
    connections: &[ConnectionEvidence],
    attributes: &[String],
    findings: &[FindingEvidence],
    stored: &[StoredEvidence],
    changes: &[ChangeRecord],
) -> Vec<String> {
    let total = connections.len();
    let mut out = Vec::new();
    let readable: Vec<&ConnectionEvidence> = connections
        .iter()
        .filter(|c| c.deny_list.is_some())
        .collect();
    let denying = readable
        .iter()
        .filter(|c| c.deny_list.as_ref().is_some_and(|l| !l.is_empty()))
        .count();
    if attributes.is_empty() {
        out.push(format!(
            "None of the {total} connection{} denies any attribute.",
            if total == 1 { "" } else { "s" }
        ));
    } else {
        // Attributes denied by the same connections are said together.
        let mut groups: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
        for a in attributes {
            let by: Vec<&str> = readable
                .iter()
                .filter(|c| c.deny_list.iter().flatten().any(|x| x == a))
                .map(|c| c.name.as_str())
                .collect();
            match groups.iter_mut().find(|(conns, _)| *conns == by) {
                Some((_, attrs)) => attrs.push(a.as_str()),
                None => groups.push((by, vec![a.as_str()])),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .take(4)
            .map(|(conns, attrs)| {
                format!(
                    "{} of {total} connection{} {} {}",
                    conns.len(),
                    if total == 1 { "" } else { "s" },
                    if conns.len() == 1 { "denies" } else { "deny" },
                    and_list(attrs)
                )
            })
            .collect();
        let mut first = parts.join("; ");
        if groups.len() > 4 {
            first.push_str(&format!(
                "; {} more attribute{} on fewer connections",
                groups.len() - 4,
                if groups.len() - 4 == 1 { "" } else { "s" }
            ));
        }
        first.push('.');
        out.push(first);
        out.push(format!(
            "{denying} of {total} connections deny at least one attribute."
        ));
    }
    let unreadable: Vec<&str> = connections
        .iter()
        .filter(|c| c.deny_list.is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !unreadable.is_empty() {
        out.push(format!(
            "{} connection{} could not be read: {}.",
            unreadable.len(),
            if unreadable.len() == 1 {
                "'s settings"
            } else {
                "s' settings"
            },
            unreadable.join(", ")
        ));
    }
    let custom: Vec<&str> = connections
        .iter()
        .filter(|c| {
            c.note
                .as_deref()
                .is_some_and(|n| n.starts_with("A custom database"))
        })
        .map(|c| c.name.as_str())
        .collect();
    if !custom.is_empty() {
        out.push(format!(
            "{} custom database{} can only be changed with the plain values of {} configuration: {}.",
            custom.len(),
            if custom.len() == 1 { "" } else { "s" },
            if custom.len() == 1 { "its" } else { "their" },
            custom.join(", ")
        ));
    }
    let serious: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::BlocksIntent.label())
        .map(|f| f.title.as_str())
        .collect();
    if !serious.is_empty() {
        out.push(format!(
            "Where the deny list will not work as intended: {}.",
            serious.join("; ")
        ));
    }
    let with_users: Vec<String> = stored
        .iter()
        .filter(|s| s.users > 0)
        .map(|s| {
            format!(
                "{}{} user{} still have {} stored",
                s.users,
                if s.at_least { " or more" } else { "" },
                if s.users == 1 { "" } else { "s" },
                s.attribute
            )
        })
        .collect();
    if !with_users.is_empty() {
        out.push(format!("{}.", capitalise(&with_users.join("; "))));
    }
    let by_others = changes
        .iter()
        .filter(|c| c.origin == crate::tenant::tenant_logs::Origin::TenantLogs)
        .count();
    out.push(match changes.len() {
        0 => "No change in the period.".to_string(),
        n => format!(
            "{n} change{} in the period, {by_others} of them by others (the Dashboard, other tools or computers).",
            if n == 1 { "" } else { "s" }
        ),
    });
    out
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
