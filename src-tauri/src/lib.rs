//! The Deny List Manager desktop app: a Tauri 2 shell over `denylist-core`
//! and `denylist-profiles`. Commands (one module per screen, in `commands/`)
//! are thin adapters; the UI in `ui/` holds view state only.

pub mod bindings;
pub mod commands;
mod confirm;
mod ipc;
mod memory;
pub mod painting;
mod state;
pub mod views;

use state::AppState;
use tauri::webview::{NewWindowResponse, PageLoadEvent};
use tauri::{Manager, WebviewWindowBuilder};

/// Whether the window may show `url`: the app's own pages only (`tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows). An injected script that sends the window
/// elsewhere (with names and domains in the address) goes nowhere.
pub fn own_page(url: &url::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new())
        .invoke_handler(commands::handler())
        .setup(|app| {
            // The window of tauri.conf.json, made here so that it may not leave the app's pages
            // nor open others.
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json declares no window")?;
            let mut window = WebviewWindowBuilder::from_config(app.handle(), &config)?
                .on_navigation(own_page)
                .on_new_window(|_, _| NewWindowResponse::Deny);
            if let Some(script) = commands::window::first_screen_script(&app.state::<AppState>()) {
                window = window.initialization_script(script);
            }
            let hidden = painting::show_after_load();
            if hidden {
                window = window.visible(false).on_page_load(|window, load| {
                    if load.event() == PageLoadEvent::Finished {
                        let _ = window.show();
                    }
                });
            }
            let window = window.build()?;
            if hidden {
                // Whatever becomes of the page, the window appears.
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    let _ = window.show();
                });
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                commands::window::on_close_requested(window, api);
            }
        })
        .build(tauri::generate_context!())
        .expect("Deny List Manager could not start")
        .run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                state::remove_demo_history();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::own_page;

    #[test]
    fn the_window_stays_on_the_apps_own_pages() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
        ] {
            assert!(own_page(&ok.parse().unwrap()), "{ok}");
        }
        for no in [
            "https://example.com/?tenant=acme",
            "tauri://evil/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "data:text/html,x",
            "https://tauri.localhost.example.com/",
        ] {
            assert!(!own_page(&no.parse().unwrap()), "{no}");
        }
    }
}
