//! Applying fixes to a text: only the bytes of the edits change; fixes that
//! overlap are left for a later pass, never merged.

use super::{Finding, Safety};
use crate::model::edit::Edit;

/// Which fixes may be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    Safe,
    SafeAndUnsafe,
}

impl Allowed {
    pub fn permits(self, safety: Safety) -> bool {
        safety == Safety::Safe || self == Allowed::SafeAndUnsafe
    }
}

/// The result of one pass.
pub struct Pass {
    pub text: String,
    /// Findings whose fix was applied in this pass.
    pub applied: usize,
    /// Fixes left out because they overlap one applied before them.
    pub deferred: usize,
}

/// Applies every permitted fix that does not overlap an earlier one (in
/// position order). Edits of one fix are applied together or not at all.
pub fn apply_pass(text: &str, findings: &[Finding], allowed: Allowed) -> Pass {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut deferred = 0;
    let mut fixes: Vec<_> =
        findings.iter().filter_map(|f| f.fix.as_ref()).filter(|f| allowed.permits(f.safety)).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    for fix in fixes {
        let clashes = fix.edits.iter().any(|e| {
            e.range.end > text.len()
                || !text.is_char_boundary(e.range.start)
                || !text.is_char_boundary(e.range.end)
                || chosen.iter().any(|c| overlaps(c, e))
        });
        // The same edit offered by two findings is applied once.
        let duplicate = fix.edits.iter().all(|e| chosen.contains(&e));
        if duplicate {
            applied += 1;
            continue;
        }
        if clashes {
            deferred += 1;
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    chosen.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in chosen {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    Pass { text: out, applied, deferred }
}

/// Two edits clash when their ranges intersect, or both insert at one point.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.range.intersects(b.range) || (a.range.start == b.range.start && (a.range.is_empty() || b.range.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Fix, Severity};
    use crate::syntax::text::TextRange;

    fn finding(start: usize, end: usize, new_text: &str, safety: Safety) -> Finding {
        Finding {
            code: "IRIS000",
            name: "t",
            severity: Severity::Error,
            message: String::new(),
            range: TextRange::new(start, end),
            fix: Some(Fix {
                title: String::new(),
                safety,
                edits: vec![Edit { range: TextRange::new(start, end), new_text: new_text.into() }],
            }),
            related: vec![],
            object: String::new(),
        }
    }

    #[test]
    fn applies_only_permitted_and_defers_overlaps() {
        let text = "a=1\r\nb=2\r\n";
        let fs = vec![
            finding(2, 3, "0", Safety::Safe),
            finding(2, 3, "9", Safety::Safe),
            finding(7, 8, "x", Safety::Unsafe),
        ];
        let pass = apply_pass(text, &fs, Allowed::Safe);
        assert_eq!(pass.text, "a=0\r\nb=2\r\n");
        assert_eq!((pass.applied, pass.deferred), (1, 1));
        let pass = apply_pass(text, &fs[2..], Allowed::SafeAndUnsafe);
        assert_eq!(pass.text, "a=1\r\nb=x\r\n");
    }
}
