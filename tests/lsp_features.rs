//! Hover, completion, document symbols and go to definition over the protocol.
//! Catalogue prose is checked against the catalogue itself (it is edited
//! independently); what this server builds around it is snapshotted.

mod lsp_support;

use irislint::catalog;
use lsp_support::*;
use serde_json::{json, Value};

const MERGE: &str = "file:///nonexistent/irislint-lsp/features/merge.cpf";
const MANIFEST: &str = "file:///nonexistent/irislint-lsp/features/Installer.xml";
const IRIS_CPF: &str = "file:///nonexistent/irislint-lsp/features/iris.cpf";

const MANIFEST_TEXT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Manifest>
  <Default Name="Namespace" Value="APP"/>
  <Default Name="DBDir" Value="/data/app"/>
  <Namespace Name="${Namespace}" Create="yes" Code="APPCODE" Data="APPDATA">
    <Configuration>
      <Database Name="APPDATA" Dir="${DBDir}" Create="yes"/>
      <Database Name="APPCODE" Dir="${DBDir}/code" Create="yes"/>
    </Configuration>
    <CSPApplication Url="/csp/app" Directory="${DBDir}/web" AuthenticationMethods="64" Grant="%All"/>
  </Namespace>
</Manifest>
"#;

const IRIS_CPF_TEXT: &str = "[ConfigFile]\nProduct=IRIS\nVersion=2024.1\n[Databases]\nUSER=/db/user/\nAPPDB=/db/app/\n[Namespaces]\nUSER=USER,APPDB\n";

/// The position of the `nth` occurrence of `needle` (plus `delta` bytes), in UTF-16.
fn at(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect(needle) + delta;
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..offset].encode_utf16().count()})
}

async fn setup() -> Client {
    let mut c = Client::start(basic_caps()).await;
    c.open(MERGE, &fixture("examples/docker/merge.cpf")).await;
    c.open(MANIFEST, MANIFEST_TEXT).await;
    c.open(IRIS_CPF, IRIS_CPF_TEXT).await;
    for uri in [MERGE, MANIFEST, IRIS_CPF] {
        c.diagnostics(uri, Some(1)).await;
    }
    c
}

async fn hover(c: &mut Client, uri: &str, position: Value) -> String {
    let r = c.call("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": position})).await;
    r["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[tokio::test]
async fn hover_explains_settings_from_the_catalogue_and_findings_from_the_rules() {
    let mut c = setup().await;
    let merge = fixture("examples/docker/merge.cpf");
    let mut headers = Vec::new();

    // A key with a finding on it: the catalogue entry, then the rule.
    let text = hover(&mut c, MERGE, at(&merge, "WebServer", 0, 2)).await;
    let item = catalog::cpf().section("Startup").and_then(|s| s.key("WebServer")).expect("catalogued");
    assert!(text.contains(&item.doc), "{text}");
    if let Some(default) = &item.default {
        assert!(text.contains(&format!("Default: `{default}`")), "{text}");
    }
    if let Some(security) = &item.security {
        assert!(text.contains(security), "{text}");
    }
    assert!(text.contains("**IRIS501**") && text.contains("docs/rules/IRIS501.md"), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    let text = hover(&mut c, MERGE, at(&merge, "[Startup]", 0, 2)).await;
    assert!(text.contains(&catalog::cpf().section("Startup").expect("section").doc), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    let text = hover(&mut c, MERGE, at(&merge, "CreateApplication", 0, 3)).await;
    assert!(text.contains(&catalog::actions().action("CreateApplication").expect("action").doc), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    // A property holding a finding: its security advice names the rule.
    let text = hover(&mut c, MERGE, at(&merge, "AutheEnabled=96", 0, 2)).await;
    assert!(text.contains("IRIS401"), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    let text = hover(&mut c, MANIFEST, at(MANIFEST_TEXT, "CSPApplication", 0, 2)).await;
    assert!(text.contains(&catalog::installer().element("CSPApplication").expect("element").doc), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    let text = hover(&mut c, MANIFEST, at(MANIFEST_TEXT, "AuthenticationMethods", 0, 2)).await;
    let attr = catalog::installer().element("CSPApplication").and_then(|e| e.attribute("AuthenticationMethods"));
    assert!(text.contains(&attr.expect("attribute").doc), "{text}");
    assert!(text.contains("IRIS401"), "{text}");
    headers.push(text.lines().next().unwrap_or("").to_string());

    // Nothing to say on a comment.
    let none = c
        .call("textDocument/hover", json!({"textDocument": {"uri": MERGE}, "position": {"line": 0, "character": 3}}))
        .await;
    assert_eq!(none, Value::Null);
    insta::assert_json_snapshot!("lsp_hover_headers", headers);
    c.shutdown().await;
}

async fn labels(c: &mut Client, uri: &str, position: Value) -> Vec<String> {
    let r = c.call("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": position})).await;
    let items = if r.is_array() { r } else { r["items"].clone() };
    items.as_array().into_iter().flatten().filter_map(|i| i["label"].as_str().map(String::from)).collect()
}

/// Puts `line` at the end of the document and completes at its end.
async fn complete_line(c: &mut Client, uri: &str, base: &str, line: &str, version: i64) -> Vec<String> {
    let text = format!("{base}{line}");
    c.change(uri, version, json!([{"text": text}])).await;
    let end = at(&text, line, text.matches(line).count() - 1, line.len());
    labels(c, uri, end).await
}

#[tokio::test]
async fn completion_offers_sections_keys_actions_properties_values_elements_and_attributes() {
    let mut c = setup().await;
    let merge = "[Startup]\nWebServer=0\n[Actions]\n";
    let mut v = 1;
    let mut next = || {
        v += 1;
        v
    };
    let has = |list: &[String], want: &[&str]| want.iter().all(|w| list.iter().any(|l| l == w));

    let sections = complete_line(&mut c, MERGE, merge, "[St", next()).await;
    assert!(has(&sections, &["Startup", "Actions", "config"]), "{sections:?}");
    let keys = complete_line(&mut c, MERGE, "[Startup]\n", "Web", next()).await;
    assert!(has(&keys, &["WebServer"]), "{keys:?}");
    let booleans = complete_line(&mut c, MERGE, "[Startup]\n", "WebServer=", next()).await;
    let actions = complete_line(&mut c, MERGE, merge, "Cre", next()).await;
    assert!(has(&actions, &["CreateUser", "CreateApplication", "ModifyService"]), "{actions:?}");
    let props = complete_line(&mut c, MERGE, merge, "CreateUser:Name=a,", next()).await;
    assert!(has(&props, &["Roles", "Enabled"]) && !props.contains(&"Name".to_string()), "{props:?}");
    let services = complete_line(&mut c, MERGE, merge, "ModifyService:Name=", next()).await;
    let enabled = complete_line(&mut c, MERGE, merge, "ModifyService:Name=%Service_Telnet,Enabled=", next()).await;
    let authe = complete_line(&mut c, MERGE, merge, "ModifyService:Name=%Service_Telnet,AutheEnabled=", next()).await;

    let manifest = "<Manifest>\n<Namespace Name=\"APP\">\n";
    let mut m = 1;
    let elements = complete_line(&mut c, MANIFEST, manifest, "<", {
        m += 1;
        m
    })
    .await;
    assert!(
        has(&elements, &["Configuration", "CSPApplication"]) && !elements.contains(&"Manifest".to_string()),
        "{elements:?}"
    );
    let attributes = complete_line(&mut c, MANIFEST, manifest, "<CSPApplication Url=\"/x\" ", {
        m += 1;
        m
    })
    .await;
    assert!(
        has(&attributes, &["AuthenticationMethods", "Grant"]) && !attributes.contains(&"Url".to_string()),
        "{attributes:?}"
    );
    let methods = complete_line(&mut c, MANIFEST, manifest, "<CSPApplication AuthenticationMethods=\"", {
        m += 1;
        m
    })
    .await;
    insta::assert_json_snapshot!(
        "lsp_completion_values",
        json!({"WebServer=": booleans, "ModifyService:Name=": services, "Enabled=": enabled,
               "AutheEnabled= (merge)": authe, "AuthenticationMethods=\" (manifest)": methods})
    );

    let gateway = "file:///nonexistent/irislint-lsp/features/CSP.ini";
    c.open(gateway, "[SYSTEM]\n").await;
    let ini_sections = complete_line(&mut c, gateway, "[SYSTEM]\n", "[", 2).await;
    let expected: Vec<&str> =
        catalog::cspini().sections.iter().map(|s| s.name.as_str()).filter(|n| *n != "*").collect();
    assert!(has(&ini_sections, &expected), "{ini_sections:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn document_symbols_outline_sections_actions_and_elements() {
    let mut c = setup().await;
    let mut outlines = serde_json::Map::new();
    for uri in [MERGE, MANIFEST, IRIS_CPF] {
        let r = c.call("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).await;
        outlines.insert(uri.rsplit('/').next().unwrap_or(uri).to_string(), outline(&r));
    }
    insta::assert_json_snapshot!("lsp_symbols", outlines);
    c.shutdown().await;
}

/// Symbols as `name (detail) kind line:col-line:col`, nested.
fn outline(symbols: &Value) -> Value {
    Value::Array(
        symbols
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let r = &s["range"];
                let head = format!(
                    "{} ({}) kind {} {}:{}-{}:{}",
                    s["name"].as_str().unwrap_or(""),
                    s["detail"].as_str().unwrap_or(""),
                    s["kind"],
                    r["start"]["line"],
                    r["start"]["character"],
                    r["end"]["line"],
                    r["end"]["character"]
                );
                match s.get("children") {
                    Some(children) => json!({ head: outline(children) }),
                    None => json!(head),
                }
            })
            .collect(),
    )
}

#[tokio::test]
async fn definition_follows_references_inside_the_file() {
    let mut c = setup().await;
    let merge = fixture("examples/docker/merge.cpf");
    let cases = [
        ("namespace globals -> database", MERGE, at(&merge, "Globals=APP", 0, 9)),
        ("application namespace -> namespace", MERGE, at(&merge, "NameSpace=APP", 0, 11)),
        ("database resource -> resource", MERGE, at(&merge, "Resource=%DB_APP", 0, 11)),
        ("${Var} -> <Default>", MANIFEST, at(MANIFEST_TEXT, "${DBDir}", 1, 3)),
        ("namespace data -> <Database>", MANIFEST, at(MANIFEST_TEXT, "Data=\"APPDATA\"", 0, 8)),
        ("[Namespaces] second database", IRIS_CPF, at(IRIS_CPF_TEXT, "USER,APPDB", 0, 6)),
    ];
    let mut found = serde_json::Map::new();
    for (what, uri, position) in cases {
        let r = c.call("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": position})).await;
        found.insert(what.to_string(), r);
    }
    insta::assert_json_snapshot!("lsp_definitions", found);
    c.shutdown().await;
}
