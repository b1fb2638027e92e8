//! The hand-written XML reader against the `tree-sitter-xml` grammar it
//! replaced: on every input, `xml::parse` must give the tree the grammar's
//! flattening gives (structure, every span, decoded values, comments, text,
//! errors), and the reader must read every well-formed document itself
//! rather than leave it to the grammar.
//!
//! There is no tolerated difference: a document the reader finds malformed
//! is read by the grammar, so its syntax errors and what is recovered around
//! them are the grammar's. What the reader leaves to the grammar although
//! the grammar reads it without error (a `DOCTYPE`, non-ASCII names, a
//! processing instruction named `xm…` such as `<?xml-stylesheet …?>`, `]]>`
//! in text, several ranges) costs time only, never a difference.
//!
//! Inputs: documents built from manifest-like pieces (clean ones, and ones
//! with malformed pieces and mutations), the same inside a class `XData`
//! block, and every `.xml` / `.cls` under `tests/fixtures` and
//! `/work/shared/corpus` (skipped when absent). `PROPTEST_CASES` sets the
//! number of cases (256 by default).

use irislint::syntax::text::TextRange;
use irislint::syntax::{cls, xml};
use proptest::prelude::*;
use std::fmt::Debug;
use std::path::Path;

#[path = "proptest_support/mod.rs"]
mod proptest_support;

/// The first field where the two trees differ, named by its path.
fn first_difference(new: &xml::XmlTree, old: &xml::XmlTree) -> Option<String> {
    fn field<T: PartialEq + Debug>(path: String, new: &T, old: &T) -> Option<String> {
        (new != old).then(|| format!("{path}: reader {new:?}, grammar {old:?}"))
    }
    fn list<T: PartialEq + Debug>(
        path: &str,
        new: &[T],
        old: &[T],
        each: impl Fn(String, &T, &T) -> Option<String>,
    ) -> Option<String> {
        new.iter()
            .zip(old)
            .enumerate()
            .find_map(|(i, (n, o))| each(format!("{path}[{i}]"), n, o))
            .or_else(|| field(format!("{path}.len()"), &new.len(), &old.len()))
    }
    list("elements", &new.elements, &old.elements, |p, n, o| {
        field(format!("{p}.name"), &n.name, &o.name)
            .or_else(|| field(format!("{p}.name_range"), &n.name_range, &o.name_range))
            .or_else(|| field(format!("{p}.start_tag"), &n.start_tag, &o.start_tag))
            .or_else(|| field(format!("{p}.range"), &n.range, &o.range))
            .or_else(|| field(format!("{p}.parent"), &n.parent, &o.parent))
            .or_else(|| field(format!("{p}.children"), &n.children, &o.children))
            .or_else(|| field(format!("{p}.attribute_insert_at"), &n.attribute_insert_at, &o.attribute_insert_at))
            .or_else(|| field(format!("{p}.text"), &n.text, &o.text))
            .or_else(|| list(&format!("{p}.attributes"), &n.attributes, &o.attributes, field))
    })
    .or_else(|| field("roots".into(), &new.roots, &old.roots))
    .or_else(|| list("comments", &new.comments, &old.comments, field))
    .or_else(|| list("errors", &new.errors, &old.errors, field))
}

/// `xml::parse` agrees with the grammar; `Err` names the first difference.
fn agrees(text: &str, ranges: Option<&[TextRange]>) -> Result<(), String> {
    let new = xml::parse(text, ranges);
    let old = xml::parse_with_grammar(text, ranges);
    match first_difference(&new, &old) {
        Some(difference) => Err(format!("{difference}\nin {text:?} (ranges {ranges:?})")),
        None => Ok(()),
    }
}

/// The reader reads the document itself, and the grammar finds no error in it.
fn read_by_reader(text: &str, ranges: Option<&[TextRange]>) -> Result<(), String> {
    let errors = xml::parse_with_grammar(text, ranges).errors;
    if !errors.is_empty() {
        return Err(format!("the grammar finds errors {errors:?} in a clean document {text:?}"));
    }
    match xml::read_well_formed(text, ranges) {
        Some(_) => Ok(()),
        None => Err(format!("the reader left a well-formed document to the grammar: {text:?}")),
    }
}

fn pick(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(pieces).prop_map(str::to_string)
}

const TAGS: &[&str] = &[
    "Manifest",
    "Namespace",
    "Configuration",
    "Database",
    "CSPApplication",
    "User",
    "Var",
    "Invoke",
    "Arg",
    "Module",
    "Name",
    "Default",
    "a",
    "x:y",
    "_b",
    "d-e.f",
    "Z9",
    "1st",
    "-x",
    ".y",
    ":z",
    "xml",
    "CDATA",
];
const ATTRIBUTE_NAMES: &[&str] = &[
    "Name",
    "Url",
    "Value",
    "Create",
    "Code",
    "PasswordVar",
    "x",
    "_y",
    "a:b",
    "d-e.f",
    "version",
    "encoding",
    "standalone",
    "xml",
    "CDATA",
    "SYSTEM",
    "ID",
    "EMPTY",
];
const VALUE_PIECES: &[&str] = &[
    "abc",
    "${NAMESPACE}",
    "/csp/app",
    "{$namespace}",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&#65;",
    "&#x41;",
    "&#0;",
    "&#xD800;",
    "&custom;",
    "&xml;",
    "&a.b-c:d;",
    ">",
    "/>",
    "é日本",
    "\n",
    "\r\n",
    "\t",
    " ",
    "1",
    "%All",
];
const SPACES: &[&str] = &[" ", "  ", "\n  ", "\r\n\t", "\t"];
const CLEAN_CONTENT: &[&str] = &[
    "text",
    "  ",
    "\n    ",
    "\r\n",
    "a > b",
    "é日本",
    "]]",
    "]",
    "x ]] y",
    "&amp;",
    "&#10;",
    "&#x20;",
    "&lol;",
    "<!-- a comment -->",
    "<!---->",
    "<!-- <a> & - -->",
    "<![CDATA[x<y&z]]>",
    "<![CDATA[a]]b]]>",
    "<?pi data?>\n",
    "<?target?>",
    "<?pi  a b c ?>  \n",
    "<Empty/>",
    "<E a='1' />",
];
const DIRTY_CONTENT: &[&str] = &[
    "x]]>y",
    "]]>",
    "<![CDATA[]]>",
    "<![CDATA[]]]]>",
    "<!-- a -- b -->",
    "<!-- open",
    "<![CDATA[open",
    "<![CDATA[a]]]>",
    "<?pi a\nb?>",
    "<?pi a?b?>",
    "<?pi a?>",
    "<?pi a?> x\n",
    "<?xml-stylesheet href='x'?>",
    "<?xml version=\"1.0\"?>",
    "<",
    "< a>",
    "&",
    "& b;",
    "&#X41;",
    "&#;",
    "</a>",
    "</>",
    "<a",
    "<a x=1>",
    "<a x=\"<\">",
    "<a x='1'y='2'/>",
    "<a/ >",
    "<é/>",
    "<a é='1'/>",
    "<a :x='1'/>",
    "<a x·y='1'/>",
    "<a·b/>",
    "<?pi?>\r\n",
    "<!DOCTYPE a>",
    "<!ELEMENT a ANY>",
    "\0",
    "\u{feff}",
];
const PROLOGS: &[&str] = &[
    "",
    "\u{feff}",
    "\u{feff}<?xml version=\"1.0\"?>",
    " <?xml version=\"1.0\"?>",
    "<?xml version=\"1.0\"?>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<?xml version='1.0' encoding='utf-8' standalone='no' ?>\r\n",
    "<?xml version = \"1.1\" standalone=\"yes\"?>",
    "\n",
    "<!-- head -->\n",
    "<?pi x?>\n<!--c-->",
];
const DIRTY_PROLOGS: &[&str] = &[
    "<?xml version=\"1.0\"?>\u{feff}",
    "<!-- c --><?xml version=\"1.0\"?>",
    "<?xml version=\"2.0\"?>",
    "<?xml encoding=\"UTF-8\" version=\"1.0\"?>",
    "<?XML version=\"1.0\"?>",
    "<!DOCTYPE Manifest>\n",
    "<!DOCTYPE Manifest SYSTEM \"m.dtd\">",
    "<!DOCTYPE Manifest [<!ENTITY e \"x\">]>",
    "<?xml-stylesheet href=\"a.xsl\" type=\"text/xsl\"?>",
    "text",
    "<Other/>",
];

fn attribute(clean: bool) -> impl Strategy<Value = String> {
    let value = proptest::collection::vec(pick(VALUE_PIECES), 0..4).prop_map(|p| p.concat());
    let quote = if clean { prop_oneof![Just('"'), Just('\'')].boxed() } else { any::<char>().boxed() };
    (pick(ATTRIBUTE_NAMES), prop_oneof![Just(""), Just(" "), Just("\n")], value, quote, any::<bool>()).prop_map(
        |(name, space, value, quote, other_quote_inside)| {
            let inside = if other_quote_inside {
                if quote == '"' {
                    "'"
                } else {
                    "\""
                }
            } else {
                ""
            };
            format!("{name}{space}={space}{quote}{value}{inside}{quote}")
        },
    )
}

/// An element with attributes and content; `clean` keeps to well-formed pieces.
fn element(clean: bool) -> impl Strategy<Value = String> {
    let content_piece =
        if clean { pick(CLEAN_CONTENT).boxed() } else { prop_oneof![pick(CLEAN_CONTENT), pick(DIRTY_CONTENT)].boxed() };
    let leaf =
        (pick(TAGS), proptest::collection::vec((pick(SPACES), attribute(clean)), 0..3), pick(SPACES), any::<bool>())
            .prop_map(|(tag, attributes, space, spaced_end)| {
                let attributes: String = attributes.into_iter().map(|(s, a)| format!("{s}{a}")).collect();
                let end = if spaced_end { space.as_str() } else { "" };
                format!("<{tag}{attributes}{end}/>")
            });
    leaf.prop_recursive(6, 48, 6, move |inner| {
        (
            pick(TAGS),
            proptest::collection::vec((pick(SPACES), attribute(clean)), 0..3),
            proptest::collection::vec(prop_oneof![inner, content_piece.clone()], 0..6),
            any::<bool>(),
        )
            .prop_map(|(tag, attributes, content, spaced_end)| {
                let attributes: String = attributes.into_iter().map(|(s, a)| format!("{s}{a}")).collect();
                let end_space = if spaced_end { " " } else { "" };
                format!("<{tag}{attributes}>{}</{tag}{end_space}>", content.concat())
            })
    })
}

fn clean_document() -> impl Strategy<Value = String> {
    (pick(PROLOGS), element(true), prop_oneof![Just(""), Just("\n"), Just("\n<!-- tail -->\r\n"), Just("<?done?>")])
        .prop_map(|(prolog, root, tail)| format!("{prolog}{root}{tail}"))
}

/// A mutation: a piece inserted, a character removed, or the text cut short.
#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, &'static str),
    Remove(usize),
    Truncate(usize),
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match mutation {
        Mutation::Insert(at, piece) => {
            let at = boundary(*at);
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
        Mutation::Remove(at) => {
            let at = boundary(*at);
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            format!("{}{}", &text[..at], &text[at + next..])
        }
        Mutation::Truncate(at) => text[..boundary(*at)].to_string(),
    }
}

fn any_document() -> impl Strategy<Value = String> {
    let mutation = prop_oneof![
        (any::<usize>(), proptest::sample::select(DIRTY_CONTENT)).prop_map(|(at, p)| Mutation::Insert(at, p)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
    ];
    let prolog = prop_oneof![pick(PROLOGS), pick(DIRTY_PROLOGS)];
    (prolog, element(false), proptest::collection::vec(mutation, 0..3), prop_oneof![Just(""), Just("<b/>"), Just(" x")])
        .prop_map(|(prolog, root, mutations, tail)| {
            mutations.iter().fold(format!("{prolog}{root}{tail}"), |text, m| mutate(&text, m))
        })
}

/// The document as the body of a class's `XData` block, and that range.
fn in_class(document: &str) -> (String, TextRange) {
    let head = "Class App.Installer\r\n{\r\n\r\nXData Setup [ XMLNamespace = INSTALLER ]\r\n{\r\n";
    let text = format!("{head}{document}\r\n}}\r\n\r\n}}\r\n");
    (text, TextRange::new(head.len(), head.len() + document.len()))
}

proptest! {
    #![proptest_config(proptest_support::config(256))]

    #[test]
    fn clean_documents_are_read_by_the_reader_as_the_grammar_reads_them(doc in clean_document()) {
        read_by_reader(&doc, None).map_err(TestCaseError::fail)?;
        agrees(&doc, None).map_err(TestCaseError::fail)?;
        // A byte order mark is one only at the start of the file.
        let (class, body) = in_class(doc.trim_start_matches('\u{feff}'));
        read_by_reader(&class, Some(&[body])).map_err(TestCaseError::fail)?;
        agrees(&class, Some(&[body])).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_document_is_read_as_the_grammar_reads_it(doc in any_document()) {
        agrees(&doc, None).map_err(TestCaseError::fail)?;
        let (class, body) = in_class(&doc);
        agrees(&class, Some(&[body])).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_text_is_read_as_the_grammar_reads_it(text in "[<>/?!='\"&;#x a-z\\]\\[\r\n-]{0,40}") {
        agrees(&text, None).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn whitespace_before_the_declaration_and_a_bom_read_as_before() {
    for text in
        [" <?xml version=\"1.0\"?><a/>", "\u{feff}<a/>", "\u{feff}<?xml version=\"1.0\"?><a/>", "\n\n<a>\r\n</a>"]
    {
        agrees(text, None).unwrap();
    }
}

#[test]
fn deep_and_long_names_read_as_before() {
    let name = "n".repeat(300);
    let long = format!("<{name}></{name}>");
    agrees(&long, None).unwrap();
    let nested =
        |tag: &str, depth: usize| format!("{}{}", format!("<{tag}>").repeat(depth), format!("</{tag}>").repeat(depth));
    // Past the grammar scanner's saved stack of open tags (about a kilobyte).
    agrees(&nested("Configuration", 100), None).unwrap();
    agrees(&nested("a", 250), None).unwrap();
    agrees(&nested("a", 300), None).unwrap();
}

/// Every `.xml` and `.cls` file under `dir`, recursively.
fn xml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml" || e == "cls") {
            out.push(path);
        }
    }
}

#[test]
fn fixture_and_corpus_files_are_read_as_the_grammar_reads_them() {
    let mut files = Vec::new();
    xml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut files);
    xml_files(Path::new("/work/shared/corpus"), &mut files);
    assert!(!files.is_empty(), "the fixtures hold XML files");
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if path.extension().is_some_and(|e| e == "cls") {
            for block in cls::xdata_blocks(&text) {
                agrees(&text, Some(&[block.body])).unwrap_or_else(|d| panic!("{}: {d}", path.display()));
            }
        } else {
            agrees(&text, None).unwrap_or_else(|d| panic!("{}: {d}", path.display()));
        }
    }
}
