use super::workspace_context::{WorkspaceContext, WorkspaceRule};
use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// Changes the guide warns will lock users out, read across the files of one instance:
    /// - `UnknownUser` stripped of `%All` while services or web applications still allow
    ///   unauthenticated access (their requests then run with no privileges and fail);
    /// - `%Service_WebGateway`'s public Use permission removed while no role in the instance
    ///   grants `%Service_WebGateway:U` (the Web Gateway can no longer connect);
    /// - every user that holds `%All` disabled or deleted.
    ///
    /// ## Why it matters
    /// Each is a correct hardening step done half way: the instance ends up unreachable, and
    /// the usual way back in (an administrator login) may be gone too.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=UnknownUser,Roles=""
    /// CreateApplication:Name=/api/open,NameSpace=USER,DispatchClass=App.REST,AutheEnabled=64,Resource=%DB_USER
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Default Name="UnknownPassword" Value="${UNKNOWN_PASSWORD}"/>
    ///   <User Username="UnknownUser" Fullname="Unknown User" PasswordVar="UnknownPassword" Roles=""/>
    ///   <Namespace Name="USER">
    ///     <CSPApplication Url="/api/open" Directory="/opt/app/web" AuthenticationMethods="64" Resource="%DB_USER"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=UnknownUser,Roles=""
    /// CreateApplication:Name=/api/open,NameSpace=USER,DispatchClass=App.REST,AutheEnabled=32,Resource=%DB_USER
    /// ```
    ///
    /// ## Fix
    /// Finish the step: switch the unauthenticated entry points to password authentication,
    /// give the Gateway's account a role with `%Service_WebGateway:U`, keep at least one
    /// enabled administrator. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (warnings on
    /// removing `%All` from `UnknownUser` and on `%Service_WebGateway`).
    pub struct LockoutRisk {
        code: "IRIS702",
        name: "lockout-risk",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst"],
        fixable: false,
        summary: "a hardening step that will lock users out",
    }
}

impl Rule for LockoutRisk {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Needs the instance's other files: see [`WorkspaceRule`].
    fn check(&self, _ctx: &mut Context) {}
}

impl WorkspaceRule for LockoutRisk {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_workspace(&self, ctx: &mut WorkspaceContext) {
        let e = ctx.effective;
        // UnknownUser without %All, while unauthenticated entry points remain.
        if let Some(roles) = e.users.get("unknownuser").and_then(|u| u.roles.as_ref()) {
            let stripped = roles.value.known().is_some_and(|l| !l.iter().any(|r| r.eq_ignore_ascii_case("%All")));
            let open: Vec<_> = e
                .services
                .values()
                .filter_map(|s| {
                    let a = s.authe.as_ref()?;
                    a.value
                        .known()
                        .filter(|m| m.allows_unauthenticated())
                        .map(|_| (format!("service {}", s.name), a.at.clone()))
                })
                .chain(e.applications.values().filter_map(|a| match &a.unauthenticated {
                    Some((true, at)) => Some((format!("web application {}", a.name), at.clone())),
                    _ => None,
                }))
                .collect();
            if stripped && !open.is_empty() {
                let names: Vec<&str> = open.iter().map(|(n, _)| n.as_str()).collect();
                let at = roles.at.clone();
                let f = ctx.report(
                    &at,
                    "user UnknownUser",
                    format!("UnknownUser loses %All while unauthenticated access is still allowed by {}: those requests will fail", names.join(", ")),
                );
                for (name, source) in &open {
                    f.with_related(WorkspaceContext::related(source, format!("{name} allows unauthenticated access")));
                }
            }
        }
        // %Service_WebGateway made non-public with nobody granted Use.
        if let Some(public) = e.resources.get("%service_webgateway").and_then(|r| r.public_permission.as_ref()) {
            let removed = public.value.known().is_some_and(|p| !p.use_);
            let granted = e.roles.values().any(|r| {
                r.resources.as_ref().and_then(|g| g.value.known()).is_some_and(|list| {
                    list.iter()
                        .any(|(name, p)| name.eq_ignore_ascii_case("%Service_WebGateway") && p.is_some_and(|p| p.use_))
                })
            });
            if removed && !granted {
                let at = public.at.clone();
                ctx.report(
                    &at,
                    "resource %Service_WebGateway",
                    "%Service_WebGateway loses its public Use permission, and no role here grants %Service_WebGateway:U: the Web Gateway cannot connect",
                );
            }
        }
        // Every %All holder disabled.
        let touched: Vec<_> = e
            .users
            .values()
            .filter(|u| {
                u.roles
                    .as_ref()
                    .and_then(|r| r.value.known())
                    .is_some_and(|l| l.iter().any(|r| r.eq_ignore_ascii_case("%All")))
            })
            .collect();
        let disabled: Vec<_> = touched
            .iter()
            .filter(|u| u.deleted || u.enabled.as_ref().and_then(|en| en.value.known().copied()) == Some(false))
            .collect();
        if !touched.is_empty() && disabled.len() == touched.len() {
            let last = disabled.last().expect("not empty");
            let at = last
                .enabled
                .as_ref()
                .map(|en| en.at.clone())
                .unwrap_or_else(|| last.defined.last().expect("defined").clone());
            let related: Vec<_> = touched
                .iter()
                .filter_map(|u| u.roles.as_ref())
                .map(|r| WorkspaceContext::related(&r.at, "given %All here"))
                .collect();
            let f = ctx.report(
                &at,
                "%All holders",
                "every user that holds %All is disabled or deleted: nobody can administer the instance",
            );
            for r in related {
                f.with_related(r);
            }
        }
    }
}
