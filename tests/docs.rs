//! Documentation that must stay true: every catalogued code is implemented and
//! documented, and the README table and rule pages match the code.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use irislint::rules::{all, by_code, markdown_page, markdown_table};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_catalogued_code_has_an_implementation_and_a_doc() {
    let spec = root().join("../shared/spec/rules.md");
    let text = std::fs::read_to_string(&spec)
        .unwrap_or_else(|e| panic!("{}: {e} (the rule catalogue is the contract)", spec.display()));
    let mut codes = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("| IRIS") {
            let code = format!("IRIS{}", &rest[..3]);
            let name = rest.split('|').nth(1).unwrap_or("").trim().to_string();
            codes.push((code, name));
        }
    }
    assert!(codes.len() >= 41, "read {} codes from rules.md", codes.len());
    for (code, name) in codes {
        let rule = by_code(&code).unwrap_or_else(|| panic!("{code} has no implementation"));
        assert_eq!(rule.meta().name, name, "{code}'s name differs from rules.md");
    }
    for rule in all() {
        let doc = rule.meta().documentation();
        for heading in ["## What it finds", "## Why it matters", "## Fix", "## Source"] {
            assert!(doc.contains(heading), "{} lacks {heading}", rule.meta().code);
        }
    }
}

fn check_or_update(path: &Path, expected: &str) {
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(actual, expected, "{} is out of date: run UPDATE_DOCS=1 cargo test --test docs", path.display());
}

#[test]
fn readme_rule_table_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("README has a rules:start marker") + start.len();
    let b = readme.find(end).expect("README has a rules:end marker");
    let expected = format!("{}{}{}", &readme[..a], markdown_table(), &readme[b..]);
    check_or_update(&path, &expected);
}

#[test]
fn rule_pages_are_current() {
    for rule in all() {
        let m = rule.meta();
        check_or_update(&root().join(format!("docs/rules/{}.md", m.code)), &markdown_page(m));
    }
}
