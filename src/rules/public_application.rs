use super::{declare_rule, fixes, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A web application that allows unauthenticated access and requires no resource
    /// (`Resource` empty, or absent where the application is created): open to anyone,
    /// with nothing to check.
    ///
    /// ## Why it matters
    /// A required resource is the second gate of an application: even unauthenticated
    /// requests need `UnknownUser` to hold it. Without one, the only protection left is the
    /// application's own code.
    ///
    /// ## Example
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="crud.ZPM">
    ///     <Module>
    ///       <Name>crud</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/crud" DispatchClass="Sample.REST" UnauthenticatedEnabled="1" PasswordAuthEnabled="0"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/crud,NameSpace=USER,DispatchClass=Sample.REST,AutheEnabled=64
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/open" Directory="/opt/app/csp" AuthenticationMethods="64"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "USER", p("DispatchClass") = "Sample.REST", p("AutheEnabled") = 64
    ///  do ##class(Security.Applications).Create("/crud", .p)
    /// ```
    ///
    /// ## Use instead
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="crud.ZPM">
    ///     <Module>
    ///       <Name>crud</Name>
    ///       <Version>1.0.0</Version>
    ///       <CSPApplication Url="/crud" DispatchClass="Sample.REST" UnauthenticatedEnabled="1" PasswordAuthEnabled="0" Resource="%DB_CRUD"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/crud,NameSpace=USER,DispatchClass=Sample.REST,AutheEnabled=32
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/open" Directory="/opt/app/csp" AuthenticationMethods="64" Resource="%DB_APP"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "USER", p("DispatchClass") = "Sample.REST", p("AutheEnabled") = 64, p("Resource") = "%DB_CRUD"
    ///  do ##class(Security.Applications).Create("/crud", .p)
    /// ```
    ///
    /// ## Fix
    /// Require authentication (IRIS401), or give the application a resource that only the
    /// intended callers hold. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: application resources; the Security Advisor's
    /// application checks (public applications).
    pub struct PublicApplication {
        code: "IRIS405",
        name: "public-application",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "ipm", "os"],
        fixable: false,
        summary: "an unauthenticated application with no required resource",
    }
}

impl Rule for PublicApplication {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            let Some((true, range)) = app.authe.unauthenticated() else {
                continue;
            };
            // A `Modify…` that does not name the resource leaves the existing one.
            let no_resource = match &app.resource {
                Some(r) => r.text.trim().is_empty(),
                None => app.head.origin != crate::model::Origin::Modify,
            };
            if !no_resource {
                continue;
            }
            let label = fixes::app_label(app);
            ctx.report(
                range,
                label.clone(),
                format!("{label} is open to anyone: unauthenticated and no required resource"),
            );
        }
    }
}
