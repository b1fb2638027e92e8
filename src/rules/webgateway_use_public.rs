use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// The `%Service_WebGateway` resource given a public `U` (Use) permission.
    ///
    /// ## Why it matters
    /// With public Use, any account — and any unauthenticated connection — may connect through
    /// the Web Gateway service. The Gateway should authenticate as its own account
    /// (`CSPSystem`), which holds the permission through a role.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyResource:Name=%Service_WebGateway,PublicPermission=U
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Resource Name="%Service_WebGateway" Description="Web Gateway" Permission="U"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PublicPermission") = "U"
    ///  do ##class(Security.Resources).Modify("%Service_WebGateway", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyResource:Name=%Service_WebGateway,PublicPermission=""
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Resource Name="%Service_WebGateway" Description="Web Gateway" Permission=""/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PublicPermission") = ""
    ///  do ##class(Security.Resources).Modify("%Service_WebGateway", .p)
    /// ```
    ///
    /// ## Fix
    /// Remove the public `U`. Unsafe: check that the Gateway's account holds
    /// `%Service_WebGateway:U` first, or the web applications become unreachable (IRIS702).
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: Web Gateway service and its resource.
    pub struct WebgatewayUsePublic {
        code: "IRIS203",
        name: "webgateway-use-public",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`%Service_WebGateway` with public Use",
    }
}

impl Rule for WebgatewayUsePublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for resource in ctx.facts().resources.iter().filter(|r| r.head.is("%Service_WebGateway")) {
            let Some(value) = &resource.public_permission else {
                continue;
            };
            let Some(permission) = value.known().filter(|p| p.use_) else {
                continue;
            };
            let mut narrowed = *permission;
            narrowed.use_ = false;
            let fix = fixes::set(value, &narrowed.to_string(), "remove the public Use permission", Safety::Unsafe);
            ctx.report(
                value.entry,
                "resource %Service_WebGateway",
                "%Service_WebGateway has public Use: anyone may connect through the Web Gateway service",
            )
            .with_fix(fix);
        }
    }
}
