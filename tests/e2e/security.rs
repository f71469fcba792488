//! The window is not trusted with the last word: a script in it cannot leave the app's pages,
//! open others, call what the one list of commands does not grant, carry out a plan made for
//! another tenant, or loosen a production tenant without the admin's native answer.

use crate::harness::*;
use auth0_simulator::Simulator;
use serde_json::{Value, json};
use std::time::Duration;

/// Run `call` (a script whose last statement is a promise) in the window and wait for what it
/// settles to: `{ok}` or `{err}`.
async fn settle(app: &App, call: &str) -> Value {
    app.client
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 Promise.resolve().then(() => {call}).then((r) => done({{ ok: r ?? null }}), (e) => done({{ err: e }}));"
            ),
            vec![],
        )
        .await
        .unwrap()
}

fn invoke(command: &str, args: Value) -> String {
    format!("window.__TAURI_INTERNALS__.invoke('{command}', {args})")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_script_in_the_window_can_neither_leave_nor_call_what_is_not_granted() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    let start = app.eval("return location.href").await;
    assert!(
        start.as_str().unwrap().starts_with("tauri://localhost"),
        "{start}"
    );

    // Sending the window away with names in the address: it stays on the app's page.
    app.eval(
        "location.href = 'https://example.com/?tenant=acme&connection=customers'; return null",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(app.eval("return location.href").await, start);
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    // No new window either.
    let opened = app
        .eval("return window.open('https://example.com/?x=1') === null")
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        app.client.windows().await.unwrap().len(),
        1,
        "a window was opened ({opened})"
    );

    // Only the commands of the list, each granted by name: nothing of Tauri's or its plugins'.
    for (command, args) in [
        (
            "plugin:window|set_title",
            json!({"label": "main", "value": "x"}),
        ),
        ("plugin:dialog|message", json!({"message": "OK?"})),
        ("plugin:fs|read_text_file", json!({"path": "/etc/hostname"})),
        (
            "plugin:webview|create_webview_window",
            json!({"options": {"label": "x", "url": "https://example.com"}}),
        ),
        ("no_such_command", json!({})),
    ] {
        let reply = settle(&app, &invoke(command, args)).await;
        assert!(reply.get("err").is_some(), "{command} was allowed: {reply}");
    }
    // While a command of the list is.
    let listed = settle(
        &app,
        &invoke(
            "history_entries",
            json!({"connection": null, "tenantLogs": false}),
        ),
    )
    .await;
    assert!(listed.get("ok").is_some(), "{listed}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn reopening_a_tenant_forgets_the_plans_it_held() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;
    let dry_run = settle(
        &app,
        &invoke(
            "bulk_dry_run",
            json!({"selection": {"kind": "all"}, "edit": {"kind": "add", "attributes": ["religion"]}}),
        ),
    )
    .await;
    let plan_id = dry_run["ok"]["plan_id"]
        .as_str()
        .expect("a dry run")
        .to_string();
    // The tenant opened again (its domain could have been changed meanwhile): the old dry run
    // must not act on it by its connection ids.
    let profiles = settle(
        &app,
        &invoke("load_profiles", json!({"checkKeyring": true})),
    )
    .await;
    let id = profiles["ok"]["profiles"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let reopened = settle(&app, &invoke("open_profile", json!({"id": id}))).await;
    assert!(reopened.get("ok").is_some(), "{reopened}");
    let run = settle(
        &app,
        &invoke(
            "bulk_run",
            json!({"planId": plan_id, "confirmTenant": null, "withoutHistory": false}),
        ),
    )
    .await;
    assert_eq!(run["err"]["code"], "invalid_input", "{run}");
    assert!(sim.patch_bodies().is_empty(), "the forgotten dry run wrote");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_production_tenant_is_loosened_only_with_the_native_answer() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme prod", &sim, "production").await;
    app.click("[data-testid=switch-tenant]").await;
    app.click("[aria-label=\"Edit Acme prod\"]").await;
    let env = app.wait("[data-testid=profile-environment]").await;
    env.select_by_value("development").await.unwrap();
    app.click("[data-testid=save-profile]").await;
    app.answer_native("Escape").await;
    app.wait_text("[data-testid=error]", "not confirmed").await;
    // Still production, as saved.
    let saved = settle(
        &app,
        &invoke("load_profiles", json!({"checkKeyring": true})),
    )
    .await;
    assert_eq!(
        saved["ok"]["profiles"][0]["environment"], "production",
        "{saved}"
    );
    app.click("[data-testid=save-profile]").await;
    app.answer_native("alt+s").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;
    let saved = settle(
        &app,
        &invoke("load_profiles", json!({"checkKeyring": true})),
    )
    .await;
    assert_eq!(
        saved["ok"]["profiles"][0]["environment"], "development",
        "{saved}"
    );
    app.close().await;
}
