//! `--format json`: an array of findings sorted by path then position,
//! written straight from the findings (each object's keys in sorted order,
//! as the format has always printed them).

use super::{line_col, DocIndex, FileReport, Reports};
use crate::findings::{Finding, Safety, Severity};
use crate::formats::Document;
use crate::rules;
use crate::syntax::text::TextRange;
use std::io::Write;

#[derive(serde::Serialize)]
struct Position {
    column: u32,
    line: u32,
}

#[derive(serde::Serialize)]
struct Range {
    end: Position,
    start: Position,
}

impl Range {
    fn of(doc: &Document, r: TextRange) -> Self {
        let (sl, sc) = line_col(doc, r.start);
        let (el, ec) = line_col(doc, r.end);
        Range { end: Position { column: ec, line: el }, start: Position { column: sc, line: sl } }
    }
}

#[derive(serde::Serialize)]
struct EditJson<'a> {
    new_text: &'a str,
    range: Range,
}

#[derive(serde::Serialize)]
struct FixJson<'a> {
    edits: Vec<EditJson<'a>>,
    safety: Safety,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct RelatedJson<'a> {
    message: &'a str,
    path: &'a str,
    range: Range,
}

#[derive(serde::Serialize)]
struct FindingJson<'a> {
    code: &'a str,
    fix: Option<FixJson<'a>>,
    message: &'a str,
    name: &'a str,
    path: &'a str,
    range: Range,
    related: Vec<RelatedJson<'a>>,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// One finding; `url` (the rule's page) only where `docs-url` says where the pages are.
fn finding_json<'a>(doc: &'a Document, f: &'a Finding, docs: &DocIndex, docs_url: Option<&str>) -> FindingJson<'a> {
    let fix = f.fix.as_ref().map(|fix| FixJson {
        edits: fix.edits.iter().map(|e| EditJson { new_text: &e.new_text, range: Range::of(doc, e.range) }).collect(),
        safety: fix.safety,
        title: &fix.title,
    });
    let related = f
        .related
        .iter()
        .map(|r| RelatedJson { message: &r.message, path: &r.path, range: Range::of(docs.get(&r.path, doc), r.range) })
        .collect();
    FindingJson {
        code: f.code,
        fix,
        message: &f.message,
        name: f.name,
        path: &doc.path,
        range: Range::of(doc, f.range),
        related,
        severity: f.severity,
        url: docs_url.and_then(|_| rules::by_code(f.code)).and_then(|r| r.meta().url(docs_url)),
    }
}

/// Some of a file's findings as elements of the report's array, each after
/// a comma: as the pretty printer writes them one level in.
fn elements(r: &FileReport, range: std::ops::Range<usize>, docs: &DocIndex, docs_url: Option<&str>) -> Vec<u8> {
    let findings = &r.findings[range];
    // About what a finding takes, so that the buffer seldom moves.
    let mut out = Vec::with_capacity(findings.len() * 1024);
    let mut one = Vec::new();
    for f in findings {
        one.clear();
        if serde_json::to_writer_pretty(&mut one, &finding_json(&r.doc, f, docs, docs_url)).is_err() {
            continue;
        }
        out.extend_from_slice(b",\n  ");
        // Every line after the first indented once more (a string holds no line break).
        let mut done = 0;
        for at in memchr::memchr_iter(b'\n', &one) {
            out.extend_from_slice(&one[done..=at]);
            out.extend_from_slice(b"  ");
            done = at + 1;
        }
        out.extend_from_slice(&one[done..]);
    }
    out
}

/// Writes the report to `out` as it goes, never holding it whole; the
/// files' findings are rendered a few files at once.
pub fn write<R: Reports + ?Sized>(out: &mut dyn Write, reports: &R, docs_url: Option<&str>) -> std::io::Result<()> {
    out.write_all(b"[")?;
    let mut any = false;
    reports.rendered(&|r, range, docs| elements(r, range, docs, docs_url), &mut |bytes| {
        if bytes.is_empty() {
            return Ok(());
        }
        // The first element follows the bracket without a comma.
        let bytes = if any { bytes } else { &bytes[1..] };
        any = true;
        out.write_all(bytes)
    })?;
    out.write_all(if any { b"\n]\n" } else { b"]\n" })
}

pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let mut out = Vec::new();
    if write(&mut out, reports, docs_url).is_err() {
        return "[]\n".into();
    }
    String::from_utf8(out).unwrap_or_else(|_| "[]\n".into())
}
