use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A Web Gateway server profile that connects to a server on another host without TLS: the
    /// address is not the local machine, `Connection_Security_Level` is not the SSL/TLS level
    /// (10), and no TLS client settings (`SSLCC_*` certificate files or configuration name) are
    /// given.
    ///
    /// ## Why it matters
    /// Everything between the web server and IRIS — the Gateway's credentials, session data,
    /// application data — crosses the network in clear.
    ///
    /// ## Example
    /// ```ini CSP.ini
    /// [SYSTEM_INDEX]
    /// PROD=Enabled
    ///
    /// [PROD]
    /// Ip_Address=iris.internal.example.com
    /// TCP_Port=1972
    /// Username=CSPSystem
    /// Password=1m/88FLbg27GIrR5kOmD8W8t24R4
    /// ```
    ///
    /// ## Use instead
    /// ```ini CSP.ini
    /// [SYSTEM_INDEX]
    /// PROD=Enabled
    ///
    /// [PROD]
    /// Ip_Address=iris.internal.example.com
    /// TCP_Port=1972
    /// Username=CSPSystem
    /// Password=1m/88FLbg27GIrR5kOmD8W8t24R4
    /// Connection_Security_Level=10
    /// SSLCC_CA_Certificate_File=/certs/ca.pem
    /// ```
    ///
    /// ## Fix
    /// Use the SSL/TLS connection security level with a client certificate configuration. No
    /// automatic fix. In the `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, Web Gateway configuration guide (connection security, TLS to the server).
    pub struct GatewayNoTls {
        code: "IRIS504",
        name: "gateway-no-tls",
        severity: Warning,
        development_info: true,
        formats: ["ini"],
        fixable: false,
        summary: "a Web Gateway connection to another host without TLS",
    }
}

/// The TLS connection security level.
pub const TLS_LEVEL: u32 = 10;

fn is_local(address: &str) -> bool {
    let a = address.trim().to_ascii_lowercase();
    a.is_empty() || a == "localhost" || a.starts_with("127.") || a == "::1" || a == "[::1]"
}

impl Rule for GatewayNoTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for server in &ctx.facts().gateway_servers {
            let Some(address) = &server.address else {
                continue;
            };
            if is_local(&address.text) || server.tls_configured {
                continue;
            }
            if server.security_level.as_ref().and_then(|l| l.known().copied()) == Some(TLS_LEVEL) {
                continue;
            }
            let name = &server.head.name;
            ctx.report(
                address.entry,
                format!("Web Gateway server {name}"),
                format!("Web Gateway server {name} connects to {} without TLS", address.text.trim()),
            );
        }
    }
}
