//! How a report is delivered: `--output-file`, `--statistics`, `--show-fixes`.

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

const MERGE: &str = "[Startup]\nWebServer=1\n[Actions]\nModifyUser:Name=UnknownUser,Password=Bob-Secret-77,Roles=%All\nCreateApplication:Name=/a,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\nCreateApplication:Name=/b,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";

#[test]
fn output_file_holds_what_standard_output_would_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    for format in ["text", "json", "sarif", "github", "junit", "gitlab", "rdjson"] {
        let printed = irislint(&["check", "--format", format, "merge.cpf"], dir.path());
        let name = format!("report.{format}");
        let to_file = irislint(&["check", "--format", format, "--output-file", &name, "merge.cpf"], dir.path());
        assert_eq!(to_file.status.code(), printed.status.code(), "{format}");
        assert!(to_file.stdout.is_empty(), "{format}: the report also went to standard output");
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), printed.stdout, "{format}");
    }
    // Only the reports and the checked file are left: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 8);
}

#[test]
fn output_file_that_cannot_be_written_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let out = irislint(&["check", "--output-file", "missing/report.txt", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the report to missing/report.txt: folder missing does not exist"), "{err}");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let out = irislint(&["check", "--exit-zero", "--output-file", "sub", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a folder"));
}

#[cfg(unix)]
#[test]
fn output_file_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    write(dir.path(), "report.json", "old");
    std::fs::set_permissions(dir.path().join("report.json"), std::fs::Permissions::from_mode(0o640)).unwrap();
    irislint(&["check", "--format", "json", "--output-file", "report.json", "merge.cpf"], dir.path());
    let meta = std::fs::metadata(dir.path().join("report.json")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(std::fs::read_to_string(dir.path().join("report.json")).unwrap().starts_with('['));
}

#[test]
fn statistics_count_findings_and_fixes_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let out = irislint(&["check", "--statistics", "--format", "json", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let row = |code: &str| rows.iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("{code}: {v}")).clone();
    assert_eq!(rows[0]["code"], "IRIS401", "most findings first: {v}");
    assert_eq!((row("IRIS401")["count"].as_u64(), row("IRIS401")["unsafe_fixes"].as_u64()), (Some(2), Some(2)));
    assert_eq!((row("IRIS501")["count"].as_u64(), row("IRIS501")["safe_fixes"].as_u64()), (Some(1), Some(1)));
    assert_eq!(row("IRIS102")["safe_fixes"].as_u64().unwrap() + row("IRIS102")["unsafe_fixes"].as_u64().unwrap(), 0);
    let text = String::from_utf8(irislint(&["check", "--statistics", "merge.cpf"], dir.path()).stdout).unwrap();
    assert!(
        text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == ["2", "IRIS401", "unauthenticated-application", "2", "unsafe"]),
        "{text}"
    );
    assert!(!text.contains("merge.cpf:"), "statistics replace the findings: {text}");
    let sarif = irislint(&["check", "--statistics", "--format", "sarif", "merge.cpf"], dir.path());
    assert_eq!(sarif.status.code(), Some(2));
}

#[test]
fn show_fixes_prints_the_changed_lines_with_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let out = String::from_utf8(irislint(&["check", "--show-fixes", "merge.cpf"], dir.path()).stdout).unwrap();
    assert!(
        out.contains("  = fix: turn the private web server off (WebServer=0)\n  - WebServer=1\n  + WebServer=0\n"),
        "{out}"
    );
    assert!(out.contains("- ModifyUser:Name=UnknownUser,Password=****,Roles=%All\n"), "{out}");
    assert!(out.contains("+ ModifyUser:Name=UnknownUser,Password=****,Roles=\"\"\n"), "{out}");
    assert!(!out.contains("Bob-Secret-77"), "{out}");
    let plain = String::from_utf8(irislint(&["check", "merge.cpf"], dir.path()).stdout).unwrap();
    assert!(!plain.contains("+ WebServer=0"), "fixes are shown only when asked: {plain}");
}
