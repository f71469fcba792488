//! `/api/v2/connections`: list (offset and checkpoint pagination, filters,
//! field selection), get one, and PATCH with Auth0's semantics and traps.

// Handlers return early with ready-made `Response`s; boxing them would only add noise.
#![allow(clippy::result_large_err)]

use super::DropConnection;
use super::auth::authorize;
use crate::encryption::encrypt;
use crate::errors::{invalid_body, management};
use crate::tenant::{IssuedToken, Tenant};
use crate::tenant_logs::{Write, Writer};
use crate::{Shared, rng::Rng};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Keys `UpdateConnectionRequestContent` accepts (additionalProperties: false).
const PATCHABLE: &[&str] = &[
    "display_name",
    "options",
    "enabled_clients",
    "is_domain_connection",
    "show_as_button",
    "realms",
    "metadata",
    "authentication",
    "connected_accounts",
    "cross_app_access_requesting_app",
];
/// Offset pagination only ever reaches the first 1000 records.
const OFFSET_LIMIT: usize = 1000;

/// A stored connection as the API shows it to this token.
fn render(
    conn: &Map<String, Value>,
    token: &IssuedToken,
    strict: bool,
    rng: &mut Rng,
) -> Map<String, Value> {
    let mut out = conn.clone();
    if strict && !token.has("read:connections_options") {
        out.remove("options");
    }
    // Auth0 returns it on every connection.
    out.entry("is_domain_connection")
        .or_insert(Value::Bool(false));
    if let Some(Value::Object(config)) = out
        .get_mut("options")
        .and_then(|o| o.as_object_mut())
        .and_then(|o| o.get_mut("configuration"))
    {
        for value in config.values_mut() {
            if let Value::String(plain) = value {
                *value = Value::String(encrypt(plain, rng));
            }
        }
    }
    out
}

fn query_error(message: &str) -> Response {
    management(
        400,
        &format!("Query validation error: {message}"),
        Some("invalid_query_string"),
    )
}

#[derive(Default)]
struct ListQuery {
    page: Option<usize>,
    per_page: Option<usize>,
    include_totals: bool,
    from: Option<String>,
    take: Option<usize>,
    strategies: Vec<String>,
    name: Option<String>,
    fields: Option<Vec<String>>,
    include_fields: bool,
}

fn parse_query(raw: &str) -> Result<ListQuery, Response> {
    let mut q = ListQuery {
        include_fields: true,
        ..ListQuery::default()
    };
    let number = |k: &str, v: &str, max: usize| -> Result<usize, Response> {
        let n: usize = v.parse().map_err(|_| {
            query_error(&format!(
                "'Expected type integer but found type string' on property {k}."
            ))
        })?;
        if n > max {
            return Err(query_error(&format!(
                "'Number is greater than the maximum of {max}' on property {k}."
            )));
        }
        Ok(n)
    };
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        match k.as_ref() {
            "page" => q.page = Some(number("page", &v, usize::MAX)?),
            "per_page" => q.per_page = Some(number("per_page", &v, 100)?),
            "take" => {
                let take = number("take", &v, 100)?;
                if take == 0 {
                    return Err(query_error(
                        "'Number is less than the minimum of 1' on property take.",
                    ));
                }
                q.take = Some(take)
            }
            "include_totals" => q.include_totals = v == "true",
            "include_fields" => q.include_fields = v != "false",
            "from" => q.from = Some(v.into_owned()),
            "name" => q.name = Some(v.into_owned()),
            "fields" => {
                q.fields = Some(
                    v.split(',')
                        .map(|f| f.trim().to_string())
                        .filter(|f| !f.is_empty())
                        .collect(),
                )
            }
            key if key == "strategy" || key.starts_with("strategy[") => {
                q.strategies.extend(v.split(',').map(str::to_string))
            }
            _ => {}
        }
    }
    Ok(q)
}

fn project(mut conn: Map<String, Value>, q: &ListQuery) -> Value {
    if let Some(fields) = &q.fields {
        // Auth0 returns `is_domain_connection` whatever the fields asked (see list-offset-1.json).
        conn.retain(|k, _| k == "is_domain_connection" || fields.contains(k) == q.include_fields);
    }
    Value::Object(conn)
}

/// An opaque `next`: the id of the first connection of the next page, with its position as a hint.
fn cursor(position: usize, id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("cp:{position}:{id}"))
}

fn uncursor(from: &str) -> Option<(usize, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(from)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (position, id) = text.strip_prefix("cp:")?.split_once(':')?;
    Some((position.parse().ok()?, id.to_string()))
}

/// The list's `strategy` and `name` filters.
fn matches(c: &Map<String, Value>, q: &ListQuery) -> bool {
    let strategy = c
        .get("strategy")
        .and_then(Value::as_str)
        .unwrap_or_default();
    (q.strategies.is_empty() || q.strategies.iter().any(|s| s == strategy))
        && q.name
            .as_deref()
            .is_none_or(|n| c.get("name").and_then(Value::as_str) == Some(n))
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut t = shared.lock();
    let token = match authorize(&t, &headers, "read:connections") {
        Ok(tok) => tok,
        Err(r) => return r,
    };
    let mut q = match parse_query(raw.as_deref().unwrap_or_default()) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let strict = t.strict_options_scopes;
    if t.faults.ignore_checkpoint {
        q.from = None;
        q.take = None;
    }
    if t.faults.ignore_name_filter {
        q.name = None;
    }
    if t.faults.endless_pages && (q.from.is_some() || q.take.is_some()) {
        let (padding, extra) = (t.faults.endless_padding, t.faults.page_overflow);
        return endless_page(&mut t.rng, q.take.unwrap_or(50) + extra, padding);
    }
    // Borrowed, not cloned: a listing of 10 000 connections reads every one on each page.
    let Tenant {
        connections, rng, ..
    } = &mut *t;
    let filtered = !q.strategies.is_empty() || q.name.is_some();
    let matching: Vec<&Map<String, Value>> = connections
        .iter()
        .filter(|c| !filtered || matches(c, &q))
        .collect();
    let mut show = |c: &&Map<String, Value>| project(render(c, &token, strict, rng), &q);

    if q.from.is_some() || q.take.is_some() {
        let start = match &q.from {
            None => 0,
            Some(from) => match uncursor(from).and_then(|(hint, id)| {
                let is = |c: &&Map<String, Value>| c.get("id").and_then(Value::as_str) == Some(&id);
                // The hint saves a scan of every connection per page; a stale one still finds it.
                match matching.get(hint) {
                    Some(c) if is(c) => Some(hint),
                    _ => matching.iter().position(is),
                }
            }) {
                Some(i) => i,
                None => return query_error("'Invalid value for from' on property from."),
            },
        };
        let take = q.take.unwrap_or(50);
        let end = (start + take).min(matching.len());
        let page: Vec<Value> = matching[start..end].iter().map(&mut show).collect();
        let mut body = json!({ "connections": page });
        if let Some(next) = matching.get(end) {
            body["next"] = json!(cursor(
                end,
                next.get("id").and_then(Value::as_str).unwrap_or_default()
            ));
        }
        return Json(body).into_response();
    }

    // "Defaults to 100 if not provided" (the spec's `per_page`).
    let per_page = q.per_page.unwrap_or(100);
    let page = q.page.unwrap_or(0);
    let reachable = &matching[..matching.len().min(OFFSET_LIMIT)];
    let start = (page * per_page).min(reachable.len());
    let end = (start + per_page).min(reachable.len());
    let items: Vec<Value> = reachable[start..end].iter().map(&mut show).collect();
    if q.include_totals {
        Json(json!({ "total": matching.len(), "start": start, "limit": per_page, "connections": items })).into_response()
    } else {
        Json(Value::Array(items)).into_response()
    }
}

/// A page of connections never seen before, and a `next` that leads to another.
fn endless_page(rng: &mut Rng, take: usize, padding: usize) -> Response {
    let pad = "x".repeat(padding);
    let page: Vec<Value> = (0..take)
        .map(|_| {
            let id = format!("con_{}", rng.alnum(16));
            json!({"id": id, "name": format!("endless-{id}"), "strategy": "auth0",
                   "options": {"non_persistent_attrs": [], "padding": pad}, "is_domain_connection": false})
        })
        .collect();
    Json(json!({"connections": page, "next": rng.alnum(24)})).into_response()
}

pub async fn get_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut t = shared.lock();
    let token = match authorize(&t, &headers, "read:connections") {
        Ok(tok) => tok,
        Err(r) => return r,
    };
    let strict = t.strict_options_scopes;
    let Some(stored) = t.connection(&id).cloned() else {
        return management(
            404,
            "The connection does not exist",
            Some("inexistent_connection"),
        );
    };
    let q = match parse_query(raw.as_deref().unwrap_or_default()) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let body = project(render(&stored, &token, strict, &mut t.rng), &q);

    // Someone else's edit, scheduled to happen right after this read.
    let count = {
        let n = t.gets.entry(id.clone()).or_insert(0);
        *n += 1;
        *n
    };
    let due: Vec<_> = {
        let (due, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut t.faults.scheduled_edits)
            .into_iter()
            .partition(|e| e.connection_id == id && e.after_gets == count);
        t.faults.scheduled_edits = rest;
        due
    };
    for edit in due {
        if let Some(conn) = t.connection_mut(&id) {
            (edit.edit)(conn);
        }
    }
    Json(body).into_response()
}

pub async fn patch_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut t = shared.lock();
    let token = match authorize(&t, &headers, "update:connections") {
        Ok(tok) => tok,
        Err(r) => return r,
    };
    let strict = t.strict_options_scopes;
    let Some(existing) = t.connection(&id).cloned() else {
        return management(
            404,
            "The connection does not exist",
            Some("inexistent_connection"),
        );
    };
    let patch = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(m)) => m,
        Ok(other) => {
            return invalid_body(&format!(
                "'Expected type object but found type {}'.",
                type_name(&other)
            ));
        }
        Err(_) => {
            return management(
                400,
                "Invalid request payload JSON format",
                Some("invalid_body"),
            );
        }
    };
    if let Err(r) = validate_patch(&patch, &token, strict) {
        return r;
    }

    // PATCH semantics, traps included: `options` is replaced wholesale (configuration
    // values are stored as sent), and a missing display_name is reset to the name.
    let mut updated = existing.clone();
    for (k, v) in &patch {
        let value = if k == "options" && v.is_null() {
            json!({})
        } else {
            v.clone()
        };
        updated.insert(k.clone(), value);
    }
    if !patch.contains_key("display_name") {
        match existing.get("name") {
            Some(name) => updated.insert("display_name".into(), name.clone()),
            None => updated.remove("display_name"),
        };
    }
    if let Some(slot) = t.connection_mut(&id) {
        *slot = updated.clone();
    }
    if let Some(edit) = t.faults.edit_after_patch.take()
        && let Some(slot) = t.connection_mut(&id)
    {
        edit(slot);
    }

    let mut reply = render(&updated, &token, strict, &mut t.rng);
    t.log_write(
        &Writer::of(&token),
        Write {
            method: "patch",
            path: format!("/api/v2/connections/{id}"),
            description: "Update a connection",
            body: Value::Object(patch.clone()),
            status: 200,
            response: Value::Object(reply.clone()),
        },
    );
    if let Some(change) = t.faults.patch_reply.take() {
        change(&mut reply);
    }
    let mut response = Json(Value::Object(reply)).into_response();
    if let Some(status) = t.faults.errors_after_patch.pop_front() {
        return management(
            status,
            "Internal Server Error: An internal server error occurred",
            None,
        );
    }
    let armed = std::mem::take(&mut t.faults.forced_after_patch);
    t.faults.forced.extend(armed);
    if t.faults.drop_replies_after_patch > 0 {
        t.faults.drop_replies_after_patch -= 1;
        response.extensions_mut().insert(DropConnection);
    }
    response
}

fn validate_patch(
    patch: &Map<String, Value>,
    token: &IssuedToken,
    strict: bool,
) -> Result<(), Response> {
    if patch.is_empty() {
        return Err(invalid_body("'Too few properties defined (0), minimum 1'."));
    }
    let extra: Vec<&str> = patch
        .keys()
        .map(String::as_str)
        .filter(|k| !PATCHABLE.contains(k))
        .collect();
    if !extra.is_empty() {
        return Err(invalid_body(&format!(
            "'Additional properties not allowed: {}'.",
            extra.join(",")
        )));
    }
    match patch.get("display_name") {
        None => {}
        Some(Value::String(s)) if s.chars().count() <= 128 => {}
        Some(Value::String(s)) => {
            return Err(invalid_body(&format!(
                "'String is too long ({} chars), maximum 128' on property display_name.",
                s.chars().count()
            )));
        }
        Some(other) => {
            return Err(invalid_body(&format!(
                "'Expected type string but found type {}' on property display_name.",
                type_name(other)
            )));
        }
    }
    let Some(options) = patch.get("options") else {
        return Ok(());
    };
    if strict && !token.has("update:connections_options") {
        return Err(management(
            403,
            "Updating the \"options\" property requires the \"update:connections_options\" scope",
            Some("insufficient_scope"),
        ));
    }
    let options = match options {
        Value::Object(o) => o,
        Value::Null => return Ok(()),
        other => {
            return Err(invalid_body(&format!(
                "'Expected type object but found type {}' on property options.",
                type_name(other)
            )));
        }
    };
    match options.get("non_persistent_attrs") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(items)) => {
            if items.len() > 96 {
                return Err(invalid_body(&format!(
                    "'Array is too long ({}), maximum 96' on property options.non_persistent_attrs.",
                    items.len()
                )));
            }
            for item in items {
                match item {
                    Value::String(s) if s.chars().count() <= 255 => {}
                    Value::String(s) => {
                        return Err(invalid_body(&format!(
                            "'String is too long ({} chars), maximum 255' on property options.non_persistent_attrs.",
                            s.chars().count()
                        )));
                    }
                    other => {
                        return Err(invalid_body(&format!(
                            "'Expected type string but found type {}' on property options.non_persistent_attrs.",
                            type_name(other)
                        )));
                    }
                }
            }
            Ok(())
        }
        Some(other) => Err(invalid_body(&format!(
            "'Expected type array but found type {}' on property options.non_persistent_attrs.",
            type_name(other)
        ))),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
