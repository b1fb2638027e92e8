//! `--statistics`: how many findings each rule has, and how many of them a fix
//! (safe, or only unsafe) could close — instead of the findings themselves.

use super::FileReport;
use crate::findings::Safety;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Serialize, Default)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// Findings with a safe fix (`--fix` closes them).
    pub safe_fixes: usize,
    /// Findings whose only fix is unsafe (`--fix --unsafe-fixes`).
    pub unsafe_fixes: usize,
}

/// Per rule, most findings first (then by code).
pub fn count(reports: &[FileReport]) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        let c = by_code.entry(f.code).or_insert_with(|| RuleCount { code: f.code, name: f.name, ..Default::default() });
        c.count += 1;
        match f.fix.as_ref().map(|x| x.safety) {
            Some(Safety::Safe) => c.safe_fixes += 1,
            Some(Safety::Unsafe) => c.unsafe_fixes += 1,
            None => {}
        }
    }
    let mut list: Vec<RuleCount> = by_code.into_values().collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    list
}

pub fn text(reports: &[FileReport]) -> String {
    let list = count(reports);
    let name_width = list.iter().map(|c| c.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:>5}  {:<7}  {:<name_width$}  fixable\n", "count", "code", "name");
    for c in &list {
        let fixable = match (c.safe_fixes, c.unsafe_fixes) {
            (0, 0) => String::new(),
            (s, 0) => format!("{s} safe"),
            (0, u) => format!("{u} unsafe"),
            (s, u) => format!("{s} safe, {u} unsafe"),
        };
        let _ = writeln!(out, "{:>5}  {:<7}  {:<name_width$}  {fixable}", c.count, c.code, c.name);
    }
    let total: usize = list.iter().map(|c| c.count).sum();
    let safe: usize = list.iter().map(|c| c.safe_fixes).sum();
    let unsafe_: usize = list.iter().map(|c| c.unsafe_fixes).sum();
    let _ = writeln!(out, "{total:>5}  total; {safe} with a safe fix, {unsafe_} with only an unsafe fix");
    out
}

pub fn json(reports: &[FileReport]) -> String {
    serde_json::to_string_pretty(&count(reports)).unwrap_or_else(|_| "[]".into()) + "\n"
}
