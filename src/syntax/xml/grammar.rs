//! XML through the `tree-sitter-xml` grammar: the reading of documents the
//! hand-written reader finds malformed (so their syntax errors and what is
//! recovered around them stay as they were), and the oracle its tests and
//! fuzz target compare it with.

use super::{decode_entities, SyntaxError, XmlAttribute, XmlComment, XmlElement, XmlTree};
use crate::syntax::text::TextRange;
use tree_sitter::{Node, Parser, Range, Tree};

pub fn language() -> tree_sitter::Language {
    tree_sitter_xml::LANGUAGE_XML.into()
}

pub fn parse_tree(text: &str, ranges: Option<&[TextRange]>) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    if let Some(ranges) = ranges {
        let ts_ranges: Vec<Range> = ranges.iter().map(|r| to_ts_range(text, *r)).collect();
        parser.set_included_ranges(&ts_ranges).ok()?;
    }
    parser.parse(text, None)
}

fn to_ts_range(text: &str, r: TextRange) -> Range {
    let point = |offset: usize| {
        let before = &text.as_bytes()[..offset];
        let row = before.iter().filter(|b| **b == b'\n').count();
        let col = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        tree_sitter::Point { row, column: col }
    };
    Range { start_byte: r.start, end_byte: r.end, start_point: point(r.start), end_point: point(r.end) }
}

fn range_of(node: Node) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

pub fn flatten(tree: &Tree, text: &str) -> XmlTree {
    let mut out = XmlTree::default();
    // Stack of (node, parent element index); children are pushed in reverse so
    // the table keeps document order.
    let mut stack: Vec<(Node, Option<usize>)> = vec![(tree.root_node(), None)];
    while let Some((node, parent)) = stack.pop() {
        if node.is_error() || node.is_missing() {
            out.errors.push(SyntaxError {
                range: range_of(node),
                message: if node.is_missing() {
                    format!("missing `{}`", node.kind())
                } else {
                    "XML the parser cannot read".to_string()
                },
            });
            if node.is_missing() {
                continue;
            }
        }
        match node.kind() {
            "element" => {
                let index = out.elements.len();
                out.elements.push(read_element(node, text, parent));
                match parent {
                    Some(p) => out.elements[p].children.push(index),
                    None => out.roots.push(index),
                }
                push_children(&mut stack, node, Some(index));
            }
            "Comment" => {
                let raw = &text[node.start_byte()..node.end_byte()];
                let inner = raw.trim_start_matches("<!--").trim_end_matches("-->");
                out.comments.push(XmlComment { text: inner.trim().to_string(), range: range_of(node) });
            }
            // Attribute values and tags are read with their element.
            "STag" | "EmptyElemTag" | "ETag" | "Attribute" | "AttValue" => {
                if node.has_error() {
                    collect_errors(node, &mut out.errors);
                }
            }
            _ => push_children(&mut stack, node, parent),
        }
    }
    out
}

fn collect_errors(node: Node, errors: &mut Vec<SyntaxError>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            errors.push(SyntaxError {
                range: range_of(n),
                message: if n.is_missing() {
                    format!("missing `{}`", n.kind())
                } else {
                    "XML the parser cannot read".into()
                },
            });
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
}

fn push_children<'t>(stack: &mut Vec<(Node<'t>, Option<usize>)>, node: Node<'t>, parent: Option<usize>) {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    stack.extend(children.into_iter().rev().map(|c| (c, parent)));
}

fn read_element(node: Node, text: &str, parent: Option<usize>) -> XmlElement {
    let mut cursor = node.walk();
    let tag = node.children(&mut cursor).find(|c| matches!(c.kind(), "STag" | "EmptyElemTag")).unwrap_or(node);
    let mut element = XmlElement {
        name: String::new(),
        name_range: TextRange::empty(tag.start_byte()),
        attributes: Vec::new(),
        children: Vec::new(),
        parent,
        start_tag: range_of(tag),
        range: range_of(node),
        attribute_insert_at: tag.start_byte(),
        text: None,
    };
    let mut tag_cursor = tag.walk();
    for child in tag.children(&mut tag_cursor) {
        match child.kind() {
            "Name" if element.name.is_empty() => {
                element.name = text[child.start_byte()..child.end_byte()].to_string();
                element.name_range = range_of(child);
                element.attribute_insert_at = child.end_byte();
            }
            "Attribute" => {
                if let Some(attribute) = read_attribute(child, text) {
                    element.attribute_insert_at = attribute.range.end;
                    element.attributes.push(attribute);
                }
            }
            _ => {}
        }
    }
    // Direct character data, e.g. <Name>module</Name>.
    let mut cursor = node.walk();
    if let Some(content) = node.children(&mut cursor).find(|c| c.kind() == "content") {
        let mut c2 = content.walk();
        let data: Vec<Node> = content.children(&mut c2).filter(|c| c.kind() == "CharData").collect();
        if let (Some(first), Some(last)) = (data.first(), data.last()) {
            let raw = &text[first.start_byte()..last.end_byte()];
            let trimmed = raw.trim();
            if !trimmed.is_empty() {
                let start = first.start_byte() + (raw.len() - raw.trim_start().len());
                element.text = Some((decode_entities(trimmed), TextRange::new(start, start + trimmed.len())));
            }
        }
    }
    element
}

fn read_attribute(node: Node, text: &str) -> Option<XmlAttribute> {
    let mut cursor = node.walk();
    let mut name = None;
    let mut value = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "Name" => name = Some(child),
            "AttValue" => value = Some(child),
            _ => {}
        }
    }
    let name = name?;
    let value_range = match value {
        // Strip the quotes.
        Some(v) if v.end_byte() - v.start_byte() >= 2 => TextRange::new(v.start_byte() + 1, v.end_byte() - 1),
        Some(v) => TextRange::empty(v.end_byte()),
        None => TextRange::empty(node.end_byte()),
    };
    Some(XmlAttribute {
        name: text[name.start_byte()..name.end_byte()].to_string(),
        name_range: range_of(name),
        value: decode_entities(&text[value_range.start..value_range.end]),
        value_range,
        range: range_of(node),
    })
}
