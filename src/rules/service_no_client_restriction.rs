use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::known::{contains_ignore_case, CLIENT_RESTRICTABLE_SERVICES};

declare_rule! {
    /// ## What it finds
    /// An enabled `%Service_Bindings`, `%Service_CacheDirect`, `%Service_ECP`,
    /// `%Service_Monitor` or `%Service_WebGateway` with no allowed client addresses
    /// (`ClientSystems`).
    ///
    /// ## Why it matters
    /// These services accept a list of the addresses allowed to connect. Without one, every
    /// host that can reach the port may try.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_ECP,Enabled=1
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 1
    ///  do ##class(Security.Services).Modify("%Service_ECP", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_ECP,Enabled=1,ClientSystems="10.0.0.5;10.0.0.6"
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Enabled") = 1, p("ClientSystems") = "10.0.0.5;10.0.0.6"
    ///  do ##class(Security.Services).Modify("%Service_ECP", .p)
    /// ```
    ///
    /// ## Fix
    /// List the clients (for `%Service_WebGateway`, the Web Gateway hosts). No automatic fix:
    /// only you know the addresses.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: services with allowed client addresses.
    pub struct ServiceNoClientRestriction {
        code: "IRIS303",
        name: "service-no-client-restriction",
        severity: Info,
        development_info: false,
        formats: ["cpf", "os"],
        fixable: false,
        summary: "an enabled network service with no allowed client addresses",
    }
}

impl Rule for ServiceNoClientRestriction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for service in &ctx.facts().services {
            let name = &service.head.name;
            if !contains_ignore_case(CLIENT_RESTRICTABLE_SERVICES, name) {
                continue;
            }
            let Some(enabled) = service.enabled.as_ref().filter(|e| e.known() == Some(&true)) else {
                continue;
            };
            let restricted = service.client_addresses.as_ref().is_some_and(|c| !c.text.trim().is_empty());
            if !restricted {
                ctx.report(
                    enabled.entry,
                    format!("service {name}"),
                    format!("service {name} is enabled with no allowed client addresses (ClientSystems)"),
                );
            }
        }
    }
}
