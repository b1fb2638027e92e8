use super::workspace_context::{WorkspaceContext, WorkspaceRule};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::authe::AutheMask;

declare_rule! {
    /// ## What it finds
    /// A Web Gateway (`CSP.ini`) and the instance's `%Service_WebGateway` that do not agree on
    /// authentication, read across the files of one instance:
    /// - the Gateway logs in with a `Username` (password level) but `%Service_WebGateway` does
    ///   not accept password authentication — every request is refused;
    /// - the Gateway connects without credentials but `%Service_WebGateway` does not allow
    ///   unauthenticated access — every request is refused;
    /// - the Gateway logs in with credentials while `%Service_WebGateway` still also allows
    ///   unauthenticated access — the weaker mechanism stays open to anyone who can reach the
    ///   superserver.
    ///
    /// ## Why it matters
    /// The guide warns that the Gateway, the service and the web applications must agree on
    /// authentication: a mismatch either locks everyone out of every web application, or
    /// leaves the weaker mechanism in force.
    ///
    /// ## Example
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
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_WebGateway,AutheEnabled=64
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
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyService:Name=%Service_WebGateway,AutheEnabled=32
    /// ```
    ///
    /// ## Fix
    /// Make them agree: give the Gateway its own account (`CSPSystem`) and require password
    /// authentication (`AutheEnabled=32`) on `%Service_WebGateway`. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance* and the Web Gateway configuration guide
    /// (authentication between the Web Gateway and the instance).
    pub struct GatewayServiceAuthMismatch {
        code: "IRIS701",
        name: "gateway-service-auth-mismatch",
        severity: Error,
        development_info: false,
        formats: ["cpf", "ini"],
        fixable: false,
        summary: "Web Gateway and `%Service_WebGateway` disagree on authentication",
    }
}

impl Rule for GatewayServiceAuthMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Needs the instance's other files: see [`WorkspaceRule`].
    fn check(&self, _ctx: &mut Context) {}
}

impl WorkspaceRule for GatewayServiceAuthMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_workspace(&self, ctx: &mut WorkspaceContext) {
        let Some(service) = ctx.effective.services.get("%service_webgateway") else { return };
        let Some(authe) = &service.authe else { return };
        let Some(mask) = authe.value.known().copied() else { return };
        let service_at = authe.at.clone();
        let gateways: Vec<_> =
            ctx.instance.docs.iter().filter(|d| d.format == crate::formats::Format::CspIni).copied().collect();
        for doc in gateways {
            for server in &doc.facts.gateway_servers {
                let level = server.security_level.as_ref().and_then(|l| l.known().copied()).unwrap_or(0);
                if level != 0 {
                    continue;
                }
                let user = server.username.as_ref().filter(|u| !u.text.trim().is_empty());
                let at = crate::workspace::Source { doc, entry: user.map(|u| u.entry).unwrap_or(server.head.anchor) };
                let name = &server.head.name;
                let password = mask.0 & AutheMask::PASSWORD != 0;
                let (message, object) = match user {
                    Some(_) if !password => (
                        format!("Web Gateway server {name} logs in with a password, but %Service_WebGateway does not accept password authentication ({}): every request is refused", mask.describe()),
                        "password refused",
                    ),
                    None if !mask.allows_unauthenticated() => (
                        format!("Web Gateway server {name} connects without credentials, but %Service_WebGateway requires authentication ({}): every request is refused", mask.describe()),
                        "unauthenticated refused",
                    ),
                    Some(_) if mask.allows_unauthenticated() => (
                        format!("Web Gateway server {name} logs in with a password, but %Service_WebGateway also allows unauthenticated access: the weaker mechanism stays open"),
                        "weaker mechanism",
                    ),
                    _ => continue,
                };
                let related = WorkspaceContext::related(
                    &service_at,
                    format!("%Service_WebGateway authentication: {}", mask.describe()),
                );
                ctx.report(&at, format!("Web Gateway server {name}: {object}"), message).with_related(related);
            }
        }
    }
}
