//! Pacing at the tenant's refill rate. Auth0's Management API is a token bucket: a burst
//! (`x-ratelimit-limit`), refilled at a sustained rate it does not state, with the count left
//! (`x-ratelimit-remaining`) and the next refill (`x-ratelimit-reset`, in whole seconds) on
//! every reply. Waiting for that whole-second reset each time the bucket empties loses up to a
//! second per burst — a fifth of the time on the free plan's bucket of 2 at 2 a second. Instead,
//! the refill rate is inferred from the replies: over any stretch of time, the tokens that came
//! back are at least the rise in `remaining` plus the requests spent meanwhile, less one (the
//! counts are whole) and less the requests still under way when it began. That is a lower
//! bound, whether the bucket filled up meanwhile or not; the best one seen is the rate used.
//! Requests are then spaced by it once the bucket runs low: at the sustained rate, not in
//! bursts, and never faster than the bucket was seen to refill. Until a rate is known, an
//! empty bucket waits for its reset, as before.

use std::time::{Duration, Instant};

/// A stretch shorter than this says little about the rate (whole counts over a short time).
const MIN_WINDOW: Duration = Duration::from_millis(1500);
/// A pause this long starts a new stretch (the bucket sat full meanwhile).
const IDLE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy)]
struct Window {
    since: Instant,
    /// `remaining` then, requests answered by then, and requests under way then.
    count: f64,
    answered: u64,
    under_way: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Pace {
    /// The bucket's size, as the last reply said.
    limit: Option<f64>,
    /// Tokens this side believes the bucket holds, as of `at` (fractional: the server's are).
    tokens: f64,
    at: Instant,
    /// Requests answered so far (each spent one token when it arrived), and those sent and not
    /// yet answered.
    answered: u64,
    under_way: u64,
    window: Option<Window>,
    last_reply: Option<Instant>,
    /// The refill rate, in tokens a second: the best lower bound seen.
    rate: Option<f64>,
    /// Whether any reply said anything about the bucket.
    known: bool,
}

/// What to do before sending.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Before {
    /// Send now.
    Go,
    /// Wait this long first (then send).
    Wait(Duration),
    /// No rate known and the bucket is empty: wait for its reset.
    UntilReset,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            limit: None,
            tokens: 0.0,
            at: Instant::now(),
            answered: 0,
            under_way: 0,
            window: None,
            last_reply: None,
            rate: None,
            known: false,
        }
    }
}

impl Pace {
    /// The refill rate inferred so far (tokens a second).
    pub(crate) fn rate(&self) -> Option<f64> {
        self.rate
    }

    fn refill(&mut self, now: Instant) {
        if let Some(rate) = self.rate {
            let grown = self.tokens + now.saturating_duration_since(self.at).as_secs_f64() * rate;
            self.tokens = match self.limit {
                Some(limit) => grown.min(limit),
                None => grown,
            };
        }
        self.at = now;
    }

    /// Before a request (which is then sent): send now, wait, or wait for the reset.
    pub(crate) fn before(&mut self, now: Instant) -> Before {
        self.under_way += 1;
        if !self.known {
            return Before::Go;
        }
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Before::Go;
        }
        match self.rate {
            Some(rate) if rate > 0.0 => {
                let wait = Duration::from_secs_f64(((1.0 - self.tokens) / rate).min(60.0));
                // Spent now: it has come back by the time the request leaves.
                self.tokens -= 1.0;
                Before::Wait(wait)
            }
            _ => Before::UntilReset,
        }
    }

    /// A request that got no reply at all (it may or may not have spent a token).
    pub(crate) fn lost(&mut self) {
        self.under_way = self.under_way.saturating_sub(1);
    }

    /// After a Management API reply: what it said of the bucket. `now` is when it arrived.
    pub(crate) fn after(&mut self, now: Instant, limit: Option<f64>, remaining: Option<f64>) {
        self.under_way = self.under_way.saturating_sub(1);
        self.answered += 1;
        // A negative count is an empty bucket; NaN or infinity says nothing.
        let Some(remaining) = remaining.filter(|r| r.is_finite()).map(|r| r.max(0.0)) else {
            return;
        };
        self.known = true;
        self.limit = limit.filter(|l| l.is_finite() && *l >= 1.0).or(self.limit);
        self.refill(now);
        // The server holds between `remaining` and `remaining + 1`: never believe fewer than it
        // says, nor a whole token more.
        if self.tokens < remaining {
            self.tokens = remaining;
        } else if self.tokens >= remaining + 1.0 {
            self.tokens = remaining + 0.999;
        }
        let idle = self
            .last_reply
            .is_some_and(|t| now.saturating_duration_since(t) >= IDLE);
        self.last_reply = Some(now);
        match self.window {
            Some(w) if !idle => {
                let elapsed = now.saturating_duration_since(w.since);
                if elapsed >= MIN_WINDOW {
                    let spent = (self.answered - w.answered) as f64;
                    let back = remaining - w.count + spent - 1.0 - w.under_way as f64;
                    let bound = back / elapsed.as_secs_f64();
                    if bound > 0.0 && self.rate.is_none_or(|r| bound > r) {
                        self.rate = Some(bound);
                    }
                    // A stretch that began with a fuller bucket than any since says nothing
                    // yet: begin again from here.
                    if back <= 0.0 {
                        self.window = Some(Window {
                            since: now,
                            count: remaining,
                            answered: self.answered,
                            under_way: self.under_way,
                        });
                    }
                }
            }
            _ => {
                self.window = Some(Window {
                    since: now,
                    count: remaining,
                    answered: self.answered,
                    under_way: self.under_way,
                })
            }
        }
    }

    /// A 429: the bucket is empty, whatever this side believed, and the rate used was too high
    /// (the plan changed, or another program spends the same bucket).
    pub(crate) fn refused(&mut self, now: Instant) {
        self.under_way = self.under_way.saturating_sub(1);
        self.refill(now);
        self.tokens = 0.0;
        if let Some(rate) = self.rate.as_mut() {
            *rate *= 0.8;
        }
        self.window = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server's bucket, as the simulator keeps it.
    struct Server {
        burst: f64,
        rate: f64,
        tokens: f64,
        at: Instant,
    }

    impl Server {
        fn take(&mut self, now: Instant) -> Option<f64> {
            self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * self.rate)
                .min(self.burst);
            self.at = now;
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                Some(self.tokens.floor())
            } else {
                None
            }
        }
    }

    /// `n` requests one after another (each answered at once), on a simulated clock.
    fn run(burst: f64, rate: f64, n: usize) -> (Duration, usize) {
        let start = Instant::now();
        let mut now = start;
        let mut server = Server {
            burst,
            rate,
            tokens: burst,
            at: now,
        };
        let mut pace = Pace::default();
        let mut refused = 0;
        let mut sent = 0;
        while sent < n {
            match pace.before(now) {
                Before::Go => {}
                Before::Wait(d) => now += d,
                // As the client does: until the next whole second, and a little.
                Before::UntilReset => now += Duration::from_millis(1050),
            }
            match server.take(now) {
                Some(left) => {
                    pace.after(now, Some(burst), Some(left));
                    sent += 1;
                }
                None => {
                    refused += 1;
                    pace.refused(now);
                    now += Duration::from_secs(1);
                }
            }
            now += Duration::from_millis(20);
        }
        (now - start, refused)
    }

    #[test]
    fn paced_at_the_refill_rate_with_no_refusal_on_each_plan() {
        for (burst, rate, n) in [(2.0, 2.0, 400), (10.0, 2.0, 400), (50.0, 16.0, 2000)] {
            let (took, refused) = run(burst, rate, n);
            let bound = n as f64 / rate;
            let ratio = took.as_secs_f64() / bound;
            eprintln!("{burst}/{rate}: {ratio:.3}× the bound, {refused} refused");
            assert_eq!(refused, 0, "{burst}/{rate}: refused {refused} times");
            assert!(ratio <= 1.05, "{burst}/{rate}: {ratio:.3}× the bound");
        }
    }

    #[test]
    fn the_rate_is_never_taken_higher_than_it_is() {
        let mut pace = Pace::default();
        let start = Instant::now();
        // A full bucket of 10 spent at once, then replies as it refills at 2 a second.
        for i in 0..10u64 {
            pace.after(start, Some(10.0), Some((9 - i) as f64));
        }
        for k in 1..=20u64 {
            let now = start + Duration::from_millis(500 * k);
            pace.after(now, Some(10.0), Some(0.0));
            if let Some(rate) = pace.rate() {
                assert!(rate <= 2.0 + 1e-9, "{rate}");
            }
        }
        assert!(pace.rate().is_some_and(|r| r > 1.7), "{:?}", pace.rate());
    }

    #[test]
    fn a_server_that_says_nothing_is_not_paced() {
        let mut pace = Pace::default();
        let now = Instant::now();
        pace.after(now, None, None);
        assert_eq!(pace.before(now), Before::Go);
        pace.after(now, Some(2.0), Some(f64::NAN));
        assert_eq!(pace.before(now), Before::Go);
    }
}
