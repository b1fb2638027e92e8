use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Severity;
use crate::formats::values::has_placeholder;
use crate::model::known::is_portal_application;

declare_rule! {
    /// ## What it finds
    /// A web application that allows unauthenticated access: bit 64 in `AutheEnabled`
    /// (merge files, `<WebApplication>`) or `AuthenticationMethods` (installer
    /// `<CSPApplication>`), in any written form (`64`, `96`, `$$$AutheUnauthenticated`,
    /// `#{$$$AutheCache + $$$AutheUnauthenticated}`), or `UnauthenticatedEnabled="1"` in a
    /// package-manager `<CSPApplication>`; also an application created without `AutheEnabled`:
    /// `Security.Applications.AutheEnabled` has `InitialExpression = 64` (class reference of
    /// `Security.Applications`), and every format applies it alike — a `CreateApplication`
    /// without it, a `<WebApplication>` without it (its attributes are `Security.Applications`
    /// properties, passed as they are by `%IPM.ResourceProcessor.WebApplication`), and a
    /// package-manager `<CSPApplication>` with no method switched on, whether its flags are
    /// absent or all `0` (`%IPM.ResourceProcessor.CSPApplication` sums them into `AutheEnabled`
    /// and leaves it out when the sum is 0). `UnauthenticatedEnabled` is a `<CSPApplication>`
    /// flag only: on a `<WebApplication>` the package manager rejects it, and IRIS902 says so. The Management Portal has its own rule (IRIS404). A value only
    /// known at run time (`#{…}`, an unresolved `${Var}`) is reported as `info`: irislint
    /// cannot tell, and does not guess it safe.
    ///
    /// ## Why it matters
    /// Requests run as `UnknownUser` with the application's roles. Unless the application is
    /// meant to be public and grants nothing, this exposes its data and code to anyone who can
    /// reach the web server.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api/app,NameSpace=APP,DispatchClass=App.REST,AutheEnabled=96,Resource=%DB_APP
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethods="64" Resource="%DB_APP"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="app.ZPM">
    ///     <Module>
    ///       <Name>app</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/app/api" DispatchClass="App.REST" UnauthenticatedEnabled="1" PasswordAuthEnabled="0" Resource="%DB_APP"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = 64
    ///  do ##class(Security.Applications).Modify("/csp/app", .p)
    /// ```
    ///
    /// ```objectscript Setup.cls
    /// Class App.Setup
    /// {
    ///
    /// ClassMethod CreateApi() As %Status
    /// {
    ///     new $namespace
    ///     set $namespace = "%SYS"
    ///     set spec("NameSpace") = "APP"
    ///     set spec("DispatchClass") = "App.REST"
    ///     set spec("AutheEnabled") = $$$AutheUnauthenticated
    ///     return ##class(Security.Applications).Create("/api/app", .spec)
    /// }
    ///
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api/app,NameSpace=APP,DispatchClass=App.REST,AutheEnabled=32,Resource=%DB_APP
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethods="32" Resource="%DB_APP"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="app.ZPM">
    ///     <Module>
    ///       <Name>app</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/app/api" DispatchClass="App.REST" PasswordAuthEnabled="1" Resource="%DB_APP"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("AutheEnabled") = 32
    ///  do ##class(Security.Applications).Modify("/csp/app", .p)
    /// ```
    ///
    /// ```objectscript Setup.cls
    /// Class App.Setup
    /// {
    ///
    /// ClassMethod CreateApi() As %Status
    /// {
    ///     new $namespace
    ///     set $namespace = "%SYS"
    ///     set spec("NameSpace") = "APP"
    ///     set spec("DispatchClass") = "App.REST"
    ///     set spec("AutheEnabled") = $$$AutheCache
    ///     return ##class(Security.Applications).Create("/api/app", .spec)
    /// }
    ///
    /// }
    /// ```
    ///
    /// ## Fix
    /// Require password authentication: clear bit 64 and set 32 (`AutheEnabled=32`), or
    /// `UnauthenticatedEnabled="0"` with `PasswordAuthEnabled="1"`. Unsafe: clients must then
    /// send credentials.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (web
    /// applications should require authentication); the Security Advisor's application checks.
    pub struct UnauthenticatedApplication {
        code: "IRIS401",
        name: "unauthenticated-application",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "ipm", "os"],
        fixable: true,
        summary: "a web application that allows unauthenticated access",
    }
}

impl Rule for UnauthenticatedApplication {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            if is_portal_application(&app.head.name) {
                continue;
            }
            let label = fixes::app_label(app);
            // A value only known at run time is said, not guessed safe.
            if let Some(unknown) = app.authe.unknown_entry().filter(|v| has_placeholder(&v.text)) {
                let message = format!(
                    "cannot tell whether {label} allows unauthenticated access: `{}` is only known at run time; make sure it does not include 64",
                    unknown.text
                );
                ctx.report(unknown.entry, label.clone(), message).severity = Severity::Info;
                continue;
            }
            let Some((true, range)) = app.authe.unauthenticated() else {
                continue;
            };
            let fix = fixes::require_password(app);
            ctx.report(
                range,
                label.clone(),
                format!("{label} allows unauthenticated access; require password authentication"),
            )
            .with_fix(fix);
        }
    }
}
