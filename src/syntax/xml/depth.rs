//! The nesting guard: input nested deeper than any configuration file is
//! refused before it is read.

use crate::syntax::text::{floor_char_boundary, TextRange};

/// Deeper nesting than any configuration file has. The XML grammar's scanner
/// copies its stack of open tags at every token, so parse time grows with the
/// depth times the length: past this depth the file is refused instead.
pub const MAX_DEPTH: usize = 256;

/// Where the nesting in `range` first goes deeper than [`MAX_DEPTH`]. Tags
/// are counted as the grammar's scanner keeps them: a start tag opens one
/// (quoted attribute values skipped), `/>` closes it, and an end tag closes
/// one only when its name is the innermost open one; comments, CDATA,
/// processing instructions and declarations open nothing.
pub(super) fn too_deep(text: &str, range: TextRange) -> Option<TextRange> {
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
