//! Looking a document's entries up in the settings catalogue, for the rules
//! that check names (IRIS902) and values (IRIS904).

use crate::catalog::{self, Item, Vocabulary};
use crate::formats::{Entry, EntryKind, Format, Scope};

pub enum Lookup<'c> {
    /// A known name; the item when the catalogue describes its value.
    Known(Option<&'c Item>),
    /// An unknown name, with the names that would be valid there.
    Unknown(&'c Vocabulary),
    /// Nothing to check against (the enclosing name is itself unknown).
    Unchecked,
}

pub fn lookup<'c>(format: Format, entry: &Entry) -> Lookup<'c> {
    match format {
        Format::Cpf | Format::CpfMerge => ini(catalog::cpf(), entry),
        Format::CspIni => ini(catalog::cspini(), entry),
        Format::Installer | Format::InstallerCls => xml(catalog::installer(), entry),
        Format::ModuleXml => xml(catalog::module(), entry),
        // Setup code records no names to check.
        _ => Lookup::Unchecked,
    }
}

fn ini<'c>(cat: &'c catalog::IniCatalog, entry: &Entry) -> Lookup<'c> {
    match (&entry.kind, &entry.scope) {
        (EntryKind::Section, _) => match cat.section(&entry.name) {
            Some(_) => Lookup::Known(None),
            None => Lookup::Unknown(cat.section_names()),
        },
        (EntryKind::Key, Scope::Section(name)) => {
            let Some(section) = cat.section(name) else {
                return Lookup::Unchecked;
            };
            if section.is_open() {
                return Lookup::Known(None);
            }
            match section.key(&entry.name) {
                Some(item) => Lookup::Known(Some(item)),
                None => Lookup::Unknown(section.key_names()),
            }
        }
        (EntryKind::Action, _) => {
            let actions = catalog::actions();
            match actions.action(&entry.name) {
                Some(_) => Lookup::Known(None),
                None => Lookup::Unknown(actions.action_names()),
            }
        }
        (EntryKind::Property, Scope::Action(action)) => {
            let Some(class) = catalog::actions().class_of(action) else {
                return Lookup::Unchecked;
            };
            let properties = &class.properties;
            // Execute takes Arg1…ArgN.
            if action.eq_ignore_ascii_case("Execute") && entry.name.to_ascii_lowercase().starts_with("arg") {
                return Lookup::Known(None);
            }
            match properties.iter().find(|p| p.name.eq_ignore_ascii_case(&entry.name)) {
                Some(item) => Lookup::Known(Some(item)),
                None => Lookup::Unknown(class.property_names()),
            }
        }
        _ => Lookup::Unchecked,
    }
}

fn xml<'c>(cat: &'c catalog::XmlCatalog, entry: &Entry) -> Lookup<'c> {
    match (&entry.kind, &entry.scope) {
        (EntryKind::Element, _) => match cat.element(&entry.name) {
            Some(_) => Lookup::Known(None),
            None => Lookup::Unknown(cat.element_names()),
        },
        (EntryKind::Attribute, Scope::Element(element)) => {
            let Some(e) = cat.element(element) else {
                return Lookup::Unchecked;
            };
            if let Some(item) = e.attribute(&entry.name) {
                return Lookup::Known(Some(item));
            }
            if let Some(class) = e.any_property_of.as_deref().and_then(|c| catalog::actions().class(c)) {
                if let Some(item) = class.properties.iter().find(|p| p.name.eq_ignore_ascii_case(&entry.name)) {
                    return Lookup::Known(Some(item));
                }
            }
            // XML namespace declarations are always allowed.
            if entry.name.starts_with("xmlns") || entry.name.contains(':') {
                return Lookup::Known(None);
            }
            Lookup::Unknown(e.attribute_names())
        }
        _ => Lookup::Unchecked,
    }
}
