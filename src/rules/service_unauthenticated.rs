use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::{Safety, Severity};
use crate::formats::values::has_placeholder;

declare_rule! {
    /// ## What it finds
    /// A service whose authentication methods (`AutheEnabled`) include unauthenticated access
    /// (bit 64, `$$$AutheUnauthenticated`). A value only known at run time is reported as
    /// `info`: irislint cannot tell, and does not guess it safe.
    ///
    /// ## Why it matters
    /// Unauthenticated connections run as `UnknownUser`. On a Minimal install services allow
    /// them and `UnknownUser` holds `%All`: anyone who reaches the port owns the instance.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_WebGateway,AutheEnabled=96
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = $$$AuthePassword + $$$AutheUnauthenticated
    ///  do ##class(Security.Services).Modify("%Service_Bindings", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_WebGateway,AutheEnabled=32
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = $$$AuthePassword
    ///  do ##class(Security.Services).Modify("%Service_Bindings", .p)
    /// ```
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
        formats: ["cpf", "os"],
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
            if authe.parsed.is_none() && has_placeholder(&authe.text) {
                let name = &service.head.name;
                let message = format!("cannot tell whether service {name} allows unauthenticated access: `{}` is only known at run time; make sure it does not include 64", authe.text);
                ctx.report(authe.entry, format!("service {name}"), message).severity = Severity::Info;
                continue;
            }
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
