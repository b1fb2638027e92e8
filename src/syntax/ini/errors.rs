//! Syntax errors, worded and placed as flattening the grammar's tree words
//! and places them: users see these as findings.

use super::scan::{line_with_eol, trim_range};
use super::TextRange;
use crate::syntax::xml::SyntaxError;

/// Text the grammar cannot read (its `ERROR` node spans `node`): the error is
/// the first line of it, trimmed.
pub(super) fn unreadable(text: &str, node: TextRange) -> SyntaxError {
    let r = trim_range(text, node);
    let first_line = text[r.start..r.end].lines().next().unwrap_or("").trim();
    SyntaxError {
        range: TextRange::new(r.start, r.start + first_line.len()).cover(TextRange::empty(r.start)),
        message: format!(
            "cannot read `{}`: a line is a [Section], a Key=value setting, an [Actions] operation or a comment",
            crate::findings::shorten(first_line, 60)
        ),
    }
}

/// A token the grammar had to insert at `at` (`]`, `=`): the error is the
/// whole line, trimmed.
pub(super) fn missing(text: &str, at: usize, token: &str) -> SyntaxError {
    let line = trim_range(text, line_with_eol(text, TextRange::empty(at)));
    let shown = crate::findings::shorten(&text[line.start..line.end], 60);
    SyntaxError { range: line, message: format!("cannot read `{shown}`: `{token}` expected") }
}
