//! The `irislint` binary as a user runs it: exit codes, output formats,
//! discovery, configuration, and secrets that never appear in any output.

use std::process::{Command, Stdio};

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

const INSECURE: &str = "[Actions]\nCreateApplication:Name=/csp/app,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";
const SECURE: &str = "[Actions]\nCreateApplication:Name=/csp/app,NameSpace=USER,AutheEnabled=32,Resource=%DB_USER\n";

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.cpf", INSECURE);
    write(dir.path(), "good.cpf", SECURE);
    assert_eq!(irislint(&["check", "good.cpf"], dir.path()).status.code(), Some(0));
    assert_eq!(irislint(&["check", "bad.cpf"], dir.path()).status.code(), Some(1));
    assert_eq!(irislint(&["check", "--exit-zero", "bad.cpf"], dir.path()).status.code(), Some(0));
    let missing = irislint(&["check", "nope.cpf"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope.cpf: no such file"), "{}", stderr(&missing));
}

#[test]
fn text_output_points_at_the_responsible_text() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", INSECURE);
    let out = stdout(&irislint(&["check", "merge.cpf"], dir.path()));
    assert!(
        out.contains("merge.cpf:2:48: IRIS401 [error] web application /csp/app allows unauthenticated access"),
        "{out}"
    );
    assert!(out.contains(&format!("  | {}{}\n", " ".repeat(47), "^".repeat(15))), "{out}");
    assert!(out.contains("= unsafe fix: require password authentication (AutheEnabled=32)"), "{out}");
}

#[test]
fn json_output_matches_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", INSECURE);
    let out = irislint(&["check", "--format", "json", "merge.cpf"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v.as_array().unwrap()[0];
    assert_eq!(first["code"], "IRIS401");
    assert_eq!(first["name"], "unauthenticated-application");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "merge.cpf");
    assert_eq!(first["range"]["start"], serde_json::json!({"line": 2, "column": 48}));
    assert_eq!(first["range"]["end"], serde_json::json!({"line": 2, "column": 63}));
    assert_eq!(first["fix"]["safety"], "unsafe");
    assert_eq!(first["fix"]["edits"][0]["new_text"], "32");
    // No docs-url in irislint.toml: no link, rather than an invented one.
    assert!(first.get("url").is_none(), "{first}");
}

#[test]
fn columns_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", "[Actions]\nCreateApplication:Name=/é€𝄞,AutheEnabled=64,Resource=%DB_X\n");
    let out = irislint(&["check", "--format", "json", "merge.cpf"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["range"]["start"]["column"], 29);
}

#[test]
fn stdin_with_a_file_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "-", "--stdin-filename", "docker/merge.cpf", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(INSECURE.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["path"], "docker/merge.cpf");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn secrets_never_appear_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let hash = "a31d24aecc0bfe560a7e45bd913ad27c667dc25a75cbfd358c451bb595b6bd52bd25c82cafaa23ca1dd30b3b4947d12d3bb0ffb2a717df29912b743a281f97c1,0a4c463a2fa1e7542b61aa48800091ab688eb0a14bebf536638f411f5454c9343b9aa6402b4694f0a89b624407a5f43f0a38fc35216bb18aab7dc41ef9f056b1,10000,SHA512";
    write(
        dir.path(),
        "merge.cpf",
        &format!("[Actions]\nCreateUser:Name=Sup3rSecretPw,Password=Sup3rSecretPw,Roles=%All\nModifyUser:Name=SuperUser,PasswordHash={hash}\n"),
    );
    write(
        dir.path(),
        "CSP.ini",
        "[SYSTEM]\nPassword=]]]U1lT\n[LOCAL]\nIp_Address=10.0.0.1\nUsername=CSPSystem\nPassword=Gw-Pl4intext\n",
    );
    for format in ["text", "json"] {
        let out = irislint(&["check", "--format", format, "merge.cpf", "CSP.ini"], dir.path());
        let all = stdout(&out) + &stderr(&out);
        assert!(all.contains("IRIS101") && all.contains("IRIS102"), "{all}");
        for secret in ["Password=Sup3rSecretPw", "a31d24aecc0bfe56", "0a4c463a2fa1e754", "U1lT", "Gw-Pl4intext"] {
            assert!(!all.contains(secret), "{format} output shows a secret {secret}:\n{all}");
        }
    }
}

#[test]
fn folders_are_walked_honouring_gitignore_and_content() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "ignored/\n");
    write(dir.path(), "ignored/merge.cpf", INSECURE);
    write(dir.path(), "conf/merge.cpf", INSECURE);
    write(dir.path(), "gateway/web.ini", "[SYSTEM_INDEX]\nLOCAL=Enabled\n[SYSTEM]\nSystem_Manager=*.*.*.*\n");
    write(dir.path(), "other/settings.ini", "[x]\ny=1\n");
    write(dir.path(), "other/pom.xml", "<project/>\n");
    let out = stdout(&irislint(&["check", "--format", "json", "."], dir.path()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: std::collections::BTreeSet<String> =
        v.as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().replace('\\', "/")).collect();
    assert_eq!(paths.into_iter().collect::<Vec<_>>(), vec!["./conf/merge.cpf", "./gateway/web.ini"]);
}

#[test]
fn a_named_file_of_unknown_format_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "hello");
    let out = irislint(&["check", "notes.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("notes.txt: not a file irislint reads"));
}

#[test]
fn invalid_utf8_is_checked_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"[Startup]\nSystemMode=caf\xe9\nWebServer=1\n".to_vec();
    bytes.extend_from_slice(b"");
    std::fs::write(dir.path().join("merge.cpf"), bytes).unwrap();
    let out = irislint(&["check", "merge.cpf"], dir.path());
    let text = stdout(&out);
    assert!(text.contains("not valid UTF-8"), "{text}");
    assert!(text.contains("IRIS501"), "{text}");
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", INSECURE);
    let out = irislint(&["check", "--max-file-size", "10", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("over the limit"), "{}", stderr(&out));
}

#[test]
fn unreadable_files_and_folders_are_errors() {
    if Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(true) {
        eprintln!("running as root: permissions are not enforced, nothing to check");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", INSECURE);
    write(dir.path(), "locked/merge.cpf", INSECURE);
    std::fs::set_permissions(dir.path().join("merge.cpf"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(dir.path().join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = irislint(&["check", "."], dir.path());
    std::fs::set_permissions(dir.path().join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("permission denied"), "{}", stderr(&out));
}

#[test]
fn select_ignore_and_profile() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", "[Startup]\nWebServer=1\n[Actions]\nModifyService:Name=%Service_CallIn,Enabled=1\n");
    let codes = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["check", "--format", "json", "merge.cpf"];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_slice(&irislint(&all, dir.path()).stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| (f["code"].as_str().unwrap().to_string(), f["severity"].as_str().unwrap().to_string()))
            .collect()
    };
    assert_eq!(codes(&[]), vec![("IRIS501".into(), "warning".into()), ("IRIS301".into(), "warning".into())]);
    assert_eq!(codes(&["--select", "IRIS3"]), vec![("IRIS301".into(), "warning".into())]);
    assert_eq!(codes(&["--ignore", "IRIS301,IRIS501"]), vec![]);
    assert_eq!(
        codes(&["--profile", "development"]),
        vec![("IRIS501".into(), "info".into()), ("IRIS301".into(), "info".into())]
    );
    let bad = irislint(&["check", "--select", "XYZ", "merge.cpf"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn configuration_file_is_found_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "irislint.toml",
        "profile = \"production\"\n[per-file-ignores]\n\"dev/*.cpf\" = [\"IRIS401\"]\n[severity]\nIRIS405 = \"info\"\n",
    );
    write(dir.path(), "dev/merge.cpf", INSECURE);
    write(dir.path(), "prod/merge.cpf", INSECURE);
    let v: serde_json::Value =
        serde_json::from_slice(&irislint(&["check", "--format", "json", "."], dir.path()).stdout).unwrap();
    let got: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(got, vec!["./prod/merge.cpf IRIS401"]);
    write(dir.path(), "irislint.toml", "profile = \"production\"\nselcet = [\"IRIS4\"]\n");
    let out = irislint(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("selcet") && stderr(&out).contains("line 2"), "{}", stderr(&out));
}

#[test]
fn rule_documentation_is_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&irislint(&["rule", "IRIS401"], dir.path()));
    assert!(out.starts_with("# IRIS401 unauthenticated-application"), "{out}");
    for heading in ["## What it finds", "## Why it matters", "## Fix", "## Source"] {
        assert!(out.contains(heading), "{out}");
    }
    let by_name = stdout(&irislint(&["rule", "unauthenticated-application"], dir.path()));
    assert_eq!(out, by_name);
    let list: serde_json::Value =
        serde_json::from_slice(&irislint(&["rules", "--format", "json"], dir.path()).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), irislint::rules::all().len());
    assert!(list.as_array().unwrap().iter().any(|r| r["code"] == "IRIS109"));
    assert_eq!(irislint(&["rule", "IRIS999"], dir.path()).status.code(), Some(2));
}

#[test]
fn rule_as_json_carries_each_section_and_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = irislint(&["rule", "IRIS401", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let rule: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let meta = irislint::rules::by_code("IRIS401").unwrap().meta();
    assert_eq!(rule["code"], "IRIS401");
    assert_eq!(rule["severity"], meta.severity.as_str());
    assert_eq!(rule["fixable"], meta.fixable);
    assert_eq!(rule["formats"], serde_json::json!(meta.formats));
    let doc = rule["documentation"].as_str().unwrap();
    for (key, heading) in
        [("what", "## What it finds"), ("why", "## Why it matters"), ("fix", "## Fix"), ("source", "## Source")]
    {
        let text = rule[key].as_str().unwrap_or_else(|| panic!("no {key}: {rule}"));
        assert!(!text.is_empty() && !text.contains("## "), "{key} is one section: {text:?}");
        assert!(doc.contains(&format!("{heading}\n{text}")), "{key} is not the text under {heading}");
    }
    assert!(rule["what"].as_str().unwrap().contains("AutheEnabled"));
    // The examples, each with the file it stands for and its text without fences.
    let examples = rule["examples"].as_array().unwrap();
    let merge = examples.iter().find(|e| e["kind"] == "example" && e["file"] == "merge.cpf").expect("a merge example");
    assert_eq!(merge["language"], "ini");
    let text = merge["text"].as_str().unwrap();
    assert!(text.starts_with("[Actions]\n") && text.contains("AutheEnabled=96") && !text.contains("```"), "{text}");
    assert!(examples.iter().any(|e| e["kind"] == "use-instead" && e["file"] == "module.xml"), "{rule}");
    // The checklist items, as `irislint rule` shows them.
    assert!(rule["checklist"].as_array().is_some_and(|c| !c.is_empty()), "{rule}");
    // The page shipped beside the binary, not an invented address.
    let url = rule["url"].as_str().unwrap_or_default();
    assert!(url.starts_with("file://") && url.ends_with("/docs/rules/IRIS401.md"), "{url}");
    let page = std::fs::read_to_string(url.trim_start_matches("file://")).unwrap();
    assert!(page.contains("AutheEnabled=96"), "the page shows the examples");
    // Nor does any rule's documentation name an address the project does not own.
    let all = stdout(&irislint(&["rules", "--format", "json"], dir.path()));
    assert!(!all.contains("github.com/irislint"), "an invented address in `irislint rules --format json`");
    // With docs-url, the team's page.
    write(dir.path(), "irislint.toml", "docs-url = \"https://wiki.example.com/irislint/{code}\"\n");
    let rule: serde_json::Value =
        serde_json::from_slice(&irislint(&["rule", "IRIS401", "--format", "json"], dir.path()).stdout).unwrap();
    assert_eq!(rule["url"], "https://wiki.example.com/irislint/IRIS401");
}
