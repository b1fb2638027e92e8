use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// A service whose authentication methods (`AutheEnabled`) include unauthenticated access
    /// (bit 64, `$$$AutheUnauthenticated`).
    ///
    /// ## Why it matters
    /// Unauthenticated connections run as `UnknownUser`. On a Minimal install services allow
    /// them and `UnknownUser` holds `%All`: anyone who reaches the port owns the instance.
    ///
    /// ## Fix
    /// Drop the unauthenticated bit and keep the other methods (password is added when nothing
    /// would be left). Unsafe: clients that connect without credentials must be given them.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (services
    /// should not allow unauthenticated access); the Security Advisor's service checks.
    pub struct ServiceUnauthenticated {
        code: "IRIS302",
        name: "service-unauthenticated",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst"],
        fixable: true,
        summary: "a service that allows unauthenticated access",
    }
}

impl Rule for ServiceUnauthenticated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for service in &ctx.facts().services {
            let Some(authe) = &service.authe else {
                continue;
            };
            let Some(mask) = authe.known().filter(|m| m.allows_unauthenticated()) else {
                continue;
            };
            let name = &service.head.name;
            let new = mask.without_unauthenticated();
            let fix = fixes::set(
                authe,
                &new.0.to_string(),
                &format!("require {} (AutheEnabled={})", new.describe(), new.0),
                Safety::Unsafe,
            );
            ctx.report(
                authe.entry,
                format!("service {name}"),
                format!("service {name} allows unauthenticated access ({}); require authentication", mask.describe()),
            )
            .with_fix(fix);
        }
    }
}
