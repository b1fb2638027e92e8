//! Lone UTF-16 surrogate escapes (`"\ud800"`) are valid JSON text but no
//! Unicode, so the JSON reader refuses the whole message. Editors do send
//! them (a half-typed emoji, a file read with the wrong encoding): each one
//! is replaced by `\ufffd` so the message is read, and the caller logs it.

/// The body with every lone surrogate escape replaced, and how many there
/// were; `None` when there are none.
pub fn repair(body: &[u8]) -> Option<(Vec<u8>, usize)> {
    // Backslashes occur only inside JSON strings, so escapes can be read
    // without tracking where strings begin and end.
    let mut out: Option<Vec<u8>> = None;
    let mut replaced = 0;
    let mut copied = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(body, i) else {
            // Any other escape is two bytes: `\\` must not start a new one.
            i += 2;
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        if high && escape_at(body, i + 6).is_some_and(|next| (0xDC00..0xE000).contains(&next)) {
            i += 12;
            continue;
        }
        if high || low {
            let buf = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            buf.extend_from_slice(&body[copied..i]);
            buf.extend_from_slice(b"\\ufffd");
            replaced += 1;
            copied = i + 6;
        }
        i += 6;
    }
    let mut buf = out?;
    buf.extend_from_slice(&body[copied..]);
    Some((buf, replaced))
}

/// The code unit of a `\uXXXX` escape at `at`.
fn escape_at(body: &[u8], at: usize) -> Option<u32> {
    let escape = body.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> Option<(String, usize)> {
        repair(s.as_bytes()).map(|(b, n)| (String::from_utf8(b).unwrap_or_default(), n))
    }

    #[test]
    fn replaces_lone_surrogates_only() {
        assert_eq!(fixed(r#""a\ud83d\ude00b""#), None, "a pair is kept");
        assert_eq!(fixed(r#""\\ud800""#), None, "an escaped backslash starts no escape");
        assert_eq!(fixed(r#""x\ud800 \udc00\u00e9""#), Some((r#""x\ufffd \ufffd\u00e9""#.into(), 2)));
        assert_eq!(fixed(r#""\ud800\ud800\udc00""#), Some((r#""\ufffd\ud800\udc00""#.into(), 1)));
        let (text, _) = fixed(r#"{"t":"\udfff"}"#).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["t"], "\u{fffd}");
    }
}
