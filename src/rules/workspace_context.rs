//! What a cross-file rule sees: one instance's files and its effective
//! configuration. Findings land in the file that decides them.

use super::RuleMeta;
use crate::findings::{Finding, Related};
use crate::workspace::{Effective, Instance, Source, Stack};

pub struct WorkspaceContext<'a, 'b> {
    /// The files read together: one stack of the instance (one way its files
    /// apply), or the whole instance for a rule that reads it at once
    /// ([`WorkspaceRule::per_instance`]).
    pub instance: &'b Instance<'a>,
    /// The effective configuration of those files.
    pub effective: &'b Effective<'a>,
    /// Every stack of the instance.
    pub stacks: &'b [Stack<'a>],
    meta: &'static RuleMeta,
    findings: Vec<(String, Finding)>,
}

impl<'a, 'b> WorkspaceContext<'a, 'b> {
    pub fn new(
        instance: &'b Instance<'a>,
        effective: &'b Effective<'a>,
        meta: &'static RuleMeta,
        stacks: &'b [Stack<'a>],
    ) -> Self {
        Self { instance, effective, stacks, meta, findings: Vec::new() }
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

    /// Whether the rule reads the whole instance at once (with every stack
    /// in [`WorkspaceContext::stacks`]) rather than once per stack.
    fn per_instance(&self) -> bool {
        false
    }
}
