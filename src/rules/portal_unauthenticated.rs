use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::model::known::is_portal_application;

declare_rule! {
    /// ## What it finds
    /// The Management Portal or class reference applications — `/csp/sys`, anything under
    /// `/csp/sys/`, `/csp/documatic` — set to allow unauthenticated access (`AutheEnabled=96`
    /// on a Minimal install).
    ///
    /// ## Why it matters
    /// The Management Portal administers the whole instance. Unauthenticated, it hands
    /// `UnknownUser`'s privileges — `%All` on a Minimal install — to anyone with a browser.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyApplication:Name=/csp/sys,AutheEnabled=96
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="%SYS">
    ///     <CSPApplication Url="/csp/sys" Directory="/usr/irissys/csp/sys" AuthenticationMethods="96"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = 96
    ///  do ##class(Security.Applications).Modify("/csp/sys", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyApplication:Name=/csp/sys,AutheEnabled=32
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="%SYS">
    ///     <CSPApplication Url="/csp/sys" Directory="/usr/irissys/csp/sys" AuthenticationMethods="32"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = 32
    ///  do ##class(Security.Applications).Modify("/csp/sys", .p)
    /// ```
    ///
    /// ## Fix
    /// Require password authentication (clear bit 64, set 32). Unsafe only in that people must
    /// log in.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (the
    /// Management Portal must require authentication).
    pub struct PortalUnauthenticated {
        code: "IRIS404",
        name: "portal-unauthenticated",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "Management Portal applications with unauthenticated access",
    }
}

impl Rule for PortalUnauthenticated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in ctx.facts().applications.iter().filter(|a| is_portal_application(&a.head.name)) {
            let Some((true, range)) = app.authe.unauthenticated() else {
                continue;
            };
            let name = &app.head.name;
            ctx.report(range, format!("web application {name}"), format!("Management Portal application {name} allows unauthenticated access; require password authentication"))
                .with_fix(fixes::require_password(app));
        }
    }
}
