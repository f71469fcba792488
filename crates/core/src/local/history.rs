//! The history of applied changes, per tenant: one JSON line per change in a file in the data
//! folder, appended and flushed to disk (fsync) before the change is reported, so a change is
//! never made without a trace and the file is readable with `jq`.
//!
//! Only deny lists and identifiers are stored — never a connection's settings, which hold secrets.
//! A line cut short by a crash is skipped and reported, never fatal; the file is kept under
//! [`MAX_BYTES`] by moving it aside once (`….1.jsonl`, read too) and starting a new one.

use crate::error::{Error, Result};
use crate::local::files;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The format of each line; a line of a newer format is skipped and reported.
pub const FORMAT_VERSION: u32 = 1;
/// Past this size the file is moved aside and a new one started (about 3 000 changes each).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// What led to a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ChangeSource {
    /// One connection edited (the editor, `set|add|remove|clear`).
    Edit,
    /// An earlier change undone.
    Revert,
    /// One edit applied to many connections.
    Bulk,
    /// A tenant made to match another tenant or a policy file.
    Sync,
}

impl ChangeSource {
    /// In plain words, as the history shows it.
    pub fn label(self) -> &'static str {
        match self {
            ChangeSource::Edit => "edit",
            ChangeSource::Revert => "revert",
            ChangeSource::Bulk => "bulk change",
            ChangeSource::Sync => "sync",
        }
    }
}

/// One applied change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// Format version of the line.
    pub v: u32,
    /// Unique and sortable, e.g. `20261128-091512-a3f9`; a unique prefix is enough to name it.
    pub id: String,
    /// When, in UTC (RFC 3339).
    pub at: String,
    /// The tenant's domain.
    pub tenant: String,
    /// The saved profile used, if any (`None`: a domain with credentials from the environment).
    pub profile: Option<String>,
    pub connection_id: String,
    pub connection_name: String,
    /// The deny list just before the write, and as written.
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub source: ChangeSource,
    /// For a revert: the entry it undid.
    pub reverts: Option<String>,
    /// For a bulk change or a sync: the run it belongs to.
    pub run: Option<String>,
    /// What happened on the way (settings changed meanwhile, a lost reply), in plain words.
    pub notes: Vec<String>,
}

impl HistoryEntry {
    /// "added ethnicity, religion · removed gender", or "no change" (the same set written again).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let (added, removed) = (self.added(), self.removed());
        if !added.is_empty() {
            parts.push(format!("added {}", added.join(", ")));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", removed.join(", ")));
        }
        if parts.is_empty() {
            "no change".into()
        } else {
            parts.join(" · ")
        }
    }

    /// Attributes this change added and removed.
    pub fn added(&self) -> Vec<String> {
        self.after
            .iter()
            .filter(|a| !self.before.contains(a))
            .cloned()
            .collect()
    }

    pub fn removed(&self) -> Vec<String> {
        self.before
            .iter()
            .filter(|a| !self.after.contains(a))
            .cloned()
            .collect()
    }
}

/// Who makes changes: the tenant and the profile, as the history records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub tenant: String,
    pub profile: Option<String>,
}

/// A tenant's history as read, with what could not be read said plainly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryRead {
    /// Oldest first.
    pub entries: Vec<HistoryEntry>,
    /// Lines skipped (cut short by a crash, unreadable, of a newer format), in plain words.
    pub problems: Vec<String>,
}

impl HistoryRead {
    /// The entry an id or a unique prefix of it names.
    pub fn find(&self, key: &str) -> Result<&HistoryEntry> {
        let key = key.trim();
        if let Some(e) = self.entries.iter().find(|e| e.id == key) {
            return Ok(e);
        }
        let matching: Vec<&HistoryEntry> = self
            .entries
            .iter()
            .filter(|e| !key.is_empty() && e.id.starts_with(key))
            .collect();
        match matching.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::NotFound(format!(
                "No change “{key}” in this tenant's history."
            ))),
            many => Err(Error::InvalidInput(format!(
                "“{key}” names {} changes in the history: give more of the id.",
                many.len()
            ))),
        }
    }

    /// The changes of one connection (by id or name), newest first.
    pub fn of_connection(&self, key: &str) -> Vec<&HistoryEntry> {
        self.entries
            .iter()
            .rev()
            .filter(|e| e.connection_id == key || e.connection_name == key)
            .collect()
    }
}

/// The history files of every tenant, in one folder.
#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
}

impl History {
    pub fn in_dir(dir: impl Into<PathBuf>) -> History {
        History { dir: dir.into() }
    }

    /// The folder of every tenant's history.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a tenant (and the one moved aside, `….1.jsonl`).
    pub fn path(&self, tenant: &str) -> PathBuf {
        let name = files::file_name(tenant);
        self.dir.join(format!("{name}.jsonl"))
    }

    fn rotated(path: &Path) -> PathBuf {
        path.with_extension("1.jsonl")
    }

    /// Append one entry and flush it to disk before returning.
    pub fn append(&self, entry: &HistoryEntry) -> Result<()> {
        let fail = |what: &str, e: std::io::Error| {
            Error::History(format!(
                "The change was made but could not be recorded in the history ({what} {}: {e}).",
                self.dir.display()
            ))
        };
        files::create_private_dir_all(&self.dir).map_err(|e| fail("creating", e))?;
        let path = self.path(&entry.tenant);
        // The link itself, never what it points to.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() >= MAX_BYTES) {
            std::fs::rename(&path, Self::rotated(&path)).map_err(|e| fail("rotating", e))?;
        }
        let mut file = files::open_private_append(&path).map_err(|e| fail("opening", e))?;
        let mut line = String::new();
        // A line cut short by a crash must not swallow this entry: start on a line of its own.
        if !ends_with_newline(&mut file).map_err(|e| fail("reading", e))? {
            line.push('\n');
        }
        line.push_str(
            &serde_json::to_string(entry).map_err(|e| {
                Error::History(format!("The history entry could not be written: {e}"))
            })?,
        );
        line.push('\n');
        // One write of the whole line: appends from another process never land inside it.
        file.write_all(line.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| fail("writing", e))?;
        Ok(())
    }

    /// Everything recorded for a tenant, oldest first. Never fails on a damaged file.
    pub fn read(&self, tenant: &str) -> HistoryRead {
        let path = self.path(tenant);
        let mut read = HistoryRead::default();
        for p in [Self::rotated(&path), path] {
            match files::read_private(&p) {
                Ok(bytes) => parse_into(&bytes, &p, &mut read),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => read.problems.push(format!(
                    "The history file {} could not be read: {e}.",
                    p.display()
                )),
            }
        }
        read.entries.retain(|e| e.tenant == tenant);
        read
    }
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

fn parse_into(bytes: &[u8], path: &Path, read: &mut HistoryRead) {
    let text = String::from_utf8_lossy(bytes);
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let last = i + 1 == lines.len();
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) if v.get("v").and_then(|n| n.as_u64()) > Some(FORMAT_VERSION as u64) => {
                read.problems.push(format!(
                    "Line {} of {} was written by a newer version of Deny List Manager and is skipped.",
                    i + 1,
                    path.display()
                ));
            }
            Ok(v) => match serde_json::from_value::<HistoryEntry>(v) {
                Ok(entry) => read.entries.push(entry),
                Err(_) => read.problems.push(format!(
                    "Line {} of {} is not a history entry and is skipped.",
                    i + 1,
                    path.display()
                )),
            },
            Err(_) if last && !complete => read.problems.push(format!(
                "The last line of {} was cut short (the app or command stopped while writing it) and is ignored; \
                 that change may have been made without its record.",
                path.display()
            )),
            Err(_) => read.problems.push(format!(
                "Line {} of {} could not be read and is skipped.",
                i + 1,
                path.display()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::ids::{new_id, now_rfc3339};
    use std::fs::OpenOptions;

    fn entry(tenant: &str, after: &[&str]) -> HistoryEntry {
        HistoryEntry {
            v: FORMAT_VERSION,
            id: new_id(),
            at: now_rfc3339(),
            tenant: tenant.into(),
            profile: Some("dev".into()),
            connection_id: "con_1".into(),
            connection_name: "customers".into(),
            before: vec!["gender".into()],
            after: after.iter().map(|s| s.to_string()).collect(),
            source: ChangeSource::Edit,
            reverts: None,
            run: None,
            notes: vec![],
        }
    }

    #[test]
    fn a_torn_last_line_is_reported_and_the_next_entry_still_lands() {
        let dir = tempdir();
        let history = History::in_dir(dir.path());
        history
            .append(&entry("acme.auth0.com", &["gender", "ethnicity"]))
            .unwrap();
        // Readable by its owner only, from the moment it exists.
        let path = history.path("acme.auth0.com");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A crash in the middle of writing the second line.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"v":1,"id":"2026112"#).unwrap();
        let read = history.read("acme.auth0.com");
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert!(
            read.problems[0].contains("cut short"),
            "{:?}",
            read.problems
        );

        history.append(&entry("acme.auth0.com", &[])).unwrap();
        let read = history.read("acme.auth0.com");
        assert_eq!(read.entries.len(), 2, "{:?}", read.problems);
        assert!(
            read.problems[0].contains("could not be read"),
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn the_file_is_moved_aside_past_its_bound_and_both_are_read() {
        let dir = tempdir();
        let history = History::in_dir(dir.path());
        let mut big = entry("acme.auth0.com", &["gender"]);
        big.notes = vec!["x".repeat(64 * 1024)];
        let per_line = serde_json::to_string(&big).unwrap().len() as u64 + 1;
        let n = MAX_BYTES / per_line + 2;
        for _ in 0..n {
            history.append(&big).unwrap();
        }
        let path = history.path("acme.auth0.com");
        assert!(std::fs::metadata(&path).unwrap().len() < MAX_BYTES);
        assert!(History::rotated(&path).exists());
        assert_eq!(history.read("acme.auth0.com").entries.len() as u64, n);
    }

    #[test]
    fn a_change_is_summed_up_in_plain_words() {
        let mut e = entry("acme.auth0.com", &["ethnicity"]);
        e.before = vec!["gender".into()];
        assert_eq!(e.summary(), "added ethnicity · removed gender");
        e.before = vec!["b".into(), "a".into()];
        e.after = vec!["a".into(), "b".into()];
        assert_eq!(e.summary(), "no change");
        assert_eq!(ChangeSource::Bulk.label(), "bulk change");
    }

    #[test]
    fn entries_are_found_by_a_unique_prefix() {
        let read = HistoryRead {
            entries: vec![
                HistoryEntry {
                    id: "20261128-091512-a3f9".into(),
                    ..entry("t", &[])
                },
                HistoryEntry {
                    id: "20261128-091512-b000".into(),
                    ..entry("t", &[])
                },
            ],
            problems: vec![],
        };
        assert_eq!(
            read.find("20261128-091512-b").unwrap().id,
            "20261128-091512-b000"
        );
        assert_eq!(
            read.find("20261128").unwrap_err().code(),
            crate::ErrorCode::InvalidInput
        );
        assert_eq!(
            read.find("1999").unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
    }

    fn tempdir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }
}
