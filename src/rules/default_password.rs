use super::{declare_rule, Context, Rule, RuleMeta};
use crate::findings::Fix;
use crate::model::secrets::default_behind;
use crate::model::SecretKind;

declare_rule! {
    /// ## What it finds
    /// A password that is a well-known default: `SYS` in any case, and the short list of
    /// passwords attackers try first (`IRIS`, `password`, `demo`, `admin`, `changeme`, `test`,
    /// `123456`, …, plus `extra-default-passwords` from `irislint.toml`). It is found in every
    /// form a file can hold it: plaintext (`Password=SYS`), the Web Gateway's encoded form
    /// (`Password=]]]U1lT`), a `PasswordHash` that verifies against a default (both the
    /// `hash,salt,iterations,SHA512` and the older `hash,salt` forms are checked), and an
    /// installer `PasswordVar` whose `<Default>`/`<Var>` value is one.
    ///
    /// ## Why it matters
    /// A Minimal installation gives every predefined account the password `SYS`, and public
    /// templates copy hashes of `SYS` into merge files. Anyone who can reach the instance can
    /// log in as `SuperUser` or `_SYSTEM` with it.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateUser:Name=appadmin,Password=SYS,Roles=%Developer
    /// ```
    ///
    /// ```ini CSP.ini
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=1972
    /// Username=CSPSystem
    /// Password=]]]U1lT
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Default Name="AdminPassword" Value="SYS"/>
    ///   <User Username="appadmin" PasswordVar="AdminPassword" Roles="%Developer" Fullname="App Admin"/>
    /// </Manifest>
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Password") = "SYS"
    ///  do ##class(Security.Users).Modify("appadmin", .p)
    /// ```
    ///
    /// ```yaml docker-compose.yml
    /// services:
    ///   iris:
    ///     image: intersystemsdc/iris-community:latest
    ///     environment:
    ///       - IRIS_PASSWORD=SYS
    /// ```
    ///
    /// ```dockerfile Dockerfile
    /// FROM intersystemsdc/iris-community:latest
    /// ENV IRISUSERNAME "_SYSTEM"
    /// ENV IRISPASSWORD "SYS"
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateUser:Name=appadmin,PasswordHash=${APPADMIN_PASSWORD_HASH},Roles=%Developer
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <User Username="appadmin" PasswordVar="AdminPassword" Roles="%Developer" Fullname="App Admin"/>
    /// </Manifest>
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
    /// ```ini CSP.ini
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=1972
    /// Username=CSPSystem
    /// Password=1m/88FLbg27GIrR5kOmD8W8t24R4
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("Password") = $system.Util.GetEnviron("APPADMIN_PASSWORD")
    ///  do ##class(Security.Users).Modify("appadmin", .p)
    /// ```
    ///
    /// ## Fix
    /// Supply the secret at deploy time: a `PasswordHash` computed from a strong password (the
    /// `passwordhash` container image produces one), an installer variable passed by the caller,
    /// or a secret store. The quick fix replaces the value with a `${NAME}` placeholder only
    /// where the file is read by something that fills placeholders in; it is unsafe because the
    /// file no longer works until that is done.
    ///
    /// Where a placeholder is expanded:
    /// - merge files: configuration merge substitutes environment variables, defined in an
    ///   environment variable file that the merge file names (InterSystems, "Using Environment
    ///   Variables with Configuration Merge",
    ///   <https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GCMF_environment_intro>).
    ///   The parts of that page available when this was written do not show the reference
    ///   syntax, so that IRIS expands `${NAME}` itself is not verified: tooling that templates
    ///   the file (`envsubst`, a deployment pipeline) may have to fill it in.
    /// - installer manifests: `${Var}` is the manifest's own variable, set by `<Default>`/`<Var>`
    ///   or passed by the caller (InterSystems, "Creating and Using an Installation Manifest",
    ///   <https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GIEMISC_manifest>).
    /// - `CSP.ini`: not expanded. The Web Gateway reads the file as written, and its parameter
    ///   reference documents no substitution (InterSystems, "Web Gateway Configuration File
    ///   (CSP.ini) Parameter Reference",
    ///   <https://docs.intersystems.com/supplychain20241/csp/docbook/DocBook.UI.Page.cls?KEY=GCGI_cspini>);
    ///   a deployment fills it through the webgateway container's CSP.ini merge instead. No
    ///   automatic fix: set the password from the Gateway's management pages.
    /// - `module.xml`: irislint reads no password from it; the package manager fills in its own
    ///   variables (`${namespace}`, `${cspdir}`) at install (source of `intersystems/ipm`).
    /// - setup code (scripts, classes, Dockerfiles, compose, `.env`): nothing expands `${…}` in
    ///   an ObjectScript literal, and a container variable is set where the container starts;
    ///   no automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (change the
    /// passwords of the predefined accounts) and the Security Advisor's account checks.
    pub struct DefaultPassword {
        code: "IRIS101",
        name: "default-password",
        severity: Error,
        development_info: false,
        formats: ["cpf", "ini", "inst", "os", "ctr"],
        fixable: true,
        summary: "a password that is a well-known default (SYS …), in any form",
    }
}

impl Rule for DefaultPassword {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for secret in &ctx.facts().secrets {
            // The Gateway's management password has its own rule (IRIS505).
            if secret.kind == SecretKind::GatewayManagerPassword {
                continue;
            }
            if default_behind(&secret.form, ctx.extra_passwords).is_none() {
                continue;
            }
            let owner = owner_phrase(secret);
            // The Gateway has its own way to set a password: its management pages store it encrypted.
            let advice = match secret.kind {
                SecretKind::GatewayServerPassword => "set a strong one from the Web Gateway management pages",
                _ => "supply a strong secret at deploy time",
            };
            let message = match secret.form {
                crate::model::secrets::SecretForm::Hash(_) => {
                    format!("the password hash of {owner} verifies against a well-known default password; {advice}")
                }
                crate::model::secrets::SecretForm::GatewayEncoded(_) => {
                    format!("the encoded password of {owner} decodes to a well-known default password; {advice}")
                }
                _ => format!("the password of {owner} is a well-known default; {advice}"),
            };
            let fix = expands_placeholders(secret.kind).then_some(secret.value.handle.as_ref()).flatten().map(|h| {
                Fix::unsafe_(
                    "replace the committed password with a deploy-time placeholder",
                    vec![h.replace(&placeholder_for(secret))],
                )
            });
            let object = secret.owner.clone();
            ctx.report(secret.value.entry, object, message).with_fix(fix);
        }
    }
}

/// Whether the file that holds the secret fills in a `${NAME}` placeholder
/// when it is applied: a merge file does (configuration merge substitutes
/// environment variables), an installer manifest does (its own variables);
/// the Web Gateway reads `CSP.ini` as written, so a placeholder there would
/// become the password itself.
fn expands_placeholders(kind: SecretKind) -> bool {
    !matches!(kind, SecretKind::GatewayServerPassword | SecretKind::GatewayManagerPassword)
}

/// `${SUPERUSER_PASSWORD}` for `user SuperUser`, `${IRIS_PASSWORD_HASH}` for `[Startup] PasswordHash`.
fn placeholder_for(secret: &crate::model::Secret) -> String {
    let name: String = match secret.kind {
        SecretKind::StartupPasswordHash => "IRIS".into(),
        _ => secret
            .owner
            .rsplit(' ')
            .next()
            .unwrap_or("IRIS")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
            .collect(),
    };
    let suffix =
        if matches!(secret.form, crate::model::secrets::SecretForm::Hash(_)) { "PASSWORD_HASH" } else { "PASSWORD" };
    format!("${{{}_{suffix}}}", name.trim_matches('_'))
}

/// Who a secret belongs to, as a message says it: `user SuperUser`, `the
/// predefined accounts ([Startup] PasswordHash)`.
pub(super) fn owner_phrase(secret: &crate::model::Secret) -> String {
    match secret.kind {
        SecretKind::StartupPasswordHash => "the predefined accounts ([Startup] PasswordHash)".into(),
        _ => secret.owner.clone(),
    }
}
