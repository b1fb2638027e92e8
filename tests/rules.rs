//! Data-driven rule tests: every `tests/fixtures/IRISnnn/` folder holds
//! `fires*` files, which must produce at least one finding of that rule, and
//! `silent*` files, which must produce none. The findings of each file are
//! snapshotted (the rule alone is run, so snapshots do not shift when other
//! rules change).

use irislint::findings::config::Config;
use irislint::formats::Format;
use irislint::lint::check_alone;
use std::fmt::Write;
use std::path::Path;

#[path = "fixture_support/mod.rs"]
mod fixture_support;
use fixture_support::format_for;

/// The findings as a user reads them, one block per finding.
pub fn render(path: &str, text: &str, format: Format, config: &Config) -> (String, Vec<&'static str>) {
    let (doc, findings) = check_alone(path, text.to_string(), format, config);
    let mut out = String::new();
    for f in &findings {
        let start = doc.lines.position(&doc.text, f.range.start, irislint::syntax::text::Encoding::Chars);
        let _ = writeln!(
            out,
            "{}:{}: {} [{}] {}",
            start.line + 1,
            start.column + 1,
            f.code,
            f.severity.as_str(),
            f.message
        );
        let _ = writeln!(out, "    at: {:?}", &doc.text[f.range.start..f.range.end]);
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "    fix ({:?}): {}", fix.safety, fix.title);
            for e in &fix.edits {
                let _ =
                    writeln!(out, "      replace {:?} with {:?}", &doc.text[e.range.start..e.range.end], e.new_text);
            }
        }
        for r in &f.related {
            let _ = writeln!(out, "    related: {} {:?}", r.message, &doc.text[r.range.start..r.range.end]);
        }
    }
    (out, findings.iter().map(|f| f.code).collect())
}

#[test]
fn every_rule_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 38, "a fixture folder per rule");
    let mut failures = Vec::new();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        // IRIS905 judges suppressions of other rules, so those must run too.
        let select = if code == "IRIS905" { "ALL".to_string() } else { code.clone() };
        let config = Config::parse(&format!("select = [\"{select}\"]"), None).unwrap();
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        let (mut fires, mut silent) = (0, 0);
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&file).unwrap();
            let shown = format!("{code}/{name}");
            let (rendered, codes) = render(&shown, &text, format_for(&file, &text), &config);
            let hits = codes.iter().filter(|c| **c == code).count();
            if name.starts_with("fires") {
                fires += 1;
                if hits == 0 {
                    failures.push(format!("{shown}: expected {code} to fire"));
                }
            } else if name.starts_with("silent") {
                silent += 1;
                if hits != 0 {
                    failures.push(format!("{shown}: expected {code} to stay silent, got:\n{rendered}"));
                }
            }
            insta::with_settings!({snapshot_suffix => name.replace('.', "_"), prepend_module_to_snapshot => false, description => shown.clone()}, {
                insta::assert_snapshot!(code.clone(), rendered);
            });
        }
        if fires == 0 || silent == 0 {
            failures.push(format!("{code}: needs at least one fires* and one silent* fixture"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
