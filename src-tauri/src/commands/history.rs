//! History screen: the open tenant's recorded changes, and revert through the safe cycle (a fresh
//! read, the three versions when the list changed since, a conflict check, the verified write).

use super::Cx;
use crate::state::{CmdResult, Session};
use crate::views::{AppliedView, HistoryView, RevertPreview};
use denylist_core::apply;
use denylist_core::change::revert::{RevertChoice, prepare};
use denylist_core::local::history::{ChangeSource, HistoryEntry, HistoryRead};
use denylist_core::tenant::as_code::for_revert;

fn read(session: &Session) -> HistoryRead {
    session
        .history()
        .map(|h| h.read(&session.who().tenant))
        .unwrap_or_default()
}

fn entry(session: &Session, id: &str) -> CmdResult<HistoryEntry> {
    Ok(read(session).find(id)?.clone())
}

/// The open tenant's changes, newest first; of one connection (id or name) when given.
pub async fn history_entries(cx: &Cx, connection: Option<String>) -> CmdResult<HistoryView> {
    let session = cx.state().session().await?;
    let read = read(&session);
    let entries = match &connection {
        Some(c) => read.of_connection(c).into_iter().map(Into::into).collect(),
        None => read.entries.iter().rev().map(Into::into).collect(),
    };
    Ok(HistoryView {
        entries,
        problems: read.problems,
    })
}

/// What reverting a change would write, read fresh from the tenant (one request).
pub async fn prepare_revert(cx: &Cx, entry_id: String) -> CmdResult<RevertPreview> {
    let session = cx.state().session().await?;
    let entry = entry(&session, &entry_id)?;
    let (revert, connection) = prepare(&session.client, &entry).await?;
    let (code_notices, code_notices_undo_only) =
        for_revert(session.profile.managed_as_code, &revert, &connection);
    Ok(RevertPreview {
        revert,
        code_notices,
        code_notices_undo_only,
    })
}

/// Revert a change. `seen` is the current list the admin chose against: if it changed meanwhile,
/// nothing is written and the admin looks again.
pub async fn revert_change(
    cx: &Cx,
    entry_id: String,
    choice: Option<RevertChoice>,
    seen: Vec<String>,
    confirm_tenant: Option<String>,
) -> CmdResult<AppliedView> {
    let session = cx.state().session().await?;
    session.confirm_write(confirm_tenant.as_deref())?;
    let entry = entry(&session, &entry_id)?;
    let (view, connection) = prepare(&session.client, &entry).await?;
    let plan = view.plan(&connection, choice, Some(&seen))?;
    let change = format!("Revert change {}. {}", entry.id, plan.change());
    crate::confirm::production_write(cx, &session, &change, "Revert").await?;
    let report = apply(&session.client, &plan, None).await?;
    let recorded = session.record(&plan, &report, ChangeSource::Revert, Some(&entry.id));
    Ok(AppliedView {
        headline: report.headline(),
        report,
        recorded,
    })
}
