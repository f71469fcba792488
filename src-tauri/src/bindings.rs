//! What the window is told about Rust, generated: the TypeScript types of what it sends and
//! receives (ts-rs, into ui/src/lib/bindings/) and its typed API of commands (from the one list,
//! `commands/list.rs`, into ui/src/lib/commands.ts). `tests/bindings.rs` fails when the committed
//! files are stale; run it with UPDATE_BINDINGS=1 to regenerate them.

use crate::commands::types::*;
use std::collections::BTreeSet;
use std::path::Path;
use ts_rs::{Config, ExportError, TS};

fn config(dir: &Path) -> Config {
    // Counts and Unix times fit a JavaScript number.
    Config::new().with_out_dir(dir).with_large_int("number")
}

/// Write every type the UI uses (and the types they depend on) into `dir`.
pub fn export(dir: &Path) -> Result<(), ExportError> {
    let cfg = config(dir);
    denylist_core::ErrorPayload::export_all(&cfg)?;
    denylist_core::ConnectionSummary::export_all(&cfg)?;
    denylist_core::ConnectionDetail::export_all(&cfg)?;
    denylist_core::Edit::export_all(&cfg)?;
    denylist_core::ApplyReport::export_all(&cfg)?;
    denylist_core::checks::findings::AttributeCheck::export_all(&cfg)?;
    denylist_core::checks::findings::AttributeContext::export_all(&cfg)?;
    denylist_core::checks::stored_values::StoredValues::export_all(&cfg)?;
    denylist_core::tenant::bulk_stored::BulkStored::export_all(&cfg)?;
    denylist_core::checks::tenant_checks::TenantReport::export_all(&cfg)?;
    denylist_core::checks::access::AccessReport::export_all(&cfg)?;
    denylist_core::checks::documentation::Documentation::export_all(&cfg)?;
    denylist_profiles::ProfileInput::export_all(&cfg)?;
    crate::views::ProfilesOverview::export_all(&cfg)?;
    crate::views::SessionView::export_all(&cfg)?;
    crate::views::PlanView::export_all(&cfg)?;
    crate::views::ProgressView::export_all(&cfg)?;
    crate::views::ConnectionsPage::export_all(&cfg)?;
    crate::views::AppliedView::export_all(&cfg)?;
    crate::views::EditorView::export_all(&cfg)?;
    crate::views::BulkReportView::export_all(&cfg)?;
    crate::views::HistoryView::export_all(&cfg)?;
    crate::views::BulkPlanView::export_all(&cfg)?;
    crate::views::ComparisonView::export_all(&cfg)?;
    crate::views::SetupGuide::export_all(&cfg)?;
    crate::views::SetupPreview::export_all(&cfg)?;
    crate::views::SetupProgress::export_all(&cfg)?;
    crate::views::SetupResult::export_all(&cfg)?;
    crate::views::NewKeyView::export_all(&cfg)?;
    crate::views::RemovedView::export_all(&cfg)?;
    crate::views::RotatedView::export_all(&cfg)?;
    crate::views::RevertPreview::export_all(&cfg)?;
    crate::views::CountProgress::export_all(&cfg)?;
    denylist_core::change::revert::RevertView::export_all(&cfg)?;
    denylist_core::change::revert::RevertChoice::export_all(&cfg)?;
    denylist_core::tenant::bulk::Selection::export_all(&cfg)?;
    denylist_core::model::known_names::Typo::export_all(&cfg)?;
    denylist_core::tenant::bulk::BulkProgress::export_all(&cfg)?;
    denylist_core::report::ReportFormat::export_all(&cfg)?;
    denylist_core::view::table::TableOverview::export_all(&cfg)?;
    denylist_core::view::table::RowsPage::export_all(&cfg)?;
    denylist_core::view::table::KindFilter::export_all(&cfg)?;
    crate::views::ReportSaved::export_all(&cfg)?;
    crate::views::ReportProgress::export_all(&cfg)?;
    Ok(())
}

/// A type as TypeScript names it (`Array<ConnectionSummary>`, `string | null`).
fn ts<T: TS + 'static + ?Sized>(cfg: &Config) -> String {
    T::name(cfg)
}

/// The exported types a TypeScript type names, each in its own file under bindings/.
fn named_types(ts: &str) -> Vec<String> {
    ts.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && *w != "Array")
        .map(str::to_string)
        .collect()
}

struct Command {
    name: &'static str,
    args: Vec<(&'static str, String)>,
    reply: String,
}

macro_rules! described {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $reply:ty;)*) => {
        |cfg: &Config| vec![$(Command {
            name: stringify!($name),
            args: vec![$((stringify!($arg), ts::<$ty>(cfg))),*],
            reply: ts::<$reply>(cfg),
        }),*]
    };
}

/// `session_only` → `sessionOnly`, as Tauri names a command's arguments for the window.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The window's typed API: one function per command of the list, with its arguments' and its
/// reply's types, calling it by name.
pub fn typescript_api() -> String {
    let cfg = config(Path::new("."));
    let commands = crate::commands::with_commands!(described)(&cfg);
    let mut imports: BTreeSet<String> = BTreeSet::new();
    let mut body = String::new();
    for c in &commands {
        for t in c.args.iter().map(|a| &a.1).chain([&c.reply]) {
            imports.extend(named_types(t));
        }
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(name, t)| format!("{}: {t}", camel(name)))
            .collect();
        let reply = match c.reply.as_str() {
            "null" => "void",
            other => other,
        };
        let args = if c.args.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = c.args.iter().map(|(n, _)| camel(n)).collect();
            format!(", {{ {} }}", names.join(", "))
        };
        body.push_str(&format!(
            "  {}: ({}) => call<{reply}>(\"{}\"{args}),\n",
            camel(c.name),
            params.join(", "),
            c.name
        ));
    }
    let mut out = String::from(
        "// Generated from src-tauri/src/commands/list.rs by tests/bindings.rs \
         (UPDATE_BINDINGS=1): do not edit.\n// One function per command the window may call.\n\
         import { call } from \"./ipc\";\n",
    );
    for name in &imports {
        out.push_str(&format!(
            "import type {{ {name} }} from \"./bindings/{name}\";\n"
        ));
    }
    out.push_str("\nexport const commands = {\n");
    out.push_str(&body);
    out.push_str("};\n");
    out
}
