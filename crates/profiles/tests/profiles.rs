//! Profiles with a memory secret store: the file's behaviour (atomic writes,
//! corrupt and newer files, concurrent writers) and the profile/secret rules.
//! The same rules against the real OS keyring are in keyring_real.rs.

use denylist_core::{Credentials, Secret};
use denylist_profiles::{
    Environment, Keep, MemoryStore, ProfileFile, ProfileInput, Profiles, SecretState, SecretStore,
};
use std::sync::Arc;

fn input(name: &str, domain: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        domain: domain.into(),
        client_id: Some("client-abc".into()),
        key: None,
        environment: Some(Environment::Staging),
        color: None,
        managed_as_code: None,
    }
}

/// A store shared between the `Profiles` under test and the test's own checks.
#[derive(Clone, Default)]
struct Shared(Arc<MemoryStore>);
impl SecretStore for Shared {
    fn save(
        &self,
        id: &str,
        s: &denylist_profiles::keyring_store::StoredSecret,
    ) -> denylist_core::Result<()> {
        self.0.save(id, s)
    }
    fn load(
        &self,
        id: &str,
    ) -> denylist_core::Result<Option<denylist_profiles::keyring_store::StoredSecret>> {
        self.0.load(id)
    }
    fn delete(&self, id: &str) -> denylist_core::Result<()> {
        self.0.delete(id)
    }
}

fn profiles(dir: &std::path::Path) -> (Profiles, Shared) {
    let store = Shared::default();
    (
        Profiles::new(ProfileFile::in_dir(dir), Box::new(store.clone())),
        store,
    )
}

#[test]
fn add_rename_remove_keep_the_secret_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let (p, store) = profiles(dir.path());
    let added = p
        .add(
            &input("Acme staging", "https://acme-stg.eu.auth0.com/"),
            Secret::new("s3cret-value"),
            Keep::Keyring,
        )
        .unwrap();
    assert_eq!(added.domain, "acme-stg.eu.auth0.com");
    assert_eq!(added.color, "#b26a00");

    // The file holds metadata only.
    let text = std::fs::read_to_string(p.file().path()).unwrap();
    assert!(text.contains("Acme staging") && text.contains("client-abc"));
    assert!(!text.contains("s3cret-value"));

    let renamed = p.rename("acme STAGING", "Acme pre-prod").unwrap();
    assert_eq!(renamed.id, added.id);
    match p.credentials(&p.get("Acme pre-prod").unwrap()).unwrap() {
        Credentials::ClientCredentials {
            client_id,
            client_secret,
        } => {
            assert_eq!(client_id, "client-abc");
            assert_eq!(client_secret.expose(), "s3cret-value");
        }
        other => panic!("{other:?}"),
    }
    let (views, notice) = p.list().unwrap();
    assert!(notice.is_none());
    assert_eq!(views[0].secret, SecretState::Saved);
    let json = serde_json::to_string(&views).unwrap();
    assert!(!json.contains("s3cret-value") && json.contains("\"secret\":\"saved\""));

    p.remove("Acme pre-prod").unwrap();
    assert!(
        store.load(&added.id).unwrap().is_none(),
        "the secret is deleted with the profile"
    );
    assert_eq!(p.get("Acme pre-prod").unwrap_err().code(), "not_found");
}

#[test]
fn names_are_unique_and_inputs_checked_before_anything_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    p.add(
        &input("Prod", "acme.us.auth0.com"),
        Secret::new("x"),
        Keep::Keyring,
    )
    .unwrap();
    assert_eq!(
        p.add(
            &input("prod", "b.us.auth0.com"),
            Secret::new("x"),
            Keep::Keyring
        )
        .unwrap_err()
        .code(),
        "invalid_input"
    );
    assert_eq!(
        p.add(
            &input("Other", "b.us.auth0.com"),
            Secret::new("  "),
            Keep::Keyring
        )
        .unwrap_err()
        .code(),
        "invalid_input"
    );
    assert_eq!(
        p.add(
            &input("Other", "http://b.us.auth0.com"),
            Secret::new("x"),
            Keep::Keyring
        )
        .unwrap_err()
        .code(),
        "invalid_domain"
    );
    assert_eq!(p.list().unwrap().0.len(), 1);
}

#[test]
fn a_secret_is_only_used_for_its_own_domain() {
    let dir = tempfile::tempdir().unwrap();
    let (p, store) = profiles(dir.path());
    let added = p
        .add(
            &input("Acme", "acme.us.auth0.com"),
            Secret::new("acme-secret"),
            Keep::Keyring,
        )
        .unwrap();

    // Changing the domain without the secret is refused, and nothing changes.
    let moved = input("Acme", "evil.example.com");
    assert_eq!(
        p.edit(&added.id, &moved, None, Keep::Keyring)
            .unwrap_err()
            .code(),
        "secret_missing"
    );
    assert_eq!(p.get("Acme").unwrap().domain, "acme.us.auth0.com");

    // A keyring entry bound to another domain (e.g. tampered with) is never sent.
    let mut tampered = store.load(&added.id).unwrap().unwrap();
    tampered.domain = "evil.example.com".into();
    store.save(&added.id, &tampered).unwrap();
    assert_eq!(
        p.credentials(&p.get("Acme").unwrap()).unwrap_err().code(),
        "secret_missing"
    );
    assert_eq!(p.list().unwrap().0[0].secret, SecretState::NotSet);

    // With the secret re-entered, the new domain works.
    let edited = p
        .edit(
            &added.id,
            &moved,
            Some(Secret::new("new-secret")),
            Keep::Keyring,
        )
        .unwrap();
    assert_eq!(edited.domain, "evil.example.com");
    assert!(p.credentials(&edited).is_ok());
}

#[test]
fn session_only_secrets_live_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (p, store) = profiles(dir.path());
    let added = p
        .add(
            &input("Dev", "dev.us.auth0.com"),
            Secret::new("mem-only"),
            Keep::SessionOnly,
        )
        .unwrap();
    assert!(
        store.load(&added.id).unwrap().is_none(),
        "not in the keyring"
    );
    assert_eq!(p.list().unwrap().0[0].secret, SecretState::SessionOnly);
    assert!(p.credentials(&added).is_ok());
    // A new session (another Profiles on the same file) does not have it.
    let (later, _) = profiles(dir.path());
    assert_eq!(
        later
            .credentials(&later.get("Dev").unwrap())
            .unwrap_err()
            .code(),
        "secret_missing"
    );
}

#[test]
fn last_used_profile_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let a = p
        .add(
            &input("A", "a.us.auth0.com"),
            Secret::new("x"),
            Keep::Keyring,
        )
        .unwrap();
    let b = p
        .add(
            &input("B", "b.us.auth0.com"),
            Secret::new("x"),
            Keep::Keyring,
        )
        .unwrap();
    assert!(p.last_used().unwrap().is_none());
    p.mark_used(&b.id).unwrap();
    p.mark_used(&a.id).unwrap();
    let (again, _) = profiles(dir.path());
    assert_eq!(again.last_used().unwrap().unwrap().id, a.id);
    assert_eq!(again.listing().unwrap().last_profile_id, Some(a.id.clone()));
    assert!(again.get("A").unwrap().last_used_at.is_some());
}

#[test]
fn a_corrupt_file_is_reported_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.json");
    std::fs::write(&path, b"{ this is not json").unwrap();
    let (p, _) = profiles(dir.path());
    let (views, notice) = p.list().unwrap();
    assert!(views.is_empty());
    let notice = notice.expect("the admin is told");
    assert!(
        notice.contains("could not be read") && notice.contains("unreadable-"),
        "{notice}"
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        b"{ this is not json",
        "kept byte for byte"
    );
    // New profiles go to a fresh file.
    p.add(
        &input("New", "n.us.auth0.com"),
        Secret::new("x"),
        Keep::Keyring,
    )
    .unwrap();
    assert_eq!(p.list().unwrap().0.len(), 1);

    // Valid JSON with the wrong shape is set aside too.
    std::fs::write(&path, br#"{"schema_version":1,"profiles":"nope"}"#).unwrap();
    assert!(p.list().unwrap().1.is_some());
}

#[test]
fn a_file_from_a_newer_version_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.json");
    let newer = br#"{"schema_version": 99, "profiles": [], "future": true}"#;
    std::fs::write(&path, newer).unwrap();
    let (p, _) = profiles(dir.path());
    let err = p.list().unwrap_err();
    assert_eq!(err.code(), "profile_file");
    assert!(err.to_string().contains("newer version"));
    assert!(
        p.add(
            &input("X", "x.us.auth0.com"),
            Secret::new("x"),
            Keep::Keyring
        )
        .is_err()
    );
    assert_eq!(std::fs::read(&path).unwrap(), newer);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                // Separate instances, as separate processes would have.
                let (p, _) = profiles(&dir);
                for j in 0..5 {
                    p.add(
                        &input(&format!("t{i}-{j}"), &format!("t{i}-{j}.us.auth0.com")),
                        Secret::new("x"),
                        Keep::Keyring,
                    )
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (p, _) = profiles(dir.path());
    let (views, notice) = p.list().unwrap();
    assert!(notice.is_none());
    assert_eq!(views.len(), 40);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn the_file_is_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(&dir.path().join("cfg"));
    p.add(
        &input("A", "a.us.auth0.com"),
        Secret::new("x"),
        Keep::Keyring,
    )
    .unwrap();
    let mode = std::fs::metadata(p.file().path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(dir.path().join("cfg"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
}

/// A keyring that can be switched off, like a Secret Service that is not running.
#[derive(Clone, Default)]
struct Flaky {
    inner: Shared,
    down: Arc<std::sync::atomic::AtomicBool>,
}
impl Flaky {
    fn set_down(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
    }
    fn check(&self) -> denylist_core::Result<()> {
        if self.down.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(denylist_core::Error::KeyringUnavailable(
                "no Secret Service".into(),
            ));
        }
        Ok(())
    }
}
impl SecretStore for Flaky {
    fn save(
        &self,
        id: &str,
        s: &denylist_profiles::keyring_store::StoredSecret,
    ) -> denylist_core::Result<()> {
        self.check()?;
        self.inner.save(id, s)
    }
    fn load(
        &self,
        id: &str,
    ) -> denylist_core::Result<Option<denylist_profiles::keyring_store::StoredSecret>> {
        self.check()?;
        self.inner.load(id)
    }
    fn delete(&self, id: &str) -> denylist_core::Result<()> {
        self.check()?;
        self.inner.delete(id)
    }
}

#[test]
fn without_a_keyring_profiles_can_still_be_deleted_and_the_secret_goes_later() {
    let dir = tempfile::tempdir().unwrap();
    let store = Flaky::default();
    let p = Profiles::new(ProfileFile::in_dir(dir.path()), Box::new(store.clone()));
    let added = p
        .add(
            &input("Acme", "acme.us.auth0.com"),
            Secret::new("s"),
            Keep::Keyring,
        )
        .unwrap();
    store.set_down(true);
    p.remove("Acme").unwrap();
    assert_eq!(p.list().unwrap().0.len(), 0, "the profile is gone at once");
    assert!(
        p.list_without_keyring().unwrap().is_none(),
        "a secret still waits to be deleted from the keyring"
    );
    store.set_down(false);
    assert!(
        store.inner.load(&added.id).unwrap().is_some(),
        "the keyring entry is still there"
    );
    p.list().unwrap();
    assert!(
        store.inner.load(&added.id).unwrap().is_none(),
        "deleted once the keyring is back"
    );
    let file = std::fs::read_to_string(p.file().path()).unwrap();
    assert!(
        !file.contains(&added.id),
        "nothing pending any more: {file}"
    );
}

#[test]
fn a_keyring_failure_during_an_edit_leaves_the_profile_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = Flaky::default();
    let p = Profiles::new(ProfileFile::in_dir(dir.path()), Box::new(store.clone()));
    let added = p
        .add(
            &input("Acme", "acme.us.auth0.com"),
            Secret::new("old"),
            Keep::Keyring,
        )
        .unwrap();
    store.set_down(true);
    let moved = input("Acme", "acme.eu.auth0.com");
    let err = p
        .edit(&added.id, &moved, Some(Secret::new("new")), Keep::Keyring)
        .unwrap_err();
    assert_eq!(err.code(), "keyring_unavailable");
    store.set_down(false);
    let still = p.get("Acme").unwrap();
    assert_eq!(
        still.domain, "acme.us.auth0.com",
        "the file was not changed"
    );
    assert!(p.credentials(&still).is_ok(), "and its secret still works");
}

#[test]
fn another_application_needs_its_own_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (p, store) = profiles(dir.path());
    let added = p
        .add(
            &input("Acme", "acme.us.auth0.com"),
            Secret::new("secret-a"),
            Keep::Keyring,
        )
        .unwrap();
    let mut other = input("Acme", "acme.us.auth0.com");
    other.client_id = Some("another-app".into());
    assert_eq!(
        p.edit(&added.id, &other, None, Keep::Keyring)
            .unwrap_err()
            .code(),
        "secret_missing"
    );
    // Rebinding to a secret for this session only removes the old one from the keyring.
    p.edit(
        &added.id,
        &other,
        Some(Secret::new("secret-b")),
        Keep::SessionOnly,
    )
    .unwrap();
    assert!(store.load(&added.id).unwrap().is_none());
    assert_eq!(p.list().unwrap().0[0].secret, SecretState::SessionOnly);
}

#[test]
fn metadata_only_profiles_and_setting_a_secret_later() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let saved = p
        .add_without_secret(&input("Later", "later.us.auth0.com"))
        .unwrap();
    assert_eq!(p.list().unwrap().0[0].secret, SecretState::NotSet);
    let err = p.credentials(&saved).unwrap_err();
    assert_eq!(err.code(), "secret_missing");
    assert!(
        err.to_string().contains("No secret is saved") && !err.to_string().contains("denylist"),
        "{err}"
    );
    p.set_secret("Later", Secret::new("now-set"), Keep::Keyring)
        .unwrap();
    assert!(p.credentials(&p.get("later").unwrap()).is_ok());
    assert!(
        p.check_new(&input("later", "x.us.auth0.com")).is_err(),
        "name taken"
    );
}

#[test]
fn a_corrupt_file_is_reported_wherever_it_is_first_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profiles.json"), b"[1, 2").unwrap();
    let (p, _) = profiles(dir.path());
    assert_eq!(p.get("anything").unwrap_err().code(), "not_found");
    let notices = p.take_notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("could not be read"));
    assert!(p.take_notices().is_empty(), "shown once");
}

#[test]
fn testing_a_form_uses_the_saved_secret_only_for_the_same_tenant_and_application() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let saved = p
        .add(
            &input("Acme", "acme.us.auth0.com"),
            Secret::new("saved-secret"),
            Keep::Keyring,
        )
        .unwrap();
    let (domain, creds) = p
        .credentials_to_test(
            &input("Acme", "https://acme.us.auth0.com/"),
            None,
            Some(&saved.id),
        )
        .unwrap();
    assert_eq!(domain.host(), "acme.us.auth0.com");
    assert!(
        matches!(creds, Credentials::ClientCredentials { ref client_secret, .. } if client_secret.expose() == "saved-secret")
    );

    let mut other_app = input("Acme", "acme.us.auth0.com");
    other_app.client_id = Some("another-app".into());
    assert_eq!(
        p.credentials_to_test(&other_app, None, Some(&saved.id))
            .unwrap_err()
            .code(),
        "secret_missing"
    );
    let other_domain = input("Acme", "evil.example.com");
    assert_eq!(
        p.credentials_to_test(&other_domain, None, Some(&saved.id))
            .unwrap_err()
            .code(),
        "secret_missing"
    );
    // A typed secret goes with what is on the form.
    let (_, typed) = p
        .credentials_to_test(&other_app, Some(Secret::new("typed")), Some(&saved.id))
        .unwrap();
    assert!(
        matches!(typed, Credentials::ClientCredentials { ref client_id, .. } if client_id == "another-app")
    );
    assert_eq!(
        p.credentials_to_test(&other_app, None, None)
            .unwrap_err()
            .code(),
        "invalid_input"
    );
}

/// A token cache shared between the `Profiles` under test and the test's own checks.
#[derive(Clone, Default)]
struct SharedTokens(Arc<denylist_profiles::MemoryTokens>);

impl denylist_core::auth0::TokenCache for SharedTokens {
    fn load(
        &self,
        key: &denylist_core::auth0::TokenKey,
    ) -> Option<denylist_core::auth0::CachedToken> {
        self.0.load(key)
    }
    fn store(
        &self,
        key: &denylist_core::auth0::TokenKey,
        token: &denylist_core::auth0::CachedToken,
    ) {
        self.0.store(key, token)
    }
    fn forget(&self, key: &denylist_core::auth0::TokenKey) {
        self.0.forget(key)
    }
}

#[test]
fn a_kept_token_goes_with_a_new_secret_and_with_its_profile() {
    use denylist_core::auth0::{CachedToken, TokenCache, TokenKey};
    let dir = tempfile::tempdir().unwrap();
    let tokens = SharedTokens::default();
    let p = Profiles::new(
        ProfileFile::in_dir(dir.path()),
        Box::new(MemoryStore::default()),
    )
    .with_tokens(Box::new(tokens.clone()));
    let added = p
        .add(
            &input("Acme", "acme.eu.auth0.com"),
            Secret::new("first-secret"),
            Keep::Keyring,
        )
        .unwrap();
    let key = TokenKey {
        domain: "acme.eu.auth0.com".into(),
        client_id: "client-abc".into(),
    };
    let keep_token = || {
        tokens.store(
            &key,
            &CachedToken {
                token: Secret::new("tok"),
                expires_at: 4_000_000_000,
                scopes: None,
            },
        )
    };
    keep_token();
    assert!(tokens.load(&key).is_some());
    p.set_secret(&added.id, Secret::new("second-secret"), Keep::Keyring)
        .unwrap();
    assert!(tokens.load(&key).is_none(), "a new secret drops the token");
    keep_token();
    p.remove(&added.id).unwrap();
    assert!(tokens.load(&key).is_none(), "removing the profile drops it");
}

fn outcome(client_id: &str, created: bool, pem: &str) -> denylist_core::setup::SetupOutcome {
    denylist_core::setup::SetupOutcome {
        domain: denylist_core::TenantDomain::parse("acme.us.auth0.com").unwrap(),
        client_id: client_id.into(),
        application_name: "Deny List Manager — host".into(),
        scopes: vec!["read:connections".into()],
        credential: denylist_core::setup::Credential::PrivateKey {
            pem: Secret::new(pem),
            alg: denylist_core::auth0::SigningAlg::Rs256,
            kid: Some(format!("kid-{pem}")),
            expires_at: Some(4_000_000_000),
        },
        created,
        fell_back_to_secret: None,
        dashboard_link: None,
        notes: Vec::new(),
    }
}

#[test]
fn a_setup_that_reuses_an_application_updates_the_profile_that_signs_in_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (p, store) = profiles(dir.path());
    let (first, said) = p
        .add_from_setup(
            &input("Acme", "acme.us.auth0.com"),
            &outcome("app-1", true, "pem-one"),
        )
        .unwrap();
    assert!(said.is_none() && first.made_by_setup);
    let (again, said) = p
        .add_from_setup(
            &input("Acme again", "acme.us.auth0.com"),
            &outcome("app-1", false, "pem-two"),
        )
        .unwrap();
    assert_eq!(again.id, first.id, "no second profile for one application");
    assert!(said.unwrap().contains("“Acme” already signed in"));
    assert_eq!(p.list().unwrap().0.len(), 1);
    let stored = store.load(&first.id).unwrap().unwrap();
    assert_eq!(
        stored.secret.expose(),
        "pem-two",
        "the new key replaced the old"
    );
    match &again.auth {
        denylist_profiles::AuthMethod::PrivateKey { kid, .. } => {
            assert_eq!(kid.as_deref(), Some("kid-pem-two"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_edit_keeps_the_key_expiry_and_is_no_loosening() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let mut form = input("Acme", "acme.us.auth0.com");
    form.environment = Some(Environment::Production);
    let (saved, _) = p
        .add_from_setup(&form, &outcome("app-1", true, "pem-one"))
        .unwrap();
    // The form as the window sends it: the key's algorithm and id, no expiry, a new colour.
    form.key = Some(denylist_profiles::KeyInput {
        alg: denylist_core::auth0::SigningAlg::Rs256,
        kid: Some("kid-pem-one".into()),
        expires_at: None,
    });
    form.client_id = Some("app-1".into());
    form.color = Some("#123456".into());
    assert!(p.loosening(&saved.id, &form).unwrap().is_empty());
    let edited = p.edit(&saved.id, &form, None, Keep::Keyring).unwrap();
    match edited.auth {
        denylist_profiles::AuthMethod::PrivateKey { key_expires_at, .. } => {
            assert_eq!(key_expires_at, Some(4_000_000_000))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(edited.color, "#123456");
}

#[test]
fn only_an_application_made_by_setup_may_be_deleted_with_its_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let by_hand = p
        .add(
            &input("By hand", "acme.us.auth0.com"),
            Secret::new("s"),
            Keep::Keyring,
        )
        .unwrap();
    let e = by_hand.application_to_delete().unwrap_err();
    assert!(
        e.to_string().contains("not made by this app's setup"),
        "{e}"
    );
    let (made, _) = p
        .add_from_setup(
            &input("Made", "acme.us.auth0.com"),
            &outcome("app-9", true, "pem"),
        )
        .unwrap();
    assert_eq!(made.application_to_delete().unwrap(), "app-9");
}

#[test]
fn listed_without_the_keyring_until_a_profile_is_saved_and_again_once_it_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = profiles(dir.path());
    let first = p.list_without_keyring().unwrap().expect("no file yet");
    assert!(first.profiles.is_empty() && first.notice.is_none());
    p.add(
        &input("Acme", "acme.eu.auth0.com"),
        Secret::new("s3cret-value"),
        Keep::Keyring,
    )
    .unwrap();
    assert!(p.list_without_keyring().unwrap().is_none());
    p.remove("Acme").unwrap();
    assert!(p.list_without_keyring().unwrap().is_some());
}
