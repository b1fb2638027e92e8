//! Hover: what a section, key, action, property, element or attribute does
//! (from the catalogue), and on a finding, the rule's documentation.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert::{self, Encoding};
use super::documents::Snapshot;
use super::vocab::{self, Info};
use crate::catalog::{Item, ValueType};
use crate::findings::Finding;
use crate::formats::{Document, Entry, EntryKind, Scope};
use crate::syntax::text::TextRange;

pub fn hover(snap: &Snapshot, doc: &Document, at: usize, enc: Encoding) -> Option<Hover> {
    let mut parts = Vec::new();
    let mut range = None;
    if let Some((entry, part)) = entry_at(doc, at) {
        if let Some(text) = describe(doc, entry) {
            parts.push(text);
            range = Some(part);
        }
    }
    for f in snap.findings.iter().filter(|f| touches(f.range, at)) {
        parts.push(finding_doc(f));
        range.get_or_insert(f.range);
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n\n---\n\n") }),
        range: range.map(|r| convert::range(&snap.rope, r, enc)),
    })
}

fn touches(r: TextRange, at: usize) -> bool {
    r.start <= at && at <= r.end
}

/// The entry under the cursor, and the part of it hovered: its name first,
/// then its value, then the smallest entry around the cursor.
pub fn entry_at(doc: &Document, at: usize) -> Option<(&Entry, TextRange)> {
    let smallest = |pick: &dyn Fn(&Entry) -> Option<TextRange>| {
        doc.entries
            .iter()
            .filter_map(|e| pick(e).filter(|r| touches(*r, at)).map(|r| (e, r)))
            .min_by_key(|(_, r)| r.len())
    };
    smallest(&|e| Some(e.name_range))
        .or_else(|| smallest(&|e| e.value.as_ref().map(|(_, r)| *r)))
        .or_else(|| smallest(&|e| Some(e.range)))
}

fn describe(doc: &Document, entry: &Entry) -> Option<String> {
    let info = vocab::lookup(doc.format, entry)?;
    let text = match info {
        Info::Section(s) => format!("**[{}]** — section\n\n{}", entry.name, s.doc),
        Info::Action(a) => {
            let class = a.class.as_deref().map(|c| format!("\n\nProperties are those of `{c}`.")).unwrap_or_default();
            format!("**{}** — `[Actions]` operation\n\n{}{class}", a.name, a.doc)
        }
        Info::Element(e) => {
            let parents = if e.parents.is_empty() {
                String::new()
            } else {
                format!("\n\nInside: {}", e.parents.iter().map(|p| format!("`<{p}>`")).collect::<Vec<_>>().join(", "))
            };
            format!("**<{}>** — element\n\n{}{parents}", e.name, e.doc)
        }
        Info::Item(item) => {
            let owner = match (&entry.kind, &entry.scope) {
                (EntryKind::Key, Scope::Section(s)) if !s.is_empty() => format!("key of `[{s}]`"),
                (EntryKind::Property, Scope::Action(a)) => format!("property of `{a}`"),
                (EntryKind::Attribute, Scope::Element(e)) => format!("attribute of `<{e}>`"),
                _ => "setting".to_string(),
            };
            item_doc(item, &owner)
        }
    };
    Some(text)
}

/// A key, property or attribute: meaning, type, allowed values, default, security advice.
pub fn item_doc(item: &Item, owner: &str) -> String {
    let mut out = format!("**{}** — {owner}\n\n{}\n", item.name, item.doc);
    let mut facts = vec![format!("- Type: `{}`", type_name(item.value_type))];
    if !item.values.is_empty() {
        let values: Vec<String> = item.values.iter().map(|v| format!("`{v}`")).collect();
        facts.push(format!("- Allowed values: {}", values.join(", ")));
    }
    match (item.min, item.max) {
        (Some(min), Some(max)) => facts.push(format!("- Range: {min} to {max}")),
        (Some(min), None) => facts.push(format!("- At least {min}")),
        (None, Some(max)) => facts.push(format!("- At most {max}")),
        (None, None) => {}
    }
    if let Some(default) = &item.default {
        let shown = if default.is_empty() { "(empty)".to_string() } else { format!("`{default}`") };
        facts.push(format!("- Default: {shown}"));
    }
    if item.required {
        facts.push("- Required".to_string());
    }
    out.push('\n');
    out.push_str(&facts.join("\n"));
    if let Some(security) = &item.security {
        out.push_str(&format!("\n\n**Security:** {security}"));
        let links = rule_links(security);
        if !links.is_empty() {
            out.push_str(&format!("\n\nRules: {links}"));
        }
    }
    out
}

fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Bool => "boolean (0 or 1)",
        ValueType::Int => "integer",
        ValueType::String => "string",
        ValueType::Enum => "one of a list",
        ValueType::Path => "path",
        ValueType::List => "comma-separated list",
        ValueType::Authmask => "authentication bit mask",
        ValueType::Permission => "permission (R, W, U)",
        ValueType::Expr => "expression",
    }
}

/// Links to the rules a text names (`IRIS302`).
fn rule_links(text: &str) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for (i, _) in text.match_indices("IRIS") {
        let code = text.get(i..i + 7).filter(|c| c[4..].bytes().all(|b| b.is_ascii_digit()));
        if let Some(code) = code.filter(|c| !codes.contains(c) && crate::rules::by_code(c).is_some()) {
            codes.push(code);
        }
    }
    codes
        .iter()
        .filter_map(|c| crate::rules::by_code(c))
        .map(|r| match crate::rules::bundled_page_uri(r.meta().code) {
            Some(page) => format!("[{}]({page}) {}", r.meta().code, r.meta().name),
            None => format!("{} {}", r.meta().code, r.meta().name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn finding_doc(f: &Finding) -> String {
    let Some(rule) = crate::rules::by_code(f.code) else {
        return format!("**{}** {}: {}", f.code, f.name, f.message);
    };
    let m = rule.meta();
    let page =
        crate::rules::bundled_page_uri(m.code).map(|p| format!("\n\n[Rule documentation]({p})")).unwrap_or_default();
    // The hardening checklist items the rule enforces, as `irislint rule` lists them.
    let checklist = crate::rules::compliance::markdown_list(m.code);
    format!(
        "**{}** {} ({})\n\n{}\n\n{}\n\n## Hardening checklist\n\n{checklist}{page}",
        m.code,
        m.name,
        f.severity.as_str(),
        f.message,
        m.documentation()
    )
}
