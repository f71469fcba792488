//! Connections screen: every connection of the open tenant, delivered page by page.

use super::Cx;
use crate::state::CmdResult;
use crate::views::ConnectionsPage;
use denylist_core::{ConnectionDetail, ConnectionSummary};

/// List every connection; as each page arrives, a `connections-page` event says how many so far.
pub async fn list_connections(cx: &Cx, request: u32) -> CmdResult<Vec<ConnectionSummary>> {
    let session = cx.state().session().await?;
    let mut loaded = 0;
    let mut on_page = |rows: &[ConnectionSummary]| {
        loaded += rows.len();
        cx.emit("connections-page", ConnectionsPage { request, loaded });
    };
    Ok(denylist_core::list_connections_with(&session.client, &mut on_page).await?)
}

pub async fn get_connection(cx: &Cx, id: String) -> CmdResult<ConnectionDetail> {
    let session = cx.state().session().await?;
    Ok(session.client.get_connection(&id).await?.detail())
}
