//! Fixes keep their promise: applying one makes its finding go away, changes
//! only the bytes of its edits, and fixing is idempotent. Also the `--fix`
//! command on real files: line endings, permissions, read-only files.

use irislint::findings::config::Config;
use irislint::findings::fix::{apply_pass, Allowed};
use irislint::lint::check_text;
use std::path::Path;

#[path = "fixture_support/mod.rs"]
mod fixture_support;
use fixture_support::format_for;
use std::process::Command;

fn fixtures() -> Vec<(String, std::path::PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        let code = dir.file_name().to_string_lossy().to_string();
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            out.push((code.clone(), file.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_offered_fix_closes_its_finding_and_touches_nothing_else() {
    let mut checked = 0;
    for (code, path) in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let format = format_for(&path, &text);
        let select = if code == "IRIS905" { "ALL".to_string() } else { code.clone() };
        let config = Config::parse(&format!("select = [\"{select}\"]"), None).unwrap();
        let name = path.display().to_string();
        let (_, findings) = check_text(&name, text.clone(), format, &config);
        for finding in findings.iter().filter(|f| f.fix.is_some()) {
            let fix = finding.fix.as_ref().unwrap();
            let pass = apply_pass(&text, std::slice::from_ref(finding), Allowed::SafeAndUnsafe);
            // Outside the edits, the bytes are the original ones.
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| e.range.start);
            let (mut old_at, mut new_at) = (0, 0);
            for e in &edits {
                let keep = e.range.start - old_at;
                assert_eq!(
                    &pass.text[new_at..new_at + keep],
                    &text[old_at..e.range.start],
                    "{name}: bytes before an edit changed"
                );
                new_at += keep;
                assert_eq!(&pass.text[new_at..new_at + e.new_text.len()], e.new_text);
                new_at += e.new_text.len();
                old_at = e.range.end;
            }
            assert_eq!(&pass.text[new_at..], &text[old_at..], "{name}: bytes after the edits changed");
            // The finding is gone, and the file still reads without new syntax errors.
            // Two objects may read alike (two elements of one misspelt name): the
            // fixed one is told apart by how many such findings remain.
            let (doc, after) = check_text(&name, pass.text.clone(), format, &config);
            let alike = |f: &&irislint::Finding| {
                f.code == finding.code && f.object == finding.object && f.message == finding.message
            };
            let closed = after.iter().filter(alike).count() < findings.iter().filter(alike).count();
            assert!(closed, "{name}: the fix '{}' did not close {}: {}", fix.title, finding.code, finding.message);
            assert!(doc.syntax_errors.is_empty(), "{name}: the fix '{}' broke the syntax:\n{}", fix.title, pass.text);
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fixes were checked");
}

fn irislint(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_irislint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

const MIXED: &[u8] = b"\xef\xbb\xbf# keep this comment\r\n[Startup]\r\nWebServer=1\n[Actions]\r\nModifyService:Name=%Service_Telnet,Enabled=1\r\nModifyApplication:Name=/csp/sys,AutheEnabled=96";

#[test]
fn fix_keeps_bom_line_endings_missing_final_newline_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("merge.cpf");
    std::fs::write(&file, MIXED).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let only = ["--select", "IRIS3,IRIS4,IRIS5"];
    let out = irislint(&[&["check", "--fix", "merge.cpf"][..], &only].concat(), dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Fixed 1 finding in 1 file; 2 remain: 2 with only an unsafe fix (add --unsafe-fixes)."),
        "{stderr}"
    );
    let after = std::fs::read(&file).unwrap();
    let expected = String::from_utf8_lossy(MIXED).replace("WebServer=1", "WebServer=0");
    assert_eq!(String::from_utf8_lossy(&after), expected);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
    // Unsafe fixes too, then a second run changes nothing.
    irislint(&[&["check", "--fix", "--unsafe-fixes", "merge.cpf"][..], &only].concat(), dir.path());
    let fixed = std::fs::read(&file).unwrap();
    assert!(String::from_utf8_lossy(&fixed).ends_with("ModifyApplication:Name=/csp/sys,AutheEnabled=32"));
    assert!(fixed.starts_with(b"\xef\xbb\xbf# keep this comment\r\n"));
    let again = irislint(&[&["check", "--fix", "--unsafe-fixes", "merge.cpf"][..], &only].concat(), dir.path());
    assert_eq!(std::fs::read(&file).unwrap(), fixed);
    assert_eq!(again.status.code(), Some(0));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("merge.cpf"), "[Startup]\nWebServer=1\n").unwrap();
    let out = irislint(&["check", "--diff", "merge.cpf"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("--- a/merge.cpf\n+++ b/merge.cpf\n") && stdout.contains("-WebServer=1\n+WebServer=0\n"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("merge.cpf")).unwrap(), "[Startup]\nWebServer=1\n");
}

#[test]
fn a_read_only_file_is_an_error_and_stays_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("merge.cpf");
    std::fs::write(&file, "[Startup]\nWebServer=1\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = irislint(&["check", "--fix", "merge.cpf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("merge.cpf: file is read-only; not fixed"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "[Startup]\nWebServer=1\n");
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--fix", "-", "--stdin-filename", "merge.cpf"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"[Startup]\r\nWebServer=1\r\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[Startup]\r\nWebServer=0\r\n");
}

#[test]
fn stdin_fix_reports_what_remains_on_standard_error() {
    use std::io::Write;
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
            .args(["check", "--fix", "-", "--stdin-filename", "merge.cpf", "--format", format])
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // WebServer has a safe fix; the application's fix is unsafe, so its finding remains.
        let text = "[Startup]\nWebServer=1\n[Actions]\nCreateApplication:Name=/csp/app,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        // Standard output is the fixed file and nothing else: it can be redirected over the file.
        assert_eq!(String::from_utf8_lossy(&out.stdout), text.replace("WebServer=1", "WebServer=0"), "{format}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("IRIS401"),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn invalid_utf8_files_are_checked_but_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"[Startup]\nSystemMode=caf\xe9\nWebServer=1\n";
    std::fs::write(dir.path().join("merge.cpf"), bytes).unwrap();
    let out = irislint(&["check", "--fix", "merge.cpf"], dir.path());
    assert_eq!(std::fs::read(dir.path().join("merge.cpf")).unwrap(), bytes);
    assert!(String::from_utf8_lossy(&out.stdout).contains("not fixed"));
}
