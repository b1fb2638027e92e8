//! CI-facing behaviour: SARIF, GitHub annotations, JUnit, baselines and
//! inline suppressions, through the binary as CI runs it.

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

const MERGE: &str = "[Startup]\nWebServer=1\n[Actions]\nCreateUser:Name=bob,Password=Bob-Secret-77,Roles=%DB_USER\nCreateApplication:Name=/csp/app,NameSpace=USER,AutheEnabled=64,Resource=%DB_USER\n";

#[test]
fn sarif_has_rules_results_fixes_and_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "conf/merge.cpf", MERGE);
    let out = irislint(&["check", "--format", "sarif", "conf"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Bob-Secret-77"), "SARIF shows a secret");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), irislint::rules::all().len());
    let r401 = rules.iter().find(|r| r["id"] == "IRIS401").unwrap();
    assert_eq!(r401["properties"]["security-severity"], "8.0");
    assert!(r401["help"]["text"].as_str().unwrap().contains("## Why it matters"));
    let results = run["results"].as_array().unwrap();
    let app = results.iter().find(|r| r["ruleId"] == "IRIS401").unwrap();
    assert_eq!(rules[app["ruleIndex"].as_u64().unwrap() as usize]["id"], "IRIS401");
    let loc = &app["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "conf/merge.cpf");
    assert_eq!(loc["region"]["startLine"], 5);
    assert_eq!(app["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "32");
    let fp = app["partialFingerprints"]["irislintFindingHash/v1"].as_str().unwrap().to_string();
    // The fingerprint does not depend on the line.
    write(dir.path(), "conf/merge.cpf", &format!("# moved down\n\n{MERGE}"));
    let v2: serde_json::Value =
        serde_json::from_slice(&irislint(&["check", "--format", "sarif", "conf"], dir.path()).stdout).unwrap();
    let app2 = v2["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "IRIS401").unwrap().clone();
    assert_eq!(app2["partialFingerprints"]["irislintFindingHash/v1"].as_str().unwrap(), fp);
    assert_eq!(app2["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
}

#[test]
fn github_annotations() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let out = String::from_utf8(irislint(&["check", "--format", "github", "merge.cpf"], dir.path()).stdout).unwrap();
    assert!(
        out.contains("::warning file=merge.cpf,line=2,col=1,endLine=2,endColumn=12,title=IRIS501 private-web-server-enabled::the private web server is enabled (WebServer=1); it is not for production\n"),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    assert!(!out.contains("Bob-Secret-77"));
}

#[test]
fn junit_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/merge.cpf", MERGE);
    write(dir.path(), "b/merge.cpf", "[Startup]\nWebServer=0\n");
    let out = String::from_utf8(irislint(&["check", "--format", "junit", "."], dir.path()).stdout).unwrap();
    assert!(
        out.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"irislint\" tests=\"2\" failures=\"1\">"
        ),
        "{out}"
    );
    assert!(out.contains("<testcase classname=\"irislint\" name=\"./b/merge.cpf\" file=\"./b/merge.cpf\"/>"), "{out}");
    assert!(
        out.contains("<failure message=\"4 findings\" type=\"irislint\">./a/merge.cpf:2:1: IRIS501 [warning]"),
        "{out}"
    );
    assert!(!out.contains("Bob-Secret-77"));
}

#[test]
fn baseline_reports_only_new_findings_and_ignores_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", MERGE);
    let rec = irislint(&["check", "--write-baseline", "baseline.json", "merge.cpf"], dir.path());
    assert_eq!(rec.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&rec.stderr).contains("Recorded 4 findings in baseline.json"));
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(!baseline.contains("Bob-Secret-77"));
    // Unchanged: nothing new.
    assert_eq!(irislint(&["check", "--baseline", "baseline.json", "merge.cpf"], dir.path()).status.code(), Some(0));
    // Lines inserted above: still nothing new.
    write(dir.path(), "merge.cpf", &format!("# a comment\n[config]\nglobals=0,0,0,0,0,0\n{MERGE}"));
    assert_eq!(irislint(&["check", "--baseline", "baseline.json", "merge.cpf"], dir.path()).status.code(), Some(0));
    // A new finding is reported, and only it.
    write(dir.path(), "merge.cpf", &format!("{MERGE}ModifyUser:Name=UnknownUser,Roles=%All\n"));
    let v: serde_json::Value = serde_json::from_slice(
        &irislint(&["check", "--baseline", "baseline.json", "--format", "json", "merge.cpf"], dir.path()).stdout,
    )
    .unwrap();
    let codes: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    // UnknownUser given %All, and a new holder of %All.
    assert_eq!(codes, vec!["IRIS104", "IRIS108"]);
    // The same content in another file is new.
    write(dir.path(), "other.cpf", MERGE);
    let out = irislint(&["check", "--baseline", "baseline.json", "--format", "json", "other.cpf"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
    write(dir.path(), "bad.json", "{}");
    assert_eq!(irislint(&["check", "--baseline", "bad.json", "merge.cpf"], dir.path()).status.code(), Some(2));
}

#[test]
fn inline_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "merge.cpf",
        "[Actions]\n# irislint: ignore IRIS401,IRIS405 public health endpoint, returns no data\nCreateApplication:Name=/health,NameSpace=USER,AutheEnabled=64\n",
    );
    assert_eq!(irislint(&["check", "merge.cpf"], dir.path()).status.code(), Some(0));
    let audit = String::from_utf8(irislint(&["check", "--no-suppressions", "merge.cpf"], dir.path()).stdout).unwrap();
    assert!(audit.contains("IRIS401") && audit.contains("IRIS405"), "{audit}");
    write(
        dir.path(),
        "module.xml",
        "<Export><Document name=\"m.ZPM\"><Module>\n<!-- irislint: ignore IRIS401 anonymous status page -->\n<CSPApplication Url=\"/status\" UnauthenticatedEnabled=\"1\" Resource=\"%DB_X\"/>\n<CSPApplication Url=\"/api\" UnauthenticatedEnabled=\"1\" Resource=\"%DB_X\"/>\n</Module></Document></Export>\n",
    );
    let out = String::from_utf8(irislint(&["check", "--select", "IRIS401", "module.xml"], dir.path()).stdout).unwrap();
    assert!(out.contains("module.xml:4:") && !out.contains("module.xml:3:"), "{out}");
    // Not read in an instance's own iris.cpf.
    write(
        dir.path(),
        "iris.cpf",
        "[ConfigFile]\nVersion=2024.1\n[Startup]\n# irislint: ignore IRIS501 dev box\nWebServer=1\n",
    );
    let out = String::from_utf8(irislint(&["check", "iris.cpf"], dir.path()).stdout).unwrap();
    assert!(out.contains("IRIS501") && out.contains("IRIS905") && out.contains("per-file-ignores"), "{out}");
}

#[test]
fn class_comment_above_xdata_covers_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Installer.cls",
        "Class A.Installer\n{\n\n// irislint: ignore IRIS501 image for local development only\nXData setup\n{\n<Manifest>\n<SystemSetting Name=\"Config.Startup.WebServer\" Value=\"1\"/>\n</Manifest>\n}\n\n}\n",
    );
    assert_eq!(irislint(&["check", "Installer.cls"], dir.path()).status.code(), Some(0));
}

/// A file with more findings than one rendered piece holds (the reports
/// render a few hundred at a time): every finding is written once, in order,
/// in the JSON array and in the text report, the file's notice once.
#[test]
fn a_file_of_many_findings_is_written_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[Startup]\n");
    for i in 0..1300 {
        text.push_str(&format!("UnknownKey{i:04}=1\n"));
    }
    let mut bytes = text.into_bytes();
    bytes.push(0xff); // not UTF-8: the file carries a notice
    std::fs::write(dir.path().join("merge.cpf"), bytes).unwrap();
    let out = irislint(&["check", "--format", "json", "--select", "IRIS902", "merge.cpf"], dir.path());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> =
        findings.as_array().unwrap().iter().map(|f| f["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, (2..1302).collect::<Vec<u64>>());
    let out = irislint(&["check", "--format", "text", "--select", "IRIS902", "merge.cpf"], dir.path());
    let text = stdout(&out);
    assert_eq!(text.matches(": IRIS902 ").count(), 1300, "{text}");
    assert_eq!(text.matches("not valid UTF-8").count(), 1, "{text}");
    let first = |n: usize| text.find(&format!("UnknownKey{n:04}")).unwrap();
    assert!((1..1300).all(|n| first(n - 1) < first(n)));
}
