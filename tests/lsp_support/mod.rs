//! A small LSP client for in-process tests: the server runs in the same test
//! through `tokio::io::duplex` pipes, and the client speaks raw JSON-RPC so
//! that tests can also send what a real client never would.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};

pub struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    next_id: i64,
    /// Messages read while waiting for something else.
    pub backlog: Vec<Value>,
    /// What `workspace/configuration` answers for the `irislint` section.
    pub settings: Value,
    pub server: tokio::task::JoinHandle<bool>,
}

/// Capabilities of a current editor: UTF-8 offered, pull diagnostics, versioned edits.
pub fn modern_caps() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "textDocument": {
            "diagnostic": {"dynamicRegistration": false},
            "publishDiagnostics": {"relatedInformation": true},
            "completion": {"completionItem": {"snippetSupport": false}}
        },
        "workspace": {
            "workspaceEdit": {"documentChanges": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "configuration": true,
            "diagnostics": {"refreshSupport": true}
        }
    })
}

/// Capabilities of a plain client: UTF-16 only, pushed diagnostics, unversioned edits.
pub fn basic_caps() -> Value {
    json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}})
}

impl Client {
    pub async fn start(caps: Value) -> Client {
        Self::start_with(caps, Value::Null, None).await
    }

    /// Starts a server and initializes it (`root`: the workspace folder).
    pub async fn start_with(caps: Value, options: Value, root: Option<&std::path::Path>) -> Client {
        let (client_end, server_end) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = tokio::spawn(irislint::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_end);
        let mut c = Client {
            reader: BufReader::new(read),
            writer: write,
            next_id: 0,
            backlog: Vec::new(),
            settings: json!({}),
            server,
        };
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        let init = c
            .request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "capabilities": caps, "initializationOptions": options}),
            )
            .await;
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        c.backlog.push(json!({"initializeResult": init["result"].clone()}));
        c.notify("initialized", json!({})).await;
        c
    }

    pub fn init_result(&self) -> Value {
        self.backlog.iter().find_map(|m| m.get("initializeResult").cloned()).unwrap_or(Value::Null)
    }

    pub async fn send_raw(&mut self, body: &[u8]) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.writer.write_all(header.as_bytes()).await.expect("write header");
        self.writer.write_all(body).await.expect("write body");
        self.writer.flush().await.expect("flush");
    }

    /// Writes bytes as they are, no header added: garbage, broken frames.
    pub async fn write_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("write");
        self.writer.flush().await.expect("flush");
    }

    /// Sends a request without waiting for its answer; returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    /// The answer to request `id`, if it comes within `limit`.
    pub async fn answer_within(&mut self, id: i64, limit: Duration) -> Option<Value> {
        let wanted = |m: &Value| m.get("id") == Some(&json!(id)) && m.get("method").is_none();
        tokio::time::timeout(limit, self.wait_for(wanted)).await.ok()
    }

    /// A request answered within `limit` (`None` if not).
    pub async fn request_within(&mut self, method: &str, params: Value, limit: Duration) -> Option<Value> {
        let id = self.send_request(method, params).await;
        self.answer_within(id, limit).await
    }

    async fn send(&mut self, message: Value) {
        self.send_raw(message.to_string().as_bytes()).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request and waits for its response (the whole message).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none()).await
    }

    /// The result of a request, failing the test on an error answer.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params).await;
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Reads one message; answers the server's own requests on the way.
    pub async fn read(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), self.read_frame())
                .await
                .expect("the server said nothing for 20 s");
            if let (Some(id), Some(method)) = (message.get("id"), message.get("method").and_then(Value::as_str)) {
                let result = match method {
                    "workspace/configuration" => json!([self.settings.clone()]),
                    _ => Value::Null,
                };
                let id = id.clone();
                self.backlog.push(message.clone());
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
                continue;
            }
            return message;
        }
    }

    async fn read_frame(&mut self) -> Value {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).await.expect("read header");
            assert!(n > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().expect("length");
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).await.expect("read body");
        serde_json::from_slice(&body).expect("the server sent JSON")
    }

    /// The first message (read now or earlier) that matches.
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        loop {
            let m = self.read().await;
            if pred(&m) {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// The next `publishDiagnostics` for `uri` (optionally of one version).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let m = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && version.is_none_or(|v| m["params"]["version"] == v)
            })
            .await;
        m["params"].clone()
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.open_version(uri, text, 1).await;
    }

    pub async fn open_version(&mut self, uri: &str, text: &str, version: i64) {
        let params = json!({"textDocument": {"uri": uri, "languageId": "cpf", "version": version, "text": text}});
        self.notify("textDocument/didOpen", params).await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes});
        self.notify("textDocument/didChange", params).await;
    }

    /// Pulled diagnostics (the items of a full report).
    pub async fn pull(&mut self, uri: &str) -> Value {
        let r = self.call("textDocument/diagnostic", json!({"textDocument": {"uri": uri}})).await;
        assert_eq!(r["kind"], "full", "{r}");
        r["items"].clone()
    }

    /// Log messages the server sent so far.
    pub fn logs(&self) -> Vec<String> {
        self.backlog
            .iter()
            .filter(|m| m["method"] == "window/logMessage")
            .filter_map(|m| m["params"]["message"].as_str().map(str::to_string))
            .collect()
    }

    /// Reads everything the server has sent until it is quiet for a moment.
    pub async fn drain(&mut self) {
        while let Ok(m) = tokio::time::timeout(Duration::from_millis(300), self.read()).await {
            self.backlog.push(m);
        }
    }

    pub async fn shutdown(mut self) -> bool {
        self.call("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(Duration::from_secs(10), self.server).await.expect("server exits").expect("no panic")
    }
}

/// Applies protocol text edits to a text, counting columns in `utf8` bytes or
/// UTF-16 units (independently of the server's own conversion).
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let start = offset(text, &e["range"]["start"], utf8);
            let end = offset(text, &e["range"]["end"], utf8);
            (start, end, e["newText"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

pub fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let col = pos["character"].as_u64().unwrap_or(0) as usize;
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..start + text[start..].find('\n').unwrap_or(text.len() - start)];
    let mut units = 0;
    for (i, c) in line_text.char_indices() {
        if units >= col {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    start + line_text.len()
}

/// The edits of a code action for one document, from `changes` or `documentChanges`.
pub fn action_edits(action: &Value) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(changes) = edit["changes"].as_object() {
        return changes.values().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect();
    }
    edit["documentChanges"]
        .as_array()
        .map(|dc| dc.iter().flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default()).collect())
        .unwrap_or_default()
}

pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).expect(rel)
}

/// A `file:` URI for a path that need not exist.
pub fn file_uri(path: &str) -> String {
    format!("file://{path}")
}

/// A CLI JSON position (1-based line and character) as an LSP position in
/// UTF-16 code units of `text`.
#[allow(dead_code)]
pub fn cli_position(text: &str, p: &Value) -> Value {
    let line = p["line"].as_u64().unwrap_or(1) as usize - 1;
    let col = p["column"].as_u64().unwrap_or(1) as usize - 1;
    let line_text = text.split('\n').nth(line).unwrap_or("");
    let units: usize = line_text.chars().take(col).map(char::len_utf16).sum();
    json!({"line": line, "character": units})
}

/// A CLI JSON severity as an LSP `DiagnosticSeverity`.
#[allow(dead_code)]
pub fn cli_severity(s: &Value) -> i64 {
    match s.as_str() {
        Some("error") => 1,
        Some("warning") => 2,
        _ => 3,
    }
}

/// `v` with the links to the rule pages shipped beside the binary
/// (`file:///…/docs/rules/IRIS401.md`) written without the folder they are in
/// (`[bundled]/docs/rules/IRIS401.md`), so that a snapshot holds in any checkout.
pub fn portable_links(v: &Value) -> Value {
    let text = v.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("\"file://") {
        let end = rest[at + 1..].find('"').map(|e| at + 1 + e).unwrap_or(rest.len());
        let uri = &rest[at + 1..end];
        match uri.find("/docs/rules/") {
            Some(i) => {
                out.push_str(&rest[..at + 1]);
                out.push_str("[bundled]");
                out.push_str(&uri[i..]);
            }
            None => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    serde_json::from_str(&out).expect("still JSON")
}
