//! Apply a plan safely: GET fresh → check for conflicts → PATCH the merged
//! body → verify from the reply. A lost reply is resolved by one GET before
//! anything is reported; a write is only re-sent once a GET shows it did not land.

use crate::auth0::ManagementClient;
use crate::auth0::Scopes;
use crate::auth0::client::WriteFailure;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::merge::{self, ConfigurationValues};
use crate::plan::{Plan, settings_fingerprint};
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
}

pub async fn apply(
    client: &ManagementClient,
    plan: &Plan,
    configuration: Option<&ConfigurationValues>,
) -> Result<ApplyReport> {
    let id = plan.connection_id.as_str();
    let report = |outcome, verified, notes: Vec<String>, list: &[String]| ApplyReport {
        connection_id: plan.connection_id.clone(),
        connection_name: plan.connection_name.clone(),
        outcome,
        deny_list: list.to_vec(),
        verified,
        notes,
    };
    let mut notes: Vec<String> = Vec::new();
    let (mut limited, mut failed) = (0u32, 0u32);
    let mut fresh = client.get_connection(id).await?;
    let scopes = client.scopes().await?;
    loop {
        refuse_trimmed_options(&fresh, scopes.as_ref())?;
        let current = fresh.deny_list()?;
        if current != plan.before {
            if current == plan.after {
                notes.push("The deny list already was exactly as requested (changed elsewhere); nothing was written.".into());
                return Ok(report(Outcome::AlreadyAsRequested, true, notes, &current));
            }
            return Err(Error::Conflict {
                connection: plan.connection_name.clone(),
                expected: plan.before.clone(),
                found: current,
            });
        }
        if plan.is_noop() {
            return Ok(report(Outcome::Unchanged, true, notes, &current));
        }
        note_rebase(plan, &fresh, &mut notes);
        let body = merge::patch_body(&fresh, &plan.after, configuration)?;
        match client.patch_connection(id, &body).await {
            Ok(stored) => {
                let verified = merge::verify(&body, &stored, &plan.after)?;
                if !verified {
                    notes.push(
                        "Auth0's reply did not include the connection's settings, so the result could not be checked; \
                         look at it with `denylist show`."
                            .into(),
                    );
                }
                return Ok(report(Outcome::Applied, verified, notes, &plan.after));
            }
            Err(WriteFailure::Refused(e)) => return Err(scrub(e, &body)),
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
                client.progress(Progress::Step(Step::CheckingOutcome));
                fresh = match client.get_connection(id).await {
                    Ok(c) => c,
                    Err(check) => {
                        return Err(Error::OutcomeUnknown(format!(
                            "The change to “{}” was sent, but the reply was lost ({e}) and reading the connection \
                             afterwards failed too ({check}). It may or may not have been saved: check with \
                             `denylist show {}` before trying again.",
                            plan.connection_name, plan.connection_id
                        )));
                    }
                };
                let now = fresh.deny_list()?;
                if now != plan.after && now != plan.before {
                    return Err(Error::OutcomeUnknown(format!(
                        "The change to “{}” was sent but the reply was lost ({e}), and the deny list is now [{}]: \
                         someone else changed it at the same time. Review it with `denylist show {}`.",
                        plan.connection_name,
                        now.join(", "),
                        plan.connection_id
                    )));
                }
                if now == plan.after {
                    let verified = merge::verify(&body, &fresh, &plan.after)?;
                    notes.push(format!(
                        "The reply to the write was lost ({e}); reading the connection again showed the change was saved."
                    ));
                    return Ok(report(Outcome::Applied, verified, notes, &plan.after));
                }
                if failed >= client.policy().server_retries {
                    return Err(Error::Api {
                        status: 0,
                        message: format!(
                            "the deny list of “{}” could not be written ({e}); a check showed nothing was changed. \
                             Try again later.",
                            plan.connection_name
                        ),
                    });
                }
                notes.push(format!(
                    "The first write did not go through ({e}); it was sent again."
                ));
                client.wait(client.backoff(failed), WaitReason::Retry).await;
                failed += 1;
            }
        }
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

/// Auth0's refusal messages may quote what was sent: never let a setting's value through.
fn scrub(e: Error, body: &Map<String, Value>) -> Error {
    match e {
        Error::Api {
            status,
            mut message,
        } => {
            let mut values = Vec::new();
            collect_strings(&Value::Object(body.clone()), &mut values);
            values.sort_by_key(|v| std::cmp::Reverse(v.len()));
            // Long unbroken strings: client secrets, keys, certificates, tokens, ciphertext.
            for v in values.iter().filter(|v| v.len() >= 16 && !v.contains(' ')) {
                message = message.replace(v.as_str(), "<redacted>");
            }
            Error::Api { status, message }
        }
        other => other,
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn note_rebase(plan: &Plan, fresh: &Connection, notes: &mut Vec<String>) {
    const NOTE: &str = "Other settings of this connection changed since the change was reviewed; they were kept as \
                        they are now, and only the deny list was changed.";
    if settings_fingerprint(fresh) != plan.settings_fingerprint && !notes.iter().any(|n| n == NOTE)
    {
        notes.push(NOTE.into());
    }
}
