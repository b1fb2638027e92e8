//! `irislint rule CODE` and `irislint rules`.

use super::ListFormat;
use crate::rules::{self, RuleMeta};
use serde_json::json;

/// A rule as data, for tools that render its documentation: the sections of
/// its page one by one, its examples with the file each stands for, and
/// `url` where its page is (the `docs-url` setting of the `irislint.toml`
/// found from the current folder, else the page shipped beside the binary;
/// left out when neither is known).
fn meta_json(m: &RuleMeta, docs_url: Option<&str>) -> serde_json::Value {
    let examples: Vec<_> = m
        .examples()
        .into_iter()
        .map(|e| json!({"kind": e.kind.as_str(), "language": e.language, "file": e.file, "text": e.text}))
        .collect();
    let mut out = json!({
        "code": m.code,
        "name": m.name,
        "severity": m.severity.as_str(),
        "development_info": m.development_info,
        "formats": m.formats,
        "fixable": m.fixable,
        "summary": m.summary,
        "what": m.section("What it finds"),
        "why": m.section("Why it matters"),
        "fix": m.section("Fix"),
        "source": m.section("Source"),
        "examples": examples,
        "documentation": m.documentation(),
        "checklist": rules::compliance::json(m.code),
    });
    if let Some(url) = m.url(docs_url).or_else(|| rules::bundled_page_uri(m.code)) {
        out["url"] = url.into();
    }
    out
}

/// The `docs-url` of the configuration found from the current folder.
fn configured_docs_url() -> Option<String> {
    let path = crate::findings::config::Config::discover(std::path::Path::new("."))?;
    crate::findings::config::Config::load(&path).ok()?.docs_url
}

pub fn show(code: &str, format: ListFormat) -> i32 {
    let Some(rule) = rules::by_code(code) else {
        eprintln!("error: no rule `{code}` (see `irislint rules`)");
        return 2;
    };
    let m = rule.meta();
    match format {
        ListFormat::Json => {
            let json = meta_json(m, configured_docs_url().as_deref());
            println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default())
        }
        ListFormat::Text => {
            let profile = if m.development_info { " (info under the development profile)" } else { "" };
            println!("# {} {}\n", m.code, m.name);
            println!(
                "Severity: {}{profile}. Formats: {}. Fix: {}.\n",
                m.severity.as_str(),
                m.formats.join(", "),
                if m.fixable { "available" } else { "none" }
            );
            println!("{}", m.documentation());
            println!("\n## Hardening checklist\n");
            let items = rules::compliance::items_of(m.code);
            if items.is_empty() {
                println!("None: this rule checks the files themselves, or guidance the checklist does not name.");
            }
            for i in items {
                println!("- {} — {}", rules::compliance::label(i), i.guidance);
            }
        }
    }
    0
}

pub fn list(format: ListFormat) -> i32 {
    let all = rules::all();
    match format {
        ListFormat::Json => {
            let docs_url = configured_docs_url();
            let list: Vec<_> = all.iter().map(|r| meta_json(r.meta(), docs_url.as_deref())).collect();
            println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
        }
        ListFormat::Text => {
            for r in all {
                let m = r.meta();
                println!("{:8} {:40} {:8} {}", m.code, m.name, m.severity.as_str(), m.summary);
            }
        }
    }
    0
}
