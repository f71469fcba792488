//! Where secrets live: the OS keyring (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows), one entry per profile, keyed by the
//! profile's id and bound to its domain. A memory store holds secrets "for
//! this session only" when no keyring is available. Never a file.

use denylist_core::{Error, Result, Secret};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;

/// The keyring "service" every entry is filed under.
pub const SERVICE: &str = "deny-list-manager";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    ClientSecret,
    Token,
    /// An application's private key (PKCS#8 PEM), for Private Key JWT.
    PrivateKey,
}

impl SecretKind {
    fn tag(self) -> &'static str {
        match self {
            SecretKind::ClientSecret => "client_secret",
            SecretKind::Token => "token",
            SecretKind::PrivateKey => "private_key",
        }
    }
}

/// A secret with the domain it may be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecret {
    pub domain: String,
    pub kind: SecretKind,
    pub secret: Secret,
}

pub trait SecretStore: Send + Sync {
    fn save(&self, profile_id: &str, secret: &StoredSecret) -> Result<()>;
    fn load(&self, profile_id: &str) -> Result<Option<StoredSecret>>;
    /// Deleting a secret that is not there is not an error.
    fn delete(&self, profile_id: &str) -> Result<()>;
}

/// The operating system's keyring.
pub struct KeyringStore;

fn entry(profile_id: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("profile:{profile_id}")).map_err(unavailable)
}

impl SecretStore for KeyringStore {
    fn save(&self, profile_id: &str, secret: &StoredSecret) -> Result<()> {
        // Held in a Secret so the serialized form is wiped from memory too.
        let value = Secret::new(
            json!({"v": 1, "domain": secret.domain, "kind": secret.kind.tag(), "secret": secret.secret.expose()})
                .to_string(),
        );
        entry(profile_id)?
            .set_password(value.expose())
            .map_err(unavailable)
    }

    fn load(&self, profile_id: &str) -> Result<Option<StoredSecret>> {
        match entry(profile_id)?.get_password() {
            Ok(text) => decode(&Secret::new(text)).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn delete(&self, profile_id: &str) -> Result<()> {
        match entry(profile_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

fn decode(text: &Secret) -> Result<StoredSecret> {
    let unreadable = || {
        Error::SecretMissing(
            "The saved secret of this profile is unreadable: enter it again.".into(),
        )
    };
    let value: Value = serde_json::from_str(text.expose()).map_err(|_| unreadable())?;
    let field = |k: &str| value.get(k).and_then(Value::as_str).ok_or_else(unreadable);
    let kind = match field("kind")? {
        "client_secret" => SecretKind::ClientSecret,
        "token" => SecretKind::Token,
        "private_key" => SecretKind::PrivateKey,
        _ => return Err(unreadable()),
    };
    Ok(StoredSecret {
        domain: field("domain")?.to_string(),
        kind,
        secret: Secret::new(field("secret")?),
    })
}

/// Keyring failures in plain words. Never includes stored bytes (some keyring errors carry them).
fn unavailable(e: keyring::Error) -> Error {
    let detail = match &e {
        keyring::Error::NoDefaultStore => match keyring::Entry::store_status() {
            Err(inner) => short(inner),
            Ok(()) => "no keyring store".into(),
        },
        other => short(other),
    };
    Error::KeyringUnavailable(format!(
        "The system keyring is not available ({detail}). Deny List Manager keeps secrets only in the keyring, \
         never in a file. {} Until then, a secret can be used for this session only: it is kept in memory and \
         forgotten when you quit.",
        platform_hint()
    ))
}

fn short(e: &keyring::Error) -> String {
    match e {
        keyring::Error::PlatformFailure(p) | keyring::Error::NoStorageAccess(p) => {
            let text = p.to_string();
            let text: String = text.chars().take(200).collect();
            if matches!(e, keyring::Error::NoStorageAccess(_)) {
                format!("the keyring is locked or refused access: {text}")
            } else {
                text
            }
        }
        keyring::Error::NoEntry => "no entry".into(),
        keyring::Error::NoDefaultStore => "no keyring store".into(),
        keyring::Error::TooLong(what, limit) => {
            format!("{what} is longer than the keyring's limit of {limit}")
        }
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "an entry could not be decoded".into()
        }
        _ => "the keyring refused the request".into(),
    }
}

fn platform_hint() -> &'static str {
    if cfg!(target_os = "linux") {
        "On Linux a Secret Service must be running and unlocked: install GNOME Keyring (sudo apt install \
         gnome-keyring) or KWallet, log in to a desktop session, which unlocks it, then restart Deny List Manager."
    } else if cfg!(target_os = "macos") {
        "Unlock the login keychain (Keychain Access) and allow Deny List Manager to use it."
    } else if cfg!(windows) {
        "Check that Windows Credential Manager is available for your account."
    } else {
        "Start the platform's keyring service."
    }
}

/// Secrets held in memory only: "for this session only", and for tests of everything around the keyring.
#[derive(Default)]
pub struct MemoryStore(Mutex<HashMap<String, StoredSecret>>);

impl SecretStore for MemoryStore {
    fn save(&self, profile_id: &str, secret: &StoredSecret) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(profile_id.into(), secret.clone());
        Ok(())
    }
    fn load(&self, profile_id: &str) -> Result<Option<StoredSecret>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(profile_id)
            .cloned())
    }
    fn delete(&self, profile_id: &str) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(profile_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips_and_bad_data_is_not_echoed() {
        let s = StoredSecret {
            domain: "a.auth0.com".into(),
            kind: SecretKind::Token,
            secret: Secret::new("tok\"en"),
        };
        let text = Secret::new(
            json!({"v":1,"domain":"a.auth0.com","kind":"token","secret":"tok\"en"}).to_string(),
        );
        assert_eq!(decode(&text).unwrap(), s);
        let err = decode(&Secret::new("garbage-secret-value")).unwrap_err();
        assert_eq!(err.code(), "secret_missing");
        assert!(!err.to_string().contains("garbage-secret-value"));
    }
}
