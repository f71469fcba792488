//! End to end: the real app, in a real window (Xvfb), driven through WebDriver
//! (tauri-driver + WebKitWebDriver), against the simulator on loopback, with a
//! real Secret Service. Ignored by a plain `cargo test`; scripts/test runs them
//! under xvfb-run and scripts/with-keyring. Screenshots go to
//! target/e2e-screenshots/ (and to docs/screenshots/ with UPDATE_SCREENSHOTS=1).

mod accessibility;
mod bulk_and_compare;
mod editing;
mod evidence;
mod for_admins;
mod harness;
mod security;
mod setup;
