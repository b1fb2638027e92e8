//! `--format json`: an array of findings sorted by path then position,
//! written straight from the findings (each object's keys in sorted order,
//! as the format has always printed them).

use super::{line_col, DocIndex, FileReport, Reports};
use crate::findings::{Finding, Safety, Severity};
use crate::formats::Document;
use crate::rules;
use crate::syntax::text::TextRange;
use serde::ser::{Serialize, SerializeSeq, Serializer};
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

/// Every finding of the run, produced as it is written.
struct All<'a, R: ?Sized> {
    reports: &'a R,
    docs_url: Option<&'a str>,
}

impl<R: Reports + ?Sized> Serialize for All<'_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        self.reports.each(&mut |r, docs| {
            r.findings.iter().try_for_each(|f| seq.serialize_element(&finding_json(&r.doc, f, docs, self.docs_url)))
        })?;
        seq.end()
    }
}

/// Writes the report to `out` as it goes, never holding it whole.
pub fn write<R: Reports + ?Sized>(out: &mut dyn Write, reports: &R, docs_url: Option<&str>) -> std::io::Result<()> {
    let all = All { reports, docs_url };
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    all.serialize(&mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let mut out = Vec::new();
    if write(&mut out, reports, docs_url).is_err() {
        return "[]\n".into();
    }
    String::from_utf8(out).unwrap_or_else(|_| "[]\n".into())
}
