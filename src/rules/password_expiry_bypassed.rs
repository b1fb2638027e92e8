use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::secrets::default_behind;

declare_rule! {
    /// ## What it finds
    /// Settings that keep a known password alive: a call of `Security.Users`'
    /// `UnExpireUserPasswords`, `PasswordNeverExpires=1`, `AccountNeverExpires=1`, and
    /// `ChangePassword=0` on an account whose password is a well-known default.
    ///
    /// ## Why it matters
    /// Expiry and "change password at next login" are what force a default or shared password
    /// to be replaced. Switching them off — as many container templates do for convenience —
    /// keeps `SYS` valid forever.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=batch,PasswordNeverExpires=1
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Invoke Class="Security.Users" Method="UnExpireUserPasswords" CheckStatus="1">
    ///     <Arg Value="*"/>
    ///   </Invoke>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  do ##class(Security.Users).UnExpireUserPasswords("*")
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystemsdc/iris-community:latest
    /// RUN iris start IRIS && \
    ///     iris session IRIS -U %SYS '##class(Security.Users).UnExpireUserPasswords("*")' && \
    ///     iris stop IRIS quietly
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="app.ZPM">
    ///     <Module>
    ///       <Name>app</Name>
    ///       <Version>1.0.0</Version>
    ///       <Invoke Class="Security.Users" Method="UnExpireUserPasswords">
    ///         <Arg>*</Arg>
    ///       </Invoke>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
    ///
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     command: --check-caps false -a "iris session iris -U%SYS '##class(Security.Users).UnExpireUserPasswords(\"*\")'"
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=batch,PasswordNeverExpires=0
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystemsdc/iris-community:latest
    /// # The predefined accounts get their password at first start, from a mounted secret.
    /// CMD ["--password-file", "/run/secrets/iris_password"]
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("ChangePassword") = 1
    ///  do ##class(Security.Users).Modify("batch", .p)
    /// ```
    ///
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     command: --check-caps false --password-file /run/secrets/iris_password
    ///     secrets:
    ///       - iris_password
    /// secrets:
    ///   iris_password:
    ///     file: ./iris_password.txt
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="batch" PasswordVar="BatchPassword" Roles="%DB_APP" Fullname="Batch jobs"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Remove the setting, or make sure the password it keeps is a strong, deploy-time secret.
    /// No automatic fix. In the `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: password policy and "Tighten Security for an
    /// Instance"; the Security Advisor's account checks.
    pub struct PasswordExpiryBypassed {
        code: "IRIS106",
        name: "password-expiry-bypassed",
        severity: Warning,
        development_info: true,
        formats: ["cpf", "inst", "ipm", "os"],
        fixable: false,
        summary: "settings that keep a known password from expiring",
    }
}

impl Rule for PasswordExpiryBypassed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for invoke in &ctx.facts().invokes {
            if invoke.class.eq_ignore_ascii_case("Security.Users")
                && invoke.method.eq_ignore_ascii_case("UnExpireUserPasswords")
            {
                ctx.report(
                    invoke.anchor,
                    "Security.Users:UnExpireUserPasswords",
                    "UnExpireUserPasswords keeps every password from expiring, the default ones too",
                );
            }
        }
        for user in &ctx.facts().users {
            let name = &user.head.name;
            for (value, setting) in [
                (&user.password_never_expires, "PasswordNeverExpires"),
                (&user.account_never_expires, "AccountNeverExpires"),
            ] {
                if let Some(v) = value.as_ref().filter(|v| v.known() == Some(&true)) {
                    ctx.report(
                        v.entry,
                        format!("user {name}"),
                        format!("user {name} has {setting}=1: its password is never forced to change"),
                    );
                }
            }
            let default =
                ctx.secret(user.password).is_some_and(|s| default_behind(&s.form, ctx.extra_passwords).is_some());
            if let Some(v) = user.change_password.as_ref().filter(|v| v.known() == Some(&false)) {
                if default {
                    ctx.report(
                        v.entry,
                        format!("user {name}"),
                        format!(
                            "user {name} keeps a default password and ChangePassword=0 stops it being changed at login"
                        ),
                    );
                }
            }
        }
    }
}
