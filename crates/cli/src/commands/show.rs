//! `denylist show <connection>`

use crate::spinner::Spinner;
use crate::term;
use crate::{Outcome, render};
use denylist_core::ConnectionDetail;
use denylist_core::model::strategy::strategy_label;
use denylist_core::{ManagementClient, Result};
use serde::Serialize;
use std::fmt::Write;
use std::sync::Arc;

/// The `--json` document of `show`: the connection exactly as the app's editor receives it, and
/// the list under its Auth0 name, as scripts have read it since the first version.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    detail: &'a ConnectionDetail,
    non_persistent_attrs: &'a [String],
}

pub async fn run(
    client: &ManagementClient,
    spinner: &Arc<Spinner>,
    key: &str,
    json: bool,
) -> Result<Outcome> {
    let connection = client.find_connection(key).await?;
    let list = connection.deny_list()?;
    spinner.clear();
    let found = connection.findings();
    if json {
        let detail = connection.detail();
        let shown = Shown {
            non_persistent_attrs: &detail.deny_list,
            detail: &detail,
        };
        println!("{}", serde_json::to_string(&shown).unwrap_or_default());
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Connection:  {} ({})",
        term::value(connection.name()),
        term::value(connection.id())
    );
    let _ = writeln!(
        out,
        "Type:        {} ({})",
        term::value(&strategy_label(connection.strategy())),
        term::value(connection.strategy())
    );
    let _ = writeln!(out, "Tenant:      {}", client.domain());
    if list.is_empty() {
        let _ = writeln!(out, "Deny list:   (empty): every attribute is stored");
    } else {
        let _ = writeln!(
            out,
            "Deny list:   {} attribute{}",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        );
        for a in &list {
            let _ = writeln!(out, "  - {}", term::value(a));
        }
    }
    render::warnings(&mut out, &found);
    term::out!("{out}");
    Ok(Outcome::Success)
}
