//! The CPF grammar and the INI-family readers: never a panic, and the tree
//! spans the whole input (tree-sitter skips a leading byte order mark).
#![no_main]

use irislint::formats::{read, Format};
use irislint::syntax::cpf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let tree = cpf::parse_tree(&text).expect("the grammar loads");
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    assert!(tree.root_node().start_byte() <= bom);
    assert_eq!(tree.root_node().end_byte(), text.len());
    for format in [Format::Cpf, Format::CpfMerge, Format::CspIni] {
        let doc = read("fuzz.cpf", text.clone(), format);
        assert!(doc.entries.iter().all(|e| e.range.end <= text.len()));
    }
});
