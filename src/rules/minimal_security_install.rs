use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// An install or merge that selects the Minimal initial security level: an
    /// `InitialSecurity`/`ISC_PACKAGE_INITIAL_SECURITY` setting of `Minimal`, in a merge file or
    /// as the unattended installation's environment variable in a Dockerfile, compose or `.env`
    /// file.
    ///
    /// ## Why it matters
    /// Minimal gives every predefined account the password `SYS`, gives `UnknownUser` `%All`,
    /// and lets services accept unauthenticated connections: the instance is open.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Startup]
    /// InitialSecurity=Minimal
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystems/iris:2024.1
    /// ENV ISC_PACKAGE_INITIAL_SECURITY=Minimal
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Startup]
    /// InitialSecurity=Locked Down
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystems/iris:2024.1
    /// ENV ISC_PACKAGE_INITIAL_SECURITY="Locked Down"
    /// ```
    ///
    /// ## Fix
    /// Select Locked Down (or Normal) and enable what the deployment needs. Unsafe: clients
    /// that relied on unauthenticated access need credentials.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: initial security levels.
    pub struct MinimalSecurityInstall {
        code: "IRIS605",
        name: "minimal-security-install",
        severity: Error,
        development_info: false,
        formats: ["cpf", "ctr"],
        fixable: true,
        summary: "the Minimal initial security level selected",
    }
}

impl Rule for MinimalSecurityInstall {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_with_key(["InitialSecurity", "ISC_PACKAGE_INITIAL_SECURITY"]) {
            if setting.value.text.trim().trim_matches('"').eq_ignore_ascii_case("minimal") {
                let fix = fixes::set(&setting.value, "Locked Down", "select Locked Down", Safety::Unsafe);
                ctx.report(
                    setting.value.entry,
                    setting.key.clone(),
                    "the Minimal initial security level leaves the instance open; select Locked Down",
                )
                .with_fix(fix);
            }
        }
    }
}
