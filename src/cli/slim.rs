//! What a checked document keeps for the rest of a batch run. Once its own
//! rules have run, a document is read again only by the cross-file pass
//! (its facts, and its suppressions) and by the reports (its path, text,
//! lines and the ranges of its secrets): its syntax entries and the text of
//! its settings' values, most of its memory, can go.

use crate::findings::suppress;
use crate::formats::Document;

/// Drops what nothing reads after the per-file check.
pub fn after_check(doc: &mut Document) {
    // Suppressions are found from the comments and the entries they precede;
    // without any, the cross-file pass finds none without them either.
    if suppress::collect(doc).is_empty() {
        doc.entries = Vec::new();
        doc.comments = Vec::new();
    }
    doc.syntax_errors = Vec::new();
    doc.objectscript_regions = Vec::new();
    let facts = &mut doc.facts;
    // The cross-file pass reads a setting's name and where it is written (to
    // know which entries a later one overrides), not its value.
    for setting in &mut facts.settings {
        setting.value.text = String::new();
        setting.value.parsed = None;
        setting.value.handle = None;
    }
    facts.settings.shrink_to_fit();
    facts.users.shrink_to_fit();
    facts.roles.shrink_to_fit();
    facts.resources.shrink_to_fit();
    facts.services.shrink_to_fit();
    facts.applications.shrink_to_fit();
    facts.secrets.shrink_to_fit();
    facts.gateway_servers.shrink_to_fit();
    facts.databases.shrink_to_fit();
    facts.namespaces.shrink_to_fit();
}
