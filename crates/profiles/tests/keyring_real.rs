//! Against the real OS keyring (a Secret Service on Linux). Ignored by a plain
//! `cargo test`; scripts/test runs them inside scripts/with-keyring, a private
//! D-Bus session with an unlocked gnome-keyring.

use denylist_core::{Credentials, Secret};
use denylist_profiles::keyring_store::{KeyringStore, SecretKind, SecretStore, StoredSecret};
use denylist_profiles::{Environment, Keep, ProfileFile, ProfileInput, Profiles, SecretState};

fn input(name: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        domain: "acme.eu.auth0.com".into(),
        client_id: Some("m2m-client".into()),
        key: None,
        environment: Some(Environment::Production),
        color: None,
        managed_as_code: None,
    }
}

#[test]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
fn store_read_and_delete_in_the_real_keyring() {
    let id = format!("test-{}", std::process::id());
    let secret = StoredSecret {
        domain: "acme.eu.auth0.com".into(),
        kind: SecretKind::ClientSecret,
        secret: Secret::new("real-keyring-secret-1"),
    };
    KeyringStore.save(&id, &secret).unwrap();
    assert_eq!(KeyringStore.load(&id).unwrap(), Some(secret));
    KeyringStore.delete(&id).unwrap();
    assert_eq!(KeyringStore.load(&id).unwrap(), None);
    KeyringStore.delete(&id).unwrap();
}

#[test]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
fn profiles_keep_secrets_in_the_real_keyring_only() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(ProfileFile::in_dir(dir.path()), Box::new(KeyringStore));
    let p = profiles
        .add(
            &input("Acme EU"),
            Secret::new("real-keyring-secret-2"),
            Keep::Keyring,
        )
        .unwrap();
    // A second instance (a later session) reads it back from the keyring.
    let later = Profiles::new(ProfileFile::in_dir(dir.path()), Box::new(KeyringStore));
    assert_eq!(later.list().unwrap().0[0].secret, SecretState::Saved);
    later.rename("Acme EU", "Acme Europe").unwrap();
    match later
        .credentials(&later.get("Acme Europe").unwrap())
        .unwrap()
    {
        Credentials::ClientCredentials { client_secret, .. } => {
            assert_eq!(client_secret.expose(), "real-keyring-secret-2")
        }
        other => panic!("{other:?}"),
    }
    let file = std::fs::read_to_string(later.file().path()).unwrap();
    assert!(!file.contains("real-keyring-secret-2"));
    later.remove("Acme Europe").unwrap();
    assert_eq!(
        KeyringStore.load(&p.id).unwrap(),
        None,
        "deleted from the keyring with the profile"
    );
}
