use super::catalog_lookup::{lookup, Lookup};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::catalog::did_you_mean;
use crate::findings::Fix;
use crate::formats::{EntryKind, Scope};
use crate::model::edit::Edit;

declare_rule! {
    /// ## What it finds
    /// A name IRIS does not know: a CPF section or key, an `[Actions]` operation or property, a
    /// `CSP.ini` parameter, a `%Installer` or `module.xml` element or attribute — with the
    /// closest known name as a suggestion. Also a property an operation rejects, such as
    /// `Password` on `CreateUser` (use `PasswordHash`).
    ///
    /// ## Why it matters
    /// A misspelt setting is silently ignored (CPF) or fails the whole merge (`[Actions]`
    /// properties are checked): either way the configuration is not what the file says. A
    /// misspelt security setting leaves the insecure default in place.
    ///
    /// ## Fix
    /// Rename to the suggestion. Unsafe: make sure the suggestion is what was meant.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference, `[Actions]` reference, Web Gateway
    /// configuration guide, `%Installer` and package-manager references.
    pub struct UnknownName {
        code: "IRIS902",
        name: "unknown-name",
        severity: Warning,
        development_info: false,
        formats: ["all"],
        fixable: true,
        summary: "unknown section, key, action, element or attribute",
    }
}

fn kind_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Section => "section",
        EntryKind::Key => "key",
        EntryKind::Action => "action",
        EntryKind::Property => "property",
        EntryKind::Element => "element",
        EntryKind::Attribute => "attribute",
    }
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Section(s) if !s.is_empty() => format!(" in [{s}]"),
        Scope::Action(a) => format!(" of {a}"),
        Scope::Element(e) if !e.is_empty() => format!(" of <{e}>"),
        _ => String::new(),
    }
}

impl Rule for UnknownName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let doc = ctx.doc;
        for entry in &doc.entries {
            let what = format!("{} {}{}", kind_label(entry.kind), entry.name, scope_label(&entry.scope));
            match lookup(doc.format, entry) {
                Lookup::Unknown(candidates) => {
                    let suggestion = did_you_mean(&entry.name, candidates.into_iter());
                    let (message, fix) = match suggestion {
                        Some(s) => (
                            format!("unknown {what}; did you mean {s}?"),
                            Some(Fix::unsafe_(
                                format!("rename to {s}"),
                                vec![Edit { range: entry.name_range, new_text: s.to_string() }],
                            )),
                        ),
                        None => (format!("unknown {what}"), None),
                    };
                    ctx.report(entry.name_range, what, message).with_fix(fix);
                }
                Lookup::Known(Some(item)) => {
                    if let Scope::Action(action) = &entry.scope {
                        if item.invalid_for.iter().any(|a| a.eq_ignore_ascii_case(action)) {
                            let hint =
                                if entry.name.eq_ignore_ascii_case("Password") { "; use PasswordHash" } else { "" };
                            ctx.report(
                                entry.name_range,
                                what,
                                format!("{action} does not accept the property {}{hint}", entry.name),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
