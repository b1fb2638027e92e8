//! The settings catalogue as each format sees it: what a section, key,
//! action, property, element or attribute is, for hover and completion.

use crate::catalog::{self, Action, Element, IniCatalog, Item, Section, ValueType, XmlCatalog};
use crate::formats::{Entry, EntryKind, Format, Scope};
use crate::model::authe::BITS;

/// What the catalogue says of a name.
pub enum Info {
    Section(&'static Section),
    Item(&'static Item),
    Action(&'static Action),
    Element(&'static Element),
}

pub fn ini(format: Format) -> Option<&'static IniCatalog> {
    match format {
        Format::Cpf | Format::CpfMerge => Some(catalog::cpf()),
        Format::CspIni => Some(catalog::cspini()),
        _ => None,
    }
}

pub fn xml(format: Format) -> Option<&'static XmlCatalog> {
    match format {
        Format::Installer | Format::InstallerCls => Some(catalog::installer()),
        Format::ModuleXml => Some(catalog::module()),
        _ => None,
    }
}

pub fn lookup(format: Format, entry: &Entry) -> Option<Info> {
    match (entry.kind, &entry.scope) {
        (EntryKind::Section, _) => ini(format)?.section(&entry.name).map(Info::Section),
        (EntryKind::Key, Scope::Section(section)) => section_key(format, section, &entry.name).map(Info::Item),
        (EntryKind::Action, _) => catalog::actions().action(&entry.name).map(Info::Action),
        (EntryKind::Property, Scope::Action(action)) => action_property(action, &entry.name).map(Info::Item),
        (EntryKind::Element, _) => xml(format)?.element(&entry.name).map(Info::Element),
        (EntryKind::Attribute, Scope::Element(element)) => {
            element_attribute(format, element, &entry.name).map(Info::Item)
        }
        _ => None,
    }
}

pub fn section_key(format: Format, section: &str, key: &str) -> Option<&'static Item> {
    ini(format)?.section(section)?.key(key)
}

/// A property of an action: its class's property, or for `ModifyStartup`-style
/// actions the key of the CPF section of that name.
pub fn action_property(action: &str, property: &str) -> Option<&'static Item> {
    action_properties(action).iter().find(|i| i.name.eq_ignore_ascii_case(property))
}

pub fn action_properties(action: &str) -> &'static [Item] {
    if let Some(items) = catalog::actions().properties(action) {
        return items;
    }
    let section = action.get(..6).filter(|p| p.eq_ignore_ascii_case("Modify")).and_then(|_| action.get(6..));
    match section.and_then(|s| catalog::cpf().section(s)) {
        Some(s) if s.name != "*" => &s.items,
        _ => &[],
    }
}

pub fn element_attribute(format: Format, element: &str, attribute: &str) -> Option<&'static Item> {
    element_attributes(format, element).find(|i| i.name.eq_ignore_ascii_case(attribute))
}

/// An element's attributes, with those of the class whose properties it accepts.
pub fn element_attributes(format: Format, element: &str) -> impl Iterator<Item = &'static Item> {
    let e = xml(format).and_then(|c| c.element(element));
    let own = e.map(|e| e.attributes.as_slice()).unwrap_or(&[]);
    let class = e
        .and_then(|e| e.any_property_of.as_deref())
        .and_then(|c| catalog::actions().class(c))
        .map(|c| c.properties.as_slice())
        .unwrap_or(&[]);
    own.iter().chain(class.iter().filter(move |p| !own.iter().any(|o| o.name.eq_ignore_ascii_case(&p.name))))
}

/// Services IRIS defines, for `Name=` of service actions and elements.
pub const SERVICES: &[&str] = &[
    "%Service_Bindings",
    "%Service_CacheDirect",
    "%Service_CallIn",
    "%Service_ComPort",
    "%Service_Console",
    "%Service_DataCheck",
    "%Service_DocDB",
    "%Service_ECP",
    "%Service_Login",
    "%Service_Mirror",
    "%Service_Monitor",
    "%Service_Shadow",
    "%Service_Telnet",
    "%Service_Terminal",
    "%Service_WebGateway",
];

/// A value to offer, with what it means.
pub struct Choice {
    pub value: String,
    pub detail: String,
}

/// The values worth offering for an item: its enumeration, booleans,
/// authentication bits (and, in merge files, their macro names).
pub fn choices(item: &Item, merge_macros: bool) -> Vec<Choice> {
    let plain = |v: &str| Choice { value: v.to_string(), detail: String::new() };
    if !item.values.is_empty() {
        return item.values.iter().map(|v| plain(v)).collect();
    }
    match item.value_type {
        ValueType::Bool => vec![
            Choice { value: "1".into(), detail: "true".into() },
            Choice { value: "0".into(), detail: "false".into() },
        ],
        ValueType::Authmask => {
            let mut out = Vec::new();
            for (bit, names, meaning) in BITS {
                let warn = if *bit == 64 { " (flagged: no login)" } else { "" };
                out.push(Choice { value: bit.to_string(), detail: format!("{meaning}{warn}") });
                if merge_macros {
                    for name in *names {
                        out.push(Choice { value: format!("$$${name}"), detail: format!("{meaning}{warn}") });
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Values for a name-like item that the catalogue leaves open (`Name=` of a service).
pub fn named_choices(owner: &str, item: &str) -> Vec<Choice> {
    let is_service = owner.to_ascii_lowercase().ends_with("service");
    if is_service && item.eq_ignore_ascii_case("Name") {
        return SERVICES.iter().map(|s| Choice { value: s.to_string(), detail: "service".into() }).collect();
    }
    Vec::new()
}
