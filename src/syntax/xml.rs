//! XML through the `tree-sitter-xml` grammar, flattened into a small element
//! table that the manifest and module readers walk.
//!
//! The walk is iterative, so deeply nested input cannot exhaust the stack, and
//! entities are never expanded (only the five predefined ones and character
//! references are decoded in attribute values).

use super::text::{floor_char_boundary, TextRange};
use tree_sitter::{Node, Parser, Range, Tree};

/// One attribute: `name="value"`.
#[derive(Clone, Debug)]
pub struct XmlAttribute {
    pub name: String,
    pub name_range: TextRange,
    /// The decoded value.
    pub value: String,
    /// The value's text between the quotes.
    pub value_range: TextRange,
    /// The whole attribute, `name="value"`.
    pub range: TextRange,
}

/// One element, with the indices of its children in [`XmlTree::elements`].
#[derive(Clone, Debug)]
pub struct XmlElement {
    pub name: String,
    pub name_range: TextRange,
    pub attributes: Vec<XmlAttribute>,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// The start tag (or the empty-element tag).
    pub start_tag: TextRange,
    /// The whole element, start tag to end tag.
    pub range: TextRange,
    /// Where a new attribute can be inserted: just after the last attribute or the name.
    pub attribute_insert_at: usize,
    /// Text content directly inside the element (trimmed), e.g. `<Name>x</Name>`.
    pub text: Option<(String, TextRange)>,
}

impl XmlElement {
    pub fn attribute(&self, name: &str) -> Option<&XmlAttribute> {
        self.attributes.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// A comment `<!-- … -->`, with its text.
#[derive(Clone, Debug)]
pub struct XmlComment {
    pub text: String,
    pub range: TextRange,
}

/// A parse problem: a syntax error or a missing token.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct XmlTree {
    pub elements: Vec<XmlElement>,
    /// The top-level elements (a standalone file has one root).
    pub roots: Vec<usize>,
    pub comments: Vec<XmlComment>,
    pub errors: Vec<SyntaxError>,
}

impl XmlTree {
    /// Adds the elements, comments and errors of another tree of the same
    /// text (another `XData` block), its roots among the roots.
    pub fn append(&mut self, other: XmlTree) {
        let shift = self.elements.len();
        self.roots.extend(other.roots.iter().map(|r| r + shift));
        self.elements.extend(other.elements.into_iter().map(|mut e| {
            e.children.iter_mut().for_each(|c| *c += shift);
            e.parent = e.parent.map(|p| p + shift);
            e
        }));
        self.comments.extend(other.comments);
        self.errors.extend(other.errors);
    }

    pub fn children<'a>(&'a self, index: usize) -> impl Iterator<Item = (usize, &'a XmlElement)> + 'a {
        self.elements[index].children.iter().map(move |&i| (i, &self.elements[i]))
    }

    /// The names of the element's ancestors and itself, outermost first: `Manifest/Namespace/CSPApplication`.
    pub fn path(&self, mut index: usize) -> String {
        let mut names = vec![self.elements[index].name.as_str()];
        while let Some(parent) = self.elements[index].parent {
            names.push(self.elements[parent].name.as_str());
            index = parent;
        }
        names.reverse();
        names.join("/")
    }
}

pub fn language() -> tree_sitter::Language {
    tree_sitter_xml::LANGUAGE_XML.into()
}

/// Parses `text` as XML; with `ranges`, only those byte ranges are XML (an
/// `XData` body inside a class), positions stay positions in `text`.
pub fn parse(text: &str, ranges: Option<&[TextRange]>) -> XmlTree {
    let whole = [TextRange::new(0, text.len())];
    if let Some(at) = ranges.unwrap_or(&whole).iter().find_map(|r| too_deep(text, *r)) {
        let message = format!("elements nested deeper than {MAX_DEPTH} levels; the XML was not read");
        return XmlTree { errors: vec![SyntaxError { range: at, message }], ..XmlTree::default() };
    }
    let Some(tree) = parse_tree(text, ranges) else {
        return XmlTree::default();
    };
    flatten(&tree, text)
}

/// Deeper nesting than any configuration file has. The XML grammar's scanner
/// copies its stack of open tags at every token, so parse time grows with the
/// depth times the length: past this depth the file is refused instead.
pub const MAX_DEPTH: usize = 256;

/// Where the nesting in `range` first goes deeper than [`MAX_DEPTH`]. Tags
/// are counted as the grammar's scanner keeps them: a start tag opens one
/// (quoted attribute values skipped), `/>` closes it, and an end tag closes
/// one only when its name is the innermost open one; comments, CDATA,
/// processing instructions and declarations open nothing.
fn too_deep(text: &str, range: TextRange) -> Option<TextRange> {
    let bytes = &text.as_bytes()[range.start..range.end];
    let mut open: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|b| *b == b'<') {
        let at = i + lt;
        let rest = &bytes[at..];
        i = if rest.starts_with(b"<!--") {
            skip_past(bytes, at + 4, b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_past(bytes, at + 9, b"]]>")
        } else if rest.starts_with(b"<?") {
            skip_past(bytes, at + 2, b"?>")
        } else if rest.starts_with(b"<!") {
            skip_past(bytes, at + 2, b">")
        } else if rest.starts_with(b"</") {
            let name = tag_name(bytes, at + 2);
            if !name.is_empty() && open.last() == Some(&name) {
                open.pop();
            }
            at + 2 + name.len()
        } else {
            let name = tag_name(bytes, at + 1);
            if name.is_empty() {
                at + 1
            } else {
                open.push(name);
                if open.len() > MAX_DEPTH {
                    let at = floor_char_boundary(text, range.start + at);
                    return Some(TextRange::new(at, at + 1));
                }
                let (end, empty) = start_tag_end(bytes, at + 1 + name.len());
                if empty {
                    open.pop();
                }
                end
            }
        };
    }
    None
}

/// Just past the next `end` from `from` (the end of the text if there is none).
fn skip_past(bytes: &[u8], from: usize, end: &[u8]) -> usize {
    let from = from.min(bytes.len());
    bytes[from..].windows(end.len()).position(|w| w == end).map_or(bytes.len(), |p| from + p + end.len())
}

/// The tag name starting at `at` (empty if none starts there).
fn tag_name(bytes: &[u8], at: usize) -> &[u8] {
    let starts = |b: u8| b.is_ascii_alphabetic() || matches!(b, b'_' | b':') || b >= 0x80;
    if !bytes.get(at).is_some_and(|b| starts(*b)) {
        return &[];
    }
    let len = bytes[at..]
        .iter()
        .position(|b| !(starts(*b) || b.is_ascii_digit() || matches!(b, b'-' | b'.')))
        .unwrap_or(bytes.len() - at);
    &bytes[at..at + len]
}

/// Where a start tag's attributes end, and whether it was an empty-element
/// tag. A quoted value may hold `>` or `/>`, never `<`: a `<` ends the tag.
fn start_tag_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (_, b'<') => return (i, false),
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return (i + 1, false),
            (None, b'/') => return (i + 1, true),
            (None, _) => {}
        }
        i += 1;
    }
    (i, false)
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

fn flatten(tree: &Tree, text: &str) -> XmlTree {
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

/// Decodes the predefined entities and character references; anything else
/// (a custom entity) is kept as written, never expanded.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|s| *s <= 12) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                u32::from_str_radix(&entity[2..], 16).ok().and_then(char::from_u32)
            }
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=semi]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for use inside a double-quoted attribute value.
pub fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let text = r#"<Module><Name>m</Name><CSPApplication Url="/a" UnauthenticatedEnabled="1"/></Module>"#;
        let tree = parse(text, None);
        assert!(tree.errors.is_empty());
        let app = tree.elements.iter().find(|e| e.name == "CSPApplication").unwrap();
        let attr = app.attribute("unauthenticatedenabled").unwrap();
        assert_eq!(attr.value, "1");
        assert_eq!(&text[attr.value_range.start..attr.value_range.end], "1");
        let name = tree.elements.iter().find(|e| e.name == "Name").unwrap();
        assert_eq!(name.text.as_ref().unwrap().0, "m");
        assert_eq!(tree.path(1), "Module/Name");
    }

    #[test]
    fn entities_are_decoded_not_expanded() {
        assert_eq!(decode_entities("a&amp;b&#65;&lol;"), "a&bA&lol;");
    }

    fn refused_as_too_deep(text: &str) -> bool {
        parse(text, None).errors.iter().any(|e| e.message.contains("nested deeper"))
    }

    #[test]
    fn depth_is_counted_on_tags_not_on_text() {
        // `/>` inside an attribute value closes nothing.
        let quoted = format!("<Module>{}</Module>", r#"<a x="/>">"#.repeat(2_000));
        assert!(refused_as_too_deep(&quoted));
        // An end tag that does not match the open one closes nothing either.
        let mismatched = format!("<Module>{}</Module>", "<a></b>".repeat(2_000));
        assert!(refused_as_too_deep(&mismatched));
        // Tags inside comments, CDATA and processing instructions are no elements.
        let hidden = format!("<Module><!-- {0} --><![CDATA[{0}]]><?pi {0} ?></Module>", "<a>".repeat(2_000));
        assert!(!refused_as_too_deep(&hidden));
        let flat = format!("<Module>{}</Module>", r#"<a x="/>" y='>'></a><b/>"#.repeat(2_000));
        assert!(!refused_as_too_deep(&flat));
        let nested = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(!refused_as_too_deep(&nested));
        assert!(refused_as_too_deep(&format!("<b>{nested}</b>")));
    }

    #[test]
    fn included_ranges_keep_file_positions() {
        let text = "Class X {\nXData M\n{\n<Manifest><User Username=\"u\"/></Manifest>\n}\n}";
        let start = text.find("<Manifest>").unwrap();
        let end = text.find("</Manifest>").unwrap() + "</Manifest>".len();
        let tree = parse(text, Some(&[TextRange::new(start, end)]));
        let user = tree.elements.iter().find(|e| e.name == "User").unwrap();
        assert_eq!(&text[user.name_range.start..user.name_range.end], "User");
    }
}
