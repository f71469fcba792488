//! Everything that reaches the window from Rust goes through here: command replies, events and
//! what is handed over with the page.
//! In test builds only (the `test-hooks` feature), a hook for the leak scan: with
//! `DENYLIST_IPC_LOG` naming a file, each is also appended to it, one JSON line each, so the
//! test run can check that no secret ever reached the webview.

use crate::state::CmdResult;
use serde::Serialize;
use tauri::{AppHandle, Emitter};

#[cfg(feature = "test-hooks")]
mod hook {
    use crate::state::lock;
    use std::io::Write;
    use std::sync::{LazyLock, Mutex};

    static LOG: LazyLock<Option<Mutex<std::fs::File>>> = LazyLock::new(|| {
        let path = std::env::var_os("DENYLIST_IPC_LOG")?;
        // Private, and never through a link planted where the log goes.
        denylist_core::local::files::open_private_append(std::path::Path::new(&path))
            .ok()
            .map(Mutex::new)
    });

    pub fn record<T: serde::Serialize>(kind: &str, name: &str, value: &T) {
        if let Some(file) = LOG.as_ref() {
            let line = serde_json::json!({ "kind": kind, "name": name, "value": value });
            let _ = writeln!(lock(file), "{line}");
        }
    }
}

#[cfg(feature = "test-hooks")]
use hook::record;

#[cfg(not(feature = "test-hooks"))]
fn record<T: Serialize>(_kind: &str, _name: &str, _value: &T) {}

/// A command's reply, on its way to the window.
pub fn reply<T: Serialize>(command: &str, result: CmdResult<T>) -> CmdResult<T> {
    record("reply", command, &result);
    result
}

/// An event, on its way to the window.
pub fn emit<T: Serialize + Clone>(app: &AppHandle, event: &str, payload: T) {
    record("event", event, &payload);
    let _ = app.emit(event, payload);
}

/// Data handed to the window with its page (an initialization script), before any command.
pub fn with_page<T: Serialize>(name: &str, value: &T) {
    record("page", name, value);
}
