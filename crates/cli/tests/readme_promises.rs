//! What the README promises about the `denylist` command that no other test
//! checked: exit status 2 for wrong usage, `AUTH0_DOMAIN`, progress only on a
//! terminal, and `--configuration-prompt` (values typed at a terminal, not
//! shown). Terminal cases run the binary under a pseudo-terminal (`script`).

mod common;

use auth0_simulator::Simulator;
use common::*;
use serde_json::json;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[tokio::test(flavor = "multi_thread")]
async fn wrong_usage_exits_with_2() {
    let dir = Artifacts::new("usage");
    for args in [
        vec!["frobnicate"],
        vec!["add"],
        vec!["add", "customers"],
        vec!["show", "a", "b"],
        vec!["set", "x", "y", "--confirm-tenant"],
        vec![
            "add",
            "x",
            "y",
            "--configuration-file",
            "f",
            "--configuration-prompt",
        ],
    ] {
        let r = run_with(bare(&args, dir.path()), "").await;
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error:"), "{args:?}: {}", r.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn auth0_domain_names_the_tenant_without_domain() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let dir = Artifacts::new("auth0-domain");
    let mut c = bare(&["--json", "show", "customers"], dir.path());
    c.env("AUTH0_DOMAIN", sim.base_url())
        .env("AUTH0_CLIENT_ID", "cli")
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
    let r = run_with(c, "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["non_persistent_attrs"], json!(["gender"]));
    // --domain wins over AUTH0_DOMAIN.
    let mut c = bare(
        &["--domain", &sim.base_url(), "show", "customers"],
        dir.path(),
    );
    c.env("AUTH0_DOMAIN", "nowhere.invalid.example")
        .env("AUTH0_CLIENT_ID", "cli")
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
    assert_eq!(run_with(c, "").await.code, 0);
}

/// Run `denylist` under a pseudo-terminal; returns everything the terminal showed.
async fn in_a_terminal(sim: &Simulator, args: &[&str], typed: &str) -> (i32, String) {
    let dir = Artifacts::new("terminal");
    let quoted: Vec<String> = [env!("CARGO_BIN_EXE_denylist"), "--domain", &sim.base_url()]
        .iter()
        .chain(args)
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let mut child = tokio::process::Command::new("script")
        .args(["-q", "-e", "-c", &quoted.join(" "), "/dev/null"])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("AUTH0_CLIENT_ID", "cli")
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET)
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let mut stdin = child.stdin.take().unwrap();
    // Give the program time to ask before typing, as a person would.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stdin.write_all(typed.as_bytes()).await.unwrap();
    stdin.flush().await.unwrap();
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("finished")
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    record(&Run {
        code: out.status.code().unwrap_or(-1),
        stdout: shown.clone(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    });
    (out.status.code().unwrap_or(-1), shown)
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_shows_on_a_terminal_and_nowhere_else() {
    let sim = Simulator::start(tenant()).await.unwrap();
    sim.tenant(|t| t.faults.latency = Duration::from_millis(400));
    let (code, shown) = in_a_terminal(&sim, &["show", "customers"], "").await;
    assert_eq!(code, 0, "{shown}");
    assert!(
        shown.contains("Reading the connection") || shown.contains("Signing in"),
        "no progress on the terminal: {shown:?}"
    );
    // Not a terminal: standard error stays empty on success, standard output is the result only.
    let r = run(&sim, &["show", "customers"], "").await;
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty(), "{:?}", r.stderr);
    assert!(!r.stdout.contains("Reading the connection"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_values_can_be_typed_at_a_terminal_without_echo() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let typed = "typed-value-NEVER-ECHOED";
    let (code, shown) = in_a_terminal(
        &sim,
        &[
            "add",
            "legacy-db",
            "gender",
            "--yes",
            "--configuration-prompt",
        ],
        &format!("{typed}\n"),
    )
    .await;
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("DB_PASSWORD: "), "{shown}");
    assert!(
        !shown.contains(typed),
        "the typed value was echoed: {shown}"
    );
    assert!(shown.contains("Saved and verified"), "{shown}");
    let stored = sim.stored("con_cliCustomDb00001").unwrap();
    assert_eq!(stored["options"]["configuration"]["DB_PASSWORD"], typed);
    assert_eq!(stored["options"]["non_persistent_attrs"], json!(["gender"]));
}

/// `denylist connections | head -1`: when the reader leaves early the command ends quietly, as
/// command-line tools do, instead of panicking on the closed pipe.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_pipe_ends_quietly() {
    let mut t = tenant();
    for c in auth0_simulator::seed::generated(300) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    let mut c = command(&sim, &["connections"]);
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close our end: every line the command prints goes into a closed pipe.
    drop(child.stdout.take());
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("the command ends")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}
