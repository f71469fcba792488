//! History, revert, bulk runs and policies through the real `denylist` binary against simulators
//! on loopback: Ctrl-C in the middle of a run, a revert after someone else's change, a history
//! file torn by a crash, and two tenants that do not hold the same connections.

mod common;

use auth0_simulator::{Simulator, seed};
use common::*;
use serde_json::{Value, json};
use std::time::Duration;

fn list_of(sim: &Simulator, id: &str) -> Vec<String> {
    match stored_list(sim, id) {
        Value::Array(a) => a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// A command whose data folder (where the history lives) is this test's own.
fn with_data(sim: &Simulator, args: &[&str], data: &std::path::Path) -> tokio::process::Command {
    let mut c = command(sim, args);
    c.env("XDG_DATA_HOME", data);
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_a_bulk_run_between_connections_and_the_report_says_which_changed() {
    let mut t = tenant();
    for c in seed::generated(40) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    // Slow enough to interrupt: every request takes 80 ms.
    sim.tenant(|t| t.faults.latency = Duration::from_millis(80));
    let data = Artifacts::new("bulk-cancel");
    let child = with_data(
        &sim,
        &["--json", "bulk", "add", "--all", "x_cancel_probe", "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    let pid = child.id().unwrap() as i32;
    // Wait for a few writes to land, then interrupt as a terminal's Ctrl-C does.
    let started = std::time::Instant::now();
    while sim.patch_bodies().len() < 5 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no PATCH landed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    unsafe { libc::kill(pid, libc::SIGINT) };
    let out = child.wait_with_output().await.unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    record(&r);
    r.assert_no_secret();
    assert_eq!(r.code, 4, "a cancelled run exits 4:\n{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["outcome"], "cancelled");
    let report = &doc["report"];
    let changed = report["counts"]["changed"].as_u64().unwrap();
    let not_run = report["counts"]["not_run"].as_u64().unwrap();
    assert!(changed >= 5 && not_run > 0, "{report}");
    // The report is the truth: each connection is either changed or untouched, as it says.
    let mut patched = 0;
    for item in report["items"].as_array().unwrap() {
        let id = item["connection_id"].as_str().unwrap();
        let stored = list_of(&sim, id);
        match item["status"].as_str().unwrap() {
            "changed" => {
                patched += 1;
                assert!(stored.contains(&"x_cancel_probe".to_string()), "{item}");
            }
            "not_run" | "skipped" => {
                assert!(!stored.contains(&"x_cancel_probe".to_string()), "{item}")
            }
            other => panic!("unexpected {other}: {item}"),
        }
    }
    assert_eq!(patched, sim.patch_bodies().len(), "one PATCH per change");
    // Every change is in the history, tagged with the run.
    let h = run_with(with_data(&sim, &["--json", "history"], data.path()), "").await;
    let entries = h.json()["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len() as u64, changed);
    assert!(entries.iter().all(|e| e["run"] == report["run"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn revert_after_someone_else_changed_the_list_shows_three_versions_and_undoes_only_ours() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let data = Artifacts::new("revert");
    let r = run_with(
        with_data(
            &sim,
            &["--json", "add", "customers", "ethnicity", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entry = r.json()["history_id"].as_str().unwrap().to_string();
    assert_eq!(list_of(&sim, ID), ["gender", "ethnicity"]);
    // Someone else adds an attribute in the Dashboard's API explorer.
    sim.tenant(|t| {
        t.connection_mut(ID).unwrap()["options"]["non_persistent_attrs"] =
            json!(["gender", "ethnicity", "religion"]);
    });

    // Asked to run unattended without saying which version: it refuses and changes nothing.
    let r = run_with(
        with_data(&sim, &["revert", &entry, "--yes"], data.path()),
        "",
    )
    .await;
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--choose"), "{}", r.stderr);
    assert_eq!(list_of(&sim, ID), ["gender", "ethnicity", "religion"]);

    // The three versions, and the choice to undo only our change.
    let r = run_with(
        with_data(
            &sim,
            &["--json", "revert", &entry, "--choose", "undo-only", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["current"], json!(["gender", "ethnicity", "religion"]));
    assert_eq!(doc["restore"], json!(["gender"]));
    assert_eq!(doc["undo_only"], json!(["gender", "religion"]));
    assert_eq!(list_of(&sim, ID), ["gender", "religion"]);

    // The revert is itself in the history, pointing at what it reverted.
    let h = run_with(
        with_data(
            &sim,
            &["--json", "history", "--connection", "customers"],
            data.path(),
        ),
        "",
    )
    .await;
    let entries = h.json()["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["source"], "revert");
    assert_eq!(entries[0]["reverts"], entry.as_str());
    assert_eq!(entries[0]["after"], json!(["gender", "religion"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_history_file_torn_mid_line_is_reported_and_never_fatal() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let data = Artifacts::new("torn");
    for attr in ["ethnicity", "religion"] {
        let r = run_with(
            with_data(&sim, &["add", "customers", attr, "--yes"], data.path()),
            "",
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let dir = data.path().join("deny-list-manager/history");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .expect("a history file");
    // Each change is two lines (its intent, then its outcome): a crash in the middle of the
    // last one, the second change's outcome.
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    let torn = format!(
        "{}\n{}",
        lines[..3].join("\n"),
        &lines[3][..lines[3].len() / 2]
    );
    std::fs::write(&file, torn).unwrap();

    let h = run_with(with_data(&sim, &["history"], data.path()), "").await;
    assert_eq!(h.code, 0, "{}", h.stderr);
    // The torn line is said; the change it ended is settled against the tenant (which holds it).
    assert!(
        h.stderr.contains("cut short") || h.stderr.contains("could not be read"),
        "{}",
        h.stderr
    );
    assert!(
        h.stderr.contains("completed before the interruption"),
        "{}",
        h.stderr
    );
    assert!(
        h.stdout.contains("ethnicity") && h.stdout.contains("religion"),
        "{}",
        h.stdout
    );

    // The history is on this computer: read without credentials (none in the environment here).
    let mut offline = bare(&["history", "--domain", &sim.base_url()], data.path());
    offline.env("XDG_DATA_HOME", data.path());
    let h = run_with(offline, "").await;
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert!(h.stdout.contains("ethnicity"), "{}", h.stdout);
    // Or through a saved profile, with no keyring and no secret for this run.
    let no_bus = |args: &[&str]| {
        let mut c = bare(args, data.path());
        c.env("XDG_DATA_HOME", data.path())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        c
    };
    let add = &["profile", "add", "Here", "--domain", &sim.base_url()];
    let added = run_with(
        no_bus(&[&add[..], &["--client-id", "cli", "--secret-stdin"]].concat()),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await;
    assert_eq!(added.code, 0, "{}", added.stderr);
    let h = run_with(no_bus(&["--profile", "Here", "history"]), "").await;
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert!(h.stdout.contains("ethnicity"), "{}", h.stdout);

    // The next change is still recorded, on a line of its own.
    let r = run_with(
        with_data(
            &sim,
            &["add", "customers", "nickname", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let h = run_with(with_data(&sim, &["--json", "history"], data.path()), "").await;
    let doc = h.json();
    let entries = doc["entries"].as_array().unwrap();
    // The change whose outcome was torn is there too: its intent survived, and it was found on
    // the tenant.
    assert_eq!(entries.len(), 3, "{doc}");
    assert!(entries[0]["after"].to_string().contains("nickname"));
    assert_eq!(doc["problems"].as_array().unwrap().len(), 1, "{doc}");
    // Readable by jq: every whole line is one JSON object.
    let text = std::fs::read_to_string(&file).unwrap();
    let whole = text
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).is_ok())
        .count();
    // Three intents, the first change's outcome, the resolution of the second, the third's.
    assert_eq!(whole, 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn compare_and_sync_across_tenants_with_missing_and_extra_connections() {
    // Staging: customers [gender, ethnicity], partners [employee_id], staging-only.
    let mut a = tenant();
    a.add_connection(
        json!({"id": "con_stagingOnly00001", "name": "staging-only", "strategy": "auth0",
        "options": {"non_persistent_attrs": ["ethnicity"]}}),
    );
    let staging = Simulator::start(a).await.unwrap();
    staging.tenant(|t| {
        t.connection_mut(ID).unwrap()["options"]["non_persistent_attrs"] =
            json!(["gender", "ethnicity"]);
        t.connection_mut("con_cliOidc000000001").unwrap()["options"]["non_persistent_attrs"] =
            json!(["employee_id"]);
    });
    // Production: the same four connections plus one of its own, lists behind.
    let mut b = tenant();
    b.add_connection(
        json!({"id": "con_prodOnly00000001", "name": "prod-only", "strategy": "auth0",
        "options": {"non_persistent_attrs": ["nickname"]}}),
    );
    let production = Simulator::start(b).await.unwrap();
    let work = Artifacts::new("policy");
    let a_file = work.path().join("staging.json");
    let b_file = work.path().join("production.json");
    for (sim, file) in [(&staging, &a_file), (&production, &b_file)] {
        let r = run(sim, &["policy", "export", "-o", file.to_str().unwrap()], "").await;
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(
        &staging,
        &[
            "--json",
            "policy",
            "compare",
            a_file.to_str().unwrap(),
            b_file.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let rows = doc["comparison"]["rows"].as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["connection"] == name)
            .unwrap_or_else(|| panic!("no row for {name}: {doc}"))
    };
    assert_eq!(row("customers")["status"], "different");
    assert_eq!(row("customers")["cells"][1]["lacks"], json!(["ethnicity"]));
    assert_eq!(row("staging-only")["status"], "missing");
    assert_eq!(row("staging-only")["cells"][1]["present"], false);
    assert_eq!(row("prod-only")["status"], "missing");
    assert_eq!(row("prod-only")["cells"][0]["present"], false);
    assert_eq!(row("acme-saml")["status"], "same");
    // CSV for auditors: a header and one row per connection.
    let r = run(&staging, &["policy", "export", "--csv"], "").await;
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("tenant,connection,strategy,deny_list_size,deny_list")
    );
    assert!(
        r.stdout.contains("customers,auth0,2,gender; ethnicity"),
        "{}",
        r.stdout
    );

    // Sync production to staging: a dry run first, nothing sent.
    let patches = production.patch_bodies().len();
    let r = run(
        &production,
        &[
            "--json",
            "policy",
            "apply",
            a_file.to_str().unwrap(),
            "--dry-run",
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = &r.json()["plan"];
    let item = |name: &str| {
        plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["connection_name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {plan}"))
    };
    assert_eq!(item("staging-only")["skip"], "no_such_connection");
    assert_eq!(item("customers")["after"], json!(["gender", "ethnicity"]));
    assert_eq!(production.patch_bodies().len(), patches);

    // Then for real: the connections of the same name match, the extra one is left alone.
    let r = run(
        &production,
        &[
            "--json",
            "policy",
            "apply",
            a_file.to_str().unwrap(),
            "--yes",
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(list_of(&production, ID), ["gender", "ethnicity"]);
    assert_eq!(
        list_of(&production, "con_cliOidc000000001"),
        ["employee_id"]
    );
    assert_eq!(list_of(&production, "con_prodOnly00000001"), ["nickname"]);
    // Every other option kept, byte for byte.
    assert_eq!(
        production.stored(ID).unwrap()["options"]["passwordPolicy"],
        "good"
    );
    // A second sync has nothing to do.
    let r = run(
        &production,
        &[
            "--json",
            "policy",
            "apply",
            a_file.to_str().unwrap(),
            "--yes",
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.json()["dry_run"],
        true,
        "nothing to change is reported as a plan"
    );
}
