//! The rule catalogue: one file per rule, named after it. A rule reads facts,
//! never syntax; its doc comment is its documentation.

pub mod advisor;
mod application_conditionally_grants_all;
mod application_grants_all;
mod audit_event_disabled;
mod auditing_disabled;
mod catalog_lookup;
mod catalogue_version;
pub mod compliance;
mod context;
mod cors_any_origin;
mod default_password;
mod development_module;
mod duplicate_definition;
mod fixes;
mod gateway_default_manager_password;
mod gateway_manager_open;
mod gateway_no_tls;
mod gateway_service_auth_mismatch;
mod gateway_unauthenticated_connection;
mod invalid_value;
mod lockout_risk;
mod minimal_security_install;
mod password_expiry_bypassed;
mod percent_global_write;
mod plaintext_secret;
mod port_published_all_interfaces;
mod portal_unauthenticated;
mod predefined_account_enabled;
mod private_web_server_enabled;
mod privilege_by_proxy;
mod public_application;
mod public_resource;
mod registry;
mod remote_jobs_enabled;
mod required_public_resource_changed;
mod role_too_powerful;
mod service_no_client_restriction;
mod service_unauthenticated;
mod setting_keys;
mod superserver_all_interfaces;
mod syntax_error;
mod system_user_enabled;
mod too_many_superusers;
mod unauthenticated_application;
mod undefined_reference;
mod unknown_name;
mod unknownuser_privileged;
mod unneeded_service_enabled;
mod unused_suppression;
mod unused_user_database;
mod weak_password_policy;
mod webgateway_use_public;
mod workspace_context;

pub use catalogue_version::catalogue_version;
pub use context::Context;
pub use registry::{all, by_code, is_code_or_prefix, workspace_rules};
pub use setting_keys::SettingKeys;
pub use workspace_context::{WorkspaceContext, WorkspaceRule};

use crate::findings::Severity;

/// What a rule is, independent of any file.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Drops to `info` under the `development` profile.
    pub development_info: bool,
    /// The formats it reads: cpf, ini, inst, ipm, all.
    pub formats: &'static [&'static str],
    /// One line, for tables.
    pub summary: &'static str,
    /// The documentation: what it finds, why, the fix, the source.
    pub doc: &'static str,
    /// Whether the rule can offer a fix.
    pub fixable: bool,
}

impl RuleMeta {
    /// Where the rule's page is published, by the `docs-url` setting; `None`
    /// when none is configured (irislint names no address of its own).
    pub fn url(&self, docs_url: Option<&str>) -> Option<String> {
        docs_url.map(|base| published_url(base, self.code))
    }

    /// The documentation with the leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
    }

    /// The text under a `## Heading` of the documentation (up to the next
    /// `## `), trimmed; `None` when the documentation has no such heading.
    pub fn section(&self, heading: &str) -> Option<String> {
        section_of(&self.documentation(), heading)
    }

    /// The fenced blocks of the `## Example` and `## Use instead` sections,
    /// in order (see [`DocExample`] for the convention).
    pub fn examples(&self) -> Vec<DocExample> {
        let doc = self.documentation();
        let mut out = Vec::new();
        for (kind, heading) in [(ExampleKind::Example, "Example"), (ExampleKind::UseInstead, "Use instead")] {
            out.extend(fenced_blocks(&section_of(&doc, heading).unwrap_or_default(), kind));
        }
        out
    }
}

/// The two kinds of example a rule's documentation shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    /// Under `## Example`: text the rule reports.
    Example,
    /// Under `## Use instead`: the same intent, which the rule does not report.
    UseInstead,
}

impl ExampleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleKind::Example => "example",
            ExampleKind::UseInstead => "use-instead",
        }
    }
}

/// One example of a rule's documentation. The convention: each example is a
/// fenced block whose info string is the language to highlight it with and
/// the name of the file it stands for, such as ```` ```ini merge.cpf ````,
/// ```` ```xml module.xml ```` or ```` ```dockerfile Dockerfile ````. The file
/// name tells its format exactly as it does for a file on disk, so a block is
/// read as that file would be. Under a rule that reads an instance's files
/// together (IRIS108, IRIS7xx), the blocks of one section are the files of
/// one instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocExample {
    pub kind: ExampleKind,
    /// The language of the info string (`ini`, `xml`, `objectscript`, …).
    pub language: String,
    /// The file name of the info string (`merge.cpf`, `CSP.ini`, …); empty when the block names none.
    pub file: String,
    /// The text of the block, each line ending in a newline.
    pub text: String,
}

fn section_of(doc: &str, heading: &str) -> Option<String> {
    let mut lines = doc.lines();
    lines.by_ref().find(|l| l.trim_end() == format!("## {heading}"))?;
    let mut out = Vec::new();
    let mut fenced = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with("## ") {
            break;
        }
        out.push(line);
    }
    Some(out.join("\n").trim().to_string())
}

fn fenced_blocks(section: &str, kind: ExampleKind) -> Vec<DocExample> {
    let mut out = Vec::new();
    let mut open: Option<DocExample> = None;
    for line in section.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (open.take(), fence) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                let language = words.next().unwrap_or("").to_string();
                let file = words.next().unwrap_or("").to_string();
                open = Some(DocExample { kind, language, file, text: String::new() });
            }
            (Some(block), Some(_)) => out.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                open = Some(block);
            }
            (None, None) => {}
        }
    }
    out
}

/// The page of rule `code` under a `docs-url` setting: `{code}` in the
/// setting is replaced by the code
/// (`https://wiki.example.com/irislint/{code}.html`); a setting without it is
/// the folder the pages of `docs/rules/` are published in, to which
/// `/IRISnnn.md` is added (`https://git.example.com/sec/irislint/-/blob/main/docs/rules`).
pub fn published_url(docs_url: &str, code: &str) -> String {
    if docs_url.contains("{code}") {
        docs_url.replace("{code}", code)
    } else {
        format!("{}/{code}.md", docs_url.trim_end_matches('/'))
    }
}

/// Where the pages of a `docs-url` setting are: the setting up to `{code}`'s
/// folder, or the setting itself.
pub fn published_base(docs_url: &str) -> String {
    match docs_url.find("{code}") {
        Some(at) => docs_url[..at].rsplit_once('/').map(|(base, _)| base).unwrap_or(&docs_url[..at]).to_string(),
        None => docs_url.trim_end_matches('/').to_string(),
    }
}

/// The folder of the rule pages shipped with irislint, when the running
/// binary can find it: `docs/rules/` (or `share/irislint/docs/rules/`) in the
/// binary's folder or one of the three above it — a release archive, an
/// installation prefix, a build tree.
pub fn bundled_pages() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    for dir in exe.parent()?.ancestors().take(4) {
        for candidate in [dir.join("docs/rules"), dir.join("share/irislint/docs/rules")] {
            if candidate.join("IRIS901.md").is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A `file://` URI of rule `code`'s bundled page, when the page is there.
pub fn bundled_page_uri(code: &str) -> Option<String> {
    let page = bundled_pages()?.join(format!("{code}.md"));
    page.is_file().then(|| file_uri(&page))
}

/// A `file://` URI of an absolute path, with the characters a URI may not
/// hold percent-encoded.
fn file_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &mut Context);
}

/// Declares a rule: its doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $slug:literal,
            severity: $sev:ident,
            development_info: $dev:literal,
            formats: [$($fmt:literal),* $(,)?],
            fixable: $fixable:literal,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $slug,
                severity: $crate::findings::Severity::$sev,
                development_info: $dev,
                formats: &[$($fmt),*],
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                fixable: $fixable,
            };
        }
    };
}
pub(crate) use declare_rule;

/// The rule table of the README, generated from the rules themselves.
pub fn markdown_table() -> String {
    let mut out = String::from("| Code | Name | Severity | Fix | What it finds |\n|---|---|---|---|---|\n");
    for rule in all() {
        let m = rule.meta();
        let severity = if m.development_info {
            format!("{} (info in development)", m.severity.as_str())
        } else {
            m.severity.as_str().to_string()
        };
        out.push_str(&format!(
            "| [{code}](docs/rules/{code}.md) | {name} | {severity} | {fix} | {summary} |\n",
            code = m.code,
            name = m.name,
            fix = if m.fixable { "yes" } else { "" },
            summary = m.summary
        ));
    }
    out
}

/// A rule's documentation page, as published under `docs/rules/`.
pub fn markdown_page(m: &RuleMeta) -> String {
    let profile = if m.development_info { " (`info` under the `development` profile)" } else { "" };
    format!(
        "# {} {}\n\nDefault severity: `{}`{profile}. Formats: {}. Automatic fix: {}.\n\n{}\n\n## Hardening checklist\n\n{}\n",
        m.code,
        m.name,
        m.severity.as_str(),
        m.formats.join(", "),
        if m.fixable { "yes" } else { "no" },
        m.documentation(),
        compliance::markdown_list(m.code)
    )
}
