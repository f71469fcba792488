//! "Explore the demo tenant": the simulator, started in the app on loopback
//! with demo data, opened as a profile marked demo (kept in memory only).

use super::Cx;
use crate::state::CmdResult;
use crate::views::SessionView;
use auth0_simulator::{Simulator, seed};
use denylist_core::{Credentials, ErrorCode, ErrorPayload, Secret};
use denylist_profiles::{AuthMethod, Environment, Profile};

pub async fn start_demo(cx: &Cx) -> CmdResult<SessionView> {
    let unavailable = |e: std::io::Error| ErrorPayload {
        code: ErrorCode::DemoUnavailable,
        message: format!("The demo tenant could not start: {e}"),
    };
    let (domain, secret) = {
        let state = cx.state();
        let mut demo = state.demo.lock().await;
        match demo.as_ref() {
            Some((sim, secret)) => (sim.base_url(), secret.clone()),
            None => {
                // A fresh secret each run, known to this app only: another user of the computer
                // cannot sign in to the demo tenant.
                let secret = Secret::new(seed::demo_secret().map_err(unavailable)?);
                let sim = Simulator::start(seed::demo_with_secret(secret.expose()))
                    .await
                    .map_err(unavailable)?;
                let url = sim.base_url();
                *demo = Some((sim, secret.clone()));
                (url, secret)
            }
        }
    };
    let profile = Profile {
        id: "demo".into(),
        name: "Demo tenant".into(),
        domain,
        auth: AuthMethod::ClientCredentials {
            client_id: seed::DEMO_CLIENT_ID.into(),
        },
        environment: Environment::Development,
        color: "#6a1b9a".into(),
        demo: true,
        made_by_setup: false,
        token_expires_at: None,
        created_at: 0,
        last_used_at: None,
    };
    let credentials = Credentials::ClientCredentials {
        client_id: seed::DEMO_CLIENT_ID.into(),
        client_secret: secret,
    };
    super::profiles::open(cx, profile, credentials).await
}
