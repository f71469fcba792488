//! An empty Tauri 2 window: what any Tauri app on this WebKitGTK costs before its own code.
//! Its page reports when it is drawn, as the app's screens do, so starts compare too.

use std::io::Write;

#[tauri::command]
fn screen_ready(name: String) {
    let Some(path) = std::env::var_os("DENYLIST_STARTUP_PROBE") else {
        return;
    };
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{name} {at}");
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![screen_ready])
        .run(tauri::generate_context!())
        .expect("the empty window could not start");
}
