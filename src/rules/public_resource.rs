use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;
use crate::model::known::required_public_permission;

declare_rule! {
    /// ## What it finds
    /// A resource created or modified with a public permission (`PublicPermission=RWU`, an
    /// installer `<Resource Permission=…>` or `<Database PublicPermissions=…>`), other than the
    /// three resources that must be public: `%DB_IRISLOCALDATA:R`, `%DB_IRISLIB:R`,
    /// `%DB_IRISTEMP:RW` (a wider permission on those is reported too).
    /// `%Service_WebGateway` has its own rule, IRIS203.
    ///
    /// ## Why it matters
    /// A public permission is held by every user, `UnknownUser` included: a public database
    /// resource is readable (or writable) by anyone who can connect.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateResource:Name=%DB_APPDATA,Description="App data",PublicPermission=RW
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <Configuration>
    ///       <Database Name="APP" Dir="/data/app" Create="yes" Resource="%DB_APP" PublicPermissions="RW"/>
    ///     </Configuration>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Resources).Create("%DB_APPDATA", "App data", "RW")
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateResource:Name=%DB_APPDATA,Description="App data",PublicPermission=""
    /// CreateRole:Name=AppUser,Resources="%DB_APPDATA:RW"
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <Configuration>
    ///       <Database Name="APP" Dir="/data/app" Create="yes" Resource="%DB_APP" PublicPermissions=""/>
    ///     </Configuration>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Resources).Create("%DB_APPDATA", "App data", "")
    /// ```
    ///
    /// ## Fix
    /// Make the public permission empty and grant the resource through roles. Unsafe: users
    /// who relied on the public permission need a role afterwards.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (public
    /// resources) and the Security Advisor's resource checks.
    pub struct PublicResource {
        code: "IRIS201",
        name: "public-resource",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "a resource with a public permission beyond the three required ones",
    }
}

impl Rule for PublicResource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for resource in &ctx.facts().resources {
            let name = &resource.head.name;
            if resource.head.is("%Service_WebGateway") {
                continue;
            }
            let Some(value) = &resource.public_permission else {
                continue;
            };
            let Some(permission) = value.known().filter(|p| !p.is_empty()) else {
                continue;
            };
            let fix = fixes::set(value, "", "make the public permission empty", Safety::Unsafe);
            match required_public_permission(name) {
                Some(required) if required.covers(*permission) => {}
                Some(required) => {
                    ctx.report(
                        value.entry,
                        format!("resource {name}"),
                        format!("resource {name} is public with {permission}; only {required} is needed"),
                    )
                    .with_fix(fixes::set(
                        value,
                        &required.to_string(),
                        &format!("restore {name}:{required}"),
                        Safety::Unsafe,
                    ));
                }
                None => {
                    ctx.report(
                        value.entry,
                        format!("resource {name}"),
                        format!("resource {name} is public ({permission}): every user, UnknownUser included, holds it"),
                    )
                    .with_fix(fix);
                }
            }
        }
    }
}
