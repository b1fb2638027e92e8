//! `--format rdjson`: reviewdog's diagnostic format (`DiagnosticResult` of
//! `reviewdog.rdf`), for `reviewdog -f=rdjson`. Positions are 1-based lines and
//! columns in UTF-8 bytes, ends exclusive, as the format defines them; a
//! finding's fix becomes its suggestions. Messages are already free of secrets,
//! and fix texts never add one.

use super::{DocIndex, FileReport};
use crate::findings::baseline::normalize;
use crate::findings::Severity;
use crate::formats::Document;
use crate::rules;
use crate::syntax::text::{Encoding, TextRange};
use serde_json::{json, Value};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn position(doc: &Document, offset: usize) -> Value {
    let p = doc.lines.position(&doc.text, offset, Encoding::Utf8);
    json!({"line": p.line + 1, "column": p.column + 1})
}

fn range(doc: &Document, r: TextRange) -> Value {
    json!({"start": position(doc, r.start), "end": position(doc, r.end)})
}

/// Links (the tool's and each code's) only where `docs-url` says where the pages are.
fn source(docs_url: Option<&str>) -> Value {
    match docs_url {
        Some(url) => json!({"name": "irislint", "url": rules::published_base(url)}),
        None => json!({"name": "irislint"}),
    }
}

pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let docs = DocIndex::new(reports);
    let mut diagnostics = Vec::new();
    for report in reports {
        let doc = &report.doc;
        for f in &report.findings {
            let mut d = json!({
                "message": f.message,
                "location": {"path": normalize(&doc.path), "range": range(doc, f.range)},
                "severity": severity(f.severity),
                "source": source(docs_url),
                "code": {"value": f.code},
            });
            if let Some(url) = rules::by_code(f.code).and_then(|r| r.meta().url(docs_url)) {
                d["code"]["url"] = url.into();
            }
            if let Some(fix) = &f.fix {
                d["suggestions"] =
                    fix.edits.iter().map(|e| json!({"range": range(doc, e.range), "text": e.new_text})).collect();
            }
            if !f.related.is_empty() {
                d["related_locations"] = f
                    .related
                    .iter()
                    .map(|r| {
                        let other = docs.get(&r.path, doc);
                        json!({"message": r.message, "location": {"path": normalize(&r.path), "range": range(other, r.range)}})
                    })
                    .collect();
            }
            diagnostics.push(d);
        }
    }
    let result = json!({
        "source": source(docs_url),
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&result).unwrap_or_default() + "\n"
}
