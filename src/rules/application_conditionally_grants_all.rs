use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::{Safety, Severity};

declare_rule! {
    /// ## What it finds
    /// `MatchRoles` that grant `%All`: `:%All` (an empty match role: everyone who enters gets
    /// `%All` — reported as an error), or `SomeRole:%All` (holders of `SomeRole` get `%All`
    /// inside the application). Public package-manager guidance recommends
    /// `MatchRoles=":${globalsDbRole}:%All"`; it is caught here.
    ///
    /// ## Why it matters
    /// Role escalation inside a web application is invisible in user and role reviews; with an
    /// empty match role it is unconditional.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api/b,NameSpace=APP,AutheEnabled=32,MatchRoles=AppUser:%All
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="app.ZPM">
    ///     <Module>
    ///       <Name>app</Name>
    ///       <Version>1.0.0</Version>
    ///       <WebApplication Name="/app" NameSpace="{$namespace}" AutheEnabled="#{$$$AutheCache}" MatchRoles=":${globalsDbRole}:%All"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "APP", p("AutheEnabled") = 32, p("MatchRoles") = ":%All"
    ///  do ##class(Security.Applications).Create("/api/b", .p)
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/api/b" Directory="/opt/app/csp" AuthenticationMethods="32" MatchRoles="AppUser:%All"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateApplication:Name=/api/b,NameSpace=APP,AutheEnabled=32,MatchRoles=AppUser:%DB_APP
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="app.ZPM">
    ///     <Module>
    ///       <Name>app</Name>
    ///       <Version>1.0.0</Version>
    ///       <WebApplication Name="/app" NameSpace="{$namespace}" AutheEnabled="#{$$$AutheCache}" MatchRoles=":${globalsDbRole}"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("NameSpace") = "APP", p("AutheEnabled") = 32, p("MatchRoles") = ":%DB_APP"
    ///  do ##class(Security.Applications).Create("/api/b", .p)
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/api/b" Directory="/opt/app/csp" AuthenticationMethods="32" MatchRoles="AppUser:%DB_APP"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Remove `%All` from the match roles and grant the database roles the application needs
    /// (`:%DB_APP`). Unsafe: code that relied on `%All` may fail.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: application roles and match roles.
    pub struct ApplicationConditionallyGrantsAll {
        code: "IRIS403",
        name: "application-conditionally-grants-all",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "ipm", "os"],
        fixable: true,
        summary: "`MatchRoles` that grant `%All`",
    }
}

/// The match-roles text with every `%All` target removed.
/// The match roles without `%All`; a match role left granting nothing goes
/// with it (alone, it would read as a role granted to the group before it).
fn without_all(text: &str) -> String {
    let is_all = |p: &str| p.trim().eq_ignore_ascii_case("%All");
    text.split(',')
        .filter_map(|group| {
            if !group.contains(':') {
                return (!is_all(group) && !group.trim().is_empty()).then(|| group.to_string());
            }
            let mut parts = group.split(':');
            let matched = parts.next().unwrap_or("");
            let granted: Vec<&str> = parts.filter(|p| !is_all(p)).collect();
            (!granted.is_empty()).then(|| format!("{matched}:{}", granted.join(":")))
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl Rule for ApplicationConditionallyGrantsAll {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for app in &ctx.facts().applications {
            let Some(value) = &app.match_roles else {
                continue;
            };
            let Some(match_roles) = value.known() else {
                continue;
            };
            let conditions: Vec<&str> = match_roles.grants("%All").collect();
            if conditions.is_empty() {
                continue;
            }
            let label = fixes::app_label(app);
            let fix = fixes::set(value, &without_all(&value.text), "remove %All from MatchRoles", Safety::Unsafe);
            if conditions.iter().any(|c| c.is_empty()) {
                let f = ctx.report(
                    value.entry,
                    label.clone(),
                    format!("{label} grants %All to everyone who enters it (MatchRoles with an empty match role)"),
                );
                f.severity = Severity::Error;
                f.with_fix(fix);
            } else {
                ctx.report(
                    value.entry,
                    label.clone(),
                    format!("{label} grants %All to holders of {}", conditions.join(", ")),
                )
                .with_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn removes_all_targets() {
        assert_eq!(super::without_all(":%DB_X:%All"), ":%DB_X");
        assert_eq!(super::without_all(":%All"), "");
        assert_eq!(super::without_all("%Dev:%all,%Ops:%Operator"), "%Ops:%Operator");
        assert_eq!(super::without_all(":%DB_APP,%Manager:%All"), ":%DB_APP");
    }
}
