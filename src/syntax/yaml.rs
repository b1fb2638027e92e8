//! YAML read with `tree-sitter-yaml`: mappings, sequences and scalars with
//! their places, enough for a compose file's services. A scalar's value is
//! an [`Embedded`] text, so code inside a quoted scalar maps back to the file.

use super::embedded::Embedded;
use super::text::TextRange;
use std::cell::RefCell;
use tree_sitter::{Node, Parser, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_yaml::LANGUAGE.into()).expect("the YAML grammar loads");
        p
    });
}

pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|p| p.borrow_mut().parse(text, None))
}

/// The first document's top node.
pub fn root(tree: &Tree) -> Option<Node<'_>> {
    let stream = tree.root_node();
    let mut cursor = stream.walk();
    let doc = stream.named_children(&mut cursor).find(|c| c.kind() == "document")?;
    let mut c2 = doc.walk();
    let top = doc.named_children(&mut c2).find(|c| c.kind().ends_with("_node"));
    top
}

/// The node a `block_node`/`flow_node` wraps.
fn inner(n: Node) -> Node {
    let mut n = n;
    while matches!(n.kind(), "block_node" | "flow_node") {
        let mut cursor = n.walk();
        let Some(child) = n.named_children(&mut cursor).find(|c| !matches!(c.kind(), "anchor" | "tag")) else {
            break;
        };
        n = child;
    }
    n
}

/// A mapping's pairs: (key text, key node, value node).
pub fn pairs<'t>(n: Node<'t>, text: &str) -> Vec<(String, Node<'t>, Option<Node<'t>>)> {
    let n = inner(n);
    if !matches!(n.kind(), "block_mapping" | "flow_mapping") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cursor = n.walk();
    for pair in n.named_children(&mut cursor) {
        if !matches!(pair.kind(), "block_mapping_pair" | "flow_pair") {
            continue;
        }
        let Some(key) = pair.child_by_field_name("key") else { continue };
        let key_text = scalar_text(key, text).unwrap_or_default();
        out.push((key_text, key, pair.child_by_field_name("value")));
    }
    out
}

/// The value of `key` in a mapping.
pub fn get<'t>(n: Node<'t>, text: &str, key: &str) -> Option<Node<'t>> {
    pairs(n, text).into_iter().find(|(k, _, _)| k == key).and_then(|(_, _, v)| v)
}

/// A sequence's items (block or flow).
pub fn items(n: Node) -> Vec<Node> {
    let n = inner(n);
    let mut out = Vec::new();
    let mut cursor = n.walk();
    match n.kind() {
        "block_sequence" => {
            for item in n.named_children(&mut cursor).filter(|c| c.kind() == "block_sequence_item") {
                if let Some(v) = item.named_child(0) {
                    out.push(v);
                }
            }
        }
        "flow_sequence" => out.extend(n.named_children(&mut cursor).filter(|c| c.kind() == "flow_node")),
        _ => {}
    }
    out
}

pub fn is_scalar(n: Node) -> bool {
    n.kind().ends_with("_scalar")
}

/// A scalar's value, with its escapes undone.
pub fn scalar_text(n: Node, text: &str) -> Option<String> {
    scalar(n, text).map(|(e, _)| e.text)
}

/// A scalar's value mapped to the file, and the range of the whole scalar.
pub fn scalar(n: Node, text: &str) -> Option<(Embedded, TextRange)> {
    let n = inner(n);
    let range = TextRange::new(n.start_byte(), n.end_byte());
    let mut e = Embedded::new();
    match n.kind() {
        "plain_scalar" => e.push_verbatim(text, range),
        "single_quote_scalar" => {
            let (s, end) = (n.start_byte() + 1, n.end_byte().saturating_sub(1));
            let mut run = s;
            let mut i = s;
            let b = text.as_bytes();
            while i + 1 < end {
                if b[i] == b'\'' && b[i + 1] == b'\'' {
                    e.push_verbatim(text, TextRange::new(run, i));
                    e.push_translated(i, "'");
                    i += 2;
                    run = i;
                } else {
                    i += 1;
                }
            }
            e.push_verbatim(text, TextRange::new(run, end.max(run)));
        }
        "double_quote_scalar" => {
            let (s, end) = (n.start_byte() + 1, n.end_byte().saturating_sub(1));
            let mut run = s;
            let mut i = s;
            let b = text.as_bytes();
            while i + 1 < end {
                if b[i] == b'\\' {
                    let r = match b[i + 1] {
                        b'"' => "\"",
                        b'\\' => "\\",
                        b'n' => "\n",
                        b't' => "\t",
                        b'/' => "/",
                        _ => {
                            i += 2;
                            continue;
                        }
                    };
                    e.push_verbatim(text, TextRange::new(run, i));
                    e.push_translated(i, r);
                    i += 2;
                    run = i;
                } else {
                    i += 1;
                }
            }
            e.push_verbatim(text, TextRange::new(run, end.max(run)));
        }
        "block_scalar" => {
            // `|` / `>` blocks: the lines after the indicator, as written.
            let s = &text[range.start..range.end];
            let body = s.find('\n').map_or(range.end, |i| range.start + i + 1);
            e.push_verbatim(text, TextRange::new(body, range.end));
        }
        _ if is_scalar(n) => e.push_verbatim(text, range),
        _ => return None,
    }
    Some((e, range))
}

/// Every comment, with its text.
pub fn comments(tree: &Tree, text: &str) -> Vec<(TextRange, String)> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "comment" {
            out.push((TextRange::new(n.start_byte(), n.end_byte()), text[n.byte_range()].to_string()));
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}
