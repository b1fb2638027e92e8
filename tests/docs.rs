//! Documentation that must stay true: the rules in the code are the catalogue;
//! every rule is documented, codes and names are unique and well formed, and
//! the README table and rule pages match the code.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use irislint::rules::{all, by_code, markdown_page, markdown_table};
use std::collections::HashSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_catalogue_is_well_formed_and_documented() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let mut previous = "";
    for rule in all() {
        let m = rule.meta();
        assert!(
            m.code.len() == 7 && m.code.starts_with("IRIS") && m.code[4..].bytes().all(|b| b.is_ascii_digit()),
            "{} is not a code of the form IRISnnn",
            m.code
        );
        assert!(m.code > previous, "{} is out of code order (after {previous})", m.code);
        previous = m.code;
        assert!(codes.insert(m.code), "{} is declared twice", m.code);
        assert!(
            !m.name.is_empty() && m.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}'s name {:?} is not kebab-case",
            m.code,
            m.name
        );
        assert!(names.insert(m.name), "{} reuses the name {}", m.code, m.name);
        assert_eq!(by_code(m.code).map(|r| r.meta().code), Some(m.code));
        assert_eq!(by_code(m.name).map(|r| r.meta().code), Some(m.code), "{} is not found by its name", m.code);
        let doc = m.documentation();
        for heading in ["## What it finds", "## Why it matters", "## Fix", "## Source"] {
            assert!(doc.contains(heading), "{} lacks {heading}", m.code);
        }
        assert!(!m.summary.is_empty() && !m.formats.is_empty(), "{} lacks a summary or its formats", m.code);
    }
    assert!(codes.len() >= 41, "only {} rules", codes.len());
}

/// The tests that rewrite README.md read and write it one at a time (with
/// `UPDATE_DOCS`, one would otherwise overwrite the other's table).
static README: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Replaces the text between two markers of README.md with `table`.
fn readme_section(start: &str, end: &str, table: &str) {
    let _one_at_a_time = README.lock().unwrap_or_else(|e| e.into_inner());
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let a = readme.find(start).unwrap_or_else(|| panic!("README has a {start} marker")) + start.len();
    let b = readme.find(end).unwrap_or_else(|| panic!("README has a {end} marker"));
    let expected = format!("{}{}{}", &readme[..a], table, &readme[b..]);
    check_or_update(&path, &expected);
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
    readme_section("<!-- rules:start -->\n", "<!-- rules:end -->", &markdown_table());
}

#[test]
fn rule_pages_are_current() {
    for rule in all() {
        let m = rule.meta();
        check_or_update(&root().join(format!("docs/rules/{}.md", m.code)), &markdown_page(m));
    }
}

#[test]
fn every_rule_names_its_hardening_checklist_items() {
    use irislint::rules::compliance;
    for rule in all() {
        let code = rule.meta().code;
        let entry = compliance::of_rule(code)
            .unwrap_or_else(|| panic!("{code} has no entry in src/rules/compliance.rs (add one, even with no items)"));
        for id in entry.items {
            assert!(compliance::item(id).is_some(), "{code} names checklist item {id}, which is not in ITEMS");
        }
    }
    for entry in compliance::RULES {
        assert!(by_code(entry.code).is_some(), "compliance.rs maps {}, which is no rule", entry.code);
    }
    for item in compliance::ITEMS {
        assert!(!compliance::rules_of(item.id).is_empty(), "no rule enforces checklist item {}", item.id);
        assert!(item.url.starts_with("https://docs.intersystems.com/"), "{} cites no InterSystems page", item.id);
    }
}

#[test]
fn readme_advisor_table_is_current_and_names_real_rules() {
    for check in irislint::rules::advisor::CHECKS {
        assert!(check.rules.is_empty() != check.live_only.is_none(), "{}: rules or a reason, one of them", check.check);
        for code in check.rules {
            assert!(by_code(code).is_some(), "{}: {code} is no rule", check.check);
        }
    }
    assert_eq!(irislint::rules::advisor::CHECKS.len(), 17, "the Security Advisor's 17 checks");
    readme_section("<!-- advisor:start -->\n", "<!-- advisor:end -->", &irislint::rules::advisor::markdown_table());
}
