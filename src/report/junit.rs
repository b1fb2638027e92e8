//! `--format junit`: one test case per checked file, failing with its findings.

use super::{line_col, FileReport};

fn xml(text: &str) -> String {
    // XML 1.0 allows no other control characters, not even as references.
    let text: String =
        text.chars().map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c }).collect();
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn render(reports: &[FileReport]) -> String {
    let failures: usize = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"irislint\" tests=\"{}\" failures=\"{failures}\">\n", reports.len()));
    out.push_str(&format!(
        "  <testsuite name=\"irislint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        reports.len()
    ));
    for report in reports {
        let path = xml(&report.doc.path);
        out.push_str(&format!("    <testcase classname=\"irislint\" name=\"{path}\" file=\"{path}\""));
        if report.findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut body = String::new();
        for f in &report.findings {
            let (line, col) = line_col(&report.doc, f.range.start);
            body.push_str(&format!(
                "{}:{line}:{col}: {} [{}] {}\n",
                report.doc.path,
                f.code,
                f.severity.as_str(),
                f.message
            ));
        }
        let n = report.findings.len();
        out.push_str(&format!(
            "      <failure message=\"{n} finding{}\" type=\"irislint\">{}</failure>\n",
            if n == 1 { "" } else { "s" },
            xml(&body)
        ));
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
