//! `irislint --version` and the server's `serverInfo.version`: the program's
//! version and the rule catalogue's, the same text in both (editors compare it
//! with their own version at start-up).

mod cli_support;
mod lsp_support;

use cli_support::{irislint, stdout};
use lsp_support::{basic_caps, Client};
use serde_json::Value;

/// `0.1.0 (rule catalogue 1a2b3c4d, 44 rules)`, split into its parts.
fn parse(version: &str) -> (String, String, usize) {
    let (program, rest) =
        version.split_once(" (rule catalogue ").unwrap_or_else(|| panic!("no catalogue in {version:?}"));
    let (catalogue, rest) = rest.split_once(", ").unwrap_or_else(|| panic!("{version:?}"));
    let count = rest.strip_suffix(" rules)").unwrap_or_else(|| panic!("{version:?}")).parse().unwrap();
    (program.to_string(), catalogue.to_string(), count)
}

fn rule_count() -> usize {
    let dir = tempfile::tempdir().unwrap();
    let rules: Value = serde_json::from_str(&stdout(&irislint(&["rules", "--format", "json"], dir.path()))).unwrap();
    rules.as_array().unwrap().len()
}

#[test]
fn version_names_the_program_and_the_rule_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let out = irislint(&["--version"], dir.path());
    assert!(out.status.success());
    let text = stdout(&out);
    let line = text.trim_end().strip_prefix("irislint ").unwrap_or_else(|| panic!("{text:?}"));
    let (program, catalogue, count) = parse(line);
    assert_eq!(program, env!("CARGO_PKG_VERSION"));
    assert!(catalogue.len() == 8 && catalogue.chars().all(|c| c.is_ascii_hexdigit()), "{catalogue}");
    assert_eq!(count, rule_count(), "the count is the catalogue's");
    assert_eq!(stdout(&irislint(&["-V"], dir.path())), text, "-V says the same");
}

#[tokio::test]
async fn the_server_reports_the_same_version_in_initialize() {
    let c = Client::start(basic_caps()).await;
    let info = &c.init_result()["serverInfo"];
    assert_eq!(info["name"], "irislint");
    let dir = tempfile::tempdir().unwrap();
    let cli = stdout(&irislint(&["--version"], dir.path()));
    assert_eq!(info["version"].as_str().map(|v| format!("irislint {v}\n")), Some(cli));
}
