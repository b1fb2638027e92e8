//! What the installer and module readers share: turning attributes into
//! values, with `${Var}` substitution from variables the file defines.

use super::document::{Comment, Document, Entry, EntryKind, Scope};
use super::values::{has_placeholder, Raw};
use crate::model::edit::{InsertHandle, Syntax, ValueHandle};
use crate::model::{Head, Origin};
use crate::syntax::text::TextRange;
use crate::syntax::xml::{XmlElement, XmlTree};
use std::collections::HashMap;
use std::sync::Arc;

/// Variables a manifest defines, by name: value and where it is defined.
#[derive(Default)]
pub struct Variables {
    values: HashMap<String, (String, TextRange)>,
}

impl Variables {
    pub fn define(&mut self, name: &str, value: &str, at: TextRange) {
        self.values.insert(name.to_ascii_lowercase(), (value.to_string(), at));
    }

    /// Substitutes `${Name}` (repeatedly, for variables defined by variables);
    /// returns the text, where the last substituted variable was defined, and
    /// whether every variable was known.
    pub fn substitute(&self, text: &str) -> (String, Option<TextRange>, bool) {
        let mut out = text.to_string();
        let mut defined_at = None;
        for _ in 0..8 {
            let Some(start) = out.find("${") else { break };
            let Some(len) = out[start..].find('}') else {
                break;
            };
            let name = out[start + 2..start + len].to_ascii_lowercase();
            let Some((value, at)) = self.values.get(&name) else {
                return (out, defined_at, false);
            };
            defined_at = Some(*at);
            out.replace_range(start..start + len + 1, value);
        }
        let complete = !has_placeholder(&out);
        (out, defined_at, complete)
    }
}

/// An attribute as a [`Raw`] value, variables substituted.
pub fn attribute(element: &XmlElement, name: &str, vars: &Variables) -> Option<Raw> {
    let a = element.attribute(name)?;
    let (text, defined_at, resolved) = vars.substitute(&a.value);
    Some(Raw {
        text,
        range: a.value_range,
        entry: a.range,
        handle: Some(ValueHandle {
            syntax: Syntax::XmlAttribute,
            value: a.value_range,
            quoted: true,
            entry: TextRange::new(leading_space(a.range.start, element), a.range.end),
        }),
        defined_at,
        resolved,
    })
}

/// The start of the blank before an attribute, so removing it leaves no double space.
fn leading_space(start: usize, element: &XmlElement) -> usize {
    let mut s = start;
    let previous_end = element
        .attributes
        .iter()
        .map(|a| a.range.end)
        .filter(|end| *end <= start)
        .max()
        .unwrap_or(element.name_range.end);
    if previous_end < s {
        s = previous_end;
    }
    s
}

/// The first of several attribute spellings present.
pub fn first_attribute(element: &XmlElement, names: &[&str], vars: &Variables) -> Option<Raw> {
    names.iter().find_map(|n| attribute(element, n, vars))
}

pub fn head(element: &XmlElement, name_attrs: &[&str], vars: &Variables, newline: &'static str) -> Head {
    let name = first_attribute(element, name_attrs, vars);
    Head {
        name: name.as_ref().map(|r| r.text.clone()).unwrap_or_default(),
        name_range: name.as_ref().map(|r| r.range).unwrap_or(element.name_range),
        origin: Origin::Create,
        anchor: element.start_tag,
        insert: Some(InsertHandle { syntax: Syntax::XmlAttribute, at: element.attribute_insert_at, newline }),
    }
}

/// Entries, comments and errors of an XML tree.
pub fn read_structure(doc: &mut Document, tree: &XmlTree) {
    doc.syntax_errors.extend(tree.errors.iter().cloned());
    doc.comments.extend(tree.comments.iter().map(|c| Comment { text: c.text.clone(), range: c.range }));
    for element in &tree.elements {
        let parent: Arc<str> =
            element.parent.map(|p| Arc::from(tree.elements[p].name.as_str())).unwrap_or_else(|| Arc::from(""));
        let own: Arc<str> = Arc::from(element.name.as_str());
        doc.entries.push(Entry {
            kind: EntryKind::Element,
            scope: Scope::Element(parent),
            name: element.name.clone(),
            name_range: element.name_range,
            value: None,
            range: element.start_tag,
            removal: None,
        });
        for a in &element.attributes {
            doc.entries.push(Entry {
                kind: EntryKind::Attribute,
                scope: Scope::Element(own.clone()),
                name: a.name.clone(),
                name_range: a.name_range,
                value: Some((a.value.clone(), a.value_range)),
                range: a.range,
                removal: None,
            });
        }
    }
}

/// An `<Invoke Class Method>` element with the values of its `<Arg>` children.
pub fn invoke(element: &XmlElement, args: Vec<String>, vars: &Variables) -> crate::model::Invoke {
    crate::model::Invoke {
        class: attribute(element, "Class", vars).map(|r| r.text).unwrap_or_default(),
        method: attribute(element, "Method", vars).map(|r| r.text).unwrap_or_default(),
        args,
        anchor: element.start_tag,
    }
}

/// The XML of a document: the whole text, or only the manifest `XData`
/// blocks of a class (positions stay positions in the class file).
pub fn xml_tree(text: &str, format: super::Format) -> XmlTree {
    if format != super::Format::InstallerCls {
        return crate::syntax::xml::parse(text, None);
    }
    // Each block is a document of its own: two manifests in one class are
    // two roots, not one malformed document.
    let mut tree = XmlTree::default();
    for block in crate::syntax::cls::manifest_blocks(text) {
        tree.append(crate::syntax::xml::parse(text, Some(&[block.body])));
    }
    tree
}
