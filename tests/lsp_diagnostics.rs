//! Diagnostics over the protocol: pushed and pulled, the same findings as
//! `irislint check`, cleared on close, and re-linted when `irislint.toml` or
//! the `irislint.profile` setting changes.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;

fn uri_of(path: &Path) -> String {
    file_uri(&path.display().to_string())
}

/// (code, severity, message, start, end) of diagnostics, sorted.
fn summary(items: &Value) -> Vec<(String, i64, String, Value, Value)> {
    let mut out: Vec<_> = items
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_i64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
                d["range"]["start"].clone(),
                d["range"]["end"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.3.to_string(), &a.2).cmp(&(&b.0, b.3.to_string(), &b.2)));
    out
}

/// The CLI's JSON findings for one file, as the same summary in UTF-16 positions.
fn cli_summary(path: &Path, text: &str) -> Vec<(String, i64, String, Value, Value)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--format", "json", "--no-progress"])
        .arg(path)
        .output()
        .expect("run irislint check");
    let findings: Value = serde_json::from_slice(&out.stdout).expect("json");
    let pos = |p: &Value| cli_position(text, p);
    let severity = cli_severity;
    let items: Vec<Value> = findings
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            json!({"code": f["code"], "severity": severity(&f["severity"]), "message": f["message"],
                   "range": {"start": pos(&f["range"]["start"]), "end": pos(&f["range"]["end"])}})
        })
        .collect();
    summary(&Value::Array(items))
}

#[tokio::test]
async fn pushed_diagnostics_carry_code_link_severity_source_and_related_places() {
    let mut c = Client::start(basic_caps()).await;
    let uri = "file:///nonexistent/irislint-lsp/IRIS903/fires.cpf";
    c.open(uri, &fixture("tests/fixtures/IRIS903/fires.cpf")).await;
    let published = c.diagnostics(uri, Some(1)).await;
    insta::assert_json_snapshot!("lsp_diagnostics_related", portable_links(&published));
    let uri = "file:///nonexistent/irislint-lsp/docker/merge.cpf";
    c.open(uri, &fixture("examples/docker/merge.cpf")).await;
    let published = c.diagnostics(uri, Some(1)).await;
    insta::assert_json_snapshot!("lsp_diagnostics_merge", portable_links(&published));
    for d in published["diagnostics"].as_array().expect("array") {
        assert_eq!(d["source"], "irislint");
        let code = d["code"].as_str().unwrap_or("");
        // The link opens the rule's page shipped beside the binary.
        let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
        assert!(href.starts_with("file://") && href.ends_with(&format!("/docs/rules/{code}.md")), "{d}");
        let page = std::path::Path::new(href.trim_start_matches("file://"));
        let text = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{href}: {e}"));
        assert!(text.starts_with(&format!("# {code} ")), "{href} is not the page of {code}");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn every_fixture_gives_the_cli_findings_codes_and_ranges() {
    let mut c = Client::start(basic_caps()).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten().map(|f| f.path()))
        .collect();
    files.sort();
    assert!(files.len() > 50);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let uri = uri_of(path);
        c.open(&uri, &text).await;
        let published = c.diagnostics(&uri, Some(1)).await;
        assert_eq!(summary(&published["diagnostics"]), cli_summary(path, &text), "{}", path.display());
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
        let cleared = c.diagnostics(&uri, None).await;
        assert_eq!(cleared["diagnostics"], json!([]), "cleared on close");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn pulled_diagnostics_match_pushed_ones_and_report_unchanged() {
    let text = fixture("examples/docker/merge.cpf");
    let uri = "file:///nonexistent/irislint-lsp/docker/merge.cpf";
    let mut push = Client::start(basic_caps()).await;
    push.open(uri, &text).await;
    let pushed = push.diagnostics(uri, Some(1)).await["diagnostics"].clone();
    let mut pull = Client::start(modern_caps()).await;
    pull.open(uri, &text).await;
    let first = pull.call("textDocument/diagnostic", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(first["kind"], "full");
    // The two clients count columns differently; codes, messages and lines agree.
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|d| (d["code"].clone(), d["message"].clone(), d["range"]["start"]["line"].clone()))
            .collect()
    };
    assert_eq!(strip(&first["items"]), strip(&pushed));
    let again = pull
        .call("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": first["resultId"]}))
        .await;
    assert_eq!(again, json!({"kind": "unchanged", "resultId": first["resultId"]}));
    // No push to a client that pulls.
    pull.drain().await;
    assert!(!pull.backlog.iter().any(|m| m["method"] == "textDocument/publishDiagnostics"));
    // A pull right after a change answers for the new text.
    pull.change(uri, 2, json!([{"text": "[Startup]\nWebServer=0\n"}])).await;
    assert_eq!(pull.pull(uri).await, json!([]));
    let closed = json!({"textDocument": {"uri": uri}});
    pull.notify("textDocument/didClose", closed.clone()).await;
    let e = pull.request("textDocument/diagnostic", closed).await;
    assert!(e.get("error").is_some(), "{e}");
}

#[tokio::test]
async fn configuration_file_and_profile_changes_relint_open_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let merge = dir.path().join("merge.cpf");
    let text = fixture("examples/docker/merge.cpf");
    std::fs::write(&merge, &text).expect("write");
    let config = dir.path().join("irislint.toml");
    std::fs::write(&config, "ignore = [\"IRIS401\"]\n").expect("write");
    let mut c = Client::start_with(basic_caps_with_watch(), Value::Null, Some(dir.path())).await;
    let uri = uri_of(&merge);
    c.open(&uri, &text).await;
    let codes = |d: &Value| -> Vec<String> {
        d["diagnostics"].as_array().into_iter().flatten().filter_map(|x| x["code"].as_str().map(String::from)).collect()
    };
    let first = c.diagnostics(&uri, Some(1)).await;
    assert!(!codes(&first).contains(&"IRIS401".to_string()), "{first}");
    let registration = c.wait_for(|m| m["method"] == "client/registerCapability").await;
    assert_eq!(registration["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");

    // The file changes: the server reads it again.
    std::fs::write(&config, "ignore = []\n").expect("write");
    let changes = json!({"changes": [{"uri": uri_of(&config), "type": 2}]});
    c.notify("workspace/didChangeWatchedFiles", changes).await;
    let second = c.diagnostics(&uri, Some(1)).await;
    assert!(codes(&second).contains(&"IRIS401".to_string()), "{second}");

    // The profile setting: development drops development-only rules to info.
    let severity_of = |d: &Value, code: &str| -> Option<i64> {
        d["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["code"] == code)
            .and_then(|x| x["severity"].as_i64())
    };
    assert_eq!(severity_of(&second, "IRIS501"), Some(2));
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"irislint": {"profile": "development"}}})).await;
    let third = c.diagnostics(&uri, Some(1)).await;
    assert_eq!(severity_of(&third, "IRIS501"), Some(3), "{third}");

    // A configuration file that cannot be read is reported, and defaults apply.
    std::fs::write(&config, "selcet = [\"IRIS4\"]\n").expect("write");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri_of(&config), "type": 2}]})).await;
    let fourth = c.diagnostics(&uri, Some(1)).await;
    assert!(codes(&fourth).contains(&"IRIS401".to_string()));
    let shown = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert!(shown["params"]["message"].as_str().is_some_and(|m| m.contains("selcet")), "{shown}");
    c.shutdown().await;
}

fn basic_caps_with_watch() -> Value {
    let mut caps = basic_caps();
    caps["workspace"] = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
    caps
}

/// Typing in a large section is read again line by line: after each change
/// the diagnostics are exactly what `irislint check` says of the new text —
/// a duplicate typed and removed, a setting turned off, a line pasted and
/// removed, a line made unreadable.
#[tokio::test]
async fn typing_in_a_large_file_gives_the_findings_of_the_new_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("iris.cpf");
    let mut text = String::from("[ConfigFile]\nProduct=IRIS\n\n[Startup]\nWebServer=1\n\n[Databases]\n");
    for i in 0..3000 {
        text.push_str(&format!("DB{i}=/usr/irissys/mgr/db{i}/\n"));
    }
    // Findings after the edited lines, which must move with them.
    text.push_str("\n[Namespaces]\nUSER=DB1\nAPP=NOSUCHDB\n\n[config]\nNoSuchSetting=1\n");
    let uri = uri_of(&path);
    let mut c = Client::start(basic_caps()).await;
    std::fs::write(&path, &text).expect("write");
    c.open(&uri, &text).await;
    let published = c.diagnostics(&uri, Some(1)).await;
    assert_eq!(summary(&published["diagnostics"]), cli_summary(&path, &text));
    fn line_of(text: &str, needle: &str) -> usize {
        text[..text.find(needle).expect(needle)].matches('\n').count()
    }
    // (line, column) to (line, column), replaced by the text; then the codes expected among the findings.
    type Edit = Box<dyn Fn(&str) -> ((usize, usize), (usize, usize), &'static str)>;
    let edits: Vec<(Edit, &[&str], &[&str])> = vec![
        // DB1500 becomes a second DB10.
        (Box::new(|t| ((line_of(t, "DB1500="), 2), (line_of(t, "DB1500="), 6), "10")), &["IRIS903"], &[]),
        (
            Box::new(|t| {
                (
                    (line_of(t, "DB10=/usr/irissys/mgr/db1500/"), 2),
                    (line_of(t, "DB10=/usr/irissys/mgr/db1500/"), 4),
                    "1500",
                )
            }),
            &[],
            &["IRIS903"],
        ),
        (Box::new(|t| ((line_of(t, "WebServer=1"), 10), (line_of(t, "WebServer=1"), 11), "0")), &[], &[]),
        // A pasted line that repeats an earlier database, then removed.
        (
            Box::new(|t| ((line_of(t, "DB2999="), 0), (line_of(t, "DB2999="), 0), "DB7=/elsewhere/\n")),
            &["IRIS903"],
            &[],
        ),
        (
            Box::new(|t| ((line_of(t, "DB7=/elsewhere/"), 0), (line_of(t, "DB7=/elsewhere/") + 1, 0), "")),
            &[],
            &["IRIS903"],
        ),
        // An unreadable line in the middle of the section.
        (Box::new(|t| ((line_of(t, "DB42="), 4), (line_of(t, "DB42="), 5), "")), &[], &["IRIS903"]),
    ];
    let offset = |text: &str, (line, column): (usize, usize)| {
        let start = if line == 0 { 0 } else { text.match_indices('\n').nth(line - 1).expect("line").0 + 1 };
        start + column
    };
    let mut before = summary(&published["diagnostics"]);
    for (n, (edit, appear, absent)) in edits.iter().enumerate() {
        let (from, to, new) = edit(&text);
        let version = 2 + n as i64;
        let range = json!({"start": {"line": from.0, "character": from.1}, "end": {"line": to.0, "character": to.1}});
        c.change(&uri, version, json!([{"range": range, "text": new}])).await;
        let (start, end) = (offset(&text, from), offset(&text, to));
        text.replace_range(start..end, new);
        std::fs::write(&path, &text).expect("write");
        let published = c.diagnostics(&uri, Some(version)).await;
        let now = summary(&published["diagnostics"]);
        assert_eq!(now, cli_summary(&path, &text), "after edit {n}");
        assert_ne!(now, before, "edit {n} changes the findings");
        let codes: Vec<&str> = now.iter().map(|d| d.0.as_str()).collect();
        assert!(
            appear.iter().all(|c| codes.contains(c)) && !absent.iter().any(|c| codes.contains(c)),
            "after edit {n}: {codes:?}"
        );
        before = now;
    }
    c.shutdown().await;
}
