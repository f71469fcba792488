//! Apply a plan safely: GET fresh → check for conflicts → PATCH the merged
//! body → verify from the reply. A lost reply is resolved by one GET before
//! anything is reported; a write is only re-sent once a GET shows it did not land.
//! What a server says on the way is shown only with everything sent cut out of it.

use crate::auth0::ManagementClient;
use crate::auth0::Scopes;
use crate::auth0::client::WriteFailure;
use crate::change::merge::{self, ConfigurationValues};
use crate::change::plan::Plan;
use crate::error::{Error, Result};
use crate::model::connection::Connection;
use crate::progress::{Progress, Step, WaitReason};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    /// The deny list was written.
    Applied,
    /// Someone else had already made exactly this change; nothing was written.
    AlreadyAsRequested,
    /// The plan changes nothing; nothing was written.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApplyReport {
    pub connection_id: String,
    pub connection_name: String,
    pub outcome: Outcome,
    /// The deny list as stored now.
    pub deny_list: Vec<String>,
    /// The stored connection was checked: the list is as asked and no other setting disappeared.
    pub verified: bool,
    /// What happened on the way, in plain words (settings changed meanwhile, a lost reply, a retry).
    pub notes: Vec<String>,
    /// What Auth0 changed besides the deny list, as its reply shows (a display name it set,
    /// settings it computes): told, never hidden.
    pub other_changes: Vec<String>,
}

impl ApplyReport {
    /// How the change ended, in one sentence (the window's result title, the command line's
    /// first line).
    pub fn headline(&self) -> &'static str {
        match self.outcome {
            Outcome::Applied if self.verified && self.other_changes.is_empty() => {
                "Saved and verified: only the deny list changed."
            }
            Outcome::Applied if self.verified => {
                "Saved and verified: the deny list is as you asked and no setting was lost."
            }
            Outcome::Applied => "Saved (Auth0's reply could not be checked).",
            Outcome::AlreadyAsRequested => {
                "Nothing to write: the deny list already was as you asked."
            }
            Outcome::Unchanged => "Nothing to change.",
        }
    }
}

/// What a write-ahead record is told of a change's writes (`change::record`).
pub trait WriteLog: Send {
    /// Before the first write: the list now and the list about to be written. An error stops the
    /// change before anything is sent.
    fn before_write(&mut self, before: &[String], after: &[String]) -> Result<()>;
    /// After each write: whether it may have reached the tenant (a reply, or a lost one).
    fn sent(&mut self, may_have_landed: bool);
}

/// No record (tests, and what `change::record` wraps).
struct NoLog;

impl WriteLog for NoLog {
    fn before_write(&mut self, _: &[String], _: &[String]) -> Result<()> {
        Ok(())
    }
    fn sent(&mut self, _: bool) {}
}

/// Apply without a record. The app and the command line go through `change::record`, which
/// records each write ahead of it.
pub async fn apply(
    client: &ManagementClient,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
) -> Result<ApplyReport> {
    apply_logged(client, plan, configuration, &mut NoLog).await
}

/// Apply, telling `log` before the first write and after each.
pub async fn apply_logged(
    client: &ManagementClient,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
    log: &mut dyn WriteLog,
) -> Result<ApplyReport> {
    // Errors and notes may carry what the server said after settings were sent to it.
    let sent = || client.sent();
    match apply_unredacted(client, plan, configuration, log).await {
        Ok(mut report) => {
            let sent = sent();
            report.notes = report.notes.iter().map(|n| sent.redact(n)).collect();
            report.other_changes = report
                .other_changes
                .iter()
                .map(|n| sent.redact(n))
                .collect();
            Ok(report)
        }
        Err(e) => Err(e.redacted(&sent())),
    }
}

/// What one PATCH attempt led to.
enum Next {
    Done(ApplyReport),
    /// Read again (the connection as it is now), then write again.
    Retry(Connection),
}

async fn apply_unredacted(
    client: &ManagementClient,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
    log: &mut dyn WriteLog,
) -> Result<ApplyReport> {
    let id = plan.connection_id.as_str();
    let mut intended = false;
    let mut notes: Vec<String> = Vec::new();
    let (mut limited, mut failed) = (0u32, 0u32);
    // Read moments ago for this plan (nobody waited in between): that read is the fresh one.
    let mut fresh = match plan.recent_read() {
        Some(read) => read.clone(),
        None => client.get_connection(id).await?,
    };
    let scopes = client.scopes().await?;
    loop {
        refuse_trimmed_options(&fresh, scopes.as_ref())?;
        let current = fresh.deny_list()?;
        if current != plan.before {
            if current == plan.after {
                notes.push("The deny list already was exactly as requested (changed elsewhere); nothing was written.".into());
                return Ok(report(
                    plan,
                    Outcome::AlreadyAsRequested,
                    true,
                    notes,
                    &current,
                ));
            }
            return Err(Error::Conflict {
                connection: plan.connection_name.clone(),
                expected: plan.before.clone(),
                found: current,
            });
        }
        if plan.is_noop() {
            return Ok(report(plan, Outcome::Unchanged, true, notes, &current));
        }
        note_rebase(plan, &fresh, &mut notes);
        let body = merge::patch_body(&fresh, &plan.after, configuration)?;
        if !intended {
            log.before_write(&current, &plan.after)?;
            intended = true;
        }
        let written = client.patch_connection(id, &body).await;
        log.sent(matches!(written, Ok(_) | Err(WriteFailure::Uncertain(_))));
        match written {
            Ok(stored) => {
                let verified = merge::verify(&body, &fresh, &stored, &plan.after)?;
                if !verified.checked {
                    notes.push(
                        "Auth0's reply did not include the connection's settings, so the result could not be checked; \
                         look at the connection again to confirm."
                            .into(),
                    );
                }
                return Ok(applied(plan, verified, notes));
            }
            Err(WriteFailure::Refused(e)) => return Err(e),
            Err(WriteFailure::NotSent(e)) => {
                if failed >= client.policy().server_retries {
                    return Err(e);
                }
                client.wait(client.backoff(failed), WaitReason::Retry).await;
                failed += 1;
                fresh = client.get_connection(id).await?;
            }
            Err(WriteFailure::RateLimited(wait)) => {
                if limited >= client.policy().rate_limit_retries {
                    return Err(Error::RateLimited(format!(
                        "Auth0 kept answering “too many requests” for tenant {}; the deny list of “{}” was not changed. \
                         Wait a minute and try again.",
                        client.domain(),
                        plan.connection_name
                    )));
                }
                client.wait(wait, WaitReason::RateLimit).await;
                limited += 1;
                fresh = client.get_connection(id).await?;
            }
            Err(WriteFailure::Uncertain(e)) => {
                let retries_left = failed < client.policy().server_retries;
                match after_lost_reply(client, plan, &fresh, &body, e, retries_left, &mut notes)
                    .await?
                {
                    Next::Done(report) => return Ok(report),
                    Next::Retry(now) => {
                        client.wait(client.backoff(failed), WaitReason::Retry).await;
                        failed += 1;
                        fresh = now;
                    }
                }
            }
        }
    }
}

/// The write was sent but its reply was lost (or was a server error): read once to learn
/// whether it landed, before anything is reported or sent again.
async fn after_lost_reply(
    client: &ManagementClient,
    plan: &Plan,
    fresh: &Connection,
    body: &Map<String, Value>,
    e: Error,
    retries_left: bool,
    notes: &mut Vec<String>,
) -> Result<Next> {
    client.progress(Progress::Step(Step::CheckingOutcome));
    let now = match client.get_connection(&plan.connection_id).await {
        Ok(c) => c,
        Err(check) => {
            return Err(Error::OutcomeUnknown(format!(
                "The change to “{}” was sent, but the reply was lost ({e}) and reading the connection \
                 afterwards failed too ({check}). It may or may not have been saved: look at the connection \
                 ({}) before trying again.",
                plan.connection_name, plan.connection_id
            )));
        }
    };
    let list = now.deny_list()?;
    if list == plan.after {
        let verified = merge::verify(body, fresh, &now, &plan.after)?;
        notes.push(format!(
            "The reply to the write was lost ({e}); reading the connection again showed the change was saved."
        ));
        return Ok(Next::Done(applied(plan, verified, notes.clone())));
    }
    if list != plan.before {
        return Err(Error::OutcomeUnknown(format!(
            "The change to “{}” was sent but the reply was lost ({e}), and the deny list is now [{}]: \
             someone else changed it at the same time. Review it ({}) before changing it again.",
            plan.connection_name,
            list.join(", "),
            plan.connection_id
        )));
    }
    if !retries_left {
        return Err(not_written(e, &plan.connection_name));
    }
    notes.push(format!(
        "The first write did not go through ({e}); it was sent again."
    ));
    Ok(Next::Retry(now))
}

fn report(
    plan: &Plan,
    outcome: Outcome,
    verified: bool,
    notes: Vec<String>,
    list: &[String],
) -> ApplyReport {
    ApplyReport {
        connection_id: plan.connection_id.clone(),
        connection_name: plan.connection_name.clone(),
        outcome,
        deny_list: list.to_vec(),
        verified,
        notes,
        other_changes: Vec::new(),
    }
}

fn applied(plan: &Plan, verified: merge::Verified, notes: Vec<String>) -> ApplyReport {
    ApplyReport {
        other_changes: verified.other_changes,
        ..report(plan, Outcome::Applied, verified.checked, notes, &plan.after)
    }
}

/// The last failure, said as what it means: a read showed nothing was changed.
fn not_written(e: Error, connection: &str) -> Error {
    let say = |why: &str| {
        format!(
            "the deny list of “{connection}” could not be written ({why}); a check showed nothing was changed. \
             Try again later."
        )
    };
    match e {
        Error::Api { status, message } => Error::Api {
            status,
            message: say(&message),
        },
        Error::Network(m) => Error::Network(say(&m)),
        Error::UnexpectedReply(m) => Error::UnexpectedReply(say(&m)),
        other => other,
    }
}

/// Some servers answer a token without the options scopes with an empty `options` instead of none:
/// writing that back would erase every setting.
fn refuse_trimmed_options(fresh: &Connection, scopes: Option<&Scopes>) -> Result<()> {
    let empty = fresh.options().is_some_and(|o| o.is_empty());
    if empty && scopes.is_some_and(|s| !s.has("read:connections_options")) {
        return Err(Error::OptionsUnreadable {
            connection: fresh.name().to_string(),
        });
    }
    Ok(())
}

fn note_rebase(plan: &Plan, fresh: &Connection, notes: &mut Vec<String>) {
    const NOTE: &str = "Other settings of this connection changed since the change was reviewed; they were kept as \
                        they are now, and only the deny list was changed.";
    if plan.other_settings_changed(fresh) && !notes.iter().any(|n| n == NOTE) {
        notes.push(NOTE.into());
    }
}
