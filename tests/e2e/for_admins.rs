//! As a non-technical admin would meet it: misspellings and case twins, what a removal
//! means, what is already stored, changes never lost without asking, a test that never
//! answers, plain words (labels, jargon, documentation links), and small windows.

use crate::harness::*;
use auth0_simulator::{Simulator, seed};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn misspellings_case_twins_and_duplicates_are_said() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    app.open_connection("Username-Password-Authentication")
        .await;
    // Focus lands on the editor's heading once the connection is read.
    assert!(app.focused("[data-testid=editor-title]").await);

    app.type_into("[data-testid=attribute-input]", "gneder")
        .await;
    let said = app
        .wait_text("[data-testid=attribute-feedback]", "Did you mean “gender”?")
        .await;
    assert!(
        !said.contains("press Enter"),
        "a likely typo is not approved: {said}"
    );
    app.shot("19-did-you-mean").await;
    app.click("[data-testid=did-you-mean]").await;
    app.wait_text("[data-testid=draft-chips]", "gender").await;

    app.type_into("[data-testid=attribute-input]", "Gender")
        .await;
    app.wait_text(
        "[data-testid=attribute-feedback]",
        "only in upper and lower case",
    )
    .await;
    app.type_into(
        "[data-testid=attribute-input]",
        &format!("ethnicity{ENTER}"),
    )
    .await;
    app.wait_text(
        "[data-testid=attribute-feedback]",
        "already on the list: adding it again changes nothing",
    )
    .await;
    assert_eq!(
        app.texts("[data-testid=draft-chips] [data-testid=chip]")
            .await,
        ["ethnicity", "gender"]
    );

    // A SAML connection offers what it receives first.
    app.click("[data-testid=back-to-connections]").await;
    app.click("[data-testid=discard-changes]").await;
    app.open_connection("acme-corp-saml").await;
    let received = app
        .wait_text("[data-testid=received]", "This connection receives")
        .await;
    assert!(
        received.contains("surname") && received.contains("family_name"),
        "{received}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_review_says_what_removal_means_and_what_is_already_stored() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    app.open_connection("Username-Password-Authentication")
        .await;
    // What the list already denies, counted when asked: users who still have it stored.
    app.click("[data-testid=count-stored-denied]").await;
    let still = app
        .wait_text(
            "[data-testid=still-stored] [data-testid=stored-count][data-attribute=ethnicity]",
            "ethnicity",
        )
        .await;
    assert!(
        still.contains("of this connection still") || still.contains("No user of this connection"),
        "{still}"
    );
    app.shot("53-editor-still-stored").await;
    app.click("[data-testid=chip][data-value=ethnicity] [data-testid=remove-chip]")
        .await;
    app.type_into("[data-testid=attribute-input]", &format!("name{ENTER}"))
        .await;
    app.wait_text("[data-testid=draft-chips]", "name").await;
    app.add_and_review("gender").await;
    let removal = app
        .wait_text(
            "[data-testid=removal-meaning]",
            "will store “ethnicity” again",
        )
        .await;
    assert!(removal.contains("next login"), "{removal}");
    let stored = app
        .wait_text(
            "[data-testid=stored-count][data-attribute=gender]",
            "57 users",
        )
        .await;
    assert!(stored.contains("still have gender stored"), "{stored}");
    let box_text = app
        .wait_text("[data-testid=already-stored]", "does not say")
        .await;
    // How to remove what is stored: for gender, which 57 users have; nothing about name, which
    // no user has (a root attribute, removable with Update a User).
    assert!(
        box_text.contains("no documented one-by-one removal"),
        "{box_text}"
    );
    assert!(!box_text.contains("PATCH /api/v2/users"), "{box_text}");
    // The severity tags are explained, from the keyboard.
    app.click("[data-testid=review-warnings] [data-testid=severity-legend] summary")
        .await;
    // Open, not only present (a closed <details> holds its text too).
    app.wait_text(
        "[data-testid=review-warnings] [data-testid=severity-legend][open]",
        "You can still apply the change",
    )
    .await;
    app.shot("20-review-removal-and-stored").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn changes_not_applied_are_never_lost_without_asking() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;
    app.open_connection("okta-workforce").await;
    app.type_into("[data-testid=attribute-input]", &format!("picture{ENTER}"))
        .await;
    app.wait_text("[data-testid=draft-chips]", "picture").await;

    // Back to the list: asked; keeping editing keeps the draft.
    app.click("[data-testid=back-to-connections]").await;
    app.wait_text("[data-testid=confirm-discard]", "not applied yet")
        .await;
    app.shot("21-confirm-discard").await;
    app.click("[data-testid=keep-editing]").await;
    app.wait_gone("[data-testid=confirm-discard]").await;
    app.wait_text("[data-testid=draft-chips]", "picture").await;

    // The Limitations panel and back: the draft is still there.
    app.click("[data-testid=open-limitations]").await;
    app.wait("[data-testid=limitation]").await;
    app.keys("\u{E00C}").await; // Escape
    app.wait_gone("[data-testid=limitation]").await;
    app.wait_text("[data-testid=draft-chips]", "picture").await;

    // Closing the window: asked too (the window manager's close request).
    let closer = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/close-window.py");
    let status = std::process::Command::new("python3")
        .arg(&closer)
        .status()
        .expect("python3 runs");
    assert!(
        status.success(),
        "the app's window was found and asked to close"
    );
    app.wait_text("[data-testid=confirm-discard]", "not applied yet")
        .await;
    app.click("[data-testid=keep-editing]").await;
    app.wait_gone("[data-testid=confirm-discard]").await;
    app.wait_text("[data-testid=draft-chips]", "picture").await;

    // Switching tenant: asked; discarding leaves, and nothing was written.
    app.click("[data-testid=switch-tenant]").await;
    app.wait("[data-testid=confirm-discard]").await;
    app.click("[data-testid=discard-changes]").await;
    app.wait("[data-testid=add-tenant]").await;
    assert!(sim.patch_bodies().is_empty());
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_test_that_never_answers_can_be_cancelled_and_failures_are_plain() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;

    // A domain that does not exist: plain words, and saving is a deliberate choice.
    app.add_tenant("Typo", "acme.invalid", APP_ID, APP_SECRET, "development")
        .await;
    app.click("[data-testid=test-connection]").await;
    let error = app.wait_text("[data-testid=error]", "acme.invalid").await;
    assert!(
        !error.contains("dns error") && !error.contains("client error"),
        "{error}"
    );
    assert!(
        error.contains("The test did not work") && !error.contains("Not saved"),
        "{error}"
    );
    app.wait_text("[data-testid=save-profile]", "Save anyway")
        .await;
    app.shot("22-test-failed").await;

    // A tenant that never answers: elapsed time, then Cancel.
    sim.tenant(|t| t.faults.latency = Duration::from_secs(60));
    app.type_into("[data-testid=profile-domain]", &sim.base_url())
        .await;
    app.click("[data-testid=test-connection]").await;
    let started = Instant::now();
    app.wait_text(".buttons", "2 s").await;
    app.shot("23-test-running").await;
    app.click("[data-testid=cancel-test]").await;
    app.wait_text("[data-testid=error][data-code=cancelled]", "cancelled")
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // Left to run, it gives up by itself with a plain reason well before two minutes.
    app.click("[data-testid=test-connection]").await;
    let error = app
        .wait_text("[data-testid=error]", "did not answer in time")
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}: {error}",
        started.elapsed()
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn plain_words_jargon_and_documentation_links() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    // The demo is "on this computer", not an address.
    let domain = app
        .wait_text("[data-testid=tenant-domain]", "on this computer")
        .await;
    assert!(!domain.contains("127.0.0.1"), "{domain}");
    app.click("[data-testid=open-limitations]").await;
    let glossary = app.wait_text("[data-testid=glossary]", "Token").await;
    for term in [
        "Rule",
        "Action",
        "Custom claim",
        "Delegation",
        "Impersonation",
        "SAMLP",
        "identity provider",
    ] {
        assert!(glossary.contains(term), "{term}: {glossary}");
    }
    app.wait_text(
        "[data-testid=already-stored-general]",
        "What about values already stored",
    )
    .await;
    // Documentation opens in the system browser, and only Auth0's documentation.
    app.click("[data-testid=limitation] summary").await;
    app.click("[data-testid=open-docs]").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let opened = loop {
        let log = std::fs::read_to_string(app.home.opened_log()).unwrap_or_default();
        if !log.is_empty() || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        opened.trim_end().starts_with("https://auth0.com/docs/"),
        "opened: {opened:?}"
    );
    let refused = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('open_docs', { url: 'https://auth0.com.evil.example/docs/x' })
               .then((r) => done({ ok: r }), (e) => done({ err: e }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused["err"]["code"], "invalid_input", "{refused}");
    app.shot("24-glossary").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_smallest_and_a_large_window() {
    let mut t = tenant();
    t.add_connection(
        json!({"id": "con_longNames0000001", "name": "a-connection-with-a-rather-long-name",
        "strategy": "oidc", "options": {"non_persistent_attrs": []}}),
    );
    let sim = Simulator::start(t).await.unwrap();
    let app = App::launch().await;
    app.set_size(880, 600).await;
    app.save_tenant("Acme production", &sim, "production").await;
    app.wait("[data-testid=production-badge]").await;
    // The header stays on one line: no button wraps.
    let tall = app
        .eval("return document.querySelector('[data-testid=switch-tenant]').getBoundingClientRect().height")
        .await;
    assert!(
        tall.as_f64().unwrap() < 45.0,
        "the switch button wrapped: {tall}"
    );
    app.assert_tenant_box_fits().await;
    app.shot("25-small-connections").await;

    // The search keeps its text when coming back to the list.
    app.open_connection("a-connection-with-a-rather-long-name")
        .await;
    let long = format!(
        "https://claims.example.com/{}",
        "very-long-segment/".repeat(8)
    );
    app.type_into("[data-testid=attribute-input]", &format!("{long}{ENTER}"))
        .await;
    // The footer counts the change at once, and the long chip stays inside its card.
    app.wait_text("[data-testid=change-summary]", "1 added")
        .await;
    let fits = app
        .eval(
            "const chip = document.querySelector('[data-testid=draft-chips] [data-testid=chip]').getBoundingClientRect();
             const card = document.querySelector('[data-testid=draft-chips]').getBoundingClientRect();
             return chip.right <= card.right + 1;",
        )
        .await;
    assert_eq!(fits, json!(true), "the long chip runs off the card");
    app.shot("26-small-editor").await;
    app.click("[data-testid=review-change]").await;
    let prompt = app
        .wait_text(
            "[data-testid=confirm-production]",
            "type the tenant's domain name",
        )
        .await;
    assert!(prompt.contains("127.0.0.1"), "{prompt}");
    app.click("[data-testid=back-to-editor]").await;
    // At once, even before the connection is read again: the kept changes are not lost silently.
    app.click("[data-testid=back-to-connections]").await;
    app.click("[data-testid=discard-changes]").await;
    let search = app.wait("[data-testid=search]").await;
    assert_eq!(
        search.prop("value").await.unwrap().as_deref(),
        Some("a-connection-with-a-rather-long-name")
    );

    app.set_size(1920, 1080).await;
    search.clear().await.unwrap();
    app.wait_text("[data-testid=connections-count]", "19 connections")
        .await;
    app.shot("27-large-connections").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn claims_other_connections_deny_are_known_names() {
    let mut t = tenant();
    for c in seed::generated(30) {
        t.add_connection(c);
    }
    t.add_connection(
        json!({"id": "con_claimsElsewhere1", "name": "uses-a-claim", "strategy": "samlp",
        "options": {"non_persistent_attrs": ["https://acme.example/claims/employee_number"]}}),
    );
    let sim = Simulator::start(t).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;
    app.wait_text("[data-testid=connections-count]", "49 connections")
        .await;
    app.open_connection("okta-workforce").await;
    // A misspelling of a claim another connection already denies is caught.
    app.type_into(
        "[data-testid=attribute-input]",
        "https://acme.example/claims/employe_number",
    )
    .await;
    app.wait_text(
        "[data-testid=attribute-feedback]",
        "https://acme.example/claims/employee_number",
    )
    .await;
    app.close().await;
}
