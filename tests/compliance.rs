//! The compliance map as users see it: `check --compliance` per instance, and
//! the checklist items in `rule`, `rules --format json` and SARIF.

use serde_json::Value;

use std::process::Output;

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

fn items(out: &Output) -> Vec<Value> {
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    v.as_array().unwrap().iter().flat_map(|i| i["items"].as_array().unwrap().clone()).collect()
}

fn row<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn each_item_is_violated_satisfied_or_not_judged_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod/merge.cpf", "[Startup]\nWebServer=0\n");
    write(
        dir.path(),
        "dev/merge.cpf",
        "[Startup]\nWebServer=1\n[Actions]\nCreateUser:Name=bob,Password=Bob-Secret-77\n",
    );
    let out = irislint(&["check", "--compliance", "--format", "json", "prod"], dir.path());
    assert_eq!(out.status.code(), Some(0), "nothing violated");
    let prod = items(&out);
    assert_eq!(row(&prod, "7.6.5")["status"], "satisfied");
    assert!(row(&prod, "7.6.5")["rules"].as_array().unwrap().contains(&Value::from("IRIS501")));
    assert_eq!(row(&prod, "7.6.4")["status"], "not judged");
    assert_eq!(row(&prod, "7.6.4")["reason"], "no file turns auditing or an audit event on or off");
    assert_eq!(row(&prod, "7.6.4")["number_verified"], false);

    let out = irislint(&["check", "--compliance", "--format", "json", "dev"], dir.path());
    assert_eq!(out.status.code(), Some(1), "an item is violated");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Bob-Secret-77"), "the table shows a secret");
    let dev = items(&out);
    let services = row(&dev, "7.6.5");
    assert_eq!(services["status"], "violated");
    assert_eq!(services["findings"][0]["code"], "IRIS501");
    assert_eq!(
        (services["findings"][0]["path"].as_str(), services["findings"][0]["line"].as_u64()),
        (Some("dev/merge.cpf"), Some(2))
    );
    assert_eq!(row(&dev, "7.4.1")["status"], "violated", "the plaintext password");

    // Rules left out by the selection cannot judge their items.
    let out = irislint(&["check", "--compliance", "--format", "json", "--select", "IRIS1", "dev"], dir.path());
    let selected = items(&out);
    assert_eq!(row(&selected, "7.6.5")["status"], "not judged");
    assert!(row(&selected, "7.6.5")["reason"].as_str().unwrap().contains("are not selected"));
}

#[test]
fn a_table_per_instance_as_text_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/dev/merge.cpf", "[Startup]\nWebServer=1\n");
    write(dir.path(), "deploy/prod/merge.cpf", "[Startup]\nWebServer=0\n");
    let text = String::from_utf8(irislint(&["check", "--compliance", "deploy"], dir.path()).stdout).unwrap();
    assert!(text.contains("Instance deploy/dev (1 file)") && text.contains("Instance deploy/prod (1 file)"), "{text}");
    assert!(text.contains("  violated    7.6.5  Disabling services"), "{text}");
    assert!(
        text.contains("              deploy/dev/merge.cpf:2:1: IRIS501 the private web server is enabled"),
        "{text}"
    );
    let md =
        String::from_utf8(irislint(&["check", "--compliance", "--format", "markdown", "deploy"], dir.path()).stdout)
            .unwrap();
    assert!(md.contains("### Instance `deploy/prod`"), "{md}");
    assert!(
        md.contains(
            "| 7.6.5 | Disabling services | **violated** | IRIS501 `deploy/dev/merge.cpf:2:1` the private web server"
        ),
        "{md}"
    );
    assert!(md.contains("| 7.6.5 | Disabling services | satisfied | the files set it; no finding from "), "{md}");
    // Markdown is only a compliance format, and the table has no SARIF form.
    assert_eq!(irislint(&["check", "--format", "markdown", "deploy"], dir.path()).status.code(), Some(2));
    assert_eq!(irislint(&["check", "--compliance", "--format", "sarif", "deploy"], dir.path()).status.code(), Some(2));
}

#[test]
fn rules_name_their_checklist_items_everywhere_they_are_described() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(irislint(&["rule", "IRIS501"], dir.path()).stdout).unwrap();
    assert!(text.contains("## Hardening checklist\n\n- 7.6.5 Disabling services (number unverified)"), "{text}");
    let v: Value = serde_json::from_slice(&irislint(&["rules", "--format", "json"], dir.path()).stdout).unwrap();
    let r601 = v.as_array().unwrap().iter().find(|r| r["code"] == "IRIS601").unwrap();
    assert_eq!(r601["checklist"][0]["id"], "7.6.4");
    assert!(r601["checklist"][0]["url"].as_str().unwrap().starts_with("https://docs.intersystems.com/"));
    write(dir.path(), "merge.cpf", "[Startup]\nWebServer=1\n");
    let sarif: Value =
        serde_json::from_slice(&irislint(&["check", "--format", "sarif", "merge.cpf"], dir.path()).stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let r501 = rules.iter().find(|r| r["id"] == "IRIS501").unwrap();
    assert_eq!(r501["properties"]["tags"], serde_json::json!(["security", "iris", "checklist-7.6.5"]));
}
