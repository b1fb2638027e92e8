//! Code actions: each finding's quick fix (safe ones preferred), a
//! `source.fixAll.irislint` applying every safe fix, and a suppression comment
//! where the format reads them (merge files and XML; never an instance's own
//! iris.cpf or CSP.ini, which the product rewrites).

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Diagnostic, DocumentChanges,
    OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use super::convert::{self, Encoding};
use super::documents::Snapshot;
use crate::findings::fix::{apply_pass, Allowed};
use crate::findings::{suppress, Finding, Safety};
use crate::formats::{self, Document, EntryKind};
use crate::model::edit::Edit;
use crate::syntax::text::TextRange;

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.irislint")
}

/// The reason written into a new suppression; a suppression without one suppresses nothing.
pub const REASON: &str = "TODO: say why this risk is accepted";

pub fn actions(
    snap: &Snapshot,
    doc: &Document,
    params: &CodeActionParams,
    enc: Encoding,
    document_changes: bool,
) -> Option<CodeActionResponse> {
    let range = convert::text_range(&snap.rope, params.range, enc)?;
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let build = |edits: &[Edit]| workspace_edit(snap, edits, enc, document_changes);
    let mut out = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        let near = |f: &Finding| f.range.start <= range.end && range.start <= f.range.end;
        for (f, diagnostic) in snap.findings.iter().zip(&snap.diagnostics).filter(|(f, _)| near(f)) {
            if let Some(fix) = &f.fix {
                let safe = fix.safety == Safety::Safe;
                let title = if safe { fix.title.clone() } else { format!("{} (unsafe: review access)", fix.title) };
                out.push(action(title, CodeActionKind::QUICKFIX, diagnostic, build(&fix.edits), safe));
            }
            if let Some((title, edit)) = suppression(doc, f) {
                out.push(action(title, CodeActionKind::QUICKFIX, diagnostic, build(&[edit]), false));
            }
        }
    }
    if wanted(&fix_all_kind()) {
        if let Some(edit) = fix_all(snap, doc) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe irislint findings".into(),
                kind: Some(fix_all_kind()),
                edit: Some(build(&[edit])),
                ..Default::default()
            }));
        }
    }
    Some(out)
}

fn action(
    title: String,
    kind: CodeActionKind,
    diagnostic: &Diagnostic,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// Edits for this document version (versioned when the client takes `documentChanges`).
fn workspace_edit(snap: &Snapshot, edits: &[Edit], enc: Encoding, document_changes: bool) -> WorkspaceEdit {
    let edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| TextEdit { range: convert::range(&snap.rope, e.range, enc), new_text: e.new_text.clone() })
        .collect();
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snap.uri.clone(),
                    version: Some(snap.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit { changes: Some(HashMap::from([(snap.uri.clone(), edits)])), ..Default::default() }
    }
}

/// A comment that suppresses the finding, where the format honours one.
pub fn suppression(doc: &Document, f: &Finding) -> Option<(String, Edit)> {
    if !suppress::honoured_in(doc.format) || f.code == "IRIS905" {
        return None;
    }
    let line_start = |offset: usize| doc.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let holds = |r: TextRange| r.start <= f.range.start && f.range.start <= r.end;
    if doc.format.is_xml() {
        // A suppression covers the start tag of the element after it.
        let tag = doc
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Element && holds(e.range))
            .min_by_key(|e| e.range.len())?;
        let start = line_start(tag.range.start);
        let indent = &doc.text[start..tag.range.start];
        let comment = format!("<!-- irislint: ignore {} {REASON} -->", f.code);
        let edit = if indent.chars().all(char::is_whitespace) {
            Edit { range: TextRange::empty(start), new_text: format!("{indent}{comment}{}", doc.newline) }
        } else {
            Edit { range: TextRange::empty(tag.range.start), new_text: format!("{comment} ") }
        };
        return Some((format!("Suppress {} for this element", f.code), edit));
    }
    // A suppression covers the line after it (with an action's continuation lines).
    let first = doc
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Action && holds(e.range))
        .map(|e| e.range.start)
        .next()
        .unwrap_or(f.range.start.min(doc.text.len()));
    let start = line_start(first);
    let (open, close) = doc.suppression_comment_at(start)?;
    // Setup code keeps the statement's indentation (a script's commands stand after a blank).
    let indent: String = if doc.format.is_setup() {
        doc.text[start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
    } else {
        String::new()
    };
    let new_text = format!("{indent}{open}irislint: ignore {} {REASON}{close}{}", f.code, doc.newline);
    Some((format!("Suppress {} on this line", f.code), Edit { range: TextRange::empty(start), new_text }))
}

/// One edit taking the text to what applying every safe fix gives; overlapping
/// fixes are applied in later passes over the re-linted text, as the CLI does.
fn fix_all(snap: &Snapshot, doc: &Document) -> Option<Edit> {
    let safe = |fs: &[Finding]| fs.iter().any(|f| f.fix.as_ref().is_some_and(|x| x.safety == Safety::Safe));
    if !safe(&snap.findings) {
        return None;
    }
    let mut text = doc.text.clone();
    let mut findings = snap.findings.clone();
    for _ in 0..4 {
        let pass = apply_pass(&text, &findings, Allowed::Safe);
        if pass.applied == 0 || pass.text == text {
            break;
        }
        text = pass.text;
        if pass.deferred == 0 {
            break;
        }
        let again = formats::read(&doc.path, text.clone(), doc.format);
        findings = crate::lint::check_document_alone(&again, &snap.config);
        if !safe(&findings) {
            break;
        }
    }
    (text != doc.text).then(|| minimal_edit(&doc.text, &text))
}

/// The single replacement between two texts: everything between their common prefix and suffix.
fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit { range: TextRange::new(prefix, old.len() - suffix), new_text: new[prefix..new.len() - suffix].to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_common_ends() {
        let e = minimal_edit("a=1\nb=€\n", "a=0\nb=€\n");
        assert_eq!((e.range, e.new_text.as_str()), (TextRange::new(2, 3), "0"));
        let e = minimal_edit("x€y", "x£y");
        assert_eq!(&"x£y"[e.range.start..e.range.start + e.new_text.len()], e.new_text);
    }
}
