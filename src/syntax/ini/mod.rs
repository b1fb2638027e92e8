//! The INI family (iris.cpf, CPF merge files with `[Actions]`, the Web
//! Gateway's CSP.ini): a hand-written, line-based, lossless reader.
//!
//! It reads what the `cpf` tree-sitter grammar describes and yields the same
//! [`IniFile`] as flattening that grammar's tree (`super::cpf::flatten`), with
//! the same byte ranges and syntax errors; the grammar stays for editors'
//! highlighting and as the oracle the differential tests compare against.
//! On a few kinds of broken line the difference is deliberate (listed in
//! `tests/ini_support/compare.rs`): the error stays on its line, where the
//! grammar's recovery discards the section before it or the lines after.

mod actions;
mod errors;
mod lines;
mod scan;

use super::text::TextRange;
use super::xml::SyntaxError;

pub use scan::trim_range;

/// `Key=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniSetting {
    pub key: String,
    pub key_range: TextRange,
    /// The value, trimmed of surrounding blanks.
    pub value: String,
    /// The trimmed value's range; empty right after `=` when there is no value.
    pub value_range: TextRange,
    /// `Key=value`, trimmed.
    pub range: TextRange,
    /// The whole line with its line ending.
    pub line: TextRange,
}

/// `Prop=value` inside an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniProperty {
    pub key: String,
    pub key_range: TextRange,
    /// The value without quotes, `""` unescaped.
    pub value: String,
    /// The value's text inside the quotes (or the bare text).
    pub value_range: TextRange,
    pub quoted: bool,
    /// `Prop=value`.
    pub range: TextRange,
    /// The property with one neighbouring comma, for removal.
    pub removal: TextRange,
}

/// `Operation:Prop=value,…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniAction {
    pub name: String,
    pub name_range: TextRange,
    pub properties: Vec<IniProperty>,
    pub range: TextRange,
}

impl IniAction {
    pub fn property(&self, key: &str) -> Option<&IniProperty> {
        self.properties.iter().rev().find(|p| p.key.eq_ignore_ascii_case(key))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniSection {
    pub name: String,
    pub name_range: TextRange,
    /// The header line, `[Name]`.
    pub header: TextRange,
    /// From the header to the last line of the section.
    pub range: TextRange,
    pub settings: Vec<IniSetting>,
    pub actions: Vec<IniAction>,
    pub is_actions: bool,
}

impl IniSection {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    pub fn setting(&self, key: &str) -> Option<&IniSetting> {
        self.settings.iter().rev().find(|s| s.key.eq_ignore_ascii_case(key))
    }

    /// Where a new line can go: the end of the last line of the section.
    pub fn end_of_content(&self) -> usize {
        let last = self.settings.last().map(|s| s.range.end).unwrap_or(self.header.end);
        last.max(self.actions.last().map(|a| a.range.end).unwrap_or(0))
    }
}

#[derive(Clone, Debug, Default)]
pub struct IniFile {
    /// Settings before the first header (a section with an empty name).
    pub preamble: Vec<IniSetting>,
    pub sections: Vec<IniSection>,
    pub comments: Vec<(String, TextRange)>,
    pub errors: Vec<SyntaxError>,
    pub has_bom: bool,
}

/// Reads the whole text.
pub fn parse(text: &str) -> IniFile {
    parse_range(text, TextRange::new(0, text.len()))
}

/// Reads only the lines in `range`, which starts and ends at line boundaries
/// (a language server re-reads just the sections an edit touched). Positions
/// are absolute in `text`; lines before the range's first header are read as
/// the preamble would be, and a byte order mark counts only at offset 0.
pub fn parse_range(text: &str, range: TextRange) -> IniFile {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    lines::Reader::new(text, start, end).read()
}
