//! `irislint check --compliance`: for each instance, one row per hardening
//! checklist item the rules enforce — violated (with the findings), satisfied
//! (the files set what the item covers and no rule objects), or not judged
//! from files (and why). As text, markdown (for a pull-request comment or an
//! audit file) or json.

use crate::findings::config::Config;
use crate::findings::Finding;
use crate::report::{line_col, FileReport};
use crate::rules::compliance::{self, ChecklistItem};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Violated,
    Satisfied,
    NotJudged,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Violated => "violated",
            Status::Satisfied => "satisfied",
            Status::NotJudged => "not judged",
        }
    }
}

/// A finding as a row shows it: where, and what.
pub struct Cited {
    pub code: &'static str,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

pub struct Row {
    pub item: &'static ChecklistItem,
    pub status: Status,
    pub findings: Vec<Cited>,
    /// Why it is satisfied or not judged.
    pub reason: String,
}

pub struct InstanceRows {
    pub name: String,
    pub files: Vec<String>,
    pub rows: Vec<Row>,
}

/// Judges every checklist item for every instance of the run.
pub fn judge(
    reports: &[FileReport],
    roots: &[String],
    named: &BTreeMap<String, Vec<String>>,
    config: &Config,
) -> Vec<InstanceRows> {
    let docs: Vec<&crate::formats::Document> = reports.iter().map(|r| &r.doc).collect();
    let findings_of: HashMap<&str, &[Finding]> =
        reports.iter().map(|r| (r.doc.path.as_str(), r.findings.as_slice())).collect();
    let mut out = Vec::new();
    for instance in crate::workspace::group(&docs, roots, named) {
        let mut rows = Vec::new();
        for item in compliance::ITEMS {
            let rules: Vec<&str> = compliance::rules_of(item.id);
            let enabled: Vec<&str> = rules.iter().copied().filter(|c| config.enabled(c, Path::new(""))).collect();
            let mut cited = Vec::new();
            for doc in &instance.docs {
                for f in findings_of.get(doc.path.as_str()).copied().unwrap_or(&[]) {
                    if rules.contains(&f.code) {
                        let (line, column) = line_col(doc, f.range.start);
                        cited.push(Cited {
                            code: f.code,
                            path: doc.path.clone(),
                            line,
                            column,
                            message: f.message.clone(),
                        });
                    }
                }
            }
            let evidence = instance.docs.iter().any(|d| (item.evidence)(d));
            let (status, reason) = if !cited.is_empty() {
                (Status::Violated, String::new())
            } else if enabled.is_empty() {
                (Status::NotJudged, format!("its rules ({}) are not selected", rules.join(", ")))
            } else if evidence {
                (Status::Satisfied, format!("the files set it; no finding from {}", enabled.join(", ")))
            } else {
                (Status::NotJudged, item.not_judged.to_string())
            };
            rows.push(Row { item, status, findings: cited, reason });
        }
        out.push(InstanceRows {
            name: instance.name.clone(),
            files: instance.docs.iter().map(|d| d.path.clone()).collect(),
            rows,
        });
    }
    out
}

pub fn any_violated(instances: &[InstanceRows]) -> bool {
    instances.iter().flat_map(|i| &i.rows).any(|r| r.status == Status::Violated)
}

const NOTE: &str = "Item numbers follow the hardening checklist; they could not be matched against InterSystems' \
current pages (`irislint rule CODE` cites the guidance each stands for). Suppressed findings count as accepted: \
add --no-suppressions for an audit.";

pub fn text(instances: &[InstanceRows]) -> String {
    let mut out = String::new();
    for i in instances {
        let _ =
            writeln!(out, "Instance {} ({} file{})", i.name, i.files.len(), if i.files.len() == 1 { "" } else { "s" });
        let width = compliance::ITEMS.iter().map(|i| i.title.len()).max().unwrap_or(0);
        for r in &i.rows {
            let detail = if r.reason.is_empty() { String::new() } else { format!("  {}", r.reason) };
            let row = format!("  {:<10}  {:<5}  {:<width$}{detail}", r.status.as_str(), r.item.id, r.item.title);
            let _ = writeln!(out, "{}", row.trim_end());
            for f in &r.findings {
                let _ = writeln!(out, "              {}:{}:{}: {} {}", f.path, f.line, f.column, f.code, f.message);
            }
        }
        out.push('\n');
    }
    out.push_str(NOTE);
    out.push('\n');
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(instances: &[InstanceRows]) -> String {
    let mut out = String::from("## Hardening checklist\n\n");
    for i in instances {
        let files: Vec<String> = i.files.iter().map(|f| format!("`{}`", cell(f))).collect();
        let _ = writeln!(out, "### Instance `{}`\n\nFiles: {}\n", cell(&i.name), files.join(", "));
        out.push_str("| Item | Title | Status | Findings, or why |\n|---|---|---|---|\n");
        for r in &i.rows {
            let detail = if r.findings.is_empty() {
                cell(&r.reason)
            } else {
                r.findings
                    .iter()
                    .map(|f| format!("{} `{}:{}:{}` {}", f.code, cell(&f.path), f.line, f.column, cell(&f.message)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let status = match r.status {
                Status::Violated => "**violated**",
                s => s.as_str(),
            };
            let _ = writeln!(out, "| {} | {} | {status} | {detail} |", r.item.id, cell(r.item.title));
        }
        out.push('\n');
    }
    out.push_str(&format!("_{NOTE}_\n"));
    out
}

pub fn json(instances: &[InstanceRows]) -> String {
    let list: Vec<_> = instances
        .iter()
        .map(|i| {
            json!({
                "instance": i.name,
                "files": i.files,
                "items": i.rows.iter().map(|r| json!({
                    "id": r.item.id,
                    "title": r.item.title,
                    "number_verified": r.item.number_verified,
                    "guidance": r.item.guidance,
                    "url": r.item.url,
                    "rules": compliance::rules_of(r.item.id),
                    "status": r.status.as_str(),
                    "reason": if r.reason.is_empty() { None } else { Some(&r.reason) },
                    "findings": r.findings.iter().map(|f| json!({
                        "code": f.code, "path": f.path, "line": f.line, "column": f.column, "message": f.message,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into()) + "\n"
}
