//! The last word on a write to production is the admin's, given outside the web view: a native
//! dialog raised by Rust, naming the tenant and summing up the change. The window may ask for the
//! tenant's name first (and Rust checks it), but nothing is sent until the native answer; a
//! compromised window can neither skip it nor answer it.

use crate::commands::Cx;
use crate::state::{CmdResult, Session};
use denylist_core::{ErrorCode, ErrorPayload};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// The dialog's title: what the end-to-end tests look for to answer it with a key.
pub const TITLE: &str = "Confirm a change to production";

/// Ask, in a native dialog, whether to make `change` (one paragraph, in plain words) on the open
/// production tenant, with `go` on the button that makes it. Other tenants are not asked.
pub async fn production_write(cx: &Cx, session: &Session, change: &str, go: &str) -> CmdResult<()> {
    if !session.production() {
        return Ok(());
    }
    let tenant = format!(
        "Production tenant {} ({}), saved as “{}”.",
        session.domain.tenant_name(),
        session.domain,
        session.profile.name
    );
    ask(cx, &format!("{change}\n\n{tenant}"), go).await
}

/// Ask, in a native dialog, before a saved production profile is loosened (`what`: each thing
/// that would change, in plain words).
pub async fn loosening(cx: &Cx, name: &str, what: &[String]) -> CmdResult<()> {
    if what.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = what.iter().map(|w| format!("• {w}")).collect();
    let message = format!(
        "“{name}” is a production tenant. Saving this edit means:\n\n{}\n\nSave it only if that is what you mean.",
        list.join("\n")
    );
    ask(cx, &message, "Save the edit").await
}

/// Ask, in a native dialog, before the setup changes a production tenant's applications
/// (`change`: what it will do, naming the tenant).
pub async fn production_setup(cx: &Cx, change: &str, go: &str) -> CmdResult<()> {
    ask(cx, change, go).await
}

/// GTK's dialog buttons take a mnemonic: Alt and the first letter press them from the keyboard.
fn mnemonic(label: &str) -> String {
    if cfg!(target_os = "linux") {
        format!("_{label}")
    } else {
        label.to_string()
    }
}

async fn ask(cx: &Cx, message: &str, go: &str) -> CmdResult<()> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    cx.app
        .dialog()
        .message(message)
        .title(TITLE)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            mnemonic(go),
            mnemonic("Cancel"),
        ))
        .parent(&cx.window)
        .show(move |answer| {
            let _ = tx.send(answer);
        });
    match rx.await {
        Ok(true) => Ok(()),
        _ => Err(ErrorPayload {
            code: ErrorCode::Cancelled,
            message: "Nothing was written: the change was not confirmed.".into(),
        }),
    }
}
