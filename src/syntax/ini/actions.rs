//! `[Actions]` lines: `Operation:Prop=Value,Prop="quoted, value",…`, where a
//! trailing comma continues the operation on the next, indented line.

use super::lines::Reader;
use super::scan::{after_line_ending, is_blank, is_eol, line_end, skip_blanks, trim_range};
use super::{errors, IniAction, IniProperty, TextRange};
use crate::syntax::xml::SyntaxError;

/// A property's pieces as the grammar delimits them (before trimming).
struct PropertyNode {
    name: TextRange,
    value: Option<TextRange>,
    /// The end of the property, blanks after its value included.
    end: usize,
}

/// Where an operation stopped being readable.
struct Unreadable {
    start: usize,
    line_end: usize,
}

impl Reader<'_> {
    /// An operation starting at `start` on the line ending at `eol`; returns
    /// the end of the line it ends on.
    pub(super) fn action(&mut self, start: usize, eol: usize) -> usize {
        let Some((name_end, first_property)) = self.action_shape(start, eol) else {
            self.unreadable(start, eol);
            return eol;
        };
        let mut properties: Vec<IniProperty> = Vec::new();
        // Errors inside the operation (which is then dropped): a property
        // without `=`, which the grammar completes, or skips when the
        // operation goes on, indented, on the next line.
        let mut inner_errors: Vec<SyntaxError> = Vec::new();
        let mut line_end = eol;
        let mut pos = first_property;
        let mut action_end = first_property;
        let mut unreadable = None;
        let mut header = None;
        let mut comma = None;
        loop {
            let key_end = self.item_end(pos, line_end);
            let node = if key_end < line_end && self.bytes[key_end] == b'=' {
                let (value, end) = self.property_value(key_end + 1, &mut line_end);
                PropertyNode { name: TextRange::new(pos, key_end), value, end }
            } else {
                if key_end == line_end {
                    let (next, next_line_end) = self.wrap(line_end, line_end);
                    if next > line_end && next < next_line_end && is_item_start(self.bytes[next]) {
                        inner_errors.push(errors::unreadable(self.text, TextRange::new(pos, key_end)));
                        pos = next;
                        line_end = next_line_end;
                        continue;
                    }
                    if next > line_end {
                        // An indented line without a property: the operation
                        // ends before the comma.
                        if let Some(comma) = comma {
                            unreadable = Some(Unreadable { start: comma, line_end: next_line_end });
                            break;
                        }
                    }
                }
                inner_errors.push(errors::missing(self.text, key_end, "="));
                PropertyNode { name: TextRange::new(pos, key_end), value: None, end: key_end }
            };
            action_end = node.end;
            let previous_end = properties.last().map(|p| p.range.end);
            properties.push(self.property(node, previous_end));
            // Next: the end of the line, or a comma and the next property.
            let at = action_end;
            if at >= line_end {
                break;
            }
            if self.bytes[at] == b'[' {
                // After a quoted value the grammar lets a header begin.
                header = Some(at);
                break;
            }
            if self.bytes[at] != b',' {
                unreadable = Some(Unreadable { start: at, line_end });
                break;
            }
            let (next, next_line_end) = self.wrap(at + 1, line_end);
            if next < next_line_end && is_item_start(self.bytes[next]) {
                comma = Some(at);
                pos = next;
                line_end = next_line_end;
            } else {
                unreadable = Some(Unreadable { start: at, line_end: next_line_end });
                break;
            }
        }
        if inner_errors.is_empty() {
            self.push_action(start, name_end, properties, action_end);
        } else {
            // Flattening the tree lists an operation's errors last to first.
            self.file.errors.extend(inner_errors.into_iter().rev());
        }
        if let Some(open) = header {
            self.header(open, line_end);
        }
        match unreadable {
            Some(u) => {
                self.unreadable(u.start, u.line_end);
                u.line_end
            }
            None => line_end,
        }
    }

    fn push_action(&mut self, start: usize, name_end: usize, mut properties: Vec<IniProperty>, end: usize) {
        // The first property is removed with the comma after it.
        if let Some(first) = properties.first_mut() {
            let rest = &self.text[first.range.end..end];
            let comma = rest.find(',').filter(|i| rest[..*i].trim().is_empty());
            first.removal =
                TextRange::new(first.range.start, comma.map_or(first.range.end, |i| first.range.end + i + 1));
        }
        let name_range = trim_range(self.text, TextRange::new(start, name_end));
        let section = self.section.as_mut().expect("operations are read inside [Actions]");
        section.actions.push(IniAction {
            name: self.text[name_range.start..name_range.end].to_string(),
            name_range,
            properties,
            range: trim_range(self.text, TextRange::new(start, end)),
        });
    }

    fn property(&self, node: PropertyNode, previous_end: Option<usize>) -> IniProperty {
        let key_range = trim_range(self.text, node.name);
        let (value, value_range, quoted) = match node.value {
            Some(v) => {
                let r = trim_range(self.text, v);
                let raw = &self.text[r.start..r.end];
                if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
                    (raw[1..raw.len() - 1].replace("\"\"", "\""), TextRange::new(r.start + 1, r.end - 1), true)
                } else {
                    (raw.to_string(), r, false)
                }
            }
            None => (String::new(), TextRange::empty(node.end), false),
        };
        let range = TextRange::new(key_range.start, (value_range.end + usize::from(quoted)).max(key_range.end + 1));
        IniProperty {
            key: self.text[key_range.start..key_range.end].to_string(),
            key_range,
            value,
            value_range,
            quoted,
            range,
            // The first property's removal is set once the operation's end is known.
            removal: previous_end.map_or(range, |end| TextRange::new(end, range.end)),
        }
    }

    /// `Name:Prop=`: an operation name, `:` and a first property name followed
    /// by `=` (blanks around the `:`). Returns the name's end and the first
    /// property's start.
    fn action_shape(&self, start: usize, eol: usize) -> Option<(usize, usize)> {
        let b = self.bytes;
        let is_name = |c: u8| !is_eol(c) && !is_blank(c) && !matches!(c, b':' | b'=' | b',' | b'"');
        if !is_name(b[start]) || b[start] == b']' {
            return None;
        }
        let mut i = start;
        while i < eol && is_name(b[i]) {
            i += 1;
        }
        let name_end = i;
        i = skip_blanks(b, i, eol);
        if i >= eol || b[i] != b':' {
            return None;
        }
        i = skip_blanks(b, i + 1, eol);
        if i >= eol || matches!(b[i], b',' | b'=' | b'"') {
            return None;
        }
        let property = i;
        while i < eol && !matches!(b[i], b'=' | b',' | b'"') {
            i += 1;
        }
        (i < eol && b[i] == b'=').then_some((name_end, property))
    }

    /// A property's value after its `=`: the first item runs to the next
    /// comma; each following item without `=` (or quoted) belongs to it too.
    /// Returns the value and the end of the property (blanks after it included).
    fn property_value(&self, after_equals: usize, line_end: &mut usize) -> (Option<TextRange>, usize) {
        let b = self.bytes;
        let start = skip_blanks(b, after_equals, *line_end);
        let first_end = match b.get(start) {
            _ if start >= *line_end => None,
            Some(b'"') => self.quoted_end(start, *line_end),
            Some(&c) if c != b',' => Some(self.first_item_end(start, *line_end)),
            _ => None,
        };
        let Some(mut end) = first_end else {
            return (None, start);
        };
        while end < *line_end && b[end] == b',' {
            let (next, next_line_end) = self.wrap(end + 1, *line_end);
            if next >= next_line_end {
                break;
            }
            let item_end = if b[next] == b'"' {
                self.quoted_end(next, next_line_end)
            } else if is_item_start(b[next]) {
                // An item followed by `=` is the next property's name.
                Some(self.item_end(next, next_line_end)).filter(|e| *e >= next_line_end || b[*e] != b'=')
            } else {
                None
            };
            match item_end {
                Some(e) => {
                    end = e;
                    *line_end = next_line_end;
                }
                None => break,
            }
        }
        (Some(TextRange::new(start, end)), skip_blanks(b, end, *line_end))
    }

    /// After a comma: blanks, or a line break followed by an indented line.
    /// Returns where the next item starts and the end of its line.
    fn wrap(&self, after_comma: usize, this_line_end: usize) -> (usize, usize) {
        let blanks_end = skip_blanks(self.bytes, after_comma, this_line_end);
        if blanks_end == this_line_end && this_line_end < self.end {
            let next_line = after_line_ending(self.bytes, this_line_end, self.end);
            let next_line_end = line_end(self.bytes, next_line, self.end);
            let indented = skip_blanks(self.bytes, next_line, next_line_end);
            if indented > next_line {
                return (indented, next_line_end);
            }
        }
        (blanks_end, this_line_end)
    }

    /// `"…"` with `""` inside; the longest quoted text that closes on this line.
    fn quoted_end(&self, open: usize, line_end: usize) -> Option<usize> {
        let b = self.bytes;
        let mut closed = None;
        let mut i = open + 1;
        while i < line_end {
            if b[i] == b'"' {
                closed = Some(i + 1);
                if i + 1 < line_end && b[i + 1] == b'"' {
                    i += 2;
                    continue;
                }
                return closed;
            }
            i += 1;
        }
        closed
    }

    /// A first value item: up to the next comma or the end of the line.
    fn first_item_end(&self, start: usize, line_end: usize) -> usize {
        memchr::memchr(b',', &self.bytes[start..line_end]).map_or(line_end, |i| start + i)
    }

    /// A name or a following value item: up to `,`, `=` or the end of the line.
    fn item_end(&self, start: usize, line_end: usize) -> usize {
        memchr::memchr2(b',', b'=', &self.bytes[start..line_end]).map_or(line_end, |i| start + i)
    }
}

fn is_item_start(c: u8) -> bool {
    !is_blank(c) && !is_eol(c) && !matches!(c, b',' | b'=' | b'"')
}
