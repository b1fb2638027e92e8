//! Setup code: ObjectScript that configures an instance, wherever it is
//! written (scripts, class methods, Dockerfiles, shell heredocs, compose
//! commands), read into the same facts as the configuration files.

mod interpret;
mod security_api;

use super::document::{Comment, Document};
use crate::syntax::embedded::Embedded;
use crate::syntax::objectscript::{self, Event};
use interpret::Locals;

pub use security_api::read_package_command;

/// Reads one unit of ObjectScript (a script, one method, one `RUN`): local
/// variables do not carry from one unit to the next.
pub fn read_code(doc: &mut Document, code: &Embedded) {
    let script = objectscript::read(code);
    let mut locals = Locals::new(code.shell_expanded);
    for event in &script.events {
        match event {
            Event::Set { name, subscripts, value, entry } => {
                let v = locals.eval(value, *entry);
                locals.set(name, subscripts, v);
            }
            Event::Kill { names, .. } => locals.kill(names.as_deref()),
            Event::Call(call) => security_api::read_call(doc, &mut locals, call),
            Event::Zpm { command, argument, statement } => read_package_command(doc, command, *argument, *statement),
        }
    }
    for (range, text) in script.comments {
        doc.comments.push(Comment { text, range });
    }
}
