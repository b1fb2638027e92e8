//! A class file: each ObjectScript method body is one unit of setup code
//! (local variables do not carry from one method to the next). Python
//! methods are left alone.

use crate::formats::document::Document;
use crate::formats::setup::read_code;
use crate::syntax::cls::method_bodies;
use crate::syntax::embedded::Embedded;

pub fn read(doc: &mut Document) {
    read_methods(doc);
}

/// Reads the methods of a class; installer classes call this too, after
/// their manifest.
pub fn read_methods(doc: &mut Document) {
    for method in method_bodies(&doc.text).into_iter().filter(|m| m.objectscript) {
        let body = &doc.text[method.body.start..method.body.end];
        if !crate::formats::detect::may_configure_security(body) {
            continue;
        }
        let mut code = Embedded::new();
        code.push_verbatim(&doc.text, method.body);
        read_code(doc, &code);
    }
}
