//! Reading an edited `iris.cpf` or merge file again from its previous read:
//! only the lines that differ are read, the rest is kept and moved. Outside
//! `[Actions]`, a line of an INI section means the same wherever it stands
//! (its facts depend on its text and its section's name only), so a
//! keystroke in a 50,000-line file costs the lines it touched, not the file.
//!
//! Whatever the change, the result is the document [`super::read`] gives for
//! the new text (`tests/reread.rs` holds the two to each other on random
//! edits); a change this cannot place — a section header, `[Actions]`, the
//! first line, a file without a final line ending — is read in full.

use super::cpf;
use super::document::{Comment, Document, Entry, EntryKind};
use super::Format;
use crate::model::edit::ValueHandle;
use crate::model::{Database, Facts, Head, Namespace, Secret, Setting, Value};
use crate::syntax::text::TextRange;
use crate::syntax::xml::SyntaxError;
use std::sync::Arc;

/// `text` read as the document `old` was read (same path and format), from
/// `old` where the change allows.
pub fn read_again(old: Document, text: String) -> Document {
    match plan(&old, &text) {
        Some(plan) => splice(old, text, plan),
        None => super::read(&old.path, text, old.format),
    }
}

/// Whether [`read_again`] would read only the changed lines (for tests and
/// benchmarks: the result is the same either way).
pub fn reads_only_changed_lines(old: &Document, text: &str) -> bool {
    plan(old, text).is_some()
}

/// The lines read again: `start..old_end` of the old text became
/// `start..new_end` of the new one; both start and end at line boundaries.
struct Plan {
    start: usize,
    old_end: usize,
    new_end: usize,
    /// The entry of the section the lines are in; `None` before the first header.
    section: Option<usize>,
}

fn plan(old: &Document, text: &str) -> Option<Plan> {
    let (a, b) = (old.text.as_bytes(), text.as_bytes());
    // Without a final line ending, an unreadable last line is outside its
    // section: the end of the file is then read in full.
    if !matches!(old.format, Format::Cpf | Format::CpfMerge) || a.last() != Some(&b'\n') || b.last() != Some(&b'\n') {
        return None;
    }
    if !only_setting_facts(&old.facts) {
        return None;
    }
    let prefix = common_prefix(a, b);
    let suffix = common_suffix(a, b).min(a.len().min(b.len()) - prefix);
    // Lines end at `\n` (a lone `\r` ends one too, but whatever a `\r` does
    // stays between two `\n`): from the `\n` before the change to the one after.
    let start = memchr::memrchr(b'\n', &a[..prefix]).map_or(0, |i| i + 1);
    let changed_end = a.len() - suffix;
    let old_end = memchr::memchr(b'\n', &a[changed_end..]).map_or(a.len(), |i| changed_end + i + 1);
    let new_end = old_end + b.len() - a.len();
    // The first line may carry a byte order mark; a header changes sections.
    if start == 0 || has_header(&a[start..old_end]) || has_header(&b[start..new_end]) {
        return None;
    }
    let section = old.entries.iter().rposition(|e| e.kind == EntryKind::Section && e.range.start < start);
    if section.is_some_and(|i| old.entries[i].name.eq_ignore_ascii_case("actions")) {
        return None;
    }
    Some(Plan { start, old_end, new_end, section })
}

/// Whether the facts are only those settings lines give (no `[Actions]`
/// operations, which span lines and objects). Every field is named, so a new
/// kind of fact must be considered here.
fn only_setting_facts(facts: &Facts) -> bool {
    let Facts {
        users,
        roles,
        resources,
        services,
        applications,
        settings: _,
        secrets: _,
        gateway_servers,
        gateway_system,
        invokes,
        databases: _,
        namespaces: _,
        audit_events,
        packages,
        ports,
        wiring,
    } = facts;
    users.is_empty()
        && roles.is_empty()
        && resources.is_empty()
        && services.is_empty()
        && applications.is_empty()
        && gateway_servers.is_empty()
        && gateway_system.is_none()
        && invokes.is_empty()
        && audit_events.is_empty()
        && packages.is_empty()
        && ports.is_empty()
        && wiring.is_empty()
}

/// Whether a line (as the reader splits them, at `\n` and `\r`) starts with `[`.
fn has_header(lines: &[u8]) -> bool {
    lines
        .split(|b| *b == b'\n' || *b == b'\r')
        .any(|line| line.iter().find(|b| !matches!(b, b' ' | b'\t')) == Some(&b'['))
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[a.len() - i - CHUNK..a.len() - i] == b[b.len() - i - CHUNK..b.len() - i] {
        i += CHUNK;
    }
    i + a[..a.len() - i].iter().rev().zip(b[..b.len() - i].iter().rev()).take_while(|(x, y)| x == y).count()
}

fn splice(mut doc: Document, text: String, plan: Plan) -> Document {
    let delta = plan.new_end as isize - plan.old_end as isize;
    let file = crate::syntax::cpf::parse_range(&text, TextRange::new(plan.start, plan.new_end));
    // Before the first header the lines are the preamble: entries, no facts.
    let name: Arc<str> = Arc::from(plan.section.map_or("", |i| doc.entries[i].name.as_str()));
    let mut facts = Facts::default();
    if plan.section.is_some() {
        for setting in &file.preamble {
            cpf::read_setting(&mut facts, &name, setting);
        }
    }
    let entries = file.preamble.into_iter().map(|s| cpf::key_entry(&name, s)).collect();
    let comments = file.comments.into_iter().map(|(text, range)| Comment { text, range }).collect();
    replace(&mut doc.entries, entries, &plan, delta, |e| e.range.start);
    replace(&mut doc.comments, comments, &plan, delta, |c| c.range.start);
    replace(&mut doc.syntax_errors, file.errors, &plan, delta, |e| e.range.start);
    replace(&mut doc.facts.settings, facts.settings, &plan, delta, |s| s.value.entry.start);
    replace(&mut doc.facts.databases, facts.databases, &plan, delta, |d| d.head.anchor.start);
    replace(&mut doc.facts.namespaces, facts.namespaces, &plan, delta, |n| n.head.anchor.start);
    replace(&mut doc.facts.secrets, facts.secrets, &plan, delta, |s| s.value.entry.start);
    if let Some(i) = plan.section {
        // The section runs to its last non-blank text before the next header.
        let extent = doc.entries[i].removal.expect("a section entry has its extent");
        let end = if extent.end > plan.old_end {
            shifted(extent.end, delta)
        } else {
            let next = doc.entries[i + 1..].iter().find(|e| e.kind == EntryKind::Section);
            let next = next.map_or(text.len(), |e| e.range.start);
            crate::syntax::cpf::trim_range(&text, TextRange::new(extent.start, next)).end
        };
        doc.entries[i].removal = Some(TextRange::new(extent.start, end));
    }
    doc.lines.edit(&doc.text, &text, plan.start, plan.old_end, plan.new_end);
    doc.newline = doc.lines.newline();
    doc.text = text;
    doc
}

/// Puts `new` in place of the items of the lines read again (items are in
/// text order), and moves the items after them.
fn replace<T: Shift>(items: &mut Vec<T>, new: Vec<T>, plan: &Plan, delta: isize, start: impl Fn(&T) -> usize) {
    let from = items.partition_point(|x| start(x) < plan.start);
    let to = items.partition_point(|x| start(x) < plan.old_end);
    let added = new.len();
    items.splice(from..to, new);
    if delta != 0 {
        for item in &mut items[from + added..] {
            item.shift(delta);
        }
    }
}

fn shifted(at: usize, delta: isize) -> usize {
    at.checked_add_signed(delta).expect("a position after the change stays in the text")
}

/// Moving what a read found by `delta` bytes.
trait Shift {
    fn shift(&mut self, delta: isize);
}

impl Shift for TextRange {
    fn shift(&mut self, delta: isize) {
        self.start = shifted(self.start, delta);
        self.end = shifted(self.end, delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: isize) {
        if let Some(x) = self {
            x.shift(delta);
        }
    }
}

impl Shift for Entry {
    fn shift(&mut self, delta: isize) {
        self.name_range.shift(delta);
        if let Some((_, range)) = &mut self.value {
            range.shift(delta);
        }
        self.range.shift(delta);
        self.removal.shift(delta);
    }
}

impl Shift for Comment {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for ValueHandle {
    fn shift(&mut self, delta: isize) {
        self.value.shift(delta);
        self.entry.shift(delta);
    }
}

impl<T> Shift for Value<T> {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
        self.entry.shift(delta);
        self.handle.shift(delta);
        self.defined_at.shift(delta);
    }
}

impl Shift for Head {
    fn shift(&mut self, delta: isize) {
        self.name_range.shift(delta);
        self.anchor.shift(delta);
        if let Some(insert) = &mut self.insert {
            insert.at = shifted(insert.at, delta);
        }
    }
}

impl Shift for Setting {
    fn shift(&mut self, delta: isize) {
        self.value.shift(delta);
    }
}

impl Shift for Database {
    fn shift(&mut self, delta: isize) {
        self.head.shift(delta);
        self.resource.shift(delta);
        self.directory.shift(delta);
    }
}

impl Shift for Namespace {
    fn shift(&mut self, delta: isize) {
        self.head.shift(delta);
        self.globals.shift(delta);
        self.routines.shift(delta);
    }
}

impl Shift for Secret {
    fn shift(&mut self, delta: isize) {
        self.value.shift(delta);
    }
}
