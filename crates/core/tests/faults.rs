//! The simulator's fault knobs (rate limits, server errors, lost replies,
//! concurrent edits, latency) against the core's HTTP behaviour and apply cycle.

mod common;

use auth0_simulator::RateLimit;
use common::*;
use denylist_core::{Edit, Error, Outcome};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const ID: &str = "con_faultsDatabase1";

fn connection() -> Value {
    json!({"id": ID, "name": "customers", "display_name": "Customers", "strategy": "auth0",
           "options": {"brute_force_protection": true, "non_persistent_attrs": ["gender"]}})
}

fn methods(sim: &auth0_simulator::Simulator, fragment: &str) -> Vec<(String, u16)> {
    sim.requests()
        .into_iter()
        .filter(|r| r.path.contains(fragment))
        .map(|r| (r.method, r.status))
        .collect()
}

#[tokio::test]
async fn free_plan_rate_limit_is_waited_out_without_failing() {
    // Auth0's free plan: bursts of 2, 2 requests a second. 300 connections take 6 pages.
    let sim = simulator(auth0_simulator::seed::generated(300)).await;
    sim.tenant(|t| t.rate_limit = Some(RateLimit::new(2, 2.0)));
    let client = client(&sim);
    let started = Instant::now();
    let rows = denylist_core::list_connections(&client).await.unwrap();
    assert_eq!(rows.len(), 300);
    for row in rows.iter().take(5) {
        client.get_connection(&row.id).await.unwrap();
    }
    // 11 requests at 2/s after a burst of 2: the bucket had to be waited for.
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let limited = sim.requests().iter().filter(|r| r.status == 429).count();
    assert!(
        limited == 0,
        "the client paces itself from x-ratelimit-*, it does not run into 429s: {limited} × 429"
    );
}

#[tokio::test]
async fn a_429_waits_for_the_reset_header_and_retries() {
    let sim = simulator(vec![connection()]).await;
    sim.tenant(|t| t.faults.force(Some("GET"), Some("/connections/"), 429, 2));
    let client = client(&sim);
    let started = Instant::now();
    client.get_connection(ID).await.unwrap();
    // Each forced 429 says "come back at the next whole second": waited for, not the 10 ms backoff.
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    let gets = methods(&sim, "/connections/");
    assert_eq!(
        gets,
        [
            ("GET".into(), 429),
            ("GET".into(), 429),
            ("GET".into(), 200)
        ]
    );

    // Retry-After is honoured too.
    sim.tenant(|t| {
        t.faults.retry_after_header = true;
        t.faults.force(Some("GET"), Some("/connections/"), 429, 1);
    });
    let started = Instant::now();
    client.get_connection(ID).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn endless_429s_end_in_a_rate_limited_error() {
    let sim = simulator(vec![connection()]).await;
    sim.tenant(|t| t.faults.force(None, Some("/connections/"), 429, 50));
    let err = client(&sim).get_connection(ID).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert!(err.to_string().contains("wait a minute"), "{err}");
}

#[tokio::test]
async fn server_errors_on_reads_are_retried_with_backoff() {
    let sim = simulator(vec![connection()]).await;
    sim.tenant(|t| t.faults.force(Some("GET"), Some("/connections"), 503, 2));
    let client = client(&sim);
    assert_eq!(
        denylist_core::list_connections(&client)
            .await
            .unwrap()
            .len(),
        1
    );
    sim.tenant(|t| t.faults.force(Some("GET"), Some("/connections"), 500, 10));
    let err = denylist_core::list_connections(&client).await.unwrap_err();
    assert_eq!(err.code(), "api");
    assert!(err.to_string().contains("500"), "{err}");
}

#[tokio::test]
async fn a_429_on_the_write_is_checked_by_a_read_before_writing_again() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| t.faults.force(Some("PATCH"), None, 429, 1));
    let report = edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    let calls = methods(&sim, "/connections/");
    // The plan's read is the fresh one; after the 429, the connection is read again.
    assert_eq!(
        calls,
        [
            ("GET".into(), 200),
            ("PATCH".into(), 429),
            ("GET".into(), 200),
            ("PATCH".into(), 200)
        ]
    );
}

#[tokio::test]
async fn a_server_error_on_the_write_is_checked_before_writing_again() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| t.faults.force(Some("PATCH"), None, 500, 1));
    let report = edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    assert!(
        report.notes.iter().any(|n| n.contains("sent again")),
        "{:?}",
        report.notes
    );
    let patches = sim.patch_bodies();
    assert_eq!(patches.len(), 2);
    assert_eq!(
        sim.stored(ID).unwrap()["options"]["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
}

#[tokio::test]
async fn a_lost_reply_is_resolved_by_one_read_and_the_write_is_not_repeated() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| t.faults.drop_replies_after_patch = 1);
    let report = edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    assert!(report.verified);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("reply to the write was lost")),
        "{:?}",
        report.notes
    );
    let calls = methods(&sim, "/connections/");
    assert_eq!(
        calls.iter().filter(|(m, _)| m == "PATCH").count(),
        1,
        "{calls:?}"
    );
    assert_eq!(calls.last().unwrap().0, "GET", "{calls:?}");
    assert_eq!(
        sim.stored(ID).unwrap()["options"]["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
}

#[tokio::test]
async fn a_lost_reply_that_cannot_be_checked_is_reported_as_unknown() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.faults.drop_replies_after_patch = 1;
        t.faults
            .force_after_next_patch(Some("GET"), Some("/connections/"), 503, 50);
    });
    let outcome = edit(&client, ID, Edit::Add(strings(&["ethnicity"]))).await;
    let err = outcome.unwrap_err();
    assert_eq!(err.code(), "outcome_unknown", "{err}");
    assert!(
        err.to_string().contains("may or may not have been saved"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("denylist"),
        "core messages name no tool: {err}"
    );
}

#[tokio::test]
async fn a_concurrent_edit_of_the_deny_list_is_a_conflict_and_nothing_is_written() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    // Someone else edits the list while the admin reviews the plan.
    sim.tenant(|t| {
        t.faults.edit_after_get(ID, 1, |c| {
            c["options"]["non_persistent_attrs"] = json!(["gender", "picture"])
        })
    });
    let err = reviewed(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap_err();
    match &err {
        Error::Conflict {
            expected, found, ..
        } => {
            assert_eq!(expected, &strings(&["gender"]));
            assert_eq!(found, &strings(&["gender", "picture"]));
        }
        other => panic!("{other:?}"),
    }
    assert!(sim.patch_bodies().is_empty());
    assert_eq!(
        sim.stored(ID).unwrap()["options"]["non_persistent_attrs"],
        json!(["gender", "picture"])
    );
}

#[tokio::test]
async fn a_concurrent_edit_of_other_settings_is_kept_and_said() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.faults.edit_after_get(ID, 1, |c| {
            c["options"]["brute_force_protection"] = json!(false);
            c["options"]["new_setting"] = json!({"x": 1});
        })
    });
    let report = reviewed(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert!(
        report.notes.iter().any(|n| n.contains("Other settings")),
        "{:?}",
        report.notes
    );
    let stored = sim.stored(ID).unwrap();
    assert_eq!(stored["options"]["brute_force_protection"], json!(false));
    assert_eq!(stored["options"]["new_setting"], json!({"x": 1}));
    assert_eq!(
        stored["options"]["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
}

#[tokio::test]
async fn the_same_change_made_elsewhere_needs_no_write() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.faults.edit_after_get(ID, 1, |c| {
            c["options"]["non_persistent_attrs"] = json!(["gender", "ethnicity"])
        })
    });
    let report = reviewed(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::AlreadyAsRequested);
    assert!(sim.patch_bodies().is_empty());
}

#[tokio::test]
async fn latency_slows_but_does_not_break_and_timeouts_are_network_errors() {
    let sim = simulator(vec![connection()]).await;
    sim.tenant(|t| t.faults.latency = Duration::from_millis(150));
    let client = client(&sim);
    let started = Instant::now();
    edit(&client, ID, Edit::Clear).await.unwrap();
    // token + GET + PATCH, each delayed
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );

    let impatient = client_with(
        &sim,
        CLIENT_ID,
        CLIENT_SECRET,
        denylist_core::RetryPolicy {
            request_timeout: Duration::from_millis(50),
            server_retries: 1,
            ..fast_policy()
        },
    );
    let err = denylist_core::list_connections(&impatient)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
}

#[tokio::test]
async fn an_unreachable_tenant_is_a_network_error() {
    let sim = simulator(vec![]).await;
    let url = sim.base_url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let client = denylist_core::ManagementClient::with_options(
        denylist_core::TenantDomain::parse(&url).unwrap(),
        denylist_core::Credentials::Token(denylist_core::Secret::new("x")),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap();
    let err = denylist_core::list_connections(&client).await.unwrap_err();
    assert_eq!(err.code(), "network");
    // Plain words, never the library's chain of errors.
    assert!(err.to_string().contains("refused the connection"), "{err}");
    assert!(!err.to_string().contains("error sending request"), "{err}");
}

#[tokio::test]
async fn a_name_that_does_not_exist_is_said_plainly_and_not_retried() {
    let client = denylist_core::ManagementClient::with_options(
        denylist_core::TenantDomain::parse("acme.invalid").unwrap(),
        denylist_core::Credentials::Token(denylist_core::Secret::new("x")),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let err = denylist_core::list_connections(&client).await.unwrap_err();
    assert_eq!(err.code(), "network");
    let m = err.to_string();
    // What it says depends on this machine's resolver (the CLI's namespace tests pin each
    // case), but never the library's words.
    assert!(
        m.contains("There is no tenant at acme.invalid")
            || m.contains("cannot look up names right now")
            || m.contains("could not be looked up"),
        "{m}"
    );
    assert!(
        !m.contains("dns error") && !m.contains("client error"),
        "{m}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_error_after_the_write_landed_is_not_written_twice() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| t.faults.errors_after_patch.push_back(500));
    let report = edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Applied);
    assert!(
        report.notes.iter().any(|n| n.contains("change was saved")),
        "{:?}",
        report.notes
    );
    assert_eq!(
        sim.patch_bodies().len(),
        1,
        "checked by a read, not re-sent"
    );
}

#[tokio::test]
async fn a_lost_reply_then_someone_elses_edit_is_reported_as_unknown() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    sim.tenant(|t| {
        t.faults.drop_replies_after_patch = 1;
        // Our write lands; before the reply, someone else changes the list again.
        t.faults
            .edit_after_next_patch(|c| c["options"]["non_persistent_attrs"] = json!(["picture"]));
    });
    let err = edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "outcome_unknown", "{err}");
    assert!(err.to_string().contains("[picture]"), "{err}");
    assert_eq!(sim.patch_bodies().len(), 1);
}

#[tokio::test]
async fn a_change_made_straight_away_costs_two_requests_and_one_made_after_a_review_three() {
    let sim = simulator(vec![connection()]).await;
    let client = client(&sim);
    edit(&client, ID, Edit::Add(strings(&["ethnicity"])))
        .await
        .unwrap();
    assert_eq!(
        methods(&sim, "/connections/"),
        [("GET".into(), 200), ("PATCH".into(), 200)]
    );
    reviewed(&client, ID, Edit::Add(strings(&["picture"])))
        .await
        .unwrap();
    assert_eq!(
        methods(&sim, "/connections/").len(),
        5,
        "GET, then GET again and PATCH"
    );
    // One token for both.
    assert_eq!(sim.tenant(|t| t.requests_to("/oauth/token").len()), 1);
}
