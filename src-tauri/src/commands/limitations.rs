//! Limitations panel: what Auth0 documents about the deny list, in plain words.

use denylist_core::limitations::{Limitation, documented};

#[tauri::command]
pub fn documented_limitations() -> Vec<Limitation> {
    documented()
}
