use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// The predefined `SuperUser` or `Admin` account created or modified with `Enabled=1`.
    ///
    /// ## Why it matters
    /// Predefined accounts have names every attacker knows and, on many installs, a password
    /// that was never changed. The guidance is to create a named administrator for each person
    /// and disable these.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=SuperUser,Enabled=1
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="Admin" Enabled="1" PasswordVar="AdminPassword" Roles="%All" Fullname="Admin"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 1
    ///  do ##class(Security.Users).Modify("SuperUser", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateUser:Name=jdoe,PasswordHash=${JDOE_PASSWORD_HASH},Roles=%All,Enabled=1
    /// ModifyUser:Name=SuperUser,Enabled=0
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="Admin" Enabled="0" PasswordVar="AdminPassword" Roles="%All" Fullname="Admin"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 0
    ///  do ##class(Security.Users).Modify("SuperUser", .p)
    /// ```
    ///
    /// ## Fix
    /// Set `Enabled=0` once named administrator accounts exist. Unsafe: anything still logging
    /// in as `SuperUser`/`Admin` stops working. In the `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (create a
    /// named administrator, then disable the predefined accounts).
    pub struct PredefinedAccountEnabled {
        code: "IRIS105",
        name: "predefined-account-enabled",
        severity: Warning,
        development_info: true,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`SuperUser` or `Admin` enabled",
    }
}

impl Rule for PredefinedAccountEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for user in ctx.facts().users.iter().filter(|u| u.head.is("SuperUser") || u.head.is("Admin")) {
            let Some(enabled) = user.enabled.as_ref().filter(|e| e.known() == Some(&true)) else {
                continue;
            };
            let name = &user.head.name;
            let fix = fixes::set(enabled, "0", &format!("disable {name} (Enabled=0)"), Safety::Unsafe);
            ctx.report(
                enabled.entry,
                format!("user {name}"),
                format!("predefined account {name} is enabled; create named administrators and disable it"),
            )
            .with_fix(fix);
        }
    }
}
