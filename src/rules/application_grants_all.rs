use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// A web application whose roles granted to everyone on entry include `%All`: the
    /// `%Installer` `<CSPApplication Grant=…>`, which becomes match roles with an empty match
    /// role. `Security.Applications` has no `Roles` property — its grants are `MatchRoles`
    /// (IRIS403) — so a `Roles=` on an application is not read as one (IRIS902 reports it);
    /// nor is `Grant` in a `module.xml`, which the package manager's `<CSPApplication>` drops
    /// for `MatchRoles` (`%IPM.ResourceProcessor.CSPApplication`).
    ///
    /// ## Why it matters
    /// Every user of the application — unauthenticated ones too, if it allows them — holds
    /// `%All` while in it: full control of the instance through any flaw in the application.
    ///
    /// ## Example
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethods="32" Grant="%DB_APP,%All"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethods="32" Grant="%DB_APP"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Remove `%All` and grant the resources the application needs (`%DB_<name>`, a custom
    /// role). Unsafe: code that relied on `%All` may fail with `<PROTECT>` errors.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: application roles; the Security Advisor's
    /// application checks (applications granting `%All`).
    pub struct ApplicationGrantsAll {
        code: "IRIS402",
        name: "application-grants-all",
        severity: Error,
        development_info: false,
        formats: ["inst"],
        fixable: true,
        summary: "a web application whose roles include `%All`",
    }
}

impl Rule for ApplicationGrantsAll {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            let Some(roles) = &app.roles else { continue };
            let Some(list) = roles.known().filter(|l| fixes::has(l, "%All")) else {
                continue;
            };
            let label = fixes::app_label(app);
            let fix =
                fixes::set(roles, &fixes::without(list, "%All"), "remove %All from the granted roles", Safety::Unsafe);
            ctx.report(roles.entry, label.clone(), format!("{label} grants %All to everyone who enters it"))
                .with_fix(fix);
        }
    }
}
