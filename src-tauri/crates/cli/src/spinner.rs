//! Progress on a terminal: a spinner on standard error, silent when it is not a terminal.

use denylist_core::progress::{Progress, ProgressSink};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Arc;
use std::time::Duration;

pub struct Spinner {
    bar: ProgressBar,
}

impl Spinner {
    pub fn new() -> Arc<Spinner> {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        Arc::new(Spinner { bar })
    }

    pub fn sink(self: &Arc<Self>) -> ProgressSink {
        let me = self.clone();
        Arc::new(move |p: Progress| {
            if me.bar.is_finished() {
                me.bar.reset();
            }
            me.bar.enable_steady_tick(Duration::from_millis(120));
            me.bar.set_message(p.to_string());
        })
    }

    /// Remove the spinner before printing anything else.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}
