//! The window itself: changes not yet applied are never lost by closing it, and Auth0's
//! documentation opens in the system browser (only pages under https://auth0.com/docs/).

use super::Cx;
use crate::state::{AppState, CmdResult};
use denylist_core::{ErrorCode, ErrorPayload};
use std::sync::atomic::Ordering;
use tauri::{Manager, Window};

/// The UI says whether it holds changes not yet applied (closing then asks first).
pub async fn set_unsaved(cx: &Cx, unsaved: bool) -> CmdResult<()> {
    cx.state().unsaved.store(unsaved, Ordering::Relaxed);
    Ok(())
}

/// Close the window after the admin chose to discard their changes.
pub async fn close_window(cx: &Cx) -> CmdResult<()> {
    cx.state().unsaved.store(false, Ordering::Relaxed);
    cx.window.destroy().map_err(|e| ErrorPayload {
        code: ErrorCode::Internal,
        message: format!("The window could not be closed: {e}"),
    })
}

/// Open a page of Auth0's documentation in the system browser. Anything else is refused.
pub async fn open_docs(_cx: &Cx, url: String) -> CmdResult<()> {
    let refused = || ErrorPayload {
        code: ErrorCode::InvalidInput,
        message: "Only pages of Auth0's documentation (https://auth0.com/docs/…) are opened."
            .into(),
    };
    let parsed = url::Url::parse(&url).map_err(|_| refused())?;
    let allowed = parsed.scheme() == "https"
        && parsed.host_str() == Some("auth0.com")
        && parsed.port().is_none()
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.path().starts_with("/docs/");
    if !allowed {
        return Err(refused());
    }
    open::that_detached(parsed.as_str()).map_err(|e| ErrorPayload {
        code: ErrorCode::Internal,
        message: format!("The browser could not be opened: {e}"),
    })
}

/// Closing the window with changes not yet applied: keep it open and let the UI ask.
pub fn on_close_requested(window: &Window, api: &tauri::CloseRequestApi) {
    let unsaved = window
        .app_handle()
        .state::<AppState>()
        .unsaved
        .load(Ordering::Relaxed);
    if unsaved {
        api.prevent_close();
        crate::ipc::emit(window.app_handle(), "close-requested", ());
    }
}
