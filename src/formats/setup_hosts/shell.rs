//! A shell script: the ObjectScript it feeds to `iris session`.

use crate::formats::document::{Comment, Document};
use crate::formats::setup::read_terminal_input;
use crate::syntax::embedded::Embedded;
use crate::syntax::shell;

pub fn read(doc: &mut Document) {
    let whole = Embedded::whole(&doc.text);
    read_shell(doc, &whole);
}

/// What shell code must name to feed IRIS: `iris session`/`iris merge`,
/// `irissession`, Caché's `csession`/`ccontrol`; a suppression comment's
/// marker (`irislint:`) holds `iris` too. Shell without any of them is not
/// parsed: nothing in it can change a finding.
const FEEDS_IRIS: &[&str] = &["iris", "csession", "ccontrol"];

/// Reads shell code embedded anywhere (a script, a Dockerfile `RUN`, a
/// compose `command:`), with positions in the host.
pub fn read_shell(doc: &mut Document, code: &Embedded) {
    if !crate::syntax::text::contains_any_ignore_ascii_case(&code.text, FEEDS_IRIS) {
        return;
    }
    let shell = shell::read(code);
    for unit in &shell.units {
        read_terminal_input(doc, unit);
    }
    for (file, range) in shell.merged_files {
        if !file.contains('$') {
            doc.facts.wiring.push(crate::model::Wire { kind: crate::model::WireKind::MergeFile, target: file, range });
        }
    }
    // A body's region starts with its first line (the grammar starts it at the first word).
    for body in shell.heredoc_bodies {
        let line = doc.text[..body.start].rfind('\n').map_or(0, |i| i + 1);
        doc.objectscript_regions.push(crate::syntax::text::TextRange::new(line, body.end));
    }
    for (range, text) in shell.comments {
        doc.comments.push(Comment { text, range });
    }
}
