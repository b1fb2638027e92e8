//! The INI-family grammar and the XML readers on the inputs real files
//! contain: every item must be read, nothing dropped, positions exact.

use irislint::formats::{read, EntryKind, Format, Scope};
use irislint::syntax::cpf;

fn keys(text: &str) -> Vec<(String, String, String)> {
    let doc = read("t.cpf", text.to_string(), Format::CpfMerge);
    doc.entries
        .iter()
        .filter(|e| e.kind == EntryKind::Key)
        .map(|e| {
            let Scope::Section(s) = &e.scope else { unreachable!() };
            (s.to_string(), e.name.clone(), e.value.as_ref().map(|v| v.0.clone()).unwrap_or_default())
        })
        .collect()
}

fn errors(text: &str) -> usize {
    read("t.cpf", text.to_string(), Format::CpfMerge).syntax_errors.len()
}

#[test]
fn crlf_lf_mixed_and_no_final_newline() {
    let expected = vec![("a".into(), "k".into(), "1".into()), ("a".into(), "j".into(), "2".into())];
    assert_eq!(keys("[a]\r\nk=1\r\nj=2\r\n"), expected);
    assert_eq!(keys("[a]\nk=1\r\nj=2"), expected);
    assert_eq!(errors("[a]\nk=1\r\nj=2"), 0);
}

#[test]
fn bom_and_trailing_spaces_after_header() {
    let text = "\u{feff}[Journal]    \nCurrentDirectory=/journal\n";
    assert_eq!(keys(text), vec![("Journal".into(), "CurrentDirectory".into(), "/journal".into())]);
    assert!(cpf::parse(text).has_bom);
}

#[test]
fn lower_case_sections_and_empty_values() {
    assert_eq!(keys("[config]\nPasswordHash=\nnetjob=1\n")[0], ("config".into(), "PasswordHash".into(), String::new()));
}

#[test]
fn values_with_equals_commas_quotes_and_comment_characters() {
    let got = keys("[SQL]\nIdTrxFrom=~ `!@#$%^&*()_+-=[]\\{}|;':\",./<>?\nx=a,b=\"c\"\n");
    assert_eq!(got[0].2, "~ `!@#$%^&*()_+-=[]\\{}|;':\",./<>?");
    assert_eq!(got[1].2, "a,b=\"c\"");
}

#[test]
fn windows_path_ending_in_backslash_is_no_continuation() {
    let got = keys("[Databases]\nUSER=c:\\intersystems\\iris\\mgr\\user\\\nIRISSYS=c:\\iris\\mgr\\\n");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].2, "c:\\intersystems\\iris\\mgr\\user\\");
}

#[test]
fn map_and_app_path_headers_and_odd_keys() {
    let got = keys("[Map.USER]\nGlobal_X(\"a\"):(\"b\")=DB\n[APP_PATH:/csp]\nDefault_Server=LOCAL\n[Devices]\n|TNT|=0^TRM\nC-IRIS Terminal=80^#\n");
    assert_eq!(got[0], ("Map.USER".into(), "Global_X(\"a\"):(\"b\")".into(), "DB".into()));
    assert_eq!(got[1].0, "APP_PATH:/csp");
    assert_eq!(got[2].1, "|TNT|");
    assert_eq!(got[3].1, "C-IRIS Terminal");
}

#[test]
fn actions_are_parsed_into_properties() {
    let text =
        "[Actions]\nCreateUser:Name=bob,Description=\"a, b\",Roles=\"\",PasswordHash=h1,s1,10000,SHA512,Enabled=1\n";
    let file = cpf::parse(text);
    let action = &file.sections[0].actions[0];
    assert_eq!(action.name, "CreateUser");
    let props: Vec<(&str, &str)> = action.properties.iter().map(|p| (p.key.as_str(), p.value.as_str())).collect();
    assert_eq!(
        props,
        vec![
            ("Name", "bob"),
            ("Description", "a, b"),
            ("Roles", ""),
            ("PasswordHash", "h1,s1,10000,SHA512"),
            ("Enabled", "1")
        ]
    );
    // The continuation belongs to the value's range too.
    let hash = &action.properties[3];
    assert_eq!(&text[hash.value_range.start..hash.value_range.end], "h1,s1,10000,SHA512");
}

#[test]
fn wrapped_actions_are_one_action() {
    let text = "[Actions]\nCreateUser:Name=SQLAdmin,\n  PasswordHash=\"x\",\n  Roles=\"%SQL,%DB_USER\"\nModifyService:Name=%Service_CallIn,Enabled=0\n";
    let file = cpf::parse(text);
    let actions = &file.sections[0].actions;
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].properties.len(), 3);
    assert_eq!(actions[0].property("Roles").unwrap().value, "%SQL,%DB_USER");
    assert!(file.errors.is_empty());
}

#[test]
fn commented_out_actions_are_comments() {
    let text = "[actions]\n; ModifyUser:Name=_SYSTEM,Enabled=1\n# CreateUser:Name=x\nModifyService:Name=%Service_CallIn,Enabled=0\n";
    let file = cpf::parse(text);
    assert_eq!(file.sections[0].actions.len(), 1);
    assert_eq!(file.comments.len(), 2);
}

#[test]
fn settings_before_any_header() {
    assert_eq!(keys("top=1\n[a]\nk=2\n")[0], (String::new(), "top".into(), "1".into()));
}

#[test]
fn a_bad_line_is_an_error_confined_to_its_line() {
    let text = "[Startup]\nWebServer=0\nthis line is not a setting\nDefaultPort=1972\n";
    let doc = read("t.cpf", text.to_string(), Format::CpfMerge);
    assert_eq!(doc.syntax_errors.len(), 1);
    let e = &doc.syntax_errors[0];
    assert_eq!(doc.lines.line_of(e.range.start), 2);
    let names: Vec<&str> = doc.entries.iter().filter(|e| e.kind == EntryKind::Key).map(|e| e.name.as_str()).collect();
    assert_eq!(names, vec!["WebServer", "DefaultPort"]);
}

#[test]
fn a_bad_action_line_is_an_error_and_the_rest_is_read() {
    let text = "[Actions]\nnot an action\nModifyService:Name=%Service_CallIn,Enabled=1\n";
    let doc = read("t.cpf", text.to_string(), Format::CpfMerge);
    assert_eq!(doc.syntax_errors.len(), 1);
    assert_eq!(doc.facts.services.len(), 1);
}

#[test]
fn actions_x_is_an_ordinary_section() {
    let file = cpf::parse("[ActionsX]\na=b\n");
    assert!(!file.sections[0].is_actions);
    assert_eq!(file.sections[0].settings[0].key, "a");
}

#[test]
fn the_tree_covers_every_byte() {
    for text in ["[a]\nk=1", "\u{feff}[a]\r\n\r\n  \r\nk=v\r\n", "junk\n[Actions]\nX:a=1,\n  b=2\n# c"] {
        let tree = cpf::parse_tree(text).unwrap();
        // tree-sitter skips a byte order mark before the first node.
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        assert_eq!(tree.root_node().start_byte(), bom, "{text:?}");
        assert_eq!(tree.root_node().end_byte(), text.len(), "{text:?}");
    }
}

#[test]
fn installer_inside_a_class_keeps_class_positions() {
    let text = "Class A.Installer\n{\n\nXData setup\n{\n<Manifest>\n  <SystemSetting Name=\"Config.Startup.WebServer\" Value=\"1\"/>\n</Manifest>\n}\n\n}\n";
    let doc = read("A.cls", text.to_string(), Format::InstallerCls);
    let setting = &doc.facts.settings[0];
    assert_eq!(&text[setting.value.range.start..setting.value.range.end], "1");
    assert_eq!(doc.lines.line_of(setting.value.range.start), 6);
}

#[test]
fn installer_variables_are_resolved() {
    let text = "<Manifest>\n<Default Name=\"NS\" Value=\"APP\"/>\n<Default Name=\"Auth\" Value=\"96\"/>\n<Namespace Name=\"${NS}\">\n<CSPApplication Url=\"/csp/${NS}\" AuthenticationMethods=\"${Auth}\"/>\n</Namespace>\n</Manifest>\n";
    let doc = read("i.xml", text.to_string(), Format::Installer);
    let app = &doc.facts.applications[0];
    assert_eq!(app.head.name, "/csp/APP");
    assert_eq!(app.authe.unauthenticated().map(|(b, _)| b), Some(true));
    assert!(app.authe.mask.as_ref().unwrap().defined_at.is_some());
}

#[test]
fn runtime_expressions_stay_unknown() {
    let text =
        "<Manifest>\n<CSPApplication Url=\"/x\" AuthenticationMethods=\"#{##class(App).Auth()}\"/>\n</Manifest>\n";
    let doc = read("i.xml", text.to_string(), Format::Installer);
    assert_eq!(doc.facts.applications[0].authe.unauthenticated(), None);
}

#[test]
fn malformed_xml_is_reported_and_the_rest_read() {
    let text = "<Manifest>\n<User Username=\"UnknownUser\" Roles=\"%All\" Fullname=\"x\"/>\n<Namespace Name=\"A\">\n</Manifest>\n";
    let doc = read("i.xml", text.to_string(), Format::Installer);
    assert!(!doc.syntax_errors.is_empty());
    assert_eq!(doc.facts.users.len(), 1);
}
