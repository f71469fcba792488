// The one list of the commands the window may call, each as `module::name(argument: Type, …) ->
// Reply;` (the arguments the window sends; `Reply` is what a success carries). Everything else is
// derived from it:
// - the window's entry points (`commands/mod.rs`): a thin forwarder per command that calls
//   `module::name(&cx, arguments…)`, records the reply for the test hook and answers the window;
// - the invoke handler, which knows these commands and no other;
// - one permission per command (`build.rs`), which `capabilities/default.json` grants: a command
//   not in this list cannot be called from the window;
// - the typed TypeScript API, `ui/src/lib/commands.ts` (written by `bindings::typescript_api`).
// `tests/commands.rs` fails when the list, the capability and the TypeScript API disagree.
//
// A plain `macro_rules!` file with no `use`: build.rs includes it too.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            profiles::load_profiles(check_keyring: bool) -> ProfilesOverview;
            profiles::save_profile(id: Option<String>, input: ProfileInput, secret: Option<String>, new_key: bool, session_only: bool) -> ProfileView;
            profiles::test_access(input: ProfileInput, secret: Option<String>, new_key: bool, id: Option<String>) -> AccessReport;
            profiles::cancel_test() -> ();
            profiles::open_profile(id: String) -> SessionView;
            demo::start_demo() -> SessionView;
            setup::setup_guide(domain: Option<String>) -> SetupGuide;
            setup::setup_preview(domain: String, token: String) -> SetupPreview;
            setup::setup_practice() -> SetupPreview;
            setup::setup_run(setup_id: String, input: ProfileInput, scopes: Vec<String>, use_key: bool, reuse: bool) -> SetupResult;
            setup::setup_forget() -> ();
            setup::generate_key() -> NewKeyView;
            setup::import_key() -> NewKeyView;
            setup::rotate_credential(id: String, token: String) -> RotatedView;
            setup::remove_profile(id: String, token: Option<String>) -> RemovedView;
            connections::list_connections(request: u32) -> TableOverview;
            connections::connection_rows(query: String, kind: KindFilter, offset: u32, limit: u32) -> RowsPage;
            connections::connection_ids(query: String, kind: KindFilter) -> Vec<String>;
            connections::connections_receiving(name: String) -> Vec<String>;
            connections::get_connection(id: String, keep: Option<Draft>) -> EditorView;
            editor::check_attribute(input: String, context: AttributeContext) -> AttributeCheck;
            editor::count_stored(plan_id: String) -> StoredValues;
            editor::count_stored_denied(connection_id: String) -> StoredValues;
            editor::plan_edit(connection_id: String, draft: Draft) -> PlanView;
            editor::apply_plan(plan_id: String, confirm_tenant: Option<String>, configuration: Option<HashMap<String, String>>, without_history: bool) -> AppliedView;
            history::history_entries(connection: Option<String>, tenant_logs: bool) -> HistoryView;
            history::prepare_revert(entry_id: String) -> RevertPreview;
            history::revert_change(entry_id: String, choice: Option<RevertChoice>, seen: Vec<String>, confirm_tenant: Option<String>, without_history: bool) -> AppliedView;
            bulk::bulk_dry_run(selection: Selection, edit: Edit) -> BulkPlanView;
            bulk::sync_dry_run(source_profile_id: String, connections: Vec<String>) -> BulkPlanView;
            bulk::bulk_run(plan_id: String, confirm_tenant: Option<String>, without_history: bool) -> BulkReportView;
            bulk::bulk_count_stored(plan_id: String) -> BulkStored;
            bulk::bulk_cancel() -> ();
            compare::compare_tenants(profile_ids: Vec<String>) -> ComparisonView;
            report::make_report(profile_ids: Vec<String>, since: Option<String>, format: ReportFormat) -> ReportSaved;
            limitations::documented_limitations() -> Documentation;
            limitations::tenant_findings(refresh: bool) -> TenantReport;
            window::set_unsaved(unsaved: bool) -> ();
            window::close_window() -> ();
            window::open_docs(url: String) -> ();
            probe::screen_ready(name: String) -> ();
            probe::bench_route() -> Option<String>;
        }
    };
}
