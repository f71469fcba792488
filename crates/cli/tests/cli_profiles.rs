//! Saved profiles through the real `denylist` binary. The tests marked
//! `ignore` need a real Secret Service: scripts/test runs them inside
//! scripts/with-keyring (a private D-Bus session with an unlocked gnome-keyring).

mod common;

use auth0_simulator::Simulator;
use common::*;
use serde_json::{Value, json};

async fn add_profile(
    sim: &Simulator,
    config: &std::path::Path,
    name: &str,
    environment: &str,
) -> Run {
    run_with(
        bare(
            &[
                "profile",
                "add",
                name,
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--environment",
                environment,
                "--secret-stdin",
            ],
            config,
        ),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn a_full_session_with_a_saved_profile_leaves_no_secret_on_disk() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("profiles");
    let cfg = config.path();

    let r = add_profile(&sim, cfg, "Local sim", "staging").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("system keyring"), "{}", r.stdout);

    let doc = run_with(bare(&["--json", "profile", "list"], cfg), "")
        .await
        .json();
    let p = &doc["profiles"][0];
    assert_eq!(p["name"], "Local sim");
    assert_eq!(p["domain"], sim.base_url());
    assert_eq!(p["environment"], "staging");
    assert_eq!(p["secret"], "saved");
    let id = p["id"].as_str().unwrap().to_string();

    let access = run_with(bare(&["--json", "profile", "test", "Local sim"], cfg), "")
        .await
        .json();
    assert_eq!(access["access"]["ready"], true, "{access}");
    let text = run_with(bare(&["profile", "test", "Local sim"], cfg), "").await;
    assert!(
        text.stdout.contains("✓ read:connections_options"),
        "{}",
        text.stdout
    );

    let shown = run_with(
        bare(
            &["--profile", "Local sim", "--json", "show", "customers"],
            cfg,
        ),
        "",
    )
    .await
    .json();
    assert_eq!(shown["non_persistent_attrs"], json!(["gender"]));
    let r = run_with(
        bare(
            &[
                "--profile",
                "Local sim",
                "add",
                "customers",
                "ethnicity",
                "--yes",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stored_list(&sim, ID), json!(["gender", "ethnicity"]));

    // Renaming keeps the secret; the profile is remembered as last used.
    let r = run_with(
        bare(&["profile", "rename", "Local sim", "Simulator"], cfg),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(
        bare(&["--profile", "simulator", "show", "customers"], cfg),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(cfg.join("deny-list-manager/profiles.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["last_profile_id"], id.as_str());

    // No secret anywhere under the config and data folders (the keyring's own file is encrypted).
    let data = std::path::PathBuf::from(
        std::env::var("XDG_DATA_HOME").expect("run inside scripts/with-keyring"),
    );
    for dir in [cfg, data.as_path()] {
        assert!(
            files_containing(dir, CLIENT_SECRET).is_empty(),
            "secret found under {}",
            dir.display()
        );
    }
    // ... and the scan did cover the keyring's own (encrypted) store.
    assert!(
        data.join("keyrings").read_dir().unwrap().count() > 0,
        "the keyring's files live under the data folder"
    );

    // Deleting the profile deletes its secret.
    let r = run_with(bare(&["profile", "remove", "Simulator", "--yes"], cfg), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    use denylist_profiles::SecretStore;
    assert!(denylist_profiles::KeyringStore.load(&id).unwrap().is_none());
    let r = run_with(
        bare(&["--profile", "Simulator", "show", "customers"], cfg),
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no saved profile named"), "{}", r.stderr);
    assert!(
        r.stderr.contains("denylist profile list"),
        "the CLI's hint: {}",
        r.stderr
    );
    let listed = run_with(bare(&["--json", "profile", "list"], cfg), "")
        .await
        .json();
    assert_eq!(listed["profiles"], json!([]), "the removed profile is gone");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn set_secret_and_show_through_the_binary() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let dir = Artifacts::new("set-secret");
    let cfg = dir.path();
    // Saved with a wrong secret, then corrected with set-secret.
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "Fix me",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--secret-stdin",
            ],
            cfg,
        ),
        "wrong-secret\n",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(bare(&["--profile", "Fix me", "connections"], cfg), "").await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did not accept the client ID and secret"),
        "{}",
        r.stderr
    );
    let r = run_with(
        bare(&["profile", "set-secret", "Fix me", "--secret-stdin"], cfg),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("system keyring"), "{}", r.stdout);
    let r = run_with(bare(&["--profile", "Fix me", "connections"], cfg), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // show: the profile, and that a secret is saved (never the secret).
    let shown = run_with(bare(&["--json", "profile", "show", "Fix me"], cfg), "")
        .await
        .json();
    assert_eq!(shown["profile"]["name"], "Fix me");
    assert_eq!(shown["profile"]["secret"], "saved");
    let text = run_with(bare(&["profile", "show", "Fix me"], cfg), "").await;
    assert!(
        text.stdout.contains("Fix me") && text.stdout.contains("saved"),
        "{}",
        text.stdout
    );
    assert!(files_containing(cfg, CLIENT_SECRET).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn production_writes_need_the_tenant_name() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("profiles");
    let cfg = config.path();
    assert_eq!(add_profile(&sim, cfg, "Prod", "production").await.code, 0);
    // The simulator's host is its tenant name.
    let name = "127.0.0.1";

    let r = run_with(
        bare(
            &[
                "--profile",
                "Prod",
                "add",
                "customers",
                "ethnicity",
                "--yes",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--yes is not enough") && r.stderr.contains("--confirm-tenant 127.0.0.1"),
        "{}",
        r.stderr
    );
    let r = run_with(
        bare(
            &[
                "--profile",
                "Prod",
                "add",
                "customers",
                "ethnicity",
                "--confirm-tenant",
                "acme",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    let r = run_with(
        bare(&["--profile", "Prod", "add", "customers", "ethnicity"], cfg),
        "y\n",
    )
    .await;
    assert_eq!(
        r.code, 3,
        "a plain y is not the tenant's name: {}",
        r.stdout
    );
    assert!(r.stdout.contains("PRODUCTION"), "{}", r.stdout);
    assert!(sim.patch_bodies().is_empty());

    let r = run_with(
        bare(&["--profile", "Prod", "add", "customers", "ethnicity"], cfg),
        &format!("{name}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(
        bare(
            &[
                "--profile",
                "Prod",
                "add",
                "customers",
                "picture",
                "--confirm-tenant",
                name,
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        stored_list(&sim, ID),
        json!(["gender", "ethnicity", "picture"])
    );
    // A dry run needs no confirmation, and sends nothing.
    let patches = sim.patch_bodies().len();
    let r = run_with(
        bare(
            &["--profile", "Prod", "clear", "customers", "--dry-run"],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Dry run: nothing was sent"),
        "{}",
        r.stdout
    );
    assert_eq!(sim.patch_bodies().len(), patches);
    assert_eq!(
        stored_list(&sim, ID),
        json!(["gender", "ethnicity", "picture"])
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn profile_test_names_missing_scopes() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("profiles");
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "Limited",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "no-options",
                "--secret-stdin",
            ],
            config.path(),
        ),
        "no-options-secret\n",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(bare(&["profile", "test", "Limited"], config.path()), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("✗ read:connections_options"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Missing scopes needed to edit deny lists: read:connections_options, update:connections_options"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Machine to Machine Applications"),
        "{}",
        r.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_the_secret_is_never_written_to_a_file() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("profiles");
    let cfg = config.path();
    let no_bus = |args: &[&str]| {
        let mut c = bare(args, cfg);
        c.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        c
    };
    let r = run_with(
        no_bus(&[
            "profile",
            "add",
            "Local",
            "--domain",
            &sim.base_url(),
            "--client-id",
            "cli",
            "--secret-stdin",
        ]),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("keyring is not available") && r.stderr.contains("gnome-keyring"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("AUTH0_CLIENT_SECRET"), "{}", r.stderr);
    assert!(
        files_containing(cfg, CLIENT_SECRET).is_empty(),
        "the secret is in no file"
    );
    let listed = run_with(no_bus(&["--json", "profile", "list"]), "")
        .await
        .json();
    assert_eq!(listed["profiles"][0]["name"], "Local");
    assert_eq!(listed["profiles"][0]["secret"], "unknown");

    // The profile works with the secret given for this run only.
    let r = run_with(no_bus(&["--profile", "Local", "show", "customers"]), "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("AUTH0_CLIENT_SECRET"), "{}", r.stderr);
    let mut c = no_bus(&["--profile", "Local", "--json", "show", "customers"]);
    c.env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["non_persistent_attrs"], json!(["gender"]));

    // And it can be deleted without a keyring: it is gone afterwards.
    let r = run_with(no_bus(&["profile", "remove", "Local", "--yes"]), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed = run_with(no_bus(&["--json", "profile", "list"]), "")
        .await
        .json();
    assert_eq!(listed["profiles"], json!([]));
    let r = run_with(no_bus(&["profile", "show", "Local"]), "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no saved profile named"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_saved_as_production_stays_production_with_domain() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("profiles");
    let dir = config.path().join("deny-list-manager");
    private_dir(&dir);
    private_write(
        &dir.join("profiles.json"),
        json!({"schema_version": 1, "profiles": [{
            "id": "p_prod", "name": "Prod", "domain": sim.base_url(),
            "auth": {"kind": "client_credentials", "client_id": "cli"},
            "environment": "production", "color": "#c62828", "created_at": 0, "last_used_at": null
        }]})
        .to_string(),
    );
    let mut c = command(&sim, &["add", "customers", "ethnicity", "--yes"]);
    c.env("XDG_CONFIG_HOME", config.path());
    let r = run_with(c, "").await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--yes is not enough"), "{}", r.stderr);
    assert!(sim.patch_bodies().is_empty());
    let mut c = command(
        &sim,
        &[
            "add",
            "customers",
            "ethnicity",
            "--confirm-tenant",
            "127.0.0.1",
        ],
    );
    c.env("XDG_CONFIG_HOME", config.path());
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stored_list(&sim, ID), json!(["gender", "ethnicity"]));
    assert_eq!(sim.patch_bodies().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_profiles_file_is_reported() {
    let config = Artifacts::new("profiles");
    let dir = config.path().join("deny-list-manager");
    private_dir(&dir);
    private_write(&dir.join("profiles.json"), "{ broken");
    let r = run_with(bare(&["profile", "list"], config.path()), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("could not be read") && r.stderr.contains("unreadable-"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("No saved profiles"));

    // Reached through --profile, the notice is shown too (not just "no such profile").
    private_write(&dir.join("profiles.json"), "{ broken again");
    let r = run_with(
        bare(&["--profile", "Prod", "connections"], config.path()),
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("could not be read") && r.stderr.contains("no saved profile named"),
        "{}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn three_changes_in_three_runs_cost_one_token_and_two_calls_each() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let dir = Artifacts::new("economy");
    let cfg = dir.path();
    assert_eq!(add_profile(&sim, cfg, "Local", "development").await.code, 0);
    for attribute in ["ethnicity", "picture", "birthdate"] {
        let r = run_with(
            bare(&["--profile", "Local", "add", ID, attribute, "--yes"], cfg),
            "",
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (tokens, calls) = sim.tenant(|t| {
        (
            t.requests_to("/oauth/token").len(),
            t.requests_to("/api/v2/").len(),
        )
    });
    assert_eq!(
        tokens, 1,
        "one token for the three runs (kept in the keyring)"
    );
    assert_eq!(calls, 6, "a read and a write per change");
    // By name: one request finds the connection, one writes.
    let r = run_with(
        bare(
            &["--profile", "Local", "add", "customers", "address", "--yes"],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sim.tenant(|t| t.requests_to("/api/v2/").len()), 8);
    // A kept token Auth0 no longer accepts is dropped: one new token, and the change goes through.
    sim.tenant(|t| t.tokens.clear());
    let r = run_with(
        bare(
            &["--profile", "Local", "remove", ID, "address", "--yes"],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sim.tenant(|t| t.requests_to("/oauth/token").len()), 2);
    assert_eq!(
        stored_list(&sim, ID),
        json!(["gender", "ethnicity", "picture", "birthdate"])
    );
    // The token lives in the keyring only, never in a file.
    let data = std::path::PathBuf::from(std::env::var("XDG_DATA_HOME").unwrap());
    for dir in [cfg, data.as_path()] {
        assert!(files_containing(dir, auth0_simulator::TOKEN_MARK).is_empty());
    }
    // Removing the profile removes its kept token: the next sign-in asks Auth0 again.
    assert_eq!(
        run_with(bare(&["profile", "remove", "Local", "--yes"], cfg), "")
            .await
            .code,
        0
    );
    assert_eq!(add_profile(&sim, cfg, "Local", "development").await.code, 0);
    let r = run_with(bare(&["--profile", "Local", "show", ID], cfg), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sim.tenant(|t| t.requests_to("/oauth/token").len()), 3);
}

/// A folder as the app makes it (0700), for a profiles file written by hand.
fn private_dir(dir: &std::path::Path) {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .unwrap();
}

/// A profiles file as the app writes it (0600), by hand.
fn private_write(path: &std::path::Path, text: impl AsRef<[u8]>) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_or_pasted_token_running_out_is_said_on_the_list_and_before_a_command() {
    let config = Artifacts::new("expiry");
    let dir = config.path().join("deny-list-manager");
    private_dir(&dir);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    private_write(
        &dir.join("profiles.json"),
        json!({"schema_version": 1, "profiles": [
            {"id": "p_key", "name": "Keyed", "domain": "keyed.eu.auth0.com",
             "auth": {"kind": "private_key", "client_id": "cli", "alg": "RS256", "kid": null,
                      "key_expires_at": now + 5 * 86400 - 60},
             "environment": "development", "color": "#2e7d32", "created_at": 0, "last_used_at": null},
            {"id": "p_tok", "name": "Pasted", "domain": "pasted.eu.auth0.com",
             "auth": {"kind": "token"}, "token_expires_at": now + 3 * 3600 - 60,
             "environment": "development", "color": "#2e7d32", "created_at": 0, "last_used_at": null},
            {"id": "p_ok", "name": "Fine", "domain": "fine.eu.auth0.com",
             "auth": {"kind": "private_key", "client_id": "cli2", "alg": "RS256", "kid": null,
                      "key_expires_at": now + 200 * 86400},
             "environment": "development", "color": "#2e7d32", "created_at": 0, "last_used_at": null}
        ]})
        .to_string(),
    );
    let r = run_with(bare(&["profile", "list"], config.path()), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Keyed: Its key expires in 5 days"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Pasted: It signs in with a pasted token, which expires in 3 h"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Fine:"), "{}", r.stdout);
    // Before any command on it (here one that then stops for want of a keyring or a secret).
    let r = run_with(
        bare(&["--profile", "Keyed", "connections"], config.path()),
        "",
    )
    .await;
    assert!(
        r.stderr
            .contains("warning: Keyed: Its key expires in 5 days"),
        "{}",
        r.stderr
    );
    let r = run_with(
        bare(&["--profile", "Fine", "connections"], config.path()),
        "",
    )
    .await;
    assert!(!r.stderr.contains("expires"), "{}", r.stderr);
}
