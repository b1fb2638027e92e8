//! The engine's one entry point: read a file, run the rules, apply the
//! configuration and suppressions. The CLI and the language server both call this.

use crate::findings::config::{Config, Profile};
use crate::findings::suppress;
use crate::findings::{Finding, Fix, Severity};
use crate::formats::{self, Document, Format};
use crate::model::edit::Edit;
use crate::model::secrets::{mask, SecretForm};
use crate::rules::{self, Context};
use std::path::Path;

/// Reads and checks one file's text.
pub fn check_text(path: &str, text: String, format: Format, config: &Config) -> (Document, Vec<Finding>) {
    let doc = formats::read(path, text, format);
    let findings = check_document(&doc, config);
    (doc, findings)
}

/// Checks one file as the only file of its instance: the per-file rules and
/// the cross-file rules over that one file (what the command line does for a
/// lone file).
pub fn check_alone(path: &str, text: String, format: Format, config: &Config) -> (Document, Vec<Finding>) {
    let doc = formats::read(path, text, format);
    let findings = check_document_alone(&doc, config);
    (doc, findings)
}

/// [`check_alone`] on a document already read (the language server reads
/// with an incrementally re-parsed tree).
pub fn check_document_alone(doc: &Document, config: &Config) -> Vec<Finding> {
    let instance = crate::workspace::Instance { name: doc.path.clone(), docs: vec![doc], layers: Default::default() };
    let (own, extra) = check_both(doc, config, &instance, &|_| Some(config.clone()));
    join_instance(&doc.path, own, &extra)
}

/// A file's own findings and its instance's; for a large file side by side
/// (a keystroke waits for the longer of the two, not both).
pub fn check_both(
    doc: &Document,
    config: &Config,
    instance: &crate::workspace::Instance,
    config_for: &(dyn Fn(&str) -> Option<Config> + Sync),
) -> (Vec<Finding>, WorkspaceResult) {
    if doc.text.len() >= RULES_IN_PARALLEL {
        rayon::join(|| check_document(doc, config), || check_workspace(instance, config_for))
    } else {
        (check_document(doc, config), check_workspace(instance, config_for))
    }
}

/// A file's own findings with what its instance adds: findings on entries a
/// later file overrides go (but IRIS9xx), cross-file findings that land in
/// the file are added.
pub fn join_instance(path: &str, mut findings: Vec<Finding>, result: &WorkspaceResult) -> Vec<Finding> {
    let overridden =
        crate::syntax::text::Cover::new(result.overridden.iter().filter(|(p, _)| p == path).map(|(_, r)| *r));
    findings.retain(|f| !overridden.contains(f.range) || f.code.starts_with("IRIS9"));
    findings.extend(result.findings.iter().filter(|(p, _)| p == path).map(|(_, f)| f.clone()));
    findings.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    findings
}

fn applies(formats: &[&str], format: Format) -> bool {
    // Setup code can make any setting a configuration file makes: every rule
    // reads its facts.
    if format.is_setup() {
        return true;
    }
    let tag = match format {
        Format::Cpf | Format::CpfMerge => "cpf",
        Format::CspIni => "ini",
        Format::Installer | Format::InstallerCls => "inst",
        Format::ModuleXml => "ipm",
        _ => "os",
    };
    formats.iter().any(|f| *f == "all" || *f == tag)
}

/// Documents from this size on are checked a few rules at a time on every
/// thread: in a keystroke's time, one large file is all there is to do. (The
/// command line checks many files at once, each on one thread.)
const RULES_IN_PARALLEL: usize = 256 * 1024;

/// Runs every enabled rule over a read document.
pub fn check_document(doc: &Document, config: &Config) -> Vec<Finding> {
    use rayon::prelude::*;
    let path = Path::new(&doc.path);
    let keys = rules::SettingKeys::default();
    let run = |rule: &&dyn rules::Rule| -> Vec<Finding> {
        let meta = rule.meta();
        if !config.enabled(meta.code, path) || !applies(meta.formats, doc.format) {
            return Vec::new();
        }
        let mut ctx = Context::new(doc, &config.extra_default_passwords, meta, &keys);
        rule.check(&mut ctx);
        let mut findings = ctx.into_findings();
        for finding in &mut findings {
            if config.profile == Profile::Development && meta.development_info {
                finding.severity = Severity::Info;
            }
            if let Some(severity) = config.severity.get(meta.code) {
                finding.severity = *severity;
            }
        }
        findings
    };
    // In rule order either way.
    let mut findings: Vec<Finding> = if doc.text.len() >= RULES_IN_PARALLEL {
        rules::all().par_iter().with_max_len(1).flat_map_iter(run).collect()
    } else {
        rules::all().iter().flat_map(run).collect()
    };
    apply_suppressions(doc, config, &mut findings);
    mask_secrets(doc, &mut findings);
    findings.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    // One value reached by two paths (setup code that creates or modifies an
    // application with the same array) is one finding.
    findings.dedup_by(|a, b| a.code == b.code && a.range == b.range && a.message == b.message);
    findings
}

/// Drops suppressed findings and reports suppressions that suppress nothing (IRIS905).
fn apply_suppressions(doc: &Document, config: &Config, findings: &mut Vec<Finding>) {
    let suppressions = suppress::collect(doc);
    if suppressions.is_empty() || config.no_suppressions {
        return;
    }
    let mut used = vec![false; suppressions.len()];
    findings.retain(|f| {
        for (i, s) in suppressions.iter().enumerate() {
            let covers = s.target.start <= f.range.start && f.range.start <= s.target.end.max(s.target.start);
            if covers
                && s.honoured
                && !s.reason.trim().is_empty()
                && s.codes.iter().any(|c| c.eq_ignore_ascii_case(f.code))
            {
                used[i] = true;
                return false;
            }
        }
        true
    });
    let meta = &rules::by_code("IRIS905").expect("IRIS905 is registered").meta();
    if !config.enabled(meta.code, Path::new(&doc.path)) {
        return;
    }
    for (s, used) in suppressions.iter().zip(used) {
        // A suppression of rules that are not running (or that read the whole
        // instance, judged later) cannot be judged here.
        let judged = |c: &String| config.enabled(c, Path::new(&doc.path)) && !is_workspace_code(c);
        if used || !s.codes.iter().any(judged) {
            continue;
        }
        let message = if !s.honoured {
            format!(
                "suppressions are not read in a {} (the product rewrites it); use per-file-ignores in irislint.toml",
                doc.format.label()
            )
        } else if s.reason.trim().is_empty() {
            format!(
                "suppression of {} has no reason, so it suppresses nothing; add why the risk is accepted",
                s.codes.join(", ")
            )
        } else {
            format!("suppression of {} suppresses nothing", s.codes.join(", "))
        };
        findings.push(Finding {
            code: meta.code,
            name: meta.name,
            severity: config.severity.get(meta.code).copied().unwrap_or(meta.severity),
            message,
            range: s.comment,
            fix: Some(Fix::safe("remove the suppression", vec![Edit { range: s.removal, new_text: String::new() }])),
            related: Vec::new(),
            object: format!("suppression {}", s.codes.join(",")),
        });
    }
}

fn is_workspace_code(code: &str) -> bool {
    rules::workspace_rules().iter().any(|r| r.meta().code.eq_ignore_ascii_case(code))
}

/// The last line of defence: no secret from the file appears in a message.
/// Only the secret is masked, never the name of an object that happens to
/// contain it: "user **** has a plaintext password" for a user whose name is
/// its password would tell the password by hiding the name.
fn mask_secrets(doc: &Document, findings: &mut [Finding]) {
    mask_secrets_of(&[doc], findings);
}

fn mask_secrets_of(docs: &[&Document], findings: &mut [Finding]) {
    let mut secrets: Vec<String> = Vec::new();
    // Names the files give their objects (and account names stored beside a
    // secret): text that names something, not a secret.
    let mut names: Vec<&str> = Vec::new();
    for doc in docs {
        let f = &doc.facts;
        for secret in &f.secrets {
            let text = secret.value.text.trim();
            if text.len() >= 3 && !crate::model::secrets::is_reference(text) {
                secrets.push(text.to_string());
            }
            if let SecretForm::GatewayEncoded(raw) = &secret.form {
                if let Some(plain) = crate::model::secrets::decode_gateway(raw).filter(|p| p.len() >= 3) {
                    secrets.push(plain);
                }
            }
            names.push(&secret.owner);
            names.extend(secret.username.as_deref());
        }
        names.extend(f.users.iter().map(|u| u.head.name.as_str()));
        names.extend(f.roles.iter().map(|r| r.head.name.as_str()));
        names.extend(f.applications.iter().map(|a| a.head.name.as_str()));
        names.extend(f.gateway_servers.iter().map(|g| g.head.name.as_str()));
    }
    if secrets.is_empty() {
        return;
    }
    // Secrets by their first three bytes, so that each message is searched
    // once rather than once per secret (a file with many secrets and many
    // findings was quadratic). Looked up at every byte of every message: a
    // fast hash of three bytes.
    let mut by_prefix: crate::model::names::NameMap<[u8; 3], Vec<usize>> = Default::default();
    for (i, secret) in secrets.iter().enumerate() {
        let b = secret.as_bytes();
        let list = by_prefix.entry([b[0], b[1], b[2]]).or_default();
        if !list.iter().any(|j| secrets[*j] == *secret) {
            list.push(i);
        }
    }
    let names: Vec<&str> = names.into_iter().filter(|n| n.len() >= 3).collect();
    let secrets = &secrets;
    let mask_one = |text: &mut String, object: &str| {
        let bytes = text.as_bytes();
        let mut found: Vec<(usize, usize)> = (0..bytes.len().saturating_sub(2))
            .filter_map(|at| by_prefix.get(&[bytes[at], bytes[at + 1], bytes[at + 2]]).map(|list| (at, list)))
            .flat_map(|(at, list)| {
                list.iter().filter(move |j| bytes[at..].starts_with(secrets[**j].as_bytes())).map(move |j| (at, *j))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        // Where the text names an object whose name holds a secret, that name stays.
        let mut named: Vec<(usize, usize)> = Vec::new();
        for name in names.iter().copied().chain(std::iter::once(object)).filter(|n| !n.is_empty()) {
            if !found.iter().any(|(_, j)| name.contains(secrets[*j].as_str())) {
                continue;
            }
            named.extend(text.match_indices(name).map(|(at, n)| (at, at + n.len())));
        }
        found.retain(|(at, j)| {
            let end = at + secrets[*j].len();
            !named.iter().any(|(s, e)| s <= at && end <= *e)
        });
        // Longest first at each place, then left to right without overlaps.
        found.sort_by_key(|(at, j)| (*at, std::cmp::Reverse(secrets[*j].len())));
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for (at, j) in found {
            if at < done {
                continue;
            }
            out.push_str(&text[done..at]);
            out.push_str(&mask(&secrets[j]));
            done = at + secrets[j].len();
        }
        if done > 0 {
            out.push_str(&text[done..]);
            *text = out;
        }
    };
    for finding in findings {
        let object = finding.object.clone();
        mask_one(&mut finding.message, &object);
        for r in &mut finding.related {
            mask_one(&mut r.message, &object);
        }
        if let Some(fix) = &mut finding.fix {
            mask_one(&mut fix.title, &object);
        }
    }
}

/// What reading an instance's files together adds: findings of the cross-file
/// rules (with the path of the file each lands in), and the entries later
/// files override, on which per-file findings no longer apply.
pub struct WorkspaceResult {
    pub findings: Vec<(String, Finding)>,
    pub overridden: Vec<(String, crate::syntax::text::TextRange)>,
}

/// Runs the cross-file rules over one instance; `config_for` gives the
/// configuration in force for a file. Each stack of the instance (each way
/// its files apply together, see [`crate::workspace::Instance::stacks`]) is
/// checked; a finding several stacks give is reported once.
pub fn check_workspace<'a>(
    instance: &crate::workspace::Instance<'a>,
    config_for: &(dyn Fn(&str) -> Option<Config> + Sync),
) -> WorkspaceResult {
    use crate::workspace::{Effective, Instance};
    let stacks = instance.stacks();
    let views: Vec<(Instance<'a>, Effective<'a>)> = stacks
        .iter()
        .map(|s| {
            let view = Instance { name: s.name.clone(), docs: s.docs.clone(), layers: instance.layers.clone() };
            let effective = Effective::of_docs(&s.docs);
            (view, effective)
        })
        .collect();
    let whole = (stacks.len() > 1).then(|| Effective::of(instance));
    let mut found: Vec<(String, Finding)> = Vec::new();
    for rule in rules::workspace_rules() {
        let meta = rule.meta();
        let mut raw = Vec::new();
        if rule.per_instance() {
            let effective = whole.as_ref().unwrap_or(&views[0].1);
            let mut ctx = crate::rules::WorkspaceContext::new(instance, effective, meta, &stacks);
            rule.check_workspace(&mut ctx);
            raw.extend(ctx.into_findings());
        } else {
            for (view, effective) in &views {
                let mut ctx = crate::rules::WorkspaceContext::new(view, effective, meta, &stacks);
                rule.check_workspace(&mut ctx);
                raw.extend(ctx.into_findings());
            }
        }
        for (path, finding) in raw {
            // The same finding from several stacks: once, with every related place.
            let same = found.iter_mut().find(|(p, f)| {
                *p == path && f.code == finding.code && f.range == finding.range && f.message == finding.message
            });
            match same {
                Some((_, f)) => {
                    for r in finding.related {
                        if !f.related.iter().any(|x| x.path == r.path && x.range == r.range && x.message == r.message) {
                            f.related.push(r);
                        }
                    }
                }
                None => found.push((path, finding)),
            }
        }
    }
    let mut findings = Vec::new();
    for (path, mut finding) in found {
        let meta = rules::by_code(finding.code).expect("a registered rule").meta();
        let Some(config) = config_for(&path) else { continue };
        if !config.enabled(meta.code, Path::new(&path)) {
            continue;
        }
        if let Some(severity) = config.severity.get(meta.code) {
            finding.severity = *severity;
        } else if config.profile == Profile::Development && meta.development_info {
            finding.severity = Severity::Info;
        }
        let doc = instance.docs.iter().find(|d| d.path == path);
        if doc.is_some_and(|d| !config.no_suppressions && is_suppressed(d, &finding)) {
            continue;
        }
        findings.push((path, finding));
    }
    let mut only: Vec<Finding> = findings.iter().map(|(_, f)| f.clone()).collect();
    mask_secrets_of(&instance.docs, &mut only);
    for ((_, f), masked) in findings.iter_mut().zip(only) {
        *f = masked;
    }
    // Per-file findings go only where the override is certain.
    let mut overridden = Vec::new();
    for (stack, (_, effective)) in stacks.iter().zip(&views) {
        overridden
            .extend(effective.overridden(stack.certain.is_some()).into_iter().map(|s| (s.doc.path.clone(), s.entry)));
    }
    overridden.sort();
    overridden.dedup();
    WorkspaceResult { findings, overridden }
}

/// Whether an inline suppression in the document covers the finding.
fn is_suppressed(doc: &Document, f: &Finding) -> bool {
    suppress::collect(doc).iter().any(|s| {
        s.honoured
            && !s.reason.trim().is_empty()
            && s.target.start <= f.range.start
            && f.range.start <= s.target.end
            && s.codes.iter().any(|c| c.eq_ignore_ascii_case(f.code))
    })
}
