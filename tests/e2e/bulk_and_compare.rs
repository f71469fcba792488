//! From one edit to a tenant-wide practice, in the real window: ticking connections and changing
//! them at once (dry run, progress, Cancel, report), the History with a revert after someone
//! else's change, and two tenants compared and synced.

use crate::harness::*;
use auth0_simulator::{Simulator, seed};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// History rows of changes made from this computer (the tenant's logs may add others').
const MADE_HERE: &str = "[data-testid=history-row]:not([data-origin=tenant_logs])";

fn list_of(sim: &Simulator, id: &str) -> Vec<String> {
    match &stored_options(sim, id)["non_persistent_attrs"] {
        Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn id_of(sim: &Simulator, name: &str) -> String {
    sim.tenant(|t| {
        t.connections
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["id"].as_str().unwrap().to_string())
            .unwrap()
    })
}

async fn count(app: &App, css: &str) -> usize {
    app.eval(&format!(
        "return document.querySelectorAll({}).length;",
        json!(css)
    ))
    .await
    .as_u64()
    .unwrap() as usize
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn bulk_change_with_progress_cancel_report_history_and_revert() {
    let mut t = tenant();
    for c in seed::generated(12) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme dev", &sim, "development").await;

    // By search: the twelve generated connections, ticked at once.
    app.type_into("[data-testid=search]", "conn-").await;
    app.wait_text("[data-testid=connections-count]", "12 of")
        .await;
    app.click("[data-testid=select-shown]").await;
    app.wait_text("[data-testid=selected-count]", "12 ticked")
        .await;
    app.shot("29-connections-ticked").await;
    app.axe("connections-ticked").await;
    app.click("[data-testid=bulk-change]").await;
    app.wait("[data-testid=bulk-attributes]").await;

    // A misspelling is said before anything is written, with the fix one click away.
    app.type_into("[data-testid=bulk-attributes]", "religion, gneder")
        .await;
    app.click("[data-testid=bulk-dry-run]").await;
    app.wait_text("[data-testid=bulk-typo]", "Did you mean “gender”")
        .await;
    app.click("[data-testid=fix-typo]").await;
    // The dry run again, on "religion, gender": no misspelling left.
    let started = Instant::now();
    while count(&app, "[data-testid=bulk-typo]").await > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the fix was not planned"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.wait_text("[data-testid=bulk-plan]", "gender").await;
    // gender is on some lists already: those are skipped. Back to religion alone.
    app.click("[data-testid=bulk-edit-again]").await;
    app.type_into("[data-testid=bulk-attributes]", "religion")
        .await;
    app.click("[data-testid=bulk-dry-run]").await;
    app.wait_text("[data-testid=bulk-summary]", "12 connections will change")
        .await;
    assert_eq!(count(&app, "[data-testid=bulk-plan-row]").await, 12);
    assert!(sim.patch_bodies().is_empty(), "a dry run sends nothing");
    app.shot("30-bulk-dry-run").await;
    app.axe("bulk-dry-run").await;

    // Slow enough to watch and to stop, even on a loaded machine: every request takes 600 ms.
    sim.tenant(|t| t.faults.latency = Duration::from_millis(600));
    app.click("[data-testid=bulk-apply]").await;
    app.wait_text("[data-testid=bulk-progress]", "now:").await;
    let started = Instant::now();
    while sim.patch_bodies().len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no write landed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.wait_text("[data-testid=bulk-progress]", "left").await;
    // Each connection's result shows as it comes in.
    app.wait_text("[data-testid=bulk-plan]", "Changed").await;
    app.shot("31-bulk-progress").await;
    // Leaving the tenant waits for the run.
    assert_eq!(
        app.eval("return document.querySelector('[data-testid=switch-tenant]').disabled;")
            .await,
        true
    );
    app.click("[data-testid=bulk-cancel]").await;
    app.wait_text("[data-testid=bulk-report-summary]", "Cancelled")
        .await;
    sim.tenant(|t| t.faults.latency = Duration::ZERO);
    app.shot("32-bulk-report").await;
    app.axe("bulk-report").await;

    // The report is the truth: each connection changed or untouched, as it says.
    let rows = app
        .eval(
            "return [...document.querySelectorAll('[data-testid=bulk-report-row]')]
                .map(r => [r.dataset.name, r.dataset.status]);",
        )
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let mut changed = Vec::new();
    for row in rows {
        let (name, status) = (row[0].as_str().unwrap(), row[1].as_str().unwrap());
        let has = list_of(&sim, &id_of(&sim, name)).contains(&"religion".to_string());
        match status {
            "changed" => {
                assert!(has, "{name}");
                changed.push(name.to_string());
            }
            "not_run" => assert!(!has, "{name}"),
            other => panic!("{name}: {other}"),
        }
    }
    assert!(
        changed.len() >= 3 && changed.len() < 12,
        "stopped mid-run: {changed:?}"
    );
    assert_eq!(changed.len(), sim.patch_bodies().len());

    // The History has every change; someone else then edits one of those lists.
    app.click("[data-testid=bulk-finish]").await;
    app.click("[data-testid=open-history]").await;
    app.wait("[data-testid=history-row]").await;
    // (Those made here: the tenant's logs also hold changes others made before.)
    assert_eq!(count(&app, MADE_HERE).await, changed.len());
    let target = &changed[0];
    let target_id = id_of(&sim, target);
    let mut now = list_of(&sim, &target_id);
    now.push("employee_badge".into());
    sim.tenant(|t| {
        t.connection_mut(&target_id).unwrap()["options"]["non_persistent_attrs"] = json!(now);
    });
    app.type_into("[data-testid=history-filter]", target).await;
    app.wait_text("[data-testid=history-row]", target).await;
    assert_eq!(count(&app, MADE_HERE).await, 1);
    app.shot("33-history").await;
    app.axe("history").await;
    // At the smallest window size the Revert column is reachable without scrolling sideways.
    let size = app
        .eval("return [window.outerWidth, window.outerHeight]")
        .await;
    app.set_size(880, 600).await;
    let fits = app
        .eval(
            "const b = document.querySelector('[data-testid=revert]').getBoundingClientRect();
             const list = document.querySelector('[data-testid=history-table]').closest('.card');
             return [b.right <= window.innerWidth, list.scrollWidth <= list.clientWidth + 1,
                     document.documentElement.scrollWidth <= window.innerWidth];",
        )
        .await;
    assert_eq!(fits, json!([true, true, true]), "History at 880 px");
    app.set_size(
        size[0].as_u64().unwrap() as u32,
        size[1].as_u64().unwrap() as u32,
    )
    .await;
    app.click(&format!("{MADE_HERE} [data-testid=revert]"))
        .await;
    app.wait_text("[data-testid=revert-panel]", "changed after that change")
        .await;
    app.wait_text("[data-testid=version-current]", "employee_badge")
        .await;
    let restore = app.text_of("[data-testid=version-restore]").await.unwrap();
    assert!(
        !restore.contains("employee_badge") && !restore.contains("religion"),
        "{restore}"
    );
    app.shot("34-revert-three-versions").await;
    app.axe("revert").await;
    app.click("[data-testid=version-undo-only] input").await;
    app.click("[data-testid=revert-apply]").await;
    app.wait_text("[data-testid=revert-done]", "Reverted").await;
    let after = list_of(&sim, &target_id);
    assert!(
        after.contains(&"employee_badge".to_string()) && !after.contains(&"religion".to_string()),
        "only our change undone: {after:?}"
    );
    // The revert is recorded too.
    app.click("[data-testid=open-history]").await;
    app.type_into("[data-testid=history-filter]", target).await;
    app.wait_text("[data-testid=history-row]", "revert").await;
    assert_eq!(count(&app, MADE_HERE).await, 2);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn two_tenants_compared_and_synced_with_missing_and_extra_connections() {
    // Staging denies more than development, and each has a connection the other lacks.
    let mut a = tenant();
    a.add_connection(
        json!({"id": "con_stagingOnly00001", "name": "staging-only", "strategy": "auth0",
        "options": {"non_persistent_attrs": ["gender"]}}),
    );
    let staging = Simulator::start(a).await.unwrap();
    staging.tenant(|t| {
        t.connection_mut(DB).unwrap()["options"]["non_persistent_attrs"] =
            json!(["ethnicity", "gender", "religion"]);
    });
    let mut b = tenant();
    b.add_connection(
        json!({"id": "con_devOnly000000001", "name": "dev-only", "strategy": "auth0",
        "options": {"non_persistent_attrs": []}}),
    );
    let development = Simulator::start(b).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme staging", &staging, "staging").await;
    app.click("[data-testid=switch-tenant]").await;
    app.save_tenant("Acme dev", &development, "development")
        .await;
    let before = development.stored(DB).unwrap();

    // From the open tenant (development): compare with staging.
    app.click("[data-testid=open-compare]").await;
    app.wait("[data-testid=compare-pick]").await;
    assert_eq!(count(&app, "[data-testid=compare-pick]:checked").await, 2);
    app.click("[data-testid=compare-run]").await;
    app.wait("[data-testid=comparison-row]").await;
    let status = |name: &str| {
        format!(
            "return document.querySelector('[data-testid=comparison-row][data-name=\"{name}\"]')?.dataset.status ?? null;"
        )
    };
    assert_eq!(
        app.eval(&status("Username-Password-Authentication")).await,
        "different"
    );
    assert_eq!(app.eval(&status("staging-only")).await, "missing");
    assert_eq!(app.eval(&status("dev-only")).await, "missing");
    // Only differences by default: the same lists are not shown.
    assert_eq!(app.eval(&status("google-oauth2")).await, Value::Null);
    let row = app
        .text_of("[data-testid=comparison-row][data-name=\"Username-Password-Authentication\"]")
        .await
        .unwrap();
    assert!(
        row.contains("−gender") && row.contains("−religion"),
        "{row}"
    );
    app.shot("35-compare").await;
    app.axe("compare").await;

    // Sync: development's list of that connection to match staging's, reviewed as a dry run.
    assert_eq!(
        count(
            &app,
            "[data-testid=comparison-row][data-name=\"staging-only\"] [data-testid=sync-pick]"
        )
        .await,
        0,
        "a connection the open tenant lacks cannot be synced"
    );
    app.click("[data-testid=comparison-row][data-name=\"Username-Password-Authentication\"] [data-testid=sync-pick]")
        .await;
    app.click("[data-testid=sync-dry-run]").await;
    app.wait_text("[data-testid=bulk-summary]", "1 connection will change")
        .await;
    assert!(development.patch_bodies().is_empty());
    app.shot("36-sync-review").await;
    app.click("[data-testid=bulk-apply]").await;
    app.wait_text("[data-testid=bulk-report-summary]", "1 changed")
        .await;
    assert_eq!(
        list_of(&development, DB),
        ["ethnicity", "gender", "religion"]
    );
    assert_only_deny_list_changed(&before, &development.stored(DB).unwrap());
    assert_eq!(
        list_of(&development, "con_devOnly000000001"),
        Vec::<String>::new()
    );
    assert!(staging.patch_bodies().is_empty(), "the source is only read");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_production_tenant_asks_for_its_name_before_a_bulk_run_and_a_revert() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme prod", &sim, "production").await;
    app.type_into("[data-testid=search]", "google-oauth2").await;
    app.wait_text("[data-testid=connections-count]", "1 of")
        .await;
    app.click("[data-testid=select-shown]").await;
    app.click("[data-testid=bulk-change]").await;
    app.type_into("[data-testid=bulk-attributes]", "religion")
        .await;
    app.click("[data-testid=bulk-dry-run]").await;
    app.wait_text("[data-testid=bulk-summary]", "1 connection will change")
        .await;

    // The same question as a single change's review, and the same refusal of a wrong name.
    let apply = app.wait("[data-testid=bulk-apply]").await;
    assert!(!apply.is_enabled().await.unwrap(), "runs without the name");
    app.wait_text(
        "[data-testid=confirm-production]",
        "type the tenant's domain name",
    )
    .await;
    app.type_into("[data-testid=bulk-confirm-name]", "acme")
        .await;
    assert!(!apply.is_enabled().await.unwrap(), "runs on a wrong name");
    app.type_into("[data-testid=bulk-confirm-name]", "127.0.0.1")
        .await;
    app.shot("37-bulk-production").await;
    assert!(apply.is_enabled().await.unwrap());
    assert!(sim.patch_bodies().is_empty());
    // The last word is the admin's, in a native dialog Rust raises: Cancel there sends nothing
    // and keeps the dry run for another try.
    app.click("[data-testid=bulk-apply]").await;
    app.native_dialog().await;
    assert!(
        sim.patch_bodies().is_empty(),
        "written before the native answer"
    );
    app.answer_native("Escape").await;
    app.wait_text("[data-testid=error]", "not confirmed").await;
    assert!(sim.patch_bodies().is_empty(), "written after Cancel");
    app.click("[data-testid=bulk-apply]").await;
    app.answer_native("alt+r").await;
    app.wait_text("[data-testid=bulk-report-summary]", "1 changed")
        .await;
    let id = id_of(&sim, "google-oauth2");
    assert!(list_of(&sim, &id).contains(&"religion".to_string()));

    // Undoing it asks again.
    app.click("[data-testid=bulk-finish]").await;
    app.click("[data-testid=open-history]").await;
    app.click("[data-testid=history-row] [data-testid=revert]")
        .await;
    let revert = app.wait("[data-testid=revert-apply]").await;
    assert!(
        !revert.is_enabled().await.unwrap(),
        "reverts without the name"
    );
    app.type_into("[data-testid=revert-confirm-name]", "127.0.0.1")
        .await;
    assert!(revert.is_enabled().await.unwrap());
    app.click("[data-testid=revert-apply]").await;
    app.answer_native("alt+r").await;
    app.wait_text("[data-testid=revert-done]", "Reverted").await;
    assert!(!list_of(&sim, &id).contains(&"religion".to_string()));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_tenant_managed_with_terraform_and_a_bulk_dry_run_that_warns_as_the_review_does() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Acme as code",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "development",
    )
    .await;
    app.click("#p-managed option[value=terraform]").await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "connections")
        .await;

    // Every connection, "gender" added: the SAML connection in debug mode is said once, with
    // where; the Okta list that already denies gender is neither a change nor a skip.
    app.click("[data-testid=select-shown]").await;
    app.click("[data-testid=bulk-change]").await;
    app.type_into("[data-testid=bulk-attributes]", "gender")
        .await;
    // Searches Auth0 answered (a 429 is waited out and asked again: the same search).
    let answered = |t: &mut auth0_simulator::Tenant| {
        t.requests_to("/api/v2/users")
            .iter()
            .filter(|r| r.status != 429)
            .count()
    };
    let users_before = sim.tenant(answered);
    app.click("[data-testid=bulk-dry-run]").await;
    let findings = app
        .wait_text("[data-testid=bulk-findings]", "Debug mode")
        .await;
    assert!(findings.contains("on 1 connection"), "{findings}");
    app.wait(
        "[data-testid=bulk-plan-row][data-name=\"okta-workforce\"] [data-testid=already-as-asked]",
    )
    .await;
    let summary = app.wait_text("[data-testid=bulk-summary]", "already").await;
    assert!(
        !summary.contains("okta-workforce will be skipped"),
        "{summary}"
    );
    let plan = app.text_of("[data-testid=bulk-plan]").await.unwrap();
    assert!(!plan.contains("samlp") && !plan.contains("[]"), "{plan}");
    // What is already stored of gender, over the connections it is added to: counted at once
    // for a dry run this small (one search each).
    app.wait("[data-testid=bulk-stored-count-row][data-attribute=gender]")
        .await;
    let stored = app.text_of("[data-testid=bulk-stored]").await.unwrap();
    assert!(
        stored.contains("searches") || stored.contains("user"),
        "{stored}"
    );
    let code = app
        .wait_text("[data-testid=bulk-code-notices]", "Managed with Terraform")
        .await;
    assert!(code.contains("acme-corp-saml"), "{code}");
    assert!(
        !code.contains("\"okta-workforce\""),
        "a list already as asked is not in the code: {code}"
    );
    let searched = sim.tenant(answered) - users_before;
    let to_change = app.eval("return document.querySelectorAll('[data-testid=bulk-plan-row][data-skipped=false][data-already=false]').length;").await;
    assert_eq!(
        json!(searched),
        to_change,
        "one search per connection that gets gender"
    );
    app.shot("46-bulk-findings-and-code").await;
    app.axe("bulk-findings-and-code").await;
    assert!(sim.patch_bodies().is_empty(), "a dry run sends nothing");

    // The single edit's review: the consequence and the resource's exact lines, to copy.
    app.click("[data-testid=bulk-back]").await;
    app.open_connection("acme-corp-saml").await;
    app.add_and_review("ethnicity").await;
    let notice = app
        .wait_text("[data-testid=code-notices]", "Managed with Terraform")
        .await;
    assert!(notice.contains("auth0_connection"), "{notice}");
    let snippet = app.text_of("[data-testid=code-snippet]").await.unwrap();
    assert!(
        snippet.contains(
            r#"non_persistent_attrs = ["https://acme.com/temporary_idtoken", "ethnicity"]"#
        ),
        "{snippet}"
    );
    app.shot("47-review-managed-as-code").await;
    app.axe("review-managed-as-code").await;
    app.close().await;
}
