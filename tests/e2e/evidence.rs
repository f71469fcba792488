//! Evidence for auditors and who changed what: the report saved from the window for two tenants
//! (the file chosen in the native save dialog, its JSON data beside it, the data's SHA-256 in
//! the page), and History with the changes a person made in the Dashboard and another
//! application made, from the tenant's logs, merged with this computer's.

use crate::harness::*;
use auth0_simulator::{Simulator, Writer};
use serde_json::Value;
use std::process::Command;
use std::time::Duration;

const OKTA: &str = "okta-workforce";

fn okta_id(sim: &Simulator) -> String {
    sim.tenant(|t| {
        t.connections
            .iter()
            .find(|c| c["name"] == OKTA)
            .and_then(|c| c["id"].as_str())
            .map(String::from)
            .unwrap()
    })
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn history_says_who_changed_a_list_from_the_tenant_logs_and_what_changed_since() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme", &sim, "development").await;

    // A change made here, then a person removes it in the Dashboard.
    app.open_connection(OKTA).await;
    app.add_and_review("religion").await;
    app.click("[data-testid=apply-change]").await;
    app.wait("[data-testid=apply-result]").await;
    let id = okta_id(&sim);
    sim.tenant(|t| {
        assert!(t.change_deny_list_as(
            &id,
            &["gender"],
            &Writer::dashboard("bo@acme.example"),
            true
        ));
    });

    app.click("[data-testid=open-history]").await;
    let who = app
        .wait_text("[data-testid=history-table]", "bo@acme.example")
        .await;
    // The seeded tenant's log also holds Terraform's and ana's earlier changes of the list.
    assert!(who.contains("Auth0 Dashboard — ana@acme.example"), "{who}");
    assert!(who.contains("application Terraform (acme-infra)"), "{who}");
    let rows = app.texts("[data-testid=history-row]").await;
    assert_eq!(rows.len(), 4, "{rows:#?}");
    // Newest first: the Dashboard's removal, then this computer's change (once, though the
    // logs hold it too), said to have changed since.
    assert!(
        rows[0].contains("bo@acme.example") && rows[0].contains("removed"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("this computer") && rows[1].contains("added religion"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("changed since by Auth0 Dashboard — bo@acme.example"),
        "{}",
        rows[1]
    );
    // Only what was made here can be reverted from here.
    let reverts = app
        .eval("return [...document.querySelectorAll('[data-testid=history-row]')].map(r => !!r.querySelector('[data-testid=revert]'));")
        .await;
    assert_eq!(reverts, serde_json::json!([false, true, false, false]));
    // The newest is current: the list was read again once the logs showed it changed.
    assert!(!rows[0].contains("changed since"), "{}", rows[0]);
    let note = app.text_of("[data-testid=tenant-logs-note]").await.unwrap();
    assert!(note.contains("1 to 30 days"), "{note}");
    app.shot("48-history-tenant-logs").await;
    app.axe("history-tenant-logs").await;

    // The editor's last changes say it too, without reading the logs again.
    let before = sim.tenant(|t| t.requests_to("/api/v2/logs").len());
    app.click("[data-testid=history-back]").await;
    // The connection list shows the list's size as the Dashboard left it.
    app.wait_text(
        &format!("[data-testid=connection-row][data-name=\"{OKTA}\"]"),
        "1 denied",
    )
    .await;
    app.open_connection(OKTA).await;
    let last = app
        .wait_text("[data-testid=last-changes]", "bo@acme.example")
        .await;
    assert!(last.contains("changed since"), "{last}");
    assert_eq!(sim.tenant(|t| t.requests_to("/api/v2/logs").len()), before);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn an_evidence_report_of_two_tenants_is_saved_with_its_data() {
    let first = Simulator::start(tenant()).await.unwrap();
    let second = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.save_tenant("Acme production", &first, "development")
        .await;
    app.click("[data-testid=switch-tenant]").await;
    app.save_tenant("Acme staging", &second, "staging").await;

    // From the banner: the open tenant is ticked; tick the other too.
    app.click("[data-testid=open-report]").await;
    app.wait("[data-testid=report-dialog]").await;
    app.click("[data-testid=report-tenant][data-name=\"Acme production\"]")
        .await;
    app.shot("49-report-dialog").await;
    app.axe("report-dialog").await;
    let dir = app.home.path.join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("evidence.html");
    app.click("[data-testid=report-save]").await;
    save_as("Save the evidence report", &path).await;
    let saved = app.wait_text("[data-testid=report-saved]", "Saved").await;
    let data_path = dir.join("evidence.json");
    let data = std::fs::read(&data_path).expect("the JSON data beside the page");
    let html = std::fs::read_to_string(&path).unwrap();
    let sha = denylist_core::report::evidence::sha256_hex(&data);
    assert!(saved.contains(&sha), "{saved}");
    assert!(html.contains(&sha));
    let report: Value = serde_json::from_slice(&data).unwrap();
    let names: Vec<&str> = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme production", "Acme staging"]);
    for t in report["tenants"].as_array().unwrap() {
        let okta = t["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == OKTA)
            .unwrap();
        assert_eq!(
            okta["deny_list"],
            serde_json::json!(["gender", "ethnicity"])
        );
        assert_eq!(okta["kind"], "Okta Workforce");
        assert!(
            t["stored"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["attribute"] == "ethnicity" && s["users"] == 212)
        );
    }
    assert!(
        !html.contains(OPTION_SECRET) && !String::from_utf8_lossy(&data).contains(OPTION_SECRET)
    );
    app.shot("50-report-saved").await;

    // A Cancel in the save dialog saves nothing and says nothing went wrong.
    let logs_before = first.tenant(|t| t.log.len());
    app.click("[data-testid=report-save]").await;
    cancel_file_dialog("Save the evidence report").await;
    app.wait_text("[data-testid=report-save]", "Save report")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        app.text_of("[data-testid=report-dialog] .notice.error")
            .await
            .is_none()
    );
    assert_eq!(
        first.tenant(|t| t.log.len()),
        logs_before,
        "nothing was read"
    );
    app.click("[data-testid=report-close]").await;

    // The page as a browser shows it, and the PDF, for the README.
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        picture_report(&path, &data_path).await;
    }
    app.close().await;
}

/// The HTML drawn by WebKitGTK and the PDF's first page, into docs/screenshots/.
async fn picture_report(html: &std::path::Path, data: &std::path::Path) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = root.join("docs/screenshots");
    let png = shots.join("51-report-html.png");
    let ok = Command::new("/usr/bin/python3")
        .arg(root.join("scripts/html-shot.py"))
        .args([html.as_os_str(), png.as_os_str()])
        .arg("1000")
        .status()
        .unwrap();
    assert!(ok.success(), "the report's page could not be pictured");
    // The same data as a PDF, through the command line's renderer (the app's is the same code).
    let report: denylist_core::report::evidence::EvidenceReport =
        serde_json::from_slice(&std::fs::read(data).unwrap()).unwrap();
    let pdf = denylist_pdf::render(&report, denylist_pdf::PaperSize::A4).unwrap();
    let pdf_path = html.with_extension("pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf_path)
        .arg(shots.join("52-report-pdf"))
        .status()
        .unwrap();
    assert!(ok.success(), "pdftoppm could not draw the PDF");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_change_that_cannot_be_recorded_is_not_written_unless_chosen() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let home = Home::new();
    // Where the history folder goes, a file: no record can be written (as on a full disk).
    // Made as the app makes its own folder (0700): the leak scan checks every folder it left.
    let data = home.path.join("data/deny-list-manager");
    std::fs::create_dir_all(data.parent().unwrap()).unwrap();
    std::os::unix::fs::DirBuilderExt::mode(&mut std::fs::DirBuilder::new(), 0o700)
        .create(&data)
        .unwrap();
    std::fs::write(data.join("history"), b"not a folder").unwrap();
    let app = App::launch_with(home).await;
    app.save_tenant("Acme", &sim, "development").await;
    app.open_connection(OKTA).await;
    app.add_and_review("religion").await;
    let before = sim.patch_bodies().len();
    app.click("[data-testid=apply-change]").await;
    let error = app.wait_text("[role=alert]", "Nothing was written").await;
    assert!(error.contains("history"), "{error}");
    assert_eq!(
        sim.patch_bodies().len(),
        before,
        "nothing reached the tenant"
    );
    app.shot("54-not-recorded-not-written").await;
    // Only the admin's explicit choice goes on without a record.
    app.click("[data-testid=apply-without-history]").await;
    let result = app.wait_text("[data-testid=apply-result]", "Saved").await;
    assert!(result.contains("without a record"), "{result}");
    assert_eq!(sim.patch_bodies().len(), before + 1);
    app.close().await;
}
