//! A Dockerfile: `ENV`/`ARG` that set an IRIS password, and the setup code
//! its `RUN` instructions feed to IRIS — through the shell (`iris session`
//! heredocs, pipes, arguments), or directly under `SHELL ["/irissession.sh"]`,
//! InterSystems' template wrapper that passes each `RUN` to `iris session`.

use super::shell::read_shell;
use super::variables::{read_assignment, unquote};
use crate::formats::document::{Comment, Document};
use crate::formats::setup::read_terminal_input;
use crate::model::{Wire, WireKind};
use crate::syntax::dockerfile::{parse, Instruction};
use crate::syntax::embedded::Embedded;
use crate::syntax::text::TextRange;

pub fn read(doc: &mut Document) {
    let parsed = parse(&doc.text);
    let mut objectscript_shell = false;
    for ins in &parsed.instructions {
        match ins.keyword.as_str() {
            "SHELL" => objectscript_shell = joined(doc, ins).to_ascii_lowercase().contains("irissession"),
            "RUN" if objectscript_shell => {
                // One command line per physical line; the wrapper hands them to `iris session`.
                let mut code = Embedded::new();
                for (i, piece) in ins.pieces.iter().enumerate() {
                    if i > 0 {
                        code.push_separator(piece.start, "\n");
                    }
                    code.push_verbatim(&doc.text, run_flags_skipped(doc, *piece, i));
                }
                read_terminal_input(doc, &code);
            }
            "RUN" => {
                let mut code = Embedded::new();
                for (i, piece) in ins.pieces.iter().enumerate() {
                    if i > 0 {
                        // The builder joins continued lines.
                        code.push_separator(piece.start, " ");
                    }
                    code.push_verbatim(&doc.text, run_flags_skipped(doc, *piece, i));
                }
                if let Some(h) = ins.heredoc {
                    code.push_separator(h.start, "\n");
                    code.push_verbatim(&doc.text, h);
                    code.push_separator(h.end, "\n");
                }
                read_shell(doc, &code);
            }
            "ENV" | "ARG" => read_variables(doc, ins),
            "COPY" | "ADD" => read_copy(doc, ins),
            _ => {}
        }
    }
    for (range, text) in parsed.comments {
        doc.comments.push(Comment { text, range });
    }
}

fn joined(doc: &Document, ins: &Instruction) -> String {
    ins.pieces.iter().map(|p| &doc.text[p.start..p.end]).collect::<Vec<_>>().join(" ")
}

/// The first piece without `--mount=…`-style flags of `RUN`.
fn run_flags_skipped(doc: &Document, piece: TextRange, index: usize) -> TextRange {
    if index > 0 {
        return piece;
    }
    let mut start = piece.start;
    loop {
        let rest = &doc.text[start..piece.end];
        let trimmed = rest.trim_start();
        if !trimmed.starts_with("--") {
            return TextRange::new(start, piece.end);
        }
        let flag = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        start += rest.len() - trimmed.len() + flag;
    }
}

/// `ENV A=1 B="2"`, the older `ENV A 1`, `ARG A=1`.
fn read_variables(doc: &mut Document, ins: &Instruction) {
    let Some(first) = ins.pieces.first() else { return };
    let piece = TextRange::new(first.start, ins.pieces.last().map_or(first.end, |p| p.end));
    let text = doc.text[piece.start..piece.end].to_string();
    let trimmed = text.trim_start();
    let base = piece.start + (text.len() - trimmed.len());
    let first_word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    if !trimmed[..first_word_end].contains('=') {
        // `ENV NAME value`: the rest of the line is the value.
        let name = &trimmed[..first_word_end];
        let rest = &trimmed[first_word_end..];
        let (value, at) = unquote(rest);
        let value_start = base + first_word_end + at;
        let entry = TextRange::new(ins.range.start, piece.end);
        read_assignment(doc, name, value, TextRange::new(value_start, value_start + value.len()), entry);
        return;
    }
    for (start, end) in words(trimmed) {
        let word = &trimmed[start..end];
        let Some(eq) = word.find('=') else { continue };
        let (value, at) = unquote(&word[eq + 1..]);
        let value_start = base + start + eq + 1 + at;
        let entry = TextRange::new(base + start, base + end);
        read_assignment(doc, &word[..eq], value, TextRange::new(value_start, value_start + value.len()), entry);
    }
}

/// `COPY [--chown=…] src… dest`: each source placed in the container; a
/// destination ending in `/` (or several sources) is a folder. The JSON form
/// `COPY ["a", "b"]` too. Copies from another stage (`--from=`) are not the
/// repository's files.
fn read_copy(doc: &mut Document, ins: &Instruction) {
    let Some(first) = ins.pieces.first() else { return };
    let end = ins.pieces.last().map_or(first.end, |p| p.end);
    let text = doc.text[first.start..end].to_string();
    let trimmed = text.trim();
    let mut args: Vec<String> = if trimmed.starts_with('[') {
        serde_json::from_str::<Vec<String>>(trimmed).unwrap_or_default()
    } else {
        words(trimmed).into_iter().map(|(s, e)| unquote(&trimmed[s..e]).0.to_string()).collect()
    };
    if args.iter().any(|a| a.starts_with("--from")) {
        return;
    }
    args.retain(|a| !a.starts_with("--"));
    let Some(dest) = args.pop() else { return };
    let folder = dest.ends_with('/') || args.len() > 1;
    for src in args {
        let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(&src);
        let target = if folder && !src.ends_with('/') && src != "." {
            format!("{}/{name}", dest.trim_end_matches('/'))
        } else {
            dest.clone()
        };
        let kind = WireKind::Copy { from: src.clone() };
        doc.facts.wiring.push(Wire { kind, target, range: ins.range });
    }
}

/// Words separated by blanks, where quotes keep blanks inside a word.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            (None, c) if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    out.push((s, i));
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::formats::{read, Format};

    #[test]
    fn heredoc_bodies_are_objectscript_regions() {
        let text = "FROM x\nRUN iris start IRIS && \\\n    iris session IRIS -U %SYS <<'EOF'\n do ##class(A.B).C()\n halt\nEOF\n";
        let doc = read("Dockerfile", text.to_string(), Format::Dockerfile);
        let at = text.find(" do").unwrap();
        assert_eq!(doc.suppression_comment_at(at), Some(("// ", "")), "{:?}", doc.objectscript_regions);
        assert_eq!(doc.suppression_comment_at(0), Some(("# ", "")));
    }
}
