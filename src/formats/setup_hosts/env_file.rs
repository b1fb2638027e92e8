//! An `.env` file (`NAME=value` lines, `#` comments), as compose's
//! `env_file:` and variable substitution read it.

use super::variables::{read_assignment, unquote};
use crate::formats::document::{Comment, Document};
use crate::syntax::text::TextRange;

pub fn read(doc: &mut Document) {
    let text = doc.text.clone();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        if trimmed.starts_with('#') {
            doc.comments.push(Comment {
                text: trimmed.to_string(),
                range: TextRange::new(start + lead, start + content.len()),
            });
            continue;
        }
        let body = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let skip = trimmed.len() - body.len();
        let Some(eq) = body.find('=') else { continue };
        let name = body[..eq].trim();
        let (value, at) = unquote(&body[eq + 1..]);
        let value_start = start + lead + skip + eq + 1 + at;
        read_assignment(
            doc,
            name,
            value,
            TextRange::new(value_start, value_start + value.len()),
            TextRange::new(start + lead, start + content.len()),
        );
    }
}
