// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before anything else: WebKit's way of painting, for this machine.
    deny_list_manager::painting::choose();
    deny_list_manager::run();
}
