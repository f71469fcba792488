//! "Explore the demo tenant": the simulator, started in the app on loopback
//! with demo data, opened as a profile marked demo (kept in memory only).

use super::Cx;
use crate::state::CmdResult;
use crate::views::SessionView;
use auth0_simulator::{Simulator, seed};
use denylist_core::{Credentials, ErrorCode, ErrorPayload, Secret};
use denylist_profiles::{AuthMethod, Environment, Profile};

/// The demo tenant of this run (started the first time): its address and its admin's secret.
async fn demo_tenant(cx: &Cx) -> CmdResult<(String, Secret)> {
    let unavailable = |e: std::io::Error| ErrorPayload {
        code: ErrorCode::DemoUnavailable,
        message: format!("The demo tenant could not start: {e}"),
    };
    let state = cx.state();
    let mut demo = state.demo.lock().await;
    if let Some((sim, secret)) = demo.as_ref() {
        return Ok((sim.base_url(), secret.clone()));
    }
    // A fresh secret each run, known to this app only: another user of the computer cannot sign
    // in to the demo tenant.
    let secret = Secret::new(seed::demo_secret().map_err(unavailable)?);
    let sim = Simulator::start(seed::demo_with_secret(secret.expose()))
        .await
        .map_err(unavailable)?;
    let url = sim.base_url();
    *demo = Some((sim, secret.clone()));
    Ok((url, secret))
}

/// A practice token for the demo tenant, as its API Explorer would give one (it never reaches
/// the window): the one-paste setup can be tried with no account.
pub(super) async fn practice_token(cx: &Cx) -> CmdResult<(String, Secret)> {
    let (url, _) = demo_tenant(cx).await?;
    let state = cx.state();
    let demo = state.demo.lock().await;
    let token = demo
        .as_ref()
        .map(|(sim, _)| Secret::new(sim.tenant(|t| t.explorer_token())))
        .ok_or_else(|| ErrorPayload {
            code: ErrorCode::DemoUnavailable,
            message: "The demo tenant stopped.".into(),
        })?;
    Ok((url, token))
}

/// The demo tenant, opened with `credentials` as `name` (kept in memory only).
pub(super) async fn open_demo_as(
    cx: &Cx,
    name: &str,
    auth: AuthMethod,
    credentials: Credentials,
) -> CmdResult<SessionView> {
    let (domain, _) = demo_tenant(cx).await?;
    let profile = Profile {
        id: "demo".into(),
        name: name.into(),
        domain,
        auth,
        environment: Environment::Development,
        color: "#6a1b9a".into(),
        demo: true,
        made_by_setup: false,
        managed_as_code: Default::default(),
        token_expires_at: None,
        created_at: 0,
        last_used_at: None,
    };
    super::profiles::open(cx, profile, credentials).await
}

pub async fn start_demo(cx: &Cx) -> CmdResult<SessionView> {
    let (_, secret) = demo_tenant(cx).await?;
    let credentials = Credentials::ClientCredentials {
        client_id: seed::DEMO_CLIENT_ID.into(),
        client_secret: secret,
    };
    let auth = AuthMethod::ClientCredentials {
        client_id: seed::DEMO_CLIENT_ID.into(),
    };
    open_demo_as(cx, "Demo tenant", auth, credentials).await
}
