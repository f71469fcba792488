//! Plan: what an edit would do to one connection's deny list, before anything
//! is sent. The plan remembers a fingerprint of the other settings so apply
//! can tell whether they changed in the meantime.

use crate::checks::findings::{self, Finding};
use crate::error::{Error, Result};
use crate::model::connection::Connection;
use crate::model::deny_list;
use serde::Serialize;
use serde_json::{Map, Value};
use std::hash::{DefaultHasher, Hash, Hasher};

/// An edit of the deny list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "attributes", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Edit {
    /// Replace the whole list.
    Set(Vec<String>),
    Add(Vec<String>),
    Remove(Vec<String>),
    Clear,
}

impl Edit {
    /// What it does to a list, in plain words ("add ethnicity, gender").
    pub fn describe(&self) -> String {
        match self {
            Edit::Set(a) if a.is_empty() => "empty the list".into(),
            Edit::Set(a) => format!("set the list to {}", a.join(", ")),
            Edit::Add(a) => format!("add {}", a.join(", ")),
            Edit::Remove(a) => format!("remove {}", a.join(", ")),
            Edit::Clear => "empty the list".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    pub connection_id: String,
    pub connection_name: String,
    pub strategy: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Rewrites, duplicates, attributes already (or not) on the list.
    pub notes: Vec<String>,
    pub warnings: Vec<Finding>,
    /// How many other settings (`options` keys) are sent back unchanged.
    pub other_settings: usize,
    /// Non-empty when a custom database's encrypted configuration must be re-entered to write.
    pub configuration_keys: Vec<String>,
    #[serde(skip)]
    pub(crate) settings_fingerprint: u64,
    /// The connection as read for this plan, and when: a write made straight away needs no second
    /// read (two calls per change). Held in memory only, never sent anywhere.
    #[serde(skip)]
    source: Option<Box<(Connection, std::time::Instant)>>,
}

/// How long a plan's read stands in for the read before writing. Past it — or once a person was
/// asked — the connection is read again, so a change made meanwhile is seen.
pub const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(3);

impl Plan {
    /// The connection as read for this plan, while that read stands (see [`FRESH_FOR`] and
    /// [`Plan::read_again_before_writing`]; never sent anywhere).
    pub fn read(&self) -> Option<&Connection> {
        self.source.as_deref().map(|(connection, _)| connection)
    }

    /// The change in one sentence: "The deny list of “db” goes from [gender] to [gender,
    /// ethnicity]."
    pub fn change(&self) -> String {
        let list = |l: &[String]| {
            if l.is_empty() {
                "[] (nothing denied)".to_string()
            } else {
                format!("[{}]", l.join(", "))
            }
        };
        format!(
            "The deny list of “{}” goes from {} to {}.",
            self.connection_name,
            list(&self.before),
            list(&self.after)
        )
    }

    /// What the write keeps, said before it is made.
    pub fn kept(&self) -> String {
        let n = self.other_settings;
        format!(
            "Only the deny list changes; {n} other setting{} of the connection {} kept exactly as {}.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it is" } else { "they are" },
        )
    }

    /// True when applying would not change the list.
    pub fn is_noop(&self) -> bool {
        self.before == self.after
    }

    /// The connection this plan was made from, if it was read moments ago.
    pub(crate) fn recent_read(&self) -> Option<&Connection> {
        self.source
            .as_ref()
            .filter(|s| s.1.elapsed() <= FRESH_FOR)
            .map(|s| &s.0)
    }

    /// A person was asked (or may take their time): read the connection again before writing.
    pub fn read_again_before_writing(&mut self) {
        self.source = None;
    }

    /// Whether anything the write sends back besides the deny list differs in `fresh` from
    /// what this plan was made from.
    pub fn other_settings_changed(&self, fresh: &Connection) -> bool {
        settings_fingerprint(fresh) != self.settings_fingerprint
    }
}

pub fn plan(connection: &Connection, edit: &Edit) -> Result<Plan> {
    let before = connection.deny_list()?;
    let names = connection.kind().names();
    let mut notes = Vec::new();
    let after = match edit {
        Edit::Set(inputs) => {
            let v = deny_list::validate(inputs, names)?;
            notes.extend(v.notes);
            v.values
        }
        Edit::Add(inputs) => {
            let v = deny_list::validate(inputs, names)?;
            notes.extend(v.notes);
            let mut after = before.clone();
            for value in v.values {
                if after.contains(&value) {
                    notes.push(format!("“{value}” is already on the list"));
                } else {
                    after.push(value);
                }
            }
            after
        }
        Edit::Remove(inputs) => {
            let mut after = before.clone();
            for input in inputs {
                // Exact entries first, so stored entries that no longer validate can be removed too.
                let target = if after.contains(input) {
                    Some(input.clone())
                } else {
                    deny_list::check(input, names)
                        .ok()
                        .map(|a| a.value)
                        .filter(|v| after.contains(v))
                };
                match target {
                    Some(t) => after.retain(|v| *v != t),
                    None if input.trim().is_empty() => {
                        deny_list::validate(std::slice::from_ref(input), names)?;
                    }
                    None => notes.push(format!("“{}” is not on the list", input.trim())),
                }
            }
            after
        }
        Edit::Clear => Vec::new(),
    };
    deny_list::check_size(&after)?;

    let added: Vec<String> = after
        .iter()
        .filter(|a| !before.contains(a))
        .cloned()
        .collect();
    let removed: Vec<String> = before
        .iter()
        .filter(|b| !after.contains(b))
        .cloned()
        .collect();
    let warnings = findings::for_change(connection, &added, &removed, &after);
    let options = connection.require_options()?;
    Ok(Plan {
        connection_id: connection.id().to_string(),
        connection_name: connection.name().to_string(),
        strategy: connection.strategy().to_string(),
        before,
        after,
        added,
        removed,
        notes,
        warnings,
        other_settings: options.keys().filter(|k| *k != deny_list::KEY).count(),
        configuration_keys: connection.encrypted_configuration_keys(),
        settings_fingerprint: settings_fingerprint(connection),
        source: Some(Box::new((connection.clone(), std::time::Instant::now()))),
    })
}

/// A digest of everything the write sends back except the deny list, insensitive to key order.
fn settings_fingerprint(connection: &Connection) -> u64 {
    let mut h = DefaultHasher::new();
    connection.display_name().hash(&mut h);
    if let Some(options) = connection.options() {
        hash_map(options, Some(deny_list::KEY), &mut h);
    }
    h.finish()
}

fn hash_map(map: &Map<String, Value>, skip: Option<&str>, h: &mut DefaultHasher) {
    let mut entries: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, _)| Some(k.as_str()) != skip)
        .collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in entries {
        k.hash(h);
        match (skip, k.as_str(), v) {
            // Encrypted configuration values are new ciphertext on every read: only their keys count.
            (Some(_), "configuration", Value::Object(c)) => c.keys().for_each(|ck| ck.hash(h)),
            (_, _, v) => hash_value(v, h),
        }
    }
}

fn hash_value(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Object(m) => {
            0u8.hash(h);
            hash_map(m, None, h);
        }
        Value::Array(a) => {
            1u8.hash(h);
            a.len().hash(h);
            a.iter().for_each(|x| hash_value(x, h));
        }
        other => other.to_string().hash(h),
    }
}

/// Turn a plan's problems into the error `apply` would give, so a dry run can say it up front.
pub fn blocking_problem(plan: &Plan) -> Option<Error> {
    (!plan.configuration_keys.is_empty()).then(|| Error::EncryptedConfiguration {
        connection: plan.connection_name.clone(),
        keys: plan.configuration_keys.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conn(list: Value) -> Connection {
        Connection::from_value(json!({"id": "con_1", "name": "db", "strategy": "auth0",
            "options": {"brute_force_protection": true, "non_persistent_attrs": list, "x": {"y": 1}}}))
        .unwrap()
    }
    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn set_add_remove_clear() {
        let c = conn(json!(["gender"]));
        let p = plan(&c, &Edit::Add(s(&["ethnicity", "gender", "user.name"]))).unwrap();
        assert_eq!(p.after, s(&["gender", "ethnicity", "name"]));
        assert_eq!(p.added, s(&["ethnicity", "name"]));
        assert!(p.notes.iter().any(|n| n.contains("already")));
        assert!(
            p.warnings
                .iter()
                .any(|w| w.code == crate::checks::findings::FindingCode::NotInTokens)
        );
        assert_eq!(p.other_settings, 2);
        assert_eq!(
            p.kept(),
            "Only the deny list changes; 2 other settings of the connection are kept exactly as they are."
        );

        let p = plan(&c, &Edit::Remove(s(&["user.gender", "nope"]))).unwrap();
        assert_eq!(p.after, Vec::<String>::new());
        assert_eq!(p.removed, s(&["gender"]));
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("“nope” is not on the list"))
        );

        let p = plan(&c, &Edit::Set(s(&["a", "b"]))).unwrap();
        assert_eq!(
            (p.before.clone(), p.after.clone()),
            (s(&["gender"]), s(&["a", "b"]))
        );
        assert!(plan(&c, &Edit::Clear).unwrap().after.is_empty());
        assert!(plan(&conn(json!(null)), &Edit::Clear).unwrap().is_noop());
    }

    #[test]
    fn invalid_and_oversized_edits_are_refused() {
        let c = conn(json!([]));
        assert_eq!(
            plan(&c, &Edit::Add(s(&["address.country"])))
                .unwrap_err()
                .code(),
            "invalid_attribute"
        );
        let many: Vec<String> = (0..97).map(|i| format!("a{i}")).collect();
        assert_eq!(
            plan(&c, &Edit::Set(many)).unwrap_err().code(),
            "invalid_attribute"
        );
    }

    #[test]
    fn a_stored_nested_entry_can_still_be_removed() {
        let c = conn(json!(["user_metadata.x", "gender"]));
        let p = plan(&c, &Edit::Remove(s(&["user_metadata.x"]))).unwrap();
        assert_eq!(p.after, s(&["gender"]));
    }

    #[test]
    fn fingerprint_ignores_the_deny_list_and_key_order() {
        let a = Connection::from_value(
            json!({"id":"c","options":{"a":1,"b":{"c":2,"d":3},"non_persistent_attrs":["x"]}}),
        )
        .unwrap();
        let b = Connection::from_value(
            json!({"id":"c","options":{"b":{"d":3,"c":2},"a":1,"non_persistent_attrs":[]}}),
        )
        .unwrap();
        let c =
            Connection::from_value(json!({"id":"c","options":{"b":{"d":3,"c":2},"a":2}})).unwrap();
        assert_eq!(settings_fingerprint(&a), settings_fingerprint(&b));
        assert_ne!(settings_fingerprint(&a), settings_fingerprint(&c));
    }
}
