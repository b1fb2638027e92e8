//! `iris.cpf` and CPF merge files: sections of settings, and the `[Actions]`
//! section of merge files (read by [`super::actions`]).

use super::document::{Comment, Document, Entry, EntryKind, Scope};
use super::values::{has_placeholder, Raw};
use crate::model::edit::{Syntax, ValueHandle};
use crate::model::secrets::SecretForm;
use crate::model::{Database, Facts, Head, Namespace, Origin, Secret, SecretKind, Setting};
use crate::syntax::cpf::{IniFile, IniSetting};
use std::sync::Arc;

/// Reads the facts, then hands the file's strings to the entries (a large
/// file would otherwise hold two copies of every key and value).
pub fn read(doc: &mut Document, file: IniFile) {
    // Sized once: a large file's facts would otherwise be copied as they grow.
    let settings: usize = file.sections.iter().filter(|s| !s.is_actions).map(|s| s.settings.len()).sum();
    doc.facts.settings.reserve(settings);
    let of = |name: &str| file.sections.iter().filter(|s| s.is(name)).map(|s| s.settings.len()).sum::<usize>();
    doc.facts.databases.reserve(of("Databases"));
    doc.facts.namespaces.reserve(of("Namespaces"));
    for section in &file.sections {
        if section.is_actions {
            for action in &section.actions {
                super::actions::read(doc, action);
            }
            continue;
        }
        // One shared name for the section's settings.
        let name: Arc<str> = Arc::from(section.name.as_str());
        for setting in &section.settings {
            read_setting(&mut doc.facts, &name, setting);
        }
    }
    read_ini_structure(doc, file);
}

/// The structure every INI-family format shares: entries, comments, errors.
pub fn read_ini_structure(doc: &mut Document, file: IniFile) {
    let entries = file.preamble.len()
        + file
            .sections
            .iter()
            .map(|s| 1 + s.settings.len() + s.actions.iter().map(|a| 1 + a.properties.len()).sum::<usize>())
            .sum::<usize>();
    doc.entries.reserve(entries);
    doc.syntax_errors.extend(file.errors);
    doc.comments.extend(file.comments.into_iter().map(|(text, range)| Comment { text, range }));
    let preamble: Arc<str> = Arc::from("");
    for setting in file.preamble {
        doc.entries.push(key_entry(&preamble, setting));
    }
    for section in file.sections {
        let name: Arc<str> = Arc::from(section.name.as_str());
        doc.entries.push(Entry {
            kind: EntryKind::Section,
            scope: Scope::None,
            name: section.name,
            name_range: section.name_range,
            value: None,
            range: section.header,
            removal: Some(section.range),
        });
        for setting in section.settings {
            doc.entries.push(key_entry(&name, setting));
        }
        for action in section.actions {
            let action_name: Arc<str> = Arc::from(action.name.as_str());
            doc.entries.push(Entry {
                kind: EntryKind::Action,
                scope: Scope::Section(name.clone()),
                name: action.name,
                name_range: action.name_range,
                value: None,
                range: action.range,
                removal: None,
            });
            for p in action.properties {
                doc.entries.push(Entry {
                    kind: EntryKind::Property,
                    scope: Scope::Action(action_name.clone()),
                    name: p.key,
                    name_range: p.key_range,
                    value: Some((p.value, p.value_range)),
                    range: p.range,
                    removal: Some(p.removal),
                });
            }
        }
    }
}

pub(super) fn key_entry(section: &Arc<str>, setting: IniSetting) -> Entry {
    Entry {
        kind: EntryKind::Key,
        scope: Scope::Section(section.clone()),
        name: setting.key,
        name_range: setting.key_range,
        value: Some((setting.value, setting.value_range)),
        range: setting.range,
        removal: Some(setting.line),
    }
}

/// A setting's value as a [`Raw`], editable in place.
pub fn raw_setting(setting: &IniSetting) -> Raw {
    Raw {
        text: setting.value.clone(),
        range: setting.value_range,
        entry: setting.range,
        handle: Some(ValueHandle {
            syntax: Syntax::IniLine,
            value: setting.value_range,
            quoted: false,
            entry: setting.line,
        }),
        defined_at: None,
        resolved: !has_placeholder(&setting.value),
    }
}

/// The facts of one `Key=value` line of the section `section` (a line's
/// facts depend on nothing else: see [`super::reread`]).
pub(super) fn read_setting(facts: &mut Facts, section: &Arc<str>, setting: &IniSetting) {
    let raw = raw_setting(setting);
    let is = |name: &str| section.eq_ignore_ascii_case(name);
    let head = |name: &str, range| Head {
        name: name.to_string(),
        name_range: range,
        origin: Origin::Create,
        anchor: setting.range,
        insert: None,
    };
    if is("Startup") && setting.key.eq_ignore_ascii_case("PasswordHash") && !setting.value.is_empty() {
        facts.secrets.push(Secret {
            kind: SecretKind::StartupPasswordHash,
            owner: "[Startup] PasswordHash (the predefined accounts' password)".into(),
            form: if raw.resolved { SecretForm::Hash(setting.value.clone()) } else { SecretForm::Unknown },
            value: raw.string(),
            username: None,
        });
    }
    if is("Databases") {
        // NAME=directory[,server…]
        let directory = setting.value.split(',').next().unwrap_or("").to_string();
        let mut dir = raw.string();
        dir.parsed = Some(directory);
        facts.databases.push(Database {
            head: head(&setting.key, setting.key_range),
            resource: None,
            directory: Some(dir),
        });
    }
    if is("Namespaces") {
        // NS=globals database[,routines database]
        let mut parts = setting.value.split(',');
        let mut globals = raw.string();
        globals.parsed = parts.next().map(|s| s.trim().to_string());
        let routines = parts.next().map(|r| {
            let mut v = raw.string();
            v.parsed = Some(r.trim().to_string());
            v
        });
        facts.namespaces.push(Namespace {
            head: head(&setting.key, setting.key_range),
            globals: Some(globals),
            routines,
        });
    }
    facts.settings.push(Setting { section: section.clone(), key: setting.key.clone(), value: raw.into_string() });
}
