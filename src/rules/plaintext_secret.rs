use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::secrets::{default_behind, SecretForm};

declare_rule! {
    /// ## What it finds
    /// A password committed to the file in plaintext that is not a well-known default (those
    /// are IRIS101): `Password=` in an `[Actions]` line, a Web Gateway `Password=` that is not
    /// in the Gateway's encoded (`]]]…`), encrypted or hashed (`PBKDF2|SHA512|…`) form, an installer `<Default>`/`<Var>` feeding a
    /// `PasswordVar`, a `<Credential Password=…>`.
    ///
    /// ## Why it matters
    /// Configuration files live in version control, container images and CI logs. A password
    /// written there is readable by everyone who can read any of those, for as long as the
    /// history exists.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=svc_report,Password=Rep0rt-Pa55,Roles=%DB_USER
    /// ```
    ///
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// Username=CSPSystem
    /// Password=Gw-Mgr-Pl4intext
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Default Name="LoaderPassword" Value="Wint3r-is-coming"/>
    ///   <User Username="loader" PasswordVar="LoaderPassword" Roles="%DB_APP" Fullname="Loader"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Password") = "Rep0rt-Pa55"
    ///  do ##class(Security.Users).Modify("svc_report", .p)
    /// ```
    ///
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     environment:
    ///       - IRIS_PASSWORD=Rep0rt-Pa55
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyUser:Name=svc_report,PasswordHash=${SVC_REPORT_PASSWORD_HASH},Roles=%DB_USER
    /// ```
    ///
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// Username=CSPSystem
    /// Password=PBKDF2|SHA512|10000|5f1c2a3b4d5e6f708192a3b4c5d6e7f8|bf23ef44665bb13e8338b4838799e869c742a30b04d3fde74e680da26300c24bb394d08274ce1905fd04806dce49ad73bd80e0fb49f5107e993b7289c8ccdf88
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="loader" PasswordVar="LoaderPassword" Roles="%DB_APP" Fullname="Loader"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Password") = $system.Util.GetEnviron("SVC_REPORT_PASSWORD")
    ///  do ##class(Security.Users).Modify("svc_report", .p)
    /// ```
    ///
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     environment:
    ///       - IRIS_PASSWORD=${IRIS_PASSWORD:?set it in the environment}
    /// ```
    ///
    /// ## Fix
    /// Keep the secret out of the file: a `PasswordHash` instead of `Password` in merge files
    /// (`CreateUser` does not even accept `Password`), an installer variable passed in by the
    /// caller, or a secret store read at deploy time. irislint offers no automatic fix: only
    /// you can choose where the secret comes from.
    ///
    /// A value that only names a variable (`Password=${LOCAL_PASSWORD}`, `#{expr}`) is not a
    /// secret and is never reported, in any format. Whether the file's reader fills it in
    /// differs: configuration merge substitutes environment variables in merge files
    /// ("Using Environment Variables with Configuration Merge",
    /// <https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GCMF_environment_intro>;
    /// the exact reference syntax is not verified), an installer manifest fills in its own
    /// `${Var}` variables ("Creating and Using an Installation Manifest",
    /// <https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GIEMISC_manifest>),
    /// while the Web Gateway reads `CSP.ini` as written ("Web Gateway Configuration File
    /// (CSP.ini) Parameter Reference",
    /// <https://docs.intersystems.com/supplychain20241/csp/docbook/DocBook.UI.Page.cls?KEY=GCGI_cspini>,
    /// documents no substitution): there a placeholder must be filled in before the file is
    /// deployed, by a templating step or the webgateway container's CSP.ini merge.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance* (protect credentials; the `[Actions]` reference
    /// documents `PasswordHash` for `CreateUser`).
    pub struct PlaintextSecret {
        code: "IRIS102",
        name: "plaintext-secret",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "ini", "inst", "os", "ctr"],
        fixable: false,
        summary: "a plaintext password committed in the file",
    }
}

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for secret in &ctx.facts().secrets {
            if !matches!(secret.form, SecretForm::Plaintext(_))
                || default_behind(&secret.form, ctx.extra_passwords).is_some()
            {
                continue;
            }
            let advice = match secret.kind {
                crate::model::SecretKind::GatewayManagerPassword => {
                    "set it from the management pages, which store it hashed"
                }
                _ => "use a PasswordHash, a variable or a secret store",
            };
            let message = format!(
                "a plaintext password for {} is committed in the file; {advice}",
                super::default_password::owner_phrase(secret)
            );
            ctx.report(secret.value.entry, secret.owner.clone(), message);
        }
    }
}
