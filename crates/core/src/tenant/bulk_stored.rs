//! Before a bulk change: how many users of the chosen connections still have each attribute it
//! adds stored (denying stops Auth0 storing it from then on; what is stored stays). One user
//! search per connection and attribute (`read:users`), paced by the client from Auth0's rate
//! limit, cancellable between searches; without the scope, nothing is counted and that is said.

use crate::auth0::ManagementClient;
use crate::checks::stored_values::{SCOPE, SEARCH_LIMIT, count_one};
use crate::error::Error;
use crate::tenant::bulk::BulkPlan;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

/// Up to this many searches, a dry run counts at once; beyond, only when asked.
pub const AUTOMATIC_SEARCHES: usize = 20;

/// One attribute, summed over the connections it is added to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkStoredCount {
    pub attribute: String,
    /// Users found, over the connections counted.
    pub users: u64,
    /// A connection reached Auth0's search limit: there may be more.
    pub at_least: bool,
    /// Connections it is added to, those counted, and those where at least one user has it.
    pub connections: usize,
    pub counted: usize,
    pub with_users: usize,
    /// Why some connections could not be counted (the first reason met).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkStored {
    pub counts: Vec<BulkStoredCount>,
    /// Set when the token lacks `read:users`: nothing was counted.
    pub missing_scope: Option<String>,
    /// Searches made, and whether a Cancel stopped them early.
    pub searches: usize,
    pub cancelled: bool,
}

/// The searches a count takes: each connection the run changes, with each attribute it adds there.
pub fn searches(plan: &BulkPlan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in plan.items.iter().filter(|i| i.skip.is_none()) {
        let before = item.before.as_deref().unwrap_or_default();
        for a in item.after.iter().flatten().filter(|a| !before.contains(a)) {
            out.push((item.connection_name.clone(), a.clone()));
        }
    }
    out
}

/// Count, paced, reporting `(done, total)` after each search; `cancel` stops between searches.
pub async fn count_across(
    client: &ManagementClient,
    plan: &BulkPlan,
    cancel: &AtomicBool,
    on_progress: &mut (dyn FnMut(usize, usize) + Send),
) -> BulkStored {
    let todo = searches(plan);
    let mut out = BulkStored {
        counts: Vec::new(),
        missing_scope: None,
        searches: 0,
        cancelled: false,
    };
    for (_, attribute) in &todo {
        if !out.counts.iter().any(|c| &c.attribute == attribute) {
            out.counts.push(BulkStoredCount {
                attribute: attribute.clone(),
                users: 0,
                at_least: false,
                connections: 0,
                counted: 0,
                with_users: 0,
                problem: None,
            });
        }
        if let Some(c) = out.counts.iter_mut().find(|c| &c.attribute == attribute) {
            c.connections += 1;
        }
    }
    if let Ok(Some(scopes)) = client.scopes().await
        && !scopes.has(SCOPE)
    {
        out.missing_scope = Some(SCOPE.into());
        return out;
    }
    for (done, (connection, attribute)) in todo.iter().enumerate() {
        if cancel.load(Ordering::SeqCst) {
            out.cancelled = true;
            break;
        }
        let result = count_one(client, connection, attribute).await;
        out.searches += 1;
        let Some(c) = out.counts.iter_mut().find(|c| &c.attribute == attribute) else {
            continue;
        };
        match result {
            Ok(n) => {
                c.users += n;
                c.counted += 1;
                c.at_least |= n >= SEARCH_LIMIT;
                if n > 0 {
                    c.with_users += 1;
                }
            }
            Err(Error::MissingScope { .. }) => {
                out.missing_scope = Some(SCOPE.into());
                for c in &mut out.counts {
                    *c = BulkStoredCount {
                        users: 0,
                        counted: 0,
                        with_users: 0,
                        at_least: false,
                        problem: None,
                        ..c.clone()
                    };
                }
                return out;
            }
            Err(e) => {
                c.problem
                    .get_or_insert_with(|| format!("could not count: {e}"));
            }
        }
        on_progress(done + 1, todo.len());
    }
    out
}
