//! Byte ranges and the line index that turns them into line/column positions.

use serde::Serialize;

/// A half-open byte range into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn intersects(&self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

/// How columns are counted in a [`Position`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the language server protocol's default).
    Utf16,
    /// Unicode scalar values (what the command line prints).
    Chars,
}

/// A set of ranges that answers "does one of them contain this range?" in
/// logarithmic time (a file can have as many ranges as findings).
#[derive(Clone, Debug, Default)]
pub struct Cover {
    /// Range starts, sorted, and the largest end among the ranges up to each.
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Cover {
    pub fn new(ranges: impl IntoIterator<Item = TextRange>) -> Self {
        let mut ranges: Vec<TextRange> = ranges.into_iter().collect();
        ranges.sort_by_key(|r| r.start);
        let mut max_end = Vec::with_capacity(ranges.len());
        let mut end = 0;
        for r in &ranges {
            end = end.max(r.end);
            max_end.push(end);
        }
        Self { starts: ranges.iter().map(|r| r.start).collect(), max_end }
    }

    /// Whether a range of the set contains `range` (as [`TextRange::contains_range`]).
    pub fn contains(&self, range: TextRange) -> bool {
        let n = self.starts.partition_point(|s| *s <= range.start);
        n > 0 && self.max_end[n - 1] >= range.end
    }
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line, for conversions between offsets and positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is ASCII, where a column is a byte count in every
    /// encoding (so that positions on a long line are not counted char by char).
    ascii: Vec<bool>,
    /// How many lines end in CRLF (the others that end, in LF).
    crlf: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        let ascii = (0..starts.len()).map(|line| line_is_ascii(text, &starts, line)).collect();
        let crlf = starts.iter().filter(|&&s| after_crlf(text, s)).count();
        Self { starts, ascii, crlf }
    }

    /// The index of `new`, where the bytes `start..old_end` of `old` (the
    /// text this indexes) became `start..new_end`: the lines before the edit
    /// are kept, those after it moved, only the edited ones looked at (a
    /// keystroke in a 50,000-line file need not scan the file).
    pub fn edit(&mut self, old: &str, new: &str, start: usize, old_end: usize, new_end: usize) {
        let delta = new_end as isize - old_end as isize;
        // Starts in start + 1..=old_end follow a newline the edit replaced.
        let from = self.starts.partition_point(|&s| s <= start);
        let to = self.starts.partition_point(|&s| s <= old_end);
        // Whether a line ends in CRLF reads the byte before its newline:
        // the line after the edit can change too.
        let touched = self.starts.partition_point(|&s| s <= old_end + 1);
        self.crlf -= self.starts[from..touched].iter().filter(|&&s| after_crlf(old, s)).count();
        let added: Vec<usize> = memchr_newlines(&new.as_bytes()[start..new_end]).map(|i| start + i + 1).collect();
        let count = added.len();
        self.starts.splice(from..to, added);
        for s in &mut self.starts[from + count..] {
            *s = s.checked_add_signed(delta).expect("a line after the edit stays in the text");
        }
        let touched = self.starts.partition_point(|&s| s <= new_end + 1);
        self.crlf += self.starts[from..touched].iter().filter(|&&s| after_crlf(new, s)).count();
        // The line the edit starts in, and those it added.
        let ascii: Vec<bool> = (from - 1..from + count).map(|line| line_is_ascii(new, &self.starts, line)).collect();
        self.ascii.splice(from - 1..to, ascii);
    }

    /// The line ending the text mostly uses.
    pub fn newline(&self) -> &'static str {
        let lf = self.starts.len() - 1 - self.crlf;
        if self.crlf > lf {
            "\r\n"
        } else {
            "\n"
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a line, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> TextRange {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Position of a byte offset, columns counted in `encoding`. An offset
    /// inside a multi-byte character is moved back to that character's start.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        let column = match encoding {
            _ if self.ascii[line] => prefix.len(),
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Chars => prefix.chars().count(),
        };
        Position { line: line as u32, column: column as u32 }
    }

    /// Byte offset of a position; positions past the end of a line or of the
    /// text are clamped to it.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.start..range.end];
        let mut remaining = position.column as usize;
        for (i, ch) in line_text.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Chars => 1,
            };
            if remaining < width {
                return range.start + i;
            }
            remaining -= width;
        }
        range.end
    }
}

/// Whether the line starting at `start` follows a CRLF.
fn after_crlf(text: &str, start: usize) -> bool {
    start >= 2 && text.as_bytes()[start - 2] == b'\r'
}

fn line_is_ascii(text: &str, starts: &[usize], line: usize) -> bool {
    text.as_bytes()[starts[line]..starts.get(line + 1).copied().unwrap_or(text.len())].is_ascii()
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// The largest char boundary at or before `index`.
pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Whether `haystack` holds any of `needles` (lowercase ASCII), in any case.
/// A literal prefilter: it only tells where there is certainly nothing to read.
pub fn contains_any_ignore_ascii_case(haystack: &str, needles: &[&str]) -> bool {
    let hay = haystack.as_bytes();
    needles.iter().any(|needle| {
        let n = needle.as_bytes();
        let Some(&first) = n.first() else { return true };
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay)
            .any(|i| hay.get(i..i + n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n)))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn any_needle_in_any_case() {
        use super::contains_any_ignore_ascii_case as any;
        assert!(any("x IRIS Session", &["iris"]));
        assert!(any("csession", &["iris", "csession"]));
        assert!(!any("irs is", &["iris"]));
        assert!(!any("", &["iris"]));
        assert!(any("éIrIs", &["iris"]));
    }

    use super::*;

    #[test]
    fn columns_in_every_encoding() {
        let text = "a=1\r\né€𝄞=x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x, Encoding::Utf8), Position { line: 1, column: 10 });
        assert_eq!(index.position(text, x, Encoding::Utf16), Position { line: 1, column: 5 });
        assert_eq!(index.position(text, x, Encoding::Chars), Position { line: 1, column: 4 });
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            let pos = index.position(text, x, enc);
            assert_eq!(index.offset(text, pos, enc), x);
        }
    }

    #[test]
    fn an_edited_index_is_the_index_of_the_new_text() {
        // Every edit of `text` that replaces a range with each of `inserts`.
        let text = "[a]\r\nb=é\r\n\nc=1\r\n\rd\n";
        let inserts = ["", "\n", "\r", "\r\n", "x=ü\r\ny\n", "\n\n\r\n"];
        for start in 0..=text.len() {
            for old_end in start..=text.len() {
                if !text.is_char_boundary(start) || !text.is_char_boundary(old_end) {
                    continue;
                }
                for insert in inserts {
                    let new = format!("{}{insert}{}", &text[..start], &text[old_end..]);
                    let mut index = LineIndex::new(text);
                    index.edit(text, &new, start, old_end, start + insert.len());
                    let full = LineIndex::new(&new);
                    assert_eq!(format!("{index:?}"), format!("{full:?}"), "{start}..{old_end} → {insert:?}");
                    assert_eq!(index.newline(), full.newline());
                }
            }
        }
    }

    #[test]
    fn the_newline_mostly_used() {
        assert_eq!(LineIndex::new("a\r\nb\r\nc\n").newline(), "\r\n");
        assert_eq!(LineIndex::new("a\r\nb\nc\n").newline(), "\n");
        assert_eq!(LineIndex::new("no newline").newline(), "\n");
    }

    #[test]
    fn line_range_excludes_crlf() {
        let text = "[a]\r\nb=c";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 0).start..index.line_range(text, 0).end], "[a]");
        assert_eq!(&text[index.line_range(text, 1).start..index.line_range(text, 1).end], "b=c");
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position { line: 0, column: 99 }, Encoding::Utf16), 2);
        assert_eq!(index.offset(text, Position { line: 9, column: 0 }, Encoding::Utf16), 5);
    }
}
