//! Issued access tokens in the OS keyring, next to the profiles' secrets: one entry per tenant
//! and application, bound to both (a token is never offered to another domain or client), with
//! its expiry and scopes. Never a file. Every failure is silent: without a keyring, a new token
//! is simply asked for.

use crate::keyring_store::SERVICE;
use denylist_core::Secret;
use denylist_core::auth0::{CachedToken, TokenCache, TokenKey};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;

/// Tokens in the operating system's keyring.
pub struct KeyringTokens;

fn entry(key: &TokenKey) -> Option<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("token:{}|{}", key.domain, key.client_id)).ok()
}

fn encode(key: &TokenKey, token: &CachedToken) -> Secret {
    Secret::new(
        json!({
            "v": 1,
            "domain": key.domain,
            "client_id": key.client_id,
            "expires_at": token.expires_at,
            "scopes": token.scopes,
            "token": token.token.expose(),
        })
        .to_string(),
    )
}

fn decode(key: &TokenKey, text: &Secret) -> Option<CachedToken> {
    let v: Value = serde_json::from_str(text.expose()).ok()?;
    // Bound to its tenant and application: anything else is not offered.
    if v.get("domain")?.as_str()? != key.domain || v.get("client_id")?.as_str()? != key.client_id {
        return None;
    }
    Some(CachedToken {
        token: Secret::new(v.get("token")?.as_str()?),
        expires_at: v.get("expires_at")?.as_u64()?,
        scopes: v.get("scopes").and_then(Value::as_str).map(str::to_string),
    })
}

impl TokenCache for KeyringTokens {
    fn load(&self, key: &TokenKey) -> Option<CachedToken> {
        let text = Secret::new(entry(key)?.get_password().ok()?);
        decode(key, &text).filter(CachedToken::usable)
    }

    fn store(&self, key: &TokenKey, token: &CachedToken) {
        if let Some(e) = entry(key) {
            let _ = e.set_password(encode(key, token).expose());
        }
    }

    fn forget(&self, key: &TokenKey) {
        if let Some(e) = entry(key) {
            let _ = e.delete_credential();
        }
    }
}

/// Tokens in memory: where [`crate::Profiles`] keeps them unless given the keyring (tests).
#[derive(Default)]
pub struct MemoryTokens(Mutex<HashMap<TokenKey, Secret>>);

impl TokenCache for MemoryTokens {
    fn load(&self, key: &TokenKey) -> Option<CachedToken> {
        let text = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()?;
        decode(key, &text).filter(CachedToken::usable)
    }

    fn store(&self, key: &TokenKey, token: &CachedToken) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.clone(), encode(key, token));
    }

    fn forget(&self, key: &TokenKey) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_offered_only_to_its_own_tenant_and_application() {
        let key = TokenKey {
            domain: "acme.us.auth0.com".into(),
            client_id: "app".into(),
        };
        let token = CachedToken {
            token: Secret::new("tok"),
            expires_at: 4_000_000_000,
            scopes: Some("read:connections".into()),
        };
        let stored = encode(&key, &token);
        assert_eq!(decode(&key, &stored), Some(token.clone()));
        let other = TokenKey {
            domain: "evil.example.com".into(),
            ..key.clone()
        };
        assert_eq!(decode(&other, &stored), None);
        let cache = MemoryTokens::default();
        cache.store(&key, &token);
        assert!(cache.load(&key).is_some());
        assert!(cache.load(&other).is_none());
        cache.forget(&key);
        assert!(cache.load(&key).is_none());
    }
}
