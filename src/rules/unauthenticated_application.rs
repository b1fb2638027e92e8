use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::model::known::is_portal_application;

declare_rule! {
    /// ## What it finds
    /// A web application that allows unauthenticated access: bit 64 in `AutheEnabled`
    /// (merge files, `<WebApplication>`) or `AuthenticationMethods` (installer
    /// `<CSPApplication>`), in any written form (`64`, `96`, `$$$AutheUnauthenticated`,
    /// `#{$$$AutheCache + $$$AutheUnauthenticated}`), or `UnauthenticatedEnabled="1"` in a
    /// package-manager `<CSPApplication>`. The Management Portal has its own rule (IRIS404).
    ///
    /// ## Why it matters
    /// Requests run as `UnknownUser` with the application's roles. Unless the application is
    /// meant to be public and grants nothing, this exposes its data and code to anyone who can
    /// reach the web server.
    ///
    /// ## Fix
    /// Require password authentication: clear bit 64 and set 32 (`AutheEnabled=32`), or
    /// `UnauthenticatedEnabled="0"` with `PasswordAuthEnabled="1"`. Unsafe: clients must then
    /// send credentials.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (web
    /// applications should require authentication); the Security Advisor's application checks.
    pub struct UnauthenticatedApplication {
        code: "IRIS401",
        name: "unauthenticated-application",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "ipm"],
        fixable: true,
        summary: "a web application that allows unauthenticated access",
    }
}

impl Rule for UnauthenticatedApplication {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            if is_portal_application(&app.head.name) {
                continue;
            }
            let Some((true, range)) = app.authe.unauthenticated() else {
                continue;
            };
            let label = fixes::app_label(app);
            let fix = fixes::require_password(app);
            ctx.report(
                range,
                label.clone(),
                format!("{label} allows unauthenticated access; require password authentication"),
            )
            .with_fix(fix);
        }
    }
}
