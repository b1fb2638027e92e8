//! Byte-level scanning shared by the line and action readers. Every
//! delimiter is ASCII, so positions found here are always char boundaries.

use super::TextRange;

pub(super) fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

pub(super) fn is_eol(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The first position at or after `from` that is not a blank (at most `end`).
pub(super) fn skip_blanks(bytes: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while i < end && is_blank(bytes[i]) {
        i += 1;
    }
    i
}

/// Where the line holding `from` ends: its `\r` or `\n`, or `end`.
pub(super) fn line_end(bytes: &[u8], from: usize, end: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[from..end]).map_or(end, |i| from + i)
}

/// The position after the line ending at `at` (`\n`, `\r\n` or a lone `\r`).
pub(super) fn after_line_ending(bytes: &[u8], at: usize, end: usize) -> usize {
    if at < end && bytes[at] == b'\r' {
        if at + 1 < end && bytes[at + 1] == b'\n' {
            return at + 2;
        }
        return at + 1;
    }
    (at + 1).min(end)
}

/// Shrinks a range to exclude surrounding whitespace (line endings included).
pub fn trim_range(text: &str, r: TextRange) -> TextRange {
    let s = &text[r.start..r.end];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    TextRange::new(start, end.max(start))
}

/// The whole line (from `\n` to `\n`) around `r`, with its line ending; a
/// byte order mark is not part of the first line (removing the line keeps it).
pub(super) fn line_with_eol(text: &str, r: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..r.start]).map_or(0, |i| i + 1);
    let start = if start == 0 && text.starts_with('\u{feff}') && r.start >= 3 { 3 } else { start };
    let end = memchr::memchr(b'\n', &bytes[r.end..]).map_or(bytes.len(), |i| r.end + i + 1);
    TextRange::new(start, end)
}
