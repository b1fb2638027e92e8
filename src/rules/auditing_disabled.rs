use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// Auditing switched off where the file sets it: an `AuditEnabled`/`EnableAudit` setting
    /// of 0 or false (a `[Security]`-style section, a `Modify…` action, or an installer
    /// `<SystemSetting Name="Security.System.AuditEnabled" Value="0"/>`).
    ///
    /// ## Why it matters
    /// Without the audit log there is no record of logins, failed logins, privilege changes or
    /// direct-mode access: an intrusion leaves no trace.
    ///
    /// ## Example
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.AuditEnabled" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:AuditEnabled=0
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AuditEnabled") = 0
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ## Use instead
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.AuditEnabled" Value="1"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:AuditEnabled=1
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AuditEnabled") = 1
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ## Fix
    /// Enable auditing. Safe: it only adds records (size the audit database).
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (enable
    /// auditing) and the hardening checklist.
    pub struct AuditingDisabled {
        code: "IRIS601",
        name: "auditing-disabled",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "auditing turned off",
    }
}

impl Rule for AuditingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_with_key(["AuditEnabled", "EnableAudit"]) {
            let key = &setting.key;
            if crate::model::known::parse_bool(&setting.value.text) == Some(false) {
                let fix = fixes::set(&setting.value, "1", "enable auditing", Safety::Safe);
                ctx.report(
                    setting.value.entry,
                    format!("{} {key}", setting.section),
                    "auditing is turned off; enable it",
                )
                .with_fix(fix);
            }
        }
    }
}
