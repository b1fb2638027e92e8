//! `--show-fixes`: the lines a fix would change, before and after, under the
//! finding in text output. Secrets in the file are masked on both sides; a
//! fix's own text never holds one.

use super::masked;
use crate::findings::Fix;
use crate::formats::Document;
use crate::syntax::text::TextRange;

/// The fix as `-`/`+` lines, each prefixed by `gutter`.
pub fn render(doc: &Document, fix: &Fix, secrets: &[TextRange], gutter: &str) -> String {
    let mut edits: Vec<_> = fix.edits.iter().filter(|e| e.range.end <= doc.text.len()).collect();
    if edits.is_empty() {
        return String::new();
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let first = doc.lines.line_of(edits[0].range.start);
    let last = doc.lines.line_of(edits.iter().map(|e| e.range.end).max().unwrap_or(0));
    let span = TextRange::new(doc.lines.line_start(first), doc.lines.line_range(&doc.text, last).end);
    if !doc.text.is_char_boundary(span.start) || !doc.text.is_char_boundary(span.end) {
        return String::new();
    }
    let before = masked(&doc.text[span.start..span.end], span.start, secrets);
    let mut after = String::new();
    let mut at = span.start;
    for e in edits {
        if e.range.start < at || !doc.text.is_char_boundary(e.range.start) || !doc.text.is_char_boundary(e.range.end) {
            continue;
        }
        after.push_str(&masked(&doc.text[at..e.range.start], at, secrets));
        after.push_str(&e.new_text);
        at = e.range.end;
    }
    if at < span.end {
        after.push_str(&masked(&doc.text[at..span.end], at, secrets));
    }
    let mut out = String::new();
    for (sign, text) in [('-', &before), ('+', &after)] {
        // Nothing left (a removed line) prints no `+` line at all.
        for line in text.split('\n').filter(|_| !text.is_empty()) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push_str(&format!("{gutter} {sign} {}\n", super::text::printable(line)));
        }
    }
    out
}
