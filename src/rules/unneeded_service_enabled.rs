use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;
use crate::model::known::{contains_ignore_case, UNNEEDED_SERVICES};

declare_rule! {
    /// ## What it finds
    /// One of the services the Locked Down level leaves disabled switched on:
    /// `%Service_CacheDirect`, `%Service_CallIn`, `%Service_ComPort`, `%Service_ECP`,
    /// `%Service_Monitor`, `%Service_Telnet`, `%Service_Bindings`, `%Service_Mirror`.
    ///
    /// ## Why it matters
    /// Every enabled service is a way in. Enable only what the deployment uses; many templates
    /// switch on `%Service_CallIn` for embedded Python although the application never needs it
    /// from outside.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_Telnet,Enabled=1
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Services).Get("%Service_CallIn", .prop)
    ///  set prop("Enabled") = 1
    ///  do ##class(Security.Services).Modify("%Service_CallIn", .prop)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_Telnet,Enabled=0
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Services).Get("%Service_CallIn", .prop)
    ///  set prop("Enabled") = 0
    ///  do ##class(Security.Services).Modify("%Service_CallIn", .prop)
    /// ```
    ///
    /// ## Fix
    /// `Enabled=0` where the service is not needed. Unsafe: clients of the service stop
    /// working. Where it is needed, keep it and suppress the finding with a reason. In the
    /// `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: services enabled at each initial security level,
    /// and "Tighten Security for an Instance" (disable services that are not needed).
    pub struct UnneededServiceEnabled {
        code: "IRIS301",
        name: "unneeded-service-enabled",
        severity: Warning,
        development_info: true,
        formats: ["cpf", "os"],
        fixable: true,
        summary: "a service Locked Down leaves off, enabled",
    }
}

impl Rule for UnneededServiceEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for service in &ctx.facts().services {
            let name = &service.head.name;
            if !contains_ignore_case(UNNEEDED_SERVICES, name) {
                continue;
            }
            let Some(enabled) = service.enabled.as_ref().filter(|e| e.known() == Some(&true)) else {
                continue;
            };
            let fix = fixes::set(enabled, "0", &format!("disable {name}"), Safety::Unsafe);
            ctx.report(
                enabled.entry,
                format!("service {name}"),
                format!("service {name} is enabled; Locked Down leaves it off unless needed"),
            )
            .with_fix(fix);
        }
    }
}
