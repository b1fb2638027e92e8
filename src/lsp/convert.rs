//! Byte offsets ↔ protocol positions, always through the document's rope, in
//! the encoding negotiated at `initialize` (UTF-8 when the client offers it).

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::syntax::text::TextRange;

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client lists it, else the protocol's mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The position of a byte offset (clamped to the text, rounded down to a character).
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let column = match enc {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_char),
    };
    Position::new(to_u32(line), to_u32(column))
}

pub fn range(rope: &Rope, r: TextRange, enc: Encoding) -> Range {
    Range::new(position(rope, r.start, enc), position(rope, r.end.max(r.start), enc))
}

/// The byte offset of a position. A column past the end of its line means the
/// line's end (as the protocol says); a line past the end is `None`, except the
/// line just after the last, which is the end of the text.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> Option<usize> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return (line == rope.len_lines()).then(|| rope.len_bytes());
    }
    let line_start_char = rope.line_to_char(line);
    let line_end_char = line_start_char + content_chars(rope, line);
    let column = pos.character as usize;
    let char_idx = match enc {
        Encoding::Utf8 => {
            let start = rope.line_to_byte(line);
            let end = rope.char_to_byte(line_end_char);
            // A column inside a character rounds down to its start.
            rope.byte_to_char((start + column).min(end))
        }
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(line_start_char);
            let end = rope.char_to_utf16_cu(line_end_char);
            rope.utf16_cu_to_char((start + column).min(end))
        }
    };
    Some(rope.char_to_byte(char_idx))
}

/// The byte range of a protocol range (`None` when a line is out of range).
pub fn text_range(rope: &Rope, r: Range, enc: Encoding) -> Option<TextRange> {
    let start = offset(rope, r.start, enc)?;
    let end = offset(rope, r.end, enc)?;
    Some(TextRange::new(start.min(end), start.max(end)))
}

/// Characters of a line without its line ending.
fn content_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let n = slice.len_chars();
    let last = |k: usize| (n >= k).then(|| slice.char(n - k));
    match (last(2), last(1)) {
        (Some('\r'), Some('\n')) => n - 2,
        (_, Some('\n' | '\r')) => n - 1,
        _ => n,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_both_encodings() {
        let text = "é€𝄞x=1\r\nab\n";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(position(&rope, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(position(&rope, x, Encoding::Utf16), Position::new(0, 4));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(&rope, position(&rope, x, enc), enc), Some(x));
        }
        // Past the line end clamps before `\r\n`; past the text is refused.
        assert_eq!(offset(&rope, Position::new(0, 99), Encoding::Utf16), Some(text.find('\r').unwrap_or(0)));
        assert_eq!(offset(&rope, Position::new(2, 0), Encoding::Utf16), Some(text.len()));
        assert_eq!(offset(&rope, Position::new(3, 0), Encoding::Utf16), Some(text.len()));
        assert_eq!(offset(&rope, Position::new(4, 0), Encoding::Utf16), None);
        // Inside a character rounds down.
        assert_eq!(offset(&rope, Position::new(0, 1), Encoding::Utf8), Some(0));
    }
}
