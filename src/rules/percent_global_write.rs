use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// `Security.System`'s `PercentGlobalWrite` turned on: `ModifySystem:PercentGlobalWrite=1` in a
    /// merge file's `[Actions]`, or `set p("PercentGlobalWrite")=1` before
    /// `##class(Security.System).Modify(,.p)` in setup code (and in installer classes' methods).
    ///
    /// ## Why it matters
    /// `%` globals (`^%SYS`, `^%qCacheMsg`, routines' and utilities' data) live in the system
    /// database. With this setting on, any process may write them without write permission on
    /// that database: code running as an ordinary user can then change system-wide data that
    /// other users, and the system itself, trust.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:PercentGlobalWrite=1
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.System).Get(, .p)
    ///  set p("PercentGlobalWrite") = 1
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.PercentGlobalWrite" Value="1"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:PercentGlobalWrite=0
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.PercentGlobalWrite" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.System).Get(, .p)
    ///  set p("PercentGlobalWrite") = 0
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ## Fix
    /// `PercentGlobalWrite=0` (the default). Unsafe: code that writes `%` globals then needs write
    /// permission on the system database. In the `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*, Security Advisor: "Ability to set % globals
    /// should be turned off"; `Security.System` class reference (system-wide security
    /// parameters). The property name is read as the merge documentation's `ModifySystem`
    /// operation passes `Security.System` properties.
    pub struct PercentGlobalWrite {
        code: "IRIS607",
        name: "percent-global-write",
        severity: Warning,
        development_info: true,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`Security.System` `PercentGlobalWrite` turned on",
    }
}

impl Rule for PercentGlobalWrite {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_named("Security.System", "PercentGlobalWrite") {
            if setting.value.known().and_then(|v| crate::model::known::parse_bool(v)) != Some(true) {
                continue;
            }
            let fix =
                fixes::set(&setting.value, "0", "turn % global writes off (PercentGlobalWrite=0)", Safety::Unsafe);
            ctx.report(
                setting.value.entry,
                "Security.System PercentGlobalWrite",
                "PercentGlobalWrite lets any process write % globals in the system database; set it to 0",
            )
            .with_fix(fix);
        }
    }
}
