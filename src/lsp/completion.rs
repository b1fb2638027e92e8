//! Completion from the catalogue: section names, keys of the section, `[Actions]`
//! operations and their properties, enumerated values, and the elements and
//! attributes of `%Installer` manifests and `module.xml`. The context is read
//! from the text before the cursor, which is often not yet valid syntax.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, Documentation, MarkupContent, MarkupKind,
};

use super::documents::Snapshot;
use super::hover::item_doc;
use super::vocab::{self, Choice};
use crate::catalog::{self, Item};
use crate::formats::{Document, Format};

pub fn complete(snap: &Snapshot, doc: &Document, at: usize) -> Option<CompletionResponse> {
    let format = doc.format;
    let items = if format.is_xml() { xml(snap, format, at) } else { ini(&snap.rope, format, at) };
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}

fn markdown(text: String) -> Option<Documentation> {
    (!text.trim().is_empty())
        .then_some(Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: text }))
}

fn item(label: &str, kind: CompletionItemKind, detail: &str, doc: String, insert: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        documentation: markdown(doc),
        insert_text: insert,
        ..Default::default()
    }
}

fn named(items: &[Item], owner: &str, kind: CompletionItemKind, suffix: &str) -> Vec<CompletionItem> {
    items.iter().map(|i| item(&i.name, kind, owner, item_doc(i, owner), Some(format!("{}{suffix}", i.name)))).collect()
}

fn values(choices: Vec<Choice>) -> Vec<CompletionItem> {
    choices.into_iter().map(|c| item(&c.value, CompletionItemKind::VALUE, &c.detail, String::new(), None)).collect()
}

/// The text of the cursor's line up to the cursor.
fn line_prefix(rope: &Rope, at: usize) -> (usize, String) {
    let line = rope.byte_to_line(at);
    let start = rope.line_to_byte(line);
    (line, rope.byte_slice(start..at).to_string())
}

fn ini(rope: &Rope, format: Format, at: usize) -> Vec<CompletionItem> {
    let Some(catalog) = vocab::ini(format) else { return Vec::new() };
    let (line, prefix) = line_prefix(rope, at);
    let trimmed = prefix.trim_start();
    if trimmed.starts_with('[') && !trimmed.contains(']') {
        return catalog
            .sections
            .iter()
            .filter(|s| s.name != "*" && !(format == Format::Cpf && s.name.eq_ignore_ascii_case("Actions")))
            .map(|s| item(&s.name, CompletionItemKind::MODULE, "section", s.doc.clone(), Some(format!("{}]", s.name))))
            .collect();
    }
    if trimmed.starts_with([';', '#']) {
        return Vec::new();
    }
    let section = section_above(rope, line);
    if format == Format::CpfMerge && section.eq_ignore_ascii_case("Actions") {
        return actions(rope, line, &prefix);
    }
    match trimmed.split_once('=') {
        Some((key, _)) => {
            let found = vocab::section_key(format, &section, key.trim());
            found.map(|i| values(vocab::choices(i, false))).unwrap_or_default()
        }
        None => match catalog.section(&section) {
            Some(s) if s.name != "*" => {
                named(&s.items, &format!("key of [{}]", s.name), CompletionItemKind::PROPERTY, "=")
            }
            _ => Vec::new(),
        },
    }
}

/// The name of the section the line is in.
fn section_above(rope: &Rope, line: usize) -> String {
    (0..line)
        .rev()
        .map(|l| rope.line(l).to_string())
        .find_map(|text| {
            let t = text.trim();
            t.strip_prefix('[').and_then(|r| r.split_once(']')).map(|(name, _)| name.trim().to_string())
        })
        .unwrap_or_default()
}

/// `[Actions]` lines: `Operation:Prop=value,Prop=value`, possibly continued on
/// indented lines after a trailing comma.
fn actions(rope: &Rope, line: usize, prefix: &str) -> Vec<CompletionItem> {
    let mut text = prefix.to_string();
    let mut l = line;
    while l > 0 && text.starts_with([' ', '\t']) {
        l -= 1;
        let above = rope.line(l).to_string();
        if !above.trim_end().ends_with(',') {
            break;
        }
        text = format!("{}{}", above.trim_end(), text.trim_start());
    }
    let Some((action, props)) = text.trim_start().split_once(':') else {
        return catalog::actions()
            .actions
            .iter()
            .map(|a| item(&a.name, CompletionItemKind::FUNCTION, "action", a.doc.clone(), Some(format!("{}:", a.name))))
            .collect();
    };
    let action = action.trim();
    let current = props.rsplit(',').next().unwrap_or("");
    if let Some((prop, _)) = current.split_once('=') {
        let prop = prop.trim();
        let mut out = vocab::action_property(action, prop).map(|i| vocab::choices(i, true)).unwrap_or_default();
        out.extend(vocab::named_choices(action, prop));
        return values(out);
    }
    let present: Vec<&str> = props.split(',').filter_map(|p| p.split_once('=').map(|(k, _)| k.trim())).collect();
    let left: Vec<Item> = vocab::action_properties(action)
        .iter()
        .filter(|i| !present.iter().any(|p| p.eq_ignore_ascii_case(&i.name)))
        .cloned()
        .collect();
    named(&left, &format!("property of {action}"), CompletionItemKind::PROPERTY, "=")
}

/// Root elements, offered only outside every other element.
const ROOTS: &[&str] = &["Manifest", "Export"];

/// XML: element names after `<`, attribute names inside a start tag, values inside quotes.
fn xml(snap: &Snapshot, format: Format, at: usize) -> Vec<CompletionItem> {
    let Some(catalog) = vocab::xml(format) else { return Vec::new() };
    let start = snap.rope.byte_to_char(at.saturating_sub(16 * 1024));
    let from = snap.rope.char_to_byte(start);
    let before: String = snap.rope.slice(start..snap.rope.byte_to_char(at)).to_string();
    let Some(lt) = before.rfind('<') else { return Vec::new() };
    let tag = &before[lt + 1..];
    if tag.contains('>') || tag.starts_with(['/', '!', '?']) {
        return Vec::new();
    }
    let Some(space) = tag.find(char::is_whitespace) else {
        // The whole text before the tag, up to a limit, to find the parent.
        let before_tag = from + lt;
        let parent =
            (before_tag <= 1 << 20).then(|| enclosing(&snap.rope.byte_slice(..before_tag).to_string())).flatten();
        // No parents listed: allowed anywhere, except the document roots.
        let fits = |e: &crate::catalog::Element| match parent.as_deref() {
            None => true,
            Some(_) if ROOTS.iter().any(|r| r.eq_ignore_ascii_case(&e.name)) => false,
            Some(p) => e.parents.is_empty() || e.parents.iter().any(|x| x.eq_ignore_ascii_case(p)),
        };
        let mut chosen: Vec<_> = catalog.elements.iter().filter(|e| fits(e)).collect();
        if chosen.is_empty() {
            chosen = catalog.elements.iter().collect();
        }
        return chosen
            .into_iter()
            .map(|e| item(&e.name, CompletionItemKind::CLASS, "element", e.doc.clone(), None))
            .collect();
    };
    let element = &tag[..space];
    let rest = &tag[space..];
    if rest.matches('"').count() % 2 == 1 {
        let before_quote = &rest[..rest.rfind('"').unwrap_or(0)];
        let attr = before_quote.trim_end().trim_end_matches('=').trim_end();
        let attr = attr.rsplit(char::is_whitespace).next().unwrap_or("");
        let mut out =
            vocab::element_attribute(format, element, attr).map(|i| vocab::choices(i, false)).unwrap_or_default();
        out.extend(vocab::named_choices(element, attr));
        return values(out);
    }
    let present: Vec<&str> =
        rest.split('"').step_by(2).filter_map(|s| s.trim().strip_suffix('=')).map(str::trim).collect();
    let left: Vec<Item> = vocab::element_attributes(format, element)
        .filter(|i| !present.iter().any(|p| p.eq_ignore_ascii_case(&i.name)))
        .cloned()
        .collect();
    named(&left, &format!("attribute of <{element}>"), CompletionItemKind::FIELD, "=\"\"")
}

/// The element whose content holds `offset`: the innermost start tag before
/// it that is not closed, read from the text (which is mid-edit, so no parse).
fn enclosing(text: &str) -> Option<String> {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = &rest[..name_end];
        let close = rest.starts_with('/');
        if rest.starts_with(['!', '?']) {
            continue;
        }
        if close {
            let closing = rest[1..].split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("");
            if let Some(i) = open.iter().rposition(|o| o.eq_ignore_ascii_case(closing)) {
                open.truncate(i);
            }
            continue;
        }
        // Past the tag's end (quotes may hold `>`): self-closing tags open nothing.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        match end {
            Some(i) if rest[..i].ends_with('/') => {}
            Some(_) => open.push(name),
            None => break,
        }
    }
    open.last().map(|s| s.to_string())
}
