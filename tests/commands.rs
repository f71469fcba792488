//! The one list of commands (src-tauri/src/commands/list.rs) is the whole truth: the window's
//! capability grants exactly its commands, each screen module's command functions are all in it,
//! and nothing emits to the window around the IPC log. (The TypeScript API is checked in
//! tests/bindings.rs; the invoke handler and the permissions are generated from the list.)

use deny_list_manager::commands::NAMES;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_capability_grants_exactly_the_listed_commands() {
    let text = std::fs::read_to_string(root().join("src-tauri/capabilities/default.json")).unwrap();
    let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are named").to_string())
        .filter(|p| !p.starts_with("core:"))
        .collect();
    let listed: BTreeSet<String> = NAMES
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, listed,
        "capabilities/default.json and the list disagree"
    );
    assert_eq!(NAMES.len(), listed.len(), "a command is listed twice");
    // Nothing but listening to this app's own events besides the commands.
    let core: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.starts_with("core:"))
        .collect();
    assert_eq!(
        core,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );
}

#[test]
fn every_command_function_of_a_screen_module_is_listed() {
    let dir = root().join("src-tauri/src/commands");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // A command's work: `pub async fn name(cx: &Cx, …)` (or `_cx` when it needs nothing).
        for piece in text.split("pub async fn ").skip(1) {
            if let Some((name, args)) = piece.split_once('(') {
                let args = args.trim_start();
                if args.starts_with("cx: &Cx") || args.starts_with("_cx: &Cx") {
                    found.push(name.to_string());
                }
            }
        }
    }
    let found: BTreeSet<String> = found.into_iter().collect();
    let listed: BTreeSet<String> = NAMES.iter().map(|n| n.to_string()).collect();
    let unlisted: Vec<&String> = found.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "command functions not in list.rs: {unlisted:?}"
    );
    let missing: Vec<&String> = listed.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "listed commands with no function: {missing:?}"
    );
}

#[test]
fn every_event_to_the_window_goes_through_the_ipc_module() {
    for entry in walk(&root().join("src-tauri/src")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        if entry.ends_with("ipc.rs") {
            continue;
        }
        // Without Tauri's `Emitter` trait nothing can be sent to the window.
        assert!(
            !text.contains("Emitter"),
            "{} sends an event around crate::ipc::emit",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}
