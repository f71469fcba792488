//! What the limitation checks read: Guardian factors and policies, rules,
//! post-login Action bindings and Actions, tenant settings, applications.
//! Each needs its own read scope, as in Auth0.

use super::auth::authorize;
use super::params;
use crate::Shared;
use crate::errors::management;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// `fields` + `include_fields`, as the Management API applies them.
fn project(item: &Value, p: &HashMap<String, String>) -> Value {
    let (Some(fields), Value::Object(map)) = (p.get("fields"), item) else {
        return item.clone();
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    let include = p.get("include_fields").is_none_or(|v| v != "false");
    Value::Object(
        map.iter()
            .filter(|(k, _)| wanted.contains(&k.as_str()) == include)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Map<String, Value>>(),
    )
}

/// One page of `items` (`page`/`per_page`), as an array or, with `include_totals`, wrapped under `key`.
fn paged(items: Vec<Value>, p: &HashMap<String, String>, key: &str) -> Response {
    let per_page: usize = p
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
        .clamp(1, 100);
    let page: usize = p.get("page").and_then(|v| v.parse().ok()).unwrap_or(0);
    let total = items.len();
    let start = (page * per_page).min(total);
    let slice: Vec<Value> = items.into_iter().skip(start).take(per_page).collect();
    if p.get("include_totals").is_some_and(|v| v == "true") {
        Json(json!({ "start": start, "limit": per_page, "total": total, key: slice }))
            .into_response()
    } else {
        Json(Value::Array(slice)).into_response()
    }
}

macro_rules! authorized {
    ($t:expr, $headers:expr, $scope:expr) => {
        if let Err(r) = authorize(&$t, &$headers, $scope) {
            return r;
        }
    };
}

pub async fn guardian_factors(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:guardian_factors");
    Json(Value::Array(t.guardian_factors.clone())).into_response()
}

pub async fn guardian_policies(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:mfa_policies");
    Json(json!(t.mfa_policies)).into_response()
}

pub async fn rules(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:rules");
    let p = params(&raw);
    let enabled = p.get("enabled").map(|v| v == "true");
    let items = t
        .rules
        .iter()
        .filter(|r| enabled.is_none_or(|e| r.get("enabled").and_then(Value::as_bool) == Some(e)))
        .map(|r| project(r, &p))
        .collect();
    paged(items, &p, "rules")
}

pub async fn post_login_bindings(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:actions");
    let p = params(&raw);
    let bindings: Vec<Value> = t
        .post_login_bindings
        .iter()
        .filter_map(|id| t.actions.iter().find(|a| a["id"] == id.as_str()))
        .map(|a| {
            json!({
                "id": format!("bnd_{}", a["id"].as_str().unwrap_or_default()),
                "trigger_id": "post-login",
                "display_name": a["name"],
                "action": {"id": a["id"], "name": a["name"], "supported_triggers": a["supported_triggers"]},
            })
        })
        .collect();
    // Auth0's default page of bindings is 20.
    let per_page: usize = p
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
        .clamp(1, 100);
    let page: usize = p.get("page").and_then(|v| v.parse().ok()).unwrap_or(0);
    let total = bindings.len();
    let slice: Vec<Value> = bindings
        .into_iter()
        .skip(page * per_page)
        .take(per_page)
        .collect();
    Json(json!({"bindings": slice, "total": total, "page": page, "per_page": per_page}))
        .into_response()
}

pub async fn action(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:actions");
    match t.actions.iter().find(|a| a["id"] == id.as_str()) {
        Some(a) => Json(a.clone()).into_response(),
        None => management(404, "The action does not exist.", Some("inexistent_action")),
    }
}

pub async fn tenant_settings(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    authorized!(t, headers, "read:tenant_settings");
    Json(project(&t.tenant_settings, &params(&raw))).into_response()
}

/// `read:clients`, or `read:client_summary` which answers with less (no `sso`, no `grant_types`).
pub async fn clients(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let t = shared.lock();
    let full = authorize(&t, &headers, "read:clients");
    let summary_only = match &full {
        Ok(_) => false,
        Err(_) => authorize(&t, &headers, "read:client_summary").is_ok(),
    };
    if let (Err(r), false) = (full, summary_only) {
        return r;
    }
    let p = params(&raw);
    let items = t
        .applications
        .iter()
        .map(|a| {
            let mut shown = project(a, &p);
            if summary_only && let Value::Object(o) = &mut shown {
                o.retain(|k, _| {
                    ["client_id", "name", "app_type", "description"].contains(&k.as_str())
                });
            }
            shown
        })
        .collect();
    paged(items, &p, "clients")
}
