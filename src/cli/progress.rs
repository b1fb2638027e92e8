//! A progress line on standard error for long runs on a terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Shown only on a terminal, only for runs with many files, only after a moment.
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    enabled: bool,
    started: Instant,
}

const MIN_FILES: usize = 200;

impl Progress {
    pub fn new(total: usize, hidden: bool) -> Self {
        let enabled = !hidden && total >= MIN_FILES && std::io::stderr().is_terminal();
        Self { total, done: AtomicUsize::new(0), enabled, started: Instant::now() }
    }

    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.enabled || (done % 50 != 0 && done != self.total) || self.started.elapsed().as_millis() < 300 {
            return;
        }
        let width = 30;
        let filled = done * width / self.total.max(1);
        let _ = write!(
            std::io::stderr(),
            "\r[{}{}] {done}/{} files",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    pub fn finish(&self) {
        if self.enabled && self.started.elapsed().as_millis() >= 300 {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(60));
        }
    }
}
