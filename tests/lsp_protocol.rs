//! The language server over the protocol: negotiation, positions in both
//! encodings, incremental sync (ordered, coalesced, stale versions dropped),
//! and robustness against input a client should never send.

mod lsp_support;

use irislint::findings::config::Config;
use irislint::formats::detect;
use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///nonexistent/irislint-lsp/merge.cpf";

/// The findings the engine gives for a text, as (code, start, end) in the encoding.
fn expected(text: &str, utf8: bool) -> Vec<(String, Value, Value)> {
    let path = "/nonexistent/irislint-lsp/merge.cpf";
    let format = detect(path, text).expect("cpf");
    let (_, findings) = irislint::lint::check_alone(path, text.to_string(), format, &Config::default());
    findings
        .iter()
        .map(|f| (f.code.to_string(), position(text, f.range.start, utf8), position(text, f.range.end, utf8)))
        .collect()
}

/// An independent offset → position conversion for the assertions.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = if utf8 { offset - line_start } else { before[line_start..].encode_utf16().count() };
    json!({"line": line, "character": col})
}

fn got(diagnostics: &Value) -> Vec<(String, Value, Value)> {
    let mut out: Vec<(String, Value, Value)> = diagnostics
        .as_array()
        .expect("array")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["range"]["start"].clone(), d["range"]["end"].clone()))
        .collect();
    out.sort_by_key(|a| a.0.clone());
    out
}

fn sorted(mut v: Vec<(String, Value, Value)>) -> Vec<(String, Value, Value)> {
    v.sort_by_key(|a| a.0.clone());
    v
}

#[tokio::test]
async fn negotiates_utf8_when_offered_else_utf16() {
    let c = Client::start(modern_caps()).await;
    let caps = c.init_result()["capabilities"].clone();
    insta::assert_json_snapshot!("lsp_capabilities_modern", caps);
    assert!(c.shutdown().await, "clean exit after shutdown");
    let c = Client::start(basic_caps()).await;
    assert_eq!(c.init_result()["capabilities"]["positionEncoding"], "utf-16");
    assert!(c.init_result()["capabilities"].get("diagnosticProvider").is_none());
}

const NON_ASCII: &str = "[Actions]\n\
CreateApplication:Name=/csp/café€𝄞,NameSpace=USER,AutheEnabled=64\n\
ModifyService:Name=%Service_Telnet,Description=\"ça 𝄞 €\",Enabled=1,AutheEnabled=64\n";

#[tokio::test]
async fn ranges_after_non_ascii_text_are_right_in_both_encodings() {
    for (caps, utf8) in [(modern_caps(), true), (basic_caps(), false)] {
        let mut c = Client::start(caps).await;
        c.open(URI, NON_ASCII).await;
        let items = if utf8 { c.pull(URI).await } else { c.diagnostics(URI, Some(1)).await["diagnostics"].clone() };
        let want = sorted(expected(NON_ASCII, utf8));
        assert!(!want.is_empty());
        assert_eq!(got(&items), want, "utf8={utf8}");
        // The finding on AutheEnabled after `café€𝄞` on line 1: its column differs by encoding.
        let at = NON_ASCII.find("AutheEnabled=64").unwrap_or(0);
        let p = position(NON_ASCII, at, utf8);
        assert_eq!(p["character"], if utf8 { 56 } else { 51 });
        assert!(items.as_array().into_iter().flatten().any(|d| d["range"]["start"] == p), "{items}");
        c.shutdown().await;
    }
}

/// A deterministic pseudo-random edit sequence, checked against a fresh lint of the final text.
#[tokio::test]
async fn incremental_edits_keep_text_and_tree_in_step() {
    for (caps, utf8) in [(modern_caps(), true), (basic_caps(), false)] {
        let mut c = Client::start(caps).await;
        let mut text = fixture("examples/docker/merge.cpf");
        c.open(URI, &text).await;
        let inserts = ["é", "€", "𝄞", "\n", "AutheEnabled=64", ",", "[Startup]\nWebServer=1\n", "x"];
        let mut seed: u64 = 42;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n.max(1)
        };
        for version in 2..=60 {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let a = chars.get(next(chars.len())).map_or(text.len(), |c| c.0);
            let b = (a + next(12)).min(text.len());
            let b = (b..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
            let insert = inserts[next(inserts.len())];
            let range = json!({"start": position(&text, a, utf8), "end": position(&text, b, utf8)});
            c.change(URI, version, json!([{"range": range, "text": insert}])).await;
            text.replace_range(a..b, insert);
        }
        let items = if utf8 { c.pull(URI).await } else { c.diagnostics(URI, Some(60)).await["diagnostics"].clone() };
        assert_eq!(got(&items), sorted(expected(&text, utf8)), "utf8={utf8}");
        c.shutdown().await;
    }
}

#[tokio::test]
async fn rapid_changes_are_coalesced_and_never_published_out_of_order() {
    let mut c = Client::start(basic_caps()).await;
    c.open(URI, "[Actions]\n").await;
    c.diagnostics(URI, Some(1)).await;
    let mut text = String::from("[Actions]\n");
    for version in 2..=80 {
        let line = if version % 2 == 0 { "CreateApplication:Name=/a,AutheEnabled=64\n" } else { "# comment\n" };
        let end = position(&text, text.len(), false);
        c.change(URI, version, json!([{"range": {"start": end, "end": end}, "text": line}])).await;
        text.push_str(line);
    }
    let last = c.diagnostics(URI, Some(80)).await;
    assert_eq!(got(&last["diagnostics"]), sorted(expected(&text, false)));
    let published = |backlog: &[Value]| -> Vec<i64> {
        backlog
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics")
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect()
    };
    let before = published(&c.backlog);
    assert!(before.windows(2).all(|w| w[0] < w[1]) && before.iter().all(|v| *v < 80), "{before:?}");
    assert!(before.len() < 40, "79 changes were linted {} times: not coalesced", before.len());
    c.backlog.clear();
    c.drain().await;
    assert_eq!(published(&c.backlog), Vec::<i64>::new(), "nothing is published after the newest version");
}

#[tokio::test]
async fn stale_and_orphan_changes_are_dropped_and_logged() {
    let mut c = Client::start(basic_caps()).await;
    c.open_version(URI, NON_ASCII, 5).await;
    let first = c.diagnostics(URI, Some(5)).await;
    // An older version, and a change to a document never opened.
    c.change(URI, 4, json!([{"text": "[Actions]\n"}])).await;
    c.change("file:///nowhere/never-opened.cpf", 2, json!([{"text": "x"}])).await;
    c.change(URI, 6, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# top\n"}]))
        .await;
    let after = c.diagnostics(URI, Some(6)).await;
    assert_eq!(after["diagnostics"].as_array().map(Vec::len), first["diagnostics"].as_array().map(Vec::len));
    let logs = c.logs();
    assert!(logs.iter().any(|l| l.contains("stale change")), "{logs:?}");
    assert!(logs.iter().any(|l| l.contains("not open")), "{logs:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn bad_input_is_answered_or_ignored_and_the_server_keeps_serving() {
    let mut c = Client::start(modern_caps()).await;
    c.open(URI, NON_ASCII).await;
    // Malformed JSON: a parse error with a null id.
    c.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ").await;
    let e = c.wait_for(|m| m.get("error").is_some() && m["id"].is_null()).await;
    assert_eq!(e["error"]["code"], -32700);
    // Unknown methods: an error for a request, nothing for a notification.
    c.notify("irislint/unknownNotification", json!({})).await;
    let e = c.request("irislint/unknown", json!({})).await;
    assert_eq!(e["error"]["code"], -32601);
    // Bad parameters, positions outside the text, documents never opened.
    let e = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}})).await;
    assert_eq!(e["error"]["code"], -32602);
    let far = json!({"textDocument": {"uri": URI}, "position": {"line": 9999, "character": 0}});
    assert_eq!(c.request("textDocument/hover", far).await["error"]["code"], -32602);
    let wide = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 9999}});
    assert!(c.request("textDocument/hover", wide).await.get("error").is_none());
    let unopened = json!({"textDocument": {"uri": "file:///nowhere/x.cpf"}, "position": {"line": 0, "character": 0}});
    assert!(c.request("textDocument/hover", unopened).await.get("error").is_some());
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": 3}})).await;
    // A change whose range is past the end is applied at the end, and logged.
    let past = json!([{"range": {"start": {"line": 500, "character": 0}, "end": {"line": 600, "character": 0}}, "text": "\n"}]);
    c.change(URI, 2, past).await;
    // Binary and oversized documents are not linted.
    c.open("file:///nowhere/binary.cpf", "[Actions]\n\0\0\u{1}CreateUser:Name=x\n").await;
    let big = format!("[Startup]\n{}", "WebServer=1\n".repeat(irislint::lsp::MAX_BYTES / 12 + 1));
    c.open("file:///nowhere/big.cpf", &big).await;
    // Still serving: pulled diagnostics of the first document are current.
    assert!(!c.pull(URI).await.as_array().expect("items").is_empty());
    assert_eq!(c.pull("file:///nowhere/binary.cpf").await, json!([]));
    assert_eq!(c.pull("file:///nowhere/big.cpf").await, json!([]));
    c.drain().await;
    let logs = c.logs().join("\n");
    for needle in ["invalid parameters", "past the end", "binary", "over the limit", "outside"] {
        assert!(logs.contains(needle), "no log with {needle:?} in:\n{logs}");
    }
    assert!(c.shutdown().await);
}

#[tokio::test]
async fn exit_without_shutdown_is_not_clean() {
    let mut c = Client::start(basic_caps()).await;
    c.notify("exit", Value::Null).await;
    let server = std::mem::replace(&mut c.server, tokio::spawn(async { true }));
    let clean =
        tokio::time::timeout(std::time::Duration::from_secs(10), server).await.expect("exits").expect("no panic");
    assert!(!clean);
}

/// More documents than the server keeps read (and parsed) in memory: the
/// coldest are read again from their text for requests and edits.
#[tokio::test]
async fn cold_documents_are_read_again_for_requests_and_edits() {
    let mut c = Client::start(basic_caps()).await;
    let uri = |i: usize| format!("file:///nonexistent/irislint-lsp/many/{i}/merge.cpf");
    for i in 0..40 {
        c.open(&uri(i), NON_ASCII).await;
    }
    for i in 0..40 {
        c.diagnostics(&uri(i), Some(1)).await;
    }
    // The first document is long cold: hover, then an incremental edit.
    let on_key = json!({"textDocument": {"uri": uri(0)}, "position": {"line": 2, "character": 60}});
    let hover = c.call("textDocument/hover", on_key).await;
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("property of `ModifyService`")), "{hover}");
    let mut text = NON_ASCII.to_string();
    let end = position(&text, text.len(), false);
    c.change(&uri(0), 2, json!([{"range": {"start": end, "end": end}, "text": "[Startup]\nWebServer=1\n"}])).await;
    text.push_str("[Startup]\nWebServer=1\n");
    let after = c.diagnostics(&uri(0), Some(2)).await;
    assert_eq!(got(&after["diagnostics"]), sorted(expected(&text, false)));
    c.shutdown().await;
}

/// A document over 4 MiB keeps only its text and diagnostics between
/// changes: requests read it again, and each change parses it in full.
#[tokio::test]
async fn large_documents_are_read_again_for_requests_and_edits() {
    let mut c = Client::start(basic_caps()).await;
    let mut text = String::from(NON_ASCII);
    let mut i = 0;
    while text.len() <= 4 << 20 {
        text.push_str(&format!("# padding line {i} to make the document large\n"));
        i += 1;
    }
    c.open(URI, &text).await;
    let first = c.diagnostics(URI, Some(1)).await;
    assert_eq!(got(&first["diagnostics"]), sorted(expected(&text, false)));
    let on_key = json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 60}});
    let hover = c.call("textDocument/hover", on_key).await;
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("property of `ModifyService`")), "{hover}");
    for version in 2..=4 {
        // Into the [Actions] section at the top, then at the end.
        let at = if version % 2 == 0 { text.find('\n').map_or(0, |i| i + 1) } else { text.len() };
        let line = "CreateApplication:Name=/big,AutheEnabled=64\n";
        let p = position(&text, at, false);
        c.change(URI, version, json!([{"range": {"start": p, "end": p}, "text": line}])).await;
        text.insert_str(at, line);
    }
    let after = c.diagnostics(URI, Some(4)).await;
    assert_eq!(got(&after["diagnostics"]), sorted(expected(&text, false)));
    c.shutdown().await;
}
