//! What a cross-file rule sees: one instance's files and its effective
//! configuration. Findings land in the file that decides them.

use super::RuleMeta;
use crate::findings::{Finding, Related};
use crate::workspace::{Effective, Instance, Source};

pub struct WorkspaceContext<'a, 'b> {
    pub instance: &'b Instance<'a>,
    pub effective: &'b Effective<'a>,
    meta: &'static RuleMeta,
    findings: Vec<(String, Finding)>,
}

impl<'a, 'b> WorkspaceContext<'a, 'b> {
    pub fn new(instance: &'b Instance<'a>, effective: &'b Effective<'a>, meta: &'static RuleMeta) -> Self {
        Self { instance, effective, meta, findings: Vec::new() }
    }

    pub fn report(&mut self, at: &Source<'a>, object: impl Into<String>, message: impl Into<String>) -> &mut Finding {
        self.findings.push((
            at.doc.path.clone(),
            Finding {
                code: self.meta.code,
                name: self.meta.name,
                severity: self.meta.severity,
                message: message.into(),
                range: at.entry,
                fix: None,
                related: Vec::new(),
                object: object.into(),
            },
        ));
        &mut self.findings.last_mut().expect("just pushed").1
    }

    pub fn related(at: &Source<'a>, message: impl Into<String>) -> Related {
        Related { path: at.doc.path.clone(), range: at.entry, message: message.into() }
    }

    pub fn into_findings(self) -> Vec<(String, Finding)> {
        self.findings
    }
}

/// A rule that reads the files of one instance together.
pub trait WorkspaceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_workspace(&self, ctx: &mut WorkspaceContext);
}
