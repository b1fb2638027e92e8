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
    pub fn url(&self) -> String {
        format!("{}/{}.md", DOCS_BASE, self.code)
    }

    /// The documentation with the leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
    }
}

/// Where each rule's documentation is published (generated from the doc comments).
pub const DOCS_BASE: &str = "https://github.com/irislint/irislint/blob/main/docs/rules";

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
