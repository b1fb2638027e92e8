//! The cross-file pass of a check: each instance's files read together,
//! their cross-file findings joined to each file's own.

use super::{Configs, Outcome};
use crate::lint;
use std::collections::HashMap;
use std::path::Path;

/// Reads each instance's files together: adds the cross-file findings and
/// drops per-file findings on values that a later file overrides.
pub(super) fn apply_workspace(outcomes: &mut [Outcome], roots: &[String], configs: &Configs) {
    let (findings, overridden) = {
        let docs: Vec<&crate::formats::Document> = outcomes.iter().map(|o| &o.report.doc).collect();
        let named = configs.for_path(Path::new(".")).map(|c| c.instances).unwrap_or_default();
        let mut findings = Vec::new();
        let mut overridden = Vec::new();
        for instance in crate::workspace::group(&docs, roots, &named) {
            let result = check_instance(&instance, configs);
            findings.extend(result.findings);
            overridden.extend(result.overridden);
        }
        (findings, overridden)
    };
    join_workspace(outcomes, findings, overridden);
}

/// The cross-file findings of one instance, and the entries its later files override.
pub(super) fn check_instance(instance: &crate::workspace::Instance, configs: &Configs) -> lint::WorkspaceResult {
    let config_for = |p: &str| configs.for_path(Path::new(p)).ok();
    if crate::cli::slim::needs_settings(instance) {
        // Layers known to apply together override across files: read
        // whole again the documents whose settings were let go.
        let whole = crate::cli::slim::read_whole(instance);
        let docs = whole.iter().collect();
        let instance =
            crate::workspace::Instance { name: instance.name.clone(), docs, layers: instance.layers.clone() };
        lint::check_workspace(&instance, &config_for)
    } else {
        lint::check_workspace(instance, &config_for)
    }
}

/// Adds to each file its cross-file findings, drops its findings on
/// overridden entries, and puts them in order.
pub(super) fn join_workspace(
    outcomes: &mut [Outcome],
    findings: Vec<(String, crate::findings::Finding)>,
    overridden: Vec<(String, crate::syntax::text::TextRange)>,
) {
    // By path, so that a tree of many files is not compared file by file.
    let mut overridden_in: HashMap<String, Vec<crate::syntax::text::TextRange>> = HashMap::new();
    for (p, r) in overridden {
        overridden_in.entry(p).or_default().push(r);
    }
    let mut findings_in: HashMap<String, Vec<crate::findings::Finding>> = HashMap::new();
    for (p, f) in findings {
        findings_in.entry(p).or_default().push(f);
    }
    for o in outcomes.iter_mut() {
        let path = &o.report.doc.path;
        let within = std::mem::take(&mut o.overridden_within);
        let ranges: Vec<_> = overridden_in.get(path).into_iter().flatten().copied().chain(within).collect();
        if !ranges.is_empty() {
            let ranges = crate::syntax::text::Cover::new(ranges);
            o.report.findings.retain(|f| !ranges.contains(f.range) || f.code.starts_with("IRIS9"));
        }
        if let Some(extra) = findings_in.get(path) {
            o.report.findings.extend(extra.iter().cloned());
        }
        o.report
            .findings
            .sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    }
}
