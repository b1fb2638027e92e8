//! Cross-file analysis: each folder under `tests/workspace/` is one instance
//! (a scenario). `consistent-*` scenarios must produce no IRIS7xx finding;
//! every other scenario's findings, with their related locations in the other
//! files, are snapshotted.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspace");
    let out = Command::new(env!("CARGO_BIN_EXE_irislint")).args(args).current_dir(root).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn render(findings: &serde_json::Value) -> String {
    let mut out = String::new();
    for f in findings.as_array().unwrap() {
        let at = |v: &serde_json::Value| format!("{}:{}", v["start"]["line"], v["start"]["column"]);
        out.push_str(&format!(
            "{}:{} {} [{}] {}\n",
            f["path"].as_str().unwrap(),
            at(&f["range"]),
            f["code"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        ));
        for r in f["related"].as_array().unwrap() {
            out.push_str(&format!(
                "    related {}:{} {}\n",
                r["path"].as_str().unwrap(),
                at(&r["range"]),
                r["message"].as_str().unwrap()
            ));
        }
    }
    out
}

#[test]
fn scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspace");
    let mut scenarios: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 10);
    for scenario in scenarios {
        let findings = run(&["check", "--format", "json", "--ignore", "IRIS902", &scenario]);
        let rendered = render(&findings);
        let cross_file = findings.as_array().unwrap().iter().any(|f| f["code"].as_str().unwrap().starts_with("IRIS7"));
        if scenario.starts_with("consistent") {
            assert!(!cross_file, "{scenario} must stay silent:\n{rendered}");
        }
        insta::with_settings!({snapshot_suffix => scenario.clone(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("workspace", rendered);
        });
    }
}

#[test]
fn a_later_merge_file_overrides_an_earlier_setting() {
    let findings = run(&["check", "--format", "json", "--select", "IRIS501", "override-order"]);
    assert_eq!(findings.as_array().unwrap().len(), 0, "{}", render(&findings));
    // Each file alone still reports its own WebServer=1.
    let alone = run(&["check", "--format", "json", "--select", "IRIS501", "override-order/iris/10-merge.cpf"]);
    assert_eq!(alone.as_array().unwrap().len(), 1);
}

#[test]
fn a_file_with_a_syntax_error_does_not_stop_the_others() {
    let findings = run(&["check", "--format", "json", "--ignore", "IRIS902", "one-file-broken"]);
    let codes: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"IRIS901") && codes.contains(&"IRIS701"), "{codes:?}");
}

#[test]
fn named_instances_group_files_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    // Two instances side by side; only "prod" pairs its Gateway with a service that refuses it.
    w(
        "irislint.toml",
        "[instances]\nprod = [\"prod/**\", \"gateways/prod.ini\"]\ntest = [\"test/**\", \"gateways/test.ini\"]\n",
    );
    let gw = "[SYSTEM_INDEX]\nLOCAL=Enabled\n[LOCAL]\nIp_Address=127.0.0.1\nUsername=CSPSystem\nPassword=1m/88FLbg27GIrR5kOmD8W8t24R4\n";
    w("gateways/prod.ini", gw);
    w("gateways/test.ini", gw);
    w("prod/merge.cpf", "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=64\n");
    w("test/merge.cpf", "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=32\n");
    let out = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--format", "json", "--select", "IRIS701", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["./gateways/prod.ini"]);
}

#[test]
fn explain_effective_shows_who_set_what() {
    let text = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--explain-effective", "override-order"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspace"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("[Startup] WebServer = 0  (override-order/iris/20-merge.cpf:2; overrides override-order/iris/iris.cpf:6, override-order/iris/10-merge.cpf:2)"),
        "{out}"
    );
    let json = run(&["check", "--explain-effective", "--format", "json", "lockout-last-admin"]);
    let user = &json[0]["users"][0];
    assert_eq!(user["name"], "opsadmin");
    assert_eq!(user["enabled"]["value"], "0");
    assert_eq!(user["enabled"]["set_at"]["path"], "lockout-last-admin/iris/20-disable.cpf");
    assert_eq!(user["roles"]["value"], "%All");
}
