//! Edit handles: how a value found in a file can be rewritten in that file's
//! own syntax. Formats create them; rules use them to build fixes without
//! knowing the format.

use crate::syntax::text::TextRange;
use crate::syntax::xml::escape_attribute;
use serde::Serialize;

/// A replacement of a byte range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// The syntax a value is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `Key=value` on its own line (CPF, CSP.ini).
    IniLine,
    /// `Prop=value` inside an `[Actions]` line, comma separated, `"…"` when needed.
    ActionProperty,
    /// `Name="value"` on an XML element.
    XmlAttribute,
    /// An ObjectScript literal: `64`, `"text"` (quotes doubled inside).
    ObjectScript,
}

/// Where a value is, or where it can be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueHandle {
    pub syntax: Syntax,
    /// The value's text (inside quotes when quoted); empty at the insertion point when the value is empty.
    pub value: TextRange,
    /// Whether the value is written with quotes.
    pub quoted: bool,
    /// The whole entry with one separator, removed by [`ValueHandle::remove`].
    pub entry: TextRange,
}

impl ValueHandle {
    /// Replaces the value, quoting as the syntax needs.
    pub fn replace(&self, new_value: &str) -> Edit {
        let new_text = match self.syntax {
            Syntax::IniLine => new_value.to_string(),
            Syntax::XmlAttribute => escape_attribute(new_value),
            Syntax::ObjectScript => {
                let number = !new_value.is_empty() && new_value.bytes().all(|b| b.is_ascii_digit());
                if self.quoted {
                    new_value.replace('"', "\"\"")
                } else if number {
                    new_value.to_string()
                } else {
                    format!("\"{}\"", new_value.replace('"', "\"\""))
                }
            }
            Syntax::ActionProperty => {
                let needs_quotes = new_value.contains([',', '=', '"']) || new_value.is_empty();
                if self.quoted {
                    new_value.replace('"', "\"\"")
                } else if needs_quotes {
                    format!("\"{}\"", new_value.replace('"', "\"\""))
                } else {
                    new_value.to_string()
                }
            }
        };
        Edit { range: self.value, new_text }
    }

    /// Removes the entry.
    pub fn remove(&self) -> Edit {
        Edit { range: self.entry, new_text: String::new() }
    }
}

/// Where a new property of an object can be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsertHandle {
    pub syntax: Syntax,
    pub at: usize,
    /// The line ending the file uses, for syntaxes that add a line.
    pub newline: &'static str,
}

impl InsertHandle {
    pub fn insert(&self, name: &str, value: &str) -> Edit {
        let new_text = match self.syntax {
            Syntax::IniLine => format!("{}{name}={value}", self.newline),
            Syntax::XmlAttribute => format!(" {name}=\"{}\"", escape_attribute(value)),
            // Setup code gets no inserted statements: a fix there edits a literal.
            Syntax::ObjectScript => String::new(),
            Syntax::ActionProperty => {
                if value.contains([',', '=', '"']) {
                    format!(",{name}=\"{}\"", value.replace('"', "\"\""))
                } else {
                    format!(",{name}={value}")
                }
            }
        };
        Edit { range: TextRange::empty(self.at), new_text }
    }
}
