//! Tauri commands, one module per screen. Each is a thin adapter over the
//! core; errors reach the UI as `{code, message}`.

mod bulk;
mod compare;
mod connections;
mod demo;
mod editor;
mod history;
mod limitations;
mod probe;
mod profiles;
pub mod window;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        profiles::load_profiles,
        profiles::save_profile,
        profiles::delete_profile,
        profiles::test_access,
        profiles::cancel_test,
        profiles::open_profile,
        demo::start_demo,
        connections::list_connections,
        connections::get_connection,
        editor::check_attribute,
        editor::count_stored,
        editor::plan_edit,
        editor::apply_plan,
        history::history_entries,
        history::prepare_revert,
        history::revert_change,
        bulk::bulk_dry_run,
        bulk::sync_dry_run,
        bulk::bulk_run,
        bulk::bulk_cancel,
        compare::compare_tenants,
        limitations::documented_limitations,
        limitations::tenant_findings,
        window::set_unsaved,
        window::close_window,
        window::open_docs,
        probe::screen_ready,
    ]
}
