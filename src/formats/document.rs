//! A read document: its text, its facts, and the structural entries the
//! syntax rules check against the catalogue.

use super::Format;
use crate::model::Facts;
use crate::syntax::text::{LineIndex, TextRange};
use crate::syntax::xml::SyntaxError;
use std::sync::Arc;

/// What kind of name an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Section,
    Key,
    Action,
    Property,
    Element,
    Attribute,
}

/// Where an entry stands, for the catalogue lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
/// Names are shared (`Arc`): every entry of a section names it, and a file
/// may have tens of thousands of entries.
pub enum Scope {
    /// A section name, or a key of the named section.
    Section(Arc<str>),
    /// A property of the named action.
    Action(Arc<str>),
    /// An element whose parent is named (or a root), or an attribute of the named element.
    Element(Arc<str>),
    None,
}

/// A name the file uses, with its value: a section, a key, an action, a
/// property, an element or an attribute.
#[derive(Clone, Debug)]
pub struct Entry {
    pub kind: EntryKind,
    pub scope: Scope,
    pub name: String,
    pub name_range: TextRange,
    pub value: Option<(String, TextRange)>,
    /// The whole entry (a setting line without its line ending, a property with its value).
    pub range: TextRange,
    /// For sections and keys: the range to delete to remove the entry, line ending included.
    pub removal: Option<TextRange>,
}

/// A comment, which may hold a suppression.
#[derive(Clone, Debug)]
pub struct Comment {
    pub text: String,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub path: String,
    pub format: Format,
    pub text: String,
    pub lines: LineIndex,
    pub facts: Facts,
    pub entries: Vec<Entry>,
    pub syntax_errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
    /// The line ending the file mostly uses.
    pub newline: &'static str,
    /// Host ranges written in ObjectScript inside another language (a shell
    /// heredoc fed to `iris session`): a comment there is ObjectScript's.
    pub objectscript_regions: Vec<TextRange>,
}

impl Document {
    pub fn new(path: &str, text: String, format: Format) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            path: path.to_string(),
            format,
            newline: lines.newline(),
            lines,
            text,
            facts: Facts::default(),
            entries: Vec::new(),
            syntax_errors: Vec::new(),
            comments: Vec::new(),
            objectscript_regions: Vec::new(),
        }
    }

    /// The comment a suppression at `offset` is written in.
    pub fn suppression_comment_at(&self, offset: usize) -> Option<(&'static str, &'static str)> {
        if self.objectscript_regions.iter().any(|r| r.start <= offset && offset < r.end) {
            return Some(("// ", ""));
        }
        self.format.suppression_comment()
    }

    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.start..range.end]
    }
}
