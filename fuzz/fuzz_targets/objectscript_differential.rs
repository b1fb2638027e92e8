//! The hand-written ObjectScript reader against InterSystems' grammar: for
//! any input, where the reader answers (it declines what it cannot read with
//! certainty, and the grammar reads that), its events and comments are
//! exactly the grammar's. Text with a NUL byte is binary, never checked
//! (the grammar reads NUL bytes its own way): there both only must not panic.
#![no_main]

use irislint::syntax::embedded::Embedded;
use irislint::syntax::objectscript;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let code = Embedded::whole(&text);
    if text.contains('\0') {
        let _ = (objectscript::read_fast(&code), objectscript::read_with_grammar(&code));
        return;
    }
    if let Some(fast) = objectscript::read_fast(&code) {
        let grammar = objectscript::read_with_grammar(&code);
        assert_eq!(fast.events, grammar.events, "{text:?}");
        assert_eq!(fast.comments, grammar.comments, "{text:?}");
    }
});
