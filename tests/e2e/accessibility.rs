//! Accessibility: axe-core on every screen (no serious or critical violation), and the whole
//! change made with the keyboard only, focus landing on each new screen's heading.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn every_screen_passes_an_accessibility_audit() {
    let app = App::launch().await;
    app.wait("[data-testid=explore-demo]").await;
    app.axe("welcome").await;
    app.click("[data-testid=add-tenant]").await;
    app.wait("[data-testid=setup-token]").await;
    app.axe("setup-one-paste").await;
    app.click("[data-testid=path-manual]").await;
    app.wait("[data-testid=manual-guide]").await;
    app.axe("setup-by-hand").await;
    app.click("[data-testid=method-key]").await;
    app.click("[data-testid=generate-key]").await;
    app.wait("[data-testid=public-key]").await;
    app.axe("setup-by-hand-key").await;
    app.click("[data-testid=cancel-profile]").await;
    // A filled form asks before it is discarded.
    app.wait("[data-testid=confirm-discard]").await;
    app.click("[data-testid=discard-changes]").await;
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    app.axe("connections").await;
    app.open_connection("Username-Password-Authentication")
        .await;
    app.type_into("[data-testid=attribute-input]", "gneder")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "Did you mean")
        .await;
    app.axe("editor").await;
    app.type_into("[data-testid=attribute-input]", &format!("gender{ENTER}"))
        .await;
    // Enter adds once Rust has checked the name: until then there is nothing to review.
    app.wait_text("[data-testid=draft-chips]", "gender").await;
    app.click("[data-testid=review-change]").await;
    app.wait("[data-testid=apply-change]").await;
    // The counts, not the spinner that says it is counting them.
    app.wait("[data-testid=already-stored] [data-testid=stored-count]")
        .await;
    app.axe("review").await;
    app.click("[data-testid=open-limitations]").await;
    app.wait("[data-testid=limitation]").await;
    app.axe("limitations").await;
    app.keys("\u{E00C}").await; // Escape
    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    app.axe("result").await;
    app.click("[data-testid=result-edit-again]").await;
    app.wait("[data-testid=attribute-input]").await;
    app.type_into(
        "[data-testid=attribute-input]",
        &format!("birthdate{ENTER}"),
    )
    .await;
    app.wait_text("[data-testid=draft-chips]", "birthdate")
        .await;
    app.click("[data-testid=back-to-connections]").await;
    app.wait("[data-testid=confirm-discard]").await;
    app.axe("confirm-discard").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_change_made_with_the_keyboard_only() {
    let app = App::launch().await;
    // The welcome screen lists the saved tenants first (a keyring call): Tab once it is there.
    app.wait("[data-testid=explore-demo]").await;
    app.tab_to("[data-testid=explore-demo]").await;
    app.keys(ENTER).await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    app.tab_to("[data-testid=search]").await;
    app.keys("okta-workforce").await;
    app.wait_text("[data-testid=connections-count]", "1 of")
        .await;
    app.tab_to("[data-testid=connection-row]").await;
    app.shot("28-keyboard-row-focus").await;
    app.keys(ENTER).await;
    app.wait_text("[data-testid=editor-title]", "okta-workforce")
        .await;
    assert!(
        app.focused("[data-testid=editor-title]").await,
        "focus on the editor's heading"
    );
    app.tab_to("[data-testid=attribute-input]").await;
    app.keys(&format!("picture{ENTER}")).await;
    app.wait_text("[data-testid=draft-chips]", "picture").await;
    app.tab_to("[data-testid=review-change]").await;
    app.keys(ENTER).await;
    app.wait("[data-testid=apply-change]").await;
    app.tab_to("[data-testid=apply-change]").await;
    app.keys(ENTER).await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    assert!(
        app.focused("[data-testid=apply-result] h1").await,
        "focus on the result after Apply"
    );
    app.tab_to("[data-testid=back-to-list]").await;
    app.keys(ENTER).await;
    app.wait("[data-testid=connection-row]").await;
    assert!(app.focused("h1").await, "focus on the list's heading");
    app.close().await;
}
