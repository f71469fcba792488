//! `denylist history`: the changes made to this tenant from this computer, newest first.

use crate::{Outcome, render, term};
use denylist_core::local::history::{HistoryEntry, HistoryRead};
use denylist_core::{Error, Result};
use serde_json::json;

pub fn run(
    tenant: &str,
    json: bool,
    connection: Option<&str>,
    since: Option<&str>,
) -> Result<Outcome> {
    if let Some(day) = since
        && !is_day(day)
    {
        return Err(Error::InvalidInput(format!(
            "--since takes a day like 2026-11-28, not “{day}”."
        )));
    }
    let read = match super::history() {
        Some(h) => h.read(tenant),
        None => HistoryRead::default(),
    };
    let entries: Vec<&HistoryEntry> = read
        .entries
        .iter()
        .rev()
        .filter(|e| connection.is_none_or(|c| e.connection_id == c || e.connection_name == c))
        .filter(|e| since.is_none_or(|d| e.at.as_str() >= d))
        .collect();
    for problem in &read.problems {
        term::errln!("note: {problem}");
    }
    if json {
        println!(
            "{}",
            json!({"tenant": tenant, "entries": entries, "problems": read.problems})
        );
        return Ok(Outcome::Success);
    }
    term::out!("{}", render::history(tenant, &entries));
    Ok(Outcome::Success)
}

fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}
