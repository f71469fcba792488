//! The editor's draft: the list as read when the editor opened, and as the admin has edited it.
//! Which edit it makes, and how it is carried over to a list that changed meanwhile, are safety
//! decisions: an addition or a removal alone is sent as such, so a change someone else made to
//! other entries is not undone.

use crate::change::plan::Edit;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Draft {
    /// The list as read when the editor opened.
    pub original: Vec<String>,
    /// The list as the admin has edited it.
    pub current: Vec<String>,
}

/// How a kept draft met the list as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Rebased {
    /// The list changed since the draft was made: its additions and removals were re-applied.
    Edits,
    /// The list already holds every change of the draft (as after a change that was saved but
    /// not verified): nothing is left to apply.
    Held,
}

impl Draft {
    pub fn new(list: &[String]) -> Draft {
        Draft {
            original: list.to_vec(),
            current: list.to_vec(),
        }
    }

    pub fn added(&self) -> Vec<String> {
        self.current
            .iter()
            .filter(|v| !self.original.contains(v))
            .cloned()
            .collect()
    }

    pub fn removed(&self) -> Vec<String> {
        self.original
            .iter()
            .filter(|v| !self.current.contains(v))
            .cloned()
            .collect()
    }

    pub fn is_changed(&self) -> bool {
        !self.added().is_empty() || !self.removed().is_empty()
    }

    /// The edit to plan: additions or removals alone as such; a mix as the whole list (the plan
    /// is refused if the list changed in the meantime); `None` when nothing changed.
    pub fn edit(&self) -> Option<Edit> {
        let (added, removed) = (self.added(), self.removed());
        match (added.is_empty(), removed.is_empty()) {
            (true, true) => None,
            _ if self.current.is_empty() => Some(Edit::Clear),
            (false, true) => Some(Edit::Add(added)),
            (true, false) => Some(Edit::Remove(removed)),
            (false, false) => Some(Edit::Set(self.current.clone())),
        }
    }

    /// The draft's additions and removals, re-applied to `fresh` (the list as it is now), and how
    /// that went (`None`: the list had not changed).
    pub fn rebase(&self, fresh: &[String]) -> (Draft, Option<Rebased>) {
        let (added, removed) = (self.added(), self.removed());
        let mut current: Vec<String> = fresh
            .iter()
            .filter(|v| !removed.contains(v))
            .cloned()
            .collect();
        for a in added {
            if !current.contains(&a) {
                current.push(a);
            }
        }
        let rebased = Draft {
            original: fresh.to_vec(),
            current,
        };
        let how = (self.original != fresh).then(|| {
            if rebased.is_changed() {
                Rebased::Edits
            } else {
                Rebased::Held
            }
        });
        (rebased, how)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn draft(original: &[&str], current: &[&str]) -> Draft {
        Draft {
            original: s(original),
            current: s(current),
        }
    }

    #[test]
    fn additions_or_removals_alone_are_sent_as_such() {
        assert_eq!(draft(&["a"], &["a"]).edit(), None);
        assert_eq!(
            draft(&["a"], &["a", "b"]).edit(),
            Some(Edit::Add(s(&["b"])))
        );
        assert_eq!(
            draft(&["a", "b"], &["a"]).edit(),
            Some(Edit::Remove(s(&["b"])))
        );
        assert_eq!(
            draft(&["a", "b"], &["a", "c"]).edit(),
            Some(Edit::Set(s(&["a", "c"])))
        );
        assert_eq!(draft(&["a"], &[]).edit(), Some(Edit::Clear));
    }

    #[test]
    fn a_kept_draft_is_carried_over_to_the_list_as_it_is_now() {
        // Someone else added "x" meanwhile; the draft added "b" and removed "a".
        let (rebased, how) = draft(&["a"], &["b"]).rebase(&s(&["a", "x"]));
        assert_eq!(rebased, draft(&["a", "x"], &["x", "b"]));
        assert_eq!(how, Some(Rebased::Edits));
        // The change landed (saved, not verified): nothing is left.
        let (rebased, how) = draft(&["a"], &["a", "b"]).rebase(&s(&["a", "b"]));
        assert!(!rebased.is_changed());
        assert_eq!(how, Some(Rebased::Held));
        // Unchanged list: the draft as it was.
        let d = draft(&["a"], &["a", "b"]);
        assert_eq!(d.rebase(&s(&["a"])), (d.clone(), None));
    }
}
