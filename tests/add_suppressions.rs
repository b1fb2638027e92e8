//! `check --add-suppressions --reason`: a comment with the reason for every
//! current finding where the format has comments; byte-safe and idempotent.

use std::path::Path;

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

const REASON: &str = "accepted until the 2027 migration";

#[test]
fn merge_file_gets_comment_lines_keeping_bom_line_endings_and_wrapped_actions() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}[Startup]\r\nWebServer=1\r\n[Actions]\r\nCreateApplication:Name=/a,NameSpace=USER,\r\n  AutheEnabled=64,Resource=%DB_USER\r\n";
    write(dir.path(), "merge.cpf", text);
    let out = irislint(&["check", "--add-suppressions", "--reason", REASON, "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Added 2 suppression comments for 2 findings in 1 file."));
    let expected = format!(
        "\u{feff}[Startup]\r\n# irislint: ignore IRIS501 {REASON}\r\nWebServer=1\r\n[Actions]\r\n# irislint: ignore IRIS401 {REASON}\r\nCreateApplication:Name=/a,NameSpace=USER,\r\n  AutheEnabled=64,Resource=%DB_USER\r\n"
    );
    assert_eq!(read(dir.path(), "merge.cpf"), expected);
    // Now clean, and a second run changes nothing.
    assert_eq!(irislint(&["check", "merge.cpf"], dir.path()).status.code(), Some(0));
    let again = irislint(&["check", "--add-suppressions", "--reason", REASON, "merge.cpf"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(read(dir.path(), "merge.cpf"), expected);
}

#[test]
fn xml_and_class_files_get_their_own_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "module.xml",
        "<Export><Document name=\"m.ZPM\"><Module>\n  <CSPApplication\n    Url=\"/status\"\n    UnauthenticatedEnabled=\"1\" Resource=\"%DB_X\"/>\n</Module></Document></Export>\n",
    );
    write(
        dir.path(),
        "Installer.cls",
        "Class A.Installer\n{\n\nXData setup\n{\n<Manifest>\n<SystemSetting Name=\"Config.Startup.WebServer\" Value=\"1\"/>\n</Manifest>\n}\n\n}\n",
    );
    let out = irislint(&["check", "--add-suppressions", "--reason", REASON, "module.xml", "Installer.cls"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(read(dir.path(), "module.xml").contains(&format!(
        "<Module>\n  <!-- irislint: ignore IRIS401 {REASON} -->\n  <CSPApplication\n    Url=\"/status\""
    )));
    assert!(read(dir.path(), "Installer.cls")
        .contains(&format!("{{\n\n// irislint: ignore IRIS501 {REASON}\nXData setup\n")));
    assert_eq!(irislint(&["check", "module.xml", "Installer.cls"], dir.path()).status.code(), Some(0));
}

#[test]
fn files_whose_products_rewrite_them_are_reported_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let cpf = "[ConfigFile]\nVersion=2024.1\n[Startup]\nWebServer=1\n";
    let ini = "[SYSTEM]\nSystem_Manager=*.*.*.*\n";
    write(dir.path(), "iris.cpf", cpf);
    write(dir.path(), "CSP.ini", ini);
    let out = irislint(&["check", "--add-suppressions", "--reason", REASON, "iris.cpf", "CSP.ini"], dir.path());
    assert_eq!(out.status.code(), Some(1), "findings remain");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("iris.cpf:4:1: IRIS501: an instance's own iris.cpf is rewritten by IRIS: use per-file-ignores"),
        "{err}"
    );
    assert!(err.contains("CSP.ini:2:1: IRIS503: CSP.ini is rewritten by the Web Gateway"), "{err}");
    assert_eq!(read(dir.path(), "iris.cpf"), cpf);
    assert_eq!(read(dir.path(), "CSP.ini"), ini);
}

#[test]
fn a_reason_is_required_and_must_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", "[Startup]\nWebServer=1\n");
    for args in [
        vec!["check", "--add-suppressions", "merge.cpf"],
        vec!["check", "--add-suppressions", "--reason", " ", "merge.cpf"],
        vec!["check", "--add-suppressions", "--reason", "IRIS501 is fine", "merge.cpf"],
    ] {
        assert_eq!(irislint(&args, dir.path()).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(read(dir.path(), "merge.cpf"), "[Startup]\nWebServer=1\n");
    // Standard input has no file to write, whatever name it is given.
    let out = irislint(
        &["check", "--add-suppressions", "--reason", REASON, "--stdin-filename", "merge.cpf", "-"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(read(dir.path(), "merge.cpf"), "[Startup]\nWebServer=1\n");
}
