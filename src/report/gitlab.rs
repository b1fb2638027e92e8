//! `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`),
//! the subset of the Code Climate issue format GitLab documents: `description`,
//! `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`
//! (docs.gitlab.com, "Code Quality", code quality report format). Messages are
//! already free of secrets.

use super::{fingerprint, line_col, FileReport};
use crate::findings::baseline::normalize;
use crate::findings::Severity;
use serde_json::{json, Value};

/// GitLab's severities are info, minor, major, critical and blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let mut unique = fingerprint::Unique::default();
    let mut issues: Vec<Value> = Vec::new();
    for report in reports {
        let doc = &report.doc;
        for f in &report.findings {
            let (begin, _) = line_col(doc, f.range.start);
            let (end, _) = line_col(doc, f.range.end);
            issues.push(json!({
                "type": "issue",
                "check_name": f.code,
                "description": format!("{} {}: {}", f.code, f.name, f.message),
                "categories": ["Security"],
                "severity": severity(f.severity),
                "fingerprint": unique.next(&doc.path, f),
                "location": {"path": normalize(&doc.path), "lines": {"begin": begin, "end": end.max(begin)}},
            }));
        }
    }
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into()) + "\n"
}
