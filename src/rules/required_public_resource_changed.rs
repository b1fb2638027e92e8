use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;
use crate::model::known::required_public_permission;

declare_rule! {
    /// ## What it finds
    /// One of the resources that must stay public — `%DB_IRISLOCALDATA:R`, `%DB_IRISLIB:R`,
    /// `%DB_IRISTEMP:RW` — made non-public or given a narrower public permission.
    ///
    /// ## Why it matters
    /// Every process needs these databases; without the public permission, logins and the
    /// system's own code fail for every user.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyResource:Name=%DB_IRISTEMP,PublicPermission=R
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Resource Name="%DB_IRISTEMP" Description="Temporary database" Permission="R"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PublicPermission") = "R"
    ///  do ##class(Security.Resources).Modify("%DB_IRISTEMP", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyResource:Name=%DB_IRISTEMP,PublicPermission=RW
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Resource Name="%DB_IRISTEMP" Description="Temporary database" Permission="RW"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PublicPermission") = "RW"
    ///  do ##class(Security.Resources).Modify("%DB_IRISTEMP", .p)
    /// ```
    ///
    /// ## Fix
    /// Restore the required permission. Safe: it only gives back what the instance needs.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: the resources that must remain public.
    pub struct RequiredPublicResourceChanged {
        code: "IRIS202",
        name: "required-public-resource-changed",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "one of the three required public resources narrowed",
    }
}

impl Rule for RequiredPublicResourceChanged {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for resource in &ctx.facts().resources {
            let name = &resource.head.name;
            let Some(required) = required_public_permission(name) else {
                continue;
            };
            let Some(value) = &resource.public_permission else {
                continue;
            };
            let Some(permission) = value.known() else {
                continue;
            };
            if permission.covers(required) {
                continue;
            }
            let fix = fixes::set(value, &required.to_string(), &format!("restore {name}:{required}"), Safety::Safe);
            let shown = if permission.is_empty() { "removed".to_string() } else { format!("narrowed to {permission}") };
            ctx.report(
                value.entry,
                format!("resource {name}"),
                format!("public permission of {name} is {shown}; every user needs {required}"),
            )
            .with_fix(fix);
        }
    }
}
