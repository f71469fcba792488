//! The window itself: changes not yet applied are never lost by closing it, and Auth0's
//! documentation and the Auth0 Dashboard open in the system browser (only pages under
//! https://auth0.com/docs/ and https://manage.auth0.com/dashboard/).

use super::Cx;
use crate::state::{AppState, CmdResult};
use denylist_core::{ErrorCode, ErrorPayload};
use std::sync::atomic::Ordering;
use tauri::{Manager, Window};

/// A script run before the page's own: the first screen's data when it is known without asking
/// anything (see `profiles::first_screen`), as `window.__DENYLIST_FIRST_SCREEN__`. The window
/// uses it once, for its first screen, and lists the profiles again once that is drawn.
pub fn first_screen_script(state: &AppState) -> Option<String> {
    let profiles = state.profiles().ok()?;
    let overview = super::profiles::first_screen(&profiles)?;
    crate::ipc::with_page("first_screen", &overview);
    // JSON is a JavaScript expression (U+2028 and U+2029 included, since ES2019).
    let json = serde_json::to_string(&overview).ok()?;
    Some(format!("window.__DENYLIST_FIRST_SCREEN__ = {json};"))
}

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

/// Open a page of Auth0's documentation, or of a tenant in the Auth0 Dashboard, in the system
/// browser. Anything else is refused.
pub async fn open_docs(_cx: &Cx, url: String) -> CmdResult<()> {
    let refused = || {
        ErrorPayload {
        code: ErrorCode::InvalidInput,
        message: "Only pages of Auth0's documentation (https://auth0.com/docs/…) and of the Auth0 Dashboard \
                  (https://manage.auth0.com/dashboard/…) are opened."
            .into(),
    }
    };
    let parsed = url::Url::parse(&url).map_err(|_| refused())?;
    if !may_open(&parsed) {
        return Err(refused());
    }
    open::that_detached(parsed.as_str()).map_err(|e| ErrorPayload {
        code: ErrorCode::Internal,
        message: format!("The browser could not be opened: {e}"),
    })
}

/// https, no port, no user or password, and a path under Auth0's docs or the Dashboard.
fn may_open(url: &url::Url) -> bool {
    let plain = url.scheme() == "https"
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    let path = url.path();
    plain
        && match url.host_str() {
            Some("auth0.com") => path.starts_with("/docs/"),
            Some("manage.auth0.com") => path.starts_with("/dashboard/"),
            _ => false,
        }
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

#[cfg(test)]
mod tests {
    use super::may_open;

    #[test]
    fn only_docs_and_dashboard_pages_open() {
        let ok = |u: &str| may_open(&url::Url::parse(u).unwrap());
        assert!(ok("https://auth0.com/docs/secure/data-privacy"));
        assert!(ok(
            "https://manage.auth0.com/dashboard/eu/acme/apis/management/explorer"
        ));
        for bad in [
            "http://manage.auth0.com/dashboard/us/acme/",
            "https://manage.auth0.com/",
            "https://manage.auth0.com:444/dashboard/us/acme/",
            "https://user@manage.auth0.com/dashboard/us/acme/",
            "https://manage.auth0.com.evil.example/dashboard/us/acme/",
            "https://evil.example/dashboard/us/acme/",
            "https://auth0.com/dashboard/us/acme/",
            "https://manage.auth0.com/docs/",
            "file:///etc/passwd",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }
}
