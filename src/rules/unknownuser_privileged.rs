use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// `UnknownUser`, the account every unauthenticated connection runs as, given `%All` or
    /// any other role.
    ///
    /// ## Why it matters
    /// On a Minimal install `UnknownUser` holds `%All`: every unauthenticated service or web
    /// application then runs with full privileges. Any role given to it is given to anyone who
    /// can reach an unauthenticated entry point.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=UnknownUser,Roles=%All
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="UnknownUser" Roles="%DB_USER,%Developer" Fullname="Unknown" PasswordVar="none"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Users).AddRoles("UnknownUser", "%All")
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=UnknownUser,Roles=""
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="UnknownUser" Roles="" Fullname="Unknown" PasswordVar="none"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Users).AddRoles("appuser", "%DB_APP")
    /// ```
    ///
    /// ## Fix
    /// Remove the roles (`Roles=""`). Unsafe: applications that relied on unauthenticated
    /// access with privileges stop working — give them a dedicated role instead. Also check that
    /// unauthenticated access is off where it is not needed (IRIS302, IRIS401).
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (remove
    /// `%All` from `UnknownUser`), and the Security Advisor's `UnknownUser` check.
    pub struct UnknownuserPrivileged {
        code: "IRIS104",
        name: "unknownuser-privileged",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`UnknownUser` given `%All` or any role",
    }
}

impl Rule for UnknownuserPrivileged {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for user in ctx.facts().users.iter().filter(|u| u.head.is("UnknownUser")) {
            let Some(roles) = &user.roles else { continue };
            let Some(list) = roles.known().filter(|l| !l.is_empty()) else {
                continue;
            };
            let what = if fixes::has(list, "%All") { "%All".to_string() } else { list.join(",") };
            let fix = fixes::set(roles, "", "remove the roles of UnknownUser", Safety::Unsafe);
            ctx.report(
                roles.entry,
                "user UnknownUser",
                format!("UnknownUser is given {what}: every unauthenticated connection gets it; remove the roles"),
            )
            .with_fix(fix);
        }
    }
}
