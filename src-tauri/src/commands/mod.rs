//! The window's commands. Each screen's module holds the work of its commands, as plain
//! functions `name(cx: &Cx, arguments…)`; the entry points the window calls, the invoke handler
//! and the list of names are generated from the one list in `list.rs` (which also gives each
//! command its permission and the window its typed API).

mod bulk;
mod compare;
mod connections;
mod cx;
mod demo;
mod editor;
mod history;
mod limitations;
mod probe;
mod profiles;
mod report;
mod setup;
pub mod window;

pub use cx::Cx;

include!("list.rs");
// For `bindings::typescript_api`.
pub(crate) use with_commands;

/// The types the list names: what the window sends and what it receives.
pub mod types {
    pub use crate::views::{
        AppliedView, BulkPlanView, BulkReportView, ComparisonView, EditorView, HistoryView,
        NewKeyView, PlanView, ProfilesOverview, RemovedView, ReportSaved, RevertPreview,
        RotatedView, SessionView, SetupGuide, SetupPreview, SetupResult,
    };
    pub use denylist_core::change::draft::Draft;
    pub use denylist_core::change::revert::RevertChoice;
    pub use denylist_core::checks::access::AccessReport;
    pub use denylist_core::checks::documentation::Documentation;
    pub use denylist_core::checks::findings::{AttributeCheck, AttributeContext};
    pub use denylist_core::checks::stored_values::StoredValues;
    pub use denylist_core::checks::tenant_checks::TenantReport;
    pub use denylist_core::report::ReportFormat;
    pub use denylist_core::tenant::bulk::Selection;
    pub use denylist_core::tenant::bulk_stored::BulkStored;
    pub use denylist_core::view::table::{KindFilter, RowsPage, TableOverview};
    pub use denylist_core::{ConnectionSummary, Edit};
    pub use denylist_profiles::{ProfileInput, ProfileView};
    pub use std::collections::HashMap;
}

macro_rules! entry_points {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $reply:ty;)*) => {
        /// What the window calls: each forwards to its screen's module and records the reply
        /// (for the leak scan's test hook) on its way to the window.
        pub mod forward {
            use super::types::*;
            $(
                #[tauri::command]
                pub async fn $name(
                    app: tauri::AppHandle,
                    window: tauri::Window,
                    $($arg: $ty),*
                ) -> crate::state::CmdResult<$reply> {
                    let cx = super::Cx::new(app, window);
                    crate::ipc::reply(stringify!($name), super::$module::$name(&cx, $($arg),*).await)
                }
            )*
        }

        /// The invoke handler: these commands and no other.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(forward::$name),*]
        }

        /// Every command's name, as the window calls it.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

with_commands!(entry_points);
