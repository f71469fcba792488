//! An Auth0-compatible simulator: a real HTTP server on loopback that behaves
//! like the parts of Auth0 the app touches, including the traps (options
//! replaced wholesale, display_name reset, encrypted configuration, options
//! hidden without the options scopes, rate limits) and fault knobs for tests.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = auth0_simulator::Simulator::start(auth0_simulator::seed::demo()).await?;
//! println!("tenant at {}", sim.base_url());
//! # Ok(()) }
//! ```

mod assertion;
mod encryption;
mod errors;
mod rng;
mod routes;
pub mod seed;
mod server;
pub mod tenant;
pub mod tenant_logs;

pub use tenant::{
    ALL_SCOPES, Canned, Faults, LoggedRequest, RateLimit, SETUP_SCOPES, SimClient, SimGrant,
    SimKey, TOKEN_MARK, Tenant,
};
pub use tenant_logs::{Write, Writer};

use serde_json::{Map, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpListener;

/// State shared by every request.
pub struct Shared {
    tenant: Mutex<Tenant>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Tenant> {
        self.tenant.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running simulator. Stops when dropped.
pub struct Simulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Start on a random loopback port.
    pub async fn start(tenant: Tenant) -> std::io::Result<Simulator> {
        Self::start_on("127.0.0.1:0".parse().expect("valid address"), tenant).await
    }

    pub async fn start_on(addr: SocketAddr, mut tenant: Tenant) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        tenant.base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            tenant: Mutex::new(tenant),
        });
        let router = routes::router(shared.clone());
        let task = tokio::spawn(server::serve(listener, router));
        Ok(Simulator { addr, shared, task })
    }

    /// `http://127.0.0.1:PORT`: the tenant "domain" to give the app.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Read or change the tenant while it runs (seeding, fault knobs, concurrent edits).
    pub fn tenant<R>(&self, f: impl FnOnce(&mut Tenant) -> R) -> R {
        f(&mut self.shared.lock())
    }

    /// A stored connection as the server holds it (configuration values in plain text).
    pub fn stored(&self, id: &str) -> Option<Map<String, Value>> {
        self.shared.lock().connection(id).cloned()
    }

    /// Every PATCH body received so far.
    pub fn patch_bodies(&self) -> Vec<Value> {
        self.shared.lock().patch_bodies()
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().log.clone()
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}
