//! Shared by the CLI tests: a seeded simulator and a way to run the real `denylist` binary.
#![allow(dead_code)]

use auth0_simulator::{ALL_SCOPES, Simulator, Tenant};
use serde_json::{Value, json};
use std::process::Stdio;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

pub const ID: &str = "con_cliDatabase00001";
pub const CLIENT_SECRET: &str = "cli-client-secret-NEVER-PRINTED";
/// Secret-looking values inside connections' options: none may ever be printed.
pub const OPTION_SECRETS: &[&str] = &[
    "oidc-client-secret-NEVER-PRINTED",
    "saml-private-key-NEVER-PRINTED",
    "db-password-NEVER-PRINTED",
];

pub fn tenant() -> Tenant {
    let mut t = Tenant::new();
    t.add_client("cli", CLIENT_SECRET, ALL_SCOPES);
    t.add_client(
        "no-options",
        "no-options-secret",
        &["read:connections", "update:connections"],
    );
    t.add_connection(json!({
        "id": ID, "name": "customers", "display_name": "Customers", "strategy": "auth0",
        "options": {"brute_force_protection": true, "non_persistent_attrs": ["gender"], "passwordPolicy": "good"},
    }));
    t.add_connection(json!({
        "id": "con_cliOidc000000001", "name": "partners", "strategy": "oidc",
        "options": {"client_id": "abc", "client_secret": OPTION_SECRETS[0], "non_persistent_attrs": null},
    }));
    t.add_connection(json!({
        "id": "con_cliSaml000000001", "name": "acme-saml", "strategy": "samlp",
        "options": {"signing_key": {"key": OPTION_SECRETS[1]}, "debug": true},
    }));
    t.add_connection(json!({
        "id": "con_cliCustomDb00001", "name": "legacy-db", "strategy": "auth0",
        "options": {"configuration": {"DB_PASSWORD": OPTION_SECRETS[2]}, "enabledDatabaseCustomization": true},
    }));
    t
}

/// Where tests keep what the leak scan at the end of scripts/test reads: configuration folders
/// and captured output. Set by scripts/test (`DENYLIST_TEST_ARTIFACTS`); otherwise a temporary
/// folder, removed when the test ends.
pub struct Artifacts(Option<tempfile::TempDir>, std::path::PathBuf);

impl Artifacts {
    pub fn new(name: &str) -> Artifacts {
        match std::env::var_os("DENYLIST_TEST_ARTIFACTS") {
            Some(root) => {
                let root = std::path::PathBuf::from(root).join("cli");
                std::fs::create_dir_all(&root).unwrap();
                let dir = tempfile::Builder::new()
                    .prefix(&format!("{name}-"))
                    .tempdir_in(&root)
                    .unwrap()
                    .keep();
                Artifacts(None, dir)
            }
            None => {
                let dir = tempfile::Builder::new().prefix(name).tempdir().unwrap();
                let path = dir.path().to_path_buf();
                Artifacts(Some(dir), path)
            }
        }
    }
    pub fn path(&self) -> &std::path::Path {
        &self.1
    }
}

/// Every test secret: none may ever be printed or written to a file.
pub fn known_secrets() -> Vec<&'static str> {
    let mut all: Vec<&str> = OPTION_SECRETS.to_vec();
    all.extend([CLIENT_SECRET, auth0_simulator::TOKEN_MARK]);
    all
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", self.stdout))
    }
    pub fn assert_no_secret(&self) {
        for s in known_secrets() {
            assert!(
                !self.stdout.contains(s) && !self.stderr.contains(s),
                "{s} printed:\n{}\n{}",
                self.stdout,
                self.stderr
            );
        }
        assert!(
            !looks_like_a_jwt(&self.stdout) && !looks_like_a_jwt(&self.stderr),
            "a token was printed"
        );
    }
}

/// Whether `text` holds a JWT: `eyJ` (a base64url JSON header) and more of its alphabet, a dot,
/// then a payload. Only "eyJ" would also match by chance inside random connection ids (1 300
/// ids of 16 random letters and digits hold it about one run in thirteen).
pub fn looks_like_a_jwt(text: &str) -> bool {
    let b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let bytes = text.as_bytes();
    text.match_indices("eyJ").any(|(at, _)| {
        let header = bytes[at..].iter().take_while(|&&c| b64(c)).count();
        let rest = &bytes[at + header..];
        header >= 10
            && rest.first() == Some(&b'.')
            && rest[1..].iter().take_while(|&&c| b64(c)).count() >= 10
    })
}

/// Configuration folders and output of every run, for the leak scan (see [`Artifacts`]).
static RUNS: std::sync::LazyLock<Artifacts> = std::sync::LazyLock::new(|| Artifacts::new("runs"));

pub fn command(sim: &Simulator, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_denylist"));
    c.args(["--domain", &sim.base_url()])
        .env("XDG_CONFIG_HOME", RUNS.path().join("config"))
        .env("XDG_CACHE_HOME", RUNS.path().join("cache"))
        .env("XDG_DATA_HOME", RUNS.path().join("data"))
        .args(args)
        .env_remove("AUTH0_DOMAIN")
        .env_remove("AUTH0_TOKEN")
        .env("AUTH0_CLIENT_ID", "cli")
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

pub async fn run_with(mut c: Command, input: &str) -> Run {
    let mut child = c.spawn().expect("denylist runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    record(&run);
    run.assert_no_secret();
    assert_ne!(run.code, 101, "denylist panicked:\n{}", run.stderr);
    run
}

pub async fn run(sim: &Simulator, args: &[&str], input: &str) -> Run {
    run_with(command(sim, args), input).await
}

pub fn stored_list(sim: &Simulator, id: &str) -> Value {
    sim.stored(id).unwrap()["options"]["non_persistent_attrs"].clone()
}

/// `denylist ARGS` with no tenant or credentials in the environment and its own config folder.
pub fn bare(args: &[&str], config_home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_denylist"));
    c.args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("AUTH0_DOMAIN")
        .env_remove("AUTH0_TOKEN")
        .env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Every file under `dir` that contains `needle`, byte for byte.
pub fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            found.push(path);
        }
    }
    found
}

/// Keep a run's output where the leak scan reads it.
pub fn record(run: &Run) {
    use std::io::Write;
    let path = RUNS.path().join("output.log");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "--- exit {}\n{}\n{}", run.code, run.stdout, run.stderr);
    }
}

/// Whether this machine can give a command a pseudo-terminal (util-linux `script` and /dev/pts).
pub fn terminal_available() -> bool {
    std::process::Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The same command run in a real terminal (a pseudo-terminal from util-linux's `script`), for
/// what the CLI does differently when a person reads its output.
pub fn in_terminal(c: Command) -> Command {
    let std = c.as_std();
    let quote = |s: &std::ffi::OsStr| format!("'{}'", s.to_string_lossy().replace('\'', r"'\''"));
    let line = std::iter::once(quote(std.get_program()))
        .chain(std.get_args().map(quote))
        .collect::<Vec<_>>()
        .join(" ");
    let mut t = Command::new("script");
    // util-linux's script runs the line with $SHELL: a POSIX shell, for the quoting above.
    t.args(["-qec", &line, "/dev/null"]).env("SHELL", "/bin/sh");
    if let Some(dir) = std.get_current_dir() {
        t.current_dir(dir);
    }
    for (key, value) in std.get_envs() {
        match value {
            Some(v) => t.env(key, v),
            None => t.env_remove(key),
        };
    }
    t.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    t
}
