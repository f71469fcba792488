//! `GET /api/v2/logs` (`read:logs` or `read:logs_users`), as Auth0 documents it:
//! - search: `q` (Lucene: `type:sapi`, `date:[FROM TO *]`, `log_id:[ID TO *]`, joined by AND),
//!   `page`/`per_page` (at most 100; only the first 1 000 results can be paged through),
//!   `sort=date:-1|date:1`, `include_totals` (an object whose `total` is only the page's length,
//!   as with search engine v3);
//! - checkpoint: `from`/`take`, the entries after that log id in log id order; every other
//!   parameter, `q` included, is ignored.
//!
//! Events older than the tenant's retention are gone.

use super::auth::authorize;
use crate::Shared;
use crate::errors::management;
use crate::tenant_logs::parse_date;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Only the first 1 000 results of a search can be paged through (Auth0's documented limit).
const SEARCH_WINDOW: usize = 1000;

enum Term {
    Type(String),
    DateFrom(SystemTime, Option<SystemTime>),
    LogIdFrom(String, bool),
}

fn parse(q: &str) -> Option<Vec<Term>> {
    let mut terms = Vec::new();
    for part in q.split(" AND ") {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("type:") {
            terms.push(Term::Type(v.trim_matches('"').to_string()));
        } else if let Some(v) = part.strip_prefix("date:") {
            let (from, to) = range(v)?;
            terms.push(Term::DateFrom(
                parse_date(from)?,
                if to == "*" {
                    None
                } else {
                    Some(parse_date(to)?)
                },
            ));
        } else if let Some(v) = part.strip_prefix("log_id:") {
            let inclusive = v.starts_with('[');
            let (from, _) = range(v)?;
            terms.push(Term::LogIdFrom(from.to_string(), inclusive));
        } else {
            return None;
        }
    }
    Some(terms)
}

/// `[A TO B]` or `{A TO B]`.
fn range(v: &str) -> Option<(&str, &str)> {
    let inner = v.strip_prefix(['[', '{'])?.strip_suffix([']', '}'])?;
    let (a, b) = inner.split_once(" TO ")?;
    Some((a.trim().trim_matches('"'), b.trim().trim_matches('"')))
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    if authorize(&t, &headers, "read:logs").is_err()
        && let Err(r) = authorize(&t, &headers, "read:logs_users")
    {
        return match r.status().as_u16() {
            403 => management(
                403,
                "Insufficient scope; expected any of: read:logs, read:logs_users.",
                Some("insufficient_scope"),
            ),
            _ => r,
        };
    }
    let p = super::params(&raw);
    let kept_since = SystemTime::now() - Duration::from_secs(86_400 * t.log_retention_days as u64);
    let kept: Vec<&Value> = t
        .tenant_logs
        .iter()
        .filter(|e| {
            e["date"]
                .as_str()
                .and_then(parse_date)
                .is_some_and(|d| d >= kept_since)
        })
        .collect();

    if let Some(from) = p.get("from") {
        let take = p
            .get("take")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(50)
            .min(100);
        let mut after: Vec<&Value> = kept
            .into_iter()
            .filter(|e| e["log_id"].as_str().is_some_and(|id| id > from.as_str()))
            .collect();
        after.sort_by(|a, b| a["log_id"].as_str().cmp(&b["log_id"].as_str()));
        let page: Vec<Value> = after.into_iter().take(take).cloned().collect();
        return Json(Value::Array(page)).into_response();
    }

    let terms = match p.get("q").map(|q| parse(q)) {
        Some(Some(terms)) => terms,
        Some(None) => {
            return management(
                400,
                "Bad Request: The search query string has an error",
                Some("invalid_query_string"),
            );
        }
        None => Vec::new(),
    };
    let mut matching: Vec<&Value> = kept
        .into_iter()
        .filter(|e| {
            terms.iter().all(|term| match term {
                Term::Type(ty) => e["type"] == ty.as_str(),
                Term::DateFrom(from, to) => e["date"]
                    .as_str()
                    .and_then(parse_date)
                    .is_some_and(|d| d >= *from && to.is_none_or(|to| d <= to)),
                Term::LogIdFrom(id, inclusive) => e["log_id"]
                    .as_str()
                    .is_some_and(|l| l > id.as_str() || (*inclusive && l == id.as_str())),
            })
        })
        .collect();
    // Newest first unless asked otherwise (log ids grow with time).
    matching.sort_by(|a, b| b["log_id"].as_str().cmp(&a["log_id"].as_str()));
    if p.get("sort").map(String::as_str) == Some("date:1") {
        matching.reverse();
    }
    let per_page: usize = p.get("per_page").and_then(|v| v.parse().ok()).unwrap_or(50);
    if per_page > 100 {
        return management(
            400,
            "Query validation error: 'per_page' must be at most 100",
            Some("invalid_query_string"),
        );
    }
    let page: usize = p.get("page").and_then(|v| v.parse().ok()).unwrap_or(0);
    if (page + 1) * per_page > SEARCH_WINDOW {
        return management(
            400,
            "You can only page through the first 1000 records. Please refine your search query.",
            Some("invalid_paging"),
        );
    }
    let logs: Vec<Value> = matching
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|e| (*e).clone())
        .collect();
    if p.get("include_totals").is_some_and(|v| v == "true") {
        Json(json!({"start": page * per_page, "limit": per_page, "length": logs.len(), "total": logs.len(), "logs": logs}))
            .into_response()
    } else {
        Json(Value::Array(logs)).into_response()
    }
}
