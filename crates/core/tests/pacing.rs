//! Bulk runs paced at the tenant's refill rate, against the simulator's token bucket at each size
//! Auth0 publishes (free: 2 at 2 a second; enterprise non-production: 10 at 2; production: 50 at
//! 16): within 1.05× the bound (two requests a connection at the sustained rate) with no request
//! refused, and the rate inferred never above the real one.

mod common;

use auth0_simulator::RateLimit;
use common::*;
use denylist_core::Edit;
use denylist_core::tenant::bulk::{Selection, dry_run, run};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

async fn paced(burst: u32, per_second: f64, connections: usize) {
    let sim = simulator(auth0_simulator::seed::generated(connections)).await;
    let client = client_with(
        &sim,
        CLIENT_ID,
        CLIENT_SECRET,
        denylist_core::RetryPolicy::default(),
    );
    let plan = dry_run(&client, &Selection::All, &Edit::Add(vec!["address".into()]))
        .await
        .unwrap();
    assert_eq!(plan.to_change(), connections);
    // The bucket is set after the dry run: the run starts from a full one, as after a pause.
    sim.tenant(|t| t.rate_limit = Some(RateLimit::new(burst, per_second)));
    let before = sim.requests().len();
    let started = Instant::now();
    let report = run(&client, &plan, None, &AtomicBool::new(false), &mut |_| {}).await;
    let took = started.elapsed().as_secs_f64();
    assert_eq!(report.counts.changed, connections, "{}", report.summary());
    let during: Vec<_> = sim.requests().into_iter().skip(before).collect();
    let refused = during.iter().filter(|r| r.status == 429).count();
    let calls = during.iter().filter(|r| r.status != 429).count();
    assert_eq!(calls, connections * 2, "a read and a write a connection");
    let bound = calls as f64 / per_second;
    let ratio = took / bound;
    eprintln!(
        "bucket {burst} at {per_second}/s, {connections} connections: {took:.1} s for a bound of {bound:.1} s \
         ({ratio:.3}×), {refused} refused, rate inferred {:?}",
        client.paced_rate()
    );
    assert_eq!(refused, 0, "paced, never refused");
    assert!(ratio <= 1.05, "{ratio:.3}× the bound");
    assert!(
        client.paced_rate().is_some_and(|r| r <= per_second * 1.001),
        "the rate is never taken higher than it is: {:?}",
        client.paced_rate()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn free_plan_two_at_two_a_second() {
    paced(2, 2.0, 40).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn non_production_ten_at_two_a_second() {
    paced(10, 2.0, 40).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn production_fifty_at_sixteen_a_second() {
    paced(50, 16.0, 240).await;
}
