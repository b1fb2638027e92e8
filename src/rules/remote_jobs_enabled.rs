use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// `[config] netjob=1`: the instance accepts jobs started remotely over ECP.
    ///
    /// ## Why it matters
    /// Remote ECP jobs run on this server with the privileges of the server process. The
    /// guidance is to set net job to false unless ECP remote jobs are part of the design.
    /// New `iris.cpf` files ship with `netjob=1`, so most instances have it on.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [config]
    /// netjob=1
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("netjob") = 1
    ///  do ##class(Config.config).Modify(.p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [config]
    /// netjob=0
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("netjob") = 0
    ///  do ##class(Config.config).Modify(.p)
    /// ```
    ///
    /// ## Fix
    /// `netjob=0`. Unsafe: applications that start jobs on this server through ECP stop working.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: hardening checklist ("set net job to false").
    pub struct RemoteJobsEnabled {
        code: "IRIS304",
        name: "remote-jobs-enabled",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "os"],
        fixable: true,
        summary: "`[config] netjob=1` (remote ECP jobs)",
    }
}

impl Rule for RemoteJobsEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_named("config", "netjob") {
            if setting.value.known().map(|v| v.trim()) == Some("1") {
                let fix = fixes::set(&setting.value, "0", "turn remote jobs off (netjob=0)", Safety::Unsafe);
                ctx.report(
                    setting.value.entry,
                    "[config] netjob",
                    "netjob=1 lets remote ECP clients start jobs on this server; set netjob=0",
                )
                .with_fix(fix);
            }
        }
    }
}
