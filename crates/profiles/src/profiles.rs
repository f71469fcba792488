//! Saved profiles: the file (metadata) and the keyring (secrets) kept in step.

use crate::keyring_store::{KeyringStore, MemoryStore, SecretKind, SecretStore, StoredSecret};
use crate::profile::{self, AuthMethod, ManagedAsCode, Profile, ProfileInput};
use crate::profile_file::{ProfileData, ProfileFile};
use denylist_core::auth0::{TokenCache, TokenKey};
use denylist_core::{Credentials, Error, Result, Secret, TenantDomain};
use serde::Serialize;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where a profile's secret is, as the UI may know it (never the secret itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SecretState {
    /// In the OS keyring.
    Saved,
    /// In memory for this session only.
    SessionOnly,
    NotSet,
    /// The keyring could not be asked.
    Unknown,
}

/// The saved profiles as the app lists them.
#[derive(Debug, Clone)]
pub struct ProfileList {
    pub profiles: Vec<ProfileView>,
    /// Set when the profiles file had to be set aside.
    pub notice: Option<String>,
    /// The profile used last, if it is still saved.
    pub last_profile_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileView {
    #[serde(flatten)]
    pub profile: Profile,
    pub secret: SecretState,
    /// Said on the tenant list and before any write: the key expires within 30 days (or has), or
    /// the pasted token expires (they last a day).
    pub expiry: Option<String>,
}

/// How long before its end a key is said to expire soon.
pub const KEY_WARNING: u64 = 30 * 86400;

/// The sentence about a profile's credential running out, if it is.
pub fn expiry_notice(profile: &Profile) -> Option<String> {
    let now = now();
    let days = |at: u64| at.saturating_sub(now).div_ceil(86400);
    match (&profile.auth, profile.token_expires_at) {
        (AuthMethod::PrivateKey { key_expires_at: Some(at), .. }, _) if *at <= now => Some(
            "Its key has expired: the app can no longer sign in. Rotate it (a new key, from a pasted token).".into(),
        ),
        (AuthMethod::PrivateKey { key_expires_at: Some(at), .. }, _) if at - now <= KEY_WARNING => Some(format!(
            "Its key expires in {} day{}: rotate it before then (a new key, from a pasted token).",
            days(*at),
            if days(*at) == 1 { "" } else { "s" }
        )),
        (AuthMethod::Token, Some(at)) if at <= now => Some(
            "Its pasted token has expired (they last a day): paste a new one, or set up an application of its own."
                .into(),
        ),
        (AuthMethod::Token, Some(at)) => Some(format!(
            "It signs in with a pasted token, which expires in {} h: set up an application of its own to stay connected.",
            (at - now).div_ceil(3600)
        )),
        _ => None,
    }
}

/// Where a new secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Keyring,
    /// The keyring is unavailable and the admin chose to use the secret for this session only.
    SessionOnly,
}

pub struct Profiles {
    file: ProfileFile,
    keyring: Box<dyn SecretStore>,
    session: MemoryStore,
    /// Where the profiles' access tokens are kept (the OS keyring in use; memory in tests).
    tokens: Box<dyn TokenCache>,
    /// Notices about the profiles file (set aside as unreadable) not yet shown to the admin.
    notices: Mutex<Vec<String>>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

fn new_id() -> String {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.write_u32(std::process::id());
    format!("p_{:016x}", h.finish())
}

impl Profiles {
    /// The platform's config directory and the OS keyring.
    pub fn open_default() -> Result<Profiles> {
        Ok(
            Profiles::new(ProfileFile::default_location()?, Box::new(KeyringStore))
                .with_tokens(Box::new(crate::KeyringTokens)),
        )
    }

    pub fn new(file: ProfileFile, keyring: Box<dyn SecretStore>) -> Profiles {
        Profiles {
            file,
            keyring,
            session: MemoryStore::default(),
            tokens: Box::new(crate::MemoryTokens::default()),
            notices: Mutex::new(Vec::new()),
        }
    }

    /// Keep access tokens in `tokens` (the OS keyring for the app and the command line).
    pub fn with_tokens(mut self, tokens: Box<dyn TokenCache>) -> Profiles {
        self.tokens = tokens;
        self
    }

    /// A token issued for this profile's application is not kept past its secret or the profile.
    fn forget_token(&self, profile: &Profile) {
        if let Some(client_id) = profile.auth.client_id()
            && let Ok(domain) = profile.tenant_domain()
        {
            self.tokens.forget(&TokenKey {
                domain: domain.to_string(),
                client_id: client_id.trim().to_string(),
            });
        }
    }

    pub fn file(&self) -> &ProfileFile {
        &self.file
    }

    /// Notices about the profiles file since the last call (each is shown once, wherever it arose).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn note(&self, notice: Option<String>) {
        if let Some(n) = notice {
            self.notices
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(n);
        }
    }

    fn read(&self) -> Result<ProfileData> {
        let (data, notice) = self.file.read()?;
        self.note(notice);
        Ok(data)
    }

    fn update<R>(&self, change: impl FnOnce(&mut ProfileData) -> Result<R>) -> Result<R> {
        let (result, notice) = self.file.update(change)?;
        self.note(notice);
        Ok(result)
    }

    /// Every profile with where its secret is. The notice, if any, says the file had to be set aside.
    pub fn list(&self) -> Result<(Vec<ProfileView>, Option<String>)> {
        self.listing().map(|list| (list.profiles, list.notice))
    }

    /// `list`, with the profile used last (one read of the file).
    pub fn listing(&self) -> Result<ProfileList> {
        let data = self.read()?;
        self.finish_pending_deletes(&data);
        Ok(self.listed(data))
    }

    /// `listing`, when it needs nothing of the keyring (nothing saved and no secret waiting to be
    /// deleted: a first start); `None` when it would ask the keyring. One read of the file.
    pub fn list_without_keyring(&self) -> Result<Option<ProfileList>> {
        let data = self.read()?;
        let needs_keyring = !data.profiles.is_empty() || !data.pending_secret_deletes.is_empty();
        Ok((!needs_keyring).then(|| self.listed(data)))
    }

    fn listed(&self, data: ProfileData) -> ProfileList {
        let last_profile_id = data
            .last_profile_id
            .filter(|id| data.profiles.iter().any(|p| &p.id == id));
        let profiles = data
            .profiles
            .into_iter()
            .map(|profile| self.view(profile))
            .collect();
        let notices = self.take_notices();
        ProfileList {
            profiles,
            notice: (!notices.is_empty()).then(|| notices.join(" ")),
            last_profile_id,
        }
    }

    /// Keyring entries of profiles deleted while the keyring was unavailable.
    fn finish_pending_deletes(&self, data: &ProfileData) {
        if data.pending_secret_deletes.is_empty() {
            return;
        }
        let done: Vec<String> = data
            .pending_secret_deletes
            .iter()
            .filter(|id| self.keyring.delete(id).is_ok())
            .cloned()
            .collect();
        if !done.is_empty() {
            let _ = self.update(|d| {
                d.pending_secret_deletes.retain(|id| !done.contains(id));
                Ok(())
            });
        }
    }

    fn secret_state(&self, profile: &Profile) -> SecretState {
        if matches!(self.session.load(&profile.id), Ok(Some(_))) {
            return SecretState::SessionOnly;
        }
        match self.keyring.load(&profile.id) {
            Ok(Some(s)) if s.domain == profile.domain && s.kind == kind_of(&profile.auth) => {
                SecretState::Saved
            }
            Ok(_) => SecretState::NotSet,
            Err(_) => SecretState::Unknown,
        }
    }

    /// A profile by exact name (case-insensitive) or id.
    pub fn get(&self, name_or_id: &str) -> Result<Profile> {
        find(&self.read()?.profiles, name_or_id).cloned()
    }

    pub fn view(&self, profile: Profile) -> ProfileView {
        let secret = self.secret_state(&profile);
        ProfileView {
            expiry: expiry_notice(&profile),
            profile,
            secret,
        }
    }

    /// Check a new profile's input (and that its name is free) before asking for its secret.
    pub fn check_new(&self, input: &ProfileInput) -> Result<()> {
        let checked = profile::check(input)?;
        ensure_unique(&self.read()?.profiles, &checked.name, None)
    }

    pub fn add(&self, input: &ProfileInput, secret: Secret, keep: Keep) -> Result<Profile> {
        if secret.is_empty() {
            return Err(Error::InvalidInput(match (&input.client_id, &input.key) {
                (None, _) => "Paste the Management API token.".into(),
                (Some(_), None) => "Enter the application's client secret.".into(),
                (Some(_), Some(_)) => "Give the application's private key (PEM).".into(),
            }));
        }
        let profile = self.new_profile(input)?;
        let token_secret = (profile.auth == AuthMethod::Token).then(|| secret.clone());
        // The secret first: if the keyring refuses, no half-made profile is left behind.
        self.store(keep, &profile, secret)?;
        let saved = self.update(|data| {
            ensure_unique(&data.profiles, &profile.name, None)?;
            data.profiles.push(profile.clone());
            Ok(())
        });
        if let Err(e) = saved {
            let _ = self.keyring.delete(&profile.id);
            let _ = self.session.delete(&profile.id);
            return Err(e);
        }
        if let Some(secret) = &token_secret {
            self.note_token_expiry(&profile.id, &profile.auth, secret);
            return self.get(&profile.id);
        }
        Ok(profile)
    }

    /// Save the profile a setup made: its tenant (the canonical domain), its new application and
    /// the key or secret it signs in with, kept in the keyring. `input` gives the name,
    /// environment and colour.
    ///
    /// Where the setup reused an application a saved profile signs in with, that profile (whose
    /// key the setup replaced) is updated instead, and the second return says so.
    pub fn add_from_setup(
        &self,
        input: &ProfileInput,
        outcome: &denylist_core::setup::SetupOutcome,
    ) -> Result<(Profile, Option<String>)> {
        if !outcome.created {
            let domain = outcome.domain.to_string();
            let earlier = self.read()?.profiles.into_iter().find(|p| {
                p.domain == domain && p.auth.client_id() == Some(outcome.client_id.as_str())
            });
            if let Some(earlier) = earlier {
                let updated = self
                    .replace_credential(&earlier.id, &outcome.credential)
                    .map_err(|e| saved_error(outcome, e))?;
                let said = format!(
                    "The profile “{}” already signed in with this application: it now signs in with the new {} \
                     (no second profile was made).",
                    updated.name,
                    match outcome.credential {
                        denylist_core::setup::Credential::PrivateKey { .. } => "key",
                        denylist_core::setup::Credential::Secret(_) => "secret",
                    }
                );
                return Ok((updated, Some(said)));
            }
        }
        let (input, secret) = setup_input(
            input,
            &outcome.domain.to_string(),
            &outcome.client_id,
            &outcome.credential,
        );
        let saved = self.add(&input, secret, Keep::Keyring).and_then(|profile| {
            self.update(|data| {
                let slot = data
                    .profiles
                    .iter_mut()
                    .find(|p| p.id == profile.id)
                    .ok_or_else(|| Error::NotFound("The new profile is gone.".into()))?;
                slot.made_by_setup = true;
                Ok(slot.clone())
            })
        });
        saved
            .map(|p| (p, None))
            .map_err(|e| saved_error(outcome, e))
    }

    /// After a rotation: the profile's new key (or secret), in the keyring, and its credential.
    pub fn replace_credential(
        &self,
        name_or_id: &str,
        credential: &denylist_core::setup::Credential,
    ) -> Result<Profile> {
        let current = self.get(name_or_id)?;
        let client_id = current.auth.client_id().unwrap_or_default().to_string();
        let input = ProfileInput {
            name: current.name.clone(),
            domain: current.domain.clone(),
            client_id: Some(client_id.clone()),
            key: None,
            environment: Some(current.environment),
            color: Some(current.color.clone()),
            managed_as_code: None,
        };
        let (input, secret) = setup_input(&input, &current.domain, &client_id, credential);
        self.edit(&current.id, &input, Some(secret), Keep::Keyring)
    }

    /// Save a profile without its secret (no keyring here): the secret is then given for each use.
    pub fn add_without_secret(&self, input: &ProfileInput) -> Result<Profile> {
        let profile = self.new_profile(input)?;
        self.update(|data| {
            ensure_unique(&data.profiles, &profile.name, None)?;
            data.profiles.push(profile.clone());
            Ok(())
        })?;
        Ok(profile)
    }

    fn new_profile(&self, input: &ProfileInput) -> Result<Profile> {
        let checked = profile::check(input)?;
        ensure_unique(&self.read()?.profiles, &checked.name, None)?;
        Ok(Profile {
            id: new_id(),
            name: checked.name,
            domain: checked.domain.to_string(),
            auth: checked.auth,
            environment: checked.environment,
            color: checked.color,
            demo: false,
            made_by_setup: false,
            managed_as_code: checked.managed_as_code.unwrap_or_default(),
            token_expires_at: None,
            created_at: now(),
            last_used_at: None,
        })
    }

    /// For a pasted token: when it expires, as it says, kept with the profile (not a secret).
    fn note_token_expiry(&self, profile_id: &str, auth: &AuthMethod, secret: &Secret) {
        if *auth != AuthMethod::Token {
            return;
        }
        let at = denylist_core::auth0::inspect_token(secret)
            .expires_at
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        let _ = self.update(|data| {
            if let Some(p) = data.profiles.iter_mut().find(|p| p.id == profile_id) {
                p.token_expires_at = at;
            }
            Ok(())
        });
    }

    fn store(&self, keep: Keep, profile: &Profile, secret: Secret) -> Result<()> {
        let stored = StoredSecret {
            domain: profile.domain.clone(),
            kind: kind_of(&profile.auth),
            secret,
        };
        match keep {
            Keep::Keyring => {
                self.keyring.save(&profile.id, &stored)?;
                self.session.delete(&profile.id)
            }
            Keep::SessionOnly => {
                self.session.save(&profile.id, &stored)?;
                // A secret bound to another domain or application must not linger in the keyring.
                let _ = self.keyring.delete(&profile.id);
                Ok(())
            }
        }
    }

    /// Save (or replace) the secret of an existing profile.
    pub fn set_secret(&self, name_or_id: &str, secret: Secret, keep: Keep) -> Result<Profile> {
        if secret.is_empty() {
            return Err(Error::InvalidInput("The secret is empty.".into()));
        }
        let profile = self.get(name_or_id)?;
        self.store(keep, &profile, secret.clone())?;
        self.forget_token(&profile);
        self.note_token_expiry(&profile.id, &profile.auth, &secret);
        self.get(&profile.id)
    }

    /// Change a profile. A new domain, sign-in method or application needs the secret again: a secret is bound
    /// to them. The secret is stored first, so a keyring failure leaves the profile as it was.
    /// What editing production profile `id` as `input` would loosen, in plain words: no longer
    /// marked production, another domain, another sign-in method. Empty when the profile is not
    /// production or nothing of that changes. (Said to the admin before such an edit is saved,
    /// outside the window that asked for it.)
    pub fn loosening(&self, id: &str, input: &ProfileInput) -> Result<Vec<String>> {
        let checked = profile::check(input)?;
        let current = self.get(id)?;
        let mut out = Vec::new();
        if !current.is_production() {
            return Ok(out);
        }
        if !checked.environment.is_production() {
            out.push(format!(
                "it would no longer be marked production (but {}), so changes would no longer be confirmed",
                checked.environment.label()
            ));
        }
        if checked.domain.to_string() != current.domain {
            out.push(format!(
                "its domain would change from {} to {}",
                current.domain, checked.domain
            ));
        }
        if !checked.auth.same_binding(&current.auth) {
            out.push("its sign-in method or application would change".into());
        }
        Ok(out)
    }

    pub fn edit(
        &self,
        id: &str,
        input: &ProfileInput,
        secret: Option<Secret>,
        keep: Keep,
    ) -> Result<Profile> {
        let checked = profile::check(input)?;
        let current = self.get(id)?;
        ensure_unique(&self.read()?.profiles, &checked.name, Some(id))?;
        let rebinding = checked.domain.to_string() != current.domain
            || !checked.auth.same_binding(&current.auth);
        let secret = secret.filter(|s| !s.is_empty());
        if rebinding && secret.is_none() {
            return Err(Error::SecretMissing(
                "The saved secret is tied to the profile's former domain, sign-in method and application: \
                 enter it again."
                    .into(),
            ));
        }
        let mut updated = current.clone();
        updated.name = checked.name;
        updated.domain = checked.domain.to_string();
        updated.auth = keep_known_expiry(checked.auth, &current.auth, secret.is_some());
        updated.environment = checked.environment;
        updated.color = checked.color;
        if let Some(managed) = checked.managed_as_code {
            updated.managed_as_code = managed;
        }
        let previous = self.keyring.load(id).ok().flatten();
        let new_secret = secret.is_some();
        let token_secret = secret.clone().filter(|_| updated.auth == AuthMethod::Token);
        if let Some(secret) = secret {
            self.store(keep, &updated, secret)?;
        }
        // A new secret, or another tenant or application: the kept token is not for it.
        if new_secret || rebinding {
            self.forget_token(&current);
        }
        let written = self.update(|data| {
            ensure_unique(&data.profiles, &updated.name, Some(id))?;
            let slot = data
                .profiles
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| {
                    Error::NotFound(format!("The profile “{}” no longer exists.", current.name))
                })?;
            *slot = updated.clone();
            Ok(())
        });
        if let Err(e) = written {
            // Put the former secret back, so the file and the keyring still agree.
            match previous {
                Some(p) => {
                    let _ = self.keyring.save(id, &p);
                }
                None => {
                    let _ = self.keyring.delete(id);
                }
            }
            return Err(e);
        }
        if let Some(secret) = &token_secret {
            self.note_token_expiry(&updated.id, &updated.auth, secret);
            return self.get(&updated.id);
        }
        Ok(updated)
    }

    /// Rename; the id, and so the secret, stay.
    pub fn rename(&self, name_or_id: &str, new_name: &str) -> Result<Profile> {
        let new_name = profile::check_name(new_name)?;
        self.update(|data| {
            let id = find(&data.profiles, name_or_id)?.id.clone();
            ensure_unique(&data.profiles, &new_name, Some(&id))?;
            let mut renamed = None;
            for p in data.profiles.iter_mut().filter(|p| p.id == id) {
                p.name = new_name.clone();
                renamed = Some(p.clone());
            }
            renamed.ok_or_else(|| {
                Error::NotFound(format!("There is no saved profile named “{name_or_id}”."))
            })
        })
    }

    /// Say how the tenant is managed as code (its secret and everything else stay).
    pub fn set_managed_as_code(&self, name_or_id: &str, managed: ManagedAsCode) -> Result<Profile> {
        self.update(|data| {
            let id = find(&data.profiles, name_or_id)?.id.clone();
            let mut changed = None;
            for p in data.profiles.iter_mut().filter(|p| p.id == id) {
                p.managed_as_code = managed;
                changed = Some(p.clone());
            }
            changed.ok_or_else(|| {
                Error::NotFound(format!("There is no saved profile named “{name_or_id}”."))
            })
        })
    }

    /// Delete a profile and its secret. Without a keyring, the keyring entry is deleted as soon as the
    /// keyring is back (the profile is gone at once, and its secret is never used again).
    pub fn remove(&self, name_or_id: &str) -> Result<Profile> {
        let profile = self.get(name_or_id)?;
        self.forget_token(&profile);
        let pending = self.keyring.delete(&profile.id).is_err();
        self.session.delete(&profile.id)?;
        self.update(|data| {
            data.profiles.retain(|p| p.id != profile.id);
            if data.last_profile_id.as_deref() == Some(profile.id.as_str()) {
                data.last_profile_id = None;
            }
            if pending {
                data.pending_secret_deletes.push(profile.id.clone());
            }
            Ok(profile.clone())
        })
    }

    /// The credentials to sign in with, only if the secret belongs to this profile's domain.
    pub fn credentials(&self, profile: &Profile) -> Result<Credentials> {
        let stored = match self.session.load(&profile.id)? {
            Some(s) => Some(s),
            None => self.keyring.load(&profile.id)?,
        };
        let Some(stored) = stored else {
            return Err(Error::SecretMissing(format!(
                "No secret is saved for the profile “{}”. Enter it again.",
                profile.name
            )));
        };
        if stored.domain != profile.domain || stored.kind != kind_of(&profile.auth) {
            return Err(Error::SecretMissing(format!(
                "The saved secret of “{}” belongs to another domain or sign-in method, so it is not sent to {}. \
                 Enter it again.",
                profile.name, profile.domain
            )));
        }
        Ok(profile.auth.credentials(stored.secret))
    }

    /// Credentials to test a profile form before (or without) saving it: the secret just typed, or the saved
    /// one of profile `id` — but only while the form still has that profile's domain and sign-in method, to
    /// which the saved secret is bound.
    pub fn credentials_to_test(
        &self,
        input: &ProfileInput,
        typed: Option<Secret>,
        id: Option<&str>,
    ) -> Result<(TenantDomain, Credentials)> {
        let checked = profile::check(input)?;
        let credentials = match (typed.filter(|s| !s.is_empty()), id) {
            (Some(secret), _) => checked.auth.credentials(secret),
            (None, Some(id)) => {
                let saved = self.get(id)?;
                if saved.domain != checked.domain.to_string()
                    || !saved.auth.same_binding(&checked.auth)
                {
                    return Err(Error::SecretMissing(
                        "The saved secret belongs to the profile's former domain, sign-in method or application: \
                         enter it again to test."
                            .into(),
                    ));
                }
                self.credentials(&saved)?
            }
            (None, None) => {
                return Err(Error::InvalidInput(
                    "Enter the client secret (or paste the token) to test.".into(),
                ));
            }
        };
        Ok((checked.domain, credentials))
    }

    /// `Some(reason)` when the OS keyring cannot be used here (then secrets can only be kept for the session).
    pub fn keyring_problem(&self) -> Option<String> {
        self.keyring
            .load("availability-check")
            .err()
            .map(|e| e.to_string())
    }

    /// Remember this profile as the one to restore next time.
    pub fn mark_used(&self, id: &str) -> Result<()> {
        self.update(|data| {
            if let Some(p) = data.profiles.iter_mut().find(|p| p.id == id) {
                p.last_used_at = Some(now());
                data.last_profile_id = Some(id.to_string());
            }
            Ok(())
        })
    }

    pub fn last_used(&self) -> Result<Option<Profile>> {
        let data = self.read()?;
        Ok(data
            .last_profile_id
            .as_deref()
            .and_then(|id| data.profiles.iter().find(|p| p.id == id))
            .cloned())
    }

    /// Saved profiles for this domain (e.g. to treat `--domain` writes to a production tenant as production).
    pub fn for_domain(&self, domain: &str) -> Result<Vec<Profile>> {
        Ok(self
            .read()?
            .profiles
            .into_iter()
            .filter(|p| p.domain == domain)
            .collect())
    }
}

fn kind_of(auth: &AuthMethod) -> SecretKind {
    match auth {
        AuthMethod::ClientCredentials { .. } => SecretKind::ClientSecret,
        AuthMethod::PrivateKey { .. } => SecretKind::PrivateKey,
        AuthMethod::Token => SecretKind::Token,
    }
}

fn find<'a>(profiles: &'a [Profile], name_or_id: &str) -> Result<&'a Profile> {
    let key = name_or_id.trim();
    profiles
        .iter()
        .find(|p| p.id == key)
        .or_else(|| profiles.iter().find(|p| p.name.eq_ignore_ascii_case(key)))
        .ok_or_else(|| Error::NotFound(format!("There is no saved profile named “{key}”.")))
}

fn ensure_unique(profiles: &[Profile], name: &str, except_id: Option<&str>) -> Result<()> {
    if profiles
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(name) && Some(p.id.as_str()) != except_id)
    {
        return Err(Error::InvalidInput(format!(
            "A profile named “{name}” already exists: choose another name."
        )));
    }
    Ok(())
}

/// A profile's form for an application a setup made, and the secret the keyring keeps for it.
/// The application exists either way: say so, and that setting up again reuses it.
fn saved_error(outcome: &denylist_core::setup::SetupOutcome, e: Error) -> Error {
    Error::SetupFailed(format!(
        "The application “{}” ({}) is ready in the tenant, but the profile could not be saved: {e} Set up again \
         once that is fixed: the application is reused.",
        outcome.application_name, outcome.client_id
    ))
}

/// An edit that keeps the key (the same credential, no new secret) keeps when it expires: the
/// form does not carry it.
fn keep_known_expiry(edited: AuthMethod, current: &AuthMethod, new_secret: bool) -> AuthMethod {
    match (edited, current) {
        (
            AuthMethod::PrivateKey {
                client_id,
                alg,
                kid,
                key_expires_at: None,
            },
            AuthMethod::PrivateKey {
                client_id: was_client,
                alg: was_alg,
                kid: was_kid,
                key_expires_at: Some(known),
            },
        ) if !new_secret && client_id == *was_client && alg == *was_alg && kid == *was_kid => {
            AuthMethod::PrivateKey {
                client_id,
                alg,
                kid,
                key_expires_at: Some(*known),
            }
        }
        (edited, _) => edited,
    }
}

fn setup_input(
    input: &ProfileInput,
    domain: &str,
    client_id: &str,
    credential: &denylist_core::setup::Credential,
) -> (ProfileInput, Secret) {
    use denylist_core::setup::Credential;
    let (key, secret) = match credential {
        Credential::PrivateKey {
            pem,
            alg,
            kid,
            expires_at,
        } => (
            Some(crate::profile::KeyInput {
                alg: *alg,
                kid: kid.clone(),
                expires_at: *expires_at,
            }),
            pem.clone(),
        ),
        Credential::Secret(s) => (None, s.clone()),
    };
    (
        ProfileInput {
            name: input.name.clone(),
            domain: domain.to_string(),
            client_id: Some(client_id.to_string()),
            key,
            environment: input.environment,
            color: input.color.clone(),
            managed_as_code: input.managed_as_code,
        },
        secret,
    )
}
