//! Tokens outlive one run: Auth0 meters machine-to-machine tokens per month
//! (about 1 000 on the free plan) and each lasts 24 hours, so a token issued
//! once is kept — in the OS keyring, never a file — and reused by later runs
//! until a minute before it expires. Bound to the tenant and the application
//! it was issued for. The store itself lives with the profiles (the keyring).

use crate::secret::Secret;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A token is not reused in its last minute.
pub const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// Which tenant and application a token was issued for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    /// The tenant's domain as shown (`acme.us.auth0.com`, `http://127.0.0.1:4380`).
    pub domain: String,
    pub client_id: String,
}

/// An issued token as kept between runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedToken {
    pub token: Secret,
    /// Unix seconds.
    pub expires_at: u64,
    /// The scopes it was granted (space-separated), when Auth0 said.
    pub scopes: Option<String>,
}

impl CachedToken {
    /// Still worth using: more than [`RENEW_BEFORE`] left.
    pub fn usable(&self) -> bool {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        self.expires_at > now.saturating_add(RENEW_BEFORE.as_secs())
    }

    /// How long it may still be used from now.
    pub fn usable_for(&self) -> Duration {
        let expires = UNIX_EPOCH + Duration::from_secs(self.expires_at);
        expires
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            .saturating_sub(RENEW_BEFORE)
    }
}

/// Where tokens are kept between runs. Failures are silent: the cache only saves requests, and a
/// missing or broken one means a new token, never an error.
pub trait TokenCache: Send + Sync {
    fn load(&self, key: &TokenKey) -> Option<CachedToken>;
    fn store(&self, key: &TokenKey, token: &CachedToken);
    fn forget(&self, key: &TokenKey);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_in_its_last_minute_is_not_used() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let t = |left: u64| CachedToken {
            token: Secret::new("t"),
            expires_at: now + left,
            scopes: None,
        };
        assert!(t(3600).usable());
        assert!(t(3600).usable_for() > Duration::from_secs(3400));
        assert!(!t(30).usable());
        assert_eq!(t(30).usable_for(), Duration::ZERO);
    }
}
