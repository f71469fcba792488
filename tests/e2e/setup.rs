//! Connecting a tenant, as a new admin would: one paste (the app makes its own application with a
//! key, and forgets the token), a failure after the creation undone and said, the practice token
//! of the demo tenant, the manual path with a key made here or read from a file, and the
//! credential's life (rotation, removal with the application).

use crate::harness::*;
use auth0_simulator::Simulator;
use std::process::Command;
use std::time::{Duration, Instant};

/// The application a setup made: the one client the seeded tenant did not have.
fn made_client(sim: &Simulator) -> Option<String> {
    sim.tenant(|t| {
        t.clients
            .keys()
            .find(|id| {
                ![
                    APP_ID,
                    LIMITED_ID,
                    READONLY_ID,
                    auth0_simulator::seed::DEMO_CLIENT_ID,
                    auth0_simulator::seed::DEMO_TERRAFORM_CLIENT_ID,
                ]
                .contains(&id.as_str())
            })
            .cloned()
    })
}

async fn paste(app: &App, sim: &Simulator) {
    let token = sim.tenant(|t| t.explorer_token());
    app.click("[data-testid=add-tenant]").await;
    app.type_into("[data-testid=setup-domain]", &sim.base_url())
        .await;
    app.type_into("[data-testid=setup-token]", &token).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn one_paste_connects_a_tenant_with_a_key_and_forgets_the_token() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    paste(&app, &sim).await;
    app.shot("39-setup-paste").await;
    app.click("[data-testid=read-token]").await;
    app.wait("[data-testid=token-facts]").await;
    // The token went to Rust: the field that held it is gone, and nothing in the page holds it.
    let page = app.eval("return document.body.innerHTML").await;
    assert!(
        !page
            .as_str()
            .unwrap_or_default()
            .contains(auth0_simulator::TOKEN_MARK)
    );
    // Every scope the app uses is listed with its purpose before anything is made; untick one.
    let listed = app.texts("[data-testid=scope-list] li").await;
    assert!(
        listed
            .iter()
            .any(|l| l.contains("read:connections") && l.contains("list and read connections")),
        "{listed:?}"
    );
    app.click("[data-scope='read:users'] input").await;
    app.type_into("[data-testid=profile-name]", "127.0.0.1 lab")
        .await;
    app.click("#s-env option[value=production]").await;
    app.eval("document.querySelector('.form-page').scrollTo(0, 0); return true")
        .await;
    app.shot("40-setup-preview").await;
    app.click("[data-testid=run-setup]").await;
    // Production: the native dialog says what will be made, and nothing is made before it.
    let before = app.native_dialog().await;
    assert!(!before.is_empty());
    assert_eq!(made_client(&sim), None);
    app.answer_native("alt+m").await;
    let done = app.wait_text("[data-testid=setup-done]", "connected").await;
    assert!(done.contains("not kept"), "{done}");
    app.wait_text("[data-testid=made-credential]", "key made on this computer")
        .await;
    app.shot("41-setup-done").await;

    let client_id = made_client(&sim).expect("an application was made");
    assert_eq!(
        app.text_of("[data-testid=made-client-id]").await.as_deref(),
        Some(client_id.as_str())
    );
    sim.tenant(|t| {
        let c = &t.clients[&client_id];
        assert!(!c.secret_allowed && c.keys.iter().any(|k| k.attached));
        let grant = t.grants.iter().find(|g| g.client_id == client_id).unwrap();
        assert!(!grant.scope.iter().any(|s| s == "read:users"));
        assert!(grant.scope.iter().any(|s| s == "update:connections"));
    });

    // Open it: the new profile lists connections, signing in with its key only.
    let from = sim.tenant(|t| t.log.len());
    app.click("[data-testid=open-setup-tenant]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    let signers: Vec<Option<String>> = sim.tenant(|t| {
        t.log[from..]
            .iter()
            .map(|r| r.signed_in_as.clone())
            .collect()
    });
    assert!(signers.iter().any(|s| s.as_deref() == Some(&client_id)));
    assert!(
        signers
            .iter()
            .all(|s| s.as_deref().is_none_or(|s| s == client_id)),
        "the pasted token was used after the setup: {signers:?}"
    );
    assert!(sim.tenant(|t| t.assertions_taken(&client_id)) >= 1);

    // Rotation: a new key registered, the earlier one gone; the native dialog asks (production).
    let first_kid = sim.tenant(|t| t.clients[&client_id].keys[0].kid.clone());
    app.click("[data-testid=switch-tenant]").await;
    app.click("[aria-label='Edit 127.0.0.1 lab']").await;
    app.type_into(
        "[data-testid=rotate-token]",
        &sim.tenant(|t| t.explorer_token()),
    )
    .await;
    app.click("[data-testid=rotate]").await;
    app.answer_native("alt+r").await;
    app.wait_text("[data-testid=rotated]", "new key").await;
    app.shot("42-setup-rotated").await;
    let new_kid = sim.tenant(|t| {
        let keys = &t.clients[&client_id].keys;
        assert_eq!(keys.len(), 1);
        assert_ne!(keys[0].kid, first_kid);
        keys[0].kid.clone()
    });
    // The form shows the new credential: saving it now keeps the new Key ID.
    let shown = app
        .eval("return document.querySelector('[data-testid=key-id]').value")
        .await;
    assert_eq!(shown.as_str(), Some(new_kid.as_str()));

    // Removal, with the application: a fresh token, the native dialog, then nothing left.
    app.click("[data-testid=cancel-profile]").await;
    app.click("[aria-label='Delete 127.0.0.1 lab']").await;
    app.type_into(
        "[data-testid=delete-token]",
        &sim.tenant(|t| t.explorer_token()),
    )
    .await;
    app.shot("43-setup-remove").await;
    app.click("[data-testid=confirm-delete]").await;
    app.answer_native("alt+d").await;
    app.wait_text("[data-testid=removed-note]", "its application")
        .await;
    sim.tenant(|t| {
        assert!(!t.clients.contains_key(&client_id));
        assert!(t.grants.iter().all(|g| g.client_id != client_id));
    });
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_failure_after_the_application_is_made_is_undone_and_said() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    paste(&app, &sim).await;
    app.click("[data-testid=read-token]").await;
    app.wait("[data-testid=run-setup]").await;
    // The grant fails (on every try): the application made just before is deleted.
    sim.tenant(|t| t.faults.force(Some("POST"), Some("client-grants"), 500, 20));
    app.click("[data-testid=run-setup]").await;
    let error = app.wait_text("[data-testid=error]", "did not finish").await;
    app.wait("[data-step=undo][data-state=done]").await;
    app.eval("document.querySelector('[data-testid=paste-again]').scrollIntoView({ block: 'end' }); return true")
        .await;
    app.shot("44-setup-undone").await;
    assert!(!error.contains(auth0_simulator::TOKEN_MARK));
    assert_eq!(made_client(&sim), None, "the application was left behind");
    // The token was used up: a new one must be pasted.
    app.wait("[data-testid=paste-again]").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_demo_tenant_can_be_set_up_with_a_practice_token() {
    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    app.click("[data-testid=add-tenant]").await;
    app.click("[data-testid=practice]").await;
    app.wait_text("[data-testid=token-facts]", "practice token")
        .await;
    app.click("[data-testid=run-setup]").await;
    app.wait_text("[data-testid=setup-done]", "demo tenant is set up")
        .await;
    app.wait_text("[data-testid=made-credential]", "key").await;
    app.click("[data-testid=open-setup-tenant]").await;
    app.wait_text("[data-testid=tenant-name]", "set up in one paste")
        .await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    // Nothing was saved: the practice profile lasts for this run only.
    app.click("[data-testid=switch-tenant]").await;
    app.wait("[data-testid=explore-demo]").await;
    assert!(app.text_of("[data-testid=profile-card]").await.is_none());
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn by_hand_the_guide_comes_first_and_a_key_made_here_signs_in() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    app.click("[data-testid=add-tenant]").await;
    app.click("[data-testid=path-manual]").await;
    // The permissions to tick are shown before any test, each with a copy button.
    let guide = app
        .wait_text("[data-testid=manual-guide]", "Machine to Machine")
        .await;
    assert!(guide.contains("Auth0 Management API"), "{guide}");
    assert!(guide.contains("update:connections_options"), "{guide}");
    assert!(
        app.texts("[data-testid=manual-guide] [data-testid=copy]")
            .await
            .len()
            >= 4
    );

    // Switching how it signs in does not carry the typed secret along.
    app.type_into(
        "[data-testid=profile-secret]",
        "typed-secret-NOT-IN-ANY-FILE",
    )
    .await;
    app.click("[data-testid=method-token]").await;
    let carried = app
        .eval("return document.querySelector('[data-testid=profile-secret]').value")
        .await;
    assert_eq!(carried.as_str(), Some(""));

    app.click("[data-testid=method-key]").await;
    app.click("[data-testid=generate-key]").await;
    app.wait("[data-testid=public-key]").await;
    let pem = app
        .eval("return document.querySelector('[data-testid=public-key]').value")
        .await;
    let pem = pem.as_str().unwrap().to_string();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
    // As the admin does under Credentials → Private Key JWT.
    sim.tenant(|t| t.register_public_key(APP_ID, &pem, "RS256"))
        .unwrap();
    app.type_into("[data-testid=profile-name]", "Keyed").await;
    app.type_into("[data-testid=profile-domain]", &sim.base_url())
        .await;
    app.type_into("[data-testid=profile-client-id]", APP_ID)
        .await;
    app.shot("45-setup-by-hand-key").await;
    app.click("[data-testid=test-connection]").await;
    app.wait_text("[data-testid=access-report]", "Connection works")
        .await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    assert!(sim.tenant(|t| t.assertions_taken(APP_ID)) >= 1);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_key_file_is_read_in_a_native_dialog_and_never_reaches_the_window() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = denylist_core::auth0::PrivateKey::generate().unwrap();
    let path = dir.path().join("app-key.pem");
    std::fs::write(&path, key.to_pem().expose()).unwrap();
    sim.tenant(|t| t.register_public_key(APP_ID, &key.public_pem().unwrap(), "RS256"))
        .unwrap();
    let body_line = key.to_pem().expose().lines().nth(2).unwrap().to_string();

    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    app.click("[data-testid=add-tenant]").await;
    app.click("[data-testid=path-manual]").await;
    app.click("[data-testid=method-key]").await;
    app.click("[data-testid=import-key]").await;
    choose_file(&path).await;
    app.wait_text("[data-testid=key-box]", "app-key.pem").await;
    app.type_into("[data-testid=profile-name]", "Imported")
        .await;
    app.type_into("[data-testid=profile-domain]", &sim.base_url())
        .await;
    app.type_into("[data-testid=profile-client-id]", APP_ID)
        .await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    let page = app.eval("return document.documentElement.outerHTML").await;
    assert!(!page.as_str().unwrap_or_default().contains(&body_line));
    let home = app.close().await;
    assert!(
        files_containing(&home.path, &body_line).is_empty(),
        "the private key was written to a file"
    );
}

/// Every file under `dir` holding `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        {
            found.push(path);
        }
    }
    found
}

/// Answer GTK's file chooser as a person would: type the path into its location bar.
async fn choose_file(path: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let id = loop {
        let out = Command::new("xdotool")
            .args([
                "search",
                "--onlyvisible",
                "--name",
                "^Choose the application",
            ])
            .output()
            .expect("xdotool runs");
        if let Some(id) = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
        {
            break id.to_string();
        }
        assert!(Instant::now() < deadline, "no file chooser appeared");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_millis(600)).await;
    let run = |args: &[&str]| {
        let ok = Command::new("xdotool").args(args).status().unwrap();
        assert!(ok.success(), "xdotool {args:?}");
    };
    run(&[
        "windowfocus",
        "--sync",
        &id,
        "key",
        "--clearmodifiers",
        "ctrl+l",
    ]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["type", "--delay", "20", &path.display().to_string()]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["key", "Return"]);
}
