//! A docker-compose file: per service, the password variables of
//! `environment:`, the ports it publishes, and the setup code its
//! `command:`/`entrypoint:`/`healthcheck:` run (`iris session …` in a shell
//! command, or after `-a` of the IRIS image's entrypoint).

use super::shell::read_shell;
use super::variables::read_assignment;
use crate::formats::document::{Comment, Document};
use crate::model::{PublishedPort, Wire, WireKind};
use crate::syntax::embedded::Embedded;
use crate::syntax::text::TextRange;
use crate::syntax::yaml;

pub fn read(doc: &mut Document) {
    let text = doc.text.clone();
    let Some(tree) = yaml::parse(&text) else { return };
    for (range, comment) in yaml::comments(&tree, &text) {
        doc.comments.push(Comment { text: comment, range });
    }
    let Some(root) = yaml::root(&tree) else { return };
    let Some(services) = yaml::get(root, &text, "services") else { return };
    for (service, _, body) in yaml::pairs(services, &text) {
        let Some(body) = body else { continue };
        for (key, _, value) in yaml::pairs(body, &text) {
            let Some(value) = value else { continue };
            match key.as_str() {
                "environment" => read_environment(doc, value, &text),
                "ports" => read_ports(doc, value, &text, &service),
                "command" | "entrypoint" => read_command(doc, value, &text),
                "volumes" => read_volumes(doc, value, &text),
                "build" => read_build(doc, value, &text),
                "healthcheck" => {
                    if let Some(test) = yaml::get(value, &text, "test") {
                        read_command(doc, test, &text);
                    }
                }
                _ => {}
            }
        }
    }
}

/// `- NAME=value` items or `NAME: value` pairs.
fn read_environment(doc: &mut Document, value: tree_sitter::Node, text: &str) {
    for item in yaml::items(value) {
        let Some((e, range)) = yaml::scalar(item, text) else { continue };
        let Some(eq) = e.text.find('=') else { continue };
        let v = &e.text[eq + 1..];
        let value_range = e.host_range(eq + 1, e.text.len());
        read_assignment(doc, e.text[..eq].trim(), v, value_range, range);
    }
    for (name, key, v) in yaml::pairs(value, text) {
        let Some((e, range)) = v.and_then(|v| yaml::scalar(v, text)) else { continue };
        let entry = TextRange::new(key.start_byte(), range.end);
        read_assignment(doc, &name, &e.text, e.host_range(0, e.text.len()), entry);
    }
}

/// `- ./src:/home/irisowner/dev` (short form) and `source:`/`target:` (long
/// form); named volumes are not the repository's files.
fn read_volumes(doc: &mut Document, value: tree_sitter::Node, text: &str) {
    for item in yaml::items(value) {
        let range = TextRange::new(item.start_byte(), item.end_byte());
        let (from, to) = match yaml::scalar(item, text) {
            Some((e, _)) => {
                let mut parts = e.text.splitn(3, ':');
                match (parts.next(), parts.next()) {
                    (Some(f), Some(t)) => (f.to_string(), t.to_string()),
                    _ => continue,
                }
            }
            None => {
                let field = |k: &str| yaml::get(item, text, k).and_then(|n| yaml::scalar_text(n, text));
                match (field("source"), field("target")) {
                    (Some(f), Some(t)) => (f, t),
                    _ => continue,
                }
            }
        };
        if !(from.starts_with('.') || from.starts_with('/')) {
            continue;
        }
        doc.facts.wiring.push(Wire { kind: WireKind::Copy { from }, target: to, range });
    }
}

/// `build: ./iris` or `build: { context: ./iris }`.
fn read_build(doc: &mut Document, value: tree_sitter::Node, text: &str) {
    let context = yaml::scalar(value, text)
        .map(|(e, r)| (e.text, r))
        .or_else(|| yaml::get(value, text, "context").and_then(|n| yaml::scalar(n, text)).map(|(e, r)| (e.text, r)));
    if let Some((dir, range)) = context {
        doc.facts.wiring.push(Wire { kind: WireKind::BuildContext, target: dir, range });
    }
}

/// `- 1972`, `- "9011:1972"`, `- 127.0.0.1:1972:1972`, `- 1972/tcp`, and the
/// long form (`target:`, `published:`, `host_ip:`).
fn read_ports(doc: &mut Document, value: tree_sitter::Node, text: &str, service: &str) {
    for item in yaml::items(value) {
        let range = TextRange::new(item.start_byte(), item.end_byte());
        if let Some((e, _)) = yaml::scalar(item, text) {
            let spec = e.text.trim();
            let spec = spec.split('/').next().unwrap_or(spec);
            // `[::1]:1972:1972` keeps its brackets; split from the right.
            let mut parts: Vec<&str> = spec.rsplitn(3, ':').collect();
            parts.reverse();
            let (host, container) = match parts.as_slice() {
                [c] => (None, *c),
                [_, c] => (None, *c),
                [ip, _, c] => (Some(ip.trim_matches(['[', ']']).to_string()), *c),
                _ => continue,
            };
            // A range (`1972-1975`) publishes each port; its first one is enough to tell.
            let container = container.split('-').next().unwrap_or(container);
            if let Ok(port) = container.trim().parse() {
                let host_address = host.filter(|h| !h.is_empty());
                doc.facts.ports.push(PublishedPort {
                    container_port: port,
                    host_address,
                    range,
                    service: service.to_string(),
                });
            }
            continue;
        }
        let field = |k: &str| yaml::get(item, text, k).and_then(|n| yaml::scalar_text(n, text));
        let Some(port) = field("target").and_then(|t| t.trim().parse().ok()) else { continue };
        if field("published").is_none() {
            continue;
        }
        doc.facts.ports.push(PublishedPort {
            container_port: port,
            host_address: field("host_ip").filter(|h| !h.is_empty()),
            range,
            service: service.to_string(),
        });
    }
}

/// A command as one string (read as shell) or as a list of arguments (each
/// read as shell where it drives IRIS, as the entrypoint's `-a` value does).
fn read_command(doc: &mut Document, value: tree_sitter::Node, text: &str) {
    let items = yaml::items(value);
    let scalars: Vec<Embedded> = if items.is_empty() {
        yaml::scalar(value, text).into_iter().map(|(e, _)| e).collect()
    } else {
        items.into_iter().filter_map(|i| yaml::scalar(i, text)).map(|(e, _)| e).collect()
    };
    // The exec form `["iris", "session", "IRIS", "##class(…)…"]`: the last
    // items are ObjectScript, not shell.
    let exec_session = scalars.len() > 1
        && scalars.iter().any(|e| e.text.rsplit('/').next().is_some_and(|b| b == "iris" || b == "irissession"))
        && scalars.iter().any(|e| e.text == "session" || e.text.ends_with("irissession"));
    for e in scalars {
        if exec_session && (e.text.contains("##class") || e.text.contains("zpm")) {
            // The last argument of `iris session` runs as `do` would run it.
            let mut code = Embedded::new();
            code.push_separator(e.host(0), "do ");
            code.push_slice(&e, 0, e.text.len());
            crate::formats::setup::read_terminal_input(doc, &code);
        } else if mentions_iris(&e.text) {
            read_shell(doc, &e);
        }
    }
}

fn mentions_iris(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("iris session") || l.contains("irissession") || l.contains("##class")
}
