//! `denylist report`: two tenants (saved profiles) in one report, as JSON, self-contained HTML and
//! PDF (its text read back with pdftotext where it is installed): every connection's list, a time
//! with its zone, users still stored as the tenant counts them, the changes by others from the
//! tenant's logs, what was not checked, the data's SHA-256 in the footers, and no option value.

mod common;

use auth0_simulator::{Simulator, Writer};
use common::*;
use serde_json::Value;

fn no_bus(
    args: &[&str],
    config: &std::path::Path,
    data: &std::path::Path,
) -> tokio::process::Command {
    let mut c = bare(args, config);
    c.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("XDG_DATA_HOME", data)
        .env("XDG_CACHE_HOME", data.join("cache"))
        .env("AUTH0_CLIENT_SECRET", CLIENT_SECRET)
        .env("TZ", "Europe/Paris");
    c
}

async fn add_profile(
    name: &str,
    sim: &Simulator,
    env: &str,
    config: &std::path::Path,
    data: &std::path::Path,
) {
    let r = run_with(
        no_bus(
            &[
                "profile",
                "add",
                name,
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--secret-stdin",
                "--environment",
                env,
            ],
            config,
            data,
        ),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn sha256(bytes: &[u8]) -> String {
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tenants_as_json_html_and_pdf_with_counts_changes_and_the_data_hash() {
    let first = Simulator::start(tenant()).await.unwrap();
    first.tenant(|t| {
        t.add_users("customers", 7, &[("gender", "x")]);
        t.add_users("customers", 3, &[]);
        t.add_other_application("tfClient0000000000000000000009", "Terraform (infra)");
        assert!(t.change_deny_list_as(
            ID,
            &["gender"],
            &Writer::dashboard("ana@acme.example"),
            true
        ));
    });
    let second = Simulator::start(tenant()).await.unwrap();
    second.tenant(|t| {
        // No read:users and no read:logs here: said, not guessed.
        t.add_client(
            "cli",
            CLIENT_SECRET,
            &["read:connections", "read:connections_options"],
        );
    });
    let config = Artifacts::new("report-config");
    let data = Artifacts::new("report-data");
    add_profile(
        "Acme prod",
        &first,
        "production",
        config.path(),
        data.path(),
    )
    .await;
    add_profile(
        "Acme dev",
        &second,
        "development",
        config.path(),
        data.path(),
    )
    .await;

    let out = data.path().join("evidence.html");
    let r = run_with(
        no_bus(
            &[
                "report",
                "--profile",
                "Acme prod",
                "--profile",
                "Acme dev",
                "--out",
                out.to_str().unwrap(),
            ],
            config.path(),
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json_path = data.path().join("evidence.json");
    let json_bytes = std::fs::read(&json_path).unwrap();
    let report: Value = serde_json::from_slice(&json_bytes).unwrap();
    let html = std::fs::read_to_string(&out).unwrap();

    // The time carries its zone.
    let at = report["generated_at"].as_str().unwrap();
    assert!(at.ends_with("+01:00"), "{at}");
    assert_eq!(report["time_zone"], "CET");
    assert_eq!(report["tenants"].as_array().unwrap().len(), 2);
    let prod = &report["tenants"][0];
    assert_eq!(prod["name"], "Acme prod");
    assert_eq!(prod["environment"], "production");
    // Every connection with its list and its type in plain words.
    let conns = prod["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 4);
    let customers = conns.iter().find(|c| c["name"] == "customers").unwrap();
    assert_eq!(customers["deny_list"], serde_json::json!(["gender"]));
    assert_eq!(customers["kind"], "Database");
    let saml = conns.iter().find(|c| c["name"] == "acme-saml").unwrap();
    assert_eq!(saml["kind"], "SAML");
    // Users still stored, as the tenant counts them.
    let gender = prod["stored"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["attribute"] == "gender")
        .unwrap();
    assert_eq!(gender["users"], 7);
    // The Dashboard change, with who.
    let change = &prod["changes"][0];
    assert_eq!(change["who"], "Auth0 Dashboard — ana@acme.example");
    // A SAML connection in debug mode holds on this tenant.
    assert!(
        prod["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["title"].as_str().unwrap().contains("Debug")),
        "{prod:#}"
    );
    // The second tenant says what it could not check.
    let dev = &report["tenants"][1];
    assert!(
        dev["stored_note"].as_str().unwrap().contains("read:users"),
        "{dev:#}"
    );
    assert!(
        dev["not_checked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("read:logs")),
        "{dev:#}"
    );

    // The HTML holds the same, stands alone, and prints the data's hash.
    let sha = sha256(&json_bytes);
    assert!(html.contains(&sha), "the footer holds the JSON's SHA-256");
    assert!(r.stderr.contains(&sha), "{}", r.stderr);
    for needle in [
        "customers",
        "acme-saml",
        "Acme prod",
        "Acme dev",
        "ana@acme.example",
        "+01:00",
    ] {
        assert!(html.contains(needle), "{needle} missing from the HTML");
    }
    for outside in ["<script", "<link", "src=", "@import", "url("] {
        assert!(
            !html.contains(outside),
            "{outside}: the HTML must stand alone"
        );
    }
    for secret in OPTION_SECRETS {
        assert!(!html.contains(secret) && !String::from_utf8_lossy(&json_bytes).contains(secret));
    }

    // The PDF, from the same kind of data.
    let pdf = data.path().join("evidence.pdf");
    let r = run_with(
        no_bus(
            &[
                "report",
                "--profile",
                "Acme prod",
                "--out",
                pdf.to_str().unwrap(),
                "--paper",
                "letter",
            ],
            config.path(),
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let pdf_sha = sha256(&std::fs::read(data.path().join("evidence.json")).unwrap());
    match std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout).replace('\n', " ");
            for needle in [
                "customers",
                "acme-saml",
                "Acme prod",
                "ana@acme.example",
                "Database",
                "SAML",
            ] {
                assert!(
                    text.contains(needle),
                    "{needle} missing from the PDF's text: {text}"
                );
            }
            assert!(
                text.contains(&pdf_sha),
                "the PDF's footer holds its data's SHA-256"
            );
        }
        // scripts/test installs it: there, its absence fails.
        _ if std::env::var_os("DENYLIST_TEST_ARTIFACTS").is_some() => {
            panic!("pdftotext (poppler-utils) is missing: the PDF's text cannot be read back")
        }
        _ => eprintln!("pdftotext is not installed: the PDF's text was not read back"),
    }

    // JSON on standard output is the data itself.
    let r = run_with(
        no_bus(
            &["report", "--profile", "Acme dev", "--format", "json"],
            config.path(),
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["format"], "deny-list-manager/evidence-report");

    // A folder that does not exist is said before anything is read.
    let before = first.tenant(|t| t.log.len());
    let r = run_with(
        no_bus(
            &[
                "report",
                "--profile",
                "Acme prod",
                "--out",
                "/nonexistent/dir/r.html",
            ],
            config.path(),
            data.path(),
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert_eq!(first.tenant(|t| t.log.len()), before, "nothing was read");
}
