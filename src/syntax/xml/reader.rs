//! The hand-written XML reader: one pass over the bytes, an explicit stack of
//! open elements, and the same [`XmlTree`] the grammar's tree flattens to,
//! span for span. It reads a document only when the grammar would read it
//! without an error; for anything else it answers `None` and the document
//! goes to the grammar (see [`super::markup`]).

use super::markup::{self, skip_space, MAX_OPEN_NAME_BYTES};
use super::{decode_entities, XmlAttribute, XmlComment, XmlElement, XmlTree};
use crate::syntax::text::TextRange;
use memchr::{memchr, memchr2, memchr3, memmem};

/// Reads `text` (or its one range) when it is well formed; `None` otherwise.
pub(super) fn read(text: &str, ranges: Option<&[TextRange]>) -> Option<XmlTree> {
    let range = match ranges {
        None => TextRange::new(0, text.len()),
        Some([r]) if r.start <= r.end && text.get(r.start..r.end).is_some() => *r,
        // Several ranges are one document spliced together: left to the grammar.
        Some(_) => return None,
    };
    let b = &text.as_bytes()[..range.end];
    // The grammar's lexer does not tell a NUL from the end of the input.
    if memchr(0, &b[range.start..]).is_some() {
        return None;
    }
    let mut reader =
        Reader { text, b, pos: range.start, tree: XmlTree::default(), open: Vec::new(), open_name_bytes: 0 };
    reader.document()?;
    Some(reader.tree)
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    tree: XmlTree,
    open: Vec<OpenElement>,
    /// The size of the grammar scanner's saved stack of open tag names.
    open_name_bytes: usize,
}

struct OpenElement {
    index: usize,
    /// From the start of the first character data directly inside to the end of the last.
    char_data: Option<(usize, usize)>,
}

impl Reader<'_> {
    /// `S? XMLDecl? Misc* element Misc*`.
    fn document(&mut self) -> Option<()> {
        // The grammar's lexer skips a byte order mark at the very start.
        if self.pos == 0 && self.at("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        self.pos = skip_space(self.b, self.pos);
        if self.at(b"<?xml") {
            self.pos = markup::xml_decl_end(self.b, self.pos)?;
        }
        self.misc()?;
        if !self.at(b"<") {
            return None;
        }
        self.start_tag()?;
        while !self.open.is_empty() {
            self.content()?;
        }
        self.misc()?;
        (self.pos == self.b.len()).then_some(())
    }

    /// White space, comments and processing instructions around the root.
    fn misc(&mut self) -> Option<()> {
        loop {
            self.pos = skip_space(self.b, self.pos);
            if self.at(b"<!--") {
                self.comment()?;
            } else if self.at(b"<?") {
                self.pos = markup::pi_end(self.b, self.pos)?;
            } else {
                return Some(());
            }
        }
    }

    fn at(&self, s: &[u8]) -> bool {
        self.b.get(self.pos..self.pos + s.len()) == Some(s)
    }

    /// One piece of the innermost open element's content.
    fn content(&mut self) -> Option<()> {
        let b = self.b;
        match b.get(self.pos)? {
            b'<' => match b.get(self.pos + 1) {
                Some(b'/') => self.end_tag(),
                Some(b'!') if self.at(b"<!--") => self.comment(),
                Some(b'!') if self.at(b"<![CDATA[") => {
                    self.pos = markup::cdata_end(b, self.pos + 9)?.1;
                    Some(())
                }
                Some(b'?') => {
                    self.pos = markup::pi_end(b, self.pos)?;
                    Some(())
                }
                _ => self.start_tag(),
            },
            b'&' => {
                self.pos = markup::reference_end(b, self.pos)?;
                Some(())
            }
            _ => self.char_data(),
        }
    }

    fn char_data(&mut self) -> Option<()> {
        let start = self.pos;
        let end = memchr2(b'<', b'&', &self.b[start..]).map_or(self.b.len(), |i| start + i);
        // `]]>` in text: the grammar's scanner reads it by rules of its own.
        if memmem::find(&self.b[start..end], b"]]>").is_some() {
            return None;
        }
        let open = self.open.last_mut()?;
        open.char_data = Some((open.char_data.map_or(start, |(first, _)| first), end));
        self.pos = end;
        Some(())
    }

    fn comment(&mut self) -> Option<()> {
        let start = self.pos;
        let end = markup::comment_end(self.b, start)?;
        let raw = &self.text[start..end];
        let inner = raw.trim_start_matches("<!--").trim_end_matches("-->");
        self.tree.comments.push(XmlComment { text: inner.trim().to_string(), range: TextRange::new(start, end) });
        self.pos = end;
        Some(())
    }

    /// `<name attributes>` or `<name attributes/>`, at `<`.
    fn start_tag(&mut self) -> Option<()> {
        let b = self.b;
        let lt = self.pos;
        let name_end = markup::tag_name_end(b, lt + 1)?;
        let name_bytes = 1 + (name_end - (lt + 1));
        if self.open_name_bytes + name_bytes > MAX_OPEN_NAME_BYTES {
            return None;
        }
        let parent = self.open.last().map(|o| o.index);
        let mut element = XmlElement {
            name: self.text[lt + 1..name_end].to_string(),
            name_range: TextRange::new(lt + 1, name_end),
            attributes: Vec::new(),
            children: Vec::new(),
            parent,
            start_tag: TextRange::empty(lt),
            range: TextRange::empty(lt),
            attribute_insert_at: name_end,
            text: None,
        };
        let mut i = name_end;
        let empty = loop {
            let next = skip_space(b, i);
            match b.get(next) {
                Some(b'>') => {
                    i = next + 1;
                    break false;
                }
                Some(b'/') if b.get(next + 1) == Some(&b'>') => {
                    i = next + 2;
                    break true;
                }
                Some(_) if next > i => {
                    let attribute = self.attribute(next)?;
                    i = attribute.range.end;
                    element.attribute_insert_at = i;
                    element.attributes.push(attribute);
                }
                _ => return None,
            }
        };
        element.start_tag.end = i;
        element.range.end = i;
        let index = self.tree.elements.len();
        self.tree.elements.push(element);
        match parent {
            Some(p) => self.tree.elements[p].children.push(index),
            None => self.tree.roots.push(index),
        }
        if !empty {
            self.open.push(OpenElement { index, char_data: None });
            self.open_name_bytes += name_bytes;
        }
        self.pos = i;
        Some(())
    }

    /// `name = "value"`, at the name.
    fn attribute(&self, start: usize) -> Option<XmlAttribute> {
        let b = self.b;
        let name_end = markup::name_end(b, start)?;
        let eq = skip_space(b, name_end);
        if b.get(eq) != Some(&b'=') {
            return None;
        }
        let open = skip_space(b, eq + 1);
        let quote = *b.get(open).filter(|q| matches!(q, b'"' | b'\''))?;
        let mut i = open + 1;
        let close = loop {
            let at = i + memchr3(quote, b'<', b'&', &b[i..])?;
            match b[at] {
                b'&' => i = markup::reference_end(b, at)?,
                b'<' => return None,
                _ => break at,
            }
        };
        let value_range = TextRange::new(open + 1, close);
        Some(XmlAttribute {
            name: self.text[start..name_end].to_string(),
            name_range: TextRange::new(start, name_end),
            value: decode_entities(&self.text[value_range.start..value_range.end]),
            value_range,
            range: TextRange::new(start, close + 1),
        })
    }

    /// `</name>` closing the innermost open element, at `</`.
    fn end_tag(&mut self) -> Option<()> {
        let b = self.b;
        let name_start = self.pos + 2;
        let name_end = markup::tag_name_end(b, name_start)?;
        let open = self.open.last()?;
        if b[name_start..name_end] != *self.tree.elements[open.index].name.as_bytes() {
            return None;
        }
        let gt = skip_space(b, name_end);
        if b.get(gt) != Some(&b'>') {
            return None;
        }
        let open = self.open.pop()?;
        self.open_name_bytes -= 1 + name_end - name_start;
        let element = &mut self.tree.elements[open.index];
        element.range.end = gt + 1;
        element.text = open.char_data.and_then(|(first, last)| direct_text(self.text, first, last));
        self.pos = gt + 1;
        Some(())
    }
}

/// The trimmed, decoded text from the first character data directly inside an
/// element to the end of the last (markup between them included, as the
/// grammar's flattening has always given it).
fn direct_text(text: &str, first: usize, last: usize) -> Option<(String, TextRange)> {
    let raw = &text[first..last];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = first + (raw.len() - raw.trim_start().len());
    Some((decode_entities(trimmed), TextRange::new(start, start + trimmed.len())))
}
