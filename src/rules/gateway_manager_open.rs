use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// `[SYSTEM] System_Manager` set to a pattern that admits every client address: `*.*.*.*`,
    /// `*`, or an empty value.
    ///
    /// ## Why it matters
    /// `System_Manager` lists the addresses allowed to open the Web Gateway's management pages,
    /// where server credentials and routing are changed. Open to all, anyone who reaches the
    /// web server can reconfigure the Gateway. By default only the local machine may.
    ///
    /// ## Example
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=*.*.*.*
    /// ```
    ///
    /// ## Use instead
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1,10.1.2.3
    /// ```
    ///
    /// ## Fix
    /// Restrict it to the administrators' addresses; the fix sets `127.0.0.1`. Unsafe:
    /// administrators working remotely lose access.
    ///
    /// ## Source
    /// InterSystems, Web Gateway configuration guide (`System_Manager`, protecting the
    /// management pages).
    pub struct GatewayManagerOpen {
        code: "IRIS503",
        name: "gateway-manager-open",
        severity: Error,
        development_info: false,
        formats: ["ini"],
        fixable: true,
        summary: "Web Gateway management pages open to every address",
    }
}

fn admits_everyone(pattern: &str) -> bool {
    let p = pattern.trim();
    p.is_empty() || p.split([',', ' ']).any(|part| part == "*" || part == "*.*.*.*")
}

impl Rule for GatewayManagerOpen {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let Some(system) = &ctx.facts().gateway_system else {
            return;
        };
        let Some(manager) = &system.system_manager else {
            return;
        };
        if admits_everyone(&manager.text) {
            let fix = fixes::set(manager, "127.0.0.1", "allow management from this machine only", Safety::Unsafe);
            ctx.report(
                manager.entry,
                "[SYSTEM] System_Manager",
                "the Web Gateway management pages admit every client address; restrict System_Manager",
            )
            .with_fix(fix);
        }
    }
}
