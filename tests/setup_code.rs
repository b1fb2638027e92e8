//! Setup code on the command line: a repository laid out as community
//! templates are (iris.script, Dockerfile, compose file, a merge file named
//! by the wiring only), checked as a folder.

use std::path::Path;

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

fn template(dir: &Path) {
    write(
        dir,
        "iris.script",
        " zn \"%SYS\"\n Do ##class(Security.Users).UnExpireUserPasswords(\"*\")\n zpm \"install passwordless\"\n // zpm \"install webterminal\"\n halt\n",
    );
    write(
        dir,
        "Dockerfile",
        "FROM intersystemsdc/iris-community\nENV IRISPASSWORD \"SYS\"\nCOPY . /home/irisowner/dev\nRUN iris start IRIS && iris session IRIS < iris.script && iris stop IRIS quietly\n",
    );
    write(
        dir,
        "docker-compose.yml",
        "services:\n  iris:\n    build: .\n    ports:\n      - 1972\n      - 127.0.0.1:52773:52773\n    environment:\n      - ISC_CPF_MERGE_FILE=/home/irisowner/dev/merge.conf\n    volumes:\n      - ./:/home/irisowner/dev\n",
    );
    write(dir, "merge.conf", "[Startup]\nWebServer=1\n");
}

#[test]
fn a_template_repository_reports_its_setup_code_with_host_positions() {
    let dir = tempfile::tempdir().unwrap();
    template(dir.path());
    let out = irislint(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().trim_start_matches("./").to_string();
            format!("{path}:{} {}", f["range"]["start"]["line"], f["code"].as_str().unwrap())
        })
        .collect();
    for expected in [
        "iris.script:2 IRIS106",
        "iris.script:3 IRIS109",
        "Dockerfile:2 IRIS101",
        "docker-compose.yml:5 IRIS606",
        // Read because the compose file names it, whatever its name.
        "merge.conf:2 IRIS501",
    ] {
        assert!(got.iter().any(|g| g == expected), "missing {expected} in {got:?}");
    }
    // The commented-out install and the port bound to 127.0.0.1 are not findings.
    assert!(!got.iter().any(|g| g.starts_with("iris.script:4") || g == "docker-compose.yml:6 IRIS606"), "{got:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("\"SYS\""), "a password is printed: {text}");
}

/// `path:line:column code` of each finding of `check --format json .` in `dir`.
fn findings_at(dir: &Path) -> Vec<String> {
    let out = irislint(&["check", "--format", "json", "."], dir);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let start = |f: &serde_json::Value, k: &str| f["range"]["start"][k].as_u64().unwrap();
    let mut got: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().trim_start_matches("./");
            format!("{path}:{}:{} {}", start(f, "line"), start(f, "column"), f["code"].as_str().unwrap())
        })
        .collect();
    got.sort();
    got
}

#[test]
fn terminal_input_in_the_first_column_is_commands_even_with_one_letter_names() {
    // To a reader of routines, `set p(…)` in the first column is the label
    // `set` and the command `p`: typed at `iris session`, it is a set.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "iris.script",
        "zn \"%SYS\"\nset p(\"AutheEnabled\")=64\ndo ##class(Security.Applications).Create(\"/a\",.p)\nhalt\n",
    );
    write(
        p,
        "setup.sh",
        "#!/bin/bash\ncat << EOF | iris session IRIS -U %SYS\nk u s u(\"Password\")=\"SYS\"\nd ##class(Security.Users).Modify(\"admin\",.u)\nhalt\nEOF\n",
    );
    write(
        p,
        "Dockerfile",
        "FROM intersystemsdc/iris-community\nSHELL [\"/irissession.sh\"]\nRUN \\\n  zn \"%SYS\" \\\nset s(\"Enabled\")=1 \\\ndo ##class(Security.Services).Modify(\"%Service_Telnet\",.s)\n",
    );
    let got = findings_at(p);
    for expected in ["iris.script:2:5 IRIS401", "setup.sh:3:7 IRIS101", "Dockerfile:5:5 IRIS301"] {
        assert!(got.iter().any(|g| g == expected), "missing {expected} in {got:?}");
    }
}

#[test]
fn explain_effective_names_the_wiring() {
    let dir = tempfile::tempdir().unwrap();
    template(dir.path());
    let out = irislint(&["check", "--explain-effective", "."], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("merge file /home/irisowner/dev/merge.conf"), "{text}");
    assert!(text.contains("docker-compose.yml:8"), "{text}");
}

#[test]
fn a_suppression_in_each_host_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "iris.script",
        " // irislint: ignore IRIS106 throwaway demo image\n Do ##class(Security.Users).UnExpireUserPasswords(\"*\")\n",
    );
    write(dir.path(), "Dockerfile", "FROM x\n# irislint: ignore IRIS101 demo image\nENV IRISPASSWORD \"SYS\"\n");
    write(
        dir.path(),
        "docker-compose.yml",
        "services:\n  iris:\n    ports:\n      # irislint: ignore IRIS606 local demo\n      - 1972\n",
    );
    let out = irislint(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn hooks_pass_unknown_files_with_skip_unknown_and_plain_classes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pom.xml", "<project/>\n");
    write(dir.path(), "App/Model.cls", "Class App.Model Extends %Persistent\n{\nProperty Name As %String;\n}\n");
    let named = irislint(&["check", "pom.xml"], dir.path());
    assert_eq!(named.status.code(), Some(2), "an unknown file named explicitly is an error");
    let skipped = irislint(&["check", "--skip-unknown", "pom.xml", "App/Model.cls"], dir.path());
    assert_eq!(skipped.status.code(), Some(0), "{}", String::from_utf8_lossy(&skipped.stderr));
    let summary = String::from_utf8_lossy(&skipped.stderr);
    assert!(summary.contains("in 1 file"), "{summary}");
}

#[test]
fn passwords_in_setup_code_are_masked_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "iris.script",
        " kill p set p(\"Password\") = \"Bob-Secret-77\"\n do ##class(Security.Users).Modify(\"bob\",.p)\n set p(\"AutheEnabled\")=64\n do ##class(Security.Applications).Modify(\"/a\",.p)\n",
    );
    write(dir.path(), "Dockerfile", "FROM x\nENV IRIS_PASSWORD \"Bob-Secret-77\"\n");
    write(
        dir.path(),
        "docker-compose.yml",
        "services:\n  iris:\n    environment:\n      IRIS_PASSWORD: \"Bob-Secret-77\"\n",
    );
    let mut runs: Vec<Vec<&str>> = ["text", "json", "sarif", "github", "junit", "gitlab", "rdjson"]
        .iter()
        .map(|f| vec!["check", "--format", f, "."])
        .collect();
    runs.push(vec!["check", "--diff", "--unsafe-fixes", "."]);
    runs.push(vec!["check", "--explain-effective", "."]);
    runs.push(vec!["check", "--show-fixes", "."]);
    for args in runs {
        let out = irislint(&args, dir.path());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains("Bob-Secret"), "{args:?} prints the password:\n{all}");
    }
    // The finding is there, masked.
    let text = stdout(&irislint(&["check", "."], dir.path()));
    assert!(text.contains("IRIS102") && text.contains("****"), "{text}");
}

/// Setup code that names nothing IRIS reads is not parsed; code that names it
/// in any case is, and a suppression comment alone is still read (and
/// reported when it covers nothing).
#[test]
fn the_literal_prefilter_keeps_every_finding_and_suppression() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "build.sh", "#!/bin/sh\nset -e\nnpm ci && npm run build\n");
    write(dir.path(), "lint.sh", "#!/bin/sh\n# irislint: ignore IRIS106 nothing here to ignore\necho done\n");
    write(
        dir.path(),
        "setup.sh",
        "#!/bin/sh\nIRIS session IRIS -U %SYS <<'EOF'\n do ##CLASS(Security.Users).UnExpireUserPasswords(\"*\")\n ZPM \"install passwordless\"\n halt\nEOF\n",
    );
    write(
        dir.path(),
        "cache.sh",
        "#!/bin/sh\ncsession CACHE -U %SYS \"##class(Security.Users).UnExpireUserPasswords(\\\"*\\\")\"\n",
    );
    let out = irislint(&["check", "--format", "json", "."], dir.path());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut got: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().unwrap().rsplit('/').next().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    got.sort();
    assert_eq!(got, ["cache.sh IRIS106", "lint.sh IRIS905", "setup.sh IRIS106", "setup.sh IRIS109"], "{findings:#}");
}
