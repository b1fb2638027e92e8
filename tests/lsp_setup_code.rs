//! The server on setup code: diagnostics in host positions, hover on the
//! `Security.*` property a subscript names, the calls in the outline.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const SCRIPT: &str = "file:///nonexistent/irislint-lsp/setup/iris.script";
const SCRIPT_TEXT: &str =
    " zn \"%SYS\"\n set p(\"AutheEnabled\") = 64\n do ##class(Security.Applications).Modify(\"/csp/app\", .p)\n";

#[tokio::test]
async fn setup_code_gets_diagnostics_hover_and_outline() {
    let mut c = Client::start(basic_caps()).await;
    c.open(SCRIPT, SCRIPT_TEXT).await;
    let diagnostics = c.diagnostics(SCRIPT, Some(1)).await["diagnostics"].clone();
    let d = diagnostics.as_array().unwrap().iter().find(|d| d["code"] == "IRIS401").cloned().expect("IRIS401");
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 5}), "{d}");

    // Hover on the subscript: the Security.Applications property's documentation.
    let hover = c
        .call("textDocument/hover", json!({"textDocument": {"uri": SCRIPT}, "position": {"line": 1, "character": 10}}))
        .await;
    let text = hover["contents"]["value"].as_str().unwrap_or("").to_string();
    let property = irislint::catalog::actions()
        .properties("ModifyApplication")
        .and_then(|items| items.iter().find(|i| i.name == "AutheEnabled"))
        .expect("catalogued");
    assert!(text.contains("**AutheEnabled**"), "{text}");
    assert!(text.contains(property.doc.lines().next().unwrap_or("")), "{text}");

    // The outline: the call, with the property it is given.
    let symbols = c.call("textDocument/documentSymbol", json!({"textDocument": {"uri": SCRIPT}})).await;
    let call = symbols.as_array().unwrap().iter().find(|s| s["name"] == "ModifyApplication").cloned();
    let call: Value = call.expect("the call is in the outline");
    let children: Vec<&str> =
        call["children"].as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(children, ["AutheEnabled"]);
    c.shutdown().await;
}
