//! A Dockerfile cut into instructions, the way the builder reads it: an
//! instruction continues over lines that end with the escape character
//! (`\`, or the one a `# escape=` directive names), comment lines inside a
//! continuation are dropped, and a heredoc (`<<EOF`) runs to its delimiter.

use super::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// `RUN`, `ENV`, … in upper case.
    pub keyword: String,
    pub keyword_range: TextRange,
    /// The instruction from its keyword to the end of its last line.
    pub range: TextRange,
    /// The arguments, one piece per physical line, without the escape
    /// character and line ending that continue them.
    pub pieces: Vec<TextRange>,
    /// Heredoc lines after the first line (bodies and delimiters), verbatim.
    pub heredoc: Option<TextRange>,
}

#[derive(Clone, Debug, Default)]
pub struct Dockerfile {
    pub instructions: Vec<Instruction>,
    /// Comment lines, with their text.
    pub comments: Vec<(TextRange, String)>,
}

pub fn parse(text: &str) -> Dockerfile {
    let escape = escape_directive(text);
    let mut out = Dockerfile::default();
    let lines = lines(text);
    let mut i = 0;
    while i < lines.len() {
        let (start, end) = lines[i];
        let line = &text[start..end];
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        if trimmed.starts_with('#') {
            out.comments.push((TextRange::new(start + (line.len() - trimmed.len()), end), trimmed.to_string()));
            i += 1;
            continue;
        }
        let kw_start = start + (line.len() - trimmed.len());
        let kw_len = trimmed.find(|c: char| c.is_whitespace()).unwrap_or(trimmed.len());
        let keyword = trimmed[..kw_len].to_ascii_uppercase();
        let mut pieces = Vec::new();
        let mut piece_start = kw_start + kw_len;
        let mut last_end;
        let mut heredoc_delims = heredoc_delimiters(&text[piece_start..end]);
        loop {
            let (s, e) = lines[i];
            let content = &text[piece_start.max(s)..e];
            let continued = content.trim_end().ends_with(escape);
            let piece_end = if continued { piece_start.max(s) + content.trim_end().len() - 1 } else { e };
            pieces.push(TextRange::new(piece_start.max(s), piece_end));
            last_end = e;
            i += 1;
            if !continued {
                break;
            }
            // Comment and blank lines inside a continuation are not part of it.
            while i < lines.len() {
                let t = text[lines[i].0..lines[i].1].trim_start();
                if t.starts_with('#') {
                    let ce = lines[i].1;
                    out.comments.push((TextRange::new(ce - t.len(), ce), t.to_string()));
                    i += 1;
                } else if t.is_empty() {
                    i += 1;
                } else {
                    break;
                }
            }
            if i >= lines.len() {
                break;
            }
            piece_start = lines[i].0;
            heredoc_delims.extend(heredoc_delimiters(&text[lines[i].0..lines[i].1]));
        }
        let mut heredoc = None;
        if !heredoc_delims.is_empty() && i < lines.len() {
            let h_start = lines[i].0;
            for delim in &heredoc_delims {
                while i < lines.len() {
                    let l = text[lines[i].0..lines[i].1].trim_end_matches(['\r', '\n']);
                    i += 1;
                    if l.trim_start_matches('\t') == delim {
                        break;
                    }
                }
            }
            let h_end = lines[i - 1].1;
            heredoc = Some(TextRange::new(h_start, h_end));
            last_end = h_end;
        }
        let line_end = text[..last_end].trim_end_matches(['\r', '\n']).len().max(kw_start);
        out.instructions.push(Instruction {
            keyword,
            keyword_range: TextRange::new(kw_start, kw_start + kw_len),
            range: TextRange::new(kw_start, line_end),
            pieces,
            heredoc,
        });
    }
    out
}

/// Each line's range, without its line ending.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']).len();
        out.push((offset, offset + content));
        offset += line.len();
    }
    out
}

/// `# escape=\`` before the first instruction.
fn escape_directive(text: &str) -> char {
    for line in text.lines() {
        let t = line.trim();
        let Some(directive) = t.strip_prefix('#') else { break };
        let d = directive.trim().to_ascii_lowercase();
        if let Some(v) = d.strip_prefix("escape=") {
            if v.trim() == "`" {
                return '`';
            }
        }
    }
    '\\'
}

/// `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"` on a line (not `<<<`).
fn heredoc_delimiters(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("<<") {
        let after = &rest[at + 2..];
        if let Some(more) = after.strip_prefix('<') {
            rest = more;
            continue;
        }
        let after = after.strip_prefix('-').unwrap_or(after).trim_start();
        let quoted = after.starts_with(['\'', '"']);
        let word: String =
            after.trim_start_matches(['\'', '"']).chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !word.is_empty() && (quoted || after.starts_with(|c: char| c.is_alphabetic() || c == '_')) {
            out.push(word);
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_comments_and_heredocs() {
        let text = "FROM x\n# c\nRUN a \\\n  # dropped \\\n  b\nENV A=1\nRUN cat <<EOF | iris session IRIS\ndo x\nEOF\nCMD y\n";
        let d = parse(text);
        let kws: Vec<&str> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kws, ["FROM", "RUN", "ENV", "RUN", "CMD"]);
        let run = &d.instructions[1];
        let pieces: Vec<&str> = run.pieces.iter().map(|r| &text[r.start..r.end]).collect();
        assert_eq!(pieces, [" a ", "  b"]);
        assert_eq!(d.comments.len(), 2);
        let h = d.instructions[3].heredoc.unwrap();
        assert_eq!(&text[h.start..h.end], "do x\nEOF");
        assert_eq!(
            &text[d.instructions[3].range.start..d.instructions[3].range.end],
            "RUN cat <<EOF | iris session IRIS\ndo x\nEOF"
        );
    }
}
