//! No secret a file holds appears in anything irislint prints: messages,
//! source excerpts, JSON, `--diff` (removed, added and context lines), the
//! effective configuration. Masks are of one width, so they do not tell a
//! secret's length, and they hide only the secret, never the name of the
//! object it belongs to.

use std::path::Path;
use std::process::Command;

fn irislint(args: &[&str], dir: &Path) -> String {
    let o =
        Command::new(env!("CARGO_BIN_EXE_irislint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

const SYS_HASH: &str = "a31d24aecc0bfe560a7e45bd913ad27c667dc25a75cbfd358c451bb595b6bd52bd25c82cafaa23ca1dd30b3b4947d12d3bb0ffb2a717df29912b743a281f97c1,0a4c463a2fa1e7542b61aa48800091ab688eb0a14bebf536638f411f5454c9343b9aa6402b4694f0a89b624407a5f43f0a38fc35216bb18aab7dc41ef9f056b1,10000,SHA512";

/// Files whose safe and unsafe fixes touch lines holding secrets or next to them.
fn files(dir: &Path) {
    let merge = format!(
        "[Startup]\nWebServer=1\nPasswordHash={SYS_HASH}\n[Actions]\nCreateUser:Name=Sup3rSecretPw,Password=Sup3rSecretPw,Roles=%All\nCreateUser:Name=bob,Password=SYS,Roles=%DB_USER\nModifyService:Name=%Service_Telnet,Enabled=1\n"
    );
    std::fs::write(dir.join("merge.cpf"), merge).unwrap();
    std::fs::write(
        dir.join("CSP.ini"),
        "[SYSTEM]\nPassword=]]]U1lT\nSystem_Manager=*.*.*.*\n[LOCAL]\nIp_Address=10.0.0.1\nUsername=CSPSystem\nPassword=Gw-Pl4intext\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("Installer.xml"),
        "<Manifest>\n<Default Name=\"PW\" Value=\"Inst-S3cret-99\"/>\n<Namespace Name=\"APP\">\n<User Username=\"dev\" PasswordVar=\"PW\" Roles=\"%All\"/>\n</Namespace>\n</Manifest>\n",
    )
    .unwrap();
}

const SECRETS: &[&str] = &[
    "Password=Sup3rSecretPw",
    "Password=SYS,",
    "a31d24aecc0bfe56",
    "0a4c463a2fa1e754",
    "U1lT",
    "Gw-Pl4intext",
    "Inst-S3cret-99",
];

fn assert_no_secret(what: &str, out: &str) {
    for secret in SECRETS {
        assert!(!out.contains(secret), "{what} shows a secret {secret}:\n{out}");
    }
}

#[test]
fn no_output_shows_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    files(dir.path());
    let runs: &[&[&str]] = &[
        &["check", "."],
        &["check", "--format", "json", "."],
        &["check", "--format", "sarif", "."],
        &["check", "--format", "github", "."],
        &["check", "--format", "junit", "."],
        &["check", "--diff", "."],
        &["check", "--diff", "--unsafe-fixes", "."],
        &["check", "--explain-effective", "."],
        &["check", "--explain-effective", "--format", "json", "."],
    ];
    for args in runs {
        let mut out = irislint(args, dir.path());
        if args.contains(&"sarif") {
            // The rules' documentation quotes `Password=]]]U1lT` as an example; the results must not.
            let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v["runs"][0]["tool"] = serde_json::Value::Null;
            out = v.to_string();
        }
        assert!(
            out.contains("IRIS") || out.contains("instance") || out.contains("+++ b/"),
            "{args:?} printed nothing useful:\n{out}"
        );
        assert_no_secret(&args.join(" "), &out);
    }
}

#[test]
fn diffs_mask_secrets_on_every_line_and_show_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    files(dir.path());
    let out = irislint(&["check", "--diff", "--unsafe-fixes", "."], dir.path());
    // Context, removed and added lines alike.
    assert!(out.contains("\n CreateUser:Name=Sup3rSecretPw,Password=****,Roles=%All\n"), "{out}");
    assert!(out.contains("\n-CreateUser:Name=bob,Password=****,Roles=%DB_USER\n"), "{out}");
    assert!(out.contains("\n+CreateUser:Name=bob,Password=${BOB_PASSWORD},Roles=%DB_USER\n"), "{out}");
    assert!(out.contains("\n-PasswordHash=****\n"), "{out}");
    assert!(out.contains("\n+PasswordHash=${IRIS_PASSWORD_HASH}\n"), "{out}");
    assert!(out.contains("\n Password=****\n-System_Manager=*.*.*.*\n"), "{out}");
    // Still a diff of the right lines: safe fixes only change WebServer here.
    let safe = irislint(&["check", "--diff", "merge.cpf"], dir.path());
    assert!(safe.contains("-WebServer=1\n+WebServer=0\n PasswordHash=****\n"), "{safe}");
}

#[test]
fn masks_have_one_width_whatever_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    files(dir.path());
    let out = irislint(&["check", "merge.cpf", "CSP.ini"], dir.path());
    // SYS (3 characters), Gw-Pl4intext (12) and a 300-character hash: the same mask.
    assert!(out.contains("6 | CreateUser:Name=bob,Password=****,Roles=%DB_USER\n"), "{out}");
    assert!(out.contains("7 | Password=****\n"), "{out}");
    assert!(out.contains("3 | PasswordHash=****"), "{out}");
    assert!(!out.contains("*****"), "a mask as long as the secret:\n{out}");
    // The underline still covers the entry, mask included.
    assert!(
        out.contains("6 | CreateUser:Name=bob,Password=****,Roles=%DB_USER\n  |                     ^^^^^^^^^^^^^\n"),
        "{out}"
    );
}

#[test]
fn messages_name_the_object_and_mask_only_the_value() {
    let dir = tempfile::tempdir().unwrap();
    files(dir.path());
    let out = irislint(&["check", "--format", "json", "merge.cpf"], dir.path());
    let v: serde_json::Value =
        serde_json::from_str(out.lines().next().map(|_| out.as_str()).unwrap()).unwrap_or_default();
    let messages: Vec<&str> = v.as_array().into_iter().flatten().filter_map(|f| f["message"].as_str()).collect();
    // The user whose name equals its password is named: hiding the name would tell the password.
    assert!(messages.iter().any(|m| m.contains(" user Sup3rSecretPw ")), "{messages:?}");
    assert!(!messages.iter().any(|m| m.contains("user ****")), "{messages:?}");
}
