use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::known::is_privileged_role;

declare_rule! {
    /// ## What it finds
    /// A role granted to a privileged role (`%All`, `%Manager`, `%Developer`, `%Operator`,
    /// `%SQL`), or a privileged role granted to another role (`GrantedRoles`, `RolesGranted`).
    ///
    /// ## Why it matters
    /// Granted roles are inherited: whoever holds the outer role silently holds the privileged
    /// one too, which reviews of role membership easily miss.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateRole:Name=Reporting,GrantedRoles=%Developer
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Role Name="Reporting" Description="Report writers" Resources="%DB_APP:R" RolesGranted="%Developer"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Roles).Create("Reporting", "Report writers", "%DB_APP:R", "%Developer")
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateRole:Name=Reporting,GrantedRoles=AppReader
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Role Name="Reporting" Description="Report writers" Resources="%DB_APP:R" RolesGranted="AppReader"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Roles).Create("Reporting", "Report writers", "%DB_APP:R", "AppReader")
    /// ```
    ///
    /// ## Fix
    /// Grant the privileged role to users directly and visibly, or give the role only the
    /// resources it needs. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: roles, granted roles and privileged roles.
    pub struct PrivilegeByProxy {
        code: "IRIS205",
        name: "privilege-by-proxy",
        severity: Info,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: false,
        summary: "a privileged role granted through another role",
    }
}

impl Rule for PrivilegeByProxy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for role in &ctx.facts().roles {
            let Some(value) = &role.granted_roles else {
                continue;
            };
            let Some(list) = value.known() else { continue };
            let name = &role.head.name;
            if let Some(privileged) = list.iter().find(|r| is_privileged_role(r)) {
                ctx.report(
                    value.entry,
                    format!("role {name}"),
                    format!("role {name} grants the privileged role {privileged} to everyone who holds it"),
                );
            } else if is_privileged_role(name) && !list.is_empty() {
                ctx.report(
                    value.entry,
                    format!("role {name}"),
                    format!("privileged role {name} is given the roles {}", list.join(", ")),
                );
            }
        }
    }
}
