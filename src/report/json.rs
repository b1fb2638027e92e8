//! `--format json`: an array of findings sorted by path then position.

use super::{line_col, DocIndex, FileReport};
use crate::findings::Finding;
use crate::formats::Document;
use crate::rules;
use crate::syntax::text::TextRange;
use serde_json::{json, Value};

fn range_json(doc: &Document, r: TextRange) -> Value {
    let (sl, sc) = line_col(doc, r.start);
    let (el, ec) = line_col(doc, r.end);
    json!({"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec}})
}

/// One finding; `url` (the rule's page) only where `docs-url` says where the pages are.
pub fn finding_json(doc: &Document, f: &Finding, docs: &DocIndex, docs_url: Option<&str>) -> Value {
    let fix = f.fix.as_ref().map(|fix| {
        json!({
            "safety": fix.safety,
            "title": fix.title,
            "edits": fix.edits.iter().map(|e| json!({"range": range_json(doc, e.range), "new_text": e.new_text})).collect::<Vec<_>>(),
        })
    });
    let related: Vec<Value> = f
        .related
        .iter()
        .map(|r| json!({"path": r.path, "range": range_json(docs.get(&r.path, doc), r.range), "message": r.message}))
        .collect();
    let mut out = json!({
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "path": doc.path,
        "range": range_json(doc, f.range),
        "fix": fix,
        "related": related,
    });
    if let Some(url) = rules::by_code(f.code).and_then(|r| r.meta().url(docs_url)) {
        out["url"] = url.into();
    }
    out
}

pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let docs = DocIndex::new(reports);
    let all: Vec<Value> =
        reports.iter().flat_map(|r| r.findings.iter().map(|f| finding_json(&r.doc, f, &docs, docs_url))).collect();
    let mut out = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
