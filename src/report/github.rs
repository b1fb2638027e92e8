//! `--format github`: workflow commands that annotate the pull request.

use super::{line_col, FileReport};
use crate::findings::Severity;

/// Escapes a property or message as the workflow-command syntax requires.
fn escape(text: &str, property: bool) -> String {
    let mut s = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        s = s.replace(':', "%3A").replace(',', "%2C");
    }
    s
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let doc = &report.doc;
        for f in &report.findings {
            let kind = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, col) = line_col(doc, f.range.start);
            let (end_line, end_col) = line_col(doc, f.range.end);
            out.push_str(&format!(
                "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                escape(&crate::findings::baseline::normalize(&doc.path), true),
                escape(&format!("{} {}", f.code, f.name), true),
                escape(&f.message, false)
            ));
        }
    }
    out
}
