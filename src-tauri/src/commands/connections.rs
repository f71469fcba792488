//! Connections screen: every connection of the open tenant, delivered page by page.

use super::Cx;
use crate::state::{CmdResult, lock};
use crate::views::{ConnectionsPage, EditorView};
use denylist_core::change::draft::Draft;
use denylist_core::view::table::{KindFilter, RowsPage, TableOverview};
use std::time::{Duration, Instant};

/// How often the count of connections listed so far is said to the window, at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// List every connection; as each page arrives, a `connections-page` event says how many so far.
/// The rows stay here: the window gets what it needs of the whole (counts, names) and asks for the
/// rows it shows (`connection_rows`), never ten thousand at once.
pub async fn list_connections(cx: &Cx, request: u32) -> CmdResult<TableOverview> {
    let session = cx.state().session().await?;
    let mut loaded = 0;
    // Said at most every PROGRESS_EVERY: a fast tenant's hundred pages would otherwise redraw the
    // window a hundred times in a second, for a count no one can read.
    let mut last_said: Option<Instant> = None;
    let mut on_page = |count: usize| {
        loaded += count;
        if last_said.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last_said = Some(Instant::now());
            cx.emit("connections-page", ConnectionsPage { request, loaded });
        }
    };
    let table =
        denylist_core::tenant::listing::list_connections_table(&session.client, &mut on_page)
            .await?;
    let overview = table.overview();
    // Kept for the window to page through, and for the History, which says when a list changed
    // since a change it shows.
    *lock(&session.table) = table;
    crate::memory::give_back();
    Ok(overview)
}

/// The rows the window shows: `limit` of those matching the search and the type, from `offset`.
pub async fn connection_rows(
    cx: &Cx,
    query: String,
    kind: KindFilter,
    offset: u32,
    limit: u32,
) -> CmdResult<RowsPage> {
    let session = cx.state().session().await?;
    let table = lock(&session.table);
    Ok(table.page(&query, kind, offset as usize, limit as usize))
}

/// The ids of every connection matching the search and the type ("tick all shown").
pub async fn connection_ids(cx: &Cx, query: String, kind: KindFilter) -> CmdResult<Vec<String>> {
    let session = cx.state().session().await?;
    let table = lock(&session.table);
    Ok(table.ids(&query, kind))
}

/// The connections whose settings say they receive `name`, or whose list denies it.
pub async fn connections_receiving(cx: &Cx, name: String) -> CmdResult<Vec<String>> {
    let session = cx.state().session().await?;
    let table = lock(&session.table);
    Ok(table.receiving(&name))
}

/// One connection for the editor, with the draft to edit: `keep` (the admin's edits, coming back
/// from the review) carried over to the list as it is now, or a new draft.
pub async fn get_connection(cx: &Cx, id: String, keep: Option<Draft>) -> CmdResult<EditorView> {
    let session = cx.state().session().await?;
    let detail = session.client.get_connection(&id).await?.detail();
    // The list as read now: the connection list shows its size when the admin goes back to it.
    session.note_list(&id, &detail.deny_list);
    let (draft, rebased) = match keep {
        Some(kept) => kept.rebase(&detail.deny_list),
        None => (Draft::new(&detail.deny_list), None),
    };
    Ok(EditorView {
        detail,
        draft,
        rebased,
    })
}
