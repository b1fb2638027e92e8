//! Inline suppressions: `irislint: ignore IRIS401 reason` in a comment the
//! format allows, applying to the entry right after it.

use crate::formats::{Document, Format};
use crate::syntax::text::TextRange;

#[derive(Clone, Debug)]
pub struct Suppression {
    pub codes: Vec<String>,
    pub reason: String,
    /// The comment holding it.
    pub comment: TextRange,
    /// The comment's whole line (or lines), for removal.
    pub removal: TextRange,
    /// What it covers: findings starting inside this range.
    pub target: TextRange,
    /// False where the format's comments are not read for suppressions (an
    /// instance's own iris.cpf and CSP.ini, which their products rewrite).
    pub honoured: bool,
}

/// Whether inline suppressions are read in this format.
pub fn honoured_in(format: Format) -> bool {
    !matches!(format, Format::Cpf | Format::CspIni)
}

const MARKER: &str = "irislint:";

/// Parses `irislint: ignore CODE[,CODE] reason` from a comment's text.
fn parse(text: &str) -> Option<(Vec<String>, String)> {
    let text = text.trim_start_matches(['#', ';', '/', ' ', '\t', '!']).trim();
    let lower = text.to_ascii_lowercase();
    let at = lower.find(MARKER)?;
    let rest = text[at + MARKER.len()..].trim_start();
    let rest = rest.strip_prefix("ignore").or_else(|| rest.strip_prefix("IGNORE"))?;
    let mut codes = Vec::new();
    let mut words = rest.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let parts: Vec<&str> = word.split(',').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() || !parts.iter().all(|p| p.to_ascii_uppercase().starts_with("IRIS")) {
            break;
        }
        codes.extend(parts.iter().map(|p| p.to_ascii_uppercase()));
        words.next();
    }
    if codes.is_empty() {
        return None;
    }
    let reason = words.collect::<Vec<_>>().join(" ");
    Some((codes, reason))
}

/// Every suppression in a document.
pub fn collect(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    for comment in &doc.comments {
        let Some((codes, reason)) = parse(&comment.text) else {
            continue;
        };
        let target =
            if doc.format.is_xml() { next_element(doc, comment.range.end) } else { next_line(doc, comment.range.end) };
        out.push(Suppression {
            codes,
            reason,
            comment: comment.range,
            removal: whole_lines(doc, comment.range),
            target,
            honoured: honoured_in(doc.format),
        });
    }
    if doc.format == Format::InstallerCls {
        // `//` comment lines directly above an `XData` header cover the whole block.
        for block in crate::syntax::cls::manifest_blocks(&doc.text) {
            let mut line = doc.lines.line_of(block.header.start);
            while line > 0 {
                line -= 1;
                let r = doc.lines.line_range(&doc.text, line);
                let text = doc.slice(r).trim();
                if !(text.starts_with("//") || text.starts_with("///")) {
                    break;
                }
                if let Some((codes, reason)) = parse(text) {
                    out.push(Suppression {
                        codes,
                        reason,
                        comment: r,
                        removal: whole_lines(doc, r),
                        target: TextRange::new(block.header.start, block.body.end),
                        honoured: true,
                    });
                }
            }
        }
    }
    out
}

fn whole_lines(doc: &Document, r: TextRange) -> TextRange {
    let first = doc.lines.line_of(r.start);
    let last = doc.lines.line_of(r.end);
    let mut end = if last + 1 < doc.lines.line_count() { doc.lines.line_start(last + 1) } else { doc.text.len() };
    // A lone carriage return ends a line for the CPF parser, not for the line
    // index: text after it is another line, and stays.
    let rest = &doc.text[r.end.min(end)..end];
    if let Some(cr) = rest.find('\r').filter(|&i| !rest[i + 1..].trim().is_empty()) {
        end = r.end + cr + 1;
    }
    let mut start = doc.lines.line_start(first);
    // A byte order mark is not part of the first line (removing the line keeps it).
    if start == 0 && doc.text.starts_with('\u{feff}') && r.start >= 3 {
        start = 3;
    }
    TextRange::new(start, end)
}

/// The next line after `offset` that is neither blank nor a comment.
fn next_line(doc: &Document, offset: usize) -> TextRange {
    let mut line = doc.lines.line_of(offset) + 1;
    while line < doc.lines.line_count() {
        let r = doc.lines.line_range(&doc.text, line);
        let t = doc.slice(r).trim();
        if !(t.is_empty() || t.starts_with('#') || t.starts_with(';')) {
            // A wrapped action continues on indented lines.
            let mut end = r.end;
            let mut next = line + 1;
            while t.ends_with(',') && next < doc.lines.line_count() {
                let nr = doc.lines.line_range(&doc.text, next);
                let nt = doc.slice(nr);
                if !nt.starts_with([' ', '\t']) || nt.trim().is_empty() {
                    break;
                }
                end = nr.end;
                if !nt.trim_end().ends_with(',') {
                    break;
                }
                next += 1;
            }
            return TextRange::new(r.start, end);
        }
        line += 1;
    }
    TextRange::empty(doc.text.len())
}

/// The start tag of the next element after `offset` (a suppression covers that element's attributes and itself).
fn next_element(doc: &Document, offset: usize) -> TextRange {
    doc.entries
        .iter()
        .filter(|e| e.kind == crate::formats::EntryKind::Element && e.range.start >= offset)
        .min_by_key(|e| e.range.start)
        .map(|e| e.range)
        .unwrap_or(TextRange::empty(doc.text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_reason() {
        let (codes, reason) = parse("# irislint: ignore IRIS401,IRIS405 public health check").unwrap();
        assert_eq!(codes, vec!["IRIS401", "IRIS405"]);
        assert_eq!(reason, "public health check");
        assert_eq!(parse(" irislint: ignore IRIS302").unwrap().1, "");
        assert!(parse("# just a comment").is_none());
    }
}
