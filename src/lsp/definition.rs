//! Go to definition inside a file: a namespace's databases, an application's
//! namespace, roles and resources to where the file defines them, and
//! `${Var}` to its `<Default>`/`<Var>`.

use tower_lsp_server::ls_types::{GotoDefinitionResponse, Location};

use super::convert::{self, Encoding};
use super::documents::Snapshot;
use crate::formats::{Document, EntryKind, Scope};
use crate::model::{Head, Origin, Value};
use crate::syntax::text::TextRange;

pub fn definition(snap: &Snapshot, doc: &Document, at: usize, enc: Encoding) -> Option<GotoDefinitionResponse> {
    let targets = variable(doc, at).or_else(|| reference(doc, at))?;
    let locations: Vec<Location> = targets
        .into_iter()
        .filter(|r| !(r.start <= at && at <= r.end))
        .map(|r| Location { uri: snap.uri.clone(), range: convert::range(&snap.rope, r, enc) })
        .collect();
    match locations.len() {
        0 => None,
        1 => locations.into_iter().next().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}

/// `${Name}` around the cursor → the `Value` of `<Default Name="Name">` and `<Var Name="Name">`.
fn variable(doc: &Document, at: usize) -> Option<Vec<TextRange>> {
    let mut window = at.saturating_sub(256);
    while !doc.text.is_char_boundary(window) {
        window -= 1;
    }
    let before = doc.text.get(window..at)?;
    let open = before.rfind("${")?;
    if before[open..].contains('}') {
        return None;
    }
    let start = window + open + 2;
    let rest = doc.text.get(start..)?;
    let name = &rest[..rest.find('}')?];
    if name.is_empty() || name.len() > 128 {
        return None;
    }
    let mut out = Vec::new();
    let mut current_element = None;
    for e in &doc.entries {
        match (e.kind, &e.scope) {
            (EntryKind::Element, _) => current_element = Some(e.name.as_str()),
            (EntryKind::Attribute, Scope::Element(el))
                if e.name.eq_ignore_ascii_case("Name")
                    && (el.eq_ignore_ascii_case("Default") || el.eq_ignore_ascii_case("Var"))
                    && current_element.is_some_and(|c| c.eq_ignore_ascii_case(el)) =>
            {
                if let Some((value, range)) = &e.value {
                    if value.eq_ignore_ascii_case(name) {
                        out.push(*range);
                    }
                }
            }
            _ => {}
        }
    }
    Some(out).filter(|o| !o.is_empty())
}

/// The comma-separated item of a value that holds the cursor.
fn item_at<T>(doc: &Document, value: &Option<Value<T>>, at: usize) -> Option<String> {
    let v = value.as_ref()?;
    if !(v.range.start <= at && at <= v.range.end) {
        return None;
    }
    let text = doc.text.get(v.range.start..v.range.end)?;
    let mut offset = v.range.start;
    for part in text.split(',') {
        if at <= offset + part.len() {
            let word = part.trim().trim_start_matches(':');
            return (!word.is_empty()).then(|| word.to_string());
        }
        offset += part.len() + 1;
    }
    None
}

/// Where objects of a kind named `name` are defined: creations first.
fn defined<'a>(heads: impl Iterator<Item = &'a Head>, name: &str) -> Vec<TextRange> {
    let mut found: Vec<&Head> = heads.filter(|h| h.is(name) && h.origin != Origin::Delete).collect();
    found.sort_by_key(|h| (h.origin != Origin::Create, h.name_range.start));
    found.into_iter().map(|h| h.name_range).collect()
}

fn reference(doc: &Document, at: usize) -> Option<Vec<TextRange>> {
    let f = &doc.facts;
    let databases = || f.databases.iter().map(|d| &d.head);
    let namespaces = || f.namespaces.iter().map(|n| &n.head);
    let roles = || f.roles.iter().map(|r| &r.head);
    let resources = || f.resources.iter().map(|r| &r.head);
    for ns in &f.namespaces {
        for value in [&ns.globals, &ns.routines] {
            if let Some(name) = item_at(doc, value, at) {
                return Some(defined(databases(), &name));
            }
        }
    }
    for app in &f.applications {
        if let Some(name) = item_at(doc, &app.namespace, at) {
            return Some(defined(namespaces(), &name));
        }
        if let Some(name) = item_at(doc, &app.roles, at) {
            return Some(defined(roles(), &name));
        }
        if let Some(name) = item_at(doc, &app.resource, at) {
            return Some(defined(resources(), &name));
        }
    }
    for user in &f.users {
        if let Some(name) = item_at(doc, &user.roles, at) {
            return Some(defined(roles(), &name));
        }
    }
    for role in &f.roles {
        if let Some(name) = item_at(doc, &role.granted_roles, at) {
            return Some(defined(roles(), &name));
        }
    }
    for db in &f.databases {
        if let Some(name) = item_at(doc, &db.resource, at) {
            return Some(defined(resources(), &name));
        }
    }
    None
}
