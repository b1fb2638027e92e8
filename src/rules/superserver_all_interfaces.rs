use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A CPF that sets the superserver port (`[Startup] DefaultPort`) but leaves
    /// `DefaultPortBindAddress` empty or unset, so the superserver listens on every network
    /// interface.
    ///
    /// ## Why it matters
    /// The superserver carries ODBC, JDBC, ECP, the Web Gateway's connections and more. Bound
    /// to all interfaces it is reachable from every network the host is on.
    ///
    /// ## Example
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// DefaultPort=1972
    /// DefaultPortBindAddress=
    /// ```
    ///
    /// ## Use instead
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// DefaultPort=1972
    /// DefaultPortBindAddress=10.0.0.4
    /// ```
    ///
    /// ## Fix
    /// Set `DefaultPortBindAddress` to the interface clients use, where that matters. No
    /// automatic fix.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference (`DefaultPortBindAddress`) and the
    /// hardening checklist (limit network exposure).
    pub struct SuperserverAllInterfaces {
        code: "IRIS603",
        name: "superserver-all-interfaces",
        severity: Info,
        development_info: false,
        formats: ["cpf"],
        fixable: false,
        summary: "superserver listening on all interfaces",
    }
}

impl Rule for SuperserverAllInterfaces {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let Some(port) = ctx.settings_named("Startup", "DefaultPort").last() else {
            return;
        };
        let bind = ctx.settings_named("Startup", "DefaultPortBindAddress").last();
        if bind.is_some_and(|b| !b.value.text.trim().is_empty()) {
            return;
        }
        let range = bind.map(|b| b.value.entry).unwrap_or(port.value.entry);
        ctx.report(
            range,
            "[Startup] DefaultPortBindAddress",
            "the superserver listens on all interfaces (no DefaultPortBindAddress)",
        );
    }
}
