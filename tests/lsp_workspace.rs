//! The server reads a document with the other files of its instance: the
//! cross-file findings `irislint check <folder>` gives for a file, with related
//! places in the other files at their exact ranges; edits (to the document or
//! to another open file of the instance) lint again; `workspace/diagnostic`
//! reports the files that are not open as the command line does.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;

/// A copy of a scenario of `tests/workspace/` in a fresh folder.
fn scenario(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspace").join(name);
    copy(&from, dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn uri_of(path: &Path) -> String {
    file_uri(&path.display().to_string())
}

/// (code, severity, message, range, related (uri, range, message)) of diagnostics, sorted.
type Summary = Vec<(String, i64, String, Value, Vec<(String, Value, String)>)>;

fn summary(items: &Value) -> Summary {
    let mut out: Summary = items
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let related = d["relatedInformation"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let uri = r["location"]["uri"].as_str().unwrap_or("").to_string();
                    (uri, r["location"]["range"].clone(), r["message"].as_str().unwrap_or("").to_string())
                })
                .collect();
            let code = d["code"].as_str().unwrap_or("").to_string();
            let message = d["message"].as_str().unwrap_or("").to_string();
            (code, d["severity"].as_i64().unwrap_or(0), message, d["range"].clone(), related)
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.3.to_string(), &a.2).cmp(&(&b.0, b.3.to_string(), &b.2)));
    out
}

/// `irislint check <folder> --format json`, run in the folder (where its
/// `irislint.toml` is the one in force, as for the workspace folder).
fn cli(folder: &Path) -> Vec<Value> {
    let cwd = if folder.is_dir() { folder } else { folder.parent().expect("parent") };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--format", "json", "--no-progress"])
        .arg(folder)
        .current_dir(cwd)
        .output()
        .expect("run irislint check");
    serde_json::from_slice::<Value>(&out.stdout).expect("json").as_array().cloned().unwrap_or_default()
}

/// The CLI's findings for one file as the same summary (UTF-16 columns; the
/// scenarios are ASCII, so UTF-8 columns are the same).
fn cli_summary(findings: &[Value], path: &Path) -> Summary {
    let range = |file: &str, r: &Value| -> Value {
        let text = std::fs::read_to_string(file).expect("read");
        json!({"start": cli_position(&text, &r["start"]), "end": cli_position(&text, &r["end"])})
    };
    let severity = cli_severity;
    let me = path.display().to_string();
    let items: Vec<Value> = findings
        .iter()
        .filter(|f| f["path"] == me.as_str())
        .map(|f| {
            let related: Vec<Value> = f["related"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let p = r["path"].as_str().unwrap_or("");
                    json!({"location": {"uri": file_uri(p), "range": range(p, &r["range"])}, "message": r["message"]})
                })
                .collect();
            json!({"code": f["code"], "severity": severity(&f["severity"]), "message": f["message"],
                   "range": range(&me, &f["range"]), "relatedInformation": related})
        })
        .collect();
    summary(&Value::Array(items))
}

fn codes(items: &Value) -> Vec<String> {
    items.as_array().into_iter().flatten().filter_map(|d| d["code"].as_str().map(String::from)).collect()
}

#[tokio::test]
async fn an_open_merge_file_gets_the_cross_file_finding_with_the_other_files_range() {
    let dir = scenario("lockout-unknownuser");
    let merge = dir.path().join("iris/merge.cpf");
    let module = dir.path().join("app/module.xml");
    let mut c = Client::start_with(basic_caps(), Value::Null, Some(dir.path())).await;
    let uri = uri_of(&merge);
    c.open(&uri, &std::fs::read_to_string(&merge).expect("read")).await;
    let published = c.diagnostics(&uri, Some(1)).await["diagnostics"].clone();
    // Exactly the command line's findings for the file, related places included.
    assert_eq!(summary(&published), cli_summary(&cli(dir.path()), &merge));
    let lockout = published.as_array().expect("array").iter().find(|d| d["code"] == "IRIS702").expect("IRIS702");
    let related = &lockout["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri_of(&module));
    // module.xml line 3, columns 59–85 (1-based) in the command line's report.
    assert_eq!(
        related["location"]["range"],
        json!({"start": {"line": 2, "character": 58}, "end": {"line": 2, "character": 84}})
    );
    assert_eq!(related["message"], "web application /app/api allows unauthenticated access");

    // (c) The edit that takes the mismatch away takes the finding away.
    c.change(&uri, 2, json!([{"text": "[Actions]\nModifyUser:Name=UnknownUser,Roles=\"%All\"\n"}])).await;
    let after = c.diagnostics(&uri, Some(2)).await["diagnostics"].clone();
    assert!(!codes(&after).contains(&"IRIS702".to_string()), "{after}");
    c.shutdown().await;
}

#[tokio::test]
async fn another_open_file_is_read_from_the_editor_and_its_edits_lint_its_peers_again() {
    let dir = scenario("lockout-unknownuser");
    let merge = dir.path().join("iris/merge.cpf");
    let module = dir.path().join("app/module.xml");
    let mut c = Client::start_with(basic_caps(), Value::Null, Some(dir.path())).await;
    let (merge_uri, module_uri) = (uri_of(&merge), uri_of(&module));
    let module_text = std::fs::read_to_string(&module).expect("read");
    c.open(&module_uri, &module_text).await;
    c.diagnostics(&module_uri, Some(1)).await;
    c.open(&merge_uri, &std::fs::read_to_string(&merge).expect("read")).await;
    let first = c.diagnostics(&merge_uri, Some(1)).await["diagnostics"].clone();
    assert!(codes(&first).contains(&"IRIS702".to_string()), "{first}");
    // The module stops allowing unauthenticated access, in the editor only.
    // With every method off the package manager leaves AutheEnabled at its initial 64: password on.
    let fixed =
        module_text.replace("UnauthenticatedEnabled=\"1\"", "UnauthenticatedEnabled=\"0\" PasswordAuthEnabled=\"1\"");
    c.change(&module_uri, 2, json!([{"text": fixed}])).await;
    let again = c.diagnostics(&merge_uri, Some(1)).await["diagnostics"].clone();
    assert!(!codes(&again).contains(&"IRIS702".to_string()), "{again}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_consistent_workspace_stays_silent() {
    for name in ["consistent-unknownuser", "consistent-gateway"] {
        let dir = scenario(name);
        let merge = dir.path().join("iris/merge.cpf");
        let mut c = Client::start_with(basic_caps(), Value::Null, Some(dir.path())).await;
        let uri = uri_of(&merge);
        c.open(&uri, &std::fs::read_to_string(&merge).expect("read")).await;
        let published = c.diagnostics(&uri, Some(1)).await["diagnostics"].clone();
        assert!(!codes(&published).iter().any(|c| c.starts_with("IRIS7")), "{name}: {published}");
        assert_eq!(summary(&published), cli_summary(&cli(dir.path()), &merge), "{name}");
        c.shutdown().await;
    }
}

#[tokio::test]
async fn a_file_alone_in_its_folder_is_linted_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let merge = dir.path().join("merge.cpf");
    let text = fixture("examples/docker/merge.cpf");
    std::fs::write(&merge, &text).expect("write");
    let mut c = Client::start_with(basic_caps(), Value::Null, Some(dir.path())).await;
    let uri = uri_of(&merge);
    c.open(&uri, &text).await;
    let published = c.diagnostics(&uri, Some(1)).await["diagnostics"].clone();
    assert_eq!(summary(&published), cli_summary(&cli(&merge), &merge));
    c.shutdown().await;
}

#[tokio::test]
async fn workspace_diagnostics_report_unopened_files_as_the_cli_does() {
    let dir = scenario("gateway-password-refused");
    let merge = dir.path().join("iris/merge.cpf");
    let gateway = dir.path().join("webgateway/CSP.ini");
    let mut c = Client::start_with(modern_caps(), Value::Null, Some(dir.path())).await;
    let provider = &c.init_result()["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], true, "{provider}");
    let findings = cli(dir.path());
    let report = c.call("workspace/diagnostic", json!({"previousResultIds": []})).await;
    let items = report["items"].as_array().expect("items").clone();
    let mut uris: Vec<&str> = items.iter().filter_map(|i| i["uri"].as_str()).collect();
    uris.sort();
    assert_eq!(uris, vec![uri_of(&merge), uri_of(&gateway)]);
    for item in &items {
        assert_eq!(item["kind"], "full");
        assert_eq!(item["version"], Value::Null);
        assert!(item.as_object().is_some_and(|o| o.contains_key("version")), "{item}");
        let path = if item["uri"] == uri_of(&merge) { &merge } else { &gateway };
        assert_eq!(summary(&item["items"]), cli_summary(&findings, path), "{}", path.display());
    }
    let gw = items.iter().find(|i| i["uri"] == uri_of(&gateway)).expect("CSP.ini");
    assert!(codes(&gw["items"]).contains(&"IRIS701".to_string()), "{gw}");

    // An open document is left to the document pull.
    c.open(&uri_of(&merge), &std::fs::read_to_string(&merge).expect("read")).await;
    let report = c.call("workspace/diagnostic", json!({"previousResultIds": []})).await;
    let uris: Vec<&str> = report["items"].as_array().expect("items").iter().filter_map(|i| i["uri"].as_str()).collect();
    assert_eq!(uris, vec![uri_of(&gateway)]);
    c.shutdown().await;
}

#[tokio::test]
async fn a_pulling_client_is_asked_to_pull_again_when_a_peer_changes() {
    let dir = scenario("lockout-unknownuser");
    let merge = dir.path().join("iris/merge.cpf");
    let module = dir.path().join("app/module.xml");
    let mut c = Client::start_with(modern_caps(), Value::Null, Some(dir.path())).await;
    let (merge_uri, module_uri) = (uri_of(&merge), uri_of(&module));
    let module_text = std::fs::read_to_string(&module).expect("read");
    c.open(&module_uri, &module_text).await;
    c.open(&merge_uri, &std::fs::read_to_string(&merge).expect("read")).await;
    assert!(codes(&c.pull(&merge_uri).await).contains(&"IRIS702".to_string()));
    c.pull(&module_uri).await;
    // With every method off the package manager leaves AutheEnabled at its initial 64: password on.
    let fixed =
        module_text.replace("UnauthenticatedEnabled=\"1\"", "UnauthenticatedEnabled=\"0\" PasswordAuthEnabled=\"1\"");
    c.change(&module_uri, 2, json!([{"text": fixed}])).await;
    c.drain().await;
    assert!(c.backlog.iter().any(|m| m["method"] == "workspace/diagnostic/refresh"), "{:?}", c.backlog);
    let again = c.pull(&merge_uri).await;
    assert!(!codes(&again).contains(&"IRIS702".to_string()), "{again}");
    c.shutdown().await;
}

#[tokio::test]
async fn the_instances_table_of_irislint_toml_groups_files_as_the_cli_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    w(
        "irislint.toml",
        "[instances]\nprod = [\"prod/**\", \"gateways/prod.ini\"]\ntest = [\"test/**\", \"gateways/test.ini\"]\n",
    );
    let gw = "[SYSTEM_INDEX]\nLOCAL=Enabled\n[LOCAL]\nIp_Address=127.0.0.1\nUsername=CSPSystem\nPassword=1m/88FLbg27GIrR5kOmD8W8t24R4\n";
    w("gateways/prod.ini", gw);
    w("gateways/test.ini", gw);
    w("prod/merge.cpf", "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=64\n");
    w("test/merge.cpf", "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=32\n");
    let findings = cli(dir.path());
    let mut c = Client::start_with(basic_caps(), Value::Null, Some(dir.path())).await;
    for (name, fires) in [("gateways/prod.ini", true), ("gateways/test.ini", false)] {
        let path = dir.path().join(name);
        let uri = uri_of(&path);
        c.open(&uri, gw).await;
        let published = c.diagnostics(&uri, Some(1)).await["diagnostics"].clone();
        assert_eq!(codes(&published).contains(&"IRIS701".to_string()), fires, "{name}: {published}");
        assert_eq!(summary(&published), cli_summary(&findings, &path), "{name}");
    }
    c.shutdown().await;
}
