//! Bulk changes against the simulator: pacing under a small rate limit, faults in the middle of
//! a run (a lost reply, server errors, a change made since the dry run), cancellation, skips, and
//! the history every change lands in.

mod common;

use auth0_simulator::RateLimit;
use common::*;
use denylist_core::local::history::{ChangeSource, History, Who};
use denylist_core::tenant::bulk::{
    BulkOutcome, BulkStatus, Recorder, Selection, SkipReason, dry_run, run,
};
use denylist_core::{Edit, ErrorCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn stored_list(sim: &auth0_simulator::Simulator, id: &str) -> Vec<String> {
    let c = sim.stored(id).unwrap();
    serde_json::from_value(c["options"]["non_persistent_attrs"].clone()).unwrap_or_default()
}

fn ids(sim: &auth0_simulator::Simulator) -> Vec<String> {
    sim.tenant(|t| {
        t.connections
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    })
}

fn who(sim: &auth0_simulator::Simulator) -> Who {
    Who {
        tenant: sim.base_url(),
        profile: Some("tests".into()),
    }
}

/// The case: 500 connections under a free plan's 2 requests a second. The client paces
/// itself from `x-ratelimit-*`: every connection changed, no 429 ever provoked, and the run takes
/// the bound (1 000 requests at 2 a second) within 5 %.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "takes about 8 minutes of mostly waiting; scripts/test runs it beside the window tests"]
async fn five_hundred_connections_under_two_requests_a_second_with_no_failure() {
    let sim = simulator(auth0_simulator::seed::generated(500)).await;
    sim.tenant(|t| t.rate_limit = Some(RateLimit::new(2, 2.0)));
    let client = client_with(
        &sim,
        CLIENT_ID,
        CLIENT_SECRET,
        denylist_core::RetryPolicy::default(),
    );
    let plan = dry_run(&client, &Selection::All, &Edit::Add(vec!["address".into()]))
        .await
        .unwrap();
    assert_eq!(plan.items.len(), 500);
    let to_change = plan.to_change();
    assert_eq!(to_change, 500, "no generated list holds address");
    let dir = tempfile::tempdir().unwrap();
    let history = History::in_dir(dir.path());
    let who = who(&sim);
    let recorder = Recorder {
        history: &history,
        who: &who,
        source: ChangeSource::Bulk,
    };
    let before = sim.requests().len();
    let started = Instant::now();
    let mut last = None;
    let report = run(
        &client,
        &plan,
        Some(&recorder),
        &AtomicBool::new(false),
        &mut |p| last = Some(p),
    )
    .await;
    let took = started.elapsed();

    assert_eq!(
        report.counts.failed,
        0,
        "{:?}",
        report.items.iter().find(|i| i.status == BulkStatus::Failed)
    );
    assert_eq!(report.counts.changed, to_change);
    assert_eq!(report.counts.skipped, 500 - to_change);
    assert_eq!(last.unwrap().done, to_change);
    let during: Vec<_> = sim.requests().into_iter().skip(before).collect();
    assert_eq!(
        during.iter().filter(|r| r.status == 429).count(),
        0,
        "paced, never refused"
    );
    let calls = during
        .iter()
        .filter(|r| r.path.starts_with("/api/v2"))
        .count();
    assert_eq!(calls, to_change * 2, "a read and a write per connection");
    // Paced at the refill rate the client infers (not by whole-second resets): within 1.05× the
    // bound (tests/pacing.rs measures each plan's bucket).
    let bound = Duration::from_secs_f64(calls as f64 / 2.0);
    assert!(
        took <= bound.mul_f64(1.05),
        "{took:?} against a bound of {bound:?}"
    );
    for id in ids(&sim) {
        assert!(
            stored_list(&sim, &id).contains(&"address".to_string()),
            "{id}"
        );
    }
    let recorded = history.read(&sim.base_url());
    assert_eq!(recorded.entries.len(), to_change);
    assert!(
        recorded
            .entries
            .iter()
            .all(|e| e.run.as_deref() == Some(plan.run.as_str()))
    );
}

/// A lost reply, a server error and a change made since the dry run, all in one run: every
/// connection ends changed, each told plainly.
#[tokio::test(flavor = "multi_thread")]
async fn faults_in_the_middle_of_a_run_fail_nothing() {
    let sim = simulator(auth0_simulator::seed::generated(12)).await;
    let client = client(&sim);
    let plan = dry_run(
        &client,
        &Selection::All,
        &Edit::Add(vec!["department".into()]),
    )
    .await
    .unwrap();
    assert_eq!(plan.to_change(), 12);
    let all = ids(&sim);
    // Between the dry run and the run, someone adds an attribute to the fifth connection.
    sim.tenant(|t| {
        t.connection_mut(&all[4]).unwrap()["options"]["non_persistent_attrs"] =
            json!(["someone_else"]);
        // The third write lands but its reply is lost; one read answers 503.
        t.faults.force(Some("GET"), Some(&all[7]), 503, 1);
    });
    let mut patches = 0;
    let report = run(&client, &plan, None, &AtomicBool::new(false), &mut |p| {
        if p.done == 2 && patches == 0 {
            patches = 1;
            sim.tenant(|t| t.faults.drop_replies_after_patch = 1);
        }
    })
    .await;
    assert_eq!(report.counts.failed, 0, "{:?}", report.items);
    assert_eq!(report.counts.changed, 12);
    let fifth = &report.items[4];
    assert!(
        fifth
            .notes
            .iter()
            .any(|n| n.contains("changed since the dry run")),
        "{:?}",
        fifth.notes
    );
    assert_eq!(
        stored_list(&sim, &all[4]),
        vec!["someone_else", "department"]
    );
    let third = &report.items[2];
    assert!(
        third
            .notes
            .iter()
            .any(|n| n.to_lowercase().contains("lost")),
        "{:?}",
        third.notes
    );
    for id in &all {
        assert!(stored_list(&sim, id).contains(&"department".to_string()));
    }
}

/// Cancelling stops between connections: each connection is either changed (and reported so)
/// or untouched (reported as not run), never anything in between.
#[tokio::test(flavor = "multi_thread")]
async fn cancelling_leaves_each_connection_changed_or_untouched() {
    let sim = simulator(auth0_simulator::seed::generated(30)).await;
    let client = client(&sim);
    let plan = dry_run(
        &client,
        &Selection::All,
        &Edit::Add(vec!["cost_center".into()]),
    )
    .await
    .unwrap();
    let cancel = AtomicBool::new(false);
    let report = run(&client, &plan, None, &cancel, &mut |p| {
        if p.done == 7 {
            cancel.store(true, Ordering::SeqCst);
        }
    })
    .await;
    assert!(report.cancelled);
    assert_eq!(report.outcome, BulkOutcome::Cancelled);
    assert_eq!(report.counts.changed, 7);
    assert_eq!(report.counts.not_run, 23);
    for item in &report.items {
        let has = stored_list(&sim, &item.connection_id).contains(&"cost_center".to_string());
        match item.status {
            BulkStatus::Changed => assert!(has, "{}", item.connection_name),
            BulkStatus::NotRun => assert!(!has, "{}", item.connection_name),
            other => panic!("{other:?}"),
        }
    }
    let patches = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count();
    assert_eq!(patches, 7);
}

/// What a dry run skips, and why: a list already as asked, unreadable settings, an encrypted
/// custom-database configuration, a name the tenant does not have.
#[tokio::test(flavor = "multi_thread")]
async fn the_dry_run_says_what_is_skipped_and_why() {
    let sim = simulator(vec![
        json!({"id": "con_bulkAlready000001", "name": "already", "strategy": "auth0",
               "options": {"non_persistent_attrs": ["gender"]}}),
        json!({"id": "con_bulkCustomDb00001", "name": "legacy", "strategy": "auth0",
               "options": {"enabledDatabaseCustomization": true, "configuration": {"KEY": "plain"},
                           "non_persistent_attrs": []}}),
        json!({"id": "con_bulkPlain00000001", "name": "plain", "strategy": "samlp",
               "options": {"non_persistent_attrs": []}}),
    ])
    .await;
    let client = client(&sim);
    let selection = Selection::Connections(vec![
        "already".into(),
        "legacy".into(),
        "plain".into(),
        "ghost".into(),
    ]);
    // Misspellings are said first: of a standard name, and of a name another list already holds.
    let typed = dry_run(
        &client,
        &selection,
        &Edit::Add(vec![
            "relgion".into(),
            "gender".into(),
            "employe_badge".into(),
        ]),
    )
    .await
    .unwrap();
    let typos: Vec<(&str, &str)> = typed
        .typos
        .iter()
        .map(|t| (t.typed.as_str(), t.suggestion.as_str()))
        .collect();
    assert_eq!(typos, [("relgion", "religion")]);
    sim.tenant(|t| {
        t.connection_mut("con_bulkPlain00000001").unwrap()["options"]["non_persistent_attrs"] =
            json!(["employee_badge"])
    });
    let typed = dry_run(
        &client,
        &selection,
        &Edit::Add(vec!["employe_badge".into()]),
    )
    .await
    .unwrap();
    assert_eq!(typed.typos[0].suggestion, "employee_badge");
    sim.tenant(|t| {
        t.connection_mut("con_bulkPlain00000001").unwrap()["options"]["non_persistent_attrs"] =
            json!([])
    });

    let plan = dry_run(&client, &selection, &Edit::Add(vec!["gender".into()]))
        .await
        .unwrap();
    assert!(plan.typos.is_empty());
    let skip = |name: &str| {
        plan.items
            .iter()
            .find(|i| i.connection_name == name)
            .unwrap()
            .skip
    };
    assert_eq!(skip("already"), Some(SkipReason::NothingToChange));
    assert_eq!(skip("legacy"), Some(SkipReason::EncryptedConfiguration));
    assert_eq!(skip("plain"), None);
    assert_eq!(skip("ghost"), Some(SkipReason::NoSuchConnection));
    assert_eq!(plan.to_change(), 1);
    let report = run(&client, &plan, None, &AtomicBool::new(false), &mut |_| {}).await;
    // A list already as asked is counted apart from the skips, and the skips say why.
    assert_eq!(
        (
            report.counts.changed,
            report.counts.unchanged,
            report.counts.skipped
        ),
        (1, 1, 2)
    );
    assert!(
        report.summary().contains("1 already as asked, 2 skipped (1 custom database with encrypted configuration, 1 no such connection)"),
        "{}",
        report.summary()
    );
    assert_eq!(
        sim.requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count(),
        1
    );

    // A token that cannot read settings: every connection is skipped, none written.
    let blind = client_with_scopes(&sim, &["read:connections", "update:connections"]);
    let plan = dry_run(
        &blind,
        &Selection::All,
        &Edit::Add(vec!["ethnicity".into()]),
    )
    .await
    .unwrap();
    assert!(
        plan.items
            .iter()
            .all(|i| i.skip == Some(SkipReason::OptionsUnreadable)),
        "{:?}",
        plan.items
    );
}

/// A failure never stops the others: a connection deleted between the dry run and the run fails
/// with its reason; the rest are changed.
#[tokio::test(flavor = "multi_thread")]
async fn one_failure_never_stops_the_others() {
    let sim = simulator(auth0_simulator::seed::generated(5)).await;
    let client = client(&sim);
    let plan = dry_run(
        &client,
        &Selection::All,
        &Edit::Add(vec!["ethnicity".into()]),
    )
    .await
    .unwrap();
    let gone = ids(&sim)[1].clone();
    sim.tenant(|t| {
        t.connections
            .retain(|c| c["id"] != Value::String(gone.clone()))
    });
    let report = run(&client, &plan, None, &AtomicBool::new(false), &mut |_| {}).await;
    let changing = plan.to_change();
    assert_eq!(report.counts.failed, 1);
    assert_eq!(report.counts.changed, changing - 1);
    let failed = report
        .items
        .iter()
        .find(|i| i.status == BulkStatus::Failed)
        .unwrap();
    assert_eq!(failed.connection_id, gone);
    assert_eq!(failed.error.as_ref().unwrap().code, ErrorCode::NotFound);
}

/// Auth0 asks to wait two hours (a spent daily quota): the run stops there instead of failing
/// every remaining connection one by one, and says why.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limit_longer_than_any_wait_stops_the_run_and_says_so() {
    let sim = simulator(auth0_simulator::seed::generated(6)).await;
    let client = client(&sim);
    let plan = dry_run(&client, &Selection::All, &Edit::Add(vec!["address".into()]))
        .await
        .unwrap();
    sim.tenant(|t| {
        t.rate_limit = None;
        t.faults.retry_after_header = true;
        t.faults.extra_headers = vec![("retry-after".into(), "7200".into())];
        t.faults.force(Some("GET"), Some("/connections/"), 429, 1);
    });
    let started = Instant::now();
    let report = run(&client, &plan, None, &AtomicBool::new(false), &mut |_| {}).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "not waited for"
    );
    assert!(!report.cancelled);
    assert_eq!(report.outcome, BulkOutcome::Stopped);
    let stopped = report
        .stopped
        .as_deref()
        .expect("the run says why it stopped");
    assert!(
        stopped.contains("rate limit") || stopped.contains("wait"),
        "{stopped}"
    );
    assert_eq!(report.counts.failed, 1);
    assert_eq!(report.counts.not_run, 5);
    assert_eq!(report.counts.changed, 0);
    assert!(sim.patch_bodies().is_empty());
}

/// Before a bulk change: the users who still have each added attribute stored, summed over the
/// connections it is added to (one search each), and nothing counted without `read:users`.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_counts_what_is_already_stored_across_the_chosen_connections() {
    use denylist_core::tenant::bulk_stored::{count_across, searches};
    let sim = simulator(vec![
        json!({"id": "con_storedA0000000001", "name": "a", "strategy": "auth0", "options": {}}),
        json!({"id": "con_storedB0000000001", "name": "b", "strategy": "auth0", "options": {}}),
        json!({"id": "con_storedC0000000001", "name": "c", "strategy": "auth0",
               "options": {"non_persistent_attrs": ["gender"]}}),
    ])
    .await;
    sim.tenant(|t| {
        t.add_users("a", 3, &[("gender", "x")]);
        t.add_users("b", 2, &[("gender", "y"), ("religion", "z")]);
        // Already denied there: not searched.
        t.add_users("c", 7, &[("gender", "w")]);
    });
    let client = client(&sim);
    let plan = dry_run(
        &client,
        &Selection::All,
        &Edit::Add(vec!["gender".into(), "religion".into()]),
    )
    .await
    .unwrap();
    assert_eq!(searches(&plan).len(), 5, "{:?}", searches(&plan));
    let before = sim.requests().len();
    let mut seen = Vec::new();
    let stored = count_across(&client, &plan, &AtomicBool::new(false), &mut |d, t| {
        seen.push((d, t))
    })
    .await;
    assert_eq!(
        sim.requests().len() - before,
        5,
        "one search per connection and attribute"
    );
    assert_eq!(seen.last(), Some(&(5, 5)));
    let gender = stored
        .counts
        .iter()
        .find(|c| c.attribute == "gender")
        .unwrap();
    assert_eq!(
        (
            gender.users,
            gender.connections,
            gender.counted,
            gender.with_users
        ),
        (5, 2, 2, 2)
    );
    let religion = stored
        .counts
        .iter()
        .find(|c| c.attribute == "religion")
        .unwrap();
    // Added to all three connections (none denied it), found only on b.
    assert_eq!(
        (religion.users, religion.connections, religion.with_users),
        (2, 3, 1)
    );
    assert!(stored.missing_scope.is_none());

    // Without read:users: said, and no search is made.
    let limited = client_with_scopes(&sim, &["read:connections", "read:connections_options"]);
    let users = || sim.tenant(|t| t.requests_to("/api/v2/users").len());
    let before = users();
    let stored = count_across(&limited, &plan, &AtomicBool::new(false), &mut |_, _| {}).await;
    assert_eq!(stored.missing_scope.as_deref(), Some("read:users"));
    assert_eq!(users(), before);
    // A Cancel before the first search: nothing searched.
    let stored = count_across(&client, &plan, &AtomicBool::new(true), &mut |_, _| {}).await;
    assert!(stored.cancelled && stored.searches == 0);
}
