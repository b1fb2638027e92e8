//! Input hygiene. The framework stops reading for good after the first frame
//! it cannot decode (bad JSON, a bad header), which would end the server. So
//! the input is framed here first: well-formed messages pass through
//! unchanged, a frame that holds no readable message becomes a
//! `$/irislint/malformed` request that `ordered` answers with the JSON-RPC
//! error the client should get, and bytes that are no frame at all are
//! skipped up to the next `Content-Length:` header and only logged
//! (`$/irislint/skipped`).
//!
//! A valid body never holds a `Content-Length: N` line (JSON allows no raw
//! line break inside a string, and no such word outside one), so a body that
//! does was given a wrong length: it ends there, and reading resumes at it.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

use std::sync::Arc;

use super::stash::Stash;
use super::surrogates;

/// The method standing in for a message that could not be read.
pub const MALFORMED: &str = "$/irislint/malformed";
/// The notification that says what was skipped (logged, never answered).
pub const SKIPPED: &str = "$/irislint/skipped";

/// Longer messages are skipped unread (a document is refused at 20 MiB anyway).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;
/// A header block longer than this is no header.
const MAX_HEADER: usize = 16 * 1024;
const NAME: &[u8] = b"content-length";

/// Copies framed messages from `input` to `output` until the input ends.
pub async fn sanitize<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(input: R, mut output: W, stash: Arc<Stash>) {
    let mut input = Input { reader: input, buf: Vec::new(), at: 0, ended: false };
    let mut skipped = 0usize;
    loop {
        let (garbage, length) = match input.next_header().await {
            Some(found) => found,
            None => {
                if skipped + input.rest().len() > 0 {
                    let note = skipped_note(skipped + input.rest().len(), "at the end of the input");
                    write(&mut output, &note).await;
                }
                return;
            }
        };
        skipped += garbage;
        if skipped > 0 {
            if !write(&mut output, &skipped_note(skipped, "before a Content-Length header")).await {
                return;
            }
            skipped = 0;
        }
        if length > MAX_MESSAGE {
            let (read, cut) = input.discard_body(length).await;
            let why = format!("a message of {length} bytes, over the limit of {MAX_MESSAGE}");
            let why = if cut { format!("{why} (cut short after {read} bytes by the next header)") } else { why };
            if !write(&mut output, &malformed(-32600, &why, None)).await {
                return;
            }
            continue;
        }
        let Some(body) = input.body(length).await else {
            let left = input.rest().len();
            write(&mut output, &skipped_note(left, "in a message the input ended in")).await;
            return;
        };
        for message in read_body(body, length, &mut input, &stash) {
            if !write(&mut output, &message).await {
                return;
            }
        }
    }
}

/// The messages a body stands for: itself (or a stub for it, see `stash`),
/// or its error answer, preceded by what to log. What follows a whole JSON
/// value goes back to the input.
fn read_body<R>(body: Vec<u8>, length: usize, input: &mut Input<R>, stash: &Stash) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut body = match surrogates::repair(&body) {
        Some((fixed, n)) => {
            let why = format!("{n} lone surrogate escape(s) in a message read as U+FFFD replacement characters");
            out.push(note(&why));
            fixed
        }
        None => body,
    };
    let mut parsed = serde_json::from_slice::<Value>(&body);
    if parsed.is_err() {
        // A length too long by a little takes in the start of the next header.
        if let Some(p) = header_begins_at_end(&body) {
            input.unread(&body[p..]);
            body.truncate(p);
            parsed = serde_json::from_slice::<Value>(&body);
        }
    }
    let (body, mut value) = match parsed {
        Ok(value) => (body, value),
        Err(e) => match whole_value_prefix(&body) {
            Some((end, value)) => {
                let why = format!("a Content-Length of {length} for a message of {end} bytes; the rest is read again");
                out.push(note(&why));
                input.unread(&body[end..]);
                (body[..end].to_vec(), value)
            }
            None => {
                out.push(malformed(-32700, &format!("malformed JSON ({e})"), None));
                return out;
            }
        },
    };
    let (body, value) = match stash.stub(body.len(), &mut value) {
        Some(stub) => (stub.to_string().into_bytes(), stub),
        None => (body, value),
    };
    match check(&value) {
        Ok(()) => out.push(body),
        Err((code, why, id)) => out.push(malformed(code, &why, id)),
    }
    out
}

/// Where the first JSON value of `body` ends, and the value, when one whole
/// value is there and something else follows it.
fn whole_value_prefix(body: &[u8]) -> Option<(usize, Value)> {
    let mut values = serde_json::Deserializer::from_slice(body).into_iter::<Value>();
    match values.next() {
        Some(Ok(value)) => Some((values.byte_offset(), value)).filter(|(end, _)| *end < body.len()),
        _ => None,
    }
}

/// Where a header line that the body ends in the middle of begins.
fn header_begins_at_end(body: &[u8]) -> Option<usize> {
    (body.len().saturating_sub(MAX_HEADER_LINE)..body.len()).find(|&p| {
        let tail = &body[p..];
        if tail.len() <= NAME.len() {
            NAME[..tail.len()].eq_ignore_ascii_case(tail)
        } else {
            tail[..NAME.len()].eq_ignore_ascii_case(NAME) && matches!(length_line(tail), Line::Incomplete)
        }
    })
}

/// The input, with what was read but not used yet.
struct Input<R> {
    reader: R,
    buf: Vec<u8>,
    /// Where the unused bytes of `buf` start.
    at: usize,
    ended: bool,
}

impl<R> Input<R> {
    fn rest(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
        if self.at == self.buf.len() {
            self.buf.clear();
            self.at = 0;
            // After a large message, do not keep its room.
            if self.buf.capacity() > 1 << 20 {
                self.buf = Vec::new();
            }
        }
    }

    /// Puts bytes back in front of the unused ones.
    fn unread(&mut self, bytes: &[u8]) {
        let mut buf = Vec::with_capacity(bytes.len() + self.rest().len());
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(self.rest());
        self.buf = buf;
        self.at = 0;
    }
}

impl<R: AsyncRead + Unpin> Input<R> {
    /// Reads more; false once the input has ended.
    async fn fill(&mut self) -> bool {
        if self.ended {
            return false;
        }
        if self.at > 0 && self.at * 2 > self.buf.len() {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        self.buf.reserve(1 << 16);
        match self.reader.read_buf(&mut self.buf).await {
            Ok(0) | Err(_) => {
                self.ended = true;
                false
            }
            Ok(_) => true,
        }
    }

    /// Finds the next header block and consumes it: how many bytes before it
    /// were no message (whitespace aside), and the length it gives.
    /// `None` when the input ends first.
    async fn next_header(&mut self) -> Option<(usize, usize)> {
        let mut garbage = 0usize;
        loop {
            match find_header(self.rest()) {
                Scan::Found { start, length, end } => {
                    garbage += self.rest()[..start].iter().filter(|b| !b.is_ascii_whitespace()).count();
                    self.consume(end);
                    return Some((garbage, length));
                }
                Scan::Partial { keep_from } => {
                    garbage += self.rest()[..keep_from].iter().filter(|b| !b.is_ascii_whitespace()).count();
                    self.consume(keep_from);
                }
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// The next `length` bytes, or fewer when a header shows up in them first.
    /// `None` when the input ends before either.
    async fn body(&mut self, length: usize) -> Option<Vec<u8>> {
        let mut searched = 0usize;
        loop {
            let rest = self.rest();
            let have = rest.len().min(length);
            if let Some(cut) = header_start(&rest[..have], searched) {
                let body = rest[..cut].to_vec();
                self.consume(cut);
                return Some(body);
            }
            if have == length {
                let body = rest[..length].to_vec();
                self.consume(length);
                return Some(body);
            }
            // A header split between reads is found next time.
            searched = have.saturating_sub(MAX_HEADER_LINE);
            if !self.fill().await {
                return None;
            }
        }
    }

    /// Drops an over-long body as it comes: `length` bytes, or up to the next
    /// header. How many were dropped, and whether a header cut it short.
    async fn discard_body(&mut self, length: usize) -> (usize, bool) {
        let mut dropped = 0usize;
        loop {
            let rest = self.rest();
            let have = rest.len().min(length - dropped);
            if let Some(cut) = header_start(&rest[..have], 0) {
                self.consume(cut);
                return (dropped + cut, true);
            }
            // Keep a tail: a header may start in it.
            let keep = if dropped + have == length { 0 } else { have.min(MAX_HEADER_LINE) };
            self.consume(have - keep);
            dropped += have - keep;
            if dropped == length || !self.fill().await {
                return (dropped, false);
            }
        }
    }
}

/// The longest `Content-Length: N` line kept in view across reads.
const MAX_HEADER_LINE: usize = 64;

enum Scan {
    /// A whole header block: where it starts, the length, where it ends.
    Found { start: usize, length: usize, end: usize },
    /// None yet: the bytes before `keep_from` cannot start one.
    Partial { keep_from: usize },
}

/// The first complete header block in `data`: a `Content-Length: N` line,
/// with any header lines right before it, up to the blank line.
fn find_header(data: &[u8]) -> Scan {
    let mut from = 0;
    while let Some(p) = find_name(data, from) {
        match length_line(&data[p..]) {
            Line::Valid(length, line_end) => {
                let start = header_lines_before(data, p);
                match blank_line_after(&data[p + line_end..]) {
                    Some(n) => return Scan::Found { start, length, end: p + line_end + n },
                    None if data.len() - start < MAX_HEADER => return Scan::Partial { keep_from: start },
                    None => from = p + 1,
                }
            }
            Line::Incomplete => return Scan::Partial { keep_from: header_lines_before(data, p) },
            Line::Invalid => from = p + 1,
        }
    }
    // A header may begin in the last few bytes, or be preceded by header lines.
    let tail = data.len().saturating_sub(NAME.len());
    let line_start = data.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let keep = header_lines_before(data, line_start);
    let keep = if data.len() - keep > MAX_HEADER { tail } else { keep };
    Scan::Partial { keep_from: keep }
}

/// Where a `Content-Length: N` line starts in `data` (searching from `from`).
fn header_start(data: &[u8], from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(p) = find_name(data, from) {
        if matches!(length_line(&data[p..]), Line::Valid(..)) {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

fn find_name(data: &[u8], from: usize) -> Option<usize> {
    if data.len() < NAME.len() {
        return None;
    }
    (from..=data.len() - NAME.len())
        .find(|&i| (data[i] | 0x20) == b'c' && data[i..i + NAME.len()].eq_ignore_ascii_case(NAME))
}

enum Line {
    /// The length, and where the line ends (after its newline).
    Valid(usize, usize),
    Incomplete,
    Invalid,
}

/// Reads `Content-Length: 123\r\n` at the start of `data`.
fn length_line(data: &[u8]) -> Line {
    let mut i = NAME.len();
    let spaces = |i: &mut usize| {
        while data.get(*i).is_some_and(|b| *b == b' ' || *b == b'\t') {
            *i += 1;
        }
    };
    spaces(&mut i);
    match data.get(i) {
        Some(b':') => i += 1,
        Some(_) => return Line::Invalid,
        None => return Line::Incomplete,
    }
    spaces(&mut i);
    let digits = i;
    while data.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let number = &data[digits..i];
    spaces(&mut i);
    if data.get(i) == Some(&b'\r') {
        i += 1;
    }
    match data.get(i) {
        None if number.len() < 20 => Line::Incomplete,
        Some(b'\n') if !number.is_empty() => match std::str::from_utf8(number).ok().and_then(|n| n.parse().ok()) {
            Some(n) => Line::Valid(n, i + 1),
            None => Line::Invalid,
        },
        _ => Line::Invalid,
    }
}

/// How far the rest of a header block goes: past other header lines and the
/// blank line that ends it. `None` if the blank line is not there yet.
fn blank_line_after(data: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let end = data[at..].iter().position(|b| *b == b'\n')? + at;
        let line = &data[at..end];
        at = end + 1;
        if line.is_empty() || line == b"\r" {
            return Some(at);
        }
    }
}

/// Where the header lines (`Name: value`) right before offset `p` begin.
fn header_lines_before(data: &[u8], p: usize) -> usize {
    let mut start = p;
    while start > 0 && data[start - 1] == b'\n' {
        let line_end = start - 1;
        let line_start = data[..line_end].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let line = &data[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let named = line
            .iter()
            .position(|b| *b == b':')
            .is_some_and(|colon| colon > 0 && line[..colon].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-'));
        if !named {
            break;
        }
        start = line_start;
    }
    start
}

/// Whether the framework can read a body: a request, notification or
/// response (an `id` with a `result` or an `error`).
fn check(value: &Value) -> Result<(), (i64, String, Option<Value>)> {
    let is_response = value.get("method").is_none()
        && (value.get("result").is_some() || value.get("error").is_some())
        && serde_json::from_value::<Response>(value.clone()).is_ok();
    let is_request = value.get("method").is_some() && serde_json::from_value::<Request>(value.clone()).is_ok();
    if is_request || is_response {
        return Ok(());
    }
    let id = value.get("id").filter(|id| id.is_i64() || id.is_string()).cloned();
    let why = if value.get("method").is_none() && id.is_some() {
        "a message with neither a method nor a result".to_string()
    } else {
        "a JSON value that is no JSON-RPC message".to_string()
    };
    Err((-32600, why, id))
}

fn malformed(code: i64, why: &str, id: Option<Value>) -> Vec<u8> {
    let message = json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": MALFORMED,
        "params": {"code": code, "reason": why, "id": id},
    });
    message.to_string().into_bytes()
}

/// A line for the log; the bytes themselves are never shown (they may hold a secret).
fn note(why: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "method": SKIPPED, "params": {"reason": why}}).to_string().into_bytes()
}

fn skipped_note(bytes: usize, where_: &str) -> Vec<u8> {
    note(&format!("skipped {bytes} bytes of input that were no message, {where_}"))
}

async fn write<W: AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> bool {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(header.as_bytes()).await.is_ok()
        && output.write_all(body).await.is_ok()
        && output.flush().await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_messages_from_other_json() {
        assert!(check(&json!({"jsonrpc":"2.0","method":"initialized","params":{}})).is_ok());
        assert!(check(&json!({"jsonrpc":"2.0","id":3,"result":null})).is_ok());
        let e = check(&json!({"jsonrpc":"1.0","id":7,"method":"x"})).err();
        assert_eq!(e.map(|e| (e.0, e.2)), Some((-32600, Some(json!(7)))));
        let e = check(&json!({"jsonrpc":"2.0","id":7})).err();
        assert_eq!(e.map(|e| (e.0, e.2)), Some((-32600, Some(json!(7)))));
    }

    #[test]
    fn finds_headers_after_garbage_and_waits_for_split_ones() {
        let data = b"junk\x01\nContent-Type: x\r\nContent-Length: 12\r\n\r\n{}";
        let Scan::Found { start, length, end } = find_header(data) else { panic!("no header") };
        assert_eq!((&data[..start], length, &data[end..]), (&b"junk\x01\n"[..], 12, &b"{}"[..]));
        assert!(matches!(find_header(b"xx\r\nContent-Len"), Scan::Partial { keep_from: 4 }));
        assert!(matches!(find_header(b"Content-Length: 5\r\n"), Scan::Partial { keep_from: 0 }));
        assert!(matches!(find_header(b"Content-Length: x\r\n\r\n"), Scan::Partial { .. }));
        assert_eq!(header_start(br#"{"a":1}Content-Length: 3"#, 0), None);
        assert_eq!(header_start(b"{\"a\":1}Content-Length: 3\r\n", 0), Some(7));
        assert_eq!(header_begins_at_end(b"{\"a\":1}\x01Content-Len"), Some(8));
        assert_eq!(header_begins_at_end(b"{\"a\":1}Content-Length: 12\r"), Some(7));
        assert_eq!(header_begins_at_end(b"{\"a\":1}Content-Length: x"), None);
    }
}
