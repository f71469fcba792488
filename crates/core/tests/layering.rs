//! The core's areas import only the ones above them (lib.rs and docs/ARCHITECTURE.md give the
//! order): no circle between modules, and the catalogue of limitations is a leaf.

use std::path::{Path, PathBuf};

/// From the bottom up: each may import the ones before it.
const ORDER: &[&str] = &[
    "text", "secret", "redact", "error", "progress", "model", "auth0", "local", "checks", "setup",
    "view", "change", "tenant", "report",
];

fn area_of(file: &Path, src: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The areas a file names through `crate::AREA`, outside its tests.
fn imports(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.split("crate::")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|a| ORDER.contains(&a.as_str()))
        .collect()
}

#[test]
fn each_area_imports_only_the_areas_above_it() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for file in files(&src) {
        let area = area_of(&file, &src);
        let Some(level) = ORDER.iter().position(|a| *a == area) else {
            assert_eq!(area, "lib", "{} is in no area", file.display());
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for imported in imports(&text) {
            let at = ORDER.iter().position(|a| *a == imported).unwrap();
            if at > level {
                wrong.push(format!("{} ({area}) imports {imported}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layering: {wrong:#?}");
}

#[test]
fn the_catalogue_of_limitations_imports_nothing_of_the_crate() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/checks/catalogue.rs");
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    assert!(imports(code).is_empty() && !code.contains("super::"));
}
