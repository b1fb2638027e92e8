//! Reading an edited iris.cpf or merge file again from its previous read
//! (`formats::read_again`, what the language server does on each change)
//! gives exactly the document a full read of the new text gives: on random
//! files built from real and odd lines, after random edits. The edits are
//! mostly typing inside sections, so most cases take the partial path; the
//! test checks that they do.

use irislint::formats::{self, Format};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "proptest_support/mod.rs"]
mod proptest_support;

const LINES: &[&str] = &[
    "[Startup]",
    "[Databases]",
    "[Namespaces]",
    "[Map.USER]",
    "[Actions]",
    "  [Indented]  ",
    "[Unclosed",
    "[]",
    "PasswordHash=FBFE8593,u4ocm4qh",
    "WebServer=1",
    "USER=/usr/irissys/mgr/user/",
    "APP=APPDATA,APPCODE",
    "IRISSYS=/usr/irissys/mgr/",
    "Key = value ",
    "\tKey\t=\t value \t",
    "Key=",
    "a=b=c",
    "Clé=värde",
    "K\u{a0}=v\u{a0}",
    "; a comment",
    "# another",
    "no equals sign",
    "=starts with equals",
    "CreateUser:Name=bob,Roles=%All,PasswordHash=h1,s1,10000,SHA512",
    "ModifyService:Name=%Service_CallIn,Enabled=1",
    "  y=2",
    "",
    "   ",
];

const ENDINGS: &[&str] = &["\n", "\n", "\n", "\r\n", "\r"];

/// What a keystroke can type.
const TYPED: &[&str] = &["a", "Z", "=", "1", " ", "\t", ";", "é", ",", "\n", "\r\n", "\r", "[", "]", "x=1\n"];

fn file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::select(LINES), prop::sample::select(ENDINGS)), 1..40),
        any::<bool>(),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(lines, bom, final_newline, actions)| {
            let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
            text.push_str("[ConfigFile]\n");
            // Most files have no [Actions] (read in full when they do).
            for (line, ending) in lines.into_iter().filter(|(l, _)| actions || !l.eq_ignore_ascii_case("[actions]")) {
                text.push_str(line);
                text.push_str(ending);
            }
            if !final_newline {
                text.push_str("Last=1");
            }
            text
        })
}

/// An edit: where (a fraction of the text), how many characters go, what is typed.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, Vec<&'static str>)>> {
    prop::collection::vec((0.0..=1.0f64, 0usize..4, prop::collection::vec(prop::sample::select(TYPED), 0..3)), 1..3)
}

fn apply(text: &str, edits: &[(f64, usize, Vec<&'static str>)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, removed, typed) in edits {
        let at = ((chars.len() as f64) * at) as usize;
        let end = (at + removed).min(chars.len());
        let typed: Vec<char> = typed.concat().chars().collect();
        chars.splice(at..end, typed);
    }
    chars.into_iter().collect()
}

static CASES: AtomicUsize = AtomicUsize::new(0);
static PARTIAL: AtomicUsize = AtomicUsize::new(0);

#[test]
fn reading_again_gives_what_a_full_read_gives() {
    proptest!(proptest_support::config(4096), |(before in file(), edits in edits(), merge in any::<bool>())| {
        let format = if merge { Format::CpfMerge } else { Format::Cpf };
        let after = apply(&before, &edits);
        let old = formats::read("/x/iris.cpf", before.clone(), format);
        CASES.fetch_add(1, Ordering::Relaxed);
        if formats::reads_only_changed_lines(&old, &after) {
            PARTIAL.fetch_add(1, Ordering::Relaxed);
        }
        let again = formats::read_again(old, after.clone());
        let full = formats::read("/x/iris.cpf", after.clone(), format);
        prop_assert_eq!(format!("{again:#?}"), format!("{full:#?}"), "before {:?}\nafter {:?}", before, after);
    });
    let (cases, partial) = (CASES.load(Ordering::Relaxed), PARTIAL.load(Ordering::Relaxed));
    // Edits of headers and the first line, files with [Actions] or without
    // a final line ending are read in full (about 70 % of these small cases).
    assert!(partial * 5 >= cases, "only {partial} of {cases} cases read only the changed lines");
}

/// The language server's case: a character typed in the middle of a large
/// section, then removed.
#[test]
fn a_keystroke_in_a_large_section_reads_one_line() {
    let mut text =
        String::from("[ConfigFile]\nProduct=IRIS\n\n[Startup]\nPasswordHash=FBFE8593,u4ocm4qh\n\n[Databases]\n");
    for i in 0..2000 {
        text.push_str(&format!("DB{i}=/usr/irissys/mgr/db{i}/\n"));
    }
    text.push_str("\n[Namespaces]\nUSER=DB1\n");
    let at = text.find("DB1000=").unwrap();
    let typed = format!("{}X{}", &text[..at], &text[at..]);
    let doc = formats::read("/x/iris.cpf", text.clone(), Format::Cpf);
    assert!(formats::reads_only_changed_lines(&doc, &typed));
    let doc = formats::read_again(doc, typed.clone());
    assert_eq!(format!("{doc:?}"), format!("{:?}", formats::read("/x/iris.cpf", typed.clone(), Format::Cpf)));
    assert!(doc.facts.databases.iter().any(|d| d.head.name == "XDB1000"));
    let doc = formats::read_again(doc, text.clone());
    assert_eq!(format!("{doc:?}"), format!("{:?}", formats::read("/x/iris.cpf", text, Format::Cpf)));
}
