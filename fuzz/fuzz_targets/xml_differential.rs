//! The hand-written XML reader against the `tree-sitter-xml` grammar: for
//! any input, `xml::parse` gives exactly the tree the grammar's flattening
//! gives, for the whole text and for each class `XData` block.
#![no_main]

use irislint::syntax::{cls, xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    assert_eq!(xml::parse(&text, None), xml::parse_with_grammar(&text, None), "{text:?}");
    for block in cls::xdata_blocks(&text) {
        let ranges = [block.body];
        assert_eq!(xml::parse(&text, Some(&ranges)), xml::parse_with_grammar(&text, Some(&ranges)), "{text:?}");
    }
});
