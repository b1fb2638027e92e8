use super::{declare_rule, Context, Rule, RuleMeta};

/// The superserver (1972; 51773 before IRIS) and the private web server
/// (52773; 57772 before IRIS), InterSystems' default ports.
const IRIS_PORTS: [(u16, &str); 4] =
    [(1972, "superserver"), (51773, "superserver"), (52773, "web server"), (57772, "web server")];

declare_rule! {
    /// ## What it finds
    /// A compose service that publishes an IRIS port — the superserver (1972, or 51773 on older
    /// images) or the web server (52773, or 57772) — on every interface of the host: `- 1972`,
    /// `- "9011:1972"`, `- 0.0.0.0:1972:1972`. A port bound to an address (`127.0.0.1:1972:1972`)
    /// is not reported.
    ///
    /// ## Why it matters
    /// Docker publishes a port without a host address on all of the host's interfaces, and its
    /// rules go around a host firewall such as `ufw`. The superserver accepts ODBC/JDBC,
    /// the native API and the Web Gateway; the web server the Management Portal. Published like
    /// this, they are reachable from every network the host is on, often with the template's
    /// default password.
    ///
    /// ## Example
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     ports:
    ///       - "1972:1972"
    ///       - "52773:52773"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     ports:
    ///       - "127.0.0.1:1972:1972"
    ///       - "127.0.0.1:52773:52773"
    /// ```
    ///
    /// ## Fix
    /// Bind the port to the loopback address (`"127.0.0.1:1972:1972"`), or do not publish it and
    /// let other containers reach it on the compose network. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: limit the network exposure of the superserver and
    /// web ports ("Tighten Security for an Instance"; `DefaultPortBindAddress`); Docker's
    /// documentation of `ports` ("publishes on all interfaces unless an address is given").
    pub struct PortPublishedAllInterfaces {
        code: "IRIS606",
        name: "port-published-all-interfaces",
        severity: Info,
        development_info: false,
        formats: ["ctr"],
        fixable: false,
        summary: "an IRIS port published on every host interface",
    }
}

impl Rule for PortPublishedAllInterfaces {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for port in &ctx.facts().ports {
            let Some((_, what)) = IRIS_PORTS.iter().find(|(p, _)| *p == port.container_port) else { continue };
            let everywhere = port.host_address.as_deref().is_none_or(|a| matches!(a, "0.0.0.0" | "::" | "*"));
            if !everywhere {
                continue;
            }
            let message = format!(
                "service {} publishes the {what} port {} on every host interface; bind it to 127.0.0.1 or leave it unpublished",
                port.service, port.container_port
            );
            ctx.report(port.range, format!("service {} port {}", port.service, port.container_port), message);
        }
    }
}
