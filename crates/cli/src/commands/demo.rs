//! `denylist demo`: run the demo tenant (the simulator with friendly data) until Ctrl-C.

use crate::Outcome;
use crate::term;
use auth0_simulator::{Simulator, seed};
use denylist_core::{Error, Result};
use serde_json::json;

pub async fn run(port: u16, json: bool) -> Result<Outcome> {
    // A fresh secret each run: another user of the computer cannot sign in to this demo tenant.
    let secret = seed::demo_secret()
        .map_err(|e| Error::Network(format!("could not start the demo tenant: {e}")))?;
    let start = |port: u16| {
        Simulator::start_on(
            ([127, 0, 0, 1], port).into(),
            seed::demo_with_secret(&secret),
        )
    };
    let sim = match start(port).await {
        Ok(sim) => sim,
        // The usual port is taken (another demo running?): any free one will do.
        Err(_) => start(0)
            .await
            .map_err(|e| Error::Network(format!("could not start the demo tenant: {e}")))?,
    };
    let domain = sim.base_url();
    // What the Dashboard's API Explorer would give: to try the one-paste setup with no account.
    let practice = sim.tenant(|t| t.explorer_token());
    if json {
        println!(
            "{}",
            json!({
                "domain": domain,
                "client_id": seed::DEMO_CLIENT_ID,
                "client_secret": secret,
                "practice_token": practice,
            })
        );
    } else {
        term::outln!(
            "Demo tenant running at {domain}\n\
             It is a local Auth0 simulator with sample connections: nothing leaves this machine, and changes are\n\
             kept in memory until you stop it. Its credentials are for this run of the demo only:\n\n  \
             export AUTH0_DOMAIN={domain}\n  \
             export AUTH0_CLIENT_ID={id}\n  \
             export AUTH0_CLIENT_SECRET={secret}\n\n\
             Then, in another terminal:\n  \
             denylist connections\n  \
             denylist show Username-Password-Authentication\n  \
             denylist add Username-Password-Authentication gender birthdate --dry-run\n  \
             denylist add Username-Password-Authentication gender birthdate\n\n\
             To try connecting a tenant in one paste (the app makes its own application, signing in with a key):\n  \
             denylist --domain {domain} profile setup Demo --token-stdin\n\
             and paste this practice token, as the Dashboard's API Explorer would give one (it lasts a day):\n  \
             {practice}\n\n\
             Press Ctrl-C to stop.",
            id = seed::DEMO_CLIENT_ID,
            secret = secret,
        );
    }
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Error::Network(format!("could not wait for Ctrl-C: {e}")))?;
    Ok(Outcome::Success)
}
