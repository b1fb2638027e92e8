//! What a rule sees while it runs, and how it reports.

use super::setting_keys::SettingKeys;
use super::RuleMeta;
use crate::findings::{Finding, Fix, Related};
use crate::formats::Document;
use crate::model::{Facts, Secret, Setting};
use crate::syntax::text::TextRange;

pub struct Context<'a> {
    pub doc: &'a Document,
    /// Passwords the configuration adds to the default list.
    pub extra_passwords: &'a [String],
    meta: &'static RuleMeta,
    findings: Vec<Finding>,
    /// The document's settings by key, shared by the rules that check it.
    keys: &'a SettingKeys,
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document,
        extra_passwords: &'a [String],
        meta: &'static RuleMeta,
        keys: &'a SettingKeys,
    ) -> Self {
        Self { doc, extra_passwords, meta, findings: Vec::new(), keys }
    }

    pub fn facts(&self) -> &'a Facts {
        &self.doc.facts
    }

    /// The settings whose key is one of `keys` (ignoring ASCII case), any section, in the file's order.
    pub fn settings_with_key(&self, keys: impl IntoIterator<Item = &'a str>) -> impl Iterator<Item = &'a Setting> + 'a {
        self.keys.with_key(&self.doc.facts, keys)
    }

    /// The settings of `section` named `key` (both ignoring ASCII case), in the file's order.
    pub fn settings_named(&self, section: &'a str, key: &'a str) -> impl Iterator<Item = &'a Setting> + 'a {
        self.settings_with_key([key]).filter(move |s| s.is(section, key))
    }

    pub fn secret(&self, index: Option<usize>) -> Option<&'a Secret> {
        index.and_then(|i| self.doc.facts.secrets.get(i))
    }

    /// Reports a finding of the running rule; `object` names what it is about
    /// for baselines (`user _SYSTEM`, `[Startup] WebServer`).
    pub fn report(&mut self, range: TextRange, object: impl Into<String>, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.meta.severity,
            message: message.into(),
            range,
            fix: None,
            related: Vec::new(),
            object: object.into(),
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn related(&self, range: TextRange, message: impl Into<String>) -> Related {
        Related { path: self.doc.path.clone(), range, message: message.into() }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

impl Finding {
    pub fn with_fix(&mut self, fix: Option<Fix>) -> &mut Self {
        self.fix = fix;
        self
    }

    pub fn with_related(&mut self, related: crate::findings::Related) -> &mut Self {
        self.related.push(related);
        self
    }
}
