//! The promise every fix keeps: applied alone, or all fixes together as
//! `--fix --unsafe-fixes` applies them, it adds no finding. Findings are
//! compared by their baseline keys (rule and object, never a line number),
//! counted, so that two objects with the same key — two applications that
//! share an empty name — are told apart by how many there are: fixing one
//! leaves the other, counted once. Shared by the property tests, the corpus
//! test and the `fix` fuzz target.

use irislint::findings::baseline::Baseline;
use irislint::findings::config::Config;
use irislint::findings::fix::{apply_pass, Allowed};
use irislint::formats::Format;
use irislint::lint::check_text;
use irislint::Finding;
use std::collections::BTreeMap;

/// Passes of "all fixes together", as `--fix` makes them.
const MAX_PASSES: usize = 10;

/// How many findings have each baseline key (code, object). In a `broken`
/// file only what comes before its first syntax error counts: once a file
/// has one, the parser's recovery may read the text after it differently
/// after any edit (a file without them must stay without them, which
/// `assert_fixes` checks).
fn keyed(path: &str, findings: &[Finding], broken: bool) -> BTreeMap<(String, String), usize> {
    let first_error = findings.iter().filter(|f| f.code == "IRIS901").map(|f| f.range.start).min();
    let cut = if broken { first_error.unwrap_or(0) } else { usize::MAX };
    Baseline::record(
        findings.iter().filter(|f| f.code != "IRIS901" || !broken).filter(|f| f.range.start < cut).map(|f| (path, f)),
    )
    .entries
    .into_iter()
    .map(|e| ((e.code, e.object), e.count))
    .collect()
}

/// The keys `after` has more of than `before`: findings a fix created.
fn added(before: &BTreeMap<(String, String), usize>, after: &BTreeMap<(String, String), usize>) -> Vec<String> {
    after
        .iter()
        .filter(|(k, n)| **n > before.get(*k).copied().unwrap_or(0))
        .map(|((code, object), n)| format!("{code} {object} (×{n})"))
        .collect()
}

/// A rename that makes a misspelt setting take effect shows what the setting
/// says (`WebServr=1` renamed is the private web server, IRIS301): a security
/// finding on the renamed line is the setting read at last, not one the fix
/// made. Names and values (IRIS9xx) get no such allowance.
fn exposed_by_rename(rename: &Finding, g: &Finding, fixed: &str) -> bool {
    let line_of = |at: usize| fixed[..at.min(fixed.len())].matches('\n').count();
    let at = rename.fix.as_ref().and_then(|x| x.edits.iter().map(|e| e.range.start).min()).unwrap_or(0);
    !g.code.starts_with("IRIS9")
        && fixed.is_char_boundary(g.range.start.min(fixed.len()))
        && line_of(g.range.start) == line_of(at)
}

/// Checks `text`: each offered fix alone, then all of them together. `Err`
/// says which fix added which finding, with the text before and after.
pub fn fixes_add_no_finding(path: &str, text: &str, format: Format) -> Result<(), String> {
    let config = Config::default();
    let (_, findings) = check_text(path, text.to_string(), format, &config);
    let broken = findings.iter().any(|f| f.code == "IRIS901");
    let before = keyed(path, &findings, broken);
    // What renames exposed, allowed again when all fixes apply together.
    let mut exposed: Vec<Finding> = Vec::new();
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let pass = apply_pass(text, std::slice::from_ref(f), Allowed::SafeAndUnsafe);
        let (_, mut again) = check_text(path, pass.text.clone(), format, &config);
        if f.code == "IRIS902" {
            let (shown, rest): (Vec<Finding>, Vec<Finding>) =
                again.into_iter().partition(|g| exposed_by_rename(f, g, &pass.text));
            exposed.extend(shown);
            again = rest;
        }
        let new = added(&before, &keyed(path, &again, broken));
        if !new.is_empty() {
            return Err(format!(
                "fixing {} {} ({}) added {new:?}\n--- before\n{text}\n--- after\n{}",
                f.code,
                f.object,
                f.fix.as_ref().map(|x| x.title.as_str()).unwrap_or(""),
                pass.text
            ));
        }
    }
    let (mut current, mut remaining) = (text.to_string(), findings);
    for _ in 0..MAX_PASSES {
        let pass = apply_pass(&current, &remaining, Allowed::SafeAndUnsafe);
        if pass.text == current {
            break;
        }
        current = pass.text;
        remaining = check_text(path, current.clone(), format, &config).1;
    }
    let mut allowed = before.clone();
    for (key, n) in keyed(path, &exposed, false) {
        *allowed.entry(key).or_default() += n;
    }
    let new = added(&allowed, &keyed(path, &remaining, broken));
    if !new.is_empty() {
        return Err(format!("all fixes together added {new:?}\n--- before\n{text}\n--- after\n{current}"));
    }
    Ok(())
}
