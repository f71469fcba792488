//! A measuring hook for `scripts/bench`, in test builds only (the `test-hooks` feature): with
//! `DENYLIST_STARTUP_PROBE` naming a file, the moment a screen is ready for the admin (drawn,
//! controls live) is appended to it as `NAME UNIX_MS`, so the benchmark can time a cold start
//! from the outside. In the release app, and without the variable, nothing happens.

use super::Cx;
use crate::state::CmdResult;

/// The UI says a screen is ready: the first one after start, or the connections fully listed.
pub async fn screen_ready(_cx: &Cx, name: String) -> CmdResult<()> {
    #[cfg(feature = "test-hooks")]
    record(&name);
    #[cfg(not(feature = "test-hooks"))]
    let _ = name;
    Ok(())
}

/// Where `scripts/bench` wants the window to go once the connections are listed, to measure that
/// screen (`DENYLIST_BENCH_ROUTE`: `editor`, `bulk-dry-run` or `history`). Test builds only: the
/// release app has no route.
pub async fn bench_route(_cx: &Cx) -> CmdResult<Option<String>> {
    #[cfg(feature = "test-hooks")]
    {
        Ok(std::env::var("DENYLIST_BENCH_ROUTE")
            .ok()
            .filter(|r| ["editor", "bulk-dry-run", "history"].contains(&r.as_str())))
    }
    #[cfg(not(feature = "test-hooks"))]
    Ok(None)
}

#[cfg(feature = "test-hooks")]
fn record(name: &str) {
    use std::io::Write;
    use std::time::{SystemTime, UNIX_EPOCH};
    let Some(path) = std::env::var_os("DENYLIST_STARTUP_PROBE") else {
        return;
    };
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    // Only plain screen names: the file is read by a script.
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    // Private, and never through a link planted where the file goes.
    if let Ok(mut f) = denylist_core::local::files::open_private_append(std::path::Path::new(&path))
    {
        let _ = writeln!(f, "{name} {at}");
    }
}
