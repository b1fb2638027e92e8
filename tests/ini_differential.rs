//! The hand-written INI reader (`syntax::ini`, what `cpf::parse` reads with)
//! gives exactly what flattening the tree-sitter grammar's tree gives: on
//! inputs built from the lines real files have and the odd ones they should
//! not, on arbitrary text, and on every INI-family file of the fixtures and
//! the shared corpus. See `ini_support/compare.rs` for the one class of input
//! compared differently on purpose. `parse_range` over a file's sections
//! gives what `parse` gives for the whole file.

#[path = "ini_support/compare.rs"]
mod compare;

use irislint::syntax::cpf;
use irislint::syntax::text::TextRange;
use proptest::prelude::*;
use std::path::Path;

#[path = "proptest_support/mod.rs"]
mod proptest_support;

const HEADERS: &[&str] = &[
    "[Startup]",
    "[config]",
    "[Actions]",
    "[actions]",
    "[ ACTIONS ]",
    "[ActionsX]",
    "[Map.USER]",
    "[APP_PATH:/csp]",
    "[Startup",
    "[Actions",
    "[Startup] extra",
    "[S];c",
    "[Actions]]",
    "  [Indented]  ",
    "[ ]",
    "[]",
    "[",
    "[]x",
    "[Sécurité]",
];

const SETTINGS: &[&str] = &[
    "Key=value",
    "Key=",
    "Key = value ",
    "\tKey\t=\t value \t",
    "a=b=c",
    "K=v;not a comment",
    "IdTrxFrom=~ `!@#$%^&*()_+-=[]\\{}|;':\",./<>?",
    "USER=c:\\intersystems\\iris\\mgr\\user\\",
    "Global_X(\"a\"):(\"b\")=DB",
    "C-IRIS Terminal=80^#",
    "]odd=1",
    "Clé=värde",
    "K=\u{3000}",
    "K\u{a0}=v\u{a0}",
    "PasswordHash=FBFE8593,u4ocm4qh",
    "ModifyUser:Name=x",
];

const ACTIONS: &[&str] = &[
    "ModifyService:Name=%Service_CallIn,Enabled=1",
    "CreateUser:Name=bob,Description=\"a, b\",Roles=\"\",PasswordHash=h1,s1,10000,SHA512,Enabled=1",
    "A : x = 1 , y = \"a\"\"b\" , z=",
    "A:x=1,",
    "A:x=1, ",
    "  y=2",
    "  \"q\",",
    "  PasswordHash=a,b,10000,SHA512",
    "A:x=\"unterminated",
    "A:x=\"a\" ,y",
    "A:x=\"a\" ,y,z=1",
    "A:x=,y",
    "A:x=,\"q\"",
    "A:x=1,,y=2",
    "A:x=1,=2",
    "A:x=\"a\"b,y=3",
    "A:x=a\"b,y=\"c\" \"d\"",
    "A:x=1,y",
    "A:x=\"a\",\"b\"",
    "A:x=\"a\"\"",
    "Foo:",
    "no colon here",
    "]x:y=1",
    " Indented:Name=1",
    "Opération:Nom=été",
];

const OTHER: &[&str] =
    &["", "   ", "\t", "; comment", "# comment ", "  ; indented", ";", "just words", "=value", "  =x"];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => proptest::sample::select(HEADERS).prop_map(str::to_string),
        3 => proptest::sample::select(SETTINGS).prop_map(str::to_string),
        4 => proptest::sample::select(ACTIONS).prop_map(str::to_string),
        2 => proptest::sample::select(OTHER).prop_map(str::to_string),
        1 => "[ \\t\\[\\]=,:;#\"a-c\u{e9}]{0,12}",
    ]
}

fn line_ending() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => Just("\n"), 3 => Just("\r\n"), 1 => Just("\r")]
}

/// A file built from line pieces, with a byte order mark or not, and a final
/// line ending or not.
fn ini_file() -> impl Strategy<Value = String> {
    (any::<bool>(), proptest::collection::vec((piece(), line_ending()), 0..14), any::<bool>()).prop_map(
        |(bom, lines, final_newline)| {
            let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
            let count = lines.len();
            for (i, (line, eol)) in lines.into_iter().enumerate() {
                text.push_str(&line);
                if i + 1 < count || final_newline {
                    text.push_str(eol);
                }
            }
            text
        },
    )
}

fn assert_same(text: &str) -> Result<(), TestCaseError> {
    compare::check(text).map_err(TestCaseError::fail)
}

proptest! {
    // 1,024 cases by default (each is two parses of a short text); more with PROPTEST_CASES.
    #![proptest_config(proptest_support::config(1024))]

    #[test]
    fn files_of_line_pieces_read_as_the_grammar_reads_them(text in ini_file()) {
        assert_same(&text)?;
    }

    #[test]
    fn arbitrary_text_reads_as_the_grammar_reads_it(text in "\u{feff}?[ \\t\\r\\n\\[\\]=,:;#\"a-cA\u{e9}\u{3000}\u{feff}]{0,48}") {
        assert_same(&text)?;
    }

    #[test]
    fn reading_each_section_alone_gives_the_whole_file(text in ini_file()) {
        assert_sections_read_alone(&text);
    }
}

/// `parse_range` over the preamble and then each section, every range from
/// the start of a header's line to the start of the next one's, gives
/// together what `parse` gives for the whole text.
fn assert_sections_read_alone(text: &str) {
    let whole = cpf::parse(text);
    let line_start = |at: usize| text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(whole.sections.iter().map(|s| line_start(s.header.start)));
    bounds.push(text.len());
    let mut joined = cpf::IniFile::default();
    for pair in bounds.windows(2) {
        let part = cpf::parse_range(text, TextRange::new(pair[0], pair[1]));
        joined.has_bom |= part.has_bom;
        joined.preamble.extend(part.preamble);
        joined.sections.extend(part.sections);
        joined.comments.extend(part.comments);
        joined.errors.extend(part.errors);
    }
    assert_eq!(joined.has_bom, whole.has_bom, "{text:?}");
    assert_eq!(joined.preamble, whole.preamble, "{text:?}");
    assert_eq!(joined.sections, whole.sections, "{text:?}");
    assert_eq!(joined.comments, whole.comments, "{text:?}");
    let errors = |f: &cpf::IniFile| f.errors.iter().map(|e| (e.range, e.message.clone())).collect::<Vec<_>>();
    assert_eq!(errors(&joined), errors(&whole), "{text:?}");
}

#[test]
fn a_range_is_read_alone_with_absolute_positions() {
    let text = "\u{feff}top=1\n[Startup]\nA=1\n[Actions]\nX:a=1,\n  b=2\n[Last]\nZ=9";
    let start = text.find("[Actions]").unwrap();
    let end = text.find("[Last]").unwrap();
    let part = cpf::parse_range(text, TextRange::new(start, end));
    assert!(!part.has_bom && part.preamble.is_empty() && part.errors.is_empty());
    assert_eq!(part.sections.len(), 1);
    let action = &part.sections[0].actions[0];
    let b = action.property("b").unwrap();
    assert_eq!(&text[b.value_range.start..b.value_range.end], "2");
    assert_eq!(part.sections[0].range, TextRange::new(start, text.find("b=2").unwrap() + 3));
    // Lines before the first header of a range read as a preamble.
    let tail = cpf::parse_range(text, TextRange::new(text.find("A=1").unwrap(), start));
    assert_eq!(tail.preamble[0].key, "A");
}

#[test]
fn every_ini_file_of_the_fixtures_and_the_corpus_reads_as_the_grammar_reads_it() {
    let mut files = Vec::new();
    for root in [Path::new("tests/fixtures"), Path::new("../shared/corpus"), Path::new("/work/shared/corpus")] {
        collect(root, &mut files);
    }
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if let Err(e) = compare::check(&text) {
            failures.push(format!("{}: {}", path.display(), e.lines().next().unwrap_or("")));
        }
        assert_sections_read_alone(&text);
    }
    assert!(failures.is_empty(), "{} of {} files differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// INI-family files under `dir` (none when it is absent).
fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
            if name.ends_with(".cpf") || name.ends_with(".ini") || name.contains("merge") {
                out.push(path);
            }
        }
    }
}
