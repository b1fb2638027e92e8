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

/// A copy of `tests/workspace/<name>` (or of every scenario, for `""`) in a
/// fresh folder, without the `irislint.toml` that names some of them as
/// instances.
fn copy_of(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else if entry.file_name() != "irislint.toml" {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspace").join(name), dir.path());
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_irislint")).args(args).current_dir(dir).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_later_merge_file_overrides_an_earlier_setting_only_when_that_is_certain() {
    // Named as one instance (tests/workspace/irislint.toml): the files are
    // layers, and the WebServer=1 that 20-merge.cpf turns off is not reported.
    let findings = run(&["check", "--format", "json", "--select", "IRIS501", "override-order"]);
    assert_eq!(findings.as_array().unwrap().len(), 0, "{}", render(&findings));
    // Nothing saying so, merge files side by side are alternatives: each
    // file's own WebServer=1 stands, as when it is checked alone.
    let dir = copy_of("override-order");
    let findings = run_in(dir.path(), &["check", "--format", "json", "--select", "IRIS501", "."]);
    let paths: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["./iris/10-merge.cpf", "./iris/iris.cpf"], "{}", render(&findings));
    let alone = run(&["check", "--format", "json", "--select", "IRIS501", "override-order/iris/10-merge.cpf"]);
    assert_eq!(alone.as_array().unwrap().len(), 1);
}

#[test]
fn layers_named_in_configuration_override_for_certain() {
    let dir = copy_of("override-order");
    std::fs::write(dir.path().join("irislint.toml"), "[instances]\nmain = [\"iris/**\"]\n").unwrap();
    let findings = run_in(dir.path(), &["check", "--format", "json", "--select", "IRIS501", "."]);
    assert_eq!(findings.as_array().unwrap().len(), 0, "{}", render(&findings));
}

/// The findings a file's own rules give (cross-file rules aside), as
/// (path, code, line, column, message).
fn per_file(findings: &serde_json::Value) -> std::collections::BTreeSet<(String, String, u64, u64, String)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !matches!(f["code"].as_str().unwrap(), "IRIS108" | "IRIS701" | "IRIS702" | "IRIS703"))
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["range"]["start"]["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every file under `folder`, as a path relative to `cwd`.
fn files_under(cwd: &Path, folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![cwd.join(folder)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                out.push(e.path().strip_prefix(cwd).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// `irislint check <folder>` reports everything checking each file alone
/// reports (cross-file findings aside): a file never hides another's findings.
fn assert_folder_reports_every_per_file_finding(cwd: &Path, folder: &str) {
    let together = per_file(&run_in(cwd, &["check", "--format", "json", folder]));
    let mut missing = Vec::new();
    for file in files_under(cwd, folder) {
        for f in per_file(&run_in(cwd, &["check", "--format", "json", &file])) {
            let f = (f.0.trim_start_matches("./").to_string(), f.1, f.2, f.3, f.4);
            if !together
                .iter()
                .any(|t| t.0.trim_start_matches("./") == f.0 && (&t.1, t.2, t.3, &t.4) == (&f.1, f.2, f.3, &f.4))
            {
                missing.push(format!("{f:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{folder}: a folder run misses findings each file alone reports:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_folder_run_reports_every_per_file_finding() {
    let dir = copy_of("");
    assert_folder_reports_every_per_file_finding(dir.path(), ".");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for folder in ["fixtures", "../examples"] {
        assert_folder_reports_every_per_file_finding(&root, folder);
    }
}

#[test]
fn a_file_with_a_syntax_error_does_not_stop_the_others() {
    let findings = run(&["check", "--format", "json", "--ignore", "IRIS902", "one-file-broken"]);
    let codes: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"IRIS901") && codes.contains(&"IRIS701"), "{codes:?}");
}

/// Writes `name` under `dir`, its folders made.
fn writer(dir: &Path) -> impl Fn(&str, &str) + '_ {
    move |name, text| {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Two instances named in `irislint.toml`, "prod" and "test", each a Gateway
/// file beside the other's and a merge file (`prod`, `test`) of its own.
fn two_named_instances<'a>(dir: &'a Path, prod: &str, test: &str) -> impl Fn(&str, &str) + 'a {
    let w = writer(dir);
    w(
        "irislint.toml",
        "[instances]\nprod = [\"prod/**\", \"gateways/prod.ini\"]\ntest = [\"test/**\", \"gateways/test.ini\"]\n",
    );
    let gw = "[SYSTEM_INDEX]\nLOCAL=Enabled\n[LOCAL]\nIp_Address=127.0.0.1\nUsername=CSPSystem\nPassword=1m/88FLbg27GIrR5kOmD8W8t24R4\n";
    w("gateways/prod.ini", gw);
    w("gateways/test.ini", gw);
    w("prod/merge.cpf", prod);
    w("test/merge.cpf", test);
    w
}

#[test]
fn named_instances_group_files_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    // Two instances side by side; only "prod" pairs its Gateway with a service that refuses it.
    let _writer = two_named_instances(
        dir.path(),
        "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=64\n",
        "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=32\n",
    );
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

/// Instances whose files interleave in path order (each named instance's
/// Gateway file sits beside the other's, before both instances' merge files)
/// among instances of one file: each file's findings, cross-file ones
/// included, are the same and in the same order whether the report is
/// written while the files are checked (JSON) or once every file is checked
/// (rdjson).
#[test]
fn interleaved_instances_report_every_finding_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let refused = "[Actions]\nModifyService:Name=%Service_WebGateway,AutheEnabled=64\n[Startup]\nWebServer=1\n";
    let w = two_named_instances(dir.path(), refused, refused);
    for i in 0..40 {
        w(&format!("other{i:02}/merge.cpf"), "[Startup]\nWebServer=1\n");
    }
    let check = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_irislint"))
            .args(["check", "--format", format, "--exit-zero", "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    type Row = (String, u64, u64, String, String);
    let row = |path: &serde_json::Value, range: &serde_json::Value, code: &serde_json::Value, m: &serde_json::Value| {
        let s = |v: &serde_json::Value| v.as_str().unwrap().trim_start_matches("./").to_string();
        (s(path), range["start"]["line"].as_u64().unwrap(), range["start"]["column"].as_u64().unwrap(), s(code), s(m))
    };
    let json = check("json");
    let streamed: Vec<Row> =
        json.as_array().unwrap().iter().map(|f| row(&f["path"], &f["range"], &f["code"], &f["message"])).collect();
    let rd = check("rdjson");
    let held: Vec<Row> = rd["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| row(&d["location"]["path"], &d["location"]["range"], &d["code"]["value"], &d["message"]))
        .collect();
    assert_eq!(streamed, held);
    let cross_file: Vec<&str> = streamed.iter().filter(|r| r.3 == "IRIS701").map(|r| r.0.as_str()).collect();
    assert_eq!(cross_file, ["gateways/prod.ini", "gateways/test.ini"]);
    // Their related locations, in the instances' merge files, placed by those files' lines.
    let related: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "IRIS701")
        .flat_map(|f| f["related"].as_array().unwrap().iter())
        .map(|r| format!("{}:{}", r["path"].as_str().unwrap(), r["range"]["start"]["line"]))
        .collect();
    assert_eq!(related, ["./prod/merge.cpf:2", "./test/merge.cpf:2"]);
    assert_eq!(streamed.iter().filter(|r| r.3 == "IRIS501").count(), 42);
}

/// A file named on the command line inside a folder also named is read (and
/// reported) twice, and every other file still once, in path order, whether
/// the report is written while the files are checked or once all are.
#[test]
fn a_file_named_twice_is_reported_twice() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a/merge.cpf", "[Startup]\nWebServer=1\n"), ("b/merge.cpf", "[Startup]\nWebServer=1\n")] {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let check = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_irislint"))
            .args(["check", "--format", format, "--exit-zero", "--select", "IRIS501", ".", "./a/merge.cpf"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let streamed: Vec<String> =
        check("json").as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    let rd = check("rdjson");
    let held: Vec<String> = rd["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("./{}", d["location"]["path"].as_str().unwrap().trim_start_matches("./")))
        .collect();
    assert_eq!(streamed, ["./a/merge.cpf", "./a/merge.cpf", "./b/merge.cpf"]);
    assert_eq!(streamed, held);
}

/// Many holders of `%All`: each IRIS108 finding names ten of the others, says
/// how many more there are and links to those ten, so the report grows with
/// the holders rather than with their square; the count finding names them all.
#[test]
fn many_all_holders_are_named_a_few_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let users: String = (1..=14).map(|i| format!("CreateUser:Name=admin{i:02},Roles=%All\n")).collect();
    std::fs::write(dir.path().join("merge.cpf"), format!("[Actions]\n{users}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--format", "json", "--exit-zero", "--select", "IRIS108", "merge.cpf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    let holders: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["message"].as_str().unwrap().contains(", as do ")).collect();
    assert_eq!(holders.len(), 14, "{findings:#?}");
    let first = holders[0]["message"].as_str().unwrap();
    assert!(first.starts_with("user admin01 holds %All, as do admin02, admin03,"), "{first}");
    assert!(first.contains("admin11 and 3 others;"), "{first}");
    assert!(holders.iter().all(|f| f["related"].as_array().unwrap().len() == 10));
    let count = findings.iter().find(|f| f["message"].as_str().unwrap().starts_with("14 users hold %All")).unwrap();
    assert!(count["message"].as_str().unwrap().contains("admin14"), "{count}");
}
