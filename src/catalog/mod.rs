//! The settings catalogue: every section, key, action, property, element and
//! attribute IRIS documents, with type, allowed values, default and meaning.
//! The data lives in the TOML files beside this one and is embedded at build time.

use serde::Deserialize;
use std::sync::OnceLock;

/// The type of a value, which IRIS904 checks.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    Bool,
    Int,
    String,
    Enum,
    Path,
    List,
    Authmask,
    Permission,
    Expr,
}

/// A key, property or attribute.
#[derive(Clone, Debug, Deserialize)]
pub struct Item {
    pub name: String,
    #[serde(rename = "type")]
    pub value_type: ValueType,
    #[serde(default)]
    pub values: Vec<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub default: Option<String>,
    #[serde(default)]
    pub doc: String,
    pub security: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// Operations that reject this property (`Password` on `CreateUser`).
    #[serde(default)]
    pub invalid_for: Vec<String>,
    #[serde(default = "yes")]
    pub verified: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize)]
pub struct Section {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    /// `"fixed"` or `"open"` (user-chosen key names).
    #[serde(default = "fixed")]
    pub keys: String,
    #[serde(default)]
    pub prefix: bool,
    pub value_type: Option<ValueType>,
    #[serde(default, rename = "key")]
    pub items: Vec<Item>,
}

fn fixed() -> String {
    "fixed".into()
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
        self.items.iter().find(|i| i.name.eq_ignore_ascii_case(name))
    }
}

/// An INI-family vocabulary (`cpf.toml`, `cspini.toml`).
#[derive(Debug, Deserialize)]
pub struct IniCatalog {
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
}

impl IniCatalog {
    /// The section entry for `name`: exact names first, then prefixes, then a `*` wildcard.
    pub fn section(&self, name: &str) -> Option<&Section> {
        let exact = self.sections.iter().find(|s| !s.prefix && s.name != "*" && s.matches(name));
        exact
            .or_else(|| self.sections.iter().find(|s| s.prefix && s.matches(name)))
            .or_else(|| self.sections.iter().find(|s| s.name == "*"))
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Action {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    pub class: Option<String>,
    #[serde(default)]
    pub object: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Class {
    pub name: String,
    #[serde(default, rename = "property")]
    pub properties: Vec<Item>,
}

#[derive(Debug, Deserialize)]
pub struct ActionCatalog {
    #[serde(rename = "action", default)]
    pub actions: Vec<Action>,
    #[serde(rename = "class", default)]
    pub classes: Vec<Class>,
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
        let class = self.action(action)?.class.as_deref()?;
        Some(&self.class(class)?.properties)
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Element {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub parents: Vec<String>,
    /// Accepts every property of this class as an attribute.
    pub any_property_of: Option<String>,
    #[serde(default, rename = "attribute")]
    pub attributes: Vec<Item>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&Item> {
        self.attributes.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// An XML vocabulary (`installer.toml`, `module.toml`).
#[derive(Debug, Deserialize)]
pub struct XmlCatalog {
    #[serde(rename = "element", default)]
    pub elements: Vec<Element>,
    /// Where a generated vocabulary was read from, and at which commit.
    pub source: Option<String>,
    pub commit: Option<String>,
}

impl XmlCatalog {
    /// XML names are case-sensitive: `WEBApplication` is not `WebApplication`
    /// (the package manager looks element names up exactly and skips the rest).
    pub fn element(&self, name: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.name == name)
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

macro_rules! catalog {
    ($fn:ident, $ty:ty, $file:literal) => {
        pub fn $fn() -> &'static $ty {
            static CELL: OnceLock<$ty> = OnceLock::new();
            CELL.get_or_init(|| {
                toml::from_str(include_str!($file)).unwrap_or_else(|e| panic!("catalog {} is invalid: {e}", $file))
            })
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
        let parse = |text: &str, file: &str| -> XmlCatalog {
            toml::from_str(text).unwrap_or_else(|e| panic!("catalog {file} is invalid: {e}"))
        };
        parse(include_str!("module.toml"), "module.toml")
            .merge(parse(include_str!("module-ipm.toml"), "module-ipm.toml"))
    })
}

/// The closest of `candidates` to `name` (case-insensitive), when close enough to suggest.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = edit_distance(&lower, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    let limit = (name.chars().count() / 3).clamp(1, 4);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
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
    fn suggestions() {
        assert_eq!(did_you_mean("WebServr", ["WebServer", "WebServerPort"].into_iter()), Some("WebServer"));
        assert_eq!(did_you_mean("Zzz", ["WebServer"].into_iter()), None);
    }
}
