use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// The predefined `_SYSTEM` account created or modified with `Enabled=1` (or `true`), or
    /// given roles.
    ///
    /// ## Why it matters
    /// `_SYSTEM` exists on every instance under a well-known name, holds `%All`, and is the
    /// first account an attacker tries. The Locked Down level disables it.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=_SYSTEM,Enabled=1
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="_SYSTEM" Enabled="1" PasswordVar="SystemPassword" Roles="%All" Fullname="SQL System Manager"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 1
    ///  do ##class(Security.Users).Modify("_SYSTEM", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=_SYSTEM,Enabled=0
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 0
    ///  do ##class(Security.Users).Modify("_SYSTEM", .p)
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="_SYSTEM" Enabled="0" PasswordVar="SystemPassword" Roles="" Fullname="SQL System Manager"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Set `Enabled=0` and administer the instance with named accounts. The fix is unsafe:
    /// whatever logs in as `_SYSTEM` (scripts, ODBC connections) stops working.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: initial security levels (Locked Down disables
    /// `_SYSTEM`) and "Tighten Security for an Instance" (disable the predefined accounts).
    pub struct SystemUserEnabled {
        code: "IRIS103",
        name: "system-user-enabled",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`_SYSTEM` enabled or given roles",
    }
}

impl Rule for SystemUserEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for user in ctx.facts().users.iter().filter(|u| u.head.is("_SYSTEM")) {
            if let Some(enabled) = user.enabled.as_ref().filter(|e| e.known() == Some(&true)) {
                let fix = fixes::set(enabled, "0", "disable _SYSTEM (Enabled=0)", Safety::Unsafe);
                ctx.report(
                    enabled.entry,
                    "user _SYSTEM",
                    "user _SYSTEM is enabled; disable it and use named administrator accounts",
                )
                .with_fix(fix);
            }
            if let Some(roles) = user.roles.as_ref().filter(|r| r.known().is_some_and(|l| !l.is_empty())) {
                ctx.report(
                    roles.entry,
                    "user _SYSTEM",
                    format!("user _SYSTEM is given roles ({}); disable it instead", roles.text),
                );
            }
        }
    }
}
