//! Adding a tenant, editing, reviewing and applying; conflicts, scopes, production, the demo,
//! scale, themes, and replies that differ from what was written.

use crate::harness::*;
use auth0_simulator::{Simulator, seed};
use fantoccini::Locator;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn add_a_tenant_test_it_edit_review_and_apply() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let original = sim.stored(DB).unwrap();
    let app = App::launch().await;

    app.wait("[data-testid=explore-demo]").await;
    app.shot("01-welcome").await;

    app.add_tenant(
        "Acme staging",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "staging",
    )
    .await;
    app.click("[data-testid=test-connection]").await;
    let report = app
        .wait_text("[data-testid=access-report]", "Connection works")
        .await;
    assert!(report.contains("update:connections_options"), "{report}");
    app.shot("02-add-tenant").await;

    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=tenant-name]", "Acme staging")
        .await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.shot("03-connections").await;

    // Filter by type, then search and open.
    app.click("[data-testid=kind-enterprise]").await;
    app.wait_text("[data-testid=connections-count]", "of 18")
        .await;
    app.click("[data-testid=kind-all]").await;
    app.open_connection("Username-Password-Authentication")
        .await;
    assert_eq!(
        app.texts("[data-testid=draft-chips] [data-testid=chip]")
            .await,
        ["ethnicity"]
    );

    // Validation as you type, with the reason.
    app.type_into("[data-testid=attribute-input]", "address.country")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "only root fields")
        .await;
    app.shot("04-editor-validation").await;
    // Add by keyboard, by suggestion, and an understood `user.` prefix.
    app.type_into("[data-testid=attribute-input]", &format!("gender{ENTER}"))
        .await;
    app.wait_text("[data-testid=draft-chips]", "gender").await;
    app.type_into("[data-testid=attribute-input]", "user.name")
        .await;
    app.wait_text(
        "[data-testid=attribute-feedback]",
        "no longer included in tokens",
    )
    .await;
    app.click("[data-testid=add-attribute]").await;
    app.click("[data-testid=suggestion]").await; // the first common attribute not listed
    app.wait_text("[data-testid=change-summary]", "3 added")
        .await;
    app.wait_text(
        "[data-testid=attribute-warnings]",
        "no longer included in tokens",
    )
    .await;
    app.click("[data-testid=chip][data-value=ethnicity] [data-testid=remove-chip]")
        .await;
    let draft = app
        .texts("[data-testid=draft-chips] [data-testid=chip]")
        .await;
    assert_eq!(draft[..2], ["gender".to_string(), "name".to_string()]);
    assert_eq!(draft.len(), 3, "{draft:?}");
    app.shot("05-editor").await;

    app.click("[data-testid=review-change]").await;
    app.wait_text("[data-testid=kept-settings]", "other settings")
        .await;
    assert_eq!(
        app.texts("[data-testid=before-chips] [data-testid=chip]")
            .await,
        ["ethnicity"]
    );
    assert_eq!(
        app.texts("[data-testid=after-chips] [data-testid=chip]")
            .await,
        draft
    );
    app.wait_text("[data-testid=review-warnings]", "name").await;
    app.shot("06-review").await;

    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    app.shot("07-applied").await;

    let stored = sim.stored(DB).unwrap();
    assert_eq!(stored["options"]["non_persistent_attrs"], json!(draft));
    assert_only_deny_list_changed(&original, &stored);

    // The list shows the new size.
    app.click("[data-testid=back-to-list]").await;
    app.wait("[data-testid=connection-row][data-name=\"Username-Password-Authentication\"]")
        .await;
    app.wait_text(
        "[data-testid=connection-row][data-name=\"Username-Password-Authentication\"]",
        "3 denied",
    )
    .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_concurrent_edit_is_shown_as_a_conflict_and_nothing_is_written() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;

    // Someone else changes the list while the admin reviews (reviewing takes a person a moment:
    // an Apply within a few seconds of the review would write with the review's own read).
    let id = "con_DemoOktaWorkforc1";
    sim.tenant(|t| {
        t.connection_mut(id).unwrap()["options"]["non_persistent_attrs"] = json!(["birthdate"])
    });
    tokio::time::sleep(
        denylist_core::change::plan::FRESH_FOR + std::time::Duration::from_millis(500),
    )
    .await;
    app.click("[data-testid=apply-change]").await;
    let message = app
        .wait_text(
            "[data-testid=error][data-code=conflict]",
            "changed by someone else",
        )
        .await;
    assert!(message.contains("[birthdate]"), "{message}");
    app.shot("08-conflict").await;
    assert!(sim.patch_bodies().is_empty());
    assert_eq!(
        stored_options(&sim, id)["non_persistent_attrs"],
        json!(["birthdate"])
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn missing_scopes_are_explained_and_nothing_is_written() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Limited app",
        &sim.base_url(),
        LIMITED_ID,
        LIMITED_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=test-connection]").await;
    let report = app
        .wait_text("[data-testid=access-report]", "Missing scopes")
        .await;
    assert!(report.contains("read:connections_options"), "{report}");
    app.shot("09-missing-scopes").await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.wait_text(
        "[data-testid=connection-row][data-name=\"google-oauth2\"]",
        "unknown",
    )
    .await;
    app.open_connection("google-oauth2").await;
    app.wait_text(".notice.error", "read:connections_options")
        .await;
    assert!(
        app.client
            .find(Locator::Css("[data-testid=attribute-input]"))
            .await
            .is_err(),
        "no editing without options"
    );
    assert!(sim.patch_bodies().is_empty());

    // A token that may read but not write: the review's Apply explains the missing scope.
    app.click("[data-testid=switch-tenant]").await;
    app.add_tenant(
        "Read-only app",
        &sim.base_url(),
        READONLY_ID,
        READONLY_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=save-profile]").await;
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    let error = app
        .wait_text(
            "[data-testid=error][data-code=missing_scope]",
            "update:connections",
        )
        .await;
    assert!(error.contains("Machine to Machine Applications"), "{error}");
    app.shot("14-missing-write-scope").await;
    // Auth0 refused the write (there was one, and it was refused): nothing changed.
    let patches: Vec<u16> = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| r.status)
        .collect();
    assert_eq!(patches, [403], "one PATCH, refused");
    assert_eq!(
        stored_options(&sim, "con_DemoOktaWorkforc1")["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn production_asks_for_the_tenant_name_in_the_window_and_in_rust_and_is_restored_at_start() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme production", &sim, "production").await;
    app.wait("[data-testid=production-badge]").await;
    app.open_connection("partners-oidc").await;
    app.add_and_review("gender").await;
    let apply = app.wait("[data-testid=apply-change]").await;
    assert!(
        !apply.is_enabled().await.unwrap(),
        "apply waits for the tenant's name"
    );
    app.type_into("[data-testid=confirm-tenant]", "acme").await;
    assert!(!apply.is_enabled().await.unwrap());
    app.type_into("[data-testid=confirm-tenant]", "127.0.0.1")
        .await;
    app.shot("10-review-production").await;
    assert!(apply.is_enabled().await.unwrap());
    // The window is not the only guard: the command itself refuses a write without the name.
    let refused = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const planId = document.querySelector('[data-plan-id]').dataset.planId;
             window.__TAURI_INTERNALS__.invoke('apply_plan', { planId, confirmTenant: 'acme', configuration: null, withoutHistory: false })
               .then((r) => done({ ok: r }), (e) => done({ err: e }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused["err"]["code"], "confirmation_required", "{refused}");
    assert!(sim.patch_bodies().is_empty());
    // Nor is the right name enough: a script that calls the command itself still meets the native
    // dialog, which the window cannot answer; Cancel there writes nothing.
    app.client
        .execute(
            "const planId = document.querySelector('[data-plan-id]').dataset.planId;
             window.__TAURI_INTERNALS__.invoke('apply_plan', { planId, confirmTenant: '127.0.0.1', configuration: null, withoutHistory: false })
               .then((r) => (window.__bypass = { ok: r }), (e) => (window.__bypass = { err: e }));",
            vec![],
        )
        .await
        .unwrap();
    app.native_dialog().await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert!(
        sim.patch_bodies().is_empty(),
        "written before the native answer"
    );
    app.answer_native("Escape").await;
    let mut bypass = Value::Null;
    for _ in 0..100 {
        bypass = app.eval("return window.__bypass ?? null").await;
        if !bypass.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(bypass["err"]["code"], "cancelled", "{bypass}");
    assert!(sim.patch_bodies().is_empty(), "written after Cancel");
    apply.click().await.unwrap();
    app.answer_native("alt+a").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    assert_eq!(
        stored_options(&sim, "con_DemoPartnersOidc1")["non_persistent_attrs"],
        json!(["birthdate", "gender"])
    );

    // Back on the welcome screen, the saved tenant is listed (its secret in the keyring).
    app.click("[data-testid=switch-tenant]").await;
    app.wait_text(
        "[data-testid=profile-card]",
        "Secret saved in the system keyring",
    )
    .await;
    app.shot("11-tenants").await;
    app.click("[data-testid=open-profile]").await;
    app.wait("[data-testid=connections-count]").await;
    let config = app.close().await;

    // Started again, the app reopens the tenant used last (its secret read from the keyring).
    let again = App::launch_with(config).await;
    again
        .wait_text("[data-testid=tenant-name]", "Acme production")
        .await;
    again
        .wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    again.wait("[data-testid=production-badge]").await;
    again.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_demo_tenant_and_the_limitations_panel() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=tenant-name]", "Demo tenant")
        .await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.assert_tenant_box_fits().await;
    // The SAML connection in Debug mode is flagged in the list.
    app.wait(
        "[data-testid=connection-row][data-name=\"acme-corp-saml\"] [data-testid=connection-alert]",
    )
    .await;
    app.open_connection("acme-corp-saml").await;
    app.wait_text("[data-testid=connection-warning]", "Debug mode")
        .await;
    // An identity provider's claim name with a dot is accepted here, with a note.
    app.type_into("[data-testid=attribute-input]", "employee.id")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "kept as a claim name")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "field inside an object")
        .await;
    app.wait("[data-testid=attribute-input]")
        .await
        .clear()
        .await
        .unwrap();
    app.shot("12-demo-editor").await;
    app.click("[data-testid=open-limitations]").await;
    app.wait("[data-testid=limitation]").await;
    // Live results for the demo tenant: an MFA factor, a redirecting Action, rules left over, a legacy SSO application.
    let live = app
        .wait_text(
            "[data-testid=tenant-findings]",
            "Multi-factor authentication",
        )
        .await;
    assert!(live.contains("Redirect to accept the terms"), "{live}");
    assert!(live.contains("Rules no longer run"), "{live}");
    assert!(live.contains("Legacy intranet"), "{live}");
    let count = app
        .client
        .find_all(Locator::Css("[data-testid=limitation]"))
        .await
        .unwrap()
        .len();
    assert!(count >= 9, "{count}");
    app.click("[data-testid=limitation] summary").await;
    app.shot("13-limitations").await;
    // Auth0's way out, with an example to copy.
    app.click("[data-testid=way-out] summary").await;
    let example = app
        .wait_text(
            "[data-testid=way-out][open] [data-testid=way-out-example]",
            "api.user.setAppMetadata",
        )
        .await;
    assert!(example.contains("aes-256-gcm"), "{example}");
    app.client
        .execute(
            "document.querySelector('[data-testid=way-out]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.shot("17-way-out").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn thirteen_hundred_connections_load_and_filter() {
    let mut t = tenant();
    for c in seed::generated(1300) {
        t.add_connection(c);
    }
    // A paid tenant's limit, so the bulk run below takes seconds, not the demo's 5 a second.
    t.rate_limit = Some(auth0_simulator::RateLimit::new(100, 100.0));
    let sim = Simulator::start(t).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Big tenant", &sim, "staging").await;
    app.wait_text("[data-testid=connections-count]", "1318 connections")
        .await;
    // Only the rows in view are in the page.
    let rendered = app
        .client
        .find_all(Locator::Css("[data-testid=connection-row]"))
        .await
        .unwrap()
        .len();
    assert!(rendered < 60, "{rendered} rows rendered");

    // A bulk dry run over all of them: a few hundred rows at a time, filtered on demand.
    app.click("[data-testid=select-shown]").await;
    app.wait_text("[data-testid=selected-count]", "1318 ticked")
        .await;
    app.click("[data-testid=bulk-change]").await;
    app.type_into("[data-testid=bulk-attributes]", "religion")
        .await;
    app.click("[data-testid=bulk-dry-run]").await;
    app.wait_text("[data-testid=plan-more]", "Showing 200 of 1318")
        .await;
    let rows = |skipped: bool| {
        format!(
            "return document.querySelectorAll('[data-testid=bulk-plan-row]{}').length;",
            if skipped { "[data-skipped=true]" } else { "" }
        )
    };
    assert_eq!(app.eval(&rows(false)).await, json!(200));
    app.click("[data-testid=plan-more-button]").await;
    app.wait_text("[data-testid=plan-more]", "Showing 400 of 1318")
        .await;
    assert_eq!(app.eval(&rows(false)).await, json!(400));
    // To the end: the button goes, and the focus stays on the line that says all are shown.
    for _ in 0..10 {
        if app
            .text_of("[data-testid=plan-more]")
            .await
            .is_some_and(|t| t.contains("Showing all"))
        {
            break;
        }
        app.click("[data-testid=plan-more-button]").await;
    }
    app.wait_text("[data-testid=plan-more]", "Showing all 1318")
        .await;
    assert!(app.focused("[data-testid=plan-more]").await);
    assert_eq!(app.eval(&rows(false)).await, json!(1318));
    app.click("[data-testid=plan-filter-skipped]").await;
    app.wait_gone("[data-testid=plan-more]").await;
    let skipped = app.eval(&rows(true)).await;
    assert!(skipped.as_u64().unwrap() > 0, "{skipped}");
    assert_eq!(app.eval(&rows(false)).await, skipped);
    assert!(sim.patch_bodies().is_empty(), "a dry run sends nothing");
    app.shot("38-bulk-many").await;

    // Run it: the report and the History show 200 rows at a time too.
    app.click("[data-testid=bulk-apply]").await;
    let started = std::time::Instant::now();
    while app
        .text_of("[data-testid=bulk-report-summary]")
        .await
        .is_none()
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(180),
            "the run never ended"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    app.wait_text("[data-testid=bulk-report-summary]", "1317 changed")
        .await;
    assert_eq!(sim.patch_bodies().len(), 1317);
    app.wait_text("[data-testid=report-more]", "Showing 200 of 1318")
        .await;
    app.click("[data-testid=report-filter-skipped]").await;
    app.wait_gone("[data-testid=report-more]").await;
    app.click("[data-testid=bulk-finish]").await;
    app.click("[data-testid=open-history]").await;
    app.wait_text("[data-testid=history-more]", "Showing 200 of 1317")
        .await;
    assert_eq!(
        app.eval("return document.querySelectorAll('[data-testid=history-row]').length;")
            .await,
        json!(200)
    );
    app.type_into("[data-testid=history-filter]", "conn-0129")
        .await;
    app.wait_gone("[data-testid=history-more]").await;
    app.click("[data-testid=history-back]").await;

    app.type_into("[data-testid=search]", "conn-01299").await;
    app.wait_text("[data-testid=connections-count]", "1 of 1318")
        .await;
    app.click("[data-testid=connection-row][data-name=\"conn-01299-oidc\"]")
        .await;
    app.wait_text("[data-testid=editor-title]", "conn-01299-oidc")
        .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_theme_follows_the_system() {
    let app = App::launch_env(Home::new(), &[("GTK_THEME", "Adwaita:dark")]).await;
    let dark = app
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dark,
        json!(true),
        "a dark system theme gives the dark theme"
    );
    let background = app
        .client
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(background, json!("rgb(17, 19, 26)"));
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.shot("15-dark-theme").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn with_compositing_off_the_window_shows_once_its_page_has_loaded() {
    // Hidden until the page has loaded (see `painting::show_after_load`): it must still appear,
    // and work.
    let app = App::launch_env(Home::new(), &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")]).await;
    let started = std::time::Instant::now();
    while main_windows_shown().is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the window never showed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.shot("compositing-off-demo").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_reply_that_differs_from_what_was_written_is_reported() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;

    // Auth0's reply lacks a setting that was sent: said plainly, as a failed check.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c["options"].as_object_mut().unwrap().shift_remove("domain");
        })
    });
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    let error = app
        .wait_text(
            "[data-testid=error][data-code=verification_failed]",
            "missing afterwards",
        )
        .await;
    assert!(error.contains("domain"), "{error}");
    app.shot("16-verification-failed").await;

    // A reply without the settings: saved, but said not to be checked.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c.shift_remove("options");
        })
    });
    app.click("[data-testid=back-to-editor]").await;
    // Read again, the connection holds the change that landed: nothing is left to apply or to lose.
    app.wait_text("[data-testid=rebased]", "already holds your changes")
        .await;
    let review = app.wait("[data-testid=review-change]").await;
    assert!(
        review.attr("disabled").await.unwrap().is_some(),
        "a change that landed still counts as one to apply"
    );
    app.click("[data-testid=back-to-connections]").await;
    app.open_connection("partners-oidc").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "could not be checked")
        .await;
    assert_eq!(
        stored_options(&sim, "con_DemoPartnersOidc1")["non_persistent_attrs"],
        json!(["birthdate", "picture"])
    );

    // A reply with settings Auth0 computes itself: saved and verified, and what else changed is said.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c["options"]["strategy_version"] = json!(2);
        })
    });
    app.click("[data-testid=back-to-list]").await;
    app.open_connection("google-oauth2").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    app.wait_text("[data-testid=other-changes]", "strategy_version")
        .await;
    app.shot("18-other-changes").await;
    app.close().await;
}
