use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// `[Startup] WebServer=1` — the private web server (PWS) switched on — in a CPF, a merge
    /// file, a `ModifyStartup` action, or an installer `<SystemSetting
    /// Name="Config.Startup.WebServer" Value="1"/>`.
    ///
    /// ## Why it matters
    /// The private web server is a minimal Apache build meant for development. It is not
    /// hardened or maintained for production, and it exposes the Management Portal on its own
    /// port (52773). New installations since 2023.2 ship without it.
    ///
    /// ## Example
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// WebServer=1
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Config.Startup.WebServer" Value="1"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("WebServer") = 1
    ///  do ##class(Config.Startup).Modify(.p)
    /// ```
    ///
    /// ## Use instead
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Startup]
    /// WebServer=0
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Config.Startup.WebServer" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("WebServer") = 0
    ///  do ##class(Config.Startup).Modify(.p)
    /// ```
    ///
    /// ## Fix
    /// `WebServer=0`, and serve applications through a production web server with the Web
    /// Gateway. Safe: it only stops the development server. In the `development` profile this
    /// rule is `info`.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance* and the Web Gateway guide: the private web
    /// server is not for production.
    pub struct PrivateWebServerEnabled {
        code: "IRIS501",
        name: "private-web-server-enabled",
        severity: Warning,
        development_info: true,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "`[Startup] WebServer=1` (private web server)",
    }
}

impl Rule for PrivateWebServerEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_named("Startup", "WebServer") {
            if crate::model::known::parse_bool(&setting.value.text) == Some(true) {
                let fix =
                    fixes::set(&setting.value, "0", "turn the private web server off (WebServer=0)", Safety::Safe);
                ctx.report(
                    setting.value.entry,
                    "[Startup] WebServer",
                    "the private web server is enabled (WebServer=1); it is not for production",
                )
                .with_fix(fix);
            }
        }
    }
}
