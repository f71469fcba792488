//! Connecting a tenant in one paste, against the simulator: the application made with exactly
//! the scopes chosen, signing in with a key made here (or a secret where the plan has none), a
//! failure part-way undone (or what is left said), and a second setup reusing the first.

mod common;

use auth0_simulator::{Canned, Simulator, seed};
use common::*;
use denylist_core::auth0::{PrivateKey, SigningAlg, client_assertion};
use denylist_core::setup::{
    Credential, KeyChoice, SetupRequest, SetupStep, StepState, delete_application,
    read_pasted_token, rotate, run,
};
use denylist_core::{Credentials, ManagementClient, Secret, TenantDomain};
use std::time::Duration;

const SCOPES: &[&str] = &[
    "read:connections",
    "update:connections",
    "read:connections_options",
    "update:connections_options",
    "read:rules",
];

async fn tenant() -> (Simulator, Secret) {
    let sim = Simulator::start(seed::demo()).await.unwrap();
    let token = Secret::new(sim.tenant(|t| t.explorer_token()));
    (sim, token)
}

fn pasted(sim: &Simulator, token: &Secret) -> ManagementClient {
    ManagementClient::with_options(
        TenantDomain::parse(&sim.base_url()).unwrap(),
        Credentials::Token(token.clone()),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap()
}

fn request(key: KeyChoice, reuse: bool) -> SetupRequest {
    SetupRequest {
        application_name: "Deny List Manager — test-host".into(),
        scopes: SCOPES.iter().map(|s| s.to_string()).collect(),
        key,
        reuse,
        tag: "a1b2c3d4e5f6".into(),
    }
}

fn signs_in(
    outcome_domain: &TenantDomain,
    credential: &Credential,
    client_id: &str,
) -> ManagementClient {
    ManagementClient::with_options(
        outcome_domain.clone(),
        credential.credentials(client_id),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap()
}

fn key() -> KeyChoice {
    KeyChoice::Key {
        alg: SigningAlg::Ps256,
        expires_in: Duration::from_secs(365 * 86400),
    }
}

#[tokio::test]
async fn one_paste_makes_an_application_with_a_key_and_exactly_the_scopes_chosen() {
    let (sim, token) = tenant().await;
    let facts = read_pasted_token(&TenantDomain::parse(&sim.base_url()).unwrap(), &token).unwrap();
    assert!(facts.missing_required.is_empty(), "{:?}", facts.notes);
    let mut steps = Vec::new();
    let outcome = run(
        &pasted(&sim, &token),
        request(key(), true),
        &mut |s, state| steps.push((s, state)),
    )
    .await
    .unwrap();
    assert!(outcome.created && outcome.fell_back_to_secret.is_none());
    let Credential::PrivateKey { pem, alg, .. } = &outcome.credential else {
        panic!("a secret, where the plan allows keys");
    };
    assert_eq!(*alg, SigningAlg::Ps256);
    assert!(pem.expose().starts_with("-----BEGIN PRIVATE KEY-----"));
    for step in [
        SetupStep::CreateApplication,
        SetupStep::RegisterKey,
        SetupStep::Grant,
        SetupStep::Test,
    ] {
        assert!(
            steps
                .iter()
                .any(|(s, st)| *s == step && matches!(st, StepState::Done(_))),
            "{step:?}: {steps:?}"
        );
    }
    // In the tenant: one application, signing in by key only, granted exactly those scopes.
    sim.tenant(|t| {
        let app = &t.clients[&outcome.client_id];
        assert!(!app.secret_allowed && app.keys.iter().filter(|k| k.attached).count() == 1);
        let mut granted = app.scopes.clone();
        granted.sort();
        let mut want: Vec<String> = SCOPES.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(granted, want);
        let made = t
            .applications
            .iter()
            .find(|a| a["client_id"] == outcome.client_id.as_str())
            .unwrap();
        assert_eq!(made["app_type"], "non_interactive");
        assert_eq!(
            made["grant_types"],
            serde_json::json!(["client_credentials"])
        );
    });
    // The new profile's own client signs in with its key and lists connections.
    let own = ManagementClient::with_options(
        outcome.domain.clone(),
        outcome.credential.credentials(&outcome.client_id),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap();
    assert!(denylist_core::list_connections(&own).await.unwrap().len() > 5);
    // Its secret (made with it, and no longer its way in) does not.
    let secret = sim.tenant(|t| t.clients[&outcome.client_id].secret.clone());
    let by_secret = client_with(&sim, &outcome.client_id, &secret, fast_policy());
    assert_eq!(
        by_secret.scopes().await.unwrap_err().code(),
        "bad_credentials"
    );
}

#[tokio::test]
async fn where_the_plan_has_no_private_key_jwt_a_secret_is_used_and_said() {
    let (sim, token) = tenant().await;
    sim.tenant(|t| t.private_key_jwt_allowed = false);
    let outcome = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let why = outcome.fell_back_to_secret.as_deref().unwrap();
    assert!(why.contains("Enterprise"), "{why}");
    assert!(matches!(outcome.credential, Credential::Secret(_)));
    // Nothing half-made: no key registered.
    sim.tenant(|t| assert!(t.clients[&outcome.client_id].keys.is_empty()));
}

#[tokio::test]
async fn a_failure_after_the_creation_is_undone_or_said() {
    let (sim, token) = tenant().await;
    let existing: Vec<String> = sim.tenant(|t| t.clients.keys().cloned().collect());
    sim.tenant(|t| {
        t.faults
            .serve(Some("POST"), Some("/client-grants"), Canned::Status(400), 1)
    });
    let e = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .err()
        .unwrap();
    assert_eq!(e.code(), "setup_failed");
    assert!(e.to_string().contains("deleted again"), "{e}");
    let after = sim.tenant(|t| t.clients.len());
    assert_eq!(
        after,
        existing.len(),
        "only the applications there before are left"
    );

    // When the undo fails too, what is left is named.
    sim.tenant(|t| {
        t.faults
            .serve(Some("POST"), Some("/client-grants"), Canned::Status(400), 1);
        t.faults
            .serve(Some("DELETE"), Some("/clients/"), Canned::Status(403), 1);
    });
    let e = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .err()
        .unwrap();
    let left = sim.tenant(|t| {
        t.clients
            .keys()
            .find(|id| !existing.contains(id))
            .cloned()
            .unwrap()
    });
    assert!(
        e.to_string().contains(&left) && e.to_string().contains("still in the tenant"),
        "{e}"
    );
}

#[tokio::test]
async fn setting_up_again_reuses_the_application_with_a_new_key() {
    let (sim, token) = tenant().await;
    let first = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let second = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    assert_eq!(first.client_id, second.client_id);
    assert!(!second.created);
    sim.tenant(|t| {
        let app = &t.clients[&first.client_id];
        assert_eq!(app.keys.len(), 1, "the earlier key was removed");
        assert_eq!(
            t.grants
                .iter()
                .filter(|g| g.client_id == first.client_id)
                .count(),
            1
        );
    });
    // The first key no longer signs in; the second does.
    let old = ManagementClient::with_options(
        first.domain.clone(),
        first.credential.credentials(&first.client_id),
        fast_policy(),
        denylist_core::progress::silent(),
    )
    .unwrap();
    assert_eq!(old.scopes().await.unwrap_err().code(), "bad_credentials");
}

#[tokio::test]
async fn an_assertion_is_taken_once_and_only_from_the_registered_key() {
    let (sim, token) = tenant().await;
    let outcome = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let Credential::PrivateKey { pem, alg, kid, .. } = &outcome.credential else {
        panic!()
    };
    let domain = TenantDomain::parse(&sim.base_url()).unwrap();
    let post = |assertion: String| {
        let url = format!("{}/oauth/token", sim.base_url());
        let form = vec![
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".into(), outcome.client_id.clone()),
            ("audience".into(), domain.audience()),
            (
                "client_assertion_type".into(),
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
            ),
            ("client_assertion".into(), assertion),
        ];
        async move {
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let a = client_assertion(&domain, &outcome.client_id, pem, *alg, kid.as_deref()).unwrap();
    assert_eq!(post(a.expose().to_string()).await, 200);
    assert_eq!(
        post(a.expose().to_string()).await,
        401,
        "a replayed assertion was taken"
    );
    // Signed by another key: refused.
    let other = PrivateKey::generate().unwrap().to_pem();
    let forged =
        client_assertion(&domain, &outcome.client_id, &other, *alg, kid.as_deref()).unwrap();
    assert_eq!(post(forged.expose().to_string()).await, 401);
    // With the wrong algorithm for the credential: refused.
    let wrong = client_assertion(
        &domain,
        &outcome.client_id,
        pem,
        SigningAlg::Rs256,
        kid.as_deref(),
    )
    .unwrap();
    assert_eq!(post(wrong.expose().to_string()).await, 401);
}

#[tokio::test]
async fn a_rotation_tests_the_new_key_before_the_earlier_one_goes() {
    let (sim, token) = tenant().await;
    let first = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let Credential::PrivateKey { kid: old_kid, .. } = &first.credential else {
        panic!()
    };
    // A key registered elsewhere (another admin's) stays, attached, through the rotation.
    let theirs = PrivateKey::generate().unwrap();
    sim.tenant(|t| t.register_public_key(&first.client_id, &theirs.public_pem().unwrap(), "RS256"));
    let mut steps = Vec::new();
    let (second, _, notes) = rotate(
        &pasted(&sim, &token),
        &first.client_id,
        key(),
        "a1b2c3d4e5f6",
        old_kid.clone(),
        &mut |s, st| steps.push((s, st)),
    )
    .await
    .unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    // The new key passed its test before the earlier one was removed.
    let test_at = steps
        .iter()
        .position(|(s, st)| *s == SetupStep::Test && matches!(st, StepState::Done(_)))
        .unwrap();
    assert!(test_at > 0);
    sim.tenant(|t| {
        let app = &t.clients[&first.client_id];
        assert_eq!(app.keys.len(), 2, "theirs and the new one");
        assert!(app.keys.iter().all(|k| k.attached));
    });
    assert_eq!(
        signs_in(&first.domain, &first.credential, &first.client_id)
            .scopes()
            .await
            .unwrap_err()
            .code(),
        "bad_credentials"
    );
    signs_in(&first.domain, &second, &first.client_id)
        .scopes()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failed_rotation_leaves_the_earlier_key_signing_in() {
    let (sim, token) = tenant().await;
    let first = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let Credential::PrivateKey { kid, .. } = &first.credential else {
        panic!()
    };
    // The new key signs in, but listing connections with it fails: the test fails.
    sim.tenant(|t| {
        t.faults
            .serve(Some("GET"), Some("/connections"), Canned::Status(403), 1)
    });
    let e = rotate(
        &pasted(&sim, &token),
        &first.client_id,
        key(),
        "a1b2c3d4e5f6",
        kid.clone(),
        &mut |_, _| {},
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.code(), "setup_failed");
    assert!(e.to_string().contains("earlier key still signs in"), "{e}");
    sim.tenant(|t| {
        let app = &t.clients[&first.client_id];
        assert_eq!(app.keys.len(), 1, "the new key was deleted again");
        assert!(app.keys[0].attached);
    });
    signs_in(&first.domain, &first.credential, &first.client_id)
        .scopes()
        .await
        .unwrap();
}

#[tokio::test]
async fn only_an_application_this_computer_made_is_reused_or_deleted() {
    let (sim, token) = tenant().await;
    let mine = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    // Another computer, same application name: a new application, the first left alone.
    let mut other = request(key(), true);
    other.tag = "0000000000ff".into();
    let mut said = Vec::new();
    let theirs = run(&pasted(&sim, &token), other, &mut |s, st| {
        said.push((s, st))
    })
    .await
    .unwrap();
    assert!(theirs.created);
    assert_ne!(theirs.client_id, mine.client_id);
    assert!(
        said.iter().any(
            |(_, st)| matches!(st, StepState::Done(m) if m.contains("not made on this computer"))
        ),
        "{said:?}"
    );
    signs_in(&mine.domain, &mine.credential, &mine.client_id)
        .scopes()
        .await
        .unwrap();
    // Deleting with this computer's tag refuses the other computer's application.
    let e = delete_application(&pasted(&sim, &token), &theirs.client_id, "a1b2c3d4e5f6")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not made by this computer"), "{e}");
    sim.tenant(|t| assert!(t.clients.contains_key(&theirs.client_id)));
    delete_application(&pasted(&sim, &token), &mine.client_id, "a1b2c3d4e5f6")
        .await
        .unwrap();
    sim.tenant(|t| assert!(!t.clients.contains_key(&mine.client_id)));
}

#[tokio::test]
async fn any_refusal_of_the_key_falls_back_to_a_secret_and_says_why() {
    let (sim, token) = tenant().await;
    sim.tenant(|t| {
        t.faults
            .serve(Some("POST"), Some("/credentials"), Canned::Status(400), 1)
    });
    let outcome = run(&pasted(&sim, &token), request(key(), true), &mut |_, _| {})
        .await
        .unwrap();
    let why = outcome.fell_back_to_secret.as_deref().unwrap();
    assert!(why.contains("refused the key"), "{why}");
    assert!(matches!(outcome.credential, Credential::Secret(_)));
    signs_in(&outcome.domain, &outcome.credential, &outcome.client_id)
        .scopes()
        .await
        .unwrap();
}
