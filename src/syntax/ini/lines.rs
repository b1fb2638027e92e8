//! The line loop: headers, settings, comments and unreadable lines, one line
//! at a time; `[Actions]` lines go to `actions.rs`.

use super::scan::{after_line_ending, is_blank, line_end, line_with_eol, skip_blanks, trim_range};
use super::{errors, IniFile, IniSection, IniSetting, TextRange};

pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    /// Where reading stops (the end of the range being read).
    pub(super) end: usize,
    pub(super) file: IniFile,
    pub(super) section: Option<IniSection>,
    /// The open section is `[Actions]`: its lines are operations.
    actions_mode: bool,
    /// Where an unreadable last line without a line ending begins: the
    /// grammar leaves it outside the section.
    unreadable_tail: Option<usize>,
    /// Where the line loop begins (after a byte order mark).
    first_line: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, start: usize, end: usize) -> Self {
        let has_bom = start == 0 && text[..end].starts_with('\u{feff}');
        Reader {
            text,
            bytes: text.as_bytes(),
            end,
            file: IniFile { has_bom, ..IniFile::default() },
            section: None,
            actions_mode: false,
            unreadable_tail: None,
            first_line: if has_bom { 3.min(end) } else { start },
        }
    }

    pub(super) fn read(mut self) -> IniFile {
        let mut pos = self.first_line;
        loop {
            let eol = self.line(pos, line_end(self.bytes, pos, self.end));
            if eol >= self.end {
                break;
            }
            pos = after_line_ending(self.bytes, eol, self.end);
        }
        self.close_section(self.end);
        self.file
    }

    /// Reads the line `from..eol`; returns where the line loop goes on (an
    /// action can run on over indented lines after a trailing comma).
    fn line(&mut self, from: usize, eol: usize) -> usize {
        let content = skip_blanks(self.bytes, from, eol);
        if content == eol {
            return eol;
        }
        match self.bytes[content] {
            b'[' => self.header(content, eol),
            b';' | b'#' => self.file.comments.push((self.text[content..eol].to_string(), TextRange::new(content, eol))),
            _ if self.actions_mode => return self.action(content, eol),
            _ => self.setting(content, eol),
        }
        eol
    }

    /// Text the grammar cannot read, from `start` to the end of its line.
    pub(super) fn unreadable(&mut self, start: usize, eol: usize) {
        self.file.errors.push(errors::unreadable(self.text, TextRange::new(start, eol)));
        // An unreadable last line without a line ending is outside the section.
        if eol == self.text.len() && self.end == self.text.len() {
            self.unreadable_tail = Some(start);
        }
    }

    fn setting(&mut self, key_start: usize, eol: usize) {
        // `Key=`: the line must hold an `=`, and the key cannot start with one.
        let eq = match memchr::memchr(b'=', &self.bytes[key_start..eol]) {
            Some(i) if i > 0 => key_start + i,
            _ => return self.unreadable(key_start, eol),
        };
        let mut key_end = eq;
        while is_blank(self.bytes[key_end - 1]) {
            key_end -= 1;
        }
        let key_range = trim_range(self.text, TextRange::new(key_start, key_end));
        let value_start = skip_blanks(self.bytes, eq + 1, eol);
        let value_range = if value_start < eol {
            trim_range(self.text, TextRange::new(value_start, eol))
        } else {
            // Right after `=`.
            TextRange::empty(self.text[key_range.end..eol].find('=').map_or(eol, |i| key_range.end + i + 1))
        };
        let setting = IniSetting {
            key: self.text[key_range.start..key_range.end].to_string(),
            key_range,
            value: self.text[value_range.start..value_range.end].to_string(),
            value_range,
            range: TextRange::new(key_range.start, value_range.end.max(key_range.end)),
            line: line_with_eol(self.text, TextRange::new(key_start, eol)),
        };
        match &mut self.section {
            Some(section) => section.settings.push(setting),
            None => self.file.preamble.push(setting),
        }
    }

    /// `[Name]`, optionally followed by blanks.
    pub(super) fn header(&mut self, open: usize, eol: usize) {
        let name_start = open + 1;
        let close = memchr::memchr(b']', &self.bytes[name_start..eol]).map(|i| name_start + i);
        let name_end = close.unwrap_or(eol);
        if name_end == name_start {
            // `[` or `[]`: no name. The grammar's recovery would discard the
            // section before; the error is kept to this line instead.
            return self.unreadable(open, eol);
        }
        self.close_section(open);
        let header_end = close.map_or(name_end, |c| c + 1);
        let header = trim_range(self.text, TextRange::new(open, header_end));
        let name_range = trim_range(self.text, TextRange::new(name_start, name_end));
        let name = self.text[name_range.start..name_range.end].to_string();
        let actions_mode = is_actions_token(&self.bytes[name_start..name_end]);
        self.section = Some(IniSection {
            is_actions: name.eq_ignore_ascii_case("actions"),
            name,
            name_range,
            header,
            range: TextRange::empty(open),
            settings: Vec::new(),
            actions: Vec::new(),
        });
        self.actions_mode = actions_mode;
        if close.is_none() {
            // Reported twice, as flattening the tree reports the header's error.
            let error = errors::missing(self.text, name_end, "]");
            self.file.errors.push(error.clone());
            self.file.errors.push(error);
            return;
        }
        let rest = skip_blanks(self.bytes, header_end, eol);
        if rest < eol {
            // The grammar lets a header follow a header on the same line.
            if self.bytes[rest] == b'[' {
                return self.header(rest, eol);
            }
            self.unreadable(rest, eol);
        }
    }

    fn close_section(&mut self, next: usize) {
        if let Some(mut section) = self.section.take() {
            let end = self.unreadable_tail.take().map_or(next, |tail| tail.min(next));
            section.range = trim_range(self.text, TextRange::new(section.header.start, end));
            self.file.sections.push(section);
        }
    }
}

/// The grammar's `[Actions]` name token: `actions` in any letter case with
/// blanks around (for `[ActionsX]` the ordinary name is longer and wins).
fn is_actions_token(name: &[u8]) -> bool {
    let start = name.iter().position(|b| !is_blank(*b)).unwrap_or(name.len());
    let end = name.iter().rposition(|b| !is_blank(*b)).map_or(start, |i| i + 1);
    name[start..end].eq_ignore_ascii_case(b"actions")
}
