//! XML of manifests, class `XData` blocks and module.xml, flattened into a
//! small element table that the manifest and module readers walk.
//!
//! A hand-written reader ([`reader`]) reads every well-formed document in one
//! pass. A document it finds malformed is read by the `tree-sitter-xml`
//! grammar instead ([`grammar`]), whose error recovery gives the syntax errors
//! and the elements around them. Nothing is recursive, so deeply nested input
//! cannot exhaust the stack, and entities are never expanded (only the five
//! predefined ones and character references are decoded).

mod depth;
mod grammar;
mod markup;
mod reader;

pub use depth::MAX_DEPTH;
pub use grammar::{flatten, language, parse_tree};

use super::text::TextRange;

/// One attribute: `name="value"`.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlComment {
    pub text: String,
    pub range: TextRange,
}

/// A parse problem: a syntax error or a missing token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// Parses `text` as XML; with `ranges`, only those byte ranges are XML (an
/// `XData` body inside a class), positions stay positions in `text`.
pub fn parse(text: &str, ranges: Option<&[TextRange]>) -> XmlTree {
    if let Some(refused) = refuse_too_deep(text, ranges) {
        return refused;
    }
    reader::read(text, ranges).unwrap_or_else(|| read_with_grammar(text, ranges))
}

/// The hand-written reader alone: `None` when it finds the document malformed
/// (or holds something only the grammar decides, such as a `DOCTYPE`).
pub fn read_well_formed(text: &str, ranges: Option<&[TextRange]>) -> Option<XmlTree> {
    reader::read(text, ranges)
}

/// [`parse`] through the grammar alone, whatever the document.
pub fn parse_with_grammar(text: &str, ranges: Option<&[TextRange]>) -> XmlTree {
    refuse_too_deep(text, ranges).unwrap_or_else(|| read_with_grammar(text, ranges))
}

fn read_with_grammar(text: &str, ranges: Option<&[TextRange]>) -> XmlTree {
    parse_tree(text, ranges).map(|tree| flatten(&tree, text)).unwrap_or_default()
}

fn refuse_too_deep(text: &str, ranges: Option<&[TextRange]>) -> Option<XmlTree> {
    let whole = [TextRange::new(0, text.len())];
    let at = ranges.unwrap_or(&whole).iter().find_map(|r| depth::too_deep(text, *r))?;
    let message = format!("elements nested deeper than {MAX_DEPTH} levels; the XML was not read");
    Some(XmlTree { errors: vec![SyntaxError { range: at, message }], ..XmlTree::default() })
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
