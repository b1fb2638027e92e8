use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A role that holds `%Admin_Secure` (security administration), Write on `%DB_IRISSYS`
    /// (the system database), or any permission on the audit database (`%DB_IRISAUDIT`).
    ///
    /// ## Why it matters
    /// Each of these lets the role's holders raise their own privileges or erase their tracks:
    /// they are as powerful as `%All` and deserve the same scrutiny.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateRole:Name=Ops,Resources="%Admin_Secure:U,%DB_IRISSYS:RW"
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Role Name="Ops" Description="Operators" Resources="%DB_IRISAUDIT:R,%Admin_Operate:U"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Roles).Create("Ops", "Operators", "%Admin_Secure:U,%DB_IRISSYS:RW")
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateRole:Name=Ops,Resources="%Admin_Operate:U,%DB_IRISSYS:R"
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Role Name="Ops" Description="Operators" Resources="%Admin_Operate:U"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Roles).Create("Ops", "Operators", "%Admin_Operate:U,%DB_IRISSYS:R")
    /// ```
    ///
    /// ## Fix
    /// Keep these permissions in the predefined administrative roles and give them to few
    /// people. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: privileged roles and resources; the Security
    /// Advisor's role checks.
    pub struct RoleTooPowerful {
        code: "IRIS204",
        name: "role-too-powerful",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: false,
        summary: "a role with `%Admin_Secure`, write on `%DB_IRISSYS` or audit access",
    }
}

impl Rule for RoleTooPowerful {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for role in &ctx.facts().roles {
            let Some(value) = &role.resources else {
                continue;
            };
            let Some(list) = value.known() else { continue };
            for (resource, permission) in list {
                let why = if resource.eq_ignore_ascii_case("%Admin_Secure") {
                    Some("security administration (%Admin_Secure)")
                } else if resource.eq_ignore_ascii_case("%DB_IRISSYS") && permission.is_some_and(|p| p.write) {
                    Some("write access to the system database (%DB_IRISSYS:W)")
                } else if resource.eq_ignore_ascii_case("%DB_IRISAUDIT") {
                    Some("access to the audit database (%DB_IRISAUDIT)")
                } else {
                    None
                };
                if let Some(why) = why {
                    let name = &role.head.name;
                    ctx.report(value.entry, format!("role {name}"), format!("role {name} grants {why}"));
                }
            }
        }
    }
}
