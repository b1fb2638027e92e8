//! A smoke run over real configuration files from public repositories
//! (`../shared/corpus`, beside the checkout): nothing panics, files IRIS
//! accepts get no syntax error, and every name in them is in the catalogue —
//! except the few that are genuinely wrong in those files, listed with the
//! reason in `tests/corpus-expected.txt`.

use irislint::findings::config::Config;
use irislint::formats::detect;
use irislint::lint::check_text;
use std::path::{Path, PathBuf};

#[path = "fix_support/mod.rs"]
mod fix_support;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

/// The corpus files irislint recognises: path, name, text and format.
fn recognised(files: Vec<PathBuf>) -> impl Iterator<Item = (PathBuf, String, String, irislint::formats::Format)> {
    files.into_iter().filter_map(|path| {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.to_string_lossy().to_string();
        let format = detect(&name, &text)?;
        Some((path, name, text, format))
    })
}

#[test]
fn corpus_reads_without_syntax_errors_or_unknown_names() {
    let Some(files) = corpus_files() else {
        eprintln!("../shared/corpus is not beside this checkout: nothing to run");
        return;
    };
    let config = Config::default();
    let mut checked = 0;
    let mut problems = Vec::new();
    for (path, name, text, format) in recognised(files) {
        checked += 1;
        let (_, findings) = check_text(&name, text, format, &config);
        for f in findings.iter().filter(|f| f.code == "IRIS901" || f.code == "IRIS902") {
            problems.push(format!("{}\t{} {}", path.file_name().unwrap().to_string_lossy(), f.code, f.message));
        }
    }
    assert!(checked >= 70, "only {checked} corpus files were recognised");
    let expected_text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-expected.txt")).unwrap();
    let mut expected: Vec<String> =
        expected_text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect();
    expected.sort();
    problems.sort();
    let unexpected: Vec<_> = problems.iter().filter(|p| !expected.contains(p)).collect();
    let missing: Vec<_> = expected.iter().filter(|e| !problems.contains(e)).collect();
    assert!(
        unexpected.is_empty(),
        "syntax or name findings on real files (a parser or catalogue bug):\n{unexpected:#?}"
    );
    assert!(missing.is_empty(), "expected findings no longer reported:\n{missing:#?}");
}

/// Every fix offered on a real file, applied alone and all together, adds
/// no finding (each file on its own; `.ci/run` also fixes the corpus as a
/// whole with the command line and compares the baselines).
#[test]
fn fixing_the_corpus_adds_no_finding() {
    let Some(files) = corpus_files() else {
        eprintln!("../shared/corpus is not beside this checkout: nothing to run");
        return;
    };
    let mut checked = 0;
    let mut problems = Vec::new();
    for (path, name, text, format) in recognised(files) {
        checked += 1;
        if let Err(e) = fix_support::fixes_add_no_finding(&name, &text, format) {
            // The first line names the fix and what it added; the texts are long.
            problems.push(format!("{}: {}", path.display(), e.lines().next().unwrap_or("")));
        }
    }
    assert!(checked >= 70, "only {checked} corpus files were recognised");
    assert!(problems.is_empty(), "fixes that add findings on real files:\n{problems:#?}");
}
