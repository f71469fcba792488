//! History screen: the open tenant's recorded changes, and revert through the safe cycle (a fresh
//! read, the three versions when the list changed since, a conflict check, the verified write).

use super::Cx;
use crate::state::lock;
use crate::state::{CmdResult, Session};
use crate::views::{
    AppliedView, ConnectionSize, HistoryRow, HistoryView, RevertPreview, TenantLogsView,
};
use denylist_core::change::revert::{RevertChoice, prepare};
use denylist_core::local::history::{ChangeSource, HistoryEntry, HistoryRead};
use denylist_core::tenant::as_code::for_revert;
use denylist_core::tenant::tenant_logs::{
    LogCache, LoggedChange, RETENTION, changed_after_read, mark_changed_since, merge,
    name_connections, read_changes,
};
use denylist_core::view::table::LiveLists;

fn read(session: &Session) -> HistoryRead {
    session
        .history()
        .map(|h| h.read(&session.who().tenant))
        .unwrap_or_default()
}

fn entry(session: &Session, id: &str) -> CmdResult<HistoryEntry> {
    Ok(read(session).find(id)?.clone())
}

/// The open tenant's changes, newest first (of one connection, id or name, when given): this
/// computer's history and, with `read:logs`, everyone's from the tenant's logs, merged; each
/// marked when its connection's list changed since (against the lists last read).
///
/// `tenant_logs` reads the logs now (the History screen); otherwise what they gave last in this
/// session is used, without a request (the editor's "Last changes").
pub async fn history_entries(
    cx: &Cx,
    connection: Option<String>,
    tenant_logs: bool,
) -> CmdResult<HistoryView> {
    let session = cx.state().session().await?;
    // Changes a crash interrupted are settled first (no request when nothing is pending).
    let settled = session.resolve_interrupted().await;
    let read = read(&session);
    // Every list as last read, built once (10 000 connections' lists are copied).
    let mut live = lock(&session.table).live();
    if !tenant_logs {
        let logged = lock(&session.logged).clone().unwrap_or_default();
        return Ok(HistoryView {
            entries: merged(&session, &live, &read, &logged, connection.as_deref()),
            problems: read.problems,
            tenant_logs: None,
            sizes: Vec::new(),
            settled,
        });
    }
    let history = session.history();
    let cache = history.as_ref().map(|h| LogCache::in_dir(h.dir()));
    let (logged, tenant_logs) = match read_changes(&session.client, None, cache.as_ref()).await {
        Ok(logs) => (
            logs.changes,
            TenantLogsView {
                missing_scope: logs.missing_scope,
                retention: logs.retention,
                oldest_read: logs.oldest_read,
                capped: logs.capped,
                problem: None,
            },
        ),
        Err(e) => (
            Vec::new(),
            TenantLogsView {
                missing_scope: None,
                retention: RETENTION.into(),
                oldest_read: None,
                capped: false,
                problem: Some(format!(
                    "Changes made by others could not be read from the tenant's logs: {e}"
                )),
            },
        ),
    };
    *lock(&session.logged) = Some(logged.clone());
    let sizes = refresh_changed(&session, &logged, &mut live).await;
    Ok(HistoryView {
        entries: merged(&session, &live, &read, &logged, connection.as_deref()),
        problems: read.problems,
        tenant_logs: Some(tenant_logs),
        sizes,
        settled,
    })
}

/// Connections the logs show changed after their list was last read here: read again (one
/// request each, at most 20), so History compares with the list as it is and the connection
/// list shows its new size. `live` learns the lists read.
async fn refresh_changed(
    session: &Session,
    logged: &[LoggedChange],
    live: &mut LiveLists,
) -> Vec<ConnectionSize> {
    let mut sizes = Vec::new();
    for id in changed_after_read(logged, live).into_iter().take(20) {
        if let Ok(list) = session
            .client
            .get_connection(&id)
            .await
            .and_then(|c| c.deny_list())
        {
            session.note_list(&id, &list);
            live.set(&id, &list);
            sizes.push(ConnectionSize {
                id,
                size: list.len(),
            });
        }
    }
    sizes
}

/// This computer's changes and the logged ones as one list, each marked when its connection's
/// list changed since (against the lists last read), of one connection when given.
fn merged(
    session: &Session,
    live: &LiveLists,
    read: &HistoryRead,
    logged: &[LoggedChange],
    connection: Option<&str>,
) -> Vec<HistoryRow> {
    let mut changes = merge(&read.entries, logged, session.client.client_id());
    name_connections(&mut changes, &live.names);
    mark_changed_since(&mut changes, &live.lists);
    changes
        .into_iter()
        .filter(|c| connection.is_none_or(|k| c.connection_id == k || c.connection_name == k))
        .map(HistoryRow::from)
        .collect()
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
    without_history: bool,
) -> CmdResult<AppliedView> {
    let session = cx.state().session().await?;
    session.confirm_write(confirm_tenant.as_deref())?;
    let entry = entry(&session, &entry_id)?;
    let (view, connection) = prepare(&session.client, &entry).await?;
    let plan = view.plan(&connection, choice, Some(&seen))?;
    let change = format!("Revert change {}. {}", entry.id, plan.change());
    crate::confirm::production_write(cx, &session, &change, "Revert").await?;
    let (report, recorded) = session
        .apply(
            &plan,
            None,
            ChangeSource::Revert,
            Some(&entry.id),
            without_history,
        )
        .await?;
    Ok(AppliedView {
        headline: report.headline(),
        report,
        recorded,
    })
}
