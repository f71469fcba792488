//! No change to a tenant without a record. The real `denylist` is killed (SIGKILL: no chance to
//! tidy up) at many moments of bulk runs, single edits and reverts — while a write is under way,
//! after it landed but before its reply came, and while a lost reply is being checked — and then
//! the next command settles what was interrupted: every change the tenant holds has its entry,
//! nothing is recorded as done that the tenant does not hold, nothing stays pending. A history
//! that cannot be written stops the write before it reaches the tenant.

mod common;

use auth0_simulator::{RateLimit, Simulator};
use common::*;
use serde_json::Value;
use std::time::{Duration, Instant};

fn with_data(sim: &Simulator, args: &[&str], data: &std::path::Path) -> tokio::process::Command {
    let mut c = command(sim, args);
    c.env("XDG_DATA_HOME", data);
    c
}

/// A small random source for the moments (its seed printed, to replay a failure).
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        eprintln!("moments seed: {seed}");
        Moments(seed | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn patches(sim: &Simulator) -> usize {
    sim.tenant(|t| {
        t.requests_to("/api/v2/connections/")
            .iter()
            .filter(|r| r.method == "PATCH")
            .count()
    })
}

/// Wait until the simulator has received `n` PATCHes in all (or the deadline).
async fn until_patches(sim: &Simulator, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while patches(sim) < n {
        assert!(Instant::now() < deadline, "no PATCH {n} came");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Wait until the tenant's list of `id` satisfies `landed` (a write is applied before its reply
/// leaves, and logged only once it has).
async fn until_list(sim: &Simulator, id: &str, landed: impl Fn(&[String]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !landed(&list(sim, id)) {
        assert!(Instant::now() < deadline, "the write never landed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn kill(child: &tokio::process::Child) {
    let pid = child.id().expect("still running") as i32;
    // SAFETY: a plain signal to our own child.
    unsafe { libc::kill(pid, libc::SIGKILL) };
}

/// `denylist --json history` (which settles what was interrupted first), its entries.
async fn history(sim: &Simulator, data: &std::path::Path) -> Vec<Value> {
    let r = run_with(with_data(sim, &["--json", "history"], data), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()["entries"].as_array().unwrap().clone()
}

fn list(sim: &Simulator, id: &str) -> Vec<String> {
    match stored_list(sim, id) {
        Value::Array(a) => a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        _ => Vec::new(),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// With one writer at a time, the latest done change of each connection holds exactly the
/// attributes of `attributes` the tenant holds (none, where no change is recorded): every change
/// the tenant holds has its entry, and nothing is recorded as done that the tenant does not
/// hold. Nothing is left pending.
fn check(sim: &Simulator, entries: &[Value], attributes: &[String]) {
    assert!(
        entries.iter().all(|e| e["state"].is_null()),
        "every change settled as done: {entries:#?}"
    );
    let ids: Vec<String> = sim.tenant(|t| {
        t.connections
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    });
    for id in &ids {
        let now = list(sim, id);
        // Entries are newest first.
        let latest = entries.iter().find(|e| e["connection_id"] == id.as_str());
        for a in attributes {
            let recorded = latest.is_some_and(|e| strings(&e["after"]).contains(a));
            assert_eq!(
                now.contains(a),
                recorded,
                "{id}: the tenant {} {a}, and its latest recorded change {} it",
                if now.contains(a) {
                    "holds"
                } else {
                    "does not hold"
                },
                if recorded { "holds" } else { "does not hold" }
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_runs_killed_at_many_moments_leave_every_change_recorded_once_settled() {
    let mut t = tenant();
    for c in auth0_simulator::seed::generated(40) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    sim.tenant(|t| {
        // The pace: 4 requests a second; and a write lands a moment before its reply
        // leaves, so some kills fall between the two.
        t.rate_limit = Some(RateLimit::new(4, 4.0));
        t.faults.reply_delay_after_patch = Duration::from_millis(150);
    });
    let data = Artifacts::new("killed-bulk");
    let mut moments = Moments::new();
    let mut attributes: Vec<String> = Vec::new();
    for round in 0..8 {
        let attribute = format!("killed_{round}");
        attributes.push(attribute.clone());
        let before = patches(&sim);
        let child = with_data(
            &sim,
            &["bulk", "add", "--all", &attribute, "--yes"],
            data.path(),
        )
        .spawn()
        .unwrap();
        // Some writes in, then a moment anywhere in the next one: before it, while it is under
        // way, after it landed and before its reply.
        until_patches(&sim, before + 1 + moments.below(8) as usize).await;
        tokio::time::sleep(Duration::from_millis(moments.below(400))).await;
        kill(&child);
        let _ = child.wait_with_output().await;
        let entries = history(&sim, data.path()).await;
        check(&sim, &entries, &attributes);
    }
    // Killed at a known moment: two connections done, the third written and its reply held
    // back. Run again to the end, the report names exactly those three as completed before the
    // interruption (the one settled at the start, and the two the stopped run had finished).
    let resumed = "resumed_after_kill".to_string();
    attributes.push(resumed.clone());
    sim.tenant(|t| t.faults.reply_delay_after_patch = Duration::from_secs(5));
    let before = patches(&sim);
    let child = with_data(
        &sim,
        &["bulk", "add", "--all", &resumed, "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    let holding = || {
        sim.tenant(|t| {
            t.connections
                .iter()
                .filter(|c| {
                    c["options"]["non_persistent_attrs"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(resumed.as_str())))
                })
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect::<Vec<String>>()
        })
    };
    // Two replies out (the simulator logs a write once its reply leaves), then the third write
    // applied: its reply is held back 5 s, and the writer is killed while it waits.
    until_patches(&sim, before + 2).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while holding().len() < 3 {
        assert!(Instant::now() < deadline, "the third write never landed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    kill(&child);
    let _ = child.wait_with_output().await;
    sim.tenant(|t| t.faults.reply_delay_after_patch = Duration::ZERO);
    let mut completed = holding();
    assert_eq!(completed.len(), 3, "three writes landed before the kill");
    let r = run_with(
        with_data(
            &sim,
            &["--json", "bulk", "add", "--all", &resumed, "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut said: Vec<String> = r.json()["report"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["status"] == "unchanged"
                && strings(&i["notes"])
                    .iter()
                    .any(|n| n.starts_with("Completed before an interruption"))
        })
        .map(|i| i["connection_id"].as_str().unwrap().to_string())
        .collect();
    said.sort();
    completed.sort();
    assert_eq!(said, completed, "{}", r.stdout);
    let entries = history(&sim, data.path()).await;
    check(&sim, &entries, &attributes);
}

#[tokio::test(flavor = "multi_thread")]
async fn single_edits_and_reverts_killed_after_the_write_or_while_a_lost_reply_is_checked() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let data = Artifacts::new("killed-edits");

    // Killed after the write landed, before its reply: found done at the next start.
    sim.tenant(|t| t.faults.reply_delay_after_patch = Duration::from_secs(3));
    let child = with_data(
        &sim,
        &["add", "customers", "religion", "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    until_list(&sim, ID, |l| l.contains(&"religion".to_string())).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    kill(&child);
    let _ = child.wait_with_output().await;
    assert!(list(&sim, ID).contains(&"religion".to_string()));
    let entries = history(&sim, data.path()).await;
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert!(entries[0]["state"].is_null(), "done: {:#?}", entries[0]);
    assert!(
        strings(&entries[0]["notes"])
            .iter()
            .any(|n| n.starts_with("Completed before an interruption")),
        "{:#?}",
        entries[0]
    );
    let id = entries[0]["id"].as_str().unwrap().to_string();

    // Its revert, killed the same way.
    let child = with_data(&sim, &["revert", &id, "--yes"], data.path())
        .spawn()
        .unwrap();
    until_list(&sim, ID, |l| !l.contains(&"religion".to_string())).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    kill(&child);
    let _ = child.wait_with_output().await;
    assert!(!list(&sim, ID).contains(&"religion".to_string()));
    let entries = history(&sim, data.path()).await;
    assert_eq!(entries.len(), 2, "{entries:#?}");
    assert_eq!(entries[0]["source"], "revert");
    assert!(entries[0]["state"].is_null());
    assert!(
        strings(&entries[0]["notes"])
            .iter()
            .any(|n| n.starts_with("Completed before an interruption")),
        "{:#?}",
        entries[0]
    );

    // Killed before its write: nothing written, nothing recorded.
    sim.tenant(|t| {
        t.faults.reply_delay_after_patch = Duration::ZERO;
        t.faults.latency = Duration::from_secs(2);
    });
    let child = with_data(
        &sim,
        &["add", "customers", "birthdate", "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    kill(&child);
    let _ = child.wait_with_output().await;
    sim.tenant(|t| t.faults.latency = Duration::ZERO);
    let landed = list(&sim, ID).contains(&"birthdate".to_string());
    let entries = history(&sim, data.path()).await;
    check(&sim, &entries, &["religion".into(), "birthdate".into()]);
    assert_eq!(entries.len(), if landed { 3 } else { 2 });

    // A lost reply: the write lands, the connection closes; killed while the client reads the
    // connection to learn whether it landed.
    sim.tenant(|t| t.faults.drop_replies_after_patch = 1);
    let child = with_data(&sim, &["add", "customers", "address", "--yes"], data.path())
        .spawn()
        .unwrap();
    until_list(&sim, ID, |l| l.contains(&"address".to_string())).await;
    sim.tenant(|t| t.faults.latency = Duration::from_secs(3));
    tokio::time::sleep(Duration::from_millis(500)).await;
    kill(&child);
    let _ = child.wait_with_output().await;
    sim.tenant(|t| t.faults.latency = Duration::ZERO);
    let entries = history(&sim, data.path()).await;
    check(
        &sim,
        &entries,
        &["religion".into(), "birthdate".into(), "address".into()],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_history_that_cannot_be_written_stops_the_write_before_the_tenant() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let data = Artifacts::new("history-blocked");
    // Where the history folder goes, a file: nothing can be recorded there (as on a full or
    // read-only disk; root bypasses permissions, so they would not show it).
    // Made as the app makes its own folder (0700): the leak scan checks every folder it left.
    let app = data.path().join("deny-list-manager");
    std::os::unix::fs::DirBuilderExt::mode(&mut std::fs::DirBuilder::new(), 0o700)
        .create(&app)
        .unwrap();
    std::fs::write(app.join("history"), b"not a folder").unwrap();
    let before = patches(&sim);
    let r = run_with(
        with_data(
            &sim,
            &["--json", "add", "customers", "religion", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.json()["error"]["code"], "history_unavailable");
    assert!(r.stderr.contains("--without-history"), "{}", r.stderr);
    assert_eq!(patches(&sim), before, "nothing reached the tenant");
    assert!(!list(&sim, ID).contains(&"religion".to_string()));

    // A bulk run stops before its first write, and says why.
    let r = run_with(
        with_data(
            &sim,
            &["--json", "bulk", "add", "--all", "religion", "--yes"],
            data.path(),
        ),
        "",
    )
    .await;
    // Exit 4: the run stopped (the report says why).
    assert_eq!(r.code, 4, "{}", r.stdout);
    assert_eq!(r.json()["report"]["outcome"], "stopped");
    assert!(
        r.json()["report"]["stopped"]
            .as_str()
            .unwrap()
            .starts_with("Nothing was written"),
        "{}",
        r.stdout
    );
    assert_eq!(patches(&sim), before, "nothing reached the tenant");

    // Only by an explicit choice does a change go without its record.
    let r = run_with(
        with_data(
            &sim,
            &["add", "customers", "religion", "--yes", "--without-history"],
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(list(&sim, ID).contains(&"religion".to_string()));
}

/// A small filesystem of its own (tmpfs), unmounted when dropped, even after a failed assertion.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// `None` when this user may not mount (not root): said, and the test stops there.
    fn mount(name: &str) -> Option<SmallDisk> {
        let at = std::env::temp_dir().join(format!("denylist-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&at).unwrap();
        // SAFETY: geteuid has no input and cannot fail.
        let root = unsafe { libc::geteuid() } == 0;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs"])
            .arg(&at)
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            // A container may refuse even root: said loudly, since the test then proves nothing.
            let _ = std::fs::remove_dir(&at);
            eprintln!(
                "NOT RUN: no small disk could be mounted at {} ({}), so a full disk was not tried",
                at.display(),
                if root {
                    "root, but mounting is not allowed here"
                } else {
                    "not root"
                }
            );
            return None;
        }
        Some(SmallDisk(at))
    }

    /// Fill it: a file grown until the disk refuses (ENOSPC).
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let filler = self.0.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = [0u8; 4096];
        loop {
            match f.write_all(&block) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_stops_the_write_before_the_tenant() {
    let Some(disk) = SmallDisk::mount("full-disk") else {
        return;
    };
    let sim = Simulator::start(tenant()).await.unwrap();
    let filler = disk.fill();
    let before = patches(&sim);
    let r = run_with(
        with_data(
            &sim,
            &["--json", "add", "customers", "religion", "--yes"],
            &disk.0,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        r.json()["error"]["code"],
        "history_unavailable",
        "{}",
        r.stdout
    );
    assert_eq!(patches(&sim), before, "nothing reached the tenant");
    assert!(!list(&sim, ID).contains(&"religion".to_string()));

    // Space again: the same change is written and recorded once, with nothing left over from
    // the refused attempt (no pending intent, no damaged line).
    std::fs::remove_file(filler).unwrap();
    let r = run_with(
        with_data(&sim, &["add", "customers", "religion", "--yes"], &disk.0),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(with_data(&sim, &["--json", "history"], &disk.0), "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entries = r.json()["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert!(entries[0]["state"].is_null(), "{entries:#?}");
    assert!(strings(&entries[0]["after"]).contains(&"religion".to_string()));
    assert!(
        r.json()["problems"].as_array().is_none_or(|p| p.is_empty()),
        "{}",
        r.stdout
    );
    assert_eq!(patches(&sim), before + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_commands_writing_one_tenant_at_once_lose_no_record() {
    let mut t = tenant();
    for c in auth0_simulator::seed::generated(30) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    let data = Artifacts::new("two-writers");
    let a = with_data(
        &sim,
        &["bulk", "add", "--all", "first_writer", "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    let b = with_data(
        &sim,
        &["bulk", "add", "--all", "second_writer", "--yes"],
        data.path(),
    )
    .spawn()
    .unwrap();
    let (a, b) = (
        a.wait_with_output().await.unwrap(),
        b.wait_with_output().await.unwrap(),
    );
    let _ = (a.status, b.status);
    // Every write the tenant accepted has its record, once; no line was lost or torn. (Auth0 has
    // no conditional write: where both read a list before either wrote, the second write wins,
    // and both are recorded as made.)
    let r = run_with(with_data(&sim, &["--json", "history"], data.path()), "").await;
    assert!(
        r.json()["problems"].as_array().unwrap().is_empty(),
        "{}",
        r.stdout
    );
    let entries = r.json()["entries"].as_array().unwrap().clone();
    let written = sim.tenant(|t| {
        t.requests_to("/api/v2/connections/")
            .iter()
            .filter(|r| r.method == "PATCH" && r.status == 200)
            .count()
    });
    assert_eq!(entries.len(), written, "{entries:#?}");
    assert!(entries.iter().all(|e| e["state"].is_null()));
}
