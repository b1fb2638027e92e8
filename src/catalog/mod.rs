//! The settings catalogue: every section, key, action, property, element and
//! attribute IRIS documents, with type, allowed values, default and meaning.
//! The data lives in the TOML files beside this one; the build script reads
//! them (a TOML error fails the build) and embeds them in a compact binary
//! form, so that a run loads its catalogue without parsing TOML.

mod suggest;
/// The data types, shared with the build script that encodes them.
mod types;

use std::collections::HashMap;
use std::sync::OnceLock;
pub use suggest::Vocabulary;
pub use types::{Action, ActionCatalog, Class, Element, IniCatalog, Item, Section, ValueType, XmlCatalog};

/// Positions by lowered name, the first position for each.
fn index_by_lowered<'a>(names: impl Iterator<Item = (usize, &'a str)>) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, name) in names {
        index.entry(name.to_ascii_lowercase()).or_insert(i);
    }
    index
}

/// A name's position in an index of lowered names; lowered on the stack
/// (every key of a large file is looked up, so this allocates nothing).
fn position(index: &HashMap<String, usize>, name: &str) -> Option<usize> {
    let mut buffer = [0u8; 64];
    let Some(lowered) = buffer.get_mut(..name.len()) else {
        return index.get(&name.to_ascii_lowercase()).copied();
    };
    lowered.copy_from_slice(name.as_bytes());
    lowered.make_ascii_lowercase();
    // Lowering ASCII letters keeps the text UTF-8.
    let lowered = std::str::from_utf8(lowered).ok()?;
    index.get(lowered).copied()
}

impl Section {
    pub fn is_open(&self) -> bool {
        self.keys == "open"
    }

    pub fn matches(&self, name: &str) -> bool {
        if self.name == "*" {
            return true;
        }
        if self.prefix {
            name.get(..self.name.len()).is_some_and(|p| p.eq_ignore_ascii_case(&self.name))
        } else {
            self.name.eq_ignore_ascii_case(name)
        }
    }

    pub fn key(&self, name: &str) -> Option<&Item> {
        let index =
            self.key_index.get_or_init(|| index_by_lowered(self.items.iter().map(|i| i.name.as_str()).enumerate()));
        position(index, name).map(|i| &self.items[i])
    }

    /// The section's key names, to suggest one.
    pub fn key_names(&self) -> &Vocabulary {
        self.key_names.get_or_init(|| Vocabulary::new(self.items.iter().map(|i| i.name.as_str())))
    }
}

impl IniCatalog {
    /// The section entry for `name`: exact names first, then prefixes, then a `*` wildcard.
    pub fn section(&self, name: &str) -> Option<&Section> {
        let index = self.exact_index.get_or_init(|| {
            let exact = self.sections.iter().enumerate().filter(|(_, s)| !s.prefix && s.name != "*");
            index_by_lowered(exact.map(|(i, s)| (i, s.name.as_str())))
        });
        let exact = position(index, name).map(|i| &self.sections[i]);
        exact
            .or_else(|| self.sections.iter().find(|s| s.prefix && s.matches(name)))
            .or_else(|| self.sections.iter().find(|s| s.name == "*"))
    }

    /// The section names (not the `*` wildcard), to suggest one.
    pub fn section_names(&self) -> &Vocabulary {
        self.section_names
            .get_or_init(|| Vocabulary::new(self.sections.iter().filter(|s| s.name != "*").map(|s| s.name.as_str())))
    }
}

impl Class {
    /// The class's property names, to suggest one.
    pub fn property_names(&self) -> &Vocabulary {
        self.property_names.get_or_init(|| Vocabulary::new(self.properties.iter().map(|p| p.name.as_str())))
    }
}

impl ActionCatalog {
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The properties an action takes (`None` when its class is not catalogued).
    pub fn properties(&self, action: &str) -> Option<&[Item]> {
        Some(&self.class_of(action)?.properties)
    }

    /// The class whose properties an action takes.
    pub fn class_of(&self, action: &str) -> Option<&Class> {
        self.class(self.action(action)?.class.as_deref()?)
    }

    /// The action names, to suggest one.
    pub fn action_names(&self) -> &Vocabulary {
        self.action_names.get_or_init(|| Vocabulary::new(self.actions.iter().map(|a| a.name.as_str())))
    }
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&Item> {
        self.attributes.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The element's attribute names, to suggest one.
    pub fn attribute_names(&self) -> &Vocabulary {
        self.attribute_names.get_or_init(|| Vocabulary::new(self.attributes.iter().map(|a| a.name.as_str())))
    }
}

impl XmlCatalog {
    /// XML names are case-sensitive: `WEBApplication` is not `WebApplication`
    /// (the package manager looks element names up exactly and skips the rest).
    pub fn element(&self, name: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.name == name)
    }

    /// The element names, to suggest one.
    pub fn element_names(&self) -> &Vocabulary {
        self.element_names.get_or_init(|| Vocabulary::new(self.elements.iter().map(|e| e.name.as_str())))
    }

    /// Adds what a generated vocabulary knows and this one does not: its
    /// elements, and the attributes and parents of elements both have (the
    /// hand-written documentation is kept).
    fn merge(mut self, generated: XmlCatalog) -> XmlCatalog {
        for g in generated.elements {
            match self.elements.iter_mut().find(|e| e.name == g.name) {
                Some(e) => {
                    for p in g.parents {
                        if !e.parents.contains(&p) {
                            e.parents.push(p);
                        }
                    }
                    for a in g.attributes {
                        if e.attribute(&a.name).is_none() {
                            e.attributes.push(a);
                        }
                    }
                }
                None => self.elements.push(g),
            }
        }
        self.source = generated.source;
        self.commit = generated.commit;
        self
    }
}

/// Decodes a catalogue the build script encoded (`build.rs`).
fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8], file: &str) -> T {
    postcard::from_bytes(bytes).unwrap_or_else(|e| panic!("catalog {file} is invalid: {e}"))
}

macro_rules! catalog {
    ($fn:ident, $ty:ty, $file:literal) => {
        pub fn $fn() -> &'static $ty {
            static CELL: OnceLock<$ty> = OnceLock::new();
            CELL.get_or_init(|| decode(include_bytes!(concat!(env!("OUT_DIR"), "/catalog/", $file, ".bin")), $file))
        }
    };
}

catalog!(cpf, IniCatalog, "cpf.toml");
catalog!(cspini, IniCatalog, "cspini.toml");
catalog!(actions, ActionCatalog, "actions.toml");
catalog!(installer, XmlCatalog, "installer.toml");
/// `module.toml`, with the vocabulary generated from the package manager's
/// own classes (`module-ipm.toml`, rebuilt by `scripts/gen-vocabulary.py`).
pub fn module() -> &'static XmlCatalog {
    static CELL: OnceLock<XmlCatalog> = OnceLock::new();
    CELL.get_or_init(|| {
        let hand: XmlCatalog =
            decode(include_bytes!(concat!(env!("OUT_DIR"), "/catalog/module.toml.bin")), "module.toml");
        let generated =
            decode(include_bytes!(concat!(env!("OUT_DIR"), "/catalog/module-ipm.toml.bin")), "module-ipm.toml");
        hand.merge(generated)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_loads() {
        assert!(cpf().section("startup").is_some());
        assert!(cspini().section("SYSTEM").is_some());
        assert!(actions().action("createuser").is_some());
        assert!(installer().element("CSPApplication").is_some());
        assert!(module().element("WebApplication").is_some());
    }

    #[test]
    fn the_module_vocabulary_includes_what_ipm_defines() {
        let m = module();
        assert!(m.source.as_deref().is_some_and(|s| s.contains("intersystems/ipm")));
        assert!(m.commit.as_deref().is_some_and(|c| c.len() == 40));
        for element in ["UpdatePackage", "ProcessorDefault", "NamespaceConfig"] {
            assert!(m.element(element).is_some(), "{element}");
        }
        assert!(m.element("SystemRequirements").and_then(|e| e.attribute("PythonVersion")).is_some());
        assert!(m.element("Parameter").and_then(|e| e.attribute("LifecycleClass")).is_some());
        let cpf = m.element("CPF").unwrap();
        assert!(["Phase", "When", "CustomPhase"].iter().all(|a| cpf.attribute(a).is_some()));
        // Hand-written documentation is kept where both know an element.
        assert!(m.element("WebApplication").unwrap().doc.contains("Security.Applications"));
    }

    #[test]
    fn sections_and_keys_are_found_in_any_case_as_a_scan_finds_them() {
        for cat in [cpf(), cspini()] {
            for s in &cat.sections {
                for name in [s.name.clone(), s.name.to_uppercase(), s.name.to_lowercase(), format!("{}x", s.name)] {
                    let scanned = cat
                        .sections
                        .iter()
                        .find(|x| !x.prefix && x.name != "*" && x.matches(&name))
                        .or_else(|| cat.sections.iter().find(|x| x.prefix && x.matches(&name)))
                        .or_else(|| cat.sections.iter().find(|x| x.name == "*"));
                    let found = cat.section(&name).map(|x| x as *const Section);
                    assert_eq!(found, scanned.map(|x| x as *const Section), "{name}");
                }
                for item in &s.items {
                    for name in [item.name.to_uppercase(), item.name.to_lowercase(), format!("{}x", item.name)] {
                        let scanned = s.items.iter().find(|i| i.name.eq_ignore_ascii_case(&name));
                        assert_eq!(s.key(&name).map(|i| i as *const Item), scanned.map(|i| i as *const Item));
                    }
                }
            }
        }
    }

    #[test]
    fn suggestions() {
        let keys = cpf().section("Startup").unwrap().key_names();
        assert_eq!(keys.suggest("WebServr"), Some("WebServer"));
        assert_eq!(keys.suggest("Zzz"), None);
    }
}
