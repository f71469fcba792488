//! The last step of a change: what was written goes into the tenant's history (the file format
//! is `local::history`'s). Only a change that was written is recorded; nothing else is.

use crate::change::apply::{ApplyReport, Outcome};
use crate::change::plan::Plan;
use crate::error::Result;
use crate::local::history::{ChangeSource, FORMAT_VERSION, History, HistoryEntry, Who};
use crate::local::ids::{new_id, now_rfc3339};

/// The entry for an applied change, or `None` when nothing was written.
pub fn entry_for(
    who: &Who,
    plan: &Plan,
    report: &ApplyReport,
    source: ChangeSource,
) -> Option<HistoryEntry> {
    (report.outcome == Outcome::Applied).then(|| HistoryEntry {
        v: FORMAT_VERSION,
        id: new_id(),
        at: now_rfc3339(),
        tenant: who.tenant.clone(),
        profile: who.profile.clone(),
        connection_id: report.connection_id.clone(),
        connection_name: report.connection_name.clone(),
        before: plan.before.clone(),
        after: report.deny_list.clone(),
        source,
        reverts: None,
        run: None,
        notes: report.notes.clone(),
    })
}

/// Record an applied change: the new entry's id, or `None` when nothing was written.
pub fn record(
    history: &History,
    who: &Who,
    plan: &Plan,
    report: &ApplyReport,
    source: ChangeSource,
    reverts: Option<&str>,
    run: Option<&str>,
) -> Result<Option<String>> {
    let Some(mut entry) = entry_for(who, plan, report, source) else {
        return Ok(None);
    };
    entry.reverts = reverts.map(str::to_string);
    entry.run = run.map(str::to_string);
    history.append(&entry)?;
    Ok(Some(entry.id))
}
