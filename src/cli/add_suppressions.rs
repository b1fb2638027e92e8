//! `irislint check --add-suppressions --reason "…"`: accepts every current
//! finding in place, with a suppression comment where the format has comments
//! (README, "Suppressions"): a `#` line in a merge file, `<!-- -->` before the
//! element in XML, a `//` line above the `XData` line in a class. Never in an
//! instance's own iris.cpf or a CSP.ini, which their products rewrite. Each
//! comment is checked to cover its findings before anything is written; the
//! write is the one `--fix` uses (atomic, only the inserted bytes change), and
//! a second run adds nothing, since suppressed findings are no longer reported.

use super::fix::write_atomically;
use crate::findings::suppress;
use crate::findings::Finding;
use crate::formats::{self, Document, EntryKind, Format};
use crate::report::{line_col, FileReport};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// A finding that could not be suppressed, and why.
pub struct Refused {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub code: &'static str,
    pub why: String,
}

#[derive(Default)]
pub struct Outcome {
    pub comments: usize,
    pub findings: usize,
    pub files: usize,
    pub refused: Vec<Refused>,
    /// Files that could not be written: path, reason.
    pub errors: Vec<(String, String)>,
}

/// Why `reason` cannot be a suppression's reason, if it cannot.
pub fn check_reason(reason: &str) -> Result<(), String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("--add-suppressions needs --reason \"why these findings are accepted\" (a suppression without a reason suppresses nothing)".into());
    }
    if reason.contains(['\n', '\r']) || reason.contains("-->") {
        return Err("the --reason must be one line and cannot hold `-->`".into());
    }
    if reason.split_whitespace().next().is_some_and(|w| w.to_ascii_uppercase().starts_with("IRIS")) {
        return Err(
            "the --reason cannot start with a word beginning with IRIS (it would be read as a rule code)".into()
        );
    }
    Ok(())
}

/// One comment to insert: at a line's start, covering these findings.
struct Insertion<'a> {
    offset: usize,
    indent: String,
    findings: Vec<&'a Finding>,
}

pub fn run(reports: &[FileReport], reason: &str) -> Outcome {
    let mut outcome = Outcome::default();
    for report in reports.iter().filter(|r| !r.findings.is_empty()) {
        let doc = &report.doc;
        let refuse = |f: &Finding, why: &str| {
            let (line, column) = line_col(doc, f.range.start);
            Refused { path: doc.path.clone(), line, column, code: f.code, why: why.to_string() }
        };
        if report.notice.is_some() {
            outcome.refused.extend(
                report.findings.iter().map(|f| refuse(f, "the file was not read exactly (encoding); not rewritten")),
            );
            continue;
        }
        if doc.path == "-" || !suppress::honoured_in(doc.format) || style(doc.format).is_none() {
            let why = match doc.format {
                Format::Cpf => "an instance's own iris.cpf is rewritten by IRIS: use per-file-ignores",
                Format::CspIni => "CSP.ini is rewritten by the Web Gateway: use per-file-ignores",
                _ if doc.path == "-" => "standard input cannot be rewritten",
                _ => "this format has no suppression comments: use per-file-ignores",
            };
            outcome.refused.extend(report.findings.iter().map(|f| refuse(f, why)));
            continue;
        }
        let mut by_offset: BTreeMap<usize, Insertion> = BTreeMap::new();
        for f in &report.findings {
            if f.code == "IRIS905" {
                outcome
                    .refused
                    .push(refuse(f, "an unused suppression: remove it (irislint check --fix) rather than suppress it"));
                continue;
            }
            match insertion_line(doc, f) {
                Some(line) => {
                    let offset = line_start(doc, line);
                    let indent: String = doc.text[offset..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
                    by_offset.entry(offset).or_insert(Insertion { offset, indent, findings: vec![] }).findings.push(f);
                }
                None => outcome.refused.push(refuse(f, "outside the XData block: no comment can cover it")),
            }
        }
        // Insert, then keep only the comments that the suppression reader
        // sees covering their findings (two passes at most).
        let mut insertions: Vec<Insertion> = by_offset.into_values().collect();
        let mut text = doc.text.clone();
        for _ in 0..2 {
            text = apply(doc, &insertions, reason);
            let failing = uncovered(doc, &text, &insertions, reason);
            if failing.is_empty() {
                break;
            }
            for i in failing.iter().rev() {
                let gone = insertions.remove(*i);
                outcome
                    .refused
                    .extend(gone.findings.iter().map(|f| refuse(f, "no comment placed before it would cover it")));
            }
            text = apply(doc, &insertions, reason);
        }
        if insertions.is_empty() || text == doc.text {
            continue;
        }
        match write_atomically(Path::new(&doc.path), doc.text.as_bytes(), &text) {
            Ok(()) => {
                outcome.files += 1;
                outcome.comments += insertions.len();
                outcome.findings += insertions.iter().map(|i| i.findings.len()).sum::<usize>();
            }
            Err(e) => outcome.errors.push((doc.path.clone(), e)),
        }
    }
    outcome
}

/// The comment syntax of a format: text before and after the marker.
fn style(format: Format) -> Option<(&'static str, &'static str)> {
    format.suppression_comment()
}

/// The line a comment must stand right before to cover the finding.
fn insertion_line(doc: &Document, f: &Finding) -> Option<usize> {
    let at = f.range.start;
    match doc.format {
        Format::InstallerCls => crate::syntax::cls::xdata_blocks(&doc.text)
            .into_iter()
            .find(|b| b.header.start <= at && at <= b.body.end)
            .map(|b| doc.lines.line_of(b.header.start)),
        f_ if f_.is_xml() => {
            // The start tag holding the finding (the innermost, if nested).
            let element = doc
                .entries
                .iter()
                .filter(|e| e.kind == EntryKind::Element && e.range.start <= at && at <= e.range.end)
                .max_by_key(|e| e.range.start);
            Some(doc.lines.line_of(element.map_or(at, |e| e.range.start)))
        }
        _ => {
            // A wrapped action continues on indented lines after a trailing comma.
            let mut line = doc.lines.line_of(at);
            while line > 0 {
                let this = doc.slice(doc.lines.line_range(&doc.text, line));
                let above = doc.slice(doc.lines.line_range(&doc.text, line - 1));
                if this.starts_with([' ', '\t']) && above.trim_end().ends_with(',') {
                    line -= 1;
                } else {
                    break;
                }
            }
            Some(line)
        }
    }
}

/// Where a line starts (after a byte order mark on the first).
fn line_start(doc: &Document, line: usize) -> usize {
    let start = doc.lines.line_start(line);
    if start == 0 && doc.text.starts_with('\u{feff}') {
        3
    } else {
        start
    }
}

/// The line ending of the line at `offset` (a file's own, even when mixed).
fn line_ending(text: &str, offset: usize) -> &'static str {
    match text[offset..].find('\n') {
        Some(i) if i > 0 && text.as_bytes()[offset + i - 1] == b'\r' => "\r\n",
        Some(_) => "\n",
        None if text.contains("\r\n") => "\r\n",
        None => "\n",
    }
}

fn comment(doc: &Document, ins: &Insertion, reason: &str) -> String {
    let (open, close) = doc.suppression_comment_at(ins.offset).unwrap_or(("# ", ""));
    let mut codes: Vec<&str> = ins.findings.iter().map(|f| f.code).collect();
    codes.sort();
    codes.dedup();
    let mut s = String::new();
    let _ = write!(s, "{}{open}irislint: ignore {} {}{close}", ins.indent, codes.join(","), reason.trim());
    s.push_str(line_ending(&doc.text, ins.offset));
    s
}

fn apply(doc: &Document, insertions: &[Insertion], reason: &str) -> String {
    let mut out = String::with_capacity(doc.text.len() + insertions.len() * 80);
    let mut at = 0;
    for ins in insertions {
        out.push_str(&doc.text[at..ins.offset]);
        out.push_str(&comment(doc, ins, reason));
        at = ins.offset;
    }
    out.push_str(&doc.text[at..]);
    out
}

/// The insertions (by index) some of whose findings the new text's
/// suppressions do not cover.
fn uncovered(doc: &Document, text: &str, insertions: &[Insertion], reason: &str) -> Vec<usize> {
    let new_doc = formats::read(&doc.path, text.to_string(), doc.format);
    let suppressions = suppress::collect(&new_doc);
    let mut shifts = Vec::new();
    let mut total = 0;
    for ins in insertions {
        total += comment(doc, ins, reason).len();
        shifts.push((ins.offset, total));
    }
    let moved = |offset: usize| offset + shifts.iter().rev().find(|(at, _)| *at <= offset).map_or(0, |(_, n)| *n);
    insertions
        .iter()
        .enumerate()
        .filter(|(_, ins)| {
            !ins.findings.iter().all(|f| {
                let start = moved(f.range.start);
                suppressions.iter().any(|s| {
                    s.honoured
                        && !s.reason.is_empty()
                        && s.codes.iter().any(|c| c == f.code)
                        && s.target.start <= start
                        && start <= s.target.end
                })
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// What was done, for standard error.
pub fn summary(outcome: &Outcome) -> String {
    let mut s = format!(
        "Added {} suppression comment{} for {} finding{} in {} file{}.\n",
        outcome.comments,
        if outcome.comments == 1 { "" } else { "s" },
        outcome.findings,
        if outcome.findings == 1 { "" } else { "s" },
        outcome.files,
        if outcome.files == 1 { "" } else { "s" }
    );
    if !outcome.refused.is_empty() {
        let _ = writeln!(s, "Could not suppress {}:", outcome.refused.len());
        for r in &outcome.refused {
            let _ = writeln!(s, "  {}:{}:{}: {}: {}", r.path, r.line, r.column, r.code, r.why);
        }
    }
    s
}
