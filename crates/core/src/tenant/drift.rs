//! Has a tenant drifted from a policy? For a scheduled job or CI: every connection the policy
//! names must exist in the tenant with the same attributes (in any order). A connection whose
//! list cannot be read in the tenant is a difference (nothing proves it matches); one the policy
//! itself could not read is not checked, and said; connections the policy does not name are
//! outside it, and listed.

use crate::tenant::policy::{Policy, same_set};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DriftKind {
    /// The tenant has no connection of that name.
    Missing,
    /// The tenant's list of it could not be read.
    Unreadable,
    /// The lists hold different attributes.
    Different,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftItem {
    pub connection: String,
    pub kind: DriftKind,
    /// Denied by the policy, not by the tenant.
    pub not_denied: Vec<String>,
    /// Denied by the tenant, not by the policy.
    pub not_in_policy: Vec<String>,
}

impl DriftItem {
    /// One line, in plain words.
    pub fn describe(&self) -> String {
        match self.kind {
            DriftKind::Missing => "no connection of this name in the tenant".into(),
            DriftKind::Unreadable => {
                "its settings could not be read, so it cannot be shown to match".into()
            }
            DriftKind::Different => {
                let mut parts = Vec::new();
                if !self.not_denied.is_empty() {
                    parts.push(format!("not denied: {}", self.not_denied.join(", ")));
                }
                if !self.not_in_policy.is_empty() {
                    parts.push(format!(
                        "denied but not in the policy: {}",
                        self.not_in_policy.join(", ")
                    ));
                }
                parts.join("; ")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftReport {
    pub tenant: String,
    pub policy: String,
    /// Connections checked and found as the policy says.
    pub matching: usize,
    pub differences: Vec<DriftItem>,
    /// Named by the policy without a readable list there: not checked.
    pub not_checked: Vec<String>,
    /// The tenant's connections the policy does not name.
    pub outside_policy: Vec<String>,
}

impl DriftReport {
    pub fn drifted(&self) -> bool {
        !self.differences.is_empty()
    }

    pub fn summary(&self) -> String {
        let mut out = if self.drifted() {
            format!(
                "{} has drifted from {}: {} of {} connections differ.",
                self.tenant,
                self.policy,
                self.differences.len(),
                self.differences.len() + self.matching
            )
        } else {
            format!(
                "{} matches {}: {} connections checked.",
                self.tenant, self.policy, self.matching
            )
        };
        if !self.not_checked.is_empty() {
            out.push_str(&format!(
                " Not checked (the policy could not read them): {}.",
                self.not_checked.join(", ")
            ));
        }
        if !self.outside_policy.is_empty() {
            out.push_str(&format!(
                " Not named by the policy: {}.",
                self.outside_policy.join(", ")
            ));
        }
        out
    }
}

/// `tenant` (a tenant's deny lists read now, or a file) against `policy`.
pub fn drift(tenant: &Policy, policy: &Policy) -> DriftReport {
    let mut report = DriftReport {
        tenant: tenant.tenant.clone(),
        policy: policy.tenant.clone(),
        matching: 0,
        differences: Vec::new(),
        not_checked: Vec::new(),
        outside_policy: tenant
            .connections
            .iter()
            .filter(|c| policy.get(&c.name).is_none())
            .map(|c| c.name.clone())
            .collect(),
    };
    for wanted in &policy.connections {
        let Some(expected) = &wanted.deny_list else {
            report.not_checked.push(wanted.name.clone());
            continue;
        };
        let item = |kind, not_denied, not_in_policy| DriftItem {
            connection: wanted.name.clone(),
            kind,
            not_denied,
            not_in_policy,
        };
        match tenant.get(&wanted.name).map(|c| c.deny_list.as_ref()) {
            None => report
                .differences
                .push(item(DriftKind::Missing, expected.clone(), Vec::new())),
            Some(None) => {
                report
                    .differences
                    .push(item(DriftKind::Unreadable, Vec::new(), Vec::new()))
            }
            Some(Some(actual)) if same_set(actual, expected) => report.matching += 1,
            Some(Some(actual)) => report.differences.push(item(
                DriftKind::Different,
                expected
                    .iter()
                    .filter(|a| !actual.contains(a))
                    .cloned()
                    .collect(),
                actual
                    .iter()
                    .filter(|a| !expected.contains(a))
                    .cloned()
                    .collect(),
            )),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenant::policy::PolicyConnection;

    fn policy(name: &str, connections: &[(&str, Option<&[&str]>)]) -> Policy {
        Policy::new(
            name,
            connections
                .iter()
                .map(|(n, l)| PolicyConnection {
                    name: n.to_string(),
                    strategy: "samlp".into(),
                    deny_list: l.map(|l| l.iter().map(|s| s.to_string()).collect()),
                })
                .collect(),
        )
    }

    #[test]
    fn same_attributes_in_another_order_match() {
        let want = policy("policy.json", &[("A", Some(&["x", "y"])), ("B", Some(&[]))]);
        let have = policy(
            "t",
            &[
                ("A", Some(&["y", "x"])),
                ("B", Some(&[])),
                ("C", Some(&["z"])),
            ],
        );
        let r = drift(&have, &want);
        assert!(!r.drifted());
        assert_eq!(r.matching, 2);
        assert_eq!(r.outside_policy, ["C"]);
        assert!(
            r.summary()
                .starts_with("t matches policy.json: 2 connections checked.")
        );
    }

    #[test]
    fn each_kind_of_difference_is_said() {
        let want = policy(
            "p",
            &[
                ("A", Some(&["x", "y"])),
                ("B", Some(&["x"])),
                ("C", Some(&[])),
                ("D", None),
            ],
        );
        let have = policy(
            "t",
            &[("A", Some(&["x", "z"])), ("C", None), ("D", Some(&["q"]))],
        );
        let r = drift(&have, &want);
        assert!(r.drifted());
        let kinds: Vec<(&str, DriftKind)> = r
            .differences
            .iter()
            .map(|d| (d.connection.as_str(), d.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("A", DriftKind::Different),
                ("B", DriftKind::Missing),
                ("C", DriftKind::Unreadable)
            ]
        );
        assert_eq!(
            r.differences[0].describe(),
            "not denied: y; denied but not in the policy: z"
        );
        assert_eq!(r.not_checked, ["D"]);
        assert!(r.summary().contains("3 of 3 connections differ"));
    }
}
