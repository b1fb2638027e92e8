//! Looking a document's entries up in the settings catalogue, for the rules
//! that check names (IRIS902) and values (IRIS904).

use crate::catalog::{self, Item, Section, Vocabulary};
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
    Lookups::new(format).lookup(entry)
}

/// Looks up the entries of one document in turn: the keys of a section
/// follow one another, so the section is looked up once for them all (a
/// large `[Databases]` has tens of thousands).
pub struct Lookups<'c, 'd> {
    format: Format,
    /// The section name last looked up, and what the catalogue says of it.
    section: Option<(&'d str, Option<&'c Section>)>,
}

impl<'c, 'd> Lookups<'c, 'd> {
    pub fn new(format: Format) -> Self {
        Self { format, section: None }
    }

    pub fn lookup(&mut self, entry: &'d Entry) -> Lookup<'c> {
        match self.format {
            Format::Cpf | Format::CpfMerge => self.ini(catalog::cpf(), entry),
            Format::CspIni => self.ini(catalog::cspini(), entry),
            _ => lookup_other(self.format, entry),
        }
    }

    fn section(&mut self, cat: &'c catalog::IniCatalog, name: &'d str) -> Option<&'c Section> {
        match self.section {
            Some((last, section)) if last == name => section,
            _ => {
                let section = cat.section(name);
                self.section = Some((name, section));
                section
            }
        }
    }

    fn ini(&mut self, cat: &'c catalog::IniCatalog, entry: &'d Entry) -> Lookup<'c> {
        match (&entry.kind, &entry.scope) {
            (EntryKind::Section, _) => match cat.section(&entry.name) {
                Some(_) => Lookup::Known(None),
                None => Lookup::Unknown(cat.section_names()),
            },
            (EntryKind::Key, Scope::Section(name)) => {
                let Some(section) = self.section(cat, name) else {
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

fn lookup_other<'c>(format: Format, entry: &Entry) -> Lookup<'c> {
    match format {
        Format::Installer | Format::InstallerCls => xml(catalog::installer(), entry),
        Format::ModuleXml => xml(catalog::module(), entry),
        // Setup code records no names to check.
        _ => Lookup::Unchecked,
    }
}
