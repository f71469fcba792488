//! Revert: undo a recorded change through the normal safe cycle (a fresh read, the conflict
//! check, the verified write). When the list changed after that change — someone else, or a
//! later change — the three versions are shown and the admin chooses what to write.

use crate::auth0::ManagementClient;
use crate::change::plan::{Edit, Plan, plan};
use crate::checks::findings::{Finding, stored_again};
use crate::error::{Error, Result};
use crate::local::history::HistoryEntry;
use crate::model::connection::Connection;
use serde::{Deserialize, Serialize};

/// What a revert would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RevertChoice {
    /// The list exactly as it was before that change.
    Restore,
    /// The list as it is now, with only that change undone (later changes kept).
    UndoOnly,
}

/// A revert, before anything is written: the three versions of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevertView {
    pub entry: HistoryEntry,
    /// The list as read now.
    pub current: Vec<String>,
    /// Before that change: what [`RevertChoice::Restore`] writes.
    pub restore: Vec<String>,
    /// Now, with that change's additions taken out and its removals put back:
    /// what [`RevertChoice::UndoOnly`] writes.
    pub undo_only: Vec<String>,
    /// The list is no longer what that change left: the admin must choose.
    pub changed_since: bool,
    /// The list already is as it was before that change: nothing to write.
    pub nothing_to_do: bool,
    /// What writing [`RevertView::restore`] means for the attributes it takes off the list as it
    /// is now (Auth0 stores them again), said before it happens.
    pub restore_removes: Vec<Finding>,
    /// Both ways of reverting write the same list: there is nothing to choose.
    pub same_either_way: bool,
}

impl RevertView {
    pub fn new(entry: &HistoryEntry, current: Vec<String>) -> RevertView {
        let added = entry.added();
        let mut undo_only: Vec<String> = current
            .iter()
            .filter(|a| !added.contains(a))
            .cloned()
            .collect();
        for removed in entry.removed() {
            if !undo_only.contains(&removed) {
                undo_only.push(removed);
            }
        }
        let restore_removes = current
            .iter()
            .filter(|a| !entry.before.contains(a))
            .map(|a| stored_again(a))
            .collect();
        RevertView {
            restore_removes,
            same_either_way: entry.before == undo_only,
            entry: entry.clone(),
            changed_since: current != entry.after,
            nothing_to_do: current == entry.before,
            restore: entry.before.clone(),
            undo_only,
            current,
        }
    }

    /// The list to write: without a later change, the list before that change.
    pub fn target(&self, choice: Option<RevertChoice>) -> Option<&[String]> {
        match (self.changed_since && !self.same_either_way, choice) {
            (false, _) | (true, Some(RevertChoice::Restore)) => Some(&self.restore),
            (true, Some(RevertChoice::UndoOnly)) => Some(&self.undo_only),
            (true, None) => None,
        }
    }

    /// The plan that reverts, on the connection as read for this view. `seen` is the list the
    /// admin chose against (a window left open): if the list is not that any more, nothing is
    /// planned. Without a choice when the list changed since, the admin is asked for one.
    pub fn plan(
        &self,
        connection: &Connection,
        choice: Option<RevertChoice>,
        seen: Option<&[String]>,
    ) -> Result<Plan> {
        if let Some(seen) = seen
            && seen != self.current
        {
            return Err(Error::Conflict {
                connection: self.entry.connection_name.clone(),
                expected: seen.to_vec(),
                found: self.current.clone(),
            });
        }
        let target = self.target(choice).ok_or_else(|| {
            Error::ChoiceRequired(
                "The list changed after that change: say which version to write, the list exactly as \
                 before that change or only that change undone (later changes kept)."
                    .into(),
            )
        })?;
        plan_revert(connection, target)
    }
}

/// Read the connection now and say what reverting `entry` would do (one request).
pub async fn prepare(
    client: &ManagementClient,
    entry: &HistoryEntry,
) -> Result<(RevertView, Connection)> {
    let connection = client.get_connection(&entry.connection_id).await?;
    let view = RevertView::new(entry, connection.deny_list()?);
    Ok((view, connection))
}

/// The plan that writes `target` on the connection as just read.
pub fn plan_revert(connection: &Connection, target: &[String]) -> Result<Plan> {
    plan(connection, &Edit::Set(target.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::history::{ChangeSource, FORMAT_VERSION};

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn entry(before: &[&str], after: &[&str]) -> HistoryEntry {
        HistoryEntry {
            v: FORMAT_VERSION,
            id: "20261128-000000-0000".into(),
            at: "2026-11-28T00:00:00Z".into(),
            tenant: "acme.auth0.com".into(),
            profile: None,
            connection_id: "con_1".into(),
            connection_name: "db".into(),
            before: s(before),
            after: s(after),
            source: ChangeSource::Edit,
            reverts: None,
            run: None,
            notes: vec![],
            state: Default::default(),
            found: None,
        }
    }

    #[test]
    fn without_a_later_change_the_earlier_list_is_written() {
        let v = RevertView::new(
            &entry(&["gender"], &["gender", "ethnicity"]),
            s(&["gender", "ethnicity"]),
        );
        assert!(!v.changed_since && !v.nothing_to_do);
        assert_eq!(v.target(None), Some(&s(&["gender"])[..]));
        // Said before it happens: ethnicity will be stored again.
        let said: Vec<_> = v
            .restore_removes
            .iter()
            .map(|f| f.attribute.clone())
            .collect();
        assert_eq!(said, [Some("ethnicity".to_string())]);
        assert!(v.restore_removes[0].message.contains("again"));
    }

    #[test]
    fn after_a_later_change_the_admin_chooses() {
        // The change added ethnicity and removed birthdate; later, someone added address.
        let e = entry(&["gender", "birthdate"], &["gender", "ethnicity"]);
        let v = RevertView::new(&e, s(&["gender", "ethnicity", "address"]));
        assert!(v.changed_since);
        assert_eq!(v.target(None), None);
        assert_eq!(
            v.target(Some(RevertChoice::Restore)),
            Some(&s(&["gender", "birthdate"])[..])
        );
        assert_eq!(
            v.target(Some(RevertChoice::UndoOnly)),
            Some(&s(&["gender", "address", "birthdate"])[..])
        );
    }

    #[test]
    fn when_both_ways_write_the_same_list_there_is_nothing_to_choose() {
        // The change added ethnicity; later the list was only reordered.
        let e = entry(&["gender"], &["gender", "ethnicity"]);
        let v = RevertView::new(&e, s(&["ethnicity", "gender"]));
        assert!(v.changed_since && v.same_either_way);
        assert_eq!(v.target(None), Some(&s(&["gender"])[..]));
        let other = RevertView::new(&e, s(&["gender", "ethnicity", "address"]));
        assert!(!other.same_either_way);
    }

    #[test]
    fn a_plan_needs_the_list_the_admin_saw_and_a_choice_when_it_changed() {
        let e = entry(&["gender", "birthdate"], &["gender", "ethnicity"]);
        let now = s(&["gender", "ethnicity", "address"]);
        let connection = Connection::from_value(serde_json::json!({"id": "con_1", "name": "db",
            "strategy": "auth0", "options": {"non_persistent_attrs": now, "keep": 1}}))
        .unwrap();
        let v = RevertView::new(&e, now.clone());
        let seen_before = s(&["gender", "ethnicity"]);
        let conflict = v.plan(&connection, Some(RevertChoice::Restore), Some(&seen_before));
        assert!(
            matches!(conflict, Err(Error::Conflict { .. })),
            "{conflict:?}"
        );
        let unchosen = v.plan(&connection, None, Some(&now));
        assert!(
            matches!(unchosen, Err(Error::ChoiceRequired(_))),
            "{unchosen:?}"
        );
        let plan = v
            .plan(&connection, Some(RevertChoice::UndoOnly), None)
            .unwrap();
        assert_eq!(plan.after, s(&["gender", "address", "birthdate"]));
    }

    #[test]
    fn a_list_already_back_says_so() {
        let v = RevertView::new(&entry(&["gender"], &[]), s(&["gender"]));
        assert!(v.nothing_to_do);
    }
}
