//! Connecting a tenant through the real `denylist` binary: `profile setup` from one pasted
//! token, then ordinary commands with the new profile; rotation, removal with the application,
//! and profiles signing in with a key made or imported by hand. They need a real Secret Service:
//! scripts/test runs them inside scripts/with-keyring.

mod common;

use auth0_simulator::Simulator;
use common::*;
use denylist_core::auth0::PrivateKey;
use serde_json::{Value, json};

const CHOSEN: &str = "read:connections,update:connections,read:connections_options,update:connections_options,read:rules";

fn explorer_token(sim: &Simulator) -> String {
    sim.tenant(|t| t.explorer_token())
}

/// Every connection as stored, to show that setup changed none.
fn connections(sim: &Simulator) -> Value {
    sim.tenant(|t| json!(t.connections))
}

async fn setup(sim: &Simulator, cfg: &std::path::Path, name: &str, extra: &[&str]) -> Run {
    let token = explorer_token(sim);
    let url = sim.base_url();
    let mut args = vec![
        "--domain",
        &url,
        "--json",
        "profile",
        "setup",
        name,
        "--token-stdin",
        "--scopes",
        CHOSEN,
    ];
    args.extend_from_slice(extra);
    let run = run_with(bare(&args, cfg), &format!("{token}\n")).await;
    assert!(!run.stdout.contains(&token) && !run.stderr.contains(&token));
    assert!(
        files_containing(cfg, &token).is_empty(),
        "the pasted token was written"
    );
    run
}

/// Who signed each request made since `from` (the log's index).
fn signers_since(sim: &Simulator, from: usize) -> Vec<Option<String>> {
    sim.tenant(|t| {
        t.log[from..]
            .iter()
            .map(|r| r.signed_in_as.clone())
            .collect()
    })
}

fn log_len(sim: &Simulator) -> usize {
    sim.tenant(|t| t.log.len())
}

async fn list_with(cfg: &std::path::Path, profile: &str) -> Run {
    run_with(
        bare(&["--profile", profile, "--json", "connections"], cfg),
        "",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn one_paste_makes_an_application_with_a_key_and_exactly_the_scopes_chosen() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("setup-key");
    let cfg = config.path();
    let before = connections(&sim);
    let clients_before = sim.tenant(|t| t.clients.len());

    let r = setup(&sim, cfg, "Acme", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let client_id = doc["client_id"].as_str().unwrap().to_string();
    assert_eq!(doc["profile"]["name"], "Acme");
    assert_eq!(doc["profile"]["auth"]["kind"], "private_key");
    assert_eq!(doc["profile"]["auth"]["client_id"], client_id);
    assert_eq!(doc["credential"]["kind"], "private_key");
    let expires = doc["credential"]["expires_at"].as_str().unwrap();
    assert!(expires.starts_with("2027-"), "a year from now: {expires}");
    assert_eq!(doc["created"], true);
    let want: Vec<&str> = CHOSEN.split(',').collect();
    assert_eq!(doc["scopes"], json!(want));

    // In the tenant: one new application, signing in by key only, granted exactly those scopes.
    sim.tenant(|t| {
        assert_eq!(t.clients.len(), clients_before + 1);
        let made = &t.clients[&client_id];
        assert!(!made.secret_allowed, "it may still sign in with a secret");
        assert_eq!(made.keys.iter().filter(|k| k.attached).count(), 1);
        let grants: Vec<_> = t
            .grants
            .iter()
            .filter(|g| g.client_id == client_id)
            .collect();
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].audience, t.management_audience());
        let mut granted = grants[0].scope.clone();
        granted.sort();
        let mut wanted: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        wanted.sort();
        assert_eq!(granted, wanted);
    });
    assert_eq!(connections(&sim), before, "setup changed a connection");
    assert!(files_containing(cfg, "PRIVATE KEY").is_empty());

    // Ordinary commands then sign in with the key; the pasted token is never used again.
    let from = log_len(&sim);
    let listed = list_with(cfg, "Acme").await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("customers"), "{}", listed.stdout);
    let signers = signers_since(&sim, from);
    assert!(!signers.is_empty());
    assert!(
        signers
            .iter()
            .all(|s| s.as_deref().is_none_or(|s| s == client_id)),
        "{signers:?}"
    );
    assert!(signers.iter().any(|s| s.as_deref() == Some(&client_id)));
    assert!(sim.tenant(|t| t.assertions_taken(&client_id)) >= 1);

    // A second setup from this computer reuses the application (a new key, the same grant).
    let again = setup(&sim, cfg, "Acme again", &[]).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    let doc = again.json();
    assert_eq!(doc["created"], false);
    assert_eq!(doc["client_id"], client_id);
    sim.tenant(|t| {
        assert_eq!(t.clients.len(), clients_before + 1);
        assert_eq!(
            t.grants.iter().filter(|g| g.client_id == client_id).count(),
            1
        );
    });
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn a_plan_without_private_key_jwt_gets_a_secret_and_says_so() {
    let mut t = tenant();
    t.private_key_jwt_allowed = false;
    let sim = Simulator::start(t).await.unwrap();
    let config = Artifacts::new("setup-secret");
    let cfg = config.path();

    let r = setup(&sim, cfg, "Acme", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["credential"]["kind"], "secret");
    assert_eq!(doc["credential"]["expires_at"], Value::Null);
    assert_eq!(doc["profile"]["auth"]["kind"], "client_credentials");
    let client_id = doc["client_id"].as_str().unwrap().to_string();
    let secret = sim.tenant(|t| {
        let c = &t.clients[&client_id];
        assert!(c.secret_allowed && c.keys.is_empty());
        c.secret.clone()
    });
    assert!(!secret.is_empty());
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));
    assert!(files_containing(cfg, &secret).is_empty());

    // The text form says it in one plain line.
    let text = run_with(
        bare(
            &[
                "--domain",
                &sim.base_url(),
                "profile",
                "setup",
                "Acme text",
                "--token-stdin",
                "--new-application",
            ],
            cfg,
        ),
        &format!("{}\n", explorer_token(&sim)),
    )
    .await;
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .lines()
            .any(|l| l.contains("Private Key JWT") && l.contains("client secret")),
        "{}",
        text.stdout
    );

    let from = log_len(&sim);
    let listed = list_with(cfg, "Acme").await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        signers_since(&sim, from)
            .iter()
            .all(|s| s.as_deref().is_none_or(|s| s == client_id))
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn a_token_without_the_scopes_to_make_an_application_changes_nothing() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("setup-scopes");
    let cfg = config.path();
    let token = sim.tenant(|t| {
        t.issue_token(
            &["read:connections", "read:clients"],
            std::time::Duration::from_secs(3600),
        )
    });
    let clients_before = sim.tenant(|t| t.clients.len());
    let r = run_with(
        bare(
            &[
                "--domain",
                &sim.base_url(),
                "profile",
                "setup",
                "Acme",
                "--token-stdin",
            ],
            cfg,
        ),
        &format!("{token}\n"),
    )
    .await;
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("create:clients"), "{}", r.stderr);
    assert!(r.stderr.contains("create:client_grants"), "{}", r.stderr);
    assert_eq!(sim.tenant(|t| t.clients.len()), clients_before);
    let listed = run_with(bare(&["--json", "profile", "list"], cfg), "").await;
    assert_eq!(listed.json()["profiles"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn rotation_replaces_the_key_and_removal_can_delete_the_application() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("setup-rotate");
    let cfg = config.path();
    let r = setup(&sim, cfg, "Acme", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let client_id = r.json()["client_id"].as_str().unwrap().to_string();
    let first_key = sim.tenant(|t| t.clients[&client_id].keys[0].kid.clone());

    let rotated = run_with(
        bare(
            &["--json", "profile", "rotate", "Acme", "--token-stdin"],
            cfg,
        ),
        &format!("{}\n", explorer_token(&sim)),
    )
    .await;
    assert_eq!(rotated.code, 0, "{}", rotated.stderr);
    sim.tenant(|t| {
        let keys = &t.clients[&client_id].keys;
        assert_eq!(keys.len(), 1, "the earlier key is still registered");
        assert_ne!(keys[0].kid, first_key);
        assert!(keys[0].attached);
    });
    let listed = list_with(cfg, "Acme").await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);

    let removed = run_with(
        bare(
            &[
                "--json",
                "profile",
                "remove",
                "Acme",
                "--yes",
                "--delete-application",
                "--token-stdin",
            ],
            cfg,
        ),
        &format!("{}\n", explorer_token(&sim)),
    )
    .await;
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(removed.json()["deleted_application"], client_id);
    sim.tenant(|t| {
        assert!(!t.clients.contains_key(&client_id));
        assert!(t.grants.iter().all(|g| g.client_id != client_id));
    });
    let listed = run_with(bare(&["--json", "profile", "list"], cfg), "").await;
    assert_eq!(listed.json()["profiles"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn a_key_made_here_signs_in_once_its_public_half_is_registered() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("generate-key");
    let cfg = config.path();
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "Keyed",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--generate-key",
                "--alg",
                "PS256",
            ],
            cfg,
        ),
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("-----BEGIN PUBLIC KEY-----"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("PRIVATE") && !r.stderr.contains("PRIVATE"));
    assert!(r.stderr.contains("Credentials"), "{}", r.stderr);
    let public: String = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN PUBLIC KEY"))
        .take_while(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(files_containing(cfg, "PRIVATE KEY").is_empty());

    // Before its public half is registered, it cannot sign in (and says so).
    sim.tenant(|t| t.clients.get_mut("cli").unwrap().secret_allowed = false);
    let refused = list_with(cfg, "Keyed").await;
    assert_ne!(refused.code, 0);

    sim.tenant(|t| t.register_public_key("cli", &public, "PS256"))
        .expect("the printed public key is a key");
    let listed = list_with(cfg, "Keyed").await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(sim.tenant(|t| t.assertions_taken("cli")) >= 1);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn an_imported_private_key_stays_in_the_keyring() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("import-key");
    let cfg = config.path();
    let key = PrivateKey::generate().unwrap();
    let pem = key.to_pem();
    sim.tenant(|t| t.register_public_key("cli", &key.public_pem().unwrap(), "RS256"))
        .unwrap();
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "Imported",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--private-key-stdin",
            ],
            cfg,
        ),
        pem.expose(),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The body of the key, a line of it: on no output and in no file.
    let body_line = pem.expose().lines().nth(3).unwrap().to_string();
    let listed = list_with(cfg, "Imported").await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    for run in [&r, &listed] {
        assert!(!run.stdout.contains(&body_line) && !run.stderr.contains(&body_line));
    }
    assert!(files_containing(cfg, &body_line).is_empty());
    assert!(sim.tenant(|t| t.assertions_taken("cli")) >= 1);

    // Not a key: refused before anything is saved.
    let bad = run_with(
        bare(
            &[
                "profile",
                "add",
                "Bad",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--private-key-stdin",
            ],
            cfg,
        ),
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    )
    .await;
    assert_ne!(bad.code, 0);
    let names = run_with(bare(&["--json", "profile", "list"], cfg), "")
        .await
        .json();
    assert_eq!(names["profiles"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service: run through scripts/with-keyring"]
async fn production_needs_the_tenant_named_and_an_application_not_made_here_is_never_deleted() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let config = Artifacts::new("setup-production");
    let cfg = config.path();
    let clients_before = sim.tenant(|t| t.clients.len());
    // Production, the token on standard input: without --confirm-tenant nothing is made.
    let r = setup(&sim, cfg, "Prod", &["--environment", "production"]).await;
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--confirm-tenant"), "{}", r.stderr);
    assert_eq!(sim.tenant(|t| t.clients.len()), clients_before);
    let name = denylist_core::TenantDomain::parse(&sim.base_url())
        .unwrap()
        .tenant_name()
        .to_string();
    let r = setup(
        &sim,
        cfg,
        "Prod",
        &["--environment", "production", "--confirm-tenant", &name],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let client_id = r.json()["client_id"].as_str().unwrap().to_string();
    // Deleting it from production: --yes is not enough.
    let remove = |extra: Vec<String>| {
        let mut args: Vec<String> = [
            "--json",
            "profile",
            "remove",
            "Prod",
            "--yes",
            "--delete-application",
            "--token-stdin",
        ]
        .map(String::from)
        .to_vec();
        args.extend(extra);
        let stdin = format!("{}\n", explorer_token(&sim));
        let cfg = cfg.to_path_buf();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_with(bare(&args, &cfg), &stdin).await
        }
    };
    let refused = remove(vec![]).await;
    assert_ne!(refused.code, 0);
    assert!(sim.tenant(|t| t.clients.contains_key(&client_id)));

    // A profile added by hand for the demo's own application: its application is not deleted.
    let r = run_with(
        bare(
            &[
                "profile",
                "add",
                "By hand",
                "--domain",
                &sim.base_url(),
                "--client-id",
                "cli",
                "--secret-stdin",
            ],
            cfg,
        ),
        "whatever-NEVER-PRINTED\n",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_with(
        bare(
            &[
                "profile",
                "remove",
                "By hand",
                "--yes",
                "--delete-application",
                "--token-stdin",
            ],
            cfg,
        ),
        &format!("{}\n", explorer_token(&sim)),
    )
    .await;
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("not made by this app's setup"),
        "{}",
        r.stderr
    );
    assert!(sim.tenant(|t| t.clients.contains_key("cli")));

    let removed = remove(vec!["--confirm-tenant".into(), name.clone()]).await;
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(!sim.tenant(|t| t.clients.contains_key(&client_id)));
}
