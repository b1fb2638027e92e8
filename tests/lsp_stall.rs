//! A client that sends broken frames, stale or orphan changes, or a document
//! that is too costly to check must not stall the server: every later
//! request is answered, and every other document keeps being linted.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::time::Duration;

const URI: &str = "file:///nonexistent/irislint-stall/merge.cpf";
const INSECURE: &str = "[Actions]\nModifyService:Name=%Service_Telnet,Enabled=1,AutheEnabled=64\n";

/// Far longer than any answer here takes, far shorter than the waits that were the bug.
const LIVE: Duration = Duration::from_secs(5);

fn symbols_params(uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}})
}

/// The server answers a normal request on an open document with a result.
async fn answers(c: &mut Client, after: &str) {
    let r = c.request_within("textDocument/documentSymbol", symbols_params(URI), LIVE).await;
    let r = r.unwrap_or_else(|| panic!("no answer within {LIVE:?} after {after}"));
    assert!(r.get("result").is_some_and(|r| !r.is_null()), "after {after}: {r}");
}

#[tokio::test]
async fn one_bad_frame_never_silences_the_server() {
    let mut c = Client::start(basic_caps()).await;
    c.open(URI, INSECURE).await;
    c.diagnostics(URI, Some(1)).await;
    let body = json!({"jsonrpc": "2.0", "method": "$/irislint/nothing", "params": {}}).to_string();
    let n = body.len();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a Content-Length shorter than the body", format!("Content-Length: {}\r\n\r\n{body}", n - 7).into_bytes()),
        ("a Content-Length longer than the body", format!("Content-Length: {}\r\n\r\n{body}", n + 9).into_bytes()),
        ("a body with no header", body.clone().into_bytes()),
        ("garbage without a newline", b"\x01\xffgarbage{{{ not a header".to_vec()),
        ("a header line without a colon", b"Content-Length 12\r\n\r\n".to_vec()),
        ("a length that is no number", format!("Content-Length: many\r\n\r\n{body}").into_bytes()),
    ];
    for (what, bytes) in cases {
        c.write_bytes(&bytes).await;
        answers(&mut c, what).await;
    }
    // And the document still follows edits.
    c.change(URI, 2, json!([{"text": "[Actions]\n"}])).await;
    assert_eq!(c.diagnostics(URI, Some(2)).await["diagnostics"], json!([]));
    c.drain().await;
    let invalid: Vec<&Value> = c.backlog.iter().filter(|m| m["error"]["code"] == -32600).collect();
    assert!(invalid.is_empty(), "bytes that were no message were answered: {invalid:?}");
    let logs = c.logs().join("\n");
    assert!(logs.contains("skipped"), "what was skipped is logged:\n{logs}");
    assert!(c.shutdown().await);
}

#[tokio::test]
async fn a_message_without_a_method_or_result_is_an_invalid_request() {
    let mut c = Client::start(basic_caps()).await;
    c.send_raw(br#"{"jsonrpc":"2.0","id":7}"#).await;
    let answer = c.answer_within(7, LIVE).await.expect("answered");
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    c.shutdown().await;
}

#[tokio::test]
async fn lone_surrogates_are_opened_as_replacement_characters_and_logged() {
    let mut c = Client::start(basic_caps()).await;
    // Raw JSON: serde_json would never write a lone surrogate escape.
    let escaped =
        r#"[Actions]\nModifyService:Name=%Service_Telnet,Description=\"caf\ud800 \udc00\",Enabled=1,AutheEnabled=64\n"#;
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{URI}","languageId":"cpf","version":1,"text":"{escaped}"}}}}}}"#
    );
    c.send_raw(body.as_bytes()).await;
    let published = tokio::time::timeout(LIVE, c.diagnostics(URI, Some(1))).await.expect("opened and linted");
    // The text as opened: each lone surrogate is one U+FFFD.
    let text = "[Actions]\nModifyService:Name=%Service_Telnet,Description=\"caf\u{fffd} \u{fffd}\",Enabled=1,AutheEnabled=64\n";
    let format = irislint::formats::detect("/nonexistent/irislint-stall/merge.cpf", text).expect("cpf");
    let config = irislint::findings::config::Config::default();
    let (_, findings) =
        irislint::lint::check_alone("/nonexistent/irislint-stall/merge.cpf", text.into(), format, &config);
    assert!(!findings.is_empty());
    let mut want: Vec<(String, Value)> =
        findings.iter().map(|f| (f.code.to_string(), cli_like_start(text, f.range.start))).collect();
    let mut got: Vec<(String, Value)> = published["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["range"]["start"].clone()))
        .collect();
    want.sort_by_key(|w| w.0.clone());
    got.sort_by_key(|g| g.0.clone());
    assert_eq!(got, want);
    c.drain().await;
    assert!(c.logs().iter().any(|l| l.contains("surrogate")), "{:?}", c.logs());
    c.shutdown().await;
}

/// The UTF-16 position of a byte offset.
fn cli_like_start(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

#[tokio::test]
async fn a_module_nested_past_the_limit_in_disguise_is_refused_at_once() {
    let mut c = Client::start(basic_caps()).await;
    let module = "file:///nonexistent/irislint-stall/deep/module.xml";
    let text = format!(
        "<?xml version=\"1.0\"?>\n<Export generator=\"IRIS\" version=\"26\"><Document name=\"x.ZPM\"><Module>{}</Module></Document></Export>\n",
        r#"<a x="/>">"#.repeat(100_000)
    );
    c.open(module, &text).await;
    c.open(URI, INSECURE).await;
    let small = tokio::time::timeout(LIVE, c.diagnostics(URI, Some(1))).await.expect("the small document is linted");
    assert!(!small["diagnostics"].as_array().is_none_or(Vec::is_empty), "{small}");
    let deep = tokio::time::timeout(LIVE, c.diagnostics(module, Some(1))).await.expect("the module is answered");
    assert!(!deep.to_string().contains("too complex"), "refused by the depth guard, not by the budget: {deep}");
    answers(&mut c, "a deeply nested module").await;
    c.shutdown().await;
}
