use super::workspace_context::{WorkspaceContext, WorkspaceRule};
use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// Every user the files of one instance give `%All` (one finding per holder, with up to ten
    /// of the other holders named and as related places), as the Security Advisor lists them so that unneeded
    /// ones are removed; and the count: more than five enabled holders, or fewer than two once
    /// these files disable the predefined holders (`SuperUser`, `Admin`, `_SYSTEM`, which hold
    /// `%All` on a new instance): nobody can then recover if the one administrator is locked
    /// out.
    ///
    /// ## Why it matters
    /// Every holder of `%All` can do anything on the instance; the guidance is to keep between
    /// two and five of them.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateUser:Name=admin1,PasswordHash=${ADMIN1_HASH},Roles=%All
    /// CreateUser:Name=admin2,PasswordHash=${ADMIN2_HASH},Roles=%All
    /// CreateUser:Name=admin3,PasswordHash=${ADMIN3_HASH},Roles=%All
    /// CreateUser:Name=admin4,PasswordHash=${ADMIN4_HASH},Roles=%All
    /// CreateUser:Name=admin5,PasswordHash=${ADMIN5_HASH},Roles=%All
    /// CreateUser:Name=admin6,PasswordHash=${ADMIN6_HASH},Roles=%All
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="admin1" PasswordVar="Admin1Password" Roles="%All" Fullname="Admin One"/>
    ///   <User Username="admin2" PasswordVar="Admin2Password" Roles="%All" Fullname="Admin Two"/>
    ///   <User Username="admin3" PasswordVar="Admin3Password" Roles="%All" Fullname="Admin Three"/>
    ///   <User Username="admin4" PasswordVar="Admin4Password" Roles="%All" Fullname="Admin Four"/>
    ///   <User Username="admin5" PasswordVar="Admin5Password" Roles="%All" Fullname="Admin Five"/>
    ///   <User Username="admin6" PasswordVar="Admin6Password" Roles="%All" Fullname="Admin Six"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Users).AddRoles("admin", "%All")
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateUser:Name=dev1,PasswordHash=${DEV1_HASH},Roles=%Developer
    /// ModifyUser:Name=ops,Roles="%Operator,%DB_USER"
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="dev2" PasswordVar="Dev2Password" Roles="%Developer" Fullname="Developer Two"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Users).AddRoles("ops", "%Operator")
    /// ```
    ///
    /// ## Fix
    /// Give day-to-day accounts narrower roles (`%Developer`, `%Operator`, custom roles). No
    /// automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (keep two to
    /// five `%All` holders); the Security Advisor ("This user holds the %All role").
    pub struct TooManySuperusers {
        code: "IRIS108",
        name: "too-many-superusers",
        severity: Info,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: false,
        summary: "each holder of `%All`, and more than 5 (or fewer than 2) of them",
    }
}

pub const MAX_ALL_HOLDERS: usize = 5;

/// How many of the other holders one finding names and links to (the count
/// finding names them all).
const OTHERS_NAMED: usize = 10;

/// Accounts that hold `%All` on every new instance until disabled.
const PREDEFINED_ALL_HOLDERS: &[&str] = &["SuperUser", "Admin", "_SYSTEM"];

impl Rule for TooManySuperusers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Counted over the instance's files: see [`WorkspaceRule`] (a lone file is an instance of one).
    fn check(&self, _ctx: &mut Context) {}
}

impl WorkspaceRule for TooManySuperusers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_workspace(&self, ctx: &mut WorkspaceContext) {
        let e = ctx.effective;
        let holders = e.all_holders();
        // Each holder, as the Security Advisor lists them.
        let places: Vec<_> = holders
            .iter()
            .map(|u| (u.name.as_str(), u.roles.as_ref().map(|r| r.at.clone()).unwrap_or_else(|| u.defined[0].clone())))
            .collect();
        for (name, at) in &places {
            let others: Vec<&str> = places.iter().map(|(n, _)| *n).filter(|n| n != name).collect();
            // Each finding names a few of the others: naming all of them made
            // the report grow with the square of the holders.
            let named = match others.len() {
                0 => String::new(),
                n if n <= OTHERS_NAMED => others.join(", "),
                n => format!("{} and {} others", others[..OTHERS_NAMED].join(", "), n - OTHERS_NAMED),
            };
            let message = if others.is_empty() {
                format!("user {name} holds %All; make sure it needs every privilege")
            } else {
                format!("user {name} holds %All, as do {named}; make sure each needs every privilege")
            };
            let related: Vec<_> = places
                .iter()
                .filter(|(n, _)| n != name)
                .take(OTHERS_NAMED)
                .map(|(n, a)| WorkspaceContext::related(a, format!("user {n} holds %All")))
                .collect();
            ctx.report(at, format!("user {name} holds %All"), message).related = related;
        }
        if holders.len() > MAX_ALL_HOLDERS {
            let sixth = holders[MAX_ALL_HOLDERS];
            let at = sixth.roles.as_ref().map(|r| r.at.clone()).unwrap_or_else(|| sixth.defined[0].clone());
            let names: Vec<&str> = holders.iter().map(|u| u.name.as_str()).collect();
            let message = format!("{} users hold %All ({}); keep between 2 and 5", holders.len(), names.join(", "));
            ctx.report(&at, "%All holders", message);
            return;
        }
        // Predefined accounts keep %All unless these files disable them.
        let disabled = |name: &str| {
            e.users.get(&name.to_ascii_lowercase()).is_some_and(|u| {
                u.deleted || u.enabled.as_ref().and_then(|en| en.value.known().copied()) == Some(false)
            })
        };
        let predefined = PREDEFINED_ALL_HOLDERS
            .iter()
            .filter(|n| !disabled(n) && !holders.iter().any(|h| h.name.eq_ignore_ascii_case(n)))
            .count();
        let count = holders.len() + predefined;
        if count < 2 {
            let last_disabled = PREDEFINED_ALL_HOLDERS
                .iter()
                .filter_map(|n| e.users.get(&n.to_ascii_lowercase()))
                .filter_map(|u| u.enabled.as_ref().map(|en| en.at.clone()))
                .next_back();
            if let Some(at) = last_disabled {
                ctx.report(
                    &at,
                    "%All holders",
                    if count == 0 {
                        "no enabled user holds %All; keep at least 2 so one can recover the other".to_string()
                    } else {
                        "only one enabled user holds %All; keep at least 2 so one can recover the other".to_string()
                    },
                );
            }
        }
    }
}
