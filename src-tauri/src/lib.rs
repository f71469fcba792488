//! The Deny List Manager desktop app: a Tauri 2 shell over `denylist-core`
//! and `denylist-profiles`. Commands (one module per screen, in `commands/`)
//! are thin adapters; the UI in `ui/` holds view state only.

pub mod bindings;
pub mod commands;
mod ipc;
mod state;
pub mod views;

use state::AppState;

pub fn run() {
    tauri::Builder::default()
        .manage(AppState::new())
        .invoke_handler(commands::handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                commands::window::on_close_requested(window, api);
            }
        })
        .run(tauri::generate_context!())
        .expect("Deny List Manager could not start");
}
