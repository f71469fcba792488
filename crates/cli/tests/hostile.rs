//! The standing bad-input suite: the real `denylist` binary against a tenant
//! that answers as an attacker or a broken server would (redirects, error
//! bodies that quote the request, absurd headers, endless pages, huge and cut
//! bodies, wrong types, escape sequences) and against hostile input
//! (invisible characters, dot segments, line breaks). Each case must end in a
//! plain error with a stable code, in bounded time and memory, with no secret
//! printed, nothing sent to any other host, and no write after a bad read.

mod common;

use auth0_simulator::{Canned, Simulator, Tenant};
use common::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nsaml-pem-body-NEVER-PRINTED\n-----END PRIVATE KEY-----";
/// Short secrets: the old redaction only cut values of 16 characters or more.
const SHORT: &str = "pw-NEVER1";
const REENTERED: &str = "re-entered-NEVER-PRINTED";

/// The CLI test tenant plus a connection whose options hold a PEM key and short secrets.
fn hostile_tenant() -> Tenant {
    let mut t = tenant();
    t.add_connection(json!({
        "id": "con_cliSecretive0001", "name": "secretive", "display_name": "Secretive", "strategy": "samlp",
        "options": {"signing_key": {"key": PEM, "cert": "c"}, "password": SHORT, "non_persistent_attrs": ["gender"]},
    }));
    t
}

/// A second server that must never hear from the CLI.
async fn elsewhere() -> Simulator {
    Simulator::start(Tenant::new()).await.unwrap()
}

fn assert_quiet(r: &Run, extra: &[&str]) {
    for s in [PEM, "saml-pem-body", SHORT, REENTERED].iter().chain(extra) {
        assert!(
            !r.stdout.contains(s) && !r.stderr.contains(s),
            "{s:?} printed:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

fn error_code(r: &Run) -> String {
    r.json()["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn patches(sim: &Simulator) -> usize {
    sim.requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_are_never_followed_on_any_call() {
    let other = elsewhere().await;
    let cases: [(&str, &str, &[&str]); 4] = [
        ("POST", "/oauth/token", &["show", "customers"]),
        ("GET", "/connections", &["connections"]),
        ("GET", "/connections/", &["add", ID, "ethnicity", "--yes"]),
        ("PATCH", "/connections/", &["add", ID, "ethnicity", "--yes"]),
    ];
    for status in [301, 302, 307, 308] {
        for (method, path, args) in cases {
            let sim = Simulator::start(hostile_tenant()).await.unwrap();
            let location = format!("{}/api/v2/connections/{ID}", other.base_url());
            sim.tenant(|t| {
                t.faults.serve(
                    Some(method),
                    Some(path),
                    Canned::Redirect { status, location },
                    1,
                )
            });
            let mut all = vec!["--json"];
            all.extend_from_slice(args);
            let r = run(&sim, &all, "").await;
            assert_eq!(r.code, 1, "{method} {path} {status}: {}", r.stderr);
            assert_eq!(error_code(&r), "unexpected_redirect", "{}", r.stdout);
            assert!(
                r.stderr.contains("tenant domain is probably wrong"),
                "{}",
                r.stderr
            );
            assert!(r.stderr.contains(&status.to_string()), "{}", r.stderr);
            // At most the one PATCH that was answered with the redirect; none after a redirected read.
            let expected = usize::from(method == "PATCH");
            assert_eq!(patches(&sim), expected, "{method} {path}");
            assert_eq!(
                sim.stored(ID).unwrap()["options"]["non_persistent_attrs"],
                json!(["gender"])
            );
        }
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_to_plain_http_elsewhere_is_not_followed() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        let location = "http://192.0.2.1/oauth/token".to_string();
        t.faults.serve(
            Some("POST"),
            Some("/oauth/token"),
            Canned::Redirect {
                status: 307,
                location,
            },
            1,
        )
    });
    let started = Instant::now();
    let r = run(&sim, &["--json", "connections"], "").await;
    assert_eq!(error_code(&r), "unexpected_redirect");
    // 192.0.2.1 answers nothing: following would have waited for the connect timeout.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn error_bodies_that_quote_the_write_show_no_setting() {
    for status in [400, 401, 403, 409, 422, 500, 503] {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        // Enough echoes to outlast every retry (a 401 renews the token once, a 5xx is re-read and re-sent).
        sim.tenant(|t| {
            t.faults
                .serve(Some("PATCH"), None, Canned::Echo { status }, 10)
        });
        for json in [true, false] {
            let mut args = vec!["add", "secretive", "ethnicity", "--yes"];
            if json {
                args.insert(0, "--json");
            }
            let r = run(&sim, &args, "").await;
            assert_eq!(r.code, 1, "{status}: {}", r.stderr);
            assert_quiet(&r, &[]);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn re_entered_configuration_values_are_never_shown_back() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults
            .serve(Some("PATCH"), None, Canned::Echo { status: 400 }, 1)
    });
    // The admin's own file holds the values: not kept for the leak scan.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("values.json");
    std::fs::write(&file, json!({"DB_PASSWORD": REENTERED}).to_string()).unwrap();
    let r = run(
        &sim,
        &[
            "--json",
            "add",
            "legacy-db",
            "gender",
            "--yes",
            "--configuration-file",
            file.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(error_code(&r), "api", "{}", r.stdout);
    assert_quiet(&r, &[]);
    // Auth0's words stay, minus what was sent.
    assert!(r.stderr.contains("<redacted>"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_endpoint_that_echoes_the_form_shows_no_client_secret() {
    for status in [400, 401, 403, 500] {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        sim.tenant(|t| {
            t.faults.serve(
                Some("POST"),
                Some("/oauth/token"),
                Canned::Echo { status },
                10,
            )
        });
        let r = run(&sim, &["--json", "connections"], "").await;
        assert_eq!(r.code, 1, "{status}");
        assert!(!error_code(&r).is_empty());
        // assert_no_secret (in `run`) already checked the client secret; its form spelling too:
        assert!(!r.stderr.contains("NEVER-PRINTED"), "{}", r.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_that_echo_the_token_or_the_settings_show_neither() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    // The bearer token, quoted back by a read.
    sim.tenant(|t| {
        t.faults.serve(
            Some("GET"),
            Some("/connections/"),
            Canned::Echo { status: 400 },
            1,
        )
    });
    let r = run(&sim, &["--json", "show", "con_cliSecretive0001"], "").await;
    assert_eq!(r.code, 1);
    // A server error that quotes the stored connection: never shown at all.
    let stored = sim.stored("con_cliSecretive0001").unwrap();
    let body = json!({"statusCode": 500, "message": Value::Object(stored).to_string()});
    sim.tenant(|t| {
        t.faults.serve(
            Some("GET"),
            Some("/connections/"),
            Canned::Json { status: 500, body },
            10,
        )
    });
    let r = run(&sim, &["--json", "show", "con_cliSecretive0001"], "").await;
    assert_eq!(error_code(&r), "api");
    assert_quiet(&r, &[]);
    assert!(r.stderr.contains("server error"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn absurd_rate_limit_headers_stop_cleanly_without_waiting() {
    for (name, value) in [
        ("x-ratelimit-reset", "1e300"),
        ("retry-after", "1e300"),
        ("x-ratelimit-reset", "99999999999999999999999"),
        ("retry-after", "86400"),
    ] {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        sim.tenant(|t| {
            t.rate_limit = None;
            t.faults.retry_after_header = name == "retry-after";
            t.faults.extra_headers = vec![(name.into(), value.into())];
            t.faults.force(Some("GET"), Some("/connections/"), 429, 1);
        });
        let started = Instant::now();
        let r = run(&sim, &["--json", "add", ID, "ethnicity", "--yes"], "").await;
        assert_eq!(
            error_code(&r),
            "rate_limited",
            "{name}: {value}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("nothing more was sent"), "{}", r.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: {value}"
        );
        assert_eq!(patches(&sim), 0);
    }
    // After a successful reply saying the bucket is empty until the end of time.
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults.extra_headers = vec![
            ("x-ratelimit-remaining".into(), "-1".into()),
            ("x-ratelimit-reset".into(), "1e300".into()),
        ]
    });
    let r = run(&sim, &["--json", "add", ID, "ethnicity", "--yes"], "").await;
    assert_eq!(error_code(&r), "rate_limited");
    assert_eq!(patches(&sim), 0);
    // Nonsense values are ignored.
    for value in ["NaN", "-5", "soon", "1e3000"] {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        sim.tenant(|t| t.faults.extra_headers = vec![("x-ratelimit-reset".into(), value.into())]);
        let r = run(&sim, &["show", ID], "").await;
        assert_eq!(r.code, 0, "{value}: {}", r.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_token_that_never_expires_does_not_panic() {
    use base64::Engine;
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    let enc = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    for exp in [
        json!(1e300),
        json!(-1e300),
        json!("soon"),
        json!(18446744073709551615u64),
    ] {
        let token = format!(
            "{}.{}.sig{}",
            enc(&json!({"alg": "RS256"})),
            enc(
                &json!({"scope": "read:connections update:connections read:connections_options", "exp": exp})
            ),
            auth0_simulator::TOKEN_MARK
        );
        sim.tenant(|t| {
            t.tokens.insert(
                token.clone(),
                auth0_simulator::tenant::IssuedToken {
                    subject: "pasted".into(),
                    scopes: vec!["read:connections".into(), "read:connections_options".into()],
                    expires_at: std::time::SystemTime::now() + Duration::from_secs(60),
                },
            )
        });
        let dir = Artifacts::new("pasted");
        let add = bare(
            &[
                "profile",
                "add",
                "p",
                "--domain",
                &sim.base_url(),
                "--token",
                "--secret-stdin",
            ],
            dir.path(),
        );
        // Without a keyring the profile is saved without its secret.
        run_with(add, &format!("{token}\n")).await;
        let mut test = bare(&["profile", "test", "p"], dir.path());
        test.env("AUTH0_TOKEN", &token);
        let r = run_with(test, "").await;
        assert_eq!(r.code, 0, "exp {exp}: {}", r.stderr);
        assert!(r.stdout.contains("Required"), "{}", r.stdout);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn endless_pages_end_in_an_error_in_bounded_time() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| t.faults.endless_pages = true);
    let started = Instant::now();
    let (r, peak) = run_measured(&sim, &["--json", "connections"]).await;
    assert_eq!(error_code(&r), "unexpected_reply", "{}", r.stderr);
    assert!(r.stderr.contains("kept sending more pages"), "{}", r.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
    assert!(
        peak < 200 * 1024 * 1024,
        "peak RSS {} MB",
        peak / 1024 / 1024
    );
    // `check` lists every connection too.
    sim.tenant(|t| t.faults.endless_pages = true);
    let r = run(&sim, &["--json", "check"], "").await;
    assert_eq!(error_code(&r), "unexpected_reply");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_holds_no_more_than_was_asked_and_reads_a_bounded_total() {
    // More connections on a page than were asked for.
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults.endless_pages = true;
        t.faults.page_overflow = 1;
    });
    let r = run(&sim, &["--json", "connections"], "").await;
    assert_eq!(error_code(&r), "unexpected_reply", "{}", r.stderr);
    assert!(r.stderr.contains("were asked for"), "{}", r.stderr);
    // Pages of 2 MB each, without end: stopped by the listing's total, long before 1 000 pages.
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults.endless_pages = true;
        t.faults.endless_padding = 20 * 1024;
    });
    let started = Instant::now();
    let (r, peak) = run_measured(&sim, &["--json", "connections"]).await;
    assert_eq!(error_code(&r), "unexpected_reply", "{}", r.stderr);
    assert!(
        r.stderr.contains("MB of connections in one listing"),
        "{}",
        r.stderr
    );
    let pages = sim
        .requests()
        .iter()
        .filter(|q| q.path == "/api/v2/connections")
        .count();
    assert!(pages < 200, "{pages} pages were read");
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
    assert!(
        peak < 400 * 1024 * 1024,
        "peak RSS {} MB",
        peak / 1024 / 1024
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn huge_replies_are_not_read_into_memory() {
    const HUGE: u64 = 300 * 1024 * 1024;
    for (method, path, args, declare_length) in [
        ("GET", "/connections/", vec!["--json", "show", ID], true),
        ("GET", "/connections/", vec!["--json", "show", ID], false),
        ("GET", "/connections", vec!["--json", "connections"], false),
        ("POST", "/oauth/token", vec!["--json", "connections"], false),
        (
            "PATCH",
            "/connections/",
            vec!["--json", "add", ID, "ethnicity", "--yes"],
            false,
        ),
    ] {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        sim.tenant(|t| {
            t.faults.serve(
                Some(method),
                Some(path),
                Canned::Oversized {
                    bytes: HUGE,
                    declare_length,
                },
                10,
            )
        });
        let started = Instant::now();
        let (r, peak) = run_measured(&sim, &args).await;
        assert_eq!(r.code, 1, "{method} {path}: {}", r.stderr);
        assert!(
            ["unexpected_reply", "outcome_unknown"].contains(&error_code(&r).as_str()),
            "{method} {path}: {}",
            r.stdout
        );
        assert!(
            peak < 150 * 1024 * 1024,
            "{method} {path}: peak RSS {} MB",
            peak / 1024 / 1024
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_reply_is_a_network_error_not_a_crash() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults.serve(
            Some("GET"),
            Some("/connections/"),
            Canned::Truncated {
                declared: 5000,
                sent: 100,
            },
            10,
        )
    });
    let r = run(&sim, &["--json", "show", ID], "").await;
    assert_eq!(error_code(&r), "network", "{}", r.stdout);
    assert!(
        !r.stderr.contains("http://127.0.0.1") || !r.stderr.contains("/api/v2"),
        "{}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_types_and_foreign_connections_are_refused_before_any_write() {
    let foreign = json!({"id": "con_somebodyElse0001", "name": "customers", "strategy": "auth0",
                         "options": {"non_persistent_attrs": ["gender"]}});
    let bodies = [
        json!({"id": ID, "name": "customers", "strategy": "auth0", "options": "not an object"}),
        json!({"id": ID, "name": "customers", "strategy": "auth0", "options": [1, 2]}),
        json!({"id": ID, "name": "customers", "strategy": "auth0", "options": {"non_persistent_attrs": {"a": 1}}}),
        json!({"id": ID, "name": "customers", "strategy": "auth0", "options": {"non_persistent_attrs": [{"k": SHORT}]}}),
        json!({"id": 42, "name": "customers", "options": {}}),
        json!(["not", "a", "connection"]),
        json!("text"),
        foreign,
    ];
    for body in bodies {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        // The plan's read is fine; the read just before the write is hostile.
        sim.tenant(|t| {
            t.faults.serve(
                Some("GET"),
                Some("/connections/"),
                Canned::Json {
                    status: 200,
                    body: body.clone(),
                },
                10,
            )
        });
        let r = run(&sim, &["--json", "add", ID, "ethnicity", "--yes"], "").await;
        assert_eq!(error_code(&r), "unexpected_reply", "{body}: {}", r.stderr);
        assert!(
            !r.stderr.contains("lacks"),
            "a wrong type is not a missing scope: {}",
            r.stderr
        );
        assert_quiet(&r, &[]);
        assert_eq!(patches(&sim), 0, "{body}");
    }
    // A list whose `connections` is not a list.
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    sim.tenant(|t| {
        t.faults.serve(
            Some("GET"),
            Some("/connections"),
            Canned::Json {
                status: 200,
                body: json!({"connections": {}}),
            },
            1,
        )
    });
    assert_eq!(
        error_code(&run(&sim, &["--json", "connections"], "").await),
        "unexpected_reply"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invisible_characters_in_attributes_are_refused_with_a_reason() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    for sneaky in [
        "gen\u{200b}der",
        "gender\u{202e}redneg",
        "\u{feff}gender",
        "gen\u{ad}der",
    ] {
        let r = run(&sim, &["--json", "add", ID, sneaky, "--yes"], "").await;
        assert_eq!(error_code(&r), "invalid_attribute", "{sneaky:?}");
        assert!(
            r.stderr.contains("invisible formatting character"),
            "{}",
            r.stderr
        );
        // The reason is printed with the character made visible.
        assert!(r.stderr.contains("\\u{"), "{}", r.stderr);
    }
    // A case-only duplicate and a decomposed name are accepted, with a warning.
    let r = run(
        &sim,
        &["add", ID, "Gender", "ge\u{301}nero", "--dry-run"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("differ only in upper and lower case"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("separate accent"), "{}", r.stdout);
    assert_eq!(patches(&sim), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_sequences_from_the_server_are_shown_not_obeyed() {
    let mut t = hostile_tenant();
    t.add_connection(json!({"id": "con_cliEscape0000001", "name": "evil\u{1b}[2J\u{1b}]0;owned\u{7}",
        "strategy": "auth0", "options": {"non_persistent_attrs": ["x\u{1b}[31mred", "a\u{202e}b"]}}));
    let sim = Simulator::start(t).await.unwrap();
    for args in [
        vec!["connections"],
        vec!["show", "con_cliEscape0000001"],
        vec!["check", "con_cliEscape0000001"],
        vec!["remove", "con_cliEscape0000001", "nothing", "--dry-run"],
    ] {
        let r = run(&sim, &args, "").await;
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        for out in [&r.stdout, &r.stderr] {
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
                "{args:?}: {out:?}"
            );
        }
        assert!(r.stdout.contains("\\u{1b}"), "{args:?}: {}", r.stdout);
    }
    // In an error message from the server, too.
    let body =
        json!({"statusCode": 400, "message": "bad \u{1b}[2J thing", "errorCode": "invalid_body"});
    sim.tenant(|t| {
        t.faults
            .serve(Some("PATCH"), None, Canned::Json { status: 400, body }, 1)
    });
    let r = run(&sim, &["add", ID, "ethnicity", "--yes"], "").await;
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    // JSON output stays valid JSON, with the characters escaped by the serializer.
    let r = run(&sim, &["--json", "show", "con_cliEscape0000001"], "").await;
    assert_eq!(r.json()["non_persistent_attrs"][0], "x\u{1b}[31mred");

    // A CSV export is the data byte for byte into a file or a pipe, and made visible on a terminal.
    let piped = run(&sim, &["policy", "export", "--csv"], "").await;
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        piped.stdout.contains("x\u{1b}[31mred"),
        "{:?}",
        piped.stdout
    );
    if !terminal_available() {
        eprintln!(
            "no pseudo-terminal here (util-linux script, /dev/pts): the terminal half is not run"
        );
        return;
    }
    let shown = run_with(
        in_terminal(command(&sim, &["policy", "export", "--csv"])),
        "",
    )
    .await;
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    // The terminal merges both streams: the CSV is what follows our own progress line.
    let text = &shown.stdout[shown.stdout.rfind("tenant,connection").unwrap()..];
    assert!(text.contains("evil\\u{1b}[2J"), "{text:?}");
    assert!(text.contains("x\\u{1b}[31mred"), "{text:?}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn line_breaks_in_tenant_names_cannot_forge_output_lines() {
    let mut t = hostile_tenant();
    let forged = "Saved and verified: only the deny list changed.";
    t.add_connection(
        json!({"id": "con_cliLineBreak0001", "name": format!("plain\n{forged}"),
        "strategy": "samlp", "options": {"non_persistent_attrs": [format!("gender\n{forged}")]}}),
    );
    let sim = Simulator::start(t).await.unwrap();
    for args in [
        vec!["connections"],
        vec!["show", "con_cliLineBreak0001"],
        vec!["check", "con_cliLineBreak0001"],
        vec!["remove", "con_cliLineBreak0001", "nothing", "--dry-run"],
        vec!["bulk", "add", "ethnicity", "--all", "--dry-run"],
    ] {
        let r = run(&sim, &args, "").await;
        for out in [&r.stdout, &r.stderr] {
            assert!(
                !out.lines().any(|l| l.trim_start().starts_with(forged)),
                "{args:?} printed a forged line:\n{out}"
            );
        }
        if r.code == 0 {
            assert!(r.stdout.contains("\\u{a}"), "{args:?}: {}", r.stdout);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn connection_names_that_would_change_the_request_are_refused() {
    let sim = Simulator::start(hostile_tenant()).await.unwrap();
    for key in [
        ".",
        "..",
        " .. ",
        "con_x\n",
        "con\r\nx",
        "con_\u{200b}x",
        "\u{7}",
    ] {
        let r = run(&sim, &["--json", "show", key], "").await;
        assert_eq!(error_code(&r), "invalid_input", "{key:?}: {}", r.stdout);
    }
    assert!(
        sim.requests()
            .iter()
            .all(|r| !r.path.starts_with("/api/v2")),
        "{:?}",
        sim.requests()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patch_reply_that_differs_from_what_was_sent_is_reported() {
    type Change = fn(&mut serde_json::Map<String, Value>);
    let cases: [(&str, Change, &str); 4] = [
        (
            "dropped key",
            |c| {
                c["options"]
                    .as_object_mut()
                    .unwrap()
                    .shift_remove("passwordPolicy");
            },
            "verification_failed",
        ),
        (
            "changed list",
            |c| c["options"]["non_persistent_attrs"] = json!(["gender"]),
            "verification_failed",
        ),
        (
            "server-computed keys",
            |c| {
                c["options"]["strategy_version"] = json!(2);
                c["options"]["computed"] = json!({"cert": "x"});
            },
            "",
        ),
        (
            "no options",
            |c| {
                c.shift_remove("options");
            },
            "",
        ),
    ];
    for (what, change, code) in cases {
        let sim = Simulator::start(hostile_tenant()).await.unwrap();
        sim.tenant(|t| t.faults.change_patch_reply(change));
        let r = run(&sim, &["--json", "add", ID, "ethnicity", "--yes"], "").await;
        if code.is_empty() {
            assert_eq!(r.code, 0, "{what}: {}", r.stderr);
            let verified = r.json()["verified"].as_bool();
            assert_eq!(verified, Some(what != "no options"), "{what}: {}", r.stdout);
        } else {
            assert_eq!(error_code(&r), code, "{what}: {}", r.stdout);
        }
        assert_eq!(patches(&sim), 1, "{what}: written once, never again");
    }
}

/// Run the binary and measure its peak resident memory (bytes), from the kernel's own count.
async fn run_measured(sim: &Simulator, args: &[&str]) -> (Run, u64) {
    let mut c = command(sim, args).into_std();
    c.stdin(std::process::Stdio::null());
    let child = c.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut child = child;
        let (mut stdout, mut stderr) = (String::new(), String::new());
        let mut so = child.stdout.take().unwrap();
        let mut se = child.stderr.take().unwrap();
        let err_reader = std::thread::spawn(move || {
            let _ = se.read_to_string(&mut stderr);
            stderr
        });
        let _ = so.read_to_string(&mut stdout);
        let stderr = err_reader.join().unwrap();
        let mut status = 0;
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet waited for; status and usage are valid out-pointers.
        unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        (
            Run {
                code,
                stdout,
                stderr,
            },
            usage.ru_maxrss as u64 * 1024,
        )
    })
    .await
    .unwrap();
    record(&out.0);
    println!("denylist {}: peak RSS {} KB", args.join(" "), out.1 / 1024);
    out.0.assert_no_secret();
    assert_ne!(out.0.code, 101, "panicked: {}", out.0.stderr);
    out
}

/// `localhost` is this computer whatever the resolver says: the secret and plain http go to
/// 127.0.0.1 / ::1 only. Run in a network and mount namespace of its own (as root, `unshare`),
/// where the hosts file sends `localhost` to 127.0.0.2 and the demo tenant listens on 127.0.0.1.
#[tokio::test(flavor = "multi_thread")]
async fn localhost_is_reached_at_loopback_whatever_the_resolver_says() {
    let probe = std::process::Command::new("unshare")
        .args(["--net", "--mount", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("no network namespace here (unshare as root): this check is not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hosts = dir.path().join("hosts");
    std::fs::write(&hosts, "127.0.0.2 localhost\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_denylist");
    let script = format!(
        "set -e; ip link set lo up; ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
         mount --bind '{hosts}' /etc/hosts
         '{bin}' --json demo --port 48213 > '{out}' 2>/dev/null &
         demo=$!; trap 'kill $demo' EXIT
         for i in $(seq 50); do [ -s '{out}' ] && break; sleep 0.1; done
         secret=$(sed 's/.*\"client_secret\":\"\\([0-9a-f]*\\)\".*/\\1/' '{out}')
         AUTH0_CLIENT_ID=demo-admin-app AUTH0_CLIENT_SECRET=$secret XDG_CONFIG_HOME='{dir}' XDG_CACHE_HOME='{dir}' \\
           '{bin}' --domain http://localhost:48213 connections",
        hosts = hosts.display(),
        out = dir.path().join("demo.json").display(),
        dir = dir.path().display(),
    );
    let run = tokio::process::Command::new("unshare")
        .args(["--net", "--mount", "sh", "-c", &script])
        .env_remove("AUTH0_TOKEN")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains("connections in http://localhost:48213"),
        "the tenant at localhost was not reached at 127.0.0.1: {stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Run `denylist --domain DOMAIN connections` in a network and mount namespace of its own whose
/// resolver is set by `nsswitch` and `resolv` (bound over /etc's); its standard error.
async fn lookup_in_namespace(nsswitch: &str, resolv: &str, domain: &str) -> Option<String> {
    let probe = std::process::Command::new("unshare")
        .args(["--net", "--mount", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("no network namespace here (unshare as root): this check is not run");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ns, rc, hosts) = (
        dir.path().join("nsswitch.conf"),
        dir.path().join("resolv.conf"),
        dir.path().join("hosts"),
    );
    std::fs::write(&ns, nsswitch).unwrap();
    std::fs::write(&rc, resolv).unwrap();
    std::fs::write(&hosts, "127.0.0.1 localhost\n").unwrap();
    let script = format!(
        "set -e; ip link set lo up
         mount --bind '{ns}' /etc/nsswitch.conf; mount --bind '{rc}' /etc/resolv.conf; mount --bind '{hosts}' /etc/hosts
         XDG_CONFIG_HOME='{dir}' XDG_CACHE_HOME='{dir}' '{bin}' --domain '{domain}' connections",
        ns = ns.display(),
        rc = rc.display(),
        hosts = hosts.display(),
        dir = dir.path().display(),
        bin = env!("CARGO_BIN_EXE_denylist"),
    );
    let run = tokio::process::Command::new("unshare")
        .args(["--net", "--mount", "sh", "-c", &script])
        .env("AUTH0_CLIENT_ID", "cli")
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET)
        .env_remove("AUTH0_TOKEN")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .await
        .unwrap();
    assert!(!run.status.success());
    Some(String::from_utf8_lossy(&run.stderr).into_owned())
}

/// A resolver that answers "no such name" (here: the hosts file only) → no tenant at that name.
#[tokio::test(flavor = "multi_thread")]
async fn a_name_the_resolver_says_does_not_exist_is_said_not_to_exist() {
    let Some(stderr) = lookup_in_namespace("hosts: files\n", "", "acme.us.auth0.com").await else {
        return;
    };
    assert!(
        stderr.contains("There is no tenant at acme.us.auth0.com"),
        "{stderr}"
    );
}

/// No resolver answering (a DNS server that is not there, as when offline or blocked) → this
/// computer cannot look up names; never "that name does not exist".
#[tokio::test(flavor = "multi_thread")]
async fn no_resolver_answering_is_not_said_to_be_a_missing_name() {
    let Some(stderr) = lookup_in_namespace(
        "hosts: files dns\n",
        "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
        "acme.us.auth0.com",
    )
    .await
    else {
        return;
    };
    assert!(
        stderr.contains("cannot look up names right now"),
        "{stderr}"
    );
    assert!(!stderr.contains("does not exist"), "{stderr}");
}
