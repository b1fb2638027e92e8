//! The hand-written INI reader against the tree-sitter grammar it replaced:
//! the same `IniFile`, structure and every range, for any input (the classes
//! compared differently on purpose are described in the comparison).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/ini_support/compare.rs"]
mod compare;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(difference) = compare::check(&text) {
        panic!("{difference}");
    }
});
