//! Progress of long work (listing thousands of connections, waiting out a rate
//! limit), reported to whoever shows it: a terminal spinner, the GUI.

use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A step of the work started.
    Step(Step),
    /// Connections loaded so far while listing.
    Listed { loaded: usize },
    /// Waiting before the next request.
    Waiting {
        duration: Duration,
        reason: WaitReason,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    GettingToken,
    ReadingConnection,
    Writing,
    CheckingOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// Auth0's rate limit: the bucket is empty until its reset time.
    RateLimit,
    /// Auth0 answered with a server error or the network failed; retrying.
    Retry,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Progress::Step(Step::GettingToken) => f.write_str("Signing in to the tenant…"),
            Progress::Step(Step::ReadingConnection) => f.write_str("Reading the connection…"),
            Progress::Step(Step::Writing) => f.write_str("Writing the deny list…"),
            Progress::Step(Step::CheckingOutcome) => {
                f.write_str("The reply was lost; checking whether the change was saved…")
            }
            Progress::Listed { loaded } => write!(f, "Loaded {loaded} connections…"),
            Progress::Waiting { duration, reason } => {
                let why = match reason {
                    WaitReason::RateLimit => "Auth0's rate limit reached",
                    WaitReason::Retry => "Auth0 did not answer properly",
                };
                write!(f, "{why}; retrying in {:.1} s…", duration.as_secs_f64())
            }
        }
    }
}

/// Receives progress events; cheap to clone.
pub type ProgressSink = Arc<dyn Fn(Progress) + Send + Sync>;

pub fn silent() -> ProgressSink {
    Arc::new(|_| {})
}
