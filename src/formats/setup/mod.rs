//! Setup code: ObjectScript that configures an instance, wherever it is
//! written (scripts, class methods, Dockerfiles, shell heredocs, compose
//! commands), read into the same facts as the configuration files.

mod interpret;
mod security_api;

use super::document::{Comment, Document};
use crate::syntax::embedded::Embedded;
use crate::syntax::objectscript::{self, Event};
use crate::syntax::text::contains_any_ignore_ascii_case;
use interpret::Locals;

pub use security_api::read_package_command;

/// What ObjectScript must name for its reading to matter: the classes the
/// facts come from (`security_api`), the package manager, and the marker of
/// a suppression comment. Without any of them, no event and no comment of
/// the unit can change a finding, so it is not parsed.
const MATTERS: &[&str] = &["security.", "config.", "zpm", "%ipm.", "irislint"];

/// Reads what is typed at the terminal (`iris session`: a script, a
/// heredoc, a `RUN` under the `irissession` shell, a quoted argument): every
/// line is commands, none starts with a label.
pub fn read_terminal_input(doc: &mut Document, code: &Embedded) {
    if contains_any_ignore_ascii_case(&code.text, MATTERS) {
        read(doc, &code.indented());
    }
}

/// Reads one unit of ObjectScript written as a method or routine body,
/// where a first-column word is a label.
pub fn read_code(doc: &mut Document, code: &Embedded) {
    if contains_any_ignore_ascii_case(&code.text, MATTERS) {
        read(doc, code);
    }
}

/// One unit (a script, one method, one `RUN`): local variables do not
/// carry from one unit to the next.
fn read(doc: &mut Document, code: &Embedded) {
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
