//! Everything that reaches the window from Rust goes through here: command replies and events.
//! A test hook for the leak scan: with `DENYLIST_IPC_LOG` naming a file, each is also appended to
//! it, one JSON line each, so the test run can check that no secret ever reached the webview.
//! Without the variable nothing is recorded.

use crate::state::{CmdResult, lock};
use serde::Serialize;
use std::io::Write;
use std::sync::{LazyLock, Mutex};
use tauri::{AppHandle, Emitter};

static LOG: LazyLock<Option<Mutex<std::fs::File>>> = LazyLock::new(|| {
    let path = std::env::var_os("DENYLIST_IPC_LOG")?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .ok()
        .map(Mutex::new)
});

fn record<T: Serialize>(kind: &str, name: &str, value: &T) {
    if let Some(file) = LOG.as_ref() {
        let line = serde_json::json!({ "kind": kind, "name": name, "value": value });
        let _ = writeln!(lock(file), "{line}");
    }
}

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
