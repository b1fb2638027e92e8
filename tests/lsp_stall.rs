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

/// An iris.cpf of about `lines` lines (costly to read and check).
fn large_cpf(lines: usize) -> String {
    let mut text = String::from("[Startup]\nWebServer=1\n\n[Databases]\n");
    for i in 0..lines {
        text.push_str(&format!("APPDB{i}=/usr/irissys/mgr/appdb{i}/\n"));
    }
    text
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
async fn a_change_for_a_document_never_opened_leaves_no_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("merge.cpf");
    std::fs::write(&path, INSECURE).expect("write");
    let phantom = file_uri(&path.display().to_string());
    let mut c = Client::start_with(modern_caps(), Value::Null, Some(dir.path())).await;
    let open = "file:///nonexistent/irislint-stall/open/merge.cpf";
    c.open(open, INSECURE).await;
    c.change(&phantom, 3, json!([{"text": "[Startup]\n"}])).await;
    // Requests on it fail at once; with four of them in flight, a request on
    // an open document is still answered.
    let on = |uri: &str| json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 3}});
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(c.send_request("textDocument/hover", on(&phantom)).await);
    }
    let hover = c.request_within("textDocument/hover", on(open), Duration::from_secs(1)).await;
    assert!(hover.is_some_and(|h| h.get("result").is_some()), "a hover on an open document waited on the phantom ones");
    for id in ids {
        let answer = c.answer_within(id, Duration::from_secs(1)).await.expect("answered at once");
        assert_eq!(answer["error"]["code"], -32602, "{answer}");
    }
    // The file is not open: the workspace report has it.
    let report = c.call("workspace/diagnostic", json!({"previousResultIds": []})).await;
    let items = report["items"].as_array().cloned().unwrap_or_default();
    let it = items.iter().find(|i| i["uri"] == phantom.as_str());
    assert!(it.is_some_and(|i| !i["items"].as_array().is_none_or(Vec::is_empty)), "{phantom} missing from {report}");
    c.shutdown().await;
}

#[tokio::test]
async fn the_newest_version_is_published_after_a_stale_change() {
    let mut c = Client::start(basic_caps()).await;
    let uri = "file:///nonexistent/irislint-stall/large/iris.cpf";
    let text = large_cpf(20_000);
    c.open_version(uri, &text, 5).await;
    c.diagnostics(uri, Some(5)).await;
    let top = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    c.change(
        uri,
        6,
        json!([{"range": top, "text": "[Actions]\nModifyService:Name=%Service_Telnet,AutheEnabled=64\n"}]),
    )
    .await;
    // The stale change arrives while version 6 is being linted.
    tokio::time::sleep(Duration::from_millis(100)).await;
    c.change(uri, 4, json!([{"text": "[Startup]\n"}])).await;
    let published = tokio::time::timeout(Duration::from_secs(60), c.diagnostics(uri, Some(6))).await;
    let published = published.expect("version 6 published");
    assert!(!published["diagnostics"].as_array().is_none_or(Vec::is_empty), "{published}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_document_over_its_lint_budget_is_reported_and_the_others_are_served() {
    let options = json!({"lintTimeout": 0.2});
    let mut c = Client::start_with(basic_caps(), options, None).await;
    let costly = "file:///nonexistent/irislint-stall/costly/iris.cpf";
    // Far over the budget on any machine: reading 300,000 lines takes the
    // engine well over a second in a test build.
    c.open(costly, &large_cpf(300_000)).await;
    c.open(URI, INSECURE).await;
    let small = tokio::time::timeout(LIVE, c.diagnostics(URI, Some(1))).await.expect("the small document is linted");
    assert!(!small["diagnostics"].as_array().is_none_or(Vec::is_empty), "{small}");
    let costly_diags = c.diagnostics(costly, Some(1)).await;
    let messages: Vec<&str> =
        costly_diags["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("too complex to check")), "{costly_diags}");
    answers(&mut c, "a lint over its budget").await;
    c.drain().await;
    assert!(c.logs().iter().any(|l| l.contains("too complex to check")), "{:?}", c.logs());
    c.shutdown().await;
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
