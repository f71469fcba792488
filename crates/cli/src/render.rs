//! Human-readable output. Only names, ids and deny lists are printed: never options, never a secret.

use crate::term;
use denylist_core::checks::findings::{Finding, Severity};
use denylist_core::checks::tenant_checks::TenantReport;
use denylist_core::local::history::EntryState;
use denylist_core::model::strategy::strategy_label;
use denylist_core::tenant::as_code::CodeNotice;
use denylist_core::tenant::bulk::{BulkPlan, BulkReport, BulkStatus};
use denylist_core::tenant::policy::{Comparison, RowStatus};
use denylist_core::{ApplyReport, ConnectionSummary, Plan, TenantDomain};
use std::fmt::Write;

/// A column as wide as its widest text, and at least `min`.
fn width<'a>(texts: impl Iterator<Item = &'a str>, min: usize) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0).max(min)
}

/// One value from the tenant or one message, shown and never obeyed (see [`term::value`]).
fn v(text: &str) -> String {
    term::value(text)
}

pub fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(empty)".into()
    } else {
        items.iter().map(|i| v(i)).collect::<Vec<_>>().join(", ")
    }
}

pub fn connections(domain: &TenantDomain, rows: &[ConnectionSummary]) -> String {
    let mut out = String::new();
    let width = |f: fn(&ConnectionSummary) -> usize, title: usize| {
        rows.iter().map(f).max().unwrap_or(0).max(title)
    };
    let (wi, wn, ws) = (
        width(|c| v(&c.id).chars().count(), 2),
        width(|c| v(&c.name).chars().count(), 4),
        width(|c| v(&c.strategy).chars().count(), 8),
    );
    let _ = writeln!(
        out,
        "{:wi$}  {:wn$}  {:ws$}  DENY LIST",
        "ID", "NAME", "STRATEGY"
    );
    for c in rows {
        let size = c.deny_list_size.map_or("?".to_string(), |n| n.to_string());
        let _ = writeln!(
            out,
            "{:wi$}  {:wn$}  {:ws$}  {size}",
            v(&c.id),
            v(&c.name),
            v(&c.strategy)
        );
    }
    let _ = writeln!(out, "\n{} connections in {domain}.", rows.len());
    if rows.iter().any(|c| c.deny_list_size.is_none()) {
        let _ = writeln!(
            out,
            "? = the deny list could not be read: the token lacks read:connections_options."
        );
    }
    out
}

pub fn warnings(out: &mut String, warnings: &[Finding]) {
    if !warnings.is_empty() {
        let _ = writeln!(out, "Warnings:");
        findings(out, warnings, false);
    }
}

/// Findings, most serious first; `detailed` adds what to do and the documentation section.
pub fn findings(out: &mut String, findings: &[Finding], detailed: bool) {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.is_skipped(), f.severity));
    for f in sorted {
        let mark = match f.severity {
            _ if f.is_skipped() => "·",
            Severity::BlocksIntent => "!!",
            Severity::ChangesTokens => "!",
            Severity::Informational => "i",
        };
        if detailed {
            let _ = writeln!(out, "  {mark} {} [{}]", f.title, f.severity.label());
            let _ = writeln!(out, "      {}", v(&f.message));
            let _ = writeln!(out, "      What you can do: {}", v(&f.what_to_do));
            let _ = writeln!(out, "      Source: {}", f.source);
        } else {
            let _ = writeln!(out, "  {mark} {}", v(&f.message));
        }
    }
}

/// The tenant's findings before a change: what was found, each check that failed, and one line
/// for every check skipped for want of a scope (the full list is in `denylist check`).
pub fn tenant_findings(out: &mut String, report: &TenantReport) {
    let missing = report.missing_scopes();
    let shown: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| !(f.is_skipped() && f.missing_scope.is_some()))
        .cloned()
        .collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "On this tenant:");
        findings(out, &shown, false);
    }
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "Not checked on this tenant: the token lacks {} (optional; they let the tool check MFA, rules, \
             Actions and applications — see `denylist check`).",
            missing.join(", ")
        );
    }
}

/// What is already stored of the denied attributes.
pub fn stored(out: &mut String, s: &denylist_core::checks::stored_values::StoredValues) {
    let _ = writeln!(out, "What is already stored:");
    if let Some(scope) = &s.missing_scope {
        let _ = writeln!(
            out,
            "  Not counted: the token lacks the optional scope {scope} (user search)."
        );
    }
    for c in &s.counts {
        match (c.users, &c.problem) {
            (Some(0), _) => {
                let _ = writeln!(
                    out,
                    "  {}: no user of this connection has it stored",
                    v(&c.attribute)
                );
            }
            (Some(n), _) => {
                let _ = writeln!(
                    out,
                    "  {}: {}{n} user{} of this connection still {} it stored",
                    v(&c.attribute),
                    if c.at_least { "at least " } else { "" },
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" }
                );
            }
            (None, problem) => {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    v(&c.attribute),
                    v(problem.as_deref().unwrap_or("could not count"))
                );
            }
        }
    }
    let _ = writeln!(out, "  {}", s.explanation);
    if s.counts.iter().any(|c| c.users.unwrap_or(0) > 0) {
        let _ = writeln!(out, "  {}", s.what_to_do);
    }
}

/// Auth0's own way out when a limitation is unacceptable, with its example.
pub fn way_out(out: &mut String) {
    let w = &denylist_core::checks::documentation::WAY_OUT;
    let _ = writeln!(out, "{}", w.title);
    let _ = writeln!(out, "  {}", w.explanation);
    let _ = writeln!(out);
    for line in w.example.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

pub fn plan(domain: &TenantDomain, plan: &Plan, tenant: Option<&TenantReport>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Tenant:      {domain}");
    let _ = writeln!(
        out,
        "Connection:  {} ({}, {})",
        v(&plan.connection_name),
        v(&plan.connection_id),
        strategy_label(&plan.strategy)
    );
    let _ = writeln!(out, "Deny list now:    {}", list(&plan.before));
    let _ = writeln!(out, "Deny list after:  {}", list(&plan.after));
    for a in &plan.added {
        let _ = writeln!(out, "  + {}", v(a));
    }
    for r in &plan.removed {
        let _ = writeln!(out, "  - {}", v(r));
    }
    for n in &plan.notes {
        let _ = writeln!(out, "Note: {}", v(n));
    }
    warnings(&mut out, &plan.warnings);
    if let Some(t) = tenant {
        tenant_findings(&mut out, t);
    }
    if plan.is_noop() {
        let _ = writeln!(out, "Nothing to change.");
    } else {
        let _ = writeln!(out, "{}", plan.kept());
    }
    out
}

pub fn report(domain: &TenantDomain, r: &ApplyReport) -> String {
    let mut out = String::new();
    let headline = r.headline();
    let _ = writeln!(out, "{headline}");
    if !r.other_changes.is_empty() {
        let _ = writeln!(out, "Auth0 also changed:");
    }
    for c in &r.other_changes {
        let _ = writeln!(out, "  - {}", v(c));
    }
    let _ = writeln!(
        out,
        "Deny list of {} on {domain}: {}",
        v(&r.connection_name),
        list(&r.deny_list)
    );
    for n in &r.notes {
        let _ = writeln!(out, "Note: {}", v(n));
    }
    out
}

/// `+ added − removed`, or the whole list when a change is easier read that way.
pub fn change(added: &[String], removed: &[String]) -> String {
    let mut parts: Vec<String> = added.iter().map(|a| format!("+{}", v(a))).collect();
    parts.extend(removed.iter().map(|r| format!("-{}", v(r))));
    if parts.is_empty() {
        "(order only)".into()
    } else {
        parts.join(" ")
    }
}

pub fn history(tenant: &str, entries: &[&denylist_core::local::history::HistoryEntry]) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        let _ = writeln!(out, "No changes recorded for {tenant} on this computer.");
        return out;
    }
    let names: Vec<String> = entries.iter().map(|e| v(&e.connection_name)).collect();
    let wn = width(names.iter().map(String::as_str), 10);
    let _ = writeln!(
        out,
        "{:22}  {:19}  {:wn$}  {:18}  CHANGE",
        "ID", "WHEN (UTC)", "CONNECTION", "BY"
    );
    for e in entries {
        let by = format!(
            "{} ({})",
            e.profile.as_deref().unwrap_or("--domain"),
            e.source.label()
        );
        let when = e.at.replace('T', " ").trim_end_matches('Z').to_string();
        let state = match e.state {
            EntryState::Done => String::new(),
            EntryState::Pending => " (interrupted; not yet checked against the tenant)".into(),
            EntryState::Unknown => format!(
                " (outcome unknown: the list was {})",
                match &e.found {
                    Some(l) => format!("[{}]", l.join(", ")),
                    None => "not found".into(),
                }
            ),
        };
        let _ = writeln!(
            out,
            "{:22}  {:19}  {:wn$}  {:18}  {}{}",
            e.id,
            when,
            v(&e.connection_name),
            by,
            change(&e.added(), &e.removed()),
            v(&state)
        );
    }
    let _ = writeln!(
        out,
        "\n{} changes. `denylist revert ID` undoes one; `--json` shows the lists before and after.",
        entries.len()
    );
    out
}

/// This computer's history and the tenant's logs together, newest first: who made each change,
/// what it did, and whether the list changed after it.
pub fn merged_history(
    tenant: &str,
    records: &[denylist_core::tenant::tenant_logs::ChangeRecord],
    logs: &denylist_core::tenant::tenant_logs::TenantLogRead,
) -> String {
    let mut out = String::new();
    match &logs.missing_scope {
        Some(scope) => {
            let _ = writeln!(
                out,
                "The tenant's logs were not read: the token lacks the optional scope {scope}. \
                 Only this computer's changes are shown.\n"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Changes from this computer and from {tenant}'s logs (anyone, any tool). {}",
                logs.retention
            );
            if let Some(oldest) = &logs.oldest_read {
                let _ = writeln!(out, "The logs were read back to {oldest}.");
            }
            if logs.capped {
                let _ = writeln!(
                    out,
                    "Only the newest 1 000 write events could be read (Auth0's search limit): give --since to look further back."
                );
            }
            let _ = writeln!(out);
        }
    }
    if records.is_empty() {
        let _ = writeln!(out, "No changes found.");
        return out;
    }
    let names: Vec<String> = records.iter().map(|r| v(&r.connection_name)).collect();
    let wn = width(names.iter().map(String::as_str), 10);
    let _ = writeln!(
        out,
        "{:19}  {:wn$}  {:34}  CHANGE",
        "WHEN (UTC)", "CONNECTION", "BY"
    );
    for r in records {
        let when =
            r.at.as_deref()
                .map(|a| a.replace('T', " ").trim_end_matches('Z').to_string())
                .unwrap_or_else(|| "unknown".into());
        let _ = writeln!(
            out,
            "{:19}  {:wn$}  {:34}  {}",
            when,
            v(&r.connection_name),
            v(&r.who),
            v(&r.summary)
        );
        if let Some(since) = &r.changed_since {
            let _ = writeln!(out, "{:19}  {:wn$}  {:34}  ({})", "", "", "", v(since));
        }
    }
    let _ = writeln!(
        out,
        "\n{} changes. `denylist revert ID` undoes one made here (`denylist history` lists their ids); `--json` shows the lists before and after.",
        records.len()
    );
    out
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A bulk dry run: each connection now and after, or why it is skipped; likely misspellings;
/// each finding once with the connections it concerns; the tenant's findings once.
pub fn bulk_plan(plan: &BulkPlan, tenant: Option<&TenantReport>) -> String {
    let mut out = String::new();
    let names: Vec<String> = plan.items.iter().map(|i| v(&i.connection_name)).collect();
    let wn = width(names.iter().map(String::as_str), 10);
    let kinds: Vec<&str> = plan.items.iter().map(|i| i.kind.as_str()).collect();
    let wk = width(kinds.iter().copied(), 4);
    let _ = writeln!(out, "{:wn$}  {:wk$}  NOW → AFTER", "CONNECTION", "KIND");
    for i in &plan.items {
        let line = match i.skip {
            Some(reason) if i.already_as_asked() => format!(
                "{}: {}",
                list(i.before.as_deref().unwrap_or_default()),
                reason.describe()
            ),
            Some(reason) => format!("skipped: {}", reason.describe()),
            None => format!(
                "{} → {}",
                list(i.before.as_deref().unwrap_or_default()),
                list(i.after.as_deref().unwrap_or_default())
            ),
        };
        let _ = writeln!(out, "{:wn$}  {:wk$}  {line}", v(&i.connection_name), i.kind);
        // E.g. completed before an interruption: said where the connection is.
        if i.already_as_asked() {
            for note in &i.notes {
                let _ = writeln!(out, "    {}", v(note));
            }
        }
    }
    for typo in &plan.typos {
        let _ = writeln!(out, "\nwarning: {}.", v(&typo.message));
    }
    let groups = plan.finding_groups();
    if !groups.is_empty() {
        let _ = writeln!(out, "\nAbout these connections and this change:");
        for g in &groups {
            let mut one = String::new();
            findings(&mut one, std::slice::from_ref(&g.finding), false);
            let n = g.connections.len();
            let shown: Vec<String> = g.connections.iter().take(10).map(|c| v(c)).collect();
            let more = if n > 10 {
                format!(" and {} more", n - 10)
            } else {
                String::new()
            };
            let _ = write!(out, "{one}");
            let _ = writeln!(
                out,
                "      on {n} connection{}: {}{more}",
                plural(n),
                shown.join(", ")
            );
        }
    }
    if let Some(t) = tenant {
        let _ = writeln!(out);
        tenant_findings(&mut out, t);
    }
    let _ = writeln!(out, "\n{} {}", plan.counts_line(), plan.pace());
    out
}

/// For a tenant managed as code: what the tool's next run does, and the code to put in place.
pub fn code_notices(out: &mut String, notices: &[CodeNotice]) {
    for n in notices {
        let _ = writeln!(
            out,
            "\nManaged with {}: put this list in the code.",
            n.tool_name
        );
        let _ = writeln!(out, "  {}", n.consequence);
        for s in &n.snippets {
            let _ = writeln!(out, "  {}:", s.label);
            for line in s.code.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
}

/// How a bulk run ended, connection by connection.
pub fn bulk_report(r: &BulkReport) -> String {
    let mut out = String::new();
    for i in &r.items {
        let line = match i.status {
            BulkStatus::Changed => format!(
                "changed: {} → {}{}",
                list(i.before.as_deref().unwrap_or_default()),
                list(i.after.as_deref().unwrap_or_default()),
                i.history_id
                    .as_deref()
                    .map(|h| format!(" (history {h})"))
                    .unwrap_or_default()
            ),
            BulkStatus::Unchanged => "already as asked".into(),
            BulkStatus::Skipped => {
                format!("skipped: {}", i.skip.map(|s| s.describe()).unwrap_or(""))
            }
            BulkStatus::Failed => format!(
                "FAILED: {}",
                i.error
                    .as_ref()
                    .map(|e| v(&e.message))
                    .unwrap_or_else(|| "unknown error".into())
            ),
            BulkStatus::NotRun => "not run: untouched".into(),
        };
        let _ = writeln!(out, "{}: {line}", v(&i.connection_name));
        for note in &i.notes {
            let _ = writeln!(out, "    {}", v(note));
        }
    }
    let _ = writeln!(out, "\n{}", r.summary());
    if let Some(why) = &r.stopped {
        let _ = writeln!(out, "Stopped early: {}", v(why));
    }
    out
}

/// Deny lists of several tenants side by side (≠ where they differ).
pub fn comparison(c: &Comparison) -> String {
    let cell = |row: &denylist_core::tenant::policy::ComparisonRow, i: usize| {
        let cell = &row.cells[i];
        match (&cell.deny_list, cell.present) {
            (_, false) => "— no such connection —".to_string(),
            (None, true) => "unreadable".to_string(),
            (Some(l), true) if cell.lacks.is_empty() => list(l),
            (Some(l), true) => format!("{} (lacks {})", list(l), list(&cell.lacks)),
        }
    };
    let names: Vec<String> = c.rows.iter().map(|r| v(&r.connection)).collect();
    let wn = width(names.iter().map(String::as_str), 10);
    let widths: Vec<usize> = (0..c.tenants.len())
        .map(|i| {
            c.rows
                .iter()
                .map(|r| cell(r, i).chars().count())
                .chain([c.tenants[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let _ = write!(out, "   {:wn$}", "CONNECTION");
    for (t, w) in c.tenants.iter().zip(&widths) {
        let _ = write!(out, "  {t:w$}");
    }
    out.push('\n');
    for r in &c.rows {
        let mark = match r.status {
            RowStatus::Same => " ",
            _ => "≠",
        };
        let _ = write!(out, "{mark}  {:wn$}", v(&r.connection));
        for (i, w) in widths.iter().enumerate() {
            let _ = write!(out, "  {:w$}", cell(r, i));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{} connections, {} differ (≠). `denylist --profile B policy apply A` makes B match A.",
        c.rows.len(),
        c.differences()
    );
    out
}
