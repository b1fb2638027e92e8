//! What a checked document keeps for the rest of a batch run. Once its own
//! rules have run, a document is read again only by the cross-file pass
//! (its facts, and its suppressions) and by the reports (its path, text,
//! lines and the ranges of its secrets): its syntax entries and its
//! settings, most of its memory, can go.

use crate::findings::suppress;
use crate::formats::Document;
use crate::syntax::text::TextRange;
use crate::workspace::{Effective, Instance};

/// Drops what nothing reads after the per-file check; returns the entries a
/// later entry of the same file overrides, which the cross-file pass would
/// have found among the settings.
pub fn after_check(doc: &mut Document) -> Vec<TextRange> {
    // Where files are not known to be layers of one instance, an entry is
    // overridden only by a later one of its own file: that is all a
    // document's settings tell the cross-file pass (no cross-file rule reads
    // a setting), and it is known now.
    let within: Vec<TextRange> = Effective::of_docs(&[&*doc]).overridden(false).into_iter().map(|s| s.entry).collect();
    // Suppressions are found from the comments and the entries they precede;
    // without any, the cross-file pass finds none without them either.
    if suppress::collect(doc).is_empty() {
        doc.entries = Vec::new();
        doc.comments = Vec::new();
    }
    doc.syntax_errors = Vec::new();
    doc.objectscript_regions = Vec::new();
    let facts = &mut doc.facts;
    facts.settings = Vec::new();
    facts.users.shrink_to_fit();
    facts.roles.shrink_to_fit();
    facts.resources.shrink_to_fit();
    facts.services.shrink_to_fit();
    facts.applications.shrink_to_fit();
    facts.secrets.shrink_to_fit();
    facts.gateway_servers.shrink_to_fit();
    facts.databases.shrink_to_fit();
    facts.namespaces.shrink_to_fit();
    within
}

/// Whether the instance's files are known to apply together (named by the
/// configuration, or wired by setup code): then a file's setting overrides
/// another file's, and the cross-file pass needs every setting.
pub fn needs_settings(instance: &Instance) -> bool {
    instance.layers.named || !instance.layers.known.is_empty()
}

/// The instance's documents read again whole from their text.
pub fn read_whole(instance: &Instance) -> Vec<Document> {
    instance.docs.iter().map(|d| crate::formats::read(&d.path, d.text.clone(), d.format)).collect()
}
