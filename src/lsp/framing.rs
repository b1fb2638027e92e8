//! Input hygiene. The framework stops reading for good after the first frame
//! it cannot decode (bad JSON, a bad header), which would end the server. So
//! the input is framed here first: well-formed messages pass through
//! unchanged, anything else becomes a `$/irislint/malformed` request that
//! `ordered` answers with the JSON-RPC error the client should get.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method standing in for a message that could not be read.
pub const MALFORMED: &str = "$/irislint/malformed";

/// Longer messages are skipped unread (a document is refused at 20 MiB anyway).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 16 * 1024;

/// Copies framed messages from `input` to `output` until the input ends.
pub async fn sanitize<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(input: R, mut output: W) {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    loop {
        let length = match read_headers(&mut reader).await {
            Headers::End => return,
            Headers::Missing => {
                if write(&mut output, &malformed(-32600, "a message without a valid Content-Length header", None)).await
                {
                    continue;
                }
                return;
            }
            Headers::Length(n) => n,
        };
        if length > MAX_MESSAGE {
            let skipped = tokio::io::copy(&mut (&mut reader).take(length as u64), &mut tokio::io::sink()).await;
            if skipped.map_or(true, |n| n < length as u64) {
                return;
            }
            let body =
                malformed(-32600, &format!("a message of {length} bytes, over the limit of {MAX_MESSAGE}"), None);
            if !write(&mut output, &body).await {
                return;
            }
            continue;
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let body = match check(&body) {
            Ok(()) => body,
            Err((code, why, id)) => malformed(code, &why, id),
        };
        if !write(&mut output, &body).await {
            return;
        }
    }
}

enum Headers {
    Length(usize),
    Missing,
    End,
}

/// Reads header lines up to the blank line; blank lines before a message are skipped.
async fn read_headers<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Headers {
    let mut length = None;
    let mut seen = false;
    loop {
        let mut line = Vec::new();
        match (&mut *reader).take(MAX_HEADER_LINE).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Headers::End,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen {
                return length.map_or(Headers::Missing, Headers::Length);
            }
            continue;
        }
        seen = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                length = value.trim().parse().ok();
            }
        }
    }
}

/// Whether the framework can read a body: a request, notification or response.
fn check(body: &[u8]) -> Result<(), (i64, String, Option<Value>)> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err((-32700, format!("malformed JSON ({e})"), None)),
    };
    let readable = serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok();
    if readable {
        return Ok(());
    }
    let id = value.get("id").filter(|id| id.is_i64() || id.is_string()).cloned();
    Err((-32600, "a JSON value that is no JSON-RPC message".into(), id))
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
    fn tells_bad_json_from_bad_messages() {
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        assert_eq!(check(b"{\"jsonrpc\": ").map_err(|e| e.0), Err(-32700));
        let e = check(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).err();
        assert_eq!(e.map(|e| (e.0, e.2)), Some((-32600, Some(json!(7)))));
    }
}
