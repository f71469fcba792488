//! A profile says its tenant is managed as code: every write path (a single edit, a bulk dry run,
//! a revert) says what that tool's next run does, with the code; a bulk dry run shows each
//! connection's findings once, with where. Through the real binary, a real Secret Service (the
//! profile's secret) and the simulator on loopback.

mod common;

use auth0_simulator::Simulator;
use common::*;
use serde_json::{Value, json};

const SAML: &str = "con_cliSamlDebug00001";
const ALREADY: &str = "con_cliAlreadyGender1";

fn tenant_with_saml_in_debug() -> auth0_simulator::Tenant {
    let mut t = tenant();
    t.add_connection(json!({
        "id": SAML, "name": "partner-saml", "strategy": "samlp",
        "options": {"debug": true, "signInEndpoint": "https://idp.example/sso", "non_persistent_attrs": []},
    }));
    t.add_connection(json!({
        "id": ALREADY, "name": "google-workforce", "strategy": "google-oauth2",
        "options": {"non_persistent_attrs": ["ethnicity"], "scope": ["email"]},
    }));
    t
}

fn doc(r: &Run) -> Value {
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_dry_run_shows_a_saml_connection_in_debug_mode_once_and_lists_already_as_asked() {
    let sim = Simulator::start(tenant_with_saml_in_debug()).await.unwrap();
    let r = run(
        &sim,
        &["--json", "bulk", "add", "--all", "ethnicity", "--dry-run"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = doc(&r);
    let groups = d["finding_groups"].as_array().unwrap();
    let debug: Vec<&Value> = groups
        .iter()
        .filter(|g| g["finding"]["code"] == "saml_debug_logs")
        .collect();
    assert_eq!(debug.len(), 1, "{groups:?}");
    // Every SAML connection in debug mode (the common tenant has one too), and only those.
    let named: Vec<&str> = debug[0]["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(named.contains(&"partner-saml"), "{named:?}");
    assert!(!named.contains(&"customers"), "{named:?}");
    // The list already denying it is neither a change nor a skip, in plain words.
    let items = d["plan"]["items"].as_array().unwrap();
    let already = items
        .iter()
        .find(|i| i["connection_id"] == ALREADY)
        .unwrap();
    assert_eq!(already["skip"], "nothing_to_change");
    let saml = items.iter().find(|i| i["connection_id"] == SAML).unwrap();
    assert_eq!(saml["kind"], "SAML");
    // The human view (on stderr with --json) says the same.
    assert!(r.stderr.contains("Debug mode is on"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("on {} connection", named.len())),
        "{}",
        r.stderr
    );
    let to_change = items.iter().filter(|i| i["skip"].is_null()).count();
    let already = items
        .iter()
        .filter(|i| i["skip"] == "nothing_to_change")
        .count();
    assert!(already >= 1);
    assert!(
        r.stderr.contains(&format!(
            "{to_change} to change, {already} already as asked"
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("samlp"), "{}", r.stderr);
    assert!(sim.patch_bodies().is_empty(), "a dry run sends nothing");
    // Managed by hand (no profile): nothing about code.
    assert_eq!(d["as_code"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: scripts/with-keyring"]
async fn a_profile_managed_with_terraform_gets_the_code_before_every_write() {
    let sim = Simulator::start(tenant_with_saml_in_debug()).await.unwrap();
    let cfg = Artifacts::new("as-code-profile");
    let cfg = cfg.path();
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "Coded",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--secret-stdin",
                "--managed-as-code",
                "terraform",
            ],
            cfg,
        ),
        &format!("{CLIENT_SECRET}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let show = run_with(bare(&["profile", "show", "Coded"], cfg), "").await;
    assert!(show.stdout.contains("Terraform"), "{}", show.stdout);

    // A single edit's dry run: the consequence and the resource's exact line.
    let r = run_with(
        bare(
            &[
                "--profile",
                "Coded",
                "--json",
                "add",
                "partner-saml",
                "gender",
                "--dry-run",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = doc(&r);
    let notices = d["as_code"].as_array().unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["tool"], "terraform");
    let code = notices[0]["snippets"][0]["code"].as_str().unwrap();
    assert!(
        code.contains("non_persistent_attrs = [\"gender\"]"),
        "{code}"
    );
    assert!(r.stderr.contains("Managed with Terraform"), "{}", r.stderr);

    // A bulk dry run: one notice covering each connection it changes, with its list after.
    let r = run_with(
        bare(
            &[
                "--profile",
                "Coded",
                "--json",
                "bulk",
                "add",
                "--all",
                "ethnicity",
                "--dry-run",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = doc(&r);
    let code = d["as_code"][0]["snippets"][0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(code.contains("partner-saml"), "{code}");
    assert!(code.contains("customers"), "{code}");
    assert!(
        !code.contains("google-workforce"),
        "a list already as asked is not changed: {code}"
    );

    // "I don't know": both tools are said.
    let r = run_with(
        bare(&["profile", "managed-as-code", "Coded", "unknown"], cfg),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(
        bare(
            &[
                "--profile",
                "Coded",
                "--json",
                "clear",
                "customers",
                "--dry-run",
            ],
            cfg,
        ),
        "",
    )
    .await;
    let d = doc(&r);
    let tools: Vec<&str> = d["as_code"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["tool"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["terraform", "deploy_cli"]);
    // A database connection goes under `databases:` in the Deploy CLI's YAML.
    let yaml = d["as_code"][1]["snippets"][0]["code"].as_str().unwrap();
    assert!(yaml.contains("databases:"), "{yaml}");

    // Back to "nothing": no notice.
    run_with(
        bare(&["profile", "managed-as-code", "Coded", "nothing"], cfg),
        "",
    )
    .await;
    let r = run_with(
        bare(
            &[
                "--profile",
                "Coded",
                "--json",
                "clear",
                "customers",
                "--dry-run",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(doc(&r)["as_code"], json!([]));
    assert!(sim.patch_bodies().is_empty());
}
