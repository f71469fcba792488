//! `policy export --format terraform|deploy-cli-yaml|deploy-cli-json` read back by real HCL, YAML
//! and JSON parsers, and `policy check` exit codes on a matching and a drifted tenant, through the
//! real `denylist` binary against the simulator on loopback.

mod common;

use auth0_simulator::Simulator;
use common::*;
use serde_json::{Value, json};

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

async fn hostile_tenant() -> Simulator {
    let mut t = tenant();
    t.add_connection(json!({
        "id": "con_cliHostile000001", "name": "quote\"${x}", "strategy": "okta",
        "options": {"non_persistent_attrs": ["a\"b", "${var.secret}", "new\nline", "%{ if true }"]},
    }));
    Simulator::start(t).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn terraform_and_deploy_cli_exports_hold_every_connections_list() {
    let sim = hostile_tenant().await;
    let expected: Vec<(&str, &str, Vec<String>)> = vec![
        ("customers", "auth0", vec!["gender".into()]),
        ("partners", "oidc", vec![]),
        ("acme-saml", "samlp", vec![]),
        ("legacy-db", "auth0", vec![]),
        (
            "quote\"${x}",
            "okta",
            vec![
                "a\"b".into(),
                "${var.secret}".into(),
                "new\nline".into(),
                "%{ if true }".into(),
            ],
        ),
    ];

    let r = run(&sim, &["policy", "export", "--format", "terraform"], "").await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hcl: Value = hcl::eval::from_str(&r.stdout, &hcl::eval::Context::new())
        .unwrap_or_else(|e| panic!("not HCL ({e}):\n{}", r.stdout));
    let resources = hcl["resource"]["auth0_connection"]
        .as_object()
        .expect("resources");
    assert_eq!(resources.len(), expected.len(), "{}", r.stdout);
    for (name, strategy, list) in &expected {
        let found = resources
            .values()
            .find(|v| v["name"] == *name)
            .unwrap_or_else(|| panic!("no resource for {name}:\n{}", r.stdout));
        assert_eq!(found["strategy"], *strategy);
        assert_eq!(
            strings(&found["options"]["non_persistent_attrs"]),
            *list,
            "{name}"
        );
    }

    let r = run(
        &sim,
        &["policy", "export", "--format", "deploy-cli-yaml"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let yaml: Value = serde_norway::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not YAML ({e}):\n{}", r.stdout));
    for (name, strategy, list) in &expected {
        let section = if *strategy == "auth0" {
            "databases"
        } else {
            "connections"
        };
        let entry = yaml[section]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == *name)
            .unwrap_or_else(|| panic!("no {name} under {section}:\n{}", r.stdout));
        assert_eq!(
            strings(&entry["options"]["non_persistent_attrs"]),
            *list,
            "{name}"
        );
    }

    // The directory format: files under a new folder; a folder with files in it is refused.
    let work = Artifacts::new("as-code");
    let dir = work.path().join("deploy");
    let r = run(
        &sim,
        &[
            "policy",
            "export",
            "--format",
            "deploy-cli-json",
            "-o",
            dir.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let customers: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("database-connections/customers/database.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        customers["options"]["non_persistent_attrs"],
        json!(["gender"])
    );
    let hostile: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("connections/quote-${x}.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(hostile["name"], "quote\"${x}");
    let again = run(
        &sim,
        &[
            "policy",
            "export",
            "--format",
            "deploy-cli-json",
            "-o",
            dir.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
    // Without a folder: one JSON document of path → file.
    let r = run(
        &sim,
        &["policy", "export", "--format", "deploy-cli-json"],
        "",
    )
    .await;
    assert_eq!(r.json()["connections/acme-saml.json"]["strategy"], "samlp");
}

#[tokio::test(flavor = "multi_thread")]
async fn policy_check_exits_0_on_a_matching_tenant_and_1_with_the_differences_on_a_drifted_one() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let work = Artifacts::new("drift");
    let file = work.path().join("policy.json");
    let r = run(
        &sim,
        &["policy", "export", "-o", file.to_str().unwrap()],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = file.to_str().unwrap();

    let r = run(&sim, &["policy", "check", path], "").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("matches"), "{}", r.stdout);

    // Someone changes two lists in the Dashboard (order alone is no drift).
    sim.tenant(|t| {
        t.connection_mut(ID).unwrap()["options"]["non_persistent_attrs"] = json!(["ethnicity"]);
        t.connection_mut("con_cliSaml000000001").unwrap()["options"]["non_persistent_attrs"] =
            json!(["family_name"]);
    });
    let r = run(&sim, &["policy", "check", path], "").await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("customers: not denied: gender; denied but not in the policy: ethnicity"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("acme-saml: denied but not in the policy: family_name"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("partners:"),
        "unchanged connections are not differences: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("2 of 4 connections differ"),
        "{}",
        r.stdout
    );

    let r = run(&sim, &["--json", "policy", "check", path], "").await;
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["drifted"], true);
    let names: Vec<&str> = doc["drift"]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["connection"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme-saml", "customers"]);

    // Two files, no tenant read: a copy matches, the drifted export does not.
    let now = work.path().join("now.json");
    run(&sim, &["policy", "export", "-o", now.to_str().unwrap()], "").await;
    let requests = sim.requests().len();
    let r = run(
        &sim,
        &[
            "policy",
            "check",
            now.to_str().unwrap(),
            "--against",
            now.to_str().unwrap(),
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        &sim,
        &["policy", "check", now.to_str().unwrap(), "--against", path],
        "",
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        sim.requests().len(),
        requests,
        "files are checked without the tenant"
    );

    // A connection the policy names that the tenant lost (renamed) is drift too; the new name
    // is outside the policy, and said.
    sim.tenant(|t| {
        t.connection_mut("con_cliCustomDb00001").unwrap()["name"] = json!("legacy-db-2");
    });
    let r = run(
        &sim,
        &["--json", "policy", "check", now.to_str().unwrap()],
        "",
    )
    .await;
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["drift"]["differences"][0]["connection"], "legacy-db");
    assert_eq!(doc["drift"]["differences"][0]["kind"], "missing");
    assert_eq!(doc["drift"]["outside_policy"], json!(["legacy-db-2"]));
}
