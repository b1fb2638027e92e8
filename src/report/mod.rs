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
use std::ops::Range;

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
        Self::of(reports.iter().map(|r| &r.doc))
    }

    /// The index of the given documents.
    pub fn of(docs: impl IntoIterator<Item = &'a Document>) -> Self {
        Self(docs.into_iter().map(|d| (d.path.as_str(), d)).collect())
    }

    /// The document at `path`, or `fallback` when the path is not part of the run.
    pub fn get(&self, path: &str, fallback: &'a Document) -> &'a Document {
        self.0.get(path).copied().unwrap_or(fallback)
    }
}

/// The reports a writer writes, handed over a few files at a time in the
/// order they are written: a slice held whole, or a run that checks its
/// files as the report is written and lets each go once written.
pub trait Reports {
    /// Calls `each` with the reports, a window of files at a time, and the
    /// documents that their related locations in other files may name.
    fn windows<E>(&self, each: &mut Window<'_, E>) -> Result<(), E>;

    /// Calls `each` with every report in turn.
    fn each<E>(&self, each: &mut dyn FnMut(&FileReport, &DocIndex) -> Result<(), E>) -> Result<(), E> {
        self.windows(&mut |window, docs| window.iter().try_for_each(|r| each(r, docs)))
    }

    /// Hands `write` each report as `render` renders it, a piece of at most
    /// [`PIECE`] findings at a time (`render` is given the range of the
    /// report's findings; the first piece of a file starts at 0): the pieces
    /// of a window rendered [`WINDOW`] at once on the thread pool, written in
    /// order, so that what is held rendered stays small even for a file with
    /// a million findings.
    fn rendered<E>(&self, render: &Render, write: &mut dyn FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        use rayon::prelude::*;
        self.windows(&mut |window, docs| {
            let pieces: Vec<(&FileReport, Range<usize>)> = window
                .iter()
                .flat_map(|r| {
                    let n = r.findings.len();
                    (0..n.div_ceil(PIECE).max(1)).map(move |i| (*r, i * PIECE..((i + 1) * PIECE).min(n)))
                })
                .collect();
            pieces.chunks(WINDOW).try_for_each(|chunk| {
                let parts: Vec<Vec<u8>> = chunk.par_iter().map(|(r, range)| render(r, range.clone(), docs)).collect();
                parts.iter().try_for_each(|p| write(p))
            })
        })
    }
}

/// Renders a piece of a file's report: the findings in the range.
pub type Render<'a> = dyn Fn(&FileReport, Range<usize>, &DocIndex) -> Vec<u8> + Sync + 'a;

/// The most findings [`Reports::rendered`] renders in one piece.
pub const PIECE: usize = 512;

/// What [`Reports::windows`] hands each window of reports to.
pub type Window<'a, E> = dyn FnMut(&[&FileReport], &DocIndex) -> Result<(), E> + 'a;

/// Files handed over together by [`Reports::windows`], and pieces rendered together by [`Reports::rendered`].
pub const WINDOW: usize = 64;

impl Reports for [FileReport] {
    fn windows<E>(&self, each: &mut Window<'_, E>) -> Result<(), E> {
        let docs = DocIndex::new(self);
        self.chunks(WINDOW).try_for_each(|chunk| each(&chunk.iter().collect::<Vec<_>>(), &docs))
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

/// `text` (which starts at byte `start` of the document) with each run of
/// secret text replaced by the same fixed-width mask, whatever the secret's
/// length.
pub fn masked(text: &str, start: usize, secrets: &[TextRange]) -> String {
    masked_columns(text, start, secrets).0
}

/// [`masked`], with where each character column of `text` lands in the
/// masked text (one more entry than `text` has characters, for the end).
/// A column inside a secret lands at the start of its mask; the column after
/// one lands after it.
pub fn masked_columns(text: &str, start: usize, secrets: &[TextRange]) -> (String, Vec<usize>) {
    let mask = crate::model::secrets::mask("*");
    let mask_width = mask.chars().count();
    let mut out = String::with_capacity(text.len());
    let mut columns = Vec::with_capacity(text.len() + 1);
    let mut width = 0;
    let mut in_secret = false;
    for (i, ch) in text.char_indices() {
        let at = start + i;
        // A line break ends a run: the mask never takes a line away.
        let secret = ch != '\n' && ch != '\r' && secrets.iter().any(|r| r.start <= at && at < r.end);
        if secret {
            if !in_secret {
                columns.push(width);
                out.push_str(&mask);
                width += mask_width;
            } else {
                columns.push(width - mask_width);
            }
        } else {
            columns.push(width);
            out.push(ch);
            width += 1;
        }
        in_secret = secret;
    }
    columns.push(width);
    (out, columns)
}

/// The whole document with its secrets masked, lines kept, for output that
/// shows file text beyond one line (`--diff`). A value that only names where
/// the secret comes from (`${SUPERUSER_PASSWORD}`) is shown: it is not one.
pub fn masked_text(doc: &Document) -> String {
    let secrets: Vec<TextRange> = doc
        .facts
        .secrets
        .iter()
        .filter(|s| !crate::model::secrets::is_reference(&s.value.text))
        .map(|s| s.value.range)
        .filter(|r| !r.is_empty())
        .collect();
    if secrets.is_empty() {
        return doc.text.clone();
    }
    masked(&doc.text, 0, &secrets)
}
