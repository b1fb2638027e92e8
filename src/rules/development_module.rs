use super::{declare_rule, Context, Rule, RuleMeta};
use crate::findings::Severity;

declare_rule! {
    /// ## What it finds
    /// A development-only package installed into the instance by the package manager:
    /// `zpm "install passwordless"`, `zpm "install webterminal"`, the same through
    /// `##class(%ZPM.PackageManager).Shell("install …")` or `%IPM.Main`, or a dependency of a
    /// `module.xml` (`<Dependencies><ModuleReference><Name>passwordless</Name>`).
    ///
    /// ## Why it matters
    /// - `passwordless` (error) switches password prompts off: it installs a `ZAUTHENTICATE`
    ///   routine, turns on delegated authentication, and logs every web application in as
    ///   `SuperUser` and the terminal as `_SYSTEM`, both with the password `SYS`, without asking
    ///   anyone for it. Whoever reaches the Management Portal is the superuser.
    /// - `webterminal` (warning) gives a full ObjectScript terminal in the browser: `/terminal`
    ///   (password-protected) and `/terminalsocket`, an unauthenticated application whose
    ///   `MatchRoles` grant `%DB_IRISSYS` (or the namespace's database role) to everyone who
    ///   enters. A terminal reachable over the web is code execution for whoever gets through.
    ///
    /// Templates install both for convenience ("comment out for production"); images built from
    /// them carry the packages into every environment.
    ///
    /// ## Example
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  zpm "install passwordless"
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="demo.ZPM">
    ///     <Module>
    ///       <Name>demo</Name>
    ///       <Version>1.0.0</Version>
    ///       <Dependencies>
    ///         <ModuleReference>
    ///           <Name>webterminal</Name>
    ///           <Version>4.*</Version>
    ///         </ModuleReference>
    ///       </Dependencies>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystemsdc/iris-community:latest
    /// RUN iris start IRIS && \
    ///     iris session IRIS -U %SYS '##class(%ZPM.PackageManager).Shell("install passwordless")' && \
    ///     iris stop IRIS quietly
    /// ```
    ///
    /// ## Use instead
    /// ```objectscript iris.script
    ///  zn "USER"
    ///  zpm "load /home/irisowner/dev/ -v":1:1
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="demo.ZPM">
    ///     <Module>
    ///       <Name>demo</Name>
    ///       <Version>1.0.0</Version>
    ///       <Dependencies>
    ///         <ModuleReference>
    ///           <Name>objectscript-math</Name>
    ///           <Version>0.0.5</Version>
    ///         </ModuleReference>
    ///       </Dependencies>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystemsdc/iris-community:latest
    /// RUN iris start IRIS && \
    ///     iris session IRIS -U %SYS '##class(%ZPM.PackageManager).Shell("install objectscript-math")' && \
    ///     iris stop IRIS quietly
    /// ```
    ///
    /// ## Fix
    /// Remove the install from the setup code of images meant for anything but a developer's
    /// machine (or keep it in a development-only script). No automatic fix.
    ///
    /// ## Source
    /// The packages' own source: `SergeyMi37/isc-passwordless` (`module.xml` invokes
    /// `dc.passwordless.Apply("*","SuperUser","SYS")`; `src/mac/ZAUTHENTICATE.mac`, commit
    /// f261916) and `intersystems-community/webterminal` (`src/cls/WebTerminal/Installer.cls`,
    /// commit 91b54af). InterSystems, *Securing Your Instance*: applications and services should
    /// require authentication ("Tighten Security for an Instance").
    pub struct DevelopmentModule {
        code: "IRIS109",
        name: "development-module",
        severity: Error,
        development_info: false,
        formats: ["os", "ipm"],
        fixable: false,
        summary: "a development-only package (`passwordless`, `webterminal`) installed",
    }
}

impl Rule for DevelopmentModule {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for package in &ctx.facts().packages {
            let (severity, what) = match package.name.to_ascii_lowercase().as_str() {
                "passwordless" => (
                    Severity::Error,
                    "it switches password prompts off: every web application logs in as SuperUser and the terminal as _SYSTEM",
                ),
                "webterminal" => (
                    Severity::Warning,
                    "it serves an ObjectScript terminal over the web, with an unauthenticated /terminalsocket application",
                ),
                _ => continue,
            };
            let message = format!(
                "package {} is for development only: {what}; do not install it in images for other environments",
                package.name
            );
            ctx.report(package.range, format!("package {}", package.name.to_ascii_lowercase()), message).severity =
                severity;
        }
    }
}
