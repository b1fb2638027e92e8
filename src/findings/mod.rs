//! Findings, fixes, configuration and suppressions: applied here once, for
//! every front end.

pub mod baseline;
pub mod config;
mod config_extend;
mod finding;
pub mod fix;
pub mod suppress;

pub use finding::*;

/// Cuts `text` to at most `max` characters, marking the cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
