use super::{declare_rule, Context, Rule, RuleMeta};
use crate::findings::{Fix, Severity};
use crate::formats::{EntryKind, Format, Scope};
use crate::model::key_table::KeyTable;
use crate::model::names::CiStr;

declare_rule! {
    /// ## What it finds
    /// A section or key given twice: in an instance's `iris.cpf` or a `CSP.ini` a warning (the
    /// file must not repeat them); in a merge file `info`, where repeating is allowed and the
    /// later value wins — but usually a mistake all the same.
    ///
    /// Names are compared ignoring case, except in `[Map.<namespace>]` sections, where only the
    /// kind (`Global_`, `Routine_`, `Package_`) is: global names, their subscripts (which are
    /// data) and routine names are case-sensitive, so `Global_IRIS.Msg("ENSEMBLE")` and
    /// `Global_IRIS.Msg("Ensemble")` are two mappings, as IRIS itself writes them.
    ///
    /// ## Why it matters
    /// Only one of the two values applies. Readers — and reviews — see the other one.
    ///
    /// ## Example
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// SM_Timeout=300
    /// System_Manager=127.0.0.1
    /// ```
    ///
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// WebServer=1
    /// SystemMode=TEST
    /// WebServer=0
    /// ```
    ///
    /// ## Use instead
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// SM_Timeout=300
    /// System_Manager=127.0.0.1
    /// ```
    ///
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// SystemMode=TEST
    /// WebServer=0
    /// ```
    ///
    /// ## Fix
    /// Remove the earlier definition (the one that does not apply). Unsafe: check which value
    /// was intended. Offered only when the two are spelled alike, so certainly one definition:
    /// removing a definition that IRIS reads as another would lose it.
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
        // Keyed by section and name (sections' own names under "").
        let key_of = |index: u32| {
            let entry = &doc.entries[index as usize];
            match &entry.scope {
                Scope::Section(s) if entry.kind == EntryKind::Key => (CiStr(s), KeyName::of(s, &entry.name)),
                _ => (CiStr(""), KeyName::of("", &entry.name)),
            }
        };
        // The definition before (a third names the second).
        let mut seen = KeyTable::with_capacity(doc.entries.len());
        for (index, entry) in doc.entries.iter().enumerate() {
            let counted = match (&entry.kind, &entry.scope) {
                (EntryKind::Section, _) => !entry.name.eq_ignore_ascii_case("Actions"),
                (EntryKind::Key, Scope::Section(_)) => true,
                _ => false,
            };
            if !counted {
                continue;
            }
            let Some(before) = seen.insert(key_of(index as u32), index as u32, key_of) else {
                continue;
            };
            let before = before as usize;
            let earlier = &doc.entries[before];
            let what = if entry.kind == EntryKind::Section {
                format!("section [{}]", entry.name)
            } else {
                let Scope::Section(s) = &entry.scope else {
                    continue;
                };
                format!("key {} in [{}]", entry.name, s)
            };
            let line = doc.lines.line_of(earlier.range.start) + 1;
            // Removing a definition is offered only when the two are certainly the
            // same one: spelled alike (IRIS may not fold the case of every name).
            let same = earlier.name == entry.name;
            // In one section: across two sections of one name, what the reader makes
            // of each (a Gateway server profile per section) is not certain.
            let one_section = doc.entries[before + 1..index].iter().all(|e| e.kind != EntryKind::Section);
            let fix = earlier.removal.filter(|_| entry.kind == EntryKind::Key && same && one_section).map(|r| {
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

/// A key's name as IRIS compares it. Names are compared ignoring case, but
/// in a `[Map.<namespace>]` section only the kind (`Global_`, `Routine_`,
/// `Package_`) is: what follows names globals, their subscripts (data) and
/// routines, which are case-sensitive — `Global_IRIS.Msg("ENSEMBLE")` and
/// `Global_IRIS.Msg("Ensemble")` map different subscripts.
/// Borrowed: a 50,000-line file has as many keys, none of them copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum KeyName<'a> {
    /// Compared ignoring case.
    Name(CiStr<'a>),
    /// In a `[Map.…]` section: the kind ignoring case, the rest exactly.
    Mapping(CiStr<'a>, &'a str),
}

impl<'a> KeyName<'a> {
    fn of(section: &str, name: &'a str) -> KeyName<'a> {
        let is_map = section.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("Map."));
        match is_map.then(|| name.split_once('_')).flatten() {
            Some((kind, rest)) => KeyName::Mapping(CiStr(kind), rest),
            None => KeyName::Name(CiStr(name)),
        }
    }
}
