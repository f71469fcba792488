//! `denylist history --tenant-logs` against a simulator whose logs hold changes made by a person
//! in the Dashboard and by another application: who made each, the list before and after, a
//! change made here shown once, what the logs cannot show said plainly, and no option value.

mod common;

use auth0_simulator::{Simulator, Writer};
use common::*;
use serde_json::Value;
use std::time::Duration;

fn with_data(sim: &Simulator, args: &[&str], data: &std::path::Path) -> tokio::process::Command {
    let mut c = command(sim, args);
    c.env("XDG_DATA_HOME", data);
    c
}

fn entries(run: &Run) -> Vec<Value> {
    run.json()["entries"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn changes_by_a_person_in_the_dashboard_and_another_application_with_before_and_after() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| {
        t.add_other_application("tfClient0000000000000000000001", "Terraform (infra)");
        let terraform = Writer::Application {
            client_id: "tfClient0000000000000000000001".into(),
        };
        assert!(t.change_deny_list_as(ID, &["gender", "religion"], &terraform, true));
        t.backdate_last_log(Duration::from_secs(2 * 86_400));
        assert!(t.change_deny_list_as(
            ID,
            &["religion"],
            &Writer::dashboard("ana@acme.example"),
            true
        ));
        t.backdate_last_log(Duration::from_secs(86_400));
    });
    let data = Artifacts::new("tenant-logs");
    // A change made here, too: it appears once.
    let edit = run_with(
        with_data(
            &sim,
            &["add", "customers", "ethnicity", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(edit.code, 0, "{}", edit.stderr);

    let r = run_with(
        with_data(&sim, &["--json", "history", "--tenant-logs"], data.path()),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = entries(&r);
    assert_eq!(all.len(), 3, "{all:#?}");
    // Newest first: this computer, the Dashboard, Terraform.
    assert_eq!(all[0]["origin"], "both", "{:#?}", all[0]);
    assert_eq!(all[0]["who"], "this computer");
    assert_eq!(all[1]["by"]["kind"], "person");
    assert_eq!(all[1]["by"]["email"], "ana@acme.example");
    assert_eq!(all[1]["who"], "Auth0 Dashboard — ana@acme.example");
    assert_eq!(all[1]["before"], serde_json::json!(["gender", "religion"]));
    assert_eq!(all[1]["after"], serde_json::json!(["religion"]));
    assert_eq!(all[1]["summary"], "removed gender");
    assert_eq!(all[2]["by"]["kind"], "application");
    assert_eq!(all[2]["by"]["client_id"], "tfClient0000000000000000000001");
    assert_eq!(all[2]["by"]["name"], "Terraform (infra)");
    assert_eq!(all[2]["after"], serde_json::json!(["gender", "religion"]));
    assert_eq!(all[2]["connection_name"], "customers");
    assert!(
        all[2]["changed_since"]
            .as_str()
            .unwrap()
            .contains("ana@acme.example"),
        "{:#?}",
        all[2]
    );
    assert!(all[0]["changed_since"].is_null(), "the newest is current");
    assert!(
        r.json()["tenant_logs"]["retention"]
            .as_str()
            .unwrap()
            .contains("log stream")
    );

    // The human view says the same, and `--connection` filters.
    let text = run_with(
        with_data(
            &sim,
            &["history", "--tenant-logs", "--connection", "customers"],
            data.path(),
        ),
        "",
    )
    .await;
    assert!(
        text.stdout.contains("Auth0 Dashboard — ana@acme.example"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("application Terraform (infra)"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("db-password"), "{}", text.stdout);

    // What was read is kept: a second read asks only from the newest day kept.
    let before = sim.tenant(|t| t.requests_to("/api/v2/logs").len());
    let again = run_with(
        with_data(&sim, &["--json", "history", "--tenant-logs"], data.path()),
        "",
    )
    .await;
    assert_eq!(entries(&again).len(), 3);
    let queries: Vec<String> = sim.tenant(|t| {
        t.requests_to("/api/v2/logs")[before..]
            .iter()
            .map(|r| r.query.clone())
            .collect()
    });
    assert!(queries.iter().all(|q| q.contains("date%3A")), "{queries:?}");
    // Nothing of the options the logs hold reached a file.
    for secret in OPTION_SECRETS {
        assert!(files_containing(data.path(), secret).is_empty(), "{secret}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dashboard_update_logged_without_its_body_and_a_token_without_read_logs() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| {
        assert!(t.change_deny_list_as(
            ID,
            &["gender", "birthdate"],
            &Writer::dashboard("bo@acme.example"),
            false
        ));
    });
    let data = Artifacts::new("tenant-logs-unknown");
    let r = run_with(
        with_data(&sim, &["--json", "history", "--tenant-logs"], data.path()),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = entries(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0]["after"].is_null());
    assert_eq!(
        all[0]["summary"],
        "changed the connection; the log does not show the deny list"
    );
    // The list now differs from nothing known: not claimed either way.
    assert!(all[0]["changed_since"].is_null());

    // Without read:logs: said, and nothing is asked of the logs.
    sim.tenant(|t| {
        t.add_client(
            "no-logs",
            "no-logs-secret",
            &["read:connections", "read:connections_options"],
        );
    });
    let before = sim.tenant(|t| t.requests_to("/api/v2/logs").len());
    let mut c = with_data(&sim, &["--json", "history", "--tenant-logs"], data.path());
    c.env("AUTH0_CLIENT_ID", "no-logs")
        .env("AUTH0_CLIENT_SECRET", "no-logs-secret");
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["tenant_logs"]["missing_scope"], "read:logs");
    assert_eq!(sim.tenant(|t| t.requests_to("/api/v2/logs").len()), before);
}
