//! Every rule's documentation shows what it finds and what to write instead,
//! and those examples are true: each block under `## Example` is read as the
//! file its info string names (```` ```ini merge.cpf ````) and must be
//! reported by the rule, and its fixes, where it offers them, must close the
//! finding; each block under `## Use instead` must not be reported. For the
//! rules that read an instance's files together (IRIS108, IRIS7xx), the
//! blocks of one section are the files of one instance.

use irislint::findings::config::Config;
use irislint::findings::fix::{apply_pass, Allowed};
use irislint::formats::{detect, read, Document};
use irislint::lint::{check_document, check_workspace, join_instance};
use irislint::rules::{all, workspace_rules, DocExample, ExampleKind, RuleMeta};
use irislint::{Finding, Format};

fn config() -> Config {
    Config::parse("select = [\"ALL\"]", None).unwrap()
}

fn is_workspace_rule(code: &str) -> bool {
    workspace_rules().iter().any(|r| r.meta().code == code)
}

/// Reads the blocks as the files of one instance; the findings of each.
fn check_files(blocks: &[&DocExample], code: &str) -> Vec<(Document, Vec<Finding>)> {
    let config = config();
    let docs: Vec<Document> = blocks
        .iter()
        .map(|b| {
            let format = detect(&b.file, &b.text)
                .unwrap_or_else(|| panic!("{code}: the example file name {:?} is no format irislint reads", b.file));
            // A block named iris.cpf is an instance's own CPF, any other .cpf a merge file.
            if b.file.ends_with(".cpf") {
                let merge = b.file != "iris.cpf";
                assert_eq!(format == Format::CpfMerge, merge, "{code}: {} reads as {format:?}", b.file);
            }
            read(&b.file, b.text.clone(), format)
        })
        .collect();
    let instance = irislint::workspace::Instance {
        name: "example".into(),
        docs: docs.iter().collect(),
        layers: Default::default(),
    };
    let extra = check_workspace(&instance, &|_| Some(config.clone()));
    let findings: Vec<Vec<Finding>> =
        docs.iter().map(|d| join_instance(&d.path, check_document(d, &config), &extra)).collect();
    docs.into_iter().zip(findings).collect()
}

/// The units an example section is checked in: one block each, or all the
/// blocks together for a rule that reads the instance.
fn units<'a>(m: &RuleMeta, blocks: &'a [DocExample], kind: ExampleKind) -> Vec<Vec<&'a DocExample>> {
    let of_kind: Vec<&DocExample> = blocks.iter().filter(|b| b.kind == kind).collect();
    if is_workspace_rule(m.code) {
        vec![of_kind].into_iter().filter(|u| !u.is_empty()).collect()
    } else {
        of_kind.into_iter().map(|b| vec![b]).collect()
    }
}

fn names(unit: &[&DocExample]) -> String {
    unit.iter().map(|b| b.file.as_str()).collect::<Vec<_>>().join(" + ")
}

#[test]
fn every_rule_has_an_example_and_a_use_instead() {
    let mut missing = Vec::new();
    for rule in all() {
        let m = rule.meta();
        let examples = m.examples();
        for kind in [ExampleKind::Example, ExampleKind::UseInstead] {
            if !examples.iter().any(|e| e.kind == kind) {
                missing.push(format!("{} has no {} block", m.code, kind.as_str()));
            }
        }
        for e in &examples {
            assert!(
                !e.file.is_empty() && !e.language.is_empty(),
                "{}: every example block names its language and file (```ini merge.cpf), not {:?} {:?}",
                m.code,
                e.language,
                e.file
            );
        }
    }
    assert!(missing.is_empty(), "rules without examples:\n{}", missing.join("\n"));
}

#[test]
fn every_example_is_reported_and_its_fix_closes_it() {
    let mut failures = Vec::new();
    for rule in all() {
        let m = rule.meta();
        let examples = m.examples();
        let mut fixed_one = false;
        for unit in units(m, &examples, ExampleKind::Example) {
            let results = check_files(&unit, m.code);
            let reported: Vec<(&Document, Vec<&Finding>)> =
                results.iter().map(|(d, fs)| (d, fs.iter().filter(|f| f.code == m.code).collect())).collect();
            if reported.iter().all(|(_, fs)| fs.is_empty()) {
                let got: Vec<String> =
                    results.iter().flat_map(|(_, fs)| fs.iter().map(|f| format!("{} {}", f.code, f.message))).collect();
                failures.push(format!("{}: the example {} is not reported (found: {got:?})", m.code, names(&unit)));
                continue;
            }
            // Where every finding of the rule offers a fix, the fixes close them.
            let all_fixable = reported.iter().flat_map(|(_, fs)| fs.iter()).all(|f| f.fix.is_some());
            if !m.fixable || !all_fixable {
                continue;
            }
            fixed_one = true;
            let fixed: Vec<DocExample> = unit
                .iter()
                .zip(&reported)
                .map(|(b, (_, fs))| {
                    let owned: Vec<Finding> = fs.iter().map(|f| (*f).clone()).collect();
                    let mut text = b.text.clone();
                    // Fixes that overlap wait for a later pass, as `--fix` does.
                    for _ in 0..4 {
                        let pass = apply_pass(&text, &owned, Allowed::SafeAndUnsafe);
                        if pass.text == text || pass.deferred == 0 {
                            text = pass.text;
                            break;
                        }
                        text = pass.text;
                    }
                    DocExample { text, ..(*b).clone() }
                })
                .collect();
            let fixed_refs: Vec<&DocExample> = fixed.iter().collect();
            let after = check_files(&fixed_refs, m.code);
            let left: Vec<String> = after
                .iter()
                .flat_map(|(_, fs)| fs.iter().filter(|f| f.code == m.code).map(|f| f.message.clone()))
                .collect();
            if !left.is_empty() {
                let texts: Vec<&str> = fixed.iter().map(|b| b.text.as_str()).collect();
                failures.push(format!(
                    "{}: after its fixes, the example {} is still reported: {left:?}\n{}",
                    m.code,
                    names(&unit),
                    texts.join("\n")
                ));
            }
        }
        if m.fixable && !fixed_one && !examples.is_empty() {
            failures.push(format!("{} offers a fix, but none of its examples shows one", m.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_use_instead_block_is_reported() {
    let mut failures = Vec::new();
    for rule in all() {
        let m = rule.meta();
        let examples = m.examples();
        for unit in units(m, &examples, ExampleKind::UseInstead) {
            for (doc, findings) in check_files(&unit, m.code) {
                for f in findings.iter().filter(|f| f.code == m.code) {
                    failures.push(format!("{}: the use-instead block {} is reported: {}", m.code, doc.path, f.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_rule_page_shows_the_examples_as_tested() {
    // What a reader copies from docs/rules/ (and `irislint rule`, and hover) is
    // the text this file checked, fences and file names included.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in all() {
        let m = rule.meta();
        let page = std::fs::read_to_string(root.join(format!("docs/rules/{}.md", m.code))).unwrap();
        let examples = m.examples();
        for e in &examples {
            let block = format!("```{} {}\n{}```\n", e.language, e.file, e.text);
            assert!(page.contains(&block), "docs/rules/{}.md does not show\n{block}", m.code);
            assert!(!e.text.contains("```"), "{}: a fence inside the block of {}", m.code, e.file);
        }
        let example_at = page.find("\n## Example\n");
        let instead_at = page.find("\n## Use instead\n");
        assert!(example_at < instead_at && example_at.is_some(), "{}: Example comes before Use instead", m.code);
    }
}
