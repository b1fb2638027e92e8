//! Code actions over the protocol: applying a quick fix or a suppression makes
//! its finding go away, `source.fixAll.irislint` applies every safe fix, and
//! no suppression is offered where the product rewrites the file.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten().map(|f| f.path()))
        .collect();
    files.push(root.join("examples/docker/merge.cpf"));
    files.push(root.join("examples/module/module.xml"));
    files.push(root.join("examples/webgateway/CSP.ini"));
    files.sort();
    files
}

/// How many diagnostics have this code and message.
fn count(diagnostics: &Value, d: &Value) -> usize {
    diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["code"] == d["code"] && x["message"] == d["message"])
        .count()
}

async fn actions_for(c: &mut Client, uri: &str, d: &Value) -> Vec<Value> {
    let params = json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}});
    c.call("textDocument/codeAction", params).await.as_array().cloned().unwrap_or_default()
}

/// Applies an action to `text` and returns the diagnostics of the result.
async fn apply(c: &mut Client, uri: &str, text: &str, action: &Value, version: &mut i64) -> (String, Value) {
    let fixed = apply_edits(text, &action_edits(action), false);
    *version += 1;
    c.change(uri, *version, json!([{"text": fixed}])).await;
    let after = c.diagnostics(uri, Some(*version)).await["diagnostics"].clone();
    (fixed, after)
}

#[tokio::test]
async fn every_quick_fix_and_suppression_makes_its_finding_go_away() {
    let mut c = Client::start(basic_caps()).await;
    let (mut fixes, mut suppressions) = (0, 0);
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("read");
        let uri = file_uri(&path.display().to_string());
        let mut version = 1;
        c.open(&uri, &text).await;
        let before = c.diagnostics(&uri, Some(1)).await["diagnostics"].clone();
        for d in before.as_array().cloned().unwrap_or_default() {
            let actions = actions_for(&mut c, &uri, &d).await;
            for action in actions.iter().filter(|a| a["diagnostics"][0]["code"] == d["code"]) {
                let title = action["title"].as_str().unwrap_or("");
                let (fixed, after) = apply(&mut c, &uri, &text, action, &mut version).await;
                assert!(
                    count(&after, &d) < count(&before, &d),
                    "{}: `{title}` left {} {}\n--- text after:\n{fixed}",
                    path.display(),
                    d["code"],
                    d["message"]
                );
                if title.starts_with("Suppress") {
                    suppressions += 1;
                    assert!(fixed.contains("irislint: ignore"));
                } else {
                    fixes += 1;
                    assert_eq!(action["isPreferred"] == true, !title.contains("unsafe"), "{title}");
                }
                // Back to the original text for the next action.
                version += 1;
                c.change(&uri, version, json!([{"text": text}])).await;
                c.diagnostics(&uri, Some(version)).await;
            }
        }
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    }
    assert!(fixes > 30 && suppressions > 30, "{fixes} fixes, {suppressions} suppressions checked");
    c.shutdown().await;
}

#[tokio::test]
async fn suppressions_only_where_the_format_reads_them() {
    let mut c = Client::start(basic_caps()).await;
    let instance = "[ConfigFile]\nProduct=IRIS\nVersion=2024.1\n[Startup]\nWebServer=1\n";
    for (uri, text) in [
        ("file:///nowhere/iris.cpf", instance.to_string()),
        ("file:///nowhere/CSP.ini", fixture("examples/webgateway/CSP.ini")),
    ] {
        c.open(uri, &text).await;
        let ds = c.diagnostics(uri, Some(1)).await["diagnostics"].clone();
        assert!(!ds.as_array().expect("array").is_empty(), "{uri}");
        for d in ds.as_array().expect("array") {
            let titles: Vec<String> = actions_for(&mut c, uri, d)
                .await
                .iter()
                .filter_map(|a| a["title"].as_str().map(String::from))
                .collect();
            assert!(!titles.iter().any(|t| t.starts_with("Suppress")), "{uri}: {titles:?}");
        }
    }
    c.shutdown().await;
}

#[tokio::test]
async fn actions_for_one_finding_and_fix_all() {
    let mut c = Client::start(modern_caps()).await;
    let uri = "file:///nonexistent/irislint-lsp/docker/merge.cpf";
    let text = fixture("examples/docker/merge.cpf");
    c.open(uri, &text).await;
    let items = c.pull(uri).await;
    let d = items.as_array().into_iter().flatten().find(|d| d["code"] == "IRIS401").cloned().expect("IRIS401");
    let actions = actions_for(&mut c, uri, &d).await;
    // Versioned edits, since this client takes documentChanges.
    insta::assert_json_snapshot!("lsp_actions_iris401", portable_links(&Value::Array(actions.clone())));

    let all = c
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let all = all.as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.irislint");
    let fixed = apply_edits(&text, &action_edits(&all[0]), true);
    insta::assert_snapshot!("lsp_fix_all_merge", fixed);
    c.change(uri, 2, json!([{"text": fixed}])).await;
    let left = c.pull(uri).await;
    // What remains has no safe fix: fix-all is no longer offered.
    let again = c
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll.irislint"]}}),
        )
        .await;
    assert_eq!(again, json!([]), "left: {left}");
    c.shutdown().await;
}
