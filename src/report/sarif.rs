//! `--format sarif`: SARIF 2.1.0 for code-scanning services — rules with help
//! text and `security-severity`, results with regions, fixes and partial
//! fingerprints. Messages are already free of secrets.

use super::{line_col, DocIndex, FileReport};
use crate::findings::baseline::normalize;
use crate::findings::{Finding, Severity};
use crate::formats::Document;
use crate::rules::{self, RuleMeta};
use crate::syntax::text::TextRange;
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub reads this property to rank security results (0–10).
fn security_severity(m: &RuleMeta) -> &'static str {
    match m.severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Info => "2.0",
    }
}

/// `security` and `iris`, then the hardening checklist items the rule enforces.
fn tags(m: &RuleMeta) -> Vec<String> {
    let mut tags = vec!["security".to_string(), "iris".to_string()];
    tags.extend(rules::compliance::tags(m.code));
    tags
}

fn rule_json(m: &RuleMeta, docs_url: Option<&str>) -> Value {
    let mut rule = json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": m.summary},
        "help": {"text": m.documentation(), "markdown": m.documentation()},
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {"security-severity": security_severity(m), "tags": tags(m), "precision": "high"},
    });
    if let Some(url) = m.url(docs_url) {
        rule["helpUri"] = url.into();
    }
    rule
}

fn region(doc: &Document, r: TextRange) -> Value {
    let (sl, sc) = line_col(doc, r.start);
    let (el, ec) = line_col(doc, r.end);
    json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
}

fn result_json(doc: &Document, f: &Finding, rule_index: usize, docs: &DocIndex) -> Value {
    let uri = normalize(&doc.path);
    let location =
        |r: TextRange| json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(doc, r)}});
    let mut result = json!({
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location(f.range)],
        "partialFingerprints": {"irislintFindingHash/v1": super::fingerprint::of(&doc.path, f)},
    });
    if !f.related.is_empty() {
        result["relatedLocations"] = Value::Array(
            f.related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let other = docs.get(&r.path, doc);
                    let mut l = json!({"physicalLocation": {
                        "artifactLocation": {"uri": normalize(&r.path)},
                        "region": region(other, r.range),
                    }});
                    l["id"] = json!(i);
                    l["message"] = json!({"text": r.message});
                    l
                })
                .collect(),
        );
    }
    if let Some(fix) = &f.fix {
        result["fixes"] = json!([{
            "description": {"text": format!("{} ({})", fix.title, if fix.safety == crate::findings::Safety::Safe { "safe" } else { "unsafe" })},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(doc, e.range),
                    "insertedContent": {"text": e.new_text},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// `helpUri` and `informationUri` only where `docs-url` says where the rule pages are.
pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let all = rules::all();
    let rules_json: Vec<Value> = all.iter().map(|r| rule_json(r.meta(), docs_url)).collect();
    let mut results = Vec::new();
    let docs = DocIndex::new(reports);
    for report in reports {
        for f in &report.findings {
            let index = all.iter().position(|r| r.meta().code == f.code).unwrap_or(0);
            results.push(result_json(&report.doc, f, index, &docs));
        }
    }
    let mut sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "irislint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    if let Some(url) = docs_url {
        sarif["runs"][0]["tool"]["driver"]["informationUri"] = rules::published_base(url).into();
    }
    serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n"
}
