use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Severity;

declare_rule! {
    /// ## What it finds
    /// A web application that allows every origin (`CorsAllowlist="*"`). It is an error when
    /// the application also allows credentials (`CorsCredentialsAllowed="1"`) or unauthenticated
    /// access: an API any web page on the internet can call, from the victim's browser.
    ///
    /// ## Why it matters
    /// CORS decides which web sites may call the application from a browser. `*` opts out of
    /// that protection; with credentials, a malicious page can act as the logged-in user.
    ///
    /// ## Example
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="api.ZPM">
    ///     <Module>
    ///       <Name>api</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/api" DispatchClass="Api.Disp" PasswordAuthEnabled="1" UnauthenticatedEnabled="0" CorsAllowlist="*" CorsCredentialsAllowed="1"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api,NameSpace=APP,DispatchClass=Api.Disp,AutheEnabled=32,CorsAllowlist="*"
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "APP", p("AutheEnabled") = 32, p("CorsAllowlist") = "*", p("CorsCredentialsAllowed") = 1
    ///  do ##class(Security.Applications).Create("/api", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="api.ZPM">
    ///     <Module>
    ///       <Name>api</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/api" DispatchClass="Api.Disp" PasswordAuthEnabled="1" UnauthenticatedEnabled="0" CorsAllowlist="https://app.example.com" CorsCredentialsAllowed="1"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api,NameSpace=APP,DispatchClass=Api.Disp,AutheEnabled=32,CorsAllowlist="https://app.example.com"
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "APP", p("AutheEnabled") = 32, p("CorsAllowlist") = "https://app.example.com", p("CorsCredentialsAllowed") = 1
    ///  do ##class(Security.Applications).Create("/api", .p)
    /// ```
    ///
    /// ## Fix
    /// List the origins that need access (`CorsAllowlist="https://app.example.com"`). No
    /// automatic fix: only you know them.
    ///
    /// ## Source
    /// InterSystems, web application settings (CORS allowlist); OWASP guidance on CORS.
    pub struct CorsAnyOrigin {
        code: "IRIS406",
        name: "cors-any-origin",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "ipm", "os"],
        fixable: false,
        summary: "an application that allows every CORS origin",
    }
}

impl Rule for CorsAnyOrigin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            let Some(cors) = &app.cors_allowlist else {
                continue;
            };
            if cors.text.trim() != "*" {
                continue;
            }
            let credentials = app.cors_credentials.as_ref().and_then(|c| c.known().copied()).unwrap_or(false);
            let unauthenticated = matches!(app.authe.unauthenticated(), Some((true, _)));
            let label = fixes::app_label(app);
            if credentials || unauthenticated {
                let why = if credentials { "with credentials" } else { "without authentication" };
                ctx.report(
                    cors.entry,
                    label.clone(),
                    format!("{label} can be called from any web origin {why}; list the allowed origins"),
                )
                .severity = Severity::Error;
            } else {
                ctx.report(
                    cors.entry,
                    label.clone(),
                    format!("{label} allows every CORS origin; list the allowed origins"),
                );
            }
        }
    }
}
