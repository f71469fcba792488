//! Every write to a tenant with its record, written ahead: the intent ("about to set this list
//! from A to B") is in the history, flushed to disk, before the write is sent — if it cannot be
//! recorded, nothing is sent and the admin is told why — and the outcome after the reply. A
//! write whose reply was lost is settled by one read. What a crash leaves pending is resolved at
//! the next start (`change::resolve`). The file format is `local::history`'s.

use crate::auth0::ManagementClient;
use crate::change::apply::{ApplyReport, Outcome, WriteLog, apply_logged};
use crate::change::merge::ConfigurationValues;
use crate::change::plan::Plan;
use crate::error::{Error, Result};
use crate::local::history::{
    ChangeSource, Concluded, EntryState, FORMAT_VERSION, History, HistoryEntry, InFlight, Who,
};
use crate::local::ids::{new_id, now_rfc3339};

/// Where and as what a change is recorded.
pub struct Journal<'a> {
    /// `None`: the admin chose to go on without a record (it could not be written).
    pub history: Option<&'a History>,
    pub who: &'a Who,
    pub source: ChangeSource,
    /// For a revert: the entry it undoes.
    pub reverts: Option<&'a str>,
    /// For a bulk change or a sync: its run.
    pub run: Option<&'a str>,
}

/// An applied change and its record.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub report: ApplyReport,
    /// The history entry of the change, when one was written.
    pub history_id: Option<String>,
    /// Why the record is incomplete (the change stands), in plain words.
    pub problem: Option<String>,
}

/// The intent, written when the first write is about to go.
struct Ahead<'a> {
    journal: &'a Journal<'a>,
    plan: &'a Plan,
    flight: Option<InFlight>,
    may_have_landed: bool,
}

impl WriteLog for Ahead<'_> {
    fn before_write(&mut self, before: &[String], after: &[String]) -> Result<()> {
        let Some(history) = self.journal.history else {
            return Ok(());
        };
        let entry = HistoryEntry {
            v: FORMAT_VERSION,
            id: new_id(),
            at: now_rfc3339(),
            tenant: self.journal.who.tenant.clone(),
            profile: self.journal.who.profile.clone(),
            connection_id: self.plan.connection_id.clone(),
            connection_name: self.plan.connection_name.clone(),
            before: before.to_vec(),
            after: after.to_vec(),
            source: self.journal.source,
            reverts: self.journal.reverts.map(str::to_string),
            run: self.journal.run.map(str::to_string),
            notes: Vec::new(),
            state: EntryState::Pending,
            found: None,
        };
        self.flight = Some(history.intend(&entry)?);
        Ok(())
    }

    fn sent(&mut self, may_have_landed: bool) {
        self.may_have_landed |= may_have_landed;
    }
}

/// Apply a plan with its record written ahead (see the module's notes).
pub async fn apply_recorded(
    client: &ManagementClient,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
    journal: &Journal<'_>,
) -> Result<Recorded> {
    let mut ahead = Ahead {
        journal,
        plan,
        flight: None,
        may_have_landed: false,
    };
    let result = apply_logged(client, plan, configuration, &mut ahead).await;
    let (Some(history), Some(flight)) = (journal.history, ahead.flight.take()) else {
        // Nothing was about to be written, or no record was wanted.
        return result.map(|report| Recorded {
            problem: (journal.history.is_none() && report.outcome == Outcome::Applied).then(|| {
                "Not recorded in the history: you chose to go on without a record.".into()
            }),
            report,
            history_id: None,
        });
    };
    let id = flight.id.clone();
    match result {
        Ok(report) if report.outcome == Outcome::Applied => {
            let concluded = Concluded::Done {
                list: report.deny_list.clone(),
                verified: report.verified,
                notes: report.notes.clone(),
            };
            let problem = history
                .conclude(flight, concluded)
                .err()
                .map(|e| e.to_string());
            Ok(Recorded {
                report,
                history_id: Some(id),
                problem,
            })
        }
        Ok(report) => {
            let _ = history.conclude(
                flight,
                Concluded::NotWritten {
                    why: "nothing was written".into(),
                },
            );
            Ok(Recorded {
                report,
                history_id: None,
                problem: None,
            })
        }
        Err(e) if !ahead.may_have_landed => {
            let _ = history.conclude(flight, Concluded::NotWritten { why: e.to_string() });
            Err(e)
        }
        Err(e) => {
            // A write may have landed: one read says which. If it cannot be read either, the
            // intent stays pending, for the next start to resolve.
            if let Ok(now) = client
                .get_connection(&plan.connection_id)
                .await
                .and_then(|c| c.deny_list())
            {
                let _ = history.conclude(flight, settled(plan, &now, &e));
            }
            Err(e)
        }
    }
}

/// How a write that may have landed ended, from the list as it is now.
fn settled(plan: &Plan, now: &[String], e: &Error) -> Concluded {
    if now == plan.after.as_slice() {
        Concluded::Done {
            list: now.to_vec(),
            verified: false,
            notes: vec![format!(
                "The write went through although it ended with an error ({e})."
            )],
        }
    } else if now == plan.before.as_slice() {
        Concluded::NotWritten { why: e.to_string() }
    } else {
        Concluded::Unknown {
            found: Some(now.to_vec()),
            why: format!(
                "Outcome unknown: the write ended with an error ({e}) and the list is now [{}].",
                now.join(", ")
            ),
        }
    }
}
