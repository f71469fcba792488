//! A tenant's connections as the connections screen pages through them: the rows stay here (in
//! the app's Rust side), and the window asks for the few it shows — a page of what matches the
//! search and the type filter — so it never holds ten thousand rows it does not show. Search,
//! filter, counts and "tick all shown" are worked out here too.

use crate::model::strategy::ConnectionKind;
use crate::view::connection::ConnectionSummary;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Every connection's deny list as it is now, by id, with its name, and when each list was known
/// to be so (RFC 3339, UTC): what a history is compared with. A connection whose settings could
/// not be read has no list.
#[derive(Debug, Clone, Default)]
pub struct LiveLists {
    pub lists: HashMap<String, Vec<String>>,
    pub names: HashMap<String, String>,
    pub as_of: HashMap<String, String>,
}

impl LiveLists {
    /// A list as read or written now.
    pub fn set(&mut self, id: &str, list: &[String]) {
        self.lists.insert(id.to_string(), list.to_vec());
        self.as_of
            .insert(id.to_string(), crate::local::ids::now_rfc3339());
    }
}

/// One connection as the table keeps it: its row, and its list with when it was known.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub summary: ConnectionSummary,
    pub list: Option<Vec<String>>,
    pub as_of: String,
}

/// Which kinds the screen shows: every one, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KindFilter {
    All,
    Database,
    Social,
    Enterprise,
    Passwordless,
}

impl KindFilter {
    fn admits(self, kind: ConnectionKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Database => kind == ConnectionKind::Database,
            KindFilter::Social => kind == ConnectionKind::Social,
            KindFilter::Enterprise => kind == ConnectionKind::Enterprise,
            KindFilter::Passwordless => kind == ConnectionKind::Passwordless,
        }
    }
}

/// How many connections of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindCounts {
    pub all: usize,
    pub database: usize,
    pub social: usize,
    pub enterprise: usize,
    pub passwordless: usize,
}

/// What the screen needs of the whole tenant at once (never the rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableOverview {
    pub counts: KindCounts,
    /// Every name some connection's settings say it receives, or its list denies, once, sorted:
    /// the choices of "tick those that receive".
    pub received_names: Vec<String>,
    /// Identity providers' claim names the tenant's lists hold: names an attribute is likely to be.
    pub claims: Vec<String>,
}

/// One page of the rows that match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowsPage {
    /// How many rows match in all.
    pub matching: usize,
    /// Where this page starts among them.
    pub offset: usize,
    pub rows: Vec<ConnectionSummary>,
}

/// At most this many rows a page (a screen shows a few dozen).
pub const MAX_PAGE: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct ConnectionTable {
    rows: Vec<TableRow>,
}

impl ConnectionTable {
    pub fn new(rows: Vec<TableRow>) -> ConnectionTable {
        ConnectionTable { rows }
    }

    /// Rows with no list known (tests, and tables made from rows alone).
    pub fn of_summaries(rows: Vec<ConnectionSummary>) -> ConnectionTable {
        let now = crate::local::ids::now_rfc3339();
        ConnectionTable {
            rows: rows
                .into_iter()
                .map(|summary| TableRow {
                    summary,
                    list: None,
                    as_of: now.clone(),
                })
                .collect(),
        }
    }

    /// Every list as it is known now (built when asked: History compares with it).
    pub fn live(&self) -> LiveLists {
        let mut live = LiveLists::default();
        for row in &self.rows {
            let id = &row.summary.id;
            live.names.insert(id.clone(), row.summary.name.clone());
            if let Some(list) = &row.list {
                live.lists.insert(id.clone(), list.clone());
                live.as_of.insert(id.clone(), row.as_of.clone());
            }
        }
        live
    }

    /// A connection's list as read or written now.
    pub fn set_list(&mut self, id: &str, list: &[String]) {
        if let Some(row) = self.rows.iter_mut().find(|r| r.summary.id == id) {
            row.summary.deny_list_size = Some(list.len());
            row.list = Some(list.to_vec());
            row.as_of = crate::local::ids::now_rfc3339();
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn overview(&self) -> TableOverview {
        let mut counts = KindCounts {
            all: self.rows.len(),
            ..KindCounts::default()
        };
        let mut received: BTreeSet<&str> = BTreeSet::new();
        let mut claims: BTreeSet<&str> = BTreeSet::new();
        for row in self.rows.iter().map(|r| &r.summary) {
            match row.kind {
                ConnectionKind::Database => counts.database += 1,
                ConnectionKind::Social => counts.social += 1,
                ConnectionKind::Enterprise => counts.enterprise += 1,
                ConnectionKind::Passwordless => counts.passwordless += 1,
            }
            received.extend(row.receives.iter().map(String::as_str));
            claims.extend(row.claims.iter().map(String::as_str));
        }
        TableOverview {
            counts,
            received_names: received.into_iter().map(str::to_string).collect(),
            claims: claims.into_iter().map(str::to_string).collect(),
        }
    }

    /// Rows whose name, display name or type contains every word of `query` (any case), of the
    /// chosen kind, in the tenant's order.
    fn matching<'a>(
        &'a self,
        query: &str,
        kind: KindFilter,
    ) -> impl Iterator<Item = &'a ConnectionSummary> + 'a {
        let words: Vec<String> = query
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.rows.iter().map(|r| &r.summary).filter(move |row| {
            if !kind.admits(row.kind) {
                return false;
            }
            if words.is_empty() {
                return true;
            }
            let haystack = format!(
                "{} {} {} {}",
                row.name,
                row.display_name.as_deref().unwrap_or_default(),
                row.strategy_label,
                row.strategy
            )
            .to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
    }

    /// `limit` rows (at most [`MAX_PAGE`]) of those that match, from `offset`.
    pub fn page(&self, query: &str, kind: KindFilter, offset: usize, limit: usize) -> RowsPage {
        let mut matching = 0;
        let mut rows = Vec::new();
        let limit = limit.min(MAX_PAGE);
        for row in self.matching(query, kind) {
            if matching >= offset && rows.len() < limit {
                rows.push(row.clone());
            }
            matching += 1;
        }
        RowsPage {
            matching,
            offset,
            rows,
        }
    }

    /// The ids of every row that matches ("tick all shown").
    pub fn ids(&self, query: &str, kind: KindFilter) -> Vec<String> {
        self.matching(query, kind).map(|r| r.id.clone()).collect()
    }

    /// The connections whose settings say they receive `name` (exactly, once trimmed), or whose
    /// list already denies it.
    pub fn receiving(&self, name: &str) -> Vec<String> {
        let wanted = name.trim();
        if wanted.is_empty() {
            return Vec::new();
        }
        self.rows
            .iter()
            .map(|r| &r.summary)
            .filter(|r| r.receives.iter().any(|n| n == wanted))
            .map(|r| r.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::connection::Connection;
    use serde_json::json;

    fn table() -> ConnectionTable {
        let rows = [
            json!({"id":"1","name":"Username-Password-Authentication","strategy":"auth0","options":{"non_persistent_attrs":["gender"]}}),
            json!({"id":"2","name":"google-oauth2","strategy":"google-oauth2","options":{}}),
            json!({"id":"3","name":"acme-corp-saml","display_name":"Acme","strategy":"samlp",
                   "options":{"fieldsMap":{"gender":"http://schemas/gender"}}}),
            json!({"id":"4","name":"email","strategy":"email","options":{}}),
            json!({"id":"5","name":"okta","strategy":"okta","options":{"non_persistent_attrs":["gender"]}}),
        ]
        .into_iter()
        .map(|v| Connection::from_value(v).unwrap().summary())
        .collect();
        ConnectionTable::of_summaries(rows)
    }

    #[test]
    fn searches_names_and_types_every_word_any_case() {
        let t = table();
        let ids = |q: &str, k| t.ids(q, k);
        assert_eq!(ids("SAML", KindFilter::All), ["3"]);
        assert_eq!(ids("password auth", KindFilter::All), ["1"]);
        assert_eq!(ids("acme", KindFilter::All), ["3"]);
        assert_eq!(ids("", KindFilter::Social), ["2"]);
        assert!(ids("google", KindFilter::Enterprise).is_empty());
    }

    #[test]
    fn pages_what_matches_and_counts_it_all() {
        let t = table();
        let page = t.page("", KindFilter::All, 1, 2);
        assert_eq!(page.matching, 5);
        assert_eq!(
            page.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["2", "3"]
        );
        let page = t.page("", KindFilter::Enterprise, 0, 10_000);
        assert_eq!(page.matching, 2);
        assert_eq!(t.page("", KindFilter::All, 4, 10).rows.len(), 1);
        assert!(t.page("", KindFilter::All, 9, 10).rows.is_empty());
    }

    #[test]
    fn counts_kinds_receivers_and_sizes() {
        let mut t = table();
        let o = t.overview();
        assert_eq!(
            o.counts,
            KindCounts {
                all: 5,
                database: 1,
                social: 1,
                enterprise: 2,
                passwordless: 1
            }
        );
        assert_eq!(o.received_names, ["gender", "http://schemas/gender"]);
        assert_eq!(t.receiving(" gender "), ["1", "3", "5"]);
        assert!(t.receiving("Gender").is_empty());
        assert!(t.receiving("").is_empty());
        t.set_list("2", &["a".into(), "b".into()]);
        assert_eq!(
            t.page("google", KindFilter::All, 0, 1).rows[0].deny_list_size,
            Some(2)
        );
        assert_eq!(t.live().lists["2"], ["a", "b"]);
    }
}
