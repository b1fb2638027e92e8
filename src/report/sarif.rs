//! `--format sarif`: SARIF 2.1.0 for code-scanning services — rules with help
//! text and `security-severity`, results with regions, fixes and partial
//! fingerprints. Messages are already free of secrets.

use super::{line_col, DocIndex, FileReport, Reports};
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

/// The results of the run, produced as they are written.
struct Results<'a, R: ?Sized> {
    reports: &'a R,
}

impl<R: Reports + ?Sized> serde::Serialize for Results<'_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let all = rules::all();
        let mut seq = s.serialize_seq(None)?;
        self.reports.each(&mut |report, docs| {
            report.findings.iter().try_for_each(|f| {
                let index = all.iter().position(|r| r.meta().code == f.code).unwrap_or(0);
                seq.serialize_element(&result_json(&report.doc, f, index, docs))
            })
        })?;
        seq.end()
    }
}

/// One run; its keys in sorted order, as the format has always printed them.
#[derive(serde::Serialize)]
#[serde(bound = "R: Reports")]
struct Run<'a, R: ?Sized> {
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a, R>,
    tool: Value,
}

#[derive(serde::Serialize)]
#[serde(bound = "R: Reports")]
struct Sarif<'a, R: ?Sized> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a, R>; 1],
    version: &'static str,
}

/// `helpUri` and `informationUri` only where `docs-url` says where the rule pages are.
pub fn render(reports: &[FileReport], docs_url: Option<&str>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, reports, docs_url);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written to `out` as it goes.
pub fn write<R: Reports + ?Sized>(
    out: &mut dyn std::io::Write,
    reports: &R,
    docs_url: Option<&str>,
) -> std::io::Result<()> {
    let rules_json: Vec<Value> = rules::all().iter().map(|r| rule_json(r.meta(), docs_url)).collect();
    let mut driver = json!({
        "name": "irislint",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules_json,
    });
    if let Some(url) = docs_url {
        driver["informationUri"] = rules::published_base(url).into();
    }
    let sarif = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results { reports },
            tool: json!({ "driver": driver }),
        }],
        version: "2.1.0",
    };
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    serde::Serialize::serialize(&sarif, &mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
