//! The simulator is also the demo tenant people run: a web page in a browser cannot reach it by
//! another name (DNS rebinding), a client that has not signed in cannot make it read a body, and
//! the demo people use keeps no request bodies and only its last requests.

use auth0_simulator::{ALL_SCOPES, Simulator, Tenant, seed};
use serde_json::json;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

#[tokio::test]
async fn only_its_own_loopback_names_are_answered() {
    let sim = Simulator::start(seed::demo()).await.unwrap();
    let port = sim.base_url().rsplit(':').next().unwrap().to_string();
    let url = format!("{}/oauth/token", sim.base_url());
    for (host, answered) in [
        (format!("127.0.0.1:{port}"), true),
        (format!("localhost:{port}"), true),
        ("attacker.example".to_string(), false),
        (format!("attacker.example:{port}"), false),
        ("127.0.0.1:1".to_string(), false),
    ] {
        let r = client()
            .post(&url)
            .header("host", &host)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", seed::DEMO_CLIENT_ID),
                ("client_secret", seed::DEMO_CLIENT_SECRET),
                ("audience", &format!("{}/api/v2/", sim.base_url())),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status() == 421, !answered, "{host}: {}", r.status());
    }
}

#[tokio::test]
async fn a_client_that_has_not_signed_in_cannot_send_a_body() {
    let mut t = Tenant::new();
    t.add_client("c", "s", ALL_SCOPES);
    t.add_connection(json!({"id": "con_1", "name": "db", "strategy": "auth0", "options": {}}));
    let sim = Simulator::start(t).await.unwrap();
    let r = client()
        .patch(format!("{}/api/v2/connections/con_1", sim.base_url()))
        .header("authorization", "Bearer made-up")
        .body(vec![b'x'; 8 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Logged without its body, and nothing stored.
    assert!(sim.patch_bodies().is_empty());
    assert_eq!(sim.stored("con_1").unwrap()["options"], json!({}));
}

#[tokio::test]
async fn the_demo_people_use_has_its_own_secret_and_a_short_memory() {
    let secret = seed::demo_secret().unwrap();
    assert_ne!(secret, seed::demo_secret().unwrap());
    let sim = Simulator::start(seed::demo_with_secret(&secret))
        .await
        .unwrap();
    let token = |secret: String| {
        let url = format!("{}/oauth/token", sim.base_url());
        let audience = format!("{}/api/v2/", sim.base_url());
        async move {
            client()
                .post(url)
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", seed::DEMO_CLIENT_ID),
                    ("client_secret", secret.as_str()),
                    ("audience", audience.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert!(
        token(seed::DEMO_CLIENT_SECRET.to_string())
            .await
            .is_client_error()
    );
    assert!(token(secret.clone()).await.is_success());
    for _ in 0..seed::DEMO_LOG_LIMIT + 10 {
        token(secret.clone()).await;
    }
    assert_eq!(sim.requests().len(), seed::DEMO_LOG_LIMIT);
}
