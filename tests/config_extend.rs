//! `extend` in irislint.toml, as `irislint check` finds and applies it.

#[path = "cli_support/mod.rs"]
mod cli_support;
use cli_support::*;

#[test]
fn a_project_configuration_inherits_the_shared_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "irislint.toml", "ignore = [\"IRIS501\"]\n[severity]\nIRIS304 = \"error\"\n");
    write(dir.path(), "app/irislint.toml", "extend = \"../irislint.toml\"\nselect = [\"IRIS3\", \"IRIS5\"]\n");
    write(dir.path(), "app/merge.cpf", "[Startup]\nWebServer=1\n[config]\nnetjob=1\n");
    let out = irislint(&["check", "--format", "json", "merge.cpf"], &dir.path().join("app"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> =
        v.as_array().unwrap().iter().map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap())).collect();
    // IRIS501 stays ignored (inherited), IRIS304 is an error (inherited severity).
    assert_eq!(found, vec![("IRIS304", "error")]);
}

#[test]
fn a_missing_parent_is_an_error_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/irislint.toml", "extend = \"../shared.toml\"\n");
    write(dir.path(), "app/merge.cpf", "[Startup]\nWebServer=1\n");
    let out = irislint(&["check", "merge.cpf"], &dir.path().join("app"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("irislint.toml: extend = ") && err.contains("shared.toml\": no such file"), "{err}");
}
