use super::{declare_rule, Context, Rule, RuleMeta};
use crate::findings::{Fix, Severity};
use crate::formats::{EntryKind, Format, Scope};
use crate::model::names::CiStr;
use std::collections::HashMap;

declare_rule! {
    /// ## What it finds
    /// A section or key given twice: in an instance's `iris.cpf` or a `CSP.ini` a warning (the
    /// file must not repeat them); in a merge file `info`, where repeating is allowed and the
    /// later value wins — but usually a mistake all the same.
    ///
    /// ## Why it matters
    /// Only one of the two values applies. Readers — and reviews — see the other one.
    ///
    /// ## Fix
    /// Remove the earlier definition (the one that does not apply). Unsafe: check which value
    /// was intended.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference (merge semantics: the later value
    /// wins).
    pub struct DuplicateDefinition {
        code: "IRIS903",
        name: "duplicate-definition",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "ini"],
        fixable: true,
        summary: "a key or section given twice",
    }
}

impl Rule for DuplicateDefinition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let doc = ctx.doc;
        if !(doc.format.is_cpf() || doc.format == Format::CspIni) {
            return;
        }
        let merge = doc.format == Format::CpfMerge;
        let mut seen: HashMap<(CiStr, CiStr), usize> = HashMap::with_capacity(doc.entries.len());
        for (index, entry) in doc.entries.iter().enumerate() {
            let key = match (&entry.kind, &entry.scope) {
                (EntryKind::Section, _) if !entry.name.eq_ignore_ascii_case("Actions") => {
                    (CiStr(""), CiStr(&entry.name))
                }
                (EntryKind::Key, Scope::Section(s)) => (CiStr(s), CiStr(&entry.name)),
                _ => continue,
            };
            let Some(first) = seen.insert(key, index) else {
                continue;
            };
            let earlier = &doc.entries[first];
            let what = if entry.kind == EntryKind::Section {
                format!("section [{}]", entry.name)
            } else {
                let Scope::Section(s) = &entry.scope else {
                    continue;
                };
                format!("key {} in [{}]", entry.name, s)
            };
            let line = doc.lines.line_of(earlier.range.start) + 1;
            let fix = earlier.removal.filter(|_| entry.kind == EntryKind::Key).map(|r| {
                Fix::unsafe_(
                    "remove the earlier definition",
                    vec![crate::model::edit::Edit { range: r, new_text: String::new() }],
                )
            });
            let related = ctx.related(earlier.range, "first defined here");
            let f = ctx.report(
                entry.range,
                what.clone(),
                format!("{what} is defined twice (first on line {line}); only the later one applies"),
            );
            f.with_fix(fix).with_related(related);
            if merge {
                f.severity = Severity::Info;
            }
        }
    }
}
