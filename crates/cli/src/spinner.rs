//! Progress on a terminal: a spinner on standard error, silent when it is not a terminal.

use denylist_core::progress::{Progress, ProgressSink};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Arc;
use std::time::Duration;

pub struct Spinner {
    bar: ProgressBar,
    /// While a bulk run draws its own bar, the client's step-by-step progress is not shown.
    quiet: std::sync::atomic::AtomicBool,
}

impl Spinner {
    pub fn new() -> Arc<Spinner> {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        Arc::new(Spinner {
            bar,
            quiet: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub fn sink(self: &Arc<Self>) -> ProgressSink {
        let me = self.clone();
        Arc::new(move |p: Progress| {
            if me.quiet.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            if me.bar.is_finished() {
                me.bar.reset();
            }
            me.bar.enable_steady_tick(Duration::from_millis(120));
            me.bar.set_message(p.to_string());
        })
    }

    /// A bar for `total` connections (on a terminal only), replacing the spinner until dropped.
    pub fn bulk_bar(self: &Arc<Self>, total: usize) -> BulkBar {
        self.clear();
        self.quiet.store(true, std::sync::atomic::Ordering::Relaxed);
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        BulkBar {
            bar,
            spinner: self.clone(),
        }
    }

    /// Say what the work is doing now, in plain words (on a terminal).
    pub fn say(&self, what: &str) {
        if self.bar.is_finished() {
            self.bar.reset();
        }
        self.bar.enable_steady_tick(Duration::from_millis(120));
        self.bar.set_message(what.to_string());
    }

    /// Remove the spinner before printing anything else.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

pub struct BulkBar {
    bar: ProgressBar,
    spinner: Arc<Spinner>,
}

impl BulkBar {
    pub fn update(&self, p: &denylist_core::tenant::bulk::BulkProgress) {
        self.bar.set_position(p.done as u64);
        let left = match p.seconds_left {
            Some(s) if s >= 1.0 && p.current.is_some() => {
                format!(" — about {} left", human_seconds(s))
            }
            _ => String::new(),
        };
        let current = p
            .current
            .as_deref()
            .map(|c| format!("{c}…"))
            .unwrap_or_default();
        self.bar.set_message(crate::term::safe(&format!(
            "{current}{left} (Ctrl-C stops after the current connection)"
        )));
    }
}

impl Drop for BulkBar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        self.spinner
            .quiet
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

fn human_seconds(s: f64) -> String {
    let s = s.round() as u64;
    if s < 90 {
        format!("{s} s")
    } else {
        format!("{} min", s.div_ceil(60))
    }
}
