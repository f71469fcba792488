//! `denylist check [<connection>]`: where the deny list will not do what you expect.

use crate::spinner::Spinner;
use crate::term;
use crate::{Outcome, render};
use denylist_core::checks::cache::{ReportFile, checks};
use denylist_core::checks::documentation::WAY_OUT;
use denylist_core::checks::findings::Finding;
use denylist_core::checks::stored_values::{StoredValues, count_stored};
use denylist_core::tenant::listing::findings_of_every_connection;
use denylist_core::{ManagementClient, Result};
use denylist_profiles::ProfileFile;
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;

pub async fn run(
    client: &ManagementClient,
    spinner: &Arc<Spinner>,
    key: Option<&str>,
    json: bool,
) -> Result<Outcome> {
    // `check` always asks Auth0 again, and keeps the result for the next ten minutes of edits.
    let file = ProfileFile::cache_dir().map(ReportFile::in_dir);
    let tenant = checks(client, file.as_ref(), true).await;
    let (connections, stored): (Vec<Finding>, Option<StoredValues>) = match key {
        Some(key) => {
            let connection = client.find_connection(key).await?;
            // What is already stored of what this connection denies (one search per attribute).
            let list = connection.deny_list().unwrap_or_default();
            let stored = match list.is_empty() {
                true => None,
                false => Some(count_stored(client, &connection, &list).await),
            };
            (connection.findings(), stored)
        }
        None => (findings_of_every_connection(client).await?, None),
    };
    spinner.clear();
    // Where a documented limitation applies, Auth0's way out is said too.
    let applies = tenant
        .findings
        .iter()
        .chain(&connections)
        .any(|f| f.limitation.is_some() && !f.is_skipped());
    if json {
        println!(
            "{}",
            json!({
                "domain": tenant.domain,
                "checked_at": tenant.checked_at,
                "findings": tenant.findings.iter().chain(&connections).collect::<Vec<_>>(),
                "way_out": applies.then_some(&WAY_OUT),
                "already_stored": stored,
            })
        );
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    let _ = writeln!(out, "Tenant {}:", client.domain());
    if tenant.findings.is_empty() {
        let _ = writeln!(
            out,
            "  Nothing found on this tenant that leaves denied attributes out of tokens."
        );
    }
    render::findings(&mut out, &tenant.findings, true);
    let _ = writeln!(out);
    match key {
        Some(_) if connections.is_empty() => {
            let _ = writeln!(out, "This connection and its deny list: nothing to report.");
        }
        Some(_) => {
            let _ = writeln!(out, "This connection and its deny list:");
            render::findings(&mut out, &connections, true);
        }
        None if connections.is_empty() => {
            let _ = writeln!(out, "Connections: nothing to report.");
        }
        None => {
            let _ = writeln!(out, "Connections:");
            let mut sorted = connections.clone();
            sorted.sort_by(|a, b| {
                a.connection
                    .cmp(&b.connection)
                    .then(a.severity.cmp(&b.severity))
            });
            for f in &sorted {
                let _ = writeln!(
                    out,
                    "  {}: {} [{}]",
                    term::value(f.connection.as_deref().unwrap_or("?")),
                    f.title,
                    f.severity.label()
                );
                let _ = writeln!(out, "      {}", term::value(&f.message));
            }
        }
    }
    if let Some(stored) = &stored {
        let _ = writeln!(out);
        render::stored(&mut out, stored);
    }
    if applies {
        let _ = writeln!(out);
        render::way_out(&mut out);
    }
    term::out!("{out}");
    Ok(Outcome::Success)
}
