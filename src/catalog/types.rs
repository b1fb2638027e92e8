// The catalogue's data types, as its TOML files spell them. The build script
// includes this file too (so no inner doc comment here): it reads the TOML
// into these types and encodes them for the program to decode. Only
// definitions live here; lookups are in `mod.rs`.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

use super::Vocabulary;

/// The type of a value, which IRIS904 checks.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
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

#[derive(Clone, Debug, Deserialize, Serialize)]
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
    #[serde(skip)]
    pub(super) key_names: OnceLock<Vocabulary>,
    /// Each key by its lowered name (the first, where two differ only in case).
    #[serde(skip)]
    pub(super) key_index: OnceLock<HashMap<String, usize>>,
}

/// An INI-family vocabulary (`cpf.toml`, `cspini.toml`).
#[derive(Debug, Deserialize, Serialize)]
pub struct IniCatalog {
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
    #[serde(skip)]
    pub(super) section_names: OnceLock<Vocabulary>,
    /// The sections named exactly (not by prefix, not `*`), by lowered name.
    #[serde(skip)]
    pub(super) exact_index: OnceLock<HashMap<String, usize>>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Action {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    pub class: Option<String>,
    #[serde(default)]
    pub object: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Class {
    pub name: String,
    #[serde(default, rename = "property")]
    pub properties: Vec<Item>,
    #[serde(skip)]
    pub(super) property_names: OnceLock<Vocabulary>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ActionCatalog {
    #[serde(rename = "action", default)]
    pub actions: Vec<Action>,
    #[serde(rename = "class", default)]
    pub classes: Vec<Class>,
    #[serde(skip)]
    pub(super) action_names: OnceLock<Vocabulary>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
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
    #[serde(skip)]
    pub(super) attribute_names: OnceLock<Vocabulary>,
}

/// An XML vocabulary (`installer.toml`, `module.toml`).
#[derive(Debug, Deserialize, Serialize)]
pub struct XmlCatalog {
    #[serde(rename = "element", default)]
    pub elements: Vec<Element>,
    /// Where a generated vocabulary was read from, and at which commit.
    pub source: Option<String>,
    pub commit: Option<String>,
    #[serde(skip)]
    pub(super) element_names: OnceLock<Vocabulary>,
}

fn yes() -> bool {
    true
}

fn fixed() -> String {
    "fixed".into()
}
