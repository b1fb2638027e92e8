//! The `zpm "…"` commands of a unit, found before it is read: the grammar
//! reads them as errors, so both readers see them blanked.

/// A `zpm "…"` command found by the pre-scan (offsets in the embedded text).
pub(super) struct ZpmCommand {
    pub command: String,
    pub start: usize,
    pub end: usize,
    pub arg_start: usize,
    pub arg_end: usize,
}

/// `zpm "…"` commands outside strings and comments. A command starts a line
/// or follows a space after another command.
pub(super) fn zpm_commands(text: &str) -> Vec<ZpmCommand> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'"' => {
                i = skip_string(b, i);
                line_start = false;
                continue;
            }
            b';' => {
                i = skip_line(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = skip_line(b, i);
                continue;
            }
            b'#' if b.get(i + 1) == Some(&b';') => {
                i = skip_line(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
                continue;
            }
            _ => {}
        }
        let word_start = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        if word_start && b[i..].len() >= 3 && b[i..i + 3].eq_ignore_ascii_case(b"zpm") {
            let mut j = i + 3;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if j > i + 3 && b.get(j) == Some(&b'"') {
                let end = skip_string(b, j);
                // The text between the quotes; an unclosed string runs to the line's end.
                let closed = end > j + 1 && b[end - 1] == b'"';
                let raw = &text[j + 1..if closed { end - 1 } else { end }];
                // Postconditions and options after the string (`:1`) stay in the command.
                let mut k = end;
                while k < b.len() && !matches!(b[k], b' ' | b'\t' | b'\n' | b'\r') {
                    k += 1;
                }
                out.push(ZpmCommand {
                    command: raw.replace("\"\"", "\""),
                    start: i,
                    end: k,
                    arg_start: j,
                    arg_end: end,
                });
                i = k;
                line_start = false;
                continue;
            }
        }
        let _ = line_start;
        line_start = false;
        i += 1;
    }
    out
}

pub(super) fn skip_string(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'"' {
            if b.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        if b[i] == b'\n' {
            return i;
        }
        i += 1;
    }
    b.len()
}

pub(super) fn skip_line(b: &[u8], start: usize) -> usize {
    b[start..].iter().position(|&c| c == b'\n').map_or(b.len(), |j| start + j)
}
