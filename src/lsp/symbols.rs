//! Document symbols: sections with their keys, `[Actions]` operations with
//! their properties, and the element tree of manifests and modules.

use ropey::Rope;
use tower_lsp_server::ls_types::{DocumentSymbol, DocumentSymbolResponse, SymbolKind};

use super::convert::{self, Encoding};
use super::documents::Snapshot;
use crate::formats::{Document, EntryKind};
use crate::syntax::text::TextRange;
use crate::syntax::xml::XmlTree;

/// Elements nested deeper than this are listed at this depth, so that a
/// pathological file cannot make a response too deep to serialize.
const MAX_DEPTH: usize = 32;

pub fn symbols(snap: &Snapshot, doc: &Document, enc: Encoding) -> Option<DocumentSymbolResponse> {
    let list = if doc.format.is_xml() { xml_symbols(doc, &snap.rope, enc) } else { ini_symbols(doc, &snap.rope, enc) };
    Some(DocumentSymbolResponse::Nested(list))
}

#[allow(deprecated)]
fn symbol(
    rope: &Rope,
    enc: Encoding,
    name: &str,
    detail: Option<String>,
    kind: SymbolKind,
    range: TextRange,
    selection: TextRange,
) -> DocumentSymbol {
    // The selection must lie inside the range.
    let range = range.cover(selection);
    DocumentSymbol {
        name: if name.trim().is_empty() { "(unnamed)".to_string() } else { name.to_string() },
        detail: detail.filter(|d| !d.is_empty()),
        kind,
        tags: None,
        deprecated: None,
        range: convert::range(rope, range, enc),
        selection_range: convert::range(rope, selection, enc),
        children: None,
    }
}

fn ini_symbols(doc: &Document, rope: &Rope, enc: Encoding) -> Vec<DocumentSymbol> {
    let mut top: Vec<DocumentSymbol> = Vec::new();
    // Entries come in file order: a section, then its keys or actions, each
    // action followed by its properties.
    let mut section: Option<(DocumentSymbol, TextRange)> = None;
    let mut action: Option<DocumentSymbol> = None;
    let push_child = |parent: &mut DocumentSymbol, child: DocumentSymbol| {
        parent.children.get_or_insert_with(Vec::new).push(child);
    };
    for e in &doc.entries {
        let value = e.value.as_ref().map(|(v, r)| shown(doc, v, *r));
        match e.kind {
            EntryKind::Section => {
                flush_action(&mut action, &mut section, &mut top);
                if let Some((s, _)) = section.take() {
                    top.push(s);
                }
                let whole = e.removal.unwrap_or(e.range);
                section = Some((symbol(rope, enc, &e.name, None, SymbolKind::NAMESPACE, whole, e.name_range), whole));
            }
            EntryKind::Key => {
                let s = symbol(rope, enc, &e.name, value, SymbolKind::PROPERTY, e.range, e.name_range);
                match &mut section {
                    Some((parent, whole)) if whole.contains_range(e.range) => push_child(parent, s),
                    _ => top.push(s),
                }
            }
            EntryKind::Action => {
                flush_action(&mut action, &mut section, &mut top);
                let name = doc.slice(e.range).split(',').next().unwrap_or("").to_string();
                let detail = name.split_once(':').map(|(_, first)| first.to_string());
                action = Some(symbol(rope, enc, &e.name, detail, SymbolKind::EVENT, e.range, e.name_range));
            }
            EntryKind::Property => {
                let s = symbol(rope, enc, &e.name, value, SymbolKind::FIELD, e.range, e.name_range);
                match &mut action {
                    Some(a) => push_child(a, s),
                    None => top.push(s),
                }
            }
            EntryKind::Element | EntryKind::Attribute => {}
        }
    }
    flush_action(&mut action, &mut section, &mut top);
    if let Some((s, _)) = section {
        top.push(s);
    }
    top
}

/// A value as the outline shows it: short, and never a secret the file holds.
fn shown(doc: &Document, value: &str, range: TextRange) -> String {
    let secret = doc.facts.secrets.iter().any(|s| s.value.range.intersects(range) || s.value.range == range);
    if secret {
        crate::model::secrets::mask(value)
    } else {
        crate::findings::shorten(value, 60)
    }
}

fn flush_action(
    action: &mut Option<DocumentSymbol>,
    section: &mut Option<(DocumentSymbol, TextRange)>,
    top: &mut Vec<DocumentSymbol>,
) {
    if let Some(a) = action.take() {
        match section {
            Some((s, _)) => s.children.get_or_insert_with(Vec::new).push(a),
            None => top.push(a),
        }
    }
}

/// The document's XML, parsed again (only the manifest `XData` blocks of a class).
pub fn xml_tree(doc: &Document) -> XmlTree {
    crate::formats::xml_tree(&doc.text, doc.format)
}

fn xml_symbols(doc: &Document, rope: &Rope, enc: Encoding) -> Vec<DocumentSymbol> {
    let tree = xml_tree(doc);
    let n = tree.elements.len();
    // Where each element is listed: its parent, or its ancestor at MAX_DEPTH.
    let mut depth = vec![0usize; n];
    let mut listed_under: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if let Some(p) = tree.elements[i].parent.filter(|p| *p < i) {
            depth[i] = depth[p] + 1;
            listed_under[i] = if depth[i] > MAX_DEPTH { listed_under[p] } else { Some(p) };
        }
    }
    let mut built: Vec<Option<DocumentSymbol>> = tree
        .elements
        .iter()
        .map(|e| {
            let name_attr = ["Name", "Url", "Username"].iter().find_map(|a| e.attribute(a));
            let detail = name_attr
                .map(|a| shown(doc, &a.value, a.value_range))
                .or_else(|| e.text.as_ref().filter(|_| e.children.is_empty()).map(|(t, r)| shown(doc, t, *r)));
            let kind = if e.children.is_empty() { SymbolKind::FIELD } else { SymbolKind::OBJECT };
            Some(symbol(
                rope,
                enc,
                &e.name,
                detail.map(|d| crate::findings::shorten(&d, 60)),
                kind,
                e.range,
                e.name_range,
            ))
        })
        .collect();
    // Children come after their parent in document order: build from the end,
    // so that every element is complete when it is moved into its parent.
    let mut top = Vec::new();
    for i in (0..n).rev() {
        let Some(mut sym) = built[i].take() else { continue };
        if let Some(children) = &mut sym.children {
            children.reverse();
        }
        match listed_under[i].and_then(|p| built[p].as_mut()) {
            Some(parent) => parent.children.get_or_insert_with(Vec::new).push(sym),
            None => top.push(sym),
        }
    }
    top.reverse();
    top
}
