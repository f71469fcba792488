//! `auth0-simulator [PORT]`: run the demo tenant on 127.0.0.1 (a random port if none is given).

use auth0_simulator::{Simulator, seed};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let sim = Simulator::start_on(([127, 0, 0, 1], port).into(), seed::demo()).await?;
    println!("Auth0 simulator (demo tenant) at {}", sim.base_url());
    println!("client id:     {}", seed::DEMO_CLIENT_ID);
    println!("client secret: {}", seed::DEMO_CLIENT_SECRET);
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await
}
