//! Bulk changes: one edit (or, for a sync, one list per connection) over many connections.
//!
//! First a dry run from one listing (a page of 100 connections per request): per connection, the
//! list before and after, or why it is skipped. Then the run: for each connection, a fresh read
//! and the verified write (two requests), paced by the client from `x-ratelimit-*`, one at a time
//! so a cancellation lands between connections and none is ever half-changed. One failure never
//! stops the others; every change is recorded in the history.

use crate::Outcome;
use crate::auth0::ManagementClient;
use crate::auth0::client::ListFields;
use crate::change::plan::{Edit, Plan, blocking_problem, plan};
use crate::change::record::{Journal, apply_recorded};
use crate::checks::findings::Finding;
use crate::error::{Error, ErrorCode, Result};
use crate::local::history::{ChangeSource, History, Who};
use crate::local::ids::new_id;
use crate::model::connection::Connection;
use crate::model::known_names::Typo;
use crate::model::strategy::strategy_label;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Which connections a bulk change is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Selection {
    All,
    /// Connections of these strategies (`samlp`, `auth0`…).
    Strategies(Vec<String>),
    /// Connections by id or name (ticked in the app, or a file of names for the command line).
    Connections(Vec<String>),
}

impl Selection {
    fn includes(&self, c: &Connection) -> bool {
        match self {
            Selection::All => true,
            Selection::Strategies(s) => s.iter().any(|s| s == c.strategy()),
            Selection::Connections(keys) => keys.iter().any(|k| k == c.id() || k == c.name()),
        }
    }
}

/// Why a connection is left out of a bulk change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SkipReason {
    /// The list already is as asked.
    NothingToChange,
    /// The token cannot read the connection's settings: writing would erase them.
    OptionsUnreadable,
    /// A custom database whose configuration Auth0 returns encrypted: change it on its own,
    /// re-entering the values.
    EncryptedConfiguration,
    /// The attributes cannot go on this connection's list (the message says why).
    InvalidAttributes,
    /// No connection by that name or id (a file of names, a sync from another tenant).
    NoSuchConnection,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::NothingToChange => "already as asked",
            SkipReason::OptionsUnreadable => {
                "its settings cannot be read with this token (read:connections_options), so writing would erase them"
            }
            SkipReason::EncryptedConfiguration => {
                "a custom database whose configuration values Auth0 returns only encrypted: change it on its own, \
                 re-entering them. Whoever set up its custom scripts has the values (Dashboard → Authentication → \
                 Database → the connection → Custom Database → Settings shows their names, never the values)"
            }
            SkipReason::InvalidAttributes => "the attributes cannot go on this connection's list",
            SkipReason::NoSuchConnection => "no connection by that name in this tenant",
        }
    }

    /// In a few words, as a report's counts give the reasons.
    pub fn short(self) -> &'static str {
        match self {
            SkipReason::NothingToChange => "already as asked",
            SkipReason::OptionsUnreadable => "settings unreadable with this token",
            SkipReason::EncryptedConfiguration => "custom database with encrypted configuration",
            SkipReason::InvalidAttributes => "attributes not allowed there",
            SkipReason::NoSuchConnection => "no such connection",
        }
    }
}

/// One connection in a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkItem {
    pub connection_id: String,
    pub connection_name: String,
    pub strategy: String,
    /// The kind of connection in plain words ("Enterprise (SAML)"), never `samlp`.
    #[serde(default)]
    pub kind: String,
    pub edit: Edit,
    /// The list now and after the edit (`None` when it cannot be read).
    pub before: Option<Vec<String>>,
    pub after: Option<Vec<String>>,
    pub skip: Option<SkipReason>,
    /// Why, when skipped; and rewrites or duplicates the edit meets, in plain words.
    pub notes: Vec<String>,
    /// What bears on the change on this connection, as the single edit's review shows it
    /// (a SAML connection in debug mode, an attribute that cannot be denied there…).
    #[serde(default)]
    pub findings: Vec<Finding>,
}

impl BulkItem {
    /// The list already is as asked: neutral, neither a change nor a skip.
    pub fn already_as_asked(&self) -> bool {
        self.skip == Some(SkipReason::NothingToChange)
    }

    /// Left out for a reason the admin may need to act on.
    pub fn skipped(&self) -> bool {
        self.skip.is_some() && !self.already_as_asked()
    }
}

/// One finding met on one or more connections of a dry run, said once with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingGroup {
    /// The finding as met on the first of them.
    pub finding: Finding,
    /// The connections it was met on, in the dry run's order.
    pub connections: Vec<String>,
}

/// A dry run: what a bulk change will do, connection by connection. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkPlan {
    /// Names the run in the history (`run`).
    pub run: String,
    pub items: Vec<BulkItem>,
    /// Attributes of the edit that are probably misspellings: said before anything is written.
    #[serde(default)]
    pub typos: Vec<Typo>,
}

/// Attributes of `edit` close to, but not, a name in `known` (the standard names, the names the
/// tenant's connections receive, and what their lists already hold).
pub fn likely_typos(edit: &Edit, known: &[String]) -> Vec<Typo> {
    let attributes = match edit {
        Edit::Add(a) | Edit::Set(a) => a,
        Edit::Remove(_) | Edit::Clear => return Vec::new(),
    };
    attributes
        .iter()
        .filter_map(|typed| Typo::of(typed, known))
        .collect()
}

impl BulkPlan {
    pub fn to_change(&self) -> usize {
        self.items.iter().filter(|i| i.skip.is_none()).count()
    }

    pub fn already_as_asked(&self) -> usize {
        self.items.iter().filter(|i| i.already_as_asked()).count()
    }

    pub fn skipped(&self) -> usize {
        self.items.iter().filter(|i| i.skipped()).count()
    }

    /// Each finding once, with the connections it was met on (most serious first, then by how
    /// many connections it concerns). Identical texts are one group.
    pub fn finding_groups(&self) -> Vec<FindingGroup> {
        let mut groups: Vec<FindingGroup> = Vec::new();
        for item in &self.items {
            for f in &item.findings {
                let same = |g: &&mut FindingGroup| {
                    g.finding.code == f.code
                        && g.finding.attribute == f.attribute
                        && g.finding.message == f.message
                };
                match groups.iter_mut().find(same) {
                    Some(g) => {
                        if !g.connections.contains(&item.connection_name) {
                            g.connections.push(item.connection_name.clone());
                        }
                    }
                    None => groups.push(FindingGroup {
                        finding: f.clone(),
                        connections: vec![item.connection_name.clone()],
                    }),
                }
            }
        }
        groups.sort_by_key(|g| (g.finding.severity, std::cmp::Reverse(g.connections.len())));
        groups
    }

    /// "3 to change, 2 already as asked, 1 skipped."
    pub fn counts_line(&self) -> String {
        format!(
            "{} to change, {} already as asked, {} skipped.",
            self.to_change(),
            self.already_as_asked(),
            self.skipped()
        )
    }

    /// Requests the run will make: a read and a write per connection to change.
    pub fn requests(&self) -> usize {
        self.to_change() * 2
    }

    /// What the run costs and how it is paced, in one sentence.
    pub fn pace(&self) -> String {
        format!(
            "That takes {} requests (a read and a write each), paced by Auth0's rate limit.",
            self.requests()
        )
    }
}

/// What one connection's edit would do, from the connection as read.
pub fn item(connection: &Connection, edit: &Edit) -> BulkItem {
    assess(connection, edit).0
}

/// The item, and the plan to apply when there is something to write.
fn assess(connection: &Connection, edit: &Edit) -> (BulkItem, Option<Plan>) {
    let mut item = BulkItem {
        connection_id: connection.id().to_string(),
        connection_name: connection.name().to_string(),
        strategy: connection.strategy().to_string(),
        kind: strategy_label(connection.strategy()),
        edit: edit.clone(),
        before: connection.deny_list().ok(),
        after: None,
        skip: None,
        notes: Vec::new(),
        findings: Vec::new(),
    };
    match plan(connection, edit) {
        Ok(p) => {
            item.after = Some(p.after.clone());
            item.notes = p.notes.clone();
            item.findings = p.warnings.clone();
            if let Some(problem) = blocking_problem(&p) {
                item.skip = Some(SkipReason::EncryptedConfiguration);
                item.notes.push(problem.to_string());
            } else if p.is_noop() {
                item.skip = Some(SkipReason::NothingToChange);
            } else {
                return (item, Some(p));
            }
        }
        Err(e) => {
            item.skip = Some(skip_for(&e));
            item.notes.push(e.to_string());
        }
    }
    (item, None)
}

fn skip_for(e: &Error) -> SkipReason {
    match e.code() {
        ErrorCode::OptionsUnreadable => SkipReason::OptionsUnreadable,
        ErrorCode::EncryptedConfiguration => SkipReason::EncryptedConfiguration,
        _ => SkipReason::InvalidAttributes,
    }
}

/// The dry run of `edit` over the selected connections, from one listing.
pub async fn dry_run(
    client: &ManagementClient,
    selection: &Selection,
    edit: &Edit,
) -> Result<BulkPlan> {
    let mut items = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    // A set: a tenant of thousands of connections may name thousands of claims. Only an edit
    // that adds names is checked for misspellings.
    let checks_names = matches!(edit, Edit::Add(_) | Edit::Set(_));
    let mut known: std::collections::BTreeSet<String> =
        crate::model::known_names::standard().into_iter().collect();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            for c in page.iter().filter(|_| checks_names) {
                known.extend(crate::model::known_names::received_by(c));
                known.extend(c.deny_list().unwrap_or_default());
            }
            for c in page.iter().filter(|c| selection.includes(c)) {
                seen.push((c.id().to_string(), c.name().to_string()));
                items.push(item(c, edit));
            }
        })
        .await?;
    if let Selection::Connections(keys) = selection {
        for key in keys {
            if !seen.iter().any(|(id, name)| id == key || name == key) {
                items.push(missing(key, edit.clone()));
            }
        }
    }
    Ok(BulkPlan {
        run: new_id(),
        typos: likely_typos(edit, &known.into_iter().collect::<Vec<_>>()),
        items,
    })
}

/// The item for a connection the tenant does not have.
pub fn missing(name: &str, edit: Edit) -> BulkItem {
    BulkItem {
        connection_id: String::new(),
        connection_name: name.to_string(),
        strategy: String::new(),
        kind: String::new(),
        edit,
        before: None,
        after: None,
        skip: Some(SkipReason::NoSuchConnection),
        notes: vec![],
        findings: vec![],
    }
}

/// How one connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BulkStatus {
    Changed,
    Unchanged,
    Skipped,
    Failed,
    /// Cancelled before its turn: untouched.
    NotRun,
}

impl BulkStatus {
    /// In the order a careful reader looks: problems first.
    pub const ALL: [BulkStatus; 5] = [
        BulkStatus::Failed,
        BulkStatus::Skipped,
        BulkStatus::NotRun,
        BulkStatus::Changed,
        BulkStatus::Unchanged,
    ];

    /// In a word or two, as a report shows it.
    pub fn label(self) -> &'static str {
        match self {
            BulkStatus::Changed => "Changed",
            BulkStatus::Unchanged => "Already as asked",
            BulkStatus::Skipped => "Skipped",
            BulkStatus::Failed => "Failed",
            BulkStatus::NotRun => "Not run",
        }
    }
}

/// What a run does while it runs, said while it does.
pub const RUNNING: &str = "Changing the deny lists, one connection at a time: each is read, changed and \
    checked before the next. Cancel stops after the connection in hand.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkResult {
    pub connection_id: String,
    pub connection_name: String,
    pub status: BulkStatus,
    pub before: Option<Vec<String>>,
    /// The list as stored at the end (for a change: as verified).
    pub after: Option<Vec<String>>,
    pub skip: Option<SkipReason>,
    /// For a failure: its code and message.
    pub error: Option<crate::ErrorPayload>,
    pub notes: Vec<String>,
    /// The history entry of the change.
    pub history_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkCounts {
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
    pub not_run: usize,
}

/// How a run ended, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BulkOutcome {
    /// Every connection changed, unchanged or skipped as the dry run said.
    Done,
    DoneWithFailures,
    Cancelled,
    /// Auth0's rate limit was spent (see [`BulkReport::stopped`]).
    Stopped,
}

impl BulkOutcome {
    /// In a word, at the head of a report (the counts say whether anything failed).
    pub fn label(self) -> &'static str {
        match self {
            BulkOutcome::Done | BulkOutcome::DoneWithFailures => "Done",
            BulkOutcome::Cancelled => "Cancelled",
            BulkOutcome::Stopped => "Stopped early",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkReport {
    pub run: String,
    pub outcome: BulkOutcome,
    pub cancelled: bool,
    /// Set when Auth0 asked to wait longer than the client waits (its rate limit is spent): the
    /// run stopped there, as after a Cancel, rather than failing every remaining connection.
    pub stopped: Option<String>,
    pub counts: BulkCounts,
    pub items: Vec<BulkResult>,
    /// Changes made but not recorded in the history, said plainly.
    pub history_problems: Vec<String>,
    pub seconds: f64,
}

impl BulkReport {
    /// How the run ended, with its counts and why connections were skipped: "Done: 3 changed,
    /// 2 already as asked, 1 skipped (1 custom database with encrypted configuration), 0 failed
    /// in 12 s."
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut reasons: Vec<(SkipReason, usize)> = Vec::new();
        for skip in self
            .items
            .iter()
            .filter(|i| i.status == BulkStatus::Skipped)
            .filter_map(|i| i.skip)
        {
            match reasons.iter_mut().find(|(r, _)| *r == skip) {
                Some((_, n)) => *n += 1,
                None => reasons.push((skip, 1)),
            }
        }
        let why = if reasons.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> = reasons
                .iter()
                .map(|(r, n)| format!("{n} {}", r.short()))
                .collect();
            format!(" ({})", parts.join(", "))
        };
        format!(
            "{}: {} changed, {} already as asked, {} skipped{why}, {} failed{} in {:.0} s.",
            self.outcome.label(),
            c.changed,
            c.unchanged,
            c.skipped,
            c.failed,
            if c.not_run > 0 {
                format!(", {} not run (untouched)", c.not_run)
            } else {
                String::new()
            },
            self.seconds
        )
    }

    /// How many connections ended each way, problems first, leaving out the ways none ended.
    pub fn tally(&self) -> Vec<(BulkStatus, usize)> {
        let c = &self.counts;
        BulkStatus::ALL
            .iter()
            .map(|s| {
                let n = match s {
                    BulkStatus::Changed => c.changed,
                    BulkStatus::Unchanged => c.unchanged,
                    BulkStatus::Skipped => c.skipped,
                    BulkStatus::Failed => c.failed,
                    BulkStatus::NotRun => c.not_run,
                };
                (*s, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Where a run stands, after each connection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkProgress {
    pub done: usize,
    pub total: usize,
    /// The connection being changed now.
    pub current: Option<String>,
    /// An estimate from the pace so far.
    pub seconds_left: Option<f64>,
    /// How the connection finished just before came out (a window shows it at once).
    pub finished: Option<BulkResult>,
}

/// Where a run records its changes.
pub struct Recorder<'a> {
    pub history: &'a History,
    pub who: &'a Who,
    pub source: ChangeSource,
}

/// Say which connections already as asked got so from an earlier run that was interrupted: the
/// change its writer left pending and the next start found on the tenant, and the changes that
/// run had finished before it was stopped. A run again with the same choice then tells which
/// were completed before the interruption. (A run stopped between two connections leaves nothing
/// pending, so nothing marks it as interrupted.)
pub fn note_interrupted(plan: &mut BulkPlan, history: &crate::local::history::HistoryRead) {
    for item in plan
        .items
        .iter_mut()
        .filter(|i| i.skip == Some(SkipReason::NothingToChange))
    {
        let Some(last) = history
            .entries
            .iter()
            .rev()
            .find(|e| e.connection_id == item.connection_id)
        else {
            continue;
        };
        let now = item.before.as_deref().unwrap_or_default();
        let same = last.after.len() == now.len() && last.after.iter().all(|a| now.contains(a));
        if !same {
            continue;
        }
        if last.completed_before_interruption() {
            item.notes.push(format!(
                "Completed before an interruption: an earlier run made this change ({}) and was stopped \
                 before it could say so; it was found on the tenant and recorded.",
                last.id
            ));
        } else if let Some(run) = &last.run
            && history.interrupted_runs.contains(run)
        {
            item.notes.push(format!(
                "Completed before an interruption: an earlier run ({run}) made this change ({}) \
                 before it was stopped.",
                last.id
            ));
        }
    }
}

/// Run a dry run's changes. Cancelling (`cancel`) stops between connections; the rest are
/// reported as not run. Skipped items of the dry run are reported as skipped.
pub async fn run(
    client: &ManagementClient,
    bulk: &BulkPlan,
    recorder: Option<&Recorder<'_>>,
    cancel: &AtomicBool,
    on_progress: &mut (dyn FnMut(BulkProgress) + Send),
) -> BulkReport {
    let started = Instant::now();
    let total = bulk.to_change();
    let mut done = 0;
    let mut finished: Option<BulkResult> = None;
    let mut report = BulkReport {
        run: bulk.run.clone(),
        outcome: BulkOutcome::Done,
        cancelled: false,
        stopped: None,
        counts: BulkCounts::default(),
        items: Vec::new(),
        history_problems: Vec::new(),
        seconds: 0.0,
    };
    for item in &bulk.items {
        if let Some(skip) = item.skip {
            let status = match skip {
                SkipReason::NothingToChange => BulkStatus::Unchanged,
                _ => BulkStatus::Skipped,
            };
            let skip = (skip != SkipReason::NothingToChange).then_some(skip);
            report.items.push(result(item, status, skip));
            continue;
        }
        if !report.cancelled && report.stopped.is_none() {
            let seconds_left = (done > 0)
                .then(|| started.elapsed().as_secs_f64() / done as f64 * (total - done) as f64);
            on_progress(BulkProgress {
                done,
                total,
                current: Some(item.connection_name.clone()),
                seconds_left,
                finished: finished.take(),
            });
        }
        // Checked between connections only: the one in hand is always finished.
        if report.stopped.is_some() || cancel.load(Ordering::SeqCst) {
            report.cancelled |= report.stopped.is_none();
            report.items.push(result(item, BulkStatus::NotRun, None));
            continue;
        }
        let outcome = one(client, item, recorder, &bulk.run).await;
        if let Some(problem) = &outcome.1 {
            report.history_problems.push(problem.clone());
        }
        // Auth0's rate limit spent, or the history unwritable (nothing more may be written
        // without its record): the run stops here, as after a Cancel.
        if let Some(e) = &outcome.0.error
            && matches!(
                e.code,
                ErrorCode::RateLimited | ErrorCode::HistoryUnavailable
            )
        {
            report.stopped = Some(e.message.clone());
        }
        finished = Some(outcome.0.clone());
        report.items.push(outcome.0);
        done += 1;
    }
    on_progress(BulkProgress {
        done,
        total,
        current: None,
        seconds_left: Some(0.0),
        finished,
    });
    for r in &report.items {
        let c = &mut report.counts;
        match r.status {
            BulkStatus::Changed => c.changed += 1,
            BulkStatus::Unchanged => c.unchanged += 1,
            BulkStatus::Skipped => c.skipped += 1,
            BulkStatus::Failed => c.failed += 1,
            BulkStatus::NotRun => c.not_run += 1,
        }
    }
    report.outcome = match (&report.stopped, report.cancelled, report.counts.failed) {
        (Some(_), _, _) => BulkOutcome::Stopped,
        (None, true, _) => BulkOutcome::Cancelled,
        (None, false, 0) => BulkOutcome::Done,
        _ => BulkOutcome::DoneWithFailures,
    };
    report.seconds = started.elapsed().as_secs_f64();
    report
}

fn result(item: &BulkItem, status: BulkStatus, skip: Option<SkipReason>) -> BulkResult {
    BulkResult {
        connection_id: item.connection_id.clone(),
        connection_name: item.connection_name.clone(),
        status,
        before: item.before.clone(),
        after: item.before.clone(),
        skip,
        error: None,
        // What the dry run said of a connection left as it is (skipped, or already as asked,
        // e.g. completed before an interruption) stays in the report.
        notes: if skip.is_some() || status == BulkStatus::Unchanged {
            item.notes.clone()
        } else {
            Vec::new()
        },
        history_id: None,
    }
}

/// One connection: a fresh read, the edit planned on it, the verified write, the record.
async fn one(
    client: &ManagementClient,
    item: &BulkItem,
    recorder: Option<&Recorder<'_>>,
    run: &str,
) -> (BulkResult, Option<String>) {
    let mut r = result(item, BulkStatus::Failed, None);
    let fail = |mut r: BulkResult, e: Error| {
        r.error = Some(e.payload());
        r
    };
    let fresh = match client.get_connection(&item.connection_id).await {
        Ok(c) => c,
        Err(e) => return (fail(r, e), None),
    };
    // Planned again on the list as it is now: a change made since the dry run is kept.
    let (now, plan) = assess(&fresh, &item.edit);
    r.before = now.before.clone();
    if now.before != item.before {
        r.notes.push(format!(
            "The list changed since the dry run (it was [{}]); the edit was applied to the list as it is now.",
            item.before.as_deref().unwrap_or_default().join(", ")
        ));
    }
    let Some(plan) = plan else {
        let skip = now.skip.unwrap_or(SkipReason::NothingToChange);
        r.status = match skip {
            SkipReason::NothingToChange => BulkStatus::Unchanged,
            _ => BulkStatus::Skipped,
        };
        r.skip = (skip != SkipReason::NothingToChange).then_some(skip);
        r.after = now.before.clone();
        r.notes.extend(now.notes);
        return (r, None);
    };
    let journal = Journal {
        history: recorder.map(|r| r.history),
        who: recorder.map(|r| r.who).unwrap_or(&NOBODY),
        source: recorder.map(|r| r.source).unwrap_or(ChangeSource::Bulk),
        reverts: None,
        run: Some(run),
    };
    match apply_recorded(client, &plan, None, &journal).await {
        Ok(recorded) => {
            let applied = recorded.report;
            r.after = Some(applied.deny_list.clone());
            r.notes.extend(applied.notes.clone());
            r.notes.extend(applied.other_changes.clone());
            r.status = match applied.outcome {
                Outcome::Applied => BulkStatus::Changed,
                _ => BulkStatus::Unchanged,
            };
            r.history_id = recorded.history_id;
            let problem = recorded
                .problem
                .filter(|_| recorder.is_some())
                .map(|p| format!("{}: {p}", item.connection_name));
            (r, problem)
        }
        Err(e) => {
            // A write refused or lost: the connection is as it was, or its state is said unknown.
            (fail(r, e), None)
        }
    }
}

/// Who changes a tenant when no record is kept (never written anywhere).
static NOBODY: Who = Who {
    tenant: String::new(),
    profile: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn report(counts: BulkCounts, outcome: BulkOutcome) -> BulkReport {
        BulkReport {
            run: "r".into(),
            outcome,
            cancelled: outcome == BulkOutcome::Cancelled,
            stopped: None,
            counts,
            items: Vec::new(),
            history_problems: Vec::new(),
            seconds: 12.4,
        }
    }

    fn connection(id: &str, strategy: &str, options: serde_json::Value) -> Connection {
        Connection::from_value(
            serde_json::json!({"id": id, "name": id, "strategy": strategy, "options": options}),
        )
        .unwrap()
    }

    #[test]
    fn a_dry_run_groups_each_finding_with_its_connections_and_keeps_already_as_asked_apart() {
        let edit = Edit::Add(vec!["ethnicity".into()]);
        let items = vec![
            item(
                &connection("saml-a", "samlp", serde_json::json!({"debug": true})),
                &edit,
            ),
            item(
                &connection("saml-b", "samlp", serde_json::json!({"debug": true})),
                &edit,
            ),
            item(
                &connection("saml-c", "samlp", serde_json::json!({"debug": false})),
                &edit,
            ),
            item(
                &connection(
                    "db",
                    "auth0",
                    serde_json::json!({"non_persistent_attrs": ["ethnicity"]}),
                ),
                &edit,
            ),
        ];
        let plan = BulkPlan {
            run: "r".into(),
            items,
            typos: Vec::new(),
        };
        assert_eq!(plan.items[0].kind, "SAML");
        assert_eq!(
            (plan.to_change(), plan.already_as_asked(), plan.skipped()),
            (3, 1, 0)
        );
        assert_eq!(
            plan.counts_line(),
            "3 to change, 1 already as asked, 0 skipped."
        );
        let groups = plan.finding_groups();
        let debug: Vec<&FindingGroup> = groups
            .iter()
            .filter(|g| g.finding.code == crate::checks::findings::FindingCode::SamlDebugLogs)
            .collect();
        assert_eq!(debug.len(), 1, "{groups:?}");
        assert_eq!(debug[0].connections, ["saml-a", "saml-b"]);
        // The most serious come first.
        assert_eq!(
            groups[0].finding.severity,
            crate::checks::findings::Severity::BlocksIntent
        );
    }

    #[test]
    fn a_report_says_why_connections_were_skipped() {
        let mut r = report(
            BulkCounts {
                changed: 1,
                unchanged: 2,
                skipped: 1,
                ..BulkCounts::default()
            },
            BulkOutcome::Done,
        );
        r.items.push(BulkResult {
            connection_id: "c".into(),
            connection_name: "c".into(),
            status: BulkStatus::Skipped,
            before: None,
            after: None,
            skip: Some(SkipReason::EncryptedConfiguration),
            error: None,
            notes: Vec::new(),
            history_id: None,
        });
        assert_eq!(
            r.summary(),
            "Done: 1 changed, 2 already as asked, 1 skipped (1 custom database with encrypted configuration), 0 failed in 12 s."
        );
    }

    #[test]
    fn a_report_counts_problems_first_and_sums_up_in_words() {
        let r = report(
            BulkCounts {
                changed: 2,
                failed: 1,
                ..BulkCounts::default()
            },
            BulkOutcome::DoneWithFailures,
        );
        assert_eq!(
            r.tally(),
            [(BulkStatus::Failed, 1), (BulkStatus::Changed, 2)]
        );
        assert_eq!(
            r.summary(),
            "Done: 2 changed, 0 already as asked, 0 skipped, 1 failed in 12 s."
        );
        let cancelled = report(
            BulkCounts {
                changed: 1,
                not_run: 3,
                ..BulkCounts::default()
            },
            BulkOutcome::Cancelled,
        );
        assert!(
            cancelled.summary().starts_with(
                "Cancelled: 1 changed, 0 already as asked, 0 skipped, 0 failed, 3 not run (untouched)"
            ),
            "{}",
            cancelled.summary()
        );
        assert_eq!(BulkStatus::NotRun.label(), "Not run");
        assert_eq!(BulkOutcome::Stopped.label(), "Stopped early");
    }
}
