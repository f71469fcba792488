//! "Explore the demo tenant": the simulator, started in the app on loopback
//! with demo data, opened as a profile marked demo (kept in memory only).

use super::Cx;
use crate::state::CmdResult;
use crate::views::SessionView;
use auth0_simulator::{Simulator, seed};
use denylist_core::{Credentials, ErrorCode, ErrorPayload, Secret};
use denylist_profiles::{AuthMethod, Environment, Profile};

pub async fn start_demo(cx: &Cx) -> CmdResult<SessionView> {
    let domain = {
        let state = cx.state();
        let mut demo = state.demo.lock().await;
        match demo.as_ref() {
            Some(sim) => sim.base_url(),
            None => {
                let sim = Simulator::start(seed::demo())
                    .await
                    .map_err(|e| ErrorPayload {
                        code: ErrorCode::DemoUnavailable,
                        message: format!("The demo tenant could not start: {e}"),
                    })?;
                let url = sim.base_url();
                *demo = Some(sim);
                url
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
        created_at: 0,
        last_used_at: None,
    };
    let credentials = Credentials::ClientCredentials {
        client_id: seed::DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(seed::DEMO_CLIENT_SECRET),
    };
    super::profiles::open(cx, profile, credentials).await
}
