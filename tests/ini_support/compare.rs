//! The hand-written INI reader against the grammar it replaces: both read the
//! same text into an `IniFile`, compared on structure and every range, the
//! first difference named.
//!
//! Some kinds of line are compared differently, on purpose: on them the
//! grammar's error recovery depends on what surrounds them and may give what
//! no user wants (throw the section before away, its settings and actions
//! vanishing and the lines after falling into the preamble; or read a bad line
//! together with the lines after it). The hand reader confines each error to
//! its line and reads on:
//!
//! 1. a header without a name (`[`, `[]…`): reported as unreadable;
//! 2. a header without its `]` (`[Name`): a section, `]` expected (as the
//!    grammar reports it where it reads such a header);
//! 3. a value that is a lone `[` at the end of its line (`Key=[`), which the
//!    grammar reads as a header without a name: the value `[`;
//! 4. a header with text after it (`[Name] x`): the section, and the text
//!    reported;
//! 5. an operation's property without `=` after a comma (`A:x="a" ,y`): the
//!    operation dropped, `=` expected (as the grammar does when no other
//!    error is near);
//! 6. an operation ending in a comma followed by a line of blanks or by the
//!    end of the file, which the grammar drops for a missing value (`cannot
//!    read ``: `quoted_value` expected`): the operation, and the comma reported;
//! 7. text right after an operation's quoted value (`A:x="a"#`), where the
//!    grammar may read a `;` or `#` as a comment: the operation ends at the
//!    quote, the rest of the line reported;
//! 8. a U+FEFF other than at the start, which the grammar may read as a byte
//!    order mark (flattening then says the file has one): text.
//!
//! When a file has such lines and the results differ, the text between them
//! is compared: `parse_range` of each stretch against the grammar reading the
//! text with every line outside that stretch turned into a comment (line
//! endings kept, so every position stays). Text with a NUL byte only must not
//! panic: the grammar's lexer takes NUL for the end of the text, and neither
//! the command line nor the server parses such a file (it is binary).

use irislint::syntax::cpf::{self, IniFile, IniSetting};
use irislint::syntax::text::TextRange;

/// `Err` names the first difference between the hand reader and the grammar.
pub fn check(text: &str) -> Result<(), String> {
    if text.contains('\0') {
        cpf::parse(text);
        return Ok(());
    }
    check_stretch(text, None)
}

/// The whole text (`None`), or the lines of `keep` alone.
fn check_stretch(text: &str, keep: Option<TextRange>) -> Result<(), String> {
    let (hand, reference_text) = match keep {
        None => (cpf::parse(text), text.to_string()),
        Some(stretch) => {
            let mut hand = cpf::parse_range(text, stretch);
            // The blanked text keeps the byte order mark, for line ranges;
            // only the first stretch has it.
            hand.has_bom = text.starts_with('\u{feff}');
            (hand, blank_outside(text, stretch))
        }
    };
    let Err(difference) = compare(text, &hand, &reference_text, keep) else { return Ok(()) };
    let odd = odd_headers(text, &hand);
    if odd.is_empty() {
        return Err(difference);
    }
    let whole = keep.unwrap_or(TextRange::new(0, text.len()));
    let mut start = whole.start;
    for (line_start, line_end) in odd.iter().copied().chain([(whole.end, whole.end)]) {
        let stretch = TextRange::new(start, line_start.max(start));
        check_stretch(text, Some(stretch))
            .map_err(|d| format!("between odd lines, {}..{}: {d}", stretch.start, stretch.end))?;
        start = line_end.max(start);
    }
    Ok(())
}

fn compare(text: &str, hand: &IniFile, reference_text: &str, keep: Option<TextRange>) -> Result<(), String> {
    let tree = cpf::parse_tree(reference_text).ok_or("the grammar loads")?;
    let mut oracle = cpf::flatten(&tree, reference_text);
    if let Some(keep) = keep {
        // Lines outside a compared stretch are comments there: not the text's.
        oracle.comments.retain(|(_, r)| keep.start <= r.start && r.start < keep.end);
        for section in oracle.sections.iter_mut().filter(|s| s.range.end > keep.end) {
            section.range = cpf::trim_range(text, TextRange::new(section.range.start, keep.end));
        }
    }
    first_difference(&flat(hand), &flat(&oracle))
        .map_or(Ok(()), |d| Err(format!("{d}\ninput: {text:?}\ngrammar's tree: {}", tree.root_node().to_sexp())))
}

/// The lines (start, end after the line ending) where the hand reader found a
/// header without a name or without its `]`.
fn odd_headers(text: &str, file: &IniFile) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let nameless =
        file.errors.iter().map(|e| e.range.start).filter(|at| {
            bytes.get(*at) == Some(&b'[') && matches!(bytes.get(at + 1), None | Some(b']' | b'\r' | b'\n'))
        });
    let unclosed = file.sections.iter().map(|s| s.header).filter(|h| !text[h.start..h.end].ends_with(']'));
    let mut lines: Vec<(usize, usize)> =
        nameless.chain(unclosed.map(|h| h.start)).map(|at| line_around(text, at)).collect();
    // A property without `=`.
    for e in file.errors.iter().filter(|e| e.message.ends_with("`=` expected")) {
        lines.push((line_around(text, e.range.start).0, line_around(text, e.range.end).1));
    }
    // A trailing comma, then a line of blanks.
    let mut at = 0;
    while at < text.len() {
        let (start, end) = line_around(text, at);
        if end < text.len() && text[start..end].trim_end().ends_with(',') {
            let (next_start, next_end) = line_around(text, end);
            let next = text[next_start..next_end].trim_end_matches(['\r', '\n']);
            if next.starts_with([' ', '\t']) && next.trim_matches([' ', '\t']).is_empty() {
                lines.push((start, next_end));
            }
        }
        at = end.max(at + 1);
    }
    // A U+FEFF after the start.
    lines.extend(text.match_indices('\u{feff}').filter(|(at, _)| *at > 0).map(|(at, _)| line_around(text, at)));
    // A trailing comma at the end of the file.
    if text.trim_end_matches([' ', '\t']).ends_with(',') {
        lines.push((line_around(text, text.trim_end_matches([' ', '\t']).len() - 1).0, text.len()));
    }
    // An operation the hand reader dropped (for a property without `=`),
    // with its indented lines.
    for section in file.sections.iter().filter(|s| s.is_actions) {
        let mut at = line_around(text, section.header.start).1;
        while at < section.range.end {
            let (start, end) = line_around(text, at);
            let content = start + text[start..end].len() - text[start..end].trim_start_matches([' ', '\t']).len();
            if has_operation_shape(&text[content..end])
                && !section.actions.iter().any(|a| a.name_range.start == content)
            {
                let mut stop = end;
                while stop < text.len() && text[stop..].starts_with([' ', '\t']) {
                    stop = line_around(text, stop).1;
                }
                lines.push((start, stop));
            }
            at = end.max(at + 1);
        }
    }
    // Text right after an operation's quoted value.
    for e in &file.errors {
        let before = text[..e.range.start].trim_end_matches([' ', '\t']);
        if before.ends_with('"') && file.sections.iter().any(|s| s.is_actions && s.range.contains_range(e.range)) {
            let start = line_around(text, e.range.start).0;
            let operation = file.sections.iter().flat_map(|s| &s.actions).find(|a| a.range.end == before.len());
            lines.push((
                operation.map_or(start, |a| line_around(text, a.range.start).0),
                line_around(text, e.range.start).1,
            ));
        }
    }
    // A header with text after it on its line.
    for section in &file.sections {
        let line = line_around(text, section.header.start);
        if file.errors.iter().any(|e| section.header.end <= e.range.start && e.range.start < line.1) {
            lines.push(line);
        }
    }
    // A value that is a lone `[` at the end of its line: the grammar reads
    // the `[` as a header without a name.
    let lone_bracket =
        |r: TextRange| &text[r.start..r.end] == "[" && matches!(bytes.get(r.end), None | Some(b'\r' | b'\n'));
    let settings = file.preamble.iter().chain(file.sections.iter().flat_map(|s| &s.settings));
    let values = settings
        .map(|s| s.value_range)
        .chain(file.sections.iter().flat_map(|s| &s.actions).flat_map(|a| &a.properties).map(|p| p.value_range));
    lines.extend(values.filter(|r| lone_bracket(*r)).map(|r| line_around(text, r.start)));
    lines.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in lines {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `Name:Prop=…`
fn has_operation_shape(line: &str) -> bool {
    let Some((name, rest)) = line.split_once(':') else { return false };
    let name = name.trim_end_matches([' ', '\t']);
    let rest = rest.trim_start_matches([' ', '\t']);
    !name.is_empty()
        && !name.starts_with([';', '#', '[', ']'])
        && !name.contains([' ', '\t', '=', ',', '"'])
        && rest.find(['=', ',', '"']).is_some_and(|i| i > 0 && rest[i..].starts_with('='))
}

/// The line holding `at`: its start, and its end after the line ending.
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind(['\r', '\n']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\r', '\n']).map_or(text.len(), |i| at + i);
    let end = if text[end..].starts_with("\r\n") { end + 2 } else { (end + 1).min(text.len()) };
    (start, end)
}

/// The text with every line outside `keep` a comment of blanks (`;   `):
/// blanks alone would be indentation, continuing an operation.
fn blank_outside(text: &str, keep: TextRange) -> String {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let masked: Vec<u8> = (0..bytes.len())
        .map(|i| {
            let b = bytes[i];
            if keep.start <= i && i < keep.end || b == b'\n' || b == b'\r' || i < bom {
                b
            } else if i == bom || bytes[i - 1] == b'\n' || bytes[i - 1] == b'\r' {
                b';'
            } else {
                b' '
            }
        })
        .collect();
    String::from_utf8(masked).expect("whole characters replaced")
}

fn first_difference(hand: &[String], oracle: &[String]) -> Option<String> {
    for (i, (h, o)) in hand.iter().zip(oracle).enumerate() {
        if h != o {
            return Some(format!("first difference (item {i}):\n  hand:    {h}\n  grammar: {o}"));
        }
    }
    (hand.len() != oracle.len()).then(|| {
        let extra = |side: &[String]| side.get(hand.len().min(oracle.len())).cloned().unwrap_or_default();
        format!("one side has more: hand next `{}`, grammar next `{}`", extra(hand), extra(oracle))
    })
}

fn r(range: TextRange) -> String {
    format!("{}..{}", range.start, range.end)
}

fn setting(path: &str, s: &IniSetting, out: &mut Vec<String>) {
    out.push(format!(
        "{path} key {:?} {} value {:?} {} range {} line {}",
        s.key,
        r(s.key_range),
        s.value,
        r(s.value_range),
        r(s.range),
        r(s.line)
    ));
}

/// Every item and range of a file, one line each, in reading order.
fn flat(file: &IniFile) -> Vec<String> {
    let mut out = vec![format!("has_bom {}", file.has_bom), format!("preamble.len {}", file.preamble.len())];
    for (i, s) in file.preamble.iter().enumerate() {
        setting(&format!("preamble[{i}]"), s, &mut out);
    }
    out.push(format!("sections.len {}", file.sections.len()));
    for (i, sec) in file.sections.iter().enumerate() {
        out.push(format!(
            "sections[{i}] name {:?} {} header {} range {} is_actions {} settings {} actions {}",
            sec.name,
            r(sec.name_range),
            r(sec.header),
            r(sec.range),
            sec.is_actions,
            sec.settings.len(),
            sec.actions.len()
        ));
        for (j, s) in sec.settings.iter().enumerate() {
            setting(&format!("sections[{i}].settings[{j}]"), s, &mut out);
        }
        for (j, a) in sec.actions.iter().enumerate() {
            out.push(format!(
                "sections[{i}].actions[{j}] name {:?} {} range {} properties {}",
                a.name,
                r(a.name_range),
                r(a.range),
                a.properties.len()
            ));
            for (k, p) in a.properties.iter().enumerate() {
                out.push(format!(
                    "sections[{i}].actions[{j}].properties[{k}] key {:?} {} value {:?} {} quoted {} range {} removal {}",
                    p.key,
                    r(p.key_range),
                    p.value,
                    r(p.value_range),
                    p.quoted,
                    r(p.range),
                    r(p.removal)
                ));
            }
        }
    }
    out.push(format!("comments.len {}", file.comments.len()));
    out.extend(file.comments.iter().enumerate().map(|(i, (t, c))| format!("comments[{i}] {t:?} {}", r(*c))));
    out.push(format!("errors.len {}", file.errors.len()));
    out.extend(file.errors.iter().enumerate().map(|(i, e)| format!("errors[{i}] {} {}", r(e.range), e.message)));
    out
}
