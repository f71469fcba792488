//! Connections screen: every connection of the open tenant, delivered page by page.

use crate::state::{AppState, CmdResult};
use crate::views::ConnectionsPage;
use denylist_core::{ConnectionDetail, ConnectionSummary};
use tauri::{AppHandle, Emitter, State};

/// List every connection; as each page arrives, a `connections-page` event says how many so far.
#[tauri::command]
pub async fn list_connections(
    app: AppHandle,
    state: State<'_, AppState>,
    request: u32,
) -> CmdResult<Vec<ConnectionSummary>> {
    crate::ipc_log::reply(
        "list_connections",
        async {
            let session = state.session().await?;
            let mut loaded = 0;
            let mut on_page = |rows: &[ConnectionSummary]| {
                loaded += rows.len();
                let _ = app.emit("connections-page", ConnectionsPage { request, loaded });
            };
            Ok(denylist_core::list_connections_with(&session.client, &mut on_page).await?)
        }
        .await,
    )
}

#[tauri::command]
pub async fn get_connection(state: State<'_, AppState>, id: String) -> CmdResult<ConnectionDetail> {
    crate::ipc_log::reply(
        "get_connection",
        async {
            let session = state.session().await?;
            Ok(session.client.get_connection(&id).await?.detail())
        }
        .await,
    )
}
