//! `auth0-simulator [--port PORT] [--connections N] [--rate-limit BURST/RPS] [--control-port PORT]`:
//! run the demo tenant on 127.0.0.1 (a random port if none is given).
//!
//! `--connections N` serves a tenant of N generated connections instead (the demo application,
//! every scope, no rate limit in the way), for benchmarks. `--control-port` also serves, on a
//! second loopback port, `GET /requests`: every request the tenant has seen, so a benchmark can
//! count calls and tokens from the outside; and `GET /connections`: every connection as stored,
//! read without a token or the rate limit. `--rate-limit 50/16` puts a Management API bucket of 50
//! requests refilled at 16 a second in the way (as on a paid plan), for the bulk benchmark.

use auth0_simulator::{ALL_SCOPES, RateLimit, Simulator, Tenant, seed};
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use std::sync::Arc;

struct Args {
    port: u16,
    connections: Option<usize>,
    control_port: Option<u16>,
    rate_limit: Option<RateLimit>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        connections: None,
        control_port: None,
        rate_limit: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "--rate-limit" {
            args.rate_limit = Some(rate_limit(it.next().as_deref())?);
            continue;
        }
        let mut value = |name: &str| {
            it.next()
                .and_then(|v| v.parse::<usize>().ok())
                .ok_or(format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--port" => args.port = port(value("--port")?)?,
            "--connections" => args.connections = Some(value("--connections")?),
            "--control-port" => args.control_port = Some(port(value("--control-port")?)?),
            "-h" | "--help" => return Err(String::new()),
            other => match other.parse() {
                Ok(p) => args.port = p,
                Err(_) => return Err(format!("unknown argument {other}")),
            },
        }
    }
    Ok(args)
}

/// `BURST/RPS`, e.g. `50/16`.
fn rate_limit(value: Option<&str>) -> Result<RateLimit, String> {
    let usage = || "--rate-limit takes BURST/RPS, e.g. 50/16".to_string();
    let (burst, rps) = value.and_then(|v| v.split_once('/')).ok_or_else(usage)?;
    let burst: u32 = burst.parse().map_err(|_| usage())?;
    let rps: f64 = rps.parse().map_err(|_| usage())?;
    if burst == 0 || !(rps > 0.0 && rps.is_finite()) {
        return Err(usage());
    }
    Ok(RateLimit::new(burst, rps))
}

fn port(n: usize) -> Result<u16, String> {
    u16::try_from(n).map_err(|_| format!("{n} is not a port"))
}

fn tenant(connections: Option<usize>) -> Tenant {
    let Some(n) = connections else {
        return seed::demo();
    };
    let mut t = Tenant::new();
    t.add_client(seed::DEMO_CLIENT_ID, seed::DEMO_CLIENT_SECRET, ALL_SCOPES);
    for c in seed::generated(n) {
        t.add_connection(c);
    }
    t
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = match parse_args() {
        Ok(a) => a,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("auth0-simulator: {problem}");
            }
            eprintln!(
                "usage: auth0-simulator [--port PORT] [--connections N] [--rate-limit BURST/RPS] [--control-port PORT]"
            );
            std::process::exit(2);
        }
    };
    let mut tenant = tenant(args.connections);
    if let Some(limit) = args.rate_limit {
        tenant.rate_limit = Some(limit);
    }
    let sim = Arc::new(Simulator::start_on(([127, 0, 0, 1], args.port).into(), tenant).await?);
    match args.connections {
        None => println!("Auth0 simulator (demo tenant) at {}", sim.base_url()),
        Some(n) => println!(
            "Auth0 simulator ({n} generated connections) at {}",
            sim.base_url()
        ),
    }
    println!("client id:     {}", seed::DEMO_CLIENT_ID);
    println!("client secret: {}", seed::DEMO_CLIENT_SECRET);
    if let Some(p) = args.control_port {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", p)).await?;
        println!("requests seen: http://{}/requests", listener.local_addr()?);
        let (seen, stored) = (sim.clone(), sim.clone());
        let control = Router::new()
            .route(
                "/requests",
                get(move || {
                    let seen = seen.clone();
                    async move { Json(requests(&seen)) }
                }),
            )
            .route(
                "/connections",
                get(move || {
                    let stored = stored.clone();
                    async move { Json(stored.tenant(|t| t.connections.clone())) }
                }),
            );
        tokio::spawn(async move { axum::serve(listener, control).await });
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await
}

fn requests(sim: &Simulator) -> Value {
    sim.requests()
        .into_iter()
        .map(|r| {
            json!({"method": r.method, "path": r.path, "query": r.query,
                   "status": r.status, "body": r.raw_body})
        })
        .collect()
}
