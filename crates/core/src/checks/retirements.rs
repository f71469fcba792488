//! Date-bound facts about Auth0, each depending on the date it is checked at, with its source.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Auth0 stopped running Rules (and Hooks) and removed them on 18 November 2026, 00:00 UTC:
/// "The End of Life (EOL) date of Rules and Hooks will be November 18, 2026"
/// (https://auth0.com/docs/rule; Auth0 Docs, Deprecations and migrations). From 18 November 2024
/// they were read-only.
pub const RULES_END_UNIX: u64 = 1_794_960_000;
pub const RULES_END_TEXT: &str = "18 November 2026";
pub const RULES_NOTICE_URL: &str = "https://auth0.com/docs/rule";

pub fn rules_end() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(RULES_END_UNIX)
}

/// Whether Rules have stopped running at `now`.
pub fn rules_have_ended(now: SystemTime) -> bool {
    now >= rules_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_midnight_utc_on_the_eighteenth() {
        assert_eq!(
            crate::local::ids::rfc3339_of(RULES_END_UNIX),
            "2026-11-18T00:00:00Z"
        );
        assert!(!rules_have_ended(rules_end() - Duration::from_secs(1)));
        assert!(rules_have_ended(rules_end()));
    }
}
