//! `denylist history`: the changes made to this tenant from this computer, newest first; with
//! `--tenant-logs`, also those anyone made, from the tenant's own logs, merged (a change made here
//! appears once) and each marked when the list changed after it.

use crate::{Outcome, render, term};
use denylist_core::local::history::{HistoryEntry, HistoryRead};
use denylist_core::tenant::listing::live_lists;
use denylist_core::tenant::tenant_logs::{
    ChangeRecord, LogCache, mark_changed_since, merge, name_connections, read_changes,
};
use denylist_core::{Error, Result};
use serde_json::json;

pub fn run(
    tenant: &str,
    json: bool,
    connection: Option<&str>,
    since: Option<&str>,
) -> Result<Outcome> {
    check_day(since)?;
    let read = match super::history() {
        Some(h) => h.read(tenant),
        None => HistoryRead::default(),
    };
    let entries: Vec<&HistoryEntry> = read
        .entries
        .iter()
        .rev()
        .filter(|e| connection.is_none_or(|c| e.connection_id == c || e.connection_name == c))
        .filter(|e| since.is_none_or(|d| e.at.as_str() >= d))
        .collect();
    for problem in &read.problems {
        term::errln!("note: {problem}");
    }
    if json {
        println!(
            "{}",
            json!({"tenant": tenant, "entries": entries, "problems": read.problems})
        );
        return Ok(Outcome::Success);
    }
    term::out!("{}", render::history(tenant, &entries));
    Ok(Outcome::Success)
}

fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn check_day(since: Option<&str>) -> Result<()> {
    match since {
        Some(day) if !is_day(day) => Err(Error::InvalidInput(format!(
            "--since takes a day like 2026-11-28, not “{day}”."
        ))),
        _ => Ok(()),
    }
}

/// This computer's history and the tenant's logs, merged, newest first; each change marked when
/// the connection's list changed after it (the lists read now: one listing).
pub async fn with_tenant_logs(
    ctx: &super::Ctx<'_>,
    connection: Option<&str>,
    since: Option<&str>,
) -> Result<Outcome> {
    check_day(since)?;
    let tenant = ctx.client.domain().to_string();
    let history = super::history();
    let own = history
        .as_ref()
        .map(|h| h.read(&tenant))
        .unwrap_or_default();
    let cache = history.as_ref().map(|h| LogCache::in_dir(h.dir()));
    let logs = read_changes(ctx.client, since, cache.as_ref()).await?;
    let live = live_lists(ctx.client).await?;
    ctx.spinner.clear();
    let own_entries: Vec<HistoryEntry> = own
        .entries
        .iter()
        .filter(|e| since.is_none_or(|d| e.at.as_str() >= d))
        .cloned()
        .collect();
    let mut records = merge(&own_entries, &logs.changes, ctx.client.client_id());
    name_connections(&mut records, &live.names);
    mark_changed_since(&mut records, &live.lists);
    let records: Vec<ChangeRecord> = records
        .into_iter()
        .filter(|r| connection.is_none_or(|c| r.connection_id == c || r.connection_name == c))
        .collect();
    for problem in own.problems.iter().chain(&logs.problems) {
        term::errln!("note: {problem}");
    }
    if ctx.json {
        println!(
            "{}",
            json!({
                "tenant": tenant,
                "entries": records,
                "tenant_logs": {
                    "read": logs.missing_scope.is_none(),
                    "missing_scope": logs.missing_scope,
                    "oldest_read": logs.oldest_read,
                    "capped": logs.capped,
                    "retention": logs.retention,
                    "requests": logs.requests,
                },
                "problems": own.problems.iter().chain(&logs.problems).collect::<Vec<_>>(),
            })
        );
        return Ok(Outcome::Success);
    }
    term::out!("{}", render::merged_history(&tenant, &records, &logs));
    Ok(Outcome::Success)
}
