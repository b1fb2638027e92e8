//! Property tests of the parsers and of fix application, on structured inputs
//! (sections, keys, actions with properties, XML elements with attributes)
//! built by strategies, on mutations of them, and on arbitrary bytes.
//!
//! Each property runs `PROPTEST_CASES` cases (256 by default, kept short for
//! CI); a long run: `PROPTEST_CASES=20000 cargo test --release --test prop_engine`.

use irislint::findings::config::Config;
use irislint::findings::fix::{apply_pass, Allowed};
use irislint::formats::{read, Format};
use irislint::lint::check_text;
use irislint::syntax::cpf;
use proptest::prelude::*;
use proptest::test_runner::Config as PtConfig;

#[path = "fix_support/mod.rs"]
mod fix_support;

const FORMATS: [Format; 12] = [
    Format::Cpf,
    Format::CpfMerge,
    Format::CspIni,
    Format::Installer,
    Format::InstallerCls,
    Format::ModuleXml,
    Format::Script,
    Format::Class,
    Format::Dockerfile,
    Format::Compose,
    Format::Shell,
    Format::EnvFile,
];

#[path = "proptest_support/mod.rs"]
mod proptest_support;

fn config() -> PtConfig {
    proptest_support::config(256)
}

/// A quarter of the cases: each one lints the file once per fix, and again
/// for all fixes together.
fn fewer_cases() -> PtConfig {
    let base = config();
    PtConfig { cases: (base.cases / 4).max(16), ..base }
}

fn path_for(format: Format) -> &'static str {
    match format {
        Format::Cpf => "iris.cpf",
        Format::CpfMerge => "merge.cpf",
        Format::CspIni => "CSP.ini",
        Format::Installer => "Installer.xml",
        Format::InstallerCls => "Installer.cls",
        Format::ModuleXml => "module.xml",
        Format::Script => "iris.script",
        Format::Class => "Setup.cls",
        Format::Dockerfile => "Dockerfile",
        Format::Compose => "docker-compose.yml",
        Format::Shell => "init.sh",
        Format::EnvFile => ".env",
    }
}

// ---- vocabulary -------------------------------------------------------------

#[rustfmt::skip]
const SECTIONS: &[&str] = &[
    "ConfigFile", "Startup", "config", "Databases", "Namespaces", "Journal", "Map.%SYS", "SQL", "Telnet", "Monitor",
    "MirrorMember", "ECPServers", "Gateways", "Miscellaneous", "IO", "Devices", "Actions", "SYSTEM", "SYSTEM_INDEX",
    "APP_PATH_INDEX", "APP_PATH:/", "APP_PATH:/csp", "LOCAL", "ap1",
];
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "Product", "Version", "WebServer", "WebServerPort", "SystemMode", "DefaultPort", "DefaultPortBindAddress",
    "PasswordHash", "globals", "routines", "FreezeOnError", "DaysBeforePurge", "DBMSSecurity", "IRISSYS", "USER",
    "%SYS", "System_Manager", "REGISTRY_METHODS", "Ip_Address", "TCP_Port", "Username", "Password", "Default_Server",
    "SSLCC_Protocol_Min", "Connection_Security_Level", "LOCAL", "Enabled", "InitialSecurity", "ZSTU", "WebServr",
];
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "0", "1", "2", "64", "32", "96", "8224", "", "SYS", "changeme", "]]]U1lT", "]]]Q2hhbmdlTWU=", "*.*.*.*",
    "127.0.0.1", "Enabled", "Disabled", "LIVE", "TEST", "%All", "/usr/irissys/mgr/user/", "0,0,32,0,0,0",
    "IRIS", "2024.1", "${PASS}", "a,b", "x=y", "\"quoted\"", "Locked Down", "Minimal", "Normal", "LOCAL",
];
#[rustfmt::skip]
const OPERATIONS: &[&str] = &[
    "CreateUser", "ModifyUser", "DeleteUser", "CreateRole", "ModifyRole", "CreateApplication", "ModifyApplication",
    "DeleteApplication", "ModifyService", "CreateResource", "ModifyResource", "CreateDatabase", "CreateNamespace",
    "ModifyNamespace", "ModifyEvent", "ConfigMirror", "Execute", "CreatApplication",
];
#[rustfmt::skip]
const PROPERTIES: &[&str] = &[
    "Name", "Roles", "Password", "PasswordHash", "PasswordExternal", "ChangePassword", "Enabled", "AutheEnabled",
    "Resource", "MatchRoles", "NameSpace", "DispatchClass", "PublicPermission", "Directory", "Source", "Type",
    "FullName", "Comment", "Globals", "Routines", "ClientSystems", "CorsAllowlist", "Namespace", "ClassName",
];
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "Manifest", "Namespace", "Configuration", "Database", "CSPApplication", "User", "Role", "Resource",
    "SystemSetting", "Default", "Var", "If", "Invoke", "Arg", "Import", "Log", "Credential", "Module", "Name",
    "Version", "WebApplication", "Export", "Document", "Invokes", "Packaging",
];
#[rustfmt::skip]
const ATTRIBUTES: &[&str] = &[
    "Name", "Value", "Url", "Create", "Username", "Roles", "PasswordVar", "Password", "Fullname", "Enabled",
    "AuthenticationMethods", "AutheEnabled", "UnauthenticatedEnabled", "PasswordAuthEnabled", "Resource",
    "MatchRoles", "Grant", "DispatchClass", "PublicPermissions", "Dir", "Code", "Data", "CorsAllowlist",
    "CorsCredentialsAllowed", "Condition", "Class", "Method", "CheckStatus", "Permission", "Description",
];
#[rustfmt::skip]
const ATTRIBUTE_VALUES: &[&str] = &[
    "0", "1", "64", "32", "96", "true", "false", "yes", "%All", ":%All", ":%DB_USER", "${Namespace}", "${Pwd}",
    "SYS", "/csp/app", "Config.Startup.WebServer", "*", "a&amp;b", "&lol;", "&#65;", "%DB_${NS}", "RW", "",
];

fn pick(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(words).prop_map(str::to_string)
}

/// A known word most of the time, otherwise any text of the line's character set.
fn word(words: &'static [&'static str], other: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![4 => pick(words), 1 => other]
}

fn newline() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just("\n"), 1 => Just("\r\n")]
}

// ---- the INI family: iris.cpf, merge files, CSP.ini ---------------------------

fn ini_line() -> impl Strategy<Value = String> {
    let setting = (word(KEYS, "[A-Za-z_%.]{1,12}"), word(VALUES, "[ -~]{0,20}"), "[ \t]{0,2}")
        .prop_map(|(k, v, sp)| format!("{k}{sp}={sp}{v}"));
    let property =
        (word(PROPERTIES, "[A-Za-z]{1,10}"), word(VALUES, "[ -+--~]{0,12}")).prop_map(|(k, v)| format!("{k}={v}"));
    let action = (word(OPERATIONS, "[A-Za-z]{1,12}"), prop::collection::vec(property, 0..6), "[ ]{0,1}")
        .prop_map(|(op, props, sp)| format!("{op}:{}", props.join(&format!(",{sp}"))));
    let comment = (prop_oneof![Just(";"), Just("#")], "[ -~]{0,30}").prop_map(|(c, t)| format!("{c}{t}"));
    let suppression = (pick(&["IRIS101", "IRIS401", "IRIS201", "IRIS501", "IRIS102"]), "[ a-z]{0,12}")
        .prop_map(|(code, why)| format!("; irislint: ignore {code} -- {why}"));
    let continuation = "[a-f0-9]{4,16}".prop_map(|t| format!("  {t},"));
    prop_oneof![
        6 => setting,
        4 => action,
        1 => comment,
        1 => suppression,
        1 => continuation,
        1 => Just(String::new()),
        1 => "[ -~]{0,20}",
    ]
}

fn ini_section() -> impl Strategy<Value = (String, Vec<String>)> {
    (word(SECTIONS, "[A-Za-z_.:/%]{1,12}"), prop::collection::vec(ini_line(), 0..10))
}

/// A whole INI-family file: an optional BOM, optional lines before the first
/// section, sections, one line ending (or a mix).
fn ini_file() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(ini_line(), 0..2),
        prop::collection::vec(ini_section(), 0..8),
        newline(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(bom, pre, sections, nl, mixed, final_newline)| {
            let mut lines: Vec<String> = pre;
            for (name, body) in sections {
                lines.push(format!("[{name}]"));
                lines.extend(body);
            }
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                if i + 1 < lines.len() || final_newline {
                    text.push_str(if mixed && i % 3 == 1 { "\r\n" } else { nl });
                }
            }
            text
        })
}

// ---- XML: installer manifests (also inside a class) and module.xml ----------

#[derive(Clone, Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String, char)>,
    children: Vec<Element>,
    text: Option<String>,
}

fn element() -> impl Strategy<Value = Element> {
    let attribute = (
        word(ATTRIBUTES, "[A-Za-z]{1,10}"),
        word(ATTRIBUTE_VALUES, "[ -!#-%(-;=?-~]{0,16}"),
        prop_oneof![4 => Just('"'), 1 => Just('\'')],
    );
    let leaf =
        (word(ELEMENTS, "[A-Za-z]{1,10}"), prop::collection::vec(attribute, 0..5), prop::option::of("[ -;=?-~]{0,20}"))
            .prop_map(|(name, attributes, text)| Element { name, attributes, children: vec![], text });
    leaf.prop_recursive(5, 48, 6, |inner| {
        (
            word(ELEMENTS, "[A-Za-z]{1,10}"),
            prop::collection::vec(
                (word(ATTRIBUTES, "[A-Za-z]{1,10}"), word(ATTRIBUTE_VALUES, "[ -!#-%(-;=?-~]{0,16}"), Just('"')),
                0..4,
            ),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(name, attributes, children)| Element { name, attributes, children, text: None })
    })
}

fn render(e: &Element, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    out.push_str(&format!("{indent}<{}", e.name));
    for (k, v, q) in &e.attributes {
        let v = if *q == '\'' { v.replace('\'', "&apos;") } else { v.replace('"', "&quot;") };
        out.push_str(&format!(" {k}={q}{v}{q}"));
    }
    if e.children.is_empty() && e.text.is_none() {
        out.push_str("/>\n");
        return;
    }
    out.push('>');
    if let Some(t) = &e.text {
        out.push_str(&t.replace('&', "&amp;"));
    }
    if !e.children.is_empty() {
        out.push('\n');
        for c in &e.children {
            render(c, depth + 1, out);
        }
        out.push_str(&indent);
    }
    out.push_str(&format!("</{}>\n", e.name));
}

/// A manifest or module document: a declaration, an optional comment, a root.
fn xml_file() -> impl Strategy<Value = (Format, String)> {
    (
        prop_oneof![Just(Format::Installer), Just(Format::InstallerCls), Just(Format::ModuleXml)],
        any::<bool>(),
        prop::option::of("[ a-zA-Z0-9:]{0,30}"),
        prop::collection::vec(element(), 0..5),
    )
        .prop_map(|(format, decl, comment, children)| {
            let root = match format {
                Format::ModuleXml => "Module",
                _ => "Manifest",
            };
            let mut body = String::new();
            if let Some(c) = comment {
                body.push_str(&format!("<!-- {c} -->\n"));
            }
            render(&Element { name: root.into(), attributes: vec![], children, text: None }, 0, &mut body);
            let text = match format {
                Format::InstallerCls => format!(
                    "Class App.Installer\n{{\n\nXData setup [ XMLNamespace = INSTALLER ]\n{{\n{body}}}\n\nClassMethod setup() As %Status\n{{\n  Quit $$$OK\n}}\n\n}}\n"
                ),
                _ if decl => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
                _ => body,
            };
            (format, text)
        })
}

/// Any structured file of any format.
fn structured() -> impl Strategy<Value = (Format, String)> {
    prop_oneof![
        ini_file().prop_map(|t| (Format::CpfMerge, t)),
        ini_file().prop_map(|t| (Format::Cpf, t)),
        ini_file().prop_map(|t| (Format::CspIni, t)),
        xml_file(),
    ]
}

/// A structured file with a few random edits, as a file looks mid-typing.
fn mutated() -> impl Strategy<Value = (Format, String)> {
    (
        structured(),
        prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, "[\\PC\n\r\"<>=,\\[\\]&;]{0,4}"), 1..6),
    )
        .prop_map(|((format, text), edits)| {
            let mut text = text;
            for (at, delete, insert) in edits {
                let mut start = if text.is_empty() { 0 } else { at.index(text.len() + 1) };
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + delete).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, &insert);
            }
            (format, text)
        })
}

// ---- the properties ----------------------------------------------------------

/// A CPF parse is lossless: the tree spans the input (tree-sitter skips a BOM).
fn assert_lossless(text: &str) -> Result<(), TestCaseError> {
    let tree = cpf::parse_tree(text).expect("the grammar loads");
    let root = tree.root_node();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    prop_assert!(root.start_byte() <= bom, "tree starts at {} in {text:?}", root.start_byte());
    prop_assert_eq!(root.end_byte(), text.len(), "tree ends early in {:?}", text);
    Ok(())
}

/// Reading and checking never panic, for every format, and ranges stay inside the text.
fn assert_reads(format: Format, text: &str) -> Result<(), TestCaseError> {
    let doc = read(path_for(format), text.to_string(), format);
    for e in &doc.entries {
        prop_assert!(e.range.end <= text.len() && e.name_range.end <= text.len());
    }
    let (doc, findings) = check_text(path_for(format), text.to_string(), format, &Config::default());
    for f in &findings {
        prop_assert!(f.range.start <= f.range.end && f.range.end <= doc.text.len(), "{} {:?}", f.code, f.range);
        prop_assert!(doc.text.is_char_boundary(f.range.start) && doc.text.is_char_boundary(f.range.end));
    }
    Ok(())
}

/// `line 12` → `line #`: fixes that remove lines shift the numbers of others.
fn without_lines(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = rest[i + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('#');
    }
    out.push_str(rest);
    out
}

/// Every offered fix, applied alone, leaves a file that no longer has that
/// finding (same code, object and message at the same place), and a file
/// that parsed without errors still does.
fn assert_fixes(format: Format, text: &str) -> Result<(), TestCaseError> {
    let path = path_for(format);
    let config = Config::default();
    let (doc, findings) = check_text(path, text.to_string(), format, &config);
    let before: Vec<String> = doc.syntax_errors.iter().map(|e| e.message.clone()).collect();
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let pass = apply_pass(text, std::slice::from_ref(f), Allowed::SafeAndUnsafe);
        prop_assert_eq!(pass.applied, 1, "fix of {} not applied", f.code);
        let (after, again) = check_text(path, pass.text.clone(), format, &config);
        // A new syntax error. In a file that already has some, tree-sitter's
        // error recovery may read the broken lines differently once a line
        // above them changes: there, only more errors with new messages count.
        let new: Vec<&str> =
            after.syntax_errors.iter().map(|e| e.message.as_str()).filter(|m| !before.iter().any(|b| b == m)).collect();
        let broke = before.is_empty() && !after.syntax_errors.is_empty();
        prop_assert!(
            !broke,
            "fixing {} `{}` added syntax errors {:?}\n--- before\n{}\n--- after\n{}",
            f.code,
            f.message,
            new,
            text,
            pass.text
        );
        if format.is_cpf() || format == Format::CspIni {
            assert_lossless(&pass.text)?;
        }
        // The same finding: same code, object and message (its line number
        // aside), at the place the fix's edits moved its start to. Another
        // finding may read the same (two identical lines, or a child element
        // whose parent the fix renamed).
        let edits = &f.fix.as_ref().unwrap().edits;
        let start = f.range.start;
        // Text the fix deleted takes its finding with it.
        let deleted = edits.iter().any(|e| e.new_text.is_empty() && e.range.start <= start && start < e.range.end);
        let shift: isize = edits
            .iter()
            .filter(|e| e.range.end <= start)
            .map(|e| e.new_text.len() as isize - e.range.len() as isize)
            .sum();
        let moved = (start as isize + shift) as usize;
        let alike = |g: &&irislint::Finding| {
            // Case aside: `Name` and `NAme` are one key, defined twice.
            g.code == f.code
                && g.object.eq_ignore_ascii_case(&f.object)
                && without_lines(&g.message).eq_ignore_ascii_case(&without_lines(&f.message))
        };
        // Still there: not deleted, an alike finding where it moved to, and no
        // fewer alike findings than before (three definitions of one key stay
        // a duplicate after one is removed).
        let still_there = !deleted
            && again.iter().filter(alike).any(|g| g.range.start == moved)
            && again.iter().filter(alike).count() >= findings.iter().filter(alike).count();
        prop_assert!(
            !still_there,
            "fixing {} `{}` ({}) did not remove it\n--- before\n{}\n--- after\n{}",
            f.code,
            f.message,
            f.fix.as_ref().unwrap().title,
            text,
            pass.text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for format in FORMATS {
            assert_reads(format, &text)?;
        }
        assert_lossless(&text)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "[\\PC\n\r\t\u{0}\u{feff}\\[\\]=:,;\"<>/&]{0,400}") {
        for format in FORMATS {
            assert_reads(format, &text)?;
        }
        assert_lossless(&text)?;
    }

    #[test]
    fn ini_files_parse_losslessly(text in ini_file()) {
        assert_lossless(&text)?;
        for format in [Format::Cpf, Format::CpfMerge, Format::CspIni] {
            assert_reads(format, &text)?;
        }
    }

    #[test]
    fn xml_files_are_read((format, text) in xml_file()) {
        assert_reads(format, &text)?;
        let doc = read(path_for(format), text.clone(), format);
        // A well-formed generated file reads without syntax errors.
        prop_assert!(doc.syntax_errors.is_empty(), "{:?}\n{}", doc.syntax_errors, text);
    }

    #[test]
    fn mutated_files_never_panic((format, text) in mutated()) {
        assert_reads(format, &text)?;
        if format.is_cpf() || format == Format::CspIni {
            assert_lossless(&text)?;
        }
    }

    #[test]
    fn fixes_leave_a_clean_file((format, text) in structured()) {
        assert_fixes(format, &text)?;
    }

    #[test]
    fn fixes_on_mutated_files((format, text) in mutated()) {
        assert_fixes(format, &text)?;
    }
}

proptest! {
    #![proptest_config(fewer_cases())]

    #[test]
    fn fixes_add_no_finding((format, text) in structured()) {
        let closed = fix_support::fixes_add_no_finding(path_for(format), &text, format);
        prop_assert!(closed.is_ok(), "{}", closed.unwrap_err());
    }

    #[test]
    fn fixes_add_no_finding_on_mutated_files((format, text) in mutated()) {
        let closed = fix_support::fixes_add_no_finding(path_for(format), &text, format);
        prop_assert!(closed.is_ok(), "{}", closed.unwrap_err());
    }
}

/// The fixtures are realistic files; every one of them, cut at every line,
/// reads without a panic (an editor shows each prefix while a file is typed).
#[test]
fn every_prefix_of_the_fixtures_reads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = 0;
    for rule in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(rule.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let Some(format) = irislint::formats::detect(&path.to_string_lossy(), &text)
                .or_else(|| irislint::formats::detect(&format!("x/{}", path_for(Format::CpfMerge)), &text))
            else {
                continue;
            };
            files += 1;
            let mut cut = 0;
            while let Some(i) = text[cut..].find('\n') {
                cut += i + 1;
                assert_reads(format, &text[..cut]).unwrap();
                assert_reads(format, &text[..cut - 1]).unwrap();
            }
            assert_fixes(format, &text).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if let Err(e) = fix_support::fixes_add_no_finding(&name, &text, format) {
                panic!("{}: {e}", path.display());
            }
        }
    }
    assert!(files > 50, "only {files} fixtures read");
}

/// Two applications without a name share one key: fixing one leaves the
/// other, told apart by how many findings have that key.
#[test]
fn two_applications_without_a_name() {
    for text in [
        "<Module>\n  <CSPApplication AutheEnabled=\"64\"/>\n  <WebApplication/>\n</Module>\n",
        "<Module>\n  <WebApplication/>\n  <CSPApplication AutheEnabled=\"64\"/>\n</Module>\n",
        "<Module><CSPApplication AutheEnabled=\"64\"><WebApplication/></CSPApplication></Module>",
        "<Module><WebApplication><CSPApplication AutheEnabled=\"64\"/></WebApplication></Module>",
        "<Module><CSPApplication AutheEnabled=\"64\"/><WebApplication></WebApplication></Module>",
    ] {
        assert_fixes(Format::ModuleXml, text).unwrap();
        fix_support::fixes_add_no_finding("module.xml", text, Format::ModuleXml).unwrap();
    }
}

/// A `<CSPApplication>` with both the package manager's flags and an
/// `AutheEnabled` mask: requiring a password changes both (found by
/// `fixes_on_mutated_files`).
#[test]
fn flags_and_a_mask_written_together() {
    for text in [
        "<Module>\n  <Default>\n    <CSPApplication UnauthenticatedEnabled=\"${Pwd}\" AutheEnabled=\"64\"/>\n  </Default>\n</Module>\n",
        "<Module><CSPApplication Url=\"/a\" UnauthenticatedEnabled=\"1\" AutheEnabled=\"96\"/></Module>",
    ] {
        assert_fixes(Format::ModuleXml, text).unwrap();
        fix_support::fixes_add_no_finding("module.xml", text, Format::ModuleXml).unwrap();
    }
}

/// A lone carriage return ends a line for the CPF parser: removing an unused
/// suppression before it keeps the setting that follows it.
#[test]
fn removing_a_suppression_keeps_the_line_after_a_lone_carriage_return() {
    let text = "[Startup]\n; irislint: ignore IRIS101 -- none here\rWebServer=0\n";
    let (_, findings) = check_text("merge.cpf", text.to_string(), Format::CpfMerge, &Config::default());
    let unused = findings.iter().find(|f| f.code == "IRIS905" && f.fix.is_some()).expect("an unused suppression");
    let pass = apply_pass(text, std::slice::from_ref(unused), Allowed::SafeAndUnsafe);
    assert_eq!(pass.text, "[Startup]\nWebServer=0\n");
}
