//! Changes a crash interrupted: an intent in the history with no outcome, its writer gone (a
//! killed process, a power cut). At the next start, each is settled by one read of its
//! connection: the list as the intent wrote it → done ("completed before an interruption"); as it
//! was → not written; anything else → outcome unknown, with the list now. No request is made
//! when nothing is pending.

use crate::auth0::ManagementClient;
use crate::error::Error;
use crate::local::history::{Concluded, History, HistoryEntry};
use serde::Serialize;

/// How an interrupted change was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Settled {
    /// The tenant holds what it wrote.
    Done,
    /// The tenant holds what it was before: nothing was written.
    NotWritten,
    /// Neither: someone else changed it too, or a later change did.
    Unknown,
}

/// One interrupted change, settled, said in plain words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Resolution {
    pub id: String,
    pub connection_name: String,
    pub settled: Settled,
    /// The list found (for an unknown outcome).
    pub found: Option<Vec<String>>,
    pub message: String,
}

/// What resolving a tenant's interrupted changes found.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Resolutions {
    pub settled: Vec<Resolution>,
    /// Interrupted changes that could not be checked now (left pending), in plain words.
    pub unresolved: Vec<String>,
}

/// Settle every interrupted change of `tenant` (those whose writer is gone).
pub async fn resolve_interrupted(
    client: &ManagementClient,
    history: &History,
    tenant: &str,
) -> Resolutions {
    let mut out = Resolutions::default();
    for entry in history.interrupted(tenant) {
        let now = client
            .get_connection(&entry.connection_id)
            .await
            .and_then(|c| c.deny_list());
        let now = match now {
            Ok(now) => now,
            Err(Error::NotFound(_)) => {
                let concluded = Concluded::Unknown {
                    found: None,
                    why: "Outcome unknown: the connection no longer exists.".into(),
                };
                record(history, tenant, &entry, concluded, None, &mut out);
                continue;
            }
            Err(e) => {
                out.unresolved.push(format!(
                    "The change {} to “{}” was interrupted and could not be checked now ({e}); it will be \
                     checked again next time.",
                    entry.id, entry.connection_name
                ));
                continue;
            }
        };
        let concluded = if same(&now, &entry.after) {
            Concluded::Done {
                list: now.clone(),
                verified: false,
                notes: Vec::new(),
            }
        } else if same(&now, &entry.before) {
            Concluded::NotWritten {
                why: "interrupted before the write reached the tenant".into(),
            }
        } else {
            Concluded::Unknown {
                found: Some(now.clone()),
                why: format!(
                    "Outcome unknown: interrupted, and the list is now [{}] (neither what it was nor what \
                     was being written).",
                    now.join(", ")
                ),
            }
        };
        record(history, tenant, &entry, concluded, Some(now), &mut out);
    }
    out
}

fn record(
    history: &History,
    tenant: &str,
    entry: &HistoryEntry,
    concluded: Concluded,
    now: Option<Vec<String>>,
    out: &mut Resolutions,
) {
    let settled = match &concluded {
        Concluded::Done { .. } => Settled::Done,
        Concluded::NotWritten { .. } => Settled::NotWritten,
        Concluded::Unknown { .. } => Settled::Unknown,
    };
    match history.settle(tenant, &entry.id, concluded) {
        Ok(true) => {
            let what = entry.summary();
            let message = match settled {
                Settled::Done => format!(
                    "A change to “{}” ({what}) was interrupted after it reached the tenant: it is recorded as \
                     completed before the interruption.",
                    entry.connection_name
                ),
                Settled::NotWritten => format!(
                    "A change to “{}” ({what}) was interrupted before it reached the tenant: nothing was \
                     written, and it is recorded so.",
                    entry.connection_name
                ),
                Settled::Unknown => format!(
                    "A change to “{}” ({what}) was interrupted, and its outcome is unknown: the list is now {}. \
                     Look at the connection before changing it again.",
                    entry.connection_name,
                    match &now {
                        Some(l) if l.is_empty() => "empty".to_string(),
                        Some(l) => format!("[{}]", l.join(", ")),
                        None => "gone (the connection no longer exists)".to_string(),
                    }
                ),
            };
            out.settled.push(Resolution {
                id: entry.id.clone(),
                connection_name: entry.connection_name.clone(),
                settled,
                found: if settled == Settled::Unknown {
                    now
                } else {
                    None
                },
                message,
            });
        }
        // Concluded meanwhile by its writer, or under way again: nothing to say.
        Ok(false) => {}
        Err(e) => out.unresolved.push(e.to_string()),
    }
}

/// The same attributes, in any order.
fn same(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

impl Resolutions {
    pub fn is_empty(&self) -> bool {
        self.settled.is_empty() && self.unresolved.is_empty()
    }

    /// Every line to show, in plain words.
    pub fn lines(&self) -> Vec<String> {
        self.settled
            .iter()
            .map(|r| r.message.clone())
            .chain(self.unresolved.iter().cloned())
            .collect()
    }
}

/// Whether anything waits to be resolved (no request is made to find out).
pub fn anything_interrupted(history: &History, tenant: &str) -> bool {
    !history.interrupted(tenant).is_empty()
}
