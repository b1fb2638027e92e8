//! The CI report formats beyond SARIF, through the binary as CI runs it:
//! GitLab Code Quality and reviewdog's rdjson. (Their schemas are checked with
//! third-party validators in scripts/integration.sh.)

use serde_json::Value;

use std::process::Output;

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Two applications with the same finding on the same object (a duplicate
/// definition), a plaintext password, and a non-ASCII name before a finding.
const MERGE: &str = "[Startup]\nWebServer=1\n[Actions]\nCreateUser:Name=bob,Password=Bob-Secret-77,Roles=%DB_USER\nCreateApplication:Name=/csp/äpp,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";

#[test]
fn gitlab_code_quality_has_the_documented_fields_and_stable_unique_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "conf/merge.cpf", MERGE);
    let out = irislint(&["check", "--format", "gitlab", "./conf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Bob-Secret-77"), "the report shows a secret");
    let issues = json(&out);
    let issues = issues.as_array().unwrap();
    assert!(issues.len() >= 3, "{issues:?}");
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].as_str().is_some_and(|s| !s.is_empty()), "{key} missing in {i}");
        }
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        assert_eq!(i["location"]["path"], "conf/merge.cpf", "paths are relative, without ./");
    }
    let app = issues.iter().find(|i| i["check_name"] == "IRIS401").unwrap();
    assert_eq!(app["severity"], "critical");
    assert_eq!(app["location"]["lines"]["begin"], 5);
    let web = issues.iter().find(|i| i["check_name"] == "IRIS501").unwrap();
    assert_eq!(web["severity"], "major");
    let mut fps: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), issues.len(), "fingerprints must be unique");
    // The fingerprint follows the finding when lines move.
    let fp = app["fingerprint"].clone();
    write(dir.path(), "conf/merge.cpf", &format!("# moved\n\n{MERGE}"));
    let moved = json(&irislint(&["check", "--format", "gitlab", "conf"], dir.path()));
    let app2 = moved.as_array().unwrap().iter().find(|i| i["check_name"] == "IRIS401").unwrap().clone();
    assert_eq!(app2["fingerprint"], fp);
    assert_eq!(app2["location"]["lines"]["begin"], 7);
}

#[test]
fn gitlab_fingerprints_differ_for_repeated_findings_on_one_object() {
    let dir = tempfile::tempdir().unwrap();
    // The same key twice: two findings with the same file, rule and object.
    let app = "CreateApplication:Name=/a,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";
    write(dir.path(), "merge.cpf", &format!("[Actions]\n{app}{app}"));
    let issues = json(&irislint(&["check", "--format", "gitlab", "--select", "IRIS401", "merge.cpf"], dir.path()));
    let fps: Vec<&str> = issues.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fps.len(), 2, "{issues}");
    assert_ne!(fps[0], fps[1]);
}

#[test]
fn rdjson_has_byte_columns_exclusive_ends_and_suggestions_from_fixes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let out = irislint(&["check", "--format", "rdjson", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Bob-Secret-77"), "the report shows a secret");
    let v = json(&out);
    assert_eq!(v["source"]["name"], "irislint");
    let ds = v["diagnostics"].as_array().unwrap();
    let app = ds.iter().find(|d| d["code"]["value"] == "IRIS401").unwrap();
    assert_eq!(app["severity"], "ERROR");
    assert_eq!(app["location"]["path"], "merge.cpf");
    assert!(app["code"].get("url").is_none(), "no docs-url, no link: {app}");
    // `AutheEnabled=64` on line 5 starts at character 50 but byte 51 (ä is two bytes).
    let line = MERGE.lines().nth(4).unwrap();
    let byte = line.find("AutheEnabled").unwrap() + 1;
    assert_eq!(line[..byte - 1].chars().count() + 1, byte - 1, "the character column differs");
    let start = &app["location"]["range"]["start"];
    assert_eq!((start["line"].as_u64(), start["column"].as_u64()), (Some(5), Some(byte as u64)));
    assert_eq!(app["location"]["range"]["end"]["column"].as_u64(), Some((byte + "AutheEnabled=64".len()) as u64));
    // The fix becomes a suggestion replacing exactly `64`.
    let s = &app["suggestions"][0];
    assert_eq!(s["text"], "32");
    assert_eq!(s["range"]["start"]["column"].as_u64(), Some((byte + "AutheEnabled=".len()) as u64));
    assert_eq!(s["range"]["end"]["column"].as_u64(), Some((byte + "AutheEnabled=64".len()) as u64));
    // A finding without a fix has no suggestions.
    let secret = ds.iter().find(|d| d["code"]["value"] == "IRIS102").unwrap();
    assert!(secret.get("suggestions").is_none(), "{secret}");
}

const FORMATS: [&str; 7] = ["text", "json", "sarif", "github", "junit", "gitlab", "rdjson"];

#[test]
fn no_report_links_to_an_address_the_project_does_not_own() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    for format in FORMATS {
        let out = irislint(&["check", "--format", format, "merge.cpf"], dir.path());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.is_empty(), "{format}: no output");
        assert!(!text.contains("github.com/irislint"), "{format} links to an invented address:\n{text}");
    }
    // SARIF without docs-url: rules are described, but point nowhere.
    let sarif = json(&irislint(&["check", "--format", "sarif", "merge.cpf"], dir.path()));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert!(driver.get("informationUri").is_none(), "{driver}");
    assert!(driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("helpUri").is_none() && r["help"]["markdown"].is_string()));
}

#[test]
fn docs_url_links_every_report_to_the_team_s_pages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    // `{code}` is replaced by the code.
    write(dir.path(), "irislint.toml", "docs-url = \"https://wiki.example.com/sec/irislint/{code}.html\"\n");
    let findings = json(&irislint(&["check", "--format", "json", "merge.cpf"], dir.path()));
    let app = findings.as_array().unwrap().iter().find(|f| f["code"] == "IRIS401").unwrap();
    assert_eq!(app["url"], "https://wiki.example.com/sec/irislint/IRIS401.html");
    let sarif = json(&irislint(&["check", "--format", "sarif", "merge.cpf"], dir.path()));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], "https://wiki.example.com/sec/irislint");
    let rule = driver["rules"].as_array().unwrap().iter().find(|r| r["id"] == "IRIS302").unwrap();
    assert_eq!(rule["helpUri"], "https://wiki.example.com/sec/irislint/IRIS302.html");
    // Without `{code}`, the setting is the folder the pages of docs/rules/ are published in.
    write(dir.path(), "irislint.toml", "docs-url = \"https://git.example.com/sec/irislint/-/blob/main/docs/rules/\"\n");
    let rd = json(&irislint(&["check", "--format", "rdjson", "merge.cpf"], dir.path()));
    let app = rd["diagnostics"].as_array().unwrap().iter().find(|d| d["code"]["value"] == "IRIS401").unwrap();
    assert_eq!(app["code"]["url"], "https://git.example.com/sec/irislint/-/blob/main/docs/rules/IRIS401.md");
    assert_eq!(rd["source"]["url"], "https://git.example.com/sec/irislint/-/blob/main/docs/rules");
    // A setting that is no URL is refused, naming the key.
    write(dir.path(), "irislint.toml", "docs-url = \"docs/rules\"\n");
    let out = irislint(&["check", "--format", "json", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("docs-url"), "{}", String::from_utf8_lossy(&out.stderr));
}
