//! The `cpf` tree-sitter grammar (iris.cpf, merge files, CSP.ini): editors
//! highlight with it, and a flat view of its tree (sections holding settings,
//! actions and comments) is the reference for the hand-written reader in
//! [`super::ini`], which the command line and the server parse with.

use super::text::TextRange;
use super::xml::SyntaxError;
use tree_sitter::{Language, Node, Parser, Tree};
use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_cpf() -> *const ();
}

/// The grammar, compiled from `grammars/tree-sitter-cpf/src/parser.c`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_cpf) };

/// The highlight queries editors use.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../grammars/tree-sitter-cpf/queries/highlights.scm");

pub fn language() -> Language {
    LANGUAGE.into()
}

pub fn parse_tree(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    parser.parse(text, None)
}

pub use super::ini::{parse_range, trim_range, IniAction, IniFile, IniProperty, IniSection, IniSetting};

/// Reads an INI-family file with the hand-written reader ([`super::ini`]);
/// [`flatten`] of [`parse_tree`] is the reference it is tested against.
pub fn parse(text: &str) -> IniFile {
    super::ini::parse(text)
}

/// The grammar's tree as an [`IniFile`]: the reference the hand-written
/// reader is tested against.
pub fn flatten(tree: &Tree, text: &str) -> IniFile {
    // tree-sitter's lexer skips a leading byte order mark itself.
    let mut file = IniFile { has_bom: text.starts_with('\u{feff}'), ..IniFile::default() };
    let root = tree.root_node();
    let mut cursor = root.walk();
    for node in root.children(&mut cursor) {
        match node.kind() {
            "bom" => file.has_bom = true,
            "setting" if !node.has_error() => file.preamble.push(read_setting(node, text)),
            "comment" => file.comments.push(comment(node, text)),
            "section" => {
                let section = read_section(node, text, &mut file);
                file.sections.push(section);
            }
            _ => note_error(node, text, &mut file.errors),
        }
    }
    if root.is_error() {
        note_error(root, text, &mut file.errors);
    }
    file
}

fn range(node: Node) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

fn slice(text: &str, r: TextRange) -> &str {
    &text[r.start..r.end]
}

fn comment(node: Node, text: &str) -> (String, TextRange) {
    (text[node.start_byte()..node.end_byte()].to_string(), range(node))
}

/// Records every error and missing node under `node`.
fn note_error(node: Node, text: &str, errors: &mut Vec<SyntaxError>) {
    if !(node.is_error() || node.is_missing() || node.has_error()) {
        return;
    }
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_missing() {
            // Point at the whole line the parser had to complete.
            let line = trim_range(text, line_with_eol(text, range(n)));
            let shown = crate::findings::shorten(slice(text, line), 60);
            errors
                .push(SyntaxError { range: line, message: format!("cannot read `{shown}`: `{}` expected", n.kind()) });
        } else if n.is_error() {
            let r = trim_range(text, range(n));
            let first_line = slice(text, r).lines().next().unwrap_or("").trim();
            errors.push(SyntaxError {
                range: TextRange::new(r.start, r.start + first_line.len()).cover(TextRange::empty(r.start)),
                message: format!(
                    "cannot read `{}`: a line is a [Section], a Key=value setting, an [Actions] operation or a comment",
                    crate::findings::shorten(first_line, 60)
                ),
            });
        } else if n.has_error() {
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
    }
}

fn line_with_eol(text: &str, r: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let mut start = r.start;
    while start > 0 && bytes[start - 1] != b'\n' {
        start -= 1;
    }
    // A byte order mark is not part of the first line (removing the line keeps it).
    if start == 0 && text.starts_with('\u{feff}') && r.start >= 3 {
        start = 3;
    }
    let mut end = r.end;
    while end < bytes.len() && bytes[end] != b'\n' {
        end += 1;
    }
    if end < bytes.len() {
        end += 1;
    }
    TextRange::new(start, end)
}

fn read_section(node: Node, text: &str, file: &mut IniFile) -> IniSection {
    let header = node.child_by_field_name("header");
    let name_node = header.and_then(|h| h.child_by_field_name("name"));
    let header_range = header.map(|h| trim_range(text, range(h))).unwrap_or(TextRange::empty(node.start_byte()));
    // The `[Actions]` header is a single token: its name is between the brackets.
    let name_range = match name_node {
        Some(n) => trim_range(text, range(n)),
        None if header_range.len() >= 2 => TextRange::new(header_range.start + 1, header_range.end - 1),
        None => header_range,
    };
    let name = slice(text, name_range).to_string();
    let mut section = IniSection {
        is_actions: name.eq_ignore_ascii_case("actions"),
        name,
        name_range,
        header: header_range,
        range: trim_range(text, range(node)),
        settings: Vec::new(),
        actions: Vec::new(),
    };
    if let Some(h) = header {
        note_error(h, text, &mut file.errors);
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.has_error() {
            // A line the grammar could only read by inserting or skipping text.
            note_error(child, text, &mut file.errors);
            continue;
        }
        match child.kind() {
            "setting" => section.settings.push(read_setting(child, text)),
            "action" => section.actions.extend(read_action(child, text)),
            "comment" => file.comments.push(comment(child, text)),
            "section_header" => {}
            _ => note_error(child, text, &mut file.errors),
        }
    }
    section
}

fn read_setting(node: Node, text: &str) -> IniSetting {
    let key_range = node
        .child_by_field_name("key")
        .map(|k| trim_range(text, range(k)))
        .unwrap_or(TextRange::empty(node.start_byte()));
    let value_range = match node.child_by_field_name("value") {
        Some(v) => trim_range(text, range(v)),
        None => {
            // Right after `=`.
            let eq = text[key_range.end..node.end_byte()].find('=').map(|i| key_range.end + i + 1);
            TextRange::empty(eq.unwrap_or(node.end_byte()))
        }
    };
    IniSetting {
        key: slice(text, key_range).to_string(),
        key_range,
        value: slice(text, value_range).to_string(),
        value_range,
        range: TextRange::new(key_range.start, value_range.end.max(key_range.end)),
        line: line_with_eol(text, range(node)),
    }
}

fn read_action(node: Node, text: &str) -> Option<IniAction> {
    let name_node = node.child_by_field_name("name")?;
    let mut properties = Vec::new();
    let mut cursor = node.walk();
    let mut previous_end: Option<usize> = None;
    for child in node.children(&mut cursor) {
        if child.kind() != "property" {
            continue;
        }
        let key_range = child.child_by_field_name("key").map(|k| trim_range(text, range(k)))?;
        let (value, value_range, quoted) = match child.child_by_field_name("value") {
            Some(v) => {
                let r = trim_range(text, range(v));
                let raw = slice(text, r);
                if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
                    (raw[1..raw.len() - 1].replace("\"\"", "\""), TextRange::new(r.start + 1, r.end - 1), true)
                } else {
                    (raw.to_string(), r, false)
                }
            }
            None => (String::new(), TextRange::empty(child.end_byte()), false),
        };
        let prop_range =
            TextRange::new(key_range.start, (value_range.end + usize::from(quoted)).max(key_range.end + 1));
        let removal = match previous_end {
            Some(end) => TextRange::new(end, prop_range.end),
            None => {
                // First property: remove it and the comma after it.
                let rest = &text[prop_range.end..node.end_byte()];
                let comma = rest.find(',').filter(|i| rest[..*i].trim().is_empty());
                TextRange::new(prop_range.start, comma.map_or(prop_range.end, |i| prop_range.end + i + 1))
            }
        };
        previous_end = Some(prop_range.end);
        properties.push(IniProperty {
            key: slice(text, key_range).to_string(),
            key_range,
            value,
            value_range,
            quoted,
            range: prop_range,
            removal,
        });
    }
    let name_range = trim_range(text, range(name_node));
    Some(IniAction {
        name: slice(text, name_range).to_string(),
        name_range,
        properties,
        range: trim_range(text, range(node)),
    })
}
