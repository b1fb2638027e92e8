//! `irislint check --explain-effective`: the effective security configuration
//! of each instance — users, roles, resources, services, applications and
//! settings — with the file that set each value and what it overrode.

use super::effective::{Effective, Slot, Source};
use super::{Instance, Stack};
use serde_json::{json, Value};
use std::fmt::Write;

fn place(s: &Source) -> String {
    let line = s.doc.lines.line_of(s.entry.start) + 1;
    format!("{}:{line}", s.doc.path)
}

fn place_json(s: &Source) -> Value {
    json!({"path": s.doc.path, "line": s.doc.lines.line_of(s.entry.start) + 1})
}

/// Secrets never reach this output: only non-secret properties are shown.
fn slot_text<T>(slot: &Option<Slot<T>>) -> Option<(String, String, Vec<String>)> {
    let s = slot.as_ref()?;
    Some((s.value.text.clone(), place(&s.at), s.overridden.iter().map(place).collect()))
}

fn slot_json<T>(slot: &Option<Slot<T>>) -> Value {
    match slot {
        None => Value::Null,
        Some(s) => json!({
            "value": s.value.text,
            "set_at": place_json(&s.at),
            "overrides": s.overridden.iter().map(place_json).collect::<Vec<_>>(),
        }),
    }
}

fn line(out: &mut String, label: &str, slot: Option<(String, String, Vec<String>)>) {
    if let Some((value, at, overridden)) = slot {
        let _ = write!(out, "    {label} = {value}  ({at}");
        if !overridden.is_empty() {
            let _ = write!(out, "; overrides {}", overridden.join(", "));
        }
        out.push_str(")\n");
    }
}

/// How sure irislint is that a stack's files are layers of one instance.
fn layering(stack: &Stack) -> String {
    match &stack.certain {
        Some(by) => format!("layers of one instance: {by}; a later file's value replaces an earlier one's findings"),
        None if stack.docs.len() < 2 => "one file".to_string(),
        None => "nothing says these files are applied together, so each file's own findings are all reported; name them in [instances] when they are layers of one instance".to_string(),
    }
}

pub fn explain_text(instances: &[Instance]) -> String {
    let mut out = String::new();
    for instance in instances {
        let stacks = instance.stacks();
        if stacks.len() > 1 {
            let _ = writeln!(
                &mut out,
                "instance {}: its merge files are alternatives (IRIS applies one per start), so each is read over the other files in turn\n",
                instance.name
            );
        }
        for stack in &stacks {
            explain_stack(&mut out, stack);
        }
    }
    out
}

fn explain_stack(out: &mut String, stack: &Stack) {
    let e = Effective::of_docs(&stack.docs);
    let files: Vec<&str> = stack.docs.iter().map(|d| d.path.as_str()).collect();
    let _ = writeln!(out, "instance {} (files, in the order they apply: {})", stack.name, files.join(", "));
    let _ = writeln!(out, "  {}", layering(stack));
    out.push_str("  users:\n");
    for u in e.users.values() {
        let _ = writeln!(
            out,
            "  - {}{}  (defined at {})",
            u.name,
            if u.deleted { " [deleted]" } else { "" },
            place(&u.defined[0])
        );
        line(out, "Enabled", slot_text(&u.enabled));
        line(out, "Roles", slot_text(&u.roles));
    }
    out.push_str("  roles:\n");
    for r in e.roles.values() {
        let _ = writeln!(out, "  - {}  (defined at {})", r.name, place(&r.defined[0]));
        line(out, "Resources", slot_text(&r.resources));
    }
    out.push_str("  resources:\n");
    for r in e.resources.values() {
        let _ = writeln!(out, "  - {}  (defined at {})", r.name, place(&r.defined[0]));
        line(out, "PublicPermission", slot_text(&r.public_permission));
    }
    out.push_str("  services:\n");
    for s in e.services.values() {
        let _ = writeln!(out, "  - {}  (defined at {})", s.name, place(&s.defined[0]));
        line(out, "Enabled", slot_text(&s.enabled));
        line(out, "AutheEnabled", slot_text(&s.authe));
    }
    out.push_str("  applications:\n");
    for a in e.applications.values() {
        let _ = writeln!(out, "  - {}  (defined at {})", a.name, place(&a.defined[0]));
        if let Some((b, at)) = &a.unauthenticated {
            let _ = writeln!(
                out,
                "    unauthenticated access = {}  ({})",
                if *b { "allowed" } else { "not allowed" },
                place(at)
            );
        }
        line(out, "NameSpace", slot_text(&a.namespace));
        line(out, "Resource", slot_text(&a.resource));
    }
    out.push_str("  settings:\n");
    for s in e.settings_sorted().into_iter() {
        if s.key.eq_ignore_ascii_case("PasswordHash") || s.key.eq_ignore_ascii_case("Password") {
            continue;
        }
        line(
            out,
            &format!("[{}] {}", s.section, s.key),
            Some((s.slot.value.text.clone(), place(&s.slot.at), s.slot.overridden.iter().map(place).collect())),
        );
    }
    out.push('\n');
}

pub fn explain_json(instances: &[Instance]) -> String {
    let mut all = Vec::new();
    for (instance, stack) in instances.iter().flat_map(|i| i.stacks().into_iter().map(move |s| (i, s))) {
        let e = Effective::of_docs(&stack.docs);
        all.push(json!({
            "instance": instance.name,
            "stack": stack.name,
            "layers_certain": stack.certain,
            "files": stack.docs.iter().map(|d| json!({"path": d.path, "format": d.format})).collect::<Vec<_>>(),
            "users": e.users.values().map(|u| json!({
                "name": u.name, "deleted": u.deleted, "defined_at": place_json(&u.defined[0]),
                "enabled": slot_json(&u.enabled), "roles": slot_json(&u.roles),
            })).collect::<Vec<_>>(),
            "roles": e.roles.values().map(|r| json!({
                "name": r.name, "defined_at": place_json(&r.defined[0]), "resources": slot_json(&r.resources),
            })).collect::<Vec<_>>(),
            "resources": e.resources.values().map(|r| json!({
                "name": r.name, "defined_at": place_json(&r.defined[0]), "public_permission": slot_json(&r.public_permission),
            })).collect::<Vec<_>>(),
            "services": e.services.values().map(|s| json!({
                "name": s.name, "defined_at": place_json(&s.defined[0]), "enabled": slot_json(&s.enabled), "authe_enabled": slot_json(&s.authe),
            })).collect::<Vec<_>>(),
            "applications": e.applications.values().map(|a| json!({
                "name": a.name, "defined_at": place_json(&a.defined[0]),
                "unauthenticated": a.unauthenticated.as_ref().map(|(b, at)| json!({"allowed": b, "set_at": place_json(at)})),
                "namespace": slot_json(&a.namespace), "resource": slot_json(&a.resource),
            })).collect::<Vec<_>>(),
            "settings": e.settings_sorted().into_iter()
                .filter(|s| !(s.key.eq_ignore_ascii_case("PasswordHash") || s.key.eq_ignore_ascii_case("Password")))
                .map(|s| json!({"section": s.section, "key": s.key, "value": s.slot.value.text, "set_at": place_json(&s.slot.at),
                    "overrides": s.slot.overridden.iter().map(place_json).collect::<Vec<_>>()}))
                .collect::<Vec<_>>(),
        }));
    }
    serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
}
