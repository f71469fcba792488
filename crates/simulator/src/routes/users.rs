//! `GET /api/v2/users`: user search (search engine v3), as far as counting users of a connection
//! who have an attribute stored needs: `q` with `identities.connection:"NAME"` and `_exists_:FIELD`
//! joined by AND, `include_totals`, `per_page` (0 for the count only). Needs `read:users`.

use super::auth::authorize;
use crate::Shared;
use crate::errors::management;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// Auth0's user search returns at most 1000 users (its documented limit).
const SEARCH_LIMIT: usize = 1000;

enum Term {
    Connection(String),
    Exists(String),
}

/// `identities.connection:"a b" AND _exists_:https\:\/\/acme.com\/x`
fn parse(q: &str) -> Option<Vec<Term>> {
    let mut terms = Vec::new();
    for part in q.split(" AND ") {
        let part = part.trim();
        if let Some(rest) = part.strip_prefix("identities.connection:") {
            let name = rest.strip_prefix('"')?.strip_suffix('"')?;
            terms.push(Term::Connection(unescape(name)));
        } else if let Some(rest) = part.strip_prefix("_exists_:") {
            terms.push(Term::Exists(unescape(rest)));
        } else {
            return None;
        }
    }
    Some(terms)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub async fn search(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    if let Err(r) = authorize(&t, &headers, "read:users") {
        return r;
    }
    let p = super::params(&raw);
    if p.get("search_engine").map(String::as_str) != Some("v3") {
        return management(
            400,
            "Query validation error: search_engine must be v3",
            Some("invalid_query_string"),
        );
    }
    let terms = match p.get("q").map(|q| parse(q)) {
        Some(Some(terms)) => terms,
        Some(None) => return management(400, "Bad Request: Invalid query", Some("invalid_query")),
        None => Vec::new(),
    };
    let matching: Vec<&Value> = t
        .users
        .iter()
        .filter(|u| {
            terms.iter().all(|term| match term {
                Term::Connection(c) => u["identities"]
                    .as_array()
                    .is_some_and(|ids| ids.iter().any(|i| i["connection"] == c.as_str())),
                Term::Exists(f) => u.get(f).is_some_and(|v| !v.is_null()),
            })
        })
        .collect();
    let per_page: usize = p
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
        .min(100);
    let page: usize = p.get("page").and_then(|v| v.parse().ok()).unwrap_or(0);
    let users: Vec<Value> = matching
        .iter()
        .take(SEARCH_LIMIT)
        .skip(page * per_page)
        .take(per_page)
        .map(|u| (*u).clone())
        .collect();
    if p.get("include_totals").is_some_and(|v| v == "true") {
        Json(json!({"start": page * per_page, "limit": per_page, "length": users.len(), "total": matching.len(), "users": users}))
            .into_response()
    } else {
        Json(Value::Array(users)).into_response()
    }
}
