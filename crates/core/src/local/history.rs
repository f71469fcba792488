//! The history of changes, per tenant: JSON lines in a file in the data folder, readable with
//! `jq`. Written ahead: before each write to a tenant, an *intent* ("about to set this list from
//! A to B") is appended and flushed to disk (fsync); after the reply, its *outcome* (done, not
//! written, unknown). A crash, a power cut or a killed process between the two leaves the intent
//! pending: the next start resolves it with one read of the connection (`change::resolve`). While
//! a writer is at work it holds a lock on a small file of its intent, so nobody resolves what is
//! still under way. Appends from several processes (the app and the command line) take a lock
//! on the tenant's file and write whole lines, so lines never interleave or get lost.
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

/// The format of each line; a line of a newer format is skipped and reported. Version 1 lines are
/// changes recorded after the fact (read as done); version 2 adds intents and outcomes.
pub const FORMAT_VERSION: u32 = 2;
/// The note of a change found on the tenant after its writer was interrupted.
pub const COMPLETED_BEFORE_INTERRUPTION: &str = "Completed before an interruption";

impl HistoryEntry {
    /// Whether this change was found on the tenant after its writer was interrupted.
    pub fn completed_before_interruption(&self) -> bool {
        self.notes
            .iter()
            .any(|n| n.starts_with(COMPLETED_BEFORE_INTERRUPTION))
    }
}

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

/// Whether a change is known to be on the tenant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EntryState {
    /// Written (and, when it says so, verified).
    #[default]
    Done,
    /// Its writer stopped before the reply: not yet checked against the tenant.
    Pending,
    /// Checked, and the list is neither what it was nor what was written (`found`).
    Unknown,
}

impl EntryState {
    fn is_done(&self) -> bool {
        *self == EntryState::Done
    }
}

/// One change.
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
    /// Done, pending (interrupted, not yet checked), or unknown.
    #[serde(default, skip_serializing_if = "EntryState::is_done")]
    pub state: EntryState,
    /// For an unknown outcome: the list the tenant held when checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<Vec<String>>,
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
    /// Oldest first: changes done, pending (interrupted, not yet checked) and unknown. A change
    /// found not written is not here: it is not a change.
    pub entries: Vec<HistoryEntry>,
    /// Lines skipped (cut short by a crash, unreadable, of a newer format), in plain words.
    pub problems: Vec<String>,
    /// Bulk runs and syncs one of whose changes was left pending by an interruption and settled
    /// later (done, not written or unknown): each was stopped before it finished.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub interrupted_runs: Vec<String>,
}

impl HistoryRead {
    /// Changes interrupted before their outcome was recorded, oldest first.
    pub fn pending(&self) -> Vec<&HistoryEntry> {
        self.entries
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .collect()
    }
}

/// How a change ended, as its outcome line records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Concluded {
    /// On the tenant: `list` as written (and verified when `verified`).
    Done {
        list: Vec<String>,
        verified: bool,
        notes: Vec<String>,
    },
    /// Nothing reached the tenant (refused, or a read showed the list as it was).
    NotWritten { why: String },
    /// Neither what it was nor what was written: the list found, when it could be read.
    Unknown {
        found: Option<Vec<String>>,
        why: String,
    },
}

/// The line that ends an intent.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct OutcomeLine {
    v: u32,
    kind: String,
    /// The intent's id.
    id: String,
    at: String,
    #[serde(flatten)]
    concluded: Concluded,
    /// Found on a later start (the writer had stopped), not said by the writer.
    #[serde(default)]
    resolved: bool,
}

/// An intent's writer at work: it holds the lock of its intent until the outcome is recorded
/// (or the process ends, when the kernel lets it go), so nobody resolves it meanwhile.
#[derive(Debug)]
pub struct InFlight {
    pub id: String,
    tenant: String,
    lock: Option<(File, PathBuf)>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some((_, path)) = self.lock.take() {
            let _ = std::fs::remove_file(path);
        }
    }
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

    /// Append one change recorded after the fact (done) and flush it to disk before returning.
    pub fn append(&self, entry: &HistoryEntry) -> Result<()> {
        let json = serde_json::to_string(entry)
            .map_err(|e| Error::History(format!("The history entry could not be written: {e}")))?;
        self.append_line(&entry.tenant, &json).map_err(|(what, e)| {
            Error::History(format!(
                "The change was made but could not be recorded in the history ({what} {}: {e}).",
                self.dir.display()
            ))
        })
    }

    /// Record, before a write, that `entry` (its `before` → `after`) is about to be written, and
    /// hold its lock until [`History::conclude`]. When this fails, nothing may be written.
    pub fn intend(&self, entry: &HistoryEntry) -> Result<InFlight> {
        let unavailable = |what: &str, e: std::io::Error| {
            Error::HistoryUnavailable(format!(
                "Nothing was written to the tenant: the change could not first be recorded in this computer's \
                 history ({what} {}: {e}).",
                self.dir.display()
            ))
        };
        let lock = self
            .hold(&entry.id)
            .map_err(|e| unavailable("locking its intent in", e))?;
        let mut line = serde_json::to_value(entry).map_err(|e| {
            Error::HistoryUnavailable(format!(
                "Nothing was written to the tenant: the change could not be recorded ({e})."
            ))
        })?;
        line["v"] = serde_json::json!(FORMAT_VERSION);
        line["kind"] = serde_json::json!("intent");
        self.append_line(&entry.tenant, &line.to_string())
            .map_err(|(what, e)| unavailable(what, e))?;
        Ok(InFlight {
            id: entry.id.clone(),
            tenant: entry.tenant.clone(),
            lock: Some(lock),
        })
    }

    /// Record how an intent ended, then let its lock go.
    pub fn conclude(&self, flight: InFlight, concluded: Concluded) -> Result<()> {
        let done = self.outcome(&flight.tenant, &flight.id, concluded, false);
        drop(flight);
        done
    }

    /// Record how an interrupted intent ended, found on a later start — unless its writer is still
    /// at work (its lock held) or it was concluded meanwhile. Returns whether it was recorded.
    pub fn settle(&self, tenant: &str, id: &str, concluded: Concluded) -> Result<bool> {
        let Ok(lock) = self.hold(id) else {
            return Ok(false);
        };
        if !self.read(tenant).pending().iter().any(|e| e.id == id) {
            let _ = std::fs::remove_file(&lock.1);
            return Ok(false);
        }
        let result = self.outcome(tenant, id, concluded, true);
        let _ = std::fs::remove_file(&lock.1);
        drop(lock);
        result.map(|_| true)
    }

    /// Intents whose writer has stopped, oldest first (those still under way are left alone).
    pub fn interrupted(&self, tenant: &str) -> Vec<HistoryEntry> {
        self.read(tenant)
            .pending()
            .into_iter()
            .filter(|e| !self.held(&e.id))
            .cloned()
            .collect()
    }

    fn outcome(&self, tenant: &str, id: &str, concluded: Concluded, resolved: bool) -> Result<()> {
        let line = OutcomeLine {
            v: FORMAT_VERSION,
            kind: "outcome".into(),
            id: id.to_string(),
            at: crate::local::ids::now_rfc3339(),
            concluded,
            resolved,
        };
        let json = serde_json::to_string(&line)
            .map_err(|e| Error::History(format!("The outcome could not be recorded: {e}")))?;
        self.append_line(tenant, &json).map_err(|(what, e)| {
            Error::History(format!(
                "The change was made, but its outcome could not be recorded in the history ({what} {}: \
                 {e}); it will be checked against the tenant when the app or the command line next starts.",
                self.dir.display()
            ))
        })
    }

    /// The lock file of an intent, locked (`flock`, exclusive, without waiting): held by a writer
    /// at work, let go by the kernel when its process ends however it ends.
    fn hold(&self, id: &str) -> std::io::Result<(File, PathBuf)> {
        let dir = self.dir.join("in-flight");
        files::create_private_dir_all(&dir)?;
        let path = dir.join(format!("{}.lock", files::file_name(id)));
        let file = files::open_private_write(&path)?;
        lock_file(&file, false)?;
        Ok((file, path))
    }

    /// Whether an intent's writer is still at work.
    fn held(&self, id: &str) -> bool {
        let path = self
            .dir
            .join("in-flight")
            .join(format!("{}.lock", files::file_name(id)));
        match files::open_private_existing(&path) {
            Ok(file) => lock_file(&file, false).is_err(),
            Err(_) => false,
        }
    }

    /// One whole line appended and flushed, under the tenant's lock (several processes write the
    /// same history: the lock keeps a rotation and an append from crossing).
    fn append_line(
        &self,
        tenant: &str,
        json: &str,
    ) -> std::result::Result<(), (&'static str, std::io::Error)> {
        files::create_private_dir_all(&self.dir).map_err(|e| ("creating", e))?;
        let path = self.path(tenant);
        let lock =
            files::open_private_write(&path.with_extension("lock")).map_err(|e| ("locking", e))?;
        lock_file(&lock, true).map_err(|e| ("locking", e))?;
        // The link itself, never what it points to.
        let existing = std::fs::symlink_metadata(&path).ok();
        let rotate = existing
            .as_ref()
            .is_some_and(|m| m.is_file() && m.len() >= MAX_BYTES);
        if rotate {
            std::fs::rename(&path, Self::rotated(&path)).map_err(|e| ("rotating", e))?;
        }
        let new_file = rotate || existing.is_none();
        let mut file = files::open_private_append(&path).map_err(|e| ("opening", e))?;
        let mut line = String::new();
        // A line cut short by a crash must not swallow this entry: start on a line of its own.
        if !ends_with_newline(&mut file).map_err(|e| ("reading", e))? {
            line.push('\n');
        }
        line.push_str(json);
        line.push('\n');
        // One write of the whole line, flushed before going on.
        file.write_all(line.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| ("writing", e))?;
        // A new file (the first change, or after a rotation) is a new name in the folder: the
        // folder is flushed too, or a power cut could lose the file with its first intent.
        if new_file {
            files::sync_dir(&self.dir).map_err(|e| ("writing", e))?;
        }
        drop(lock);
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

/// An advisory lock (`flock`) on `file`, exclusive; waiting for it when `wait`, else failing at
/// once if another holds it. Let go when the file is closed, or its process ends.
fn lock_file(file: &File, wait: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let how = if wait {
            libc::LOCK_EX
        } else {
            libc::LOCK_EX | libc::LOCK_NB
        };
        loop {
            // SAFETY: the descriptor is open for the life of `file`; flock has no other input.
            if unsafe { libc::flock(file.as_raw_fd(), how) } == 0 {
                return Ok(());
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, wait);
        Ok(())
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
        let value = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => v,
            Err(_) if last && !complete => {
                read.problems.push(format!(
                    "The last line of {} was cut short (the app or command stopped while writing it) and is ignored; \
                     that change may have been made without its record.",
                    path.display()
                ));
                continue;
            }
            Err(_) => {
                read.problems.push(format!(
                    "Line {} of {} could not be read and is skipped.",
                    i + 1,
                    path.display()
                ));
                continue;
            }
        };
        if value.get("v").and_then(|n| n.as_u64()) > Some(FORMAT_VERSION as u64) {
            read.problems.push(format!(
                "Line {} of {} was written by a newer version of Deny List Manager and is skipped.",
                i + 1,
                path.display()
            ));
            continue;
        }
        let kind = value
            .get("kind")
            .and_then(|k| k.as_str())
            .map(str::to_string);
        match kind.as_deref() {
            Some("outcome") => match serde_json::from_value::<OutcomeLine>(value) {
                Ok(outcome) => apply_outcome(read, outcome),
                Err(_) => read.problems.push(format!(
                    "Line {} of {} is not an outcome and is skipped.",
                    i + 1,
                    path.display()
                )),
            },
            kind => match serde_json::from_value::<HistoryEntry>(value) {
                Ok(mut entry) => {
                    entry.state = if kind == Some("intent") {
                        EntryState::Pending
                    } else {
                        EntryState::Done
                    };
                    read.entries.push(entry);
                }
                Err(_) => read.problems.push(format!(
                    "Line {} of {} is not a history entry and is skipped.",
                    i + 1,
                    path.display()
                )),
            },
        }
    }
}

/// An outcome line ends its intent (the first outcome of an intent counts; a later one is the
/// same story told twice).
fn apply_outcome(read: &mut HistoryRead, outcome: OutcomeLine) {
    let Some(at) = read
        .entries
        .iter()
        .position(|e| e.id == outcome.id && e.state == EntryState::Pending)
    else {
        return;
    };
    if outcome.resolved
        && let Some(run) = &read.entries[at].run
        && !read.interrupted_runs.contains(run)
    {
        read.interrupted_runs.push(run.clone());
    }
    let entry = &mut read.entries[at];
    match outcome.concluded {
        Concluded::Done {
            list,
            verified: _,
            notes,
        } => {
            entry.state = EntryState::Done;
            entry.after = list;
            entry.notes.extend(notes);
            if outcome.resolved {
                entry.notes.push(format!(
                    "{COMPLETED_BEFORE_INTERRUPTION}: the tenant held this list when it was checked ({}).",
                    outcome.at
                ));
            }
        }
        Concluded::NotWritten { .. } => {
            read.entries.remove(at);
        }
        Concluded::Unknown { found, why } => {
            entry.state = EntryState::Unknown;
            entry.notes.push(why);
            entry.found = found;
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
            state: EntryState::Done,
            found: None,
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
            interrupted_runs: vec![],
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

    #[test]
    fn an_intent_is_pending_until_its_outcome_and_a_stopped_writer_is_found() {
        let dir = tempdir();
        let history = History::in_dir(dir.path());
        let tenant = "acme.auth0.com";
        let mut intent = entry(tenant, &["gender", "ethnicity"]);
        intent.state = EntryState::Pending;
        let flight = history.intend(&intent).unwrap();
        let read = history.read(tenant);
        assert_eq!(read.pending().len(), 1);
        // Its writer is at work: nobody else may settle it.
        assert!(history.interrupted(tenant).is_empty());
        assert!(
            !history
                .settle(
                    tenant,
                    &intent.id,
                    Concluded::NotWritten { why: "x".into() }
                )
                .unwrap()
        );
        history
            .conclude(
                flight,
                Concluded::Done {
                    list: vec!["gender".into(), "ethnicity".into()],
                    verified: true,
                    notes: vec![],
                },
            )
            .unwrap();
        let read = history.read(tenant);
        assert!(read.pending().is_empty());
        assert_eq!(read.entries[0].state, EntryState::Done);

        // A writer that stops (its lock let go, no outcome): found, and settled once.
        let second = HistoryEntry {
            id: new_id(),
            state: EntryState::Pending,
            ..entry(tenant, &["religion"])
        };
        drop(
            std::mem::ManuallyDrop::new(history.intend(&second).unwrap())
                .lock
                .take(),
        );
        assert_eq!(history.interrupted(tenant).len(), 1);
        assert!(
            history
                .settle(
                    tenant,
                    &second.id,
                    Concluded::NotWritten { why: "x".into() }
                )
                .unwrap()
        );
        assert!(
            !history
                .settle(
                    tenant,
                    &second.id,
                    Concluded::NotWritten { why: "x".into() }
                )
                .unwrap(),
            "settled once"
        );
        // Not written: it is no change.
        let read = history.read(tenant);
        assert_eq!(read.entries.len(), 1, "{:?}", read.entries);
    }

    #[test]
    fn an_unknown_outcome_keeps_the_list_found_and_a_resolved_one_says_so() {
        let dir = tempdir();
        let history = History::in_dir(dir.path());
        let tenant = "acme.auth0.com";
        for (concluded, state) in [
            (
                Concluded::Unknown {
                    found: Some(vec!["badge".into()]),
                    why: "Outcome unknown".into(),
                },
                EntryState::Unknown,
            ),
            (
                Concluded::Done {
                    list: vec!["gender".into()],
                    verified: false,
                    notes: vec![],
                },
                EntryState::Done,
            ),
        ] {
            let e = HistoryEntry {
                id: new_id(),
                ..entry(tenant, &["gender"])
            };
            drop(
                std::mem::ManuallyDrop::new(history.intend(&e).unwrap())
                    .lock
                    .take(),
            );
            assert!(history.settle(tenant, &e.id, concluded).unwrap());
            let read = history.read(tenant);
            let got = read.entries.iter().find(|x| x.id == e.id).unwrap();
            assert_eq!(got.state, state);
            if state == EntryState::Unknown {
                assert_eq!(got.found, Some(vec!["badge".to_string()]));
            } else {
                assert!(
                    got.notes
                        .iter()
                        .any(|n| n.contains("before an interruption")),
                    "{:?}",
                    got.notes
                );
            }
        }
    }

    #[test]
    fn an_intent_that_cannot_be_recorded_is_an_error_before_anything() {
        let dir = tempdir();
        // The history folder is a file: nothing can be created in it.
        let blocked = dir.path().join("history");
        std::fs::write(&blocked, b"not a folder").unwrap();
        let history = History::in_dir(&blocked);
        let e = history
            .intend(&entry("acme.auth0.com", &["x"]))
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::HistoryUnavailable);
        assert!(e.to_string().starts_with("Nothing was written"), "{e}");
    }

    #[test]
    fn several_writers_at_once_lose_no_line_and_never_interleave() {
        let dir = tempdir();
        let writers: Vec<_> = (0..6)
            .map(|w| {
                let path = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    // Each its own History: its own files opened, as another process has.
                    let history = History::in_dir(&path);
                    for i in 0..60 {
                        let mut e = entry("acme.auth0.com", &["gender"]);
                        e.id = format!("w{w}-{i}");
                        // Big lines, so that the file rotates while others append.
                        e.notes = vec!["n".repeat(3000)];
                        let flight = history.intend(&e).unwrap();
                        history
                            .conclude(
                                flight,
                                Concluded::Done {
                                    list: e.after.clone(),
                                    verified: true,
                                    notes: vec![],
                                },
                            )
                            .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let read = History::in_dir(dir.path()).read("acme.auth0.com");
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.entries.len(), 360);
        assert!(read.entries.iter().all(|e| e.state == EntryState::Done));
    }

    fn tempdir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }
}
