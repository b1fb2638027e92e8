//! A script fed to `iris session` (`iris.script`, `*.script`) or a routine
//! (`.mac`, `.int`): the whole file is one unit of ObjectScript. A routine's
//! labels stand in the first column; they are not commands, so they are
//! left out of what is parsed, and the rest is read as typed at the terminal.

use crate::formats::document::Document;
use crate::formats::setup::read_terminal_input;
use crate::syntax::embedded::Embedded;
use crate::syntax::text::TextRange;

pub fn read(doc: &mut Document) {
    let code = without_labels(&doc.text);
    read_terminal_input(doc, &code);
}

/// The text with first-column labels (`ZSTART`, `init(a,b)`) blanked out.
fn without_labels(text: &str) -> Embedded {
    let mut code = Embedded::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let label_len = label_length(line);
        if label_len > 0 {
            code.push_separator(start, &" ".repeat(label_len));
        }
        code.push_verbatim(text, TextRange::new(start + label_len, offset));
    }
    code
}

/// The length of a label at the start of a line: a name (`%` allowed first)
/// and an optional formal list. A line starting with a blank, a comment or a
/// dot (a block) has none.
fn label_length(line: &str) -> usize {
    let b = line.as_bytes();
    if b.is_empty() || !(b[0].is_ascii_alphanumeric() || b[0] == b'%') {
        return 0;
    }
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    // A script written in the first column (`zn "%SYS"`, `do x`) is code,
    // not labels: a label is followed by a blank, `(`, `;` or the line end,
    // and a command word followed by an argument is not one.
    if b.get(i) == Some(&b'(') {
        match line[i..].find(')') {
            Some(j) => i += j + 1,
            None => return 0,
        }
    } else if matches!(b.get(i), Some(b' ' | b'\t')) {
        let rest = line[i..].trim_start();
        if !(rest.is_empty() || rest.starts_with(';') || rest.starts_with("//")) {
            return 0;
        }
    } else if !matches!(b.get(i), None | Some(b'\n' | b'\r' | b';')) {
        return 0;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_not_code_but_first_column_commands_are() {
        assert_eq!(label_length("ZSTART ; start\n"), 6);
        assert_eq!(label_length("init(a,b)\n"), 9);
        assert_eq!(label_length("zn \"%SYS\"\n"), 0);
        assert_eq!(label_length("do ##class(A).B()\n"), 0);
        assert_eq!(label_length(" do x\n"), 0);
        let e = without_labels("Z1\n do x\n");
        assert_eq!(e.text, "  \n do x\n");
    }
}
