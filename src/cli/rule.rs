//! `irislint rule CODE` and `irislint rules`.

use super::ListFormat;
use crate::rules::{self, RuleMeta};
use serde_json::json;

fn meta_json(m: &RuleMeta) -> serde_json::Value {
    json!({
        "code": m.code,
        "name": m.name,
        "severity": m.severity.as_str(),
        "development_info": m.development_info,
        "formats": m.formats,
        "fixable": m.fixable,
        "summary": m.summary,
        "url": m.url(),
        "documentation": m.documentation(),
        "checklist": rules::compliance::json(m.code),
    })
}

pub fn show(code: &str, format: ListFormat) -> i32 {
    let Some(rule) = rules::by_code(code) else {
        eprintln!("error: no rule `{code}` (see `irislint rules`)");
        return 2;
    };
    let m = rule.meta();
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&meta_json(m)).unwrap_or_default()),
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
            let list: Vec<_> = all.iter().map(|r| meta_json(r.meta())).collect();
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
