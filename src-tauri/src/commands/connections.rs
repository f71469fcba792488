//! Connections screen: every connection of the open tenant, delivered page by page.

use super::Cx;
use crate::state::CmdResult;
use crate::views::{ConnectionsPage, EditorView};
use denylist_core::ConnectionSummary;
use denylist_core::change::draft::Draft;

/// List every connection; as each page arrives, a `connections-page` event says how many so far.
pub async fn list_connections(cx: &Cx, request: u32) -> CmdResult<Vec<ConnectionSummary>> {
    let session = cx.state().session().await?;
    let mut loaded = 0;
    let mut on_page = |rows: &[ConnectionSummary]| {
        loaded += rows.len();
        cx.emit("connections-page", ConnectionsPage { request, loaded });
    };
    let (rows, live) =
        denylist_core::tenant::listing::list_connections_live(&session.client, &mut on_page)
            .await?;
    // Kept for the History, which says when a list changed since a change it shows.
    *crate::state::lock(&session.live) = Some(live);
    Ok(rows)
}

/// One connection for the editor, with the draft to edit: `keep` (the admin's edits, coming back
/// from the review) carried over to the list as it is now, or a new draft.
pub async fn get_connection(cx: &Cx, id: String, keep: Option<Draft>) -> CmdResult<EditorView> {
    let session = cx.state().session().await?;
    let detail = session.client.get_connection(&id).await?.detail();
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
