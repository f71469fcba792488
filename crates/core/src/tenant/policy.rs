//! Deny-list policies across tenants: a tenant's deny lists exported to a versioned JSON file
//! (CSV for auditors), tenants and files compared side by side by connection name, and a tenant
//! made to match another — planned as a bulk dry run, run as a bulk change.
//!
//! A policy holds names, strategies and deny lists only: never a connection's settings.

use crate::auth0::ManagementClient;
use crate::auth0::client::ListFields;
use crate::change::plan::Edit;
use crate::error::{Error, Result};
use crate::local::ids::{new_id, now_rfc3339};
use crate::model::connection::Connection;
use crate::tenant::bulk::{BulkPlan, SkipReason, item, missing};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "deny-list-manager/policy";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Policy {
    pub format: String,
    pub version: u32,
    /// Where it was exported from (a domain), or a name given to a hand-written policy.
    pub tenant: String,
    pub exported_at: String,
    pub connections: Vec<PolicyConnection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyConnection {
    pub name: String,
    #[serde(default)]
    pub strategy: String,
    /// `null` when the exporting token could not read the connection's settings.
    pub deny_list: Option<Vec<String>>,
}

impl Policy {
    pub fn new(tenant: &str, connections: Vec<PolicyConnection>) -> Policy {
        Policy {
            format: FORMAT.into(),
            version: VERSION,
            tenant: tenant.into(),
            exported_at: now_rfc3339(),
            connections,
        }
    }

    /// A policy file's text, checked: its format, its version, one entry per connection name.
    pub fn from_json(text: &str) -> Result<Policy> {
        let bad =
            |why: String| Error::InvalidInput(format!("This is not a usable policy file: {why}."));
        let policy: Policy = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if policy.format != FORMAT {
            return Err(bad(format!(
                "its format is “{}”, not “{FORMAT}”",
                policy.format
            )));
        }
        if policy.version > VERSION {
            return Err(bad(format!(
                "it was written by a newer version (format version {}); update Deny List Manager",
                policy.version
            )));
        }
        let mut names: Vec<&str> = policy.connections.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(bad(format!("connection “{}” appears twice", w[0])));
        }
        Ok(policy)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// One row per connection: tenant, connection, strategy, deny_list_size, deny_list
    /// (attributes separated by “; ”, “unreadable” when the settings could not be read).
    pub fn to_csv(&self) -> Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail =
            |e: csv::Error| Error::InvalidInput(format!("The CSV could not be written: {e}"));
        w.write_record([
            "tenant",
            "connection",
            "strategy",
            "deny_list_size",
            "deny_list",
        ])
        .map_err(fail)?;
        for c in &self.connections {
            let (size, list) = match &c.deny_list {
                Some(l) => (l.len().to_string(), l.join("; ")),
                None => (String::new(), "unreadable".into()),
            };
            let cells = [self.tenant.as_str(), &c.name, &c.strategy, &size, &list];
            w.write_record(cells.map(inert)).map_err(fail)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::InvalidInput(format!("The CSV could not be written: {e}")))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    pub fn get(&self, name: &str) -> Option<&PolicyConnection> {
        self.connections.iter().find(|c| c.name == name)
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or carriage return
/// first) gets a leading `'`: the values come from the tenant, and auditors open CSV files in
/// spreadsheets.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A tenant's deny lists, from one listing.
pub async fn export(client: &ManagementClient) -> Result<Policy> {
    let mut connections = Vec::new();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            connections.extend(page.iter().map(|c| PolicyConnection {
                name: c.name().to_string(),
                strategy: c.strategy().to_string(),
                deny_list: c.deny_list().ok(),
            }));
        })
        .await?;
    connections.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Policy::new(&client.domain().to_string(), connections))
}

/// How a connection's lists compare across the tenants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RowStatus {
    /// Every tenant has the connection, with the same attributes (in any order).
    Same,
    /// Every tenant has it; the attributes differ.
    Different,
    /// Some tenant has no connection of that name.
    Missing,
    /// Some tenant's list could not be read.
    Unreadable,
}

impl RowStatus {
    /// In plain words, beside the connection's name.
    pub fn label(self) -> &'static str {
        match self {
            RowStatus::Same => "Same",
            RowStatus::Different => "Different",
            RowStatus::Missing => "Missing somewhere",
            RowStatus::Unreadable => "Unreadable",
        }
    }
}

/// One tenant's side of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cell {
    /// The tenant has a connection of that name.
    pub present: bool,
    /// Its list (`None`: missing, or unreadable).
    pub deny_list: Option<Vec<String>>,
    /// Attributes other tenants deny that this one does not.
    pub lacks: Vec<String>,
    /// Attributes only some tenants deny, this one among them.
    pub extra: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComparisonRow {
    pub connection: String,
    pub strategy: String,
    pub status: RowStatus,
    /// In the order of [`Comparison::tenants`].
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub tenants: Vec<String>,
    /// By connection name.
    pub rows: Vec<ComparisonRow>,
}

impl ComparisonRow {
    /// Can tenant `to`'s list be made to match tenant `from`'s (indexes of
    /// [`Comparison::tenants`])? Both have the connection, `from`'s list is readable, and the two
    /// hold different attributes — the rule [`sync_plan`] follows.
    pub fn can_sync(&self, from: usize, to: usize) -> bool {
        let (Some(source), Some(target)) = (self.cells.get(from), self.cells.get(to)) else {
            return false;
        };
        match (&source.deny_list, target.present) {
            (Some(wanted), true) => !target
                .deny_list
                .as_deref()
                .is_some_and(|now| same_set(now, wanted)),
            _ => false,
        }
    }
}

impl Comparison {
    pub fn differences(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status != RowStatus::Same)
            .count()
    }
}

/// Two or more policies side by side, by connection name.
pub fn compare(policies: &[Policy]) -> Comparison {
    let mut names: Vec<&str> = policies
        .iter()
        .flat_map(|p| p.connections.iter().map(|c| c.name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let rows = names
        .into_iter()
        .map(|name| {
            let found: Vec<Option<&PolicyConnection>> =
                policies.iter().map(|p| p.get(name)).collect();
            let lists: Vec<Option<&Vec<String>>> = found
                .iter()
                .map(|c| c.and_then(|c| c.deny_list.as_ref()))
                .collect();
            let readable: Vec<&Vec<String>> = lists.iter().flatten().copied().collect();
            let mut union: Vec<&String> = readable.iter().flat_map(|l| l.iter()).collect();
            union.sort_unstable();
            union.dedup();
            let in_all = |a: &String| readable.iter().all(|l| l.contains(a));
            let cells = found
                .iter()
                .zip(&lists)
                .map(|(c, list)| Cell {
                    present: c.is_some(),
                    deny_list: list.map(|l| l.to_vec()),
                    lacks: match list {
                        Some(l) => union
                            .iter()
                            .filter(|a| !l.contains(a))
                            .map(|a| a.to_string())
                            .collect(),
                        None => Vec::new(),
                    },
                    extra: match list {
                        Some(l) => l.iter().filter(|a| !in_all(a)).cloned().collect(),
                        None => Vec::new(),
                    },
                })
                .collect::<Vec<Cell>>();
            let status = if found.iter().any(Option::is_none) {
                RowStatus::Missing
            } else if lists.iter().any(Option::is_none) {
                RowStatus::Unreadable
            } else if cells.iter().all(|c| c.lacks.is_empty()) {
                RowStatus::Same
            } else {
                RowStatus::Different
            };
            ComparisonRow {
                connection: name.to_string(),
                strategy: found
                    .iter()
                    .flatten()
                    .map(|c| c.strategy.clone())
                    .find(|s| !s.is_empty())
                    .unwrap_or_default(),
                status,
                cells,
            }
        })
        .collect();
    Comparison {
        tenants: policies.iter().map(|p| p.tenant.clone()).collect(),
        rows,
    }
}

/// The dry run that makes the tenant behind `client` match `source` for the named connections
/// (all of the source's when `names` is `None`), matched by name. Connections the source cannot
/// read are left alone; the tenant's other connections are not touched.
pub async fn sync_plan(
    client: &ManagementClient,
    source: &Policy,
    names: Option<&[String]>,
) -> Result<BulkPlan> {
    let wanted: Vec<&PolicyConnection> = source
        .connections
        .iter()
        .filter(|c| names.is_none_or(|n| n.contains(&c.name)))
        .collect();
    if let Some(names) = names
        && let Some(unknown) = names.iter().find(|n| source.get(n).is_none())
    {
        return Err(Error::NotFound(format!(
            "“{unknown}” is not a connection of {}.",
            source.tenant
        )));
    }
    let mut items = Vec::new();
    let mut matched: Vec<String> = Vec::new();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            for c in &page {
                let Some(want) = wanted.iter().find(|w| w.name == c.name()) else {
                    continue;
                };
                matched.push(want.name.clone());
                let Some(list) = &want.deny_list else {
                    let mut skipped = item(c, &Edit::Set(Vec::new()));
                    skipped.after = None;
                    skipped.skip = Some(SkipReason::OptionsUnreadable);
                    skipped.notes = vec![format!(
                        "Its list in {} could not be read, so there is nothing to match.",
                        source.tenant
                    )];
                    items.push(skipped);
                    continue;
                };
                let mut planned = item(c, &Edit::Set(list.clone()));
                // The same attributes in another order: nothing to write.
                if planned.skip.is_none()
                    && planned.before.as_ref().is_some_and(|b| same_set(b, list))
                {
                    planned.skip = Some(SkipReason::NothingToChange);
                    planned.after = planned.before.clone();
                }
                items.push(planned);
            }
        })
        .await?;
    for w in wanted.iter().filter(|w| !matched.contains(&w.name)) {
        items.push(missing(
            &w.name,
            Edit::Set(w.deny_list.clone().unwrap_or_default()),
        ));
    }
    items.sort_by(|a, b| a.connection_name.cmp(&b.connection_name));
    // The lists come from another tenant, as they are there: nothing was typed.
    Ok(BulkPlan {
        run: new_id(),
        items,
        typos: Vec::new(),
    })
}

pub(crate) fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(tenant: &str, rows: &[(&str, Option<&[&str]>)]) -> Policy {
        Policy::new(
            tenant,
            rows.iter()
                .map(|(n, l)| PolicyConnection {
                    name: n.to_string(),
                    strategy: "auth0".into(),
                    deny_list: l.map(|l| l.iter().map(|s| s.to_string()).collect()),
                })
                .collect(),
        )
    }

    #[test]
    fn compares_missing_extra_and_reordered() {
        let dev = policy(
            "dev",
            &[
                ("db", Some(&["gender", "ethnicity"])),
                ("saml", Some(&["gender"])),
                ("only-dev", Some(&[])),
            ],
        );
        let prod = policy(
            "prod",
            &[
                ("db", Some(&["ethnicity", "gender"])),
                ("saml", Some(&[])),
                ("only-prod", None),
            ],
        );
        let c = compare(&[dev, prod]);
        let row = |n: &str| c.rows.iter().find(|r| r.connection == n).unwrap();
        assert_eq!(row("db").status, RowStatus::Same);
        assert_eq!(row("saml").status, RowStatus::Different);
        assert_eq!(row("saml").cells[1].lacks, vec!["gender".to_string()]);
        assert_eq!(row("saml").cells[0].extra, vec!["gender".to_string()]);
        assert_eq!(row("only-dev").status, RowStatus::Missing);
        assert!(!row("only-dev").cells[1].present);
        assert_eq!(row("only-prod").status, RowStatus::Missing);
        assert_eq!(c.differences(), 3);
        // Only where both have the connection, the source is readable, and the lists differ.
        assert!(row("saml").can_sync(0, 1) && row("saml").can_sync(1, 0));
        assert!(!row("db").can_sync(0, 1));
        assert!(!row("only-dev").can_sync(0, 1) && !row("only-prod").can_sync(1, 0));
        assert!(!row("saml").can_sync(0, 7));
    }

    #[test]
    fn files_are_checked_and_csv_is_quoted() {
        let p = policy(
            "acme, inc",
            &[("db", Some(&["gender", "a\"b"])), ("x", None)],
        );
        let back = Policy::from_json(&p.to_json()).unwrap();
        assert_eq!(back, p);
        let csv = p.to_csv().unwrap();
        assert!(
            csv.starts_with("tenant,connection,strategy,deny_list_size,deny_list\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\"acme, inc\",db,auth0,2,\"gender; a\"\"b\""),
            "{csv}"
        );
        assert!(csv.contains(",x,auth0,,unreadable"), "{csv}");
        // What a tenant sends is never a formula in the auditor's spreadsheet.
        let hostile = policy("acme", &[("db", Some(&["=HYPERLINK(\"x\")", "gender"]))]);
        let csv = hostile.to_csv().unwrap();
        assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\"); gender\""), "{csv}");
        let mut twice = p.clone();
        twice.connections.push(twice.connections[0].clone());
        assert!(
            Policy::from_json(&twice.to_json())
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let mut newer = p;
        newer.version = 99;
        assert!(Policy::from_json(&newer.to_json()).is_err());
        assert!(Policy::from_json("{\"format\":\"other\"}").is_err());
    }
}
