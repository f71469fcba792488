// The build script runs in the package directory (the repository root), so
// ./tauri.conf.json is found; capabilities live under src-tauri/.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
