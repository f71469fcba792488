//! A measuring hook for `scripts/bench`: with `DENYLIST_STARTUP_PROBE` naming a file, the moment
//! a screen is ready for the admin (drawn, controls live) is appended to it as `NAME UNIX_MS`, so
//! the benchmark can time a cold start from the outside. Without the variable nothing happens.

use super::Cx;
use crate::state::CmdResult;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// The UI says a screen is ready: the first one after start, or the connections fully listed.
pub async fn screen_ready(_cx: &Cx, name: String) -> CmdResult<()> {
    let Some(path) = std::env::var_os("DENYLIST_STARTUP_PROBE") else {
        return Ok(());
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
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{name} {at}");
    }
    Ok(())
}
