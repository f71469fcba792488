//! What a pasted Management API token says about itself, read (never trusted: the tenant checks
//! it) to help: which tenant it is for (its `aud` names the canonical domain, which the
//! Management API needs even where a custom domain is used), when it expires, and whether it
//! carries what setting up an application takes.

use super::dashboard;
use crate::error::{Error, Result};
use crate::model::domain::TenantDomain;
use crate::secret::Secret;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// What setting up needs of the pasted token: without these nothing can be made.
pub const REQUIRED: &[&str] = &["create:clients", "create:client_grants"];
/// To register a key and make it the application's way to sign in (else a client secret).
pub const FOR_A_KEY: &[&str] = &[
    "create:client_credentials",
    "update:clients",
    "update:client_credentials",
];
/// To find an application this computer made before (and reuse it), and to undo a failed setup.
pub const FOR_REUSE_AND_UNDO: &[&str] = &[
    "read:clients",
    "read:client_grants",
    "update:client_grants",
    "delete:clients",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PastedTokenFacts {
    /// The tenant's own domain, from the token's audience.
    pub canonical_domain: Option<String>,
    /// The domain typed differs (a custom domain, or another tenant): the canonical one is used.
    pub differs_from_typed: bool,
    /// Unix seconds.
    pub expires_at: Option<u64>,
    pub expired: bool,
    /// `None` when the token does not say.
    pub scopes: Option<Vec<String>>,
    pub missing_required: Vec<String>,
    pub missing_for_key: Vec<String>,
    pub missing_for_reuse_and_undo: Vec<String>,
    /// The API Explorer of this tenant in the Dashboard, when it can be linked.
    pub explorer_link: Option<String>,
    /// In plain words, each a sentence: what was found and what it means.
    pub notes: Vec<String>,
}

fn claims(token: &Secret) -> Option<Value> {
    let payload = token.expose().trim().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The canonical domain in a token's `aud` (`https://acme.us.auth0.com/api/v2/`), before it is
/// known to be one the token may choose.
fn audience_domain(claims: &Value) -> Option<TenantDomain> {
    let auds: Vec<&str> = match &claims["aud"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    auds.iter()
        .find_map(|a| {
            a.strip_suffix("/api/v2/")
                .or_else(|| a.strip_suffix("/api/v2"))
        })
        .and_then(|d| TenantDomain::parse(d).ok())
}

/// Read a pasted token for a tenant typed as `typed`.
pub fn read_pasted_token(typed: &TenantDomain, token: &Secret) -> Result<PastedTokenFacts> {
    let Some(claims) = claims(token) else {
        return Err(Error::BadCredentials(format!(
            "This is not a Management API token: a token is three parts joined by dots. Copy it from {}.",
            dashboard::EXPLORER_PATH
        )));
    };
    // The claims are unverified: they may choose the host only where it is an Auth0 tenant's own
    // domain (or loopback, when loopback was typed: the simulator). Any other audience is said,
    // and the typed domain is used.
    let named = audience_domain(&claims);
    let canonical = named.clone().filter(|d| may_choose(typed, d));
    let foreign = named.filter(|d| !may_choose(typed, d));
    let target = canonical.clone().unwrap_or_else(|| typed.clone());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let expires_at = claims["exp"].as_u64();
    let expired = expires_at.is_some_and(|e| e <= now);
    let scopes: Option<Vec<String>> = claims["scope"]
        .as_str()
        .map(|s| s.split_whitespace().map(str::to_string).collect());
    let missing = |need: &[&str]| -> Vec<String> {
        match &scopes {
            Some(s) => need
                .iter()
                .filter(|n| !s.iter().any(|x| x == *n))
                .map(|n| n.to_string())
                .collect(),
            None => Vec::new(),
        }
    };
    let mut facts = PastedTokenFacts {
        differs_from_typed: canonical.as_ref().is_some_and(|c| c != typed),
        canonical_domain: canonical.as_ref().map(|c| c.to_string()),
        expires_at,
        expired,
        missing_required: missing(REQUIRED),
        missing_for_key: missing(FOR_A_KEY),
        missing_for_reuse_and_undo: missing(FOR_REUSE_AND_UNDO),
        scopes,
        explorer_link: dashboard::link(&target, "apis/management/explorer"),
        notes: Vec::new(),
    };
    let explorer = || match &facts.explorer_link {
        Some(link) => format!("{} ({link})", dashboard::EXPLORER_PATH),
        None => dashboard::EXPLORER_PATH.to_string(),
    };
    let mut notes = Vec::new();
    if let Some(f) = &foreign {
        notes.push(format!(
            "The token names {f} as its API, which is not an Auth0 tenant's domain: it is sent only to {typed}, \
             as typed."
        ));
    }
    if let (Some(c), true) = (&canonical, facts.differs_from_typed) {
        notes.push(format!(
            "The token is for the tenant {c}, not {typed}: the Management API is reached at the tenant's own \
             domain, so {c} is used (a custom domain cannot be used for it)."
        ));
    }
    if expired {
        notes.push(format!(
            "The token has expired: make a new one in {}.",
            explorer()
        ));
    }
    if !facts.missing_required.is_empty() {
        notes.push(format!(
            "The token lacks {}, which creating the application takes. A token from {} has them.",
            facts.missing_required.join(" and "),
            explorer()
        ));
    }
    if !facts.missing_for_key.is_empty() {
        notes.push(format!(
            "The token lacks {}: the application will sign in with a client secret instead of a key.",
            facts.missing_for_key.join(", ")
        ));
    }
    if !facts.missing_for_reuse_and_undo.is_empty() {
        notes.push(format!(
            "The token lacks {}: an application made before cannot be found and reused, and a setup that fails \
             half-way cannot be undone.",
            facts.missing_for_reuse_and_undo.join(", ")
        ));
    }
    facts.notes = notes;
    Ok(facts)
}

/// Whether a token's audience may replace the typed domain.
fn may_choose(typed: &TenantDomain, named: &TenantDomain) -> bool {
    if named.is_loopback() || typed.is_loopback() {
        return named == typed;
    }
    named.host().ends_with(".auth0.com")
}

/// The tenant a token is for, where it says one it may name (its canonical domain).
pub fn token_tenant(typed: &TenantDomain, token: &Secret) -> Option<TenantDomain> {
    claims(token)
        .as_ref()
        .and_then(audience_domain)
        .filter(|d| may_choose(typed, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> Secret {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        Secret::new(format!("{}.{}.sig", enc(r#"{"alg":"RS256"}"#), enc(claims)))
    }

    #[test]
    fn the_canonical_domain_comes_from_the_audience() {
        let typed = TenantDomain::parse("login.acme.com").unwrap();
        let t = jwt(
            r#"{"iss":"https://login.acme.com/","aud":"https://acme.eu.auth0.com/api/v2/","exp":4000000000,
               "scope":"create:clients create:client_grants read:clients"}"#,
        );
        let f = read_pasted_token(&typed, &t).unwrap();
        assert_eq!(f.canonical_domain.as_deref(), Some("acme.eu.auth0.com"));
        assert!(f.differs_from_typed && !f.expired);
        assert!(f.missing_required.is_empty());
        assert_eq!(f.missing_for_key.len(), 3);
        assert_eq!(
            f.explorer_link.as_deref(),
            Some("https://manage.auth0.com/dashboard/eu/acme/apis/management/explorer")
        );
        assert!(
            f.notes[0].contains("acme.eu.auth0.com is used"),
            "{:?}",
            f.notes
        );
    }

    #[test]
    fn a_token_without_what_setup_takes_says_where_to_get_one() {
        let typed = TenantDomain::parse("acme.auth0.com").unwrap();
        let f = read_pasted_token(
            &typed,
            &jwt(r#"{"aud":"https://acme.auth0.com/api/v2/","exp":1,"scope":"read:connections"}"#),
        )
        .unwrap();
        assert!(f.expired);
        assert_eq!(
            f.missing_required,
            ["create:clients", "create:client_grants"]
        );
        assert!(
            f.notes.iter().any(|n| n.contains("API Explorer")),
            "{:?}",
            f.notes
        );
        assert!(read_pasted_token(&typed, &Secret::new("not-a-token")).is_err());
    }

    #[test]
    fn an_audience_that_is_no_auth0_tenant_does_not_choose_the_host() {
        let typed = TenantDomain::parse("acme.us.auth0.com").unwrap();
        for aud in [
            "https://attacker.example/api/v2/",
            "https://127.0.0.1:9/api/v2/",
            "https://auth0.com.evil.example/api/v2/",
        ] {
            let f = read_pasted_token(
                &typed,
                &jwt(&format!(r#"{{"aud":"{aud}","exp":4000000000}}"#)),
            )
            .unwrap();
            assert_eq!(f.canonical_domain, None, "{aud}");
            assert!(!f.differs_from_typed);
            assert!(
                f.notes[0].contains("not an Auth0 tenant's domain"),
                "{:?}",
                f.notes
            );
        }
    }
}
