//! The TypeScript bindings in ui/src/lib/bindings/ must match the Rust types.
//! Fails when they are stale; `UPDATE_BINDINGS=1 cargo test --test bindings` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn typescript_bindings_are_fresh() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let fresh = tempfile::tempdir().unwrap();
    deny_list_manager::bindings::export(fresh.path()).expect("bindings export");
    let generated = read_dir(fresh.path());
    assert!(
        generated.len() >= 20,
        "only {} types exported",
        generated.len()
    );

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        if committed.exists() {
            std::fs::remove_dir_all(&committed).unwrap();
        }
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let existing = read_dir(&committed);
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(name, text)| existing.get(*name) != Some(text))
        .map(|(name, _)| name)
        .chain(
            existing
                .keys()
                .filter(|name| !generated.contains_key(*name)),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/lib/bindings is stale ({stale:?}): run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit"
    );
}

#[test]
fn the_typescript_api_of_commands_is_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/commands.ts");
    let generated = deny_list_manager::bindings::typescript_api();
    // Every command of the list, by its name.
    for name in deny_list_manager::commands::NAMES {
        assert!(
            generated.contains(&format!("(\"{name}\"")),
            "{name} is missing from the generated API"
        );
    }
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/commands.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit"
    );
}
