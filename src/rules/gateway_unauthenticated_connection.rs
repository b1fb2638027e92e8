use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A Web Gateway server access profile (a `CSP.ini` server section such as `[LOCAL]`) that
    /// connects with *minimal* security: the Password level (`Connection_Security_Level=0`, the
    /// default) with no `Username`.
    ///
    /// ## Why it matters
    /// Without credentials the Gateway connects as `UnknownUser`, so `%Service_WebGateway` must
    /// allow unauthenticated access and every web request inherits `UnknownUser`'s roles.
    ///
    /// ## Example
    /// ```ini CSP.ini
    /// [SYSTEM_INDEX]
    /// LOCAL=Enabled
    ///
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=1972
    /// Username=
    /// Password=
    /// ```
    ///
    /// ## Use instead
    /// ```ini CSP.ini
    /// [SYSTEM_INDEX]
    /// LOCAL=Enabled
    ///
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=1972
    /// Username=CSPSystem
    /// Password=1m/88FLbg27GIrR5kOmD8W8t24R4
    /// ```
    ///
    /// ## Fix
    /// Give the profile the Gateway's own account (`Username=CSPSystem` and its password, set
    /// through the Gateway's management pages so it is stored encrypted) and require password
    /// authentication on `%Service_WebGateway`. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, Web Gateway configuration guide (connection security levels; minimal
    /// security is not recommended) and *Securing Your Instance*.
    pub struct GatewayUnauthenticatedConnection {
        code: "IRIS502",
        name: "gateway-unauthenticated-connection",
        severity: Error,
        development_info: false,
        formats: ["ini"],
        fixable: false,
        summary: "a Web Gateway server profile that connects without credentials",
    }
}

impl Rule for GatewayUnauthenticatedConnection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for server in &ctx.facts().gateway_servers {
            let level = server.security_level.as_ref().and_then(|l| l.known().copied()).unwrap_or(0);
            if level != 0 {
                continue;
            }
            let has_user = server.username.as_ref().is_some_and(|u| !u.text.trim().is_empty());
            if has_user {
                continue;
            }
            let name = &server.head.name;
            let range = server.username.as_ref().map(|u| u.entry).unwrap_or(server.head.anchor);
            ctx.report(range, format!("Web Gateway server {name}"), format!("Web Gateway server {name} connects without a Username (minimal security): requests run as UnknownUser"));
        }
    }
}
