//! Output formats. Every renderer masks secrets: a password or hash from the
//! file never appears in what irislint prints.

pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod show_fixes;
pub mod statistics;
pub mod text;

use crate::findings::Finding;
use crate::formats::Document;
use crate::syntax::text::{Encoding, TextRange};

/// One checked file.
pub struct FileReport {
    pub doc: Document,
    pub findings: Vec<Finding>,
    /// Said about the file as a whole (decoded with losses, …).
    pub notice: Option<String>,
}

/// A file or folder that could not be checked.
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// The documents of a run by path, to place related locations in other files.
pub struct DocIndex<'a>(std::collections::HashMap<&'a str, &'a Document>);

impl<'a> DocIndex<'a> {
    pub fn new(reports: &'a [FileReport]) -> Self {
        Self(reports.iter().map(|r| (r.doc.path.as_str(), &r.doc)).collect())
    }

    /// The document at `path`, or `fallback` when the path is not part of the run.
    pub fn get(&self, path: &str, fallback: &'a Document) -> &'a Document {
        self.0.get(path).copied().unwrap_or(fallback)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(doc: &Document, offset: usize) -> (u32, u32) {
    let p = doc.lines.position(&doc.text, offset, Encoding::Chars);
    (p.line + 1, p.column + 1)
}

/// The byte ranges of every secret value in the document, to be masked when source text is shown.
pub fn secret_ranges(doc: &Document) -> Vec<TextRange> {
    doc.facts.secrets.iter().map(|s| s.value.range).filter(|r| !r.is_empty()).collect()
}

/// `text` (which starts at byte `start` of the document) with secret ranges replaced by `*`.
pub fn masked(text: &str, start: usize, secrets: &[TextRange]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, ch) in text.char_indices() {
        let at = start + i;
        if secrets.iter().any(|r| r.start <= at && at < r.end) {
            out.push('*');
        } else {
            out.push(ch);
        }
    }
    out
}
