//! Scanners for the pieces of XML markup. Each accepts exactly what the
//! `tree-sitter-xml` grammar reads there without an error, and answers `None`
//! for anything else, and for the few spellings whose reading depends on the
//! grammar's scanner state or the C library's character classes (non-ASCII
//! names, a processing instruction named `xm…`): those documents are left to
//! the grammar, so both readings always agree.
//!
//! Positions are byte offsets into `b`, which ends where the XML ends.

/// Longer names than any configuration file has: the grammar's scanner keeps
/// at most 255 bytes of a tag name and about a kilobyte of open tags, so a
/// document near those limits is left to it.
pub(super) const MAX_NAME_LEN: usize = 200;
pub(super) const MAX_OPEN_NAME_BYTES: usize = 700;

/// The grammar's white space: `[ \t\r\n]`.
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

pub(super) fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-')
}

/// The end of a run of name characters from `i`; `None` if the run is empty,
/// too long, or a non-ASCII character could continue it.
fn name_run_end(b: &[u8], i: usize) -> Option<usize> {
    let len = b.get(i..)?.iter().position(|c| !is_name_char(*c)).unwrap_or(b.len() - i);
    let end = i + len;
    (len > 0 && len <= MAX_NAME_LEN && b.get(end).is_none_or(|c| c.is_ascii())).then_some(end)
}

/// A tag name: the grammar's scanner takes any run of name characters, a
/// digit or `-` first too.
pub(super) fn tag_name_end(b: &[u8], i: usize) -> Option<usize> {
    name_run_end(b, i)
}

/// An attribute or entity name: `[a-zA-Z_][a-zA-Z0-9_:.·-]*`.
pub(super) fn name_end(b: &[u8], i: usize) -> Option<usize> {
    let first = *b.get(i)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    name_run_end(b, i)
}

/// A reference at `&`: `&name;`, `&#digits;` or `&#xhex;` (lower-case `x`
/// only, as the grammar has it). Returns the offset after the `;`.
pub(super) fn reference_end(b: &[u8], amp: usize) -> Option<usize> {
    let digits_end = |from: usize, hex: bool| {
        let len = b.get(from..)?.iter().position(|c| !(c.is_ascii_digit() || hex && c.is_ascii_hexdigit()));
        let end = from + len.unwrap_or(b.len() - from);
        (end > from).then_some(end)
    };
    let end = match (b.get(amp + 1), b.get(amp + 2)) {
        (Some(b'#'), Some(b'x')) => digits_end(amp + 3, true)?,
        (Some(b'#'), _) => digits_end(amp + 2, false)?,
        _ => name_end(b, amp + 1)?,
    };
    (b.get(end) == Some(&b';')).then_some(end + 1)
}

/// A comment at `<!`, as the grammar's scanner reads it: `<!--`, then up to
/// the first `--`, which must be followed by `>`. Returns the offset after it.
pub(super) fn comment_end(b: &[u8], lt: usize) -> Option<usize> {
    if b.get(lt + 2..lt + 4) != Some(b"--") {
        return None;
    }
    let mut i = lt + 4;
    while i < b.len() {
        i += 1;
        if b[i - 1] == b'-' && b.get(i) == Some(&b'-') {
            i += 1;
            break;
        }
    }
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

/// The end of a CDATA section's content, from just after `<![CDATA[`: the
/// grammar's scanner ends it at the first `]]>` that is not its very start
/// and does not follow another `]`; an empty section is `]]>` right away
/// when no later `]]>` ends a content. Returns (content end, offset after `]]>`).
pub(super) fn cdata_end(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut advanced = false;
    let mut i = from;
    while i < b.len() {
        if b[i] == b']' {
            let mark = i;
            i += 1;
            if b.get(i) == Some(&b']') {
                i += 1;
                if b.get(i) == Some(&b'>') && advanced {
                    return Some((mark, mark + 3));
                }
            }
        }
        advanced = true;
        i += 1;
    }
    b.get(from..from + 3).is_some_and(|s| s == b"]]>").then_some((from, from + 3))
}

/// A processing instruction at `<?`: a target, then `?>` or white space,
/// content on the same line, `?>` and the end of that line. Returns the
/// offset after `?>`.
pub(super) fn pi_end(b: &[u8], lt: usize) -> Option<usize> {
    let start = lt + 2;
    let first = *b.get(start)?;
    // `xml…` targets are the declaration and the style-sheet and model
    // instructions, which the grammar's scanner reads by other rules.
    let reserved = matches!(first, b'x' | b'X') && matches!(b.get(start + 1), Some(b'm' | b'M'));
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b':')) || reserved {
        return None;
    }
    let target_end = name_run_end(b, start)?;
    if b.get(target_end..target_end + 2) == Some(b"?>") {
        return Some(target_end + 2);
    }
    let content = skip_space(b, target_end);
    if content == target_end {
        return None;
    }
    let stop = content + b[content..].iter().position(|c| matches!(c, b'\n' | b'?'))?;
    if b[stop] != b'?' || b.get(stop + 1) != Some(&b'>') {
        return None;
    }
    // The scanner takes content only when spaces and a line break follow `?>`.
    let after = stop + 2 + b[stop + 2..].iter().take_while(|c| **c == b' ').count();
    (b.get(after) == Some(&b'\n')).then_some(stop + 2)
}

/// The XML declaration at `<?xml`: version, then optional encoding and
/// standalone, in that order. Returns the offset after `?>`.
pub(super) fn xml_decl_end(b: &[u8], lt: usize) -> Option<usize> {
    let mut i = keyword(b, lt + 2, b"xml")?;
    i = pseudo_attribute(b, i, b"version", version_num_end)?;
    for (name, value) in [(b"encoding".as_slice(), enc_name_end as ValueScanner), (b"standalone", yes_no_end)] {
        if let Some(next) = pseudo_attribute(b, i, name, value) {
            i = next;
        }
    }
    let i = skip_space(b, i);
    (b.get(i..i + 2) == Some(b"?>")).then_some(i + 2)
}

type ValueScanner = fn(&[u8], usize) -> Option<usize>;

/// ` name = "value"` (white space first, quotes single or double).
fn pseudo_attribute(b: &[u8], i: usize, name: &[u8], value: ValueScanner) -> Option<usize> {
    let at = skip_space(b, i);
    if at == i {
        return None;
    }
    let eq = skip_space(b, keyword(b, at, name)?);
    if b.get(eq) != Some(&b'=') {
        return None;
    }
    let open = skip_space(b, eq + 1);
    let quote = *b.get(open).filter(|q| matches!(q, b'"' | b'\''))?;
    let close = value(b, open + 1)?;
    (b.get(close) == Some(&quote)).then_some(close + 1)
}

/// A keyword: the word, not followed by a name character.
fn keyword(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    let end = i + word.len();
    let followed_by_name = b.get(end).is_some_and(|c| is_name_char(*c) || !c.is_ascii());
    (b.get(i..end) == Some(word) && !followed_by_name).then_some(end)
}

/// `1\.[0-9]+`
fn version_num_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i..i + 2) != Some(b"1.") {
        return None;
    }
    let len = b[i + 2..].iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len() - i - 2);
    (len > 0).then_some(i + 2 + len)
}

/// `[A-Za-z][A-Za-z0-9._\-]*`
fn enc_name_end(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let len = b[i..].iter().position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-')));
    Some(i + len.unwrap_or(b.len() - i))
}

fn yes_no_end(b: &[u8], i: usize) -> Option<usize> {
    keyword(b, i, b"yes").or_else(|| keyword(b, i, b"no"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_end_at_the_first_double_hyphen() {
        assert_eq!(comment_end(b"<!-- a -->x", 0), Some(10));
        assert_eq!(comment_end(b"<!---->", 0), Some(7));
        assert_eq!(comment_end(b"<!-- a -- b -->", 0), None);
        assert_eq!(comment_end(b"<!-- a", 0), None);
    }

    #[test]
    fn cdata_ends_as_the_grammar_scanner_ends_it() {
        assert_eq!(cdata_end(b"x]]>", 0), Some((1, 4)));
        assert_eq!(cdata_end(b"]]>", 0), Some((0, 3)));
        // An empty section runs on to a later `]]>`.
        assert_eq!(cdata_end(b"]]><a/>x]]>", 0), Some((8, 11)));
        assert_eq!(cdata_end(b"x]]]>", 0), None);
    }

    #[test]
    fn processing_instructions_stay_on_one_line() {
        assert_eq!(pi_end(b"<?pi a b?>\n", 0), Some(10));
        assert_eq!(pi_end(b"<?pi a b?>  \r\n", 0), None);
        assert_eq!(pi_end(b"<?pi a b?><a/>", 0), None);
        assert_eq!(pi_end(b"<?pi?><a/>", 0), Some(6));
        assert_eq!(pi_end(b"<?pi a\nb?>", 0), None);
        assert_eq!(pi_end(b"<?pi a?b?>", 0), None);
        assert_eq!(pi_end(b"<?xml-stylesheet href='a'?>", 0), None);
    }

    #[test]
    fn declarations_take_their_parts_in_order() {
        assert!(xml_decl_end(br#"<?xml version="1.0" encoding='UTF-8' standalone="yes" ?>"#, 0).is_some());
        assert!(xml_decl_end(br#"<?xml version = "1.10"?>"#, 0).is_some());
        assert!(xml_decl_end(br#"<?xml encoding="UTF-8" version="1.0"?>"#, 0).is_none());
        assert!(xml_decl_end(br#"<?xml version="2.0"?>"#, 0).is_none());
    }

    #[test]
    fn references_follow_the_grammar() {
        assert_eq!(reference_end(b"&amp;", 0), Some(5));
        assert_eq!(reference_end(b"&#x41;", 0), Some(6));
        assert_eq!(reference_end(b"&#65;", 0), Some(5));
        assert_eq!(reference_end(b"&#X41;", 0), None);
        assert_eq!(reference_end(b"& x;", 0), None);
        assert_eq!(reference_end(b"&amp", 0), None);
    }
}
