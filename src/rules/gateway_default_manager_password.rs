use super::{declare_rule, Context, Rule, RuleMeta};
use crate::model::secrets::{default_behind, SecretForm};

declare_rule! {
    /// ## What it finds
    /// The Web Gateway's management pages protected by a default password: `[SYSTEM]
    /// Password=` whose plaintext or `]]]`-encoded value is a well-known default (`SYS` …), or
    /// whose hashed form (`PBKDF2|SHA512|10000|…|…`, which the Gateway writes when the password
    /// is set from its management pages) verifies against one. The hash is checked, never taken
    /// for a plaintext password (IRIS102). The documentation does not spell out the hashed
    /// form's fields beyond its algorithm and work factor, so both orders of salt and key, in
    /// hex and in base64, are tried: only a real match verifies.
    ///
    /// ## Why it matters
    /// The management pages change where the Gateway connects and with which credentials; a
    /// default password protects nothing.
    ///
    /// ## Example
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// Username=CSPSystem
    /// Password=SYS
    /// ```
    ///
    /// ## Use instead
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// Username=gwadmin
    /// Password=PBKDF2|SHA512|10000|5f1c2a3b4d5e6f708192a3b4c5d6e7f8|bf23ef44665bb13e8338b4838799e869c742a30b04d3fde74e680da26300c24bb394d08274ce1905fd04806dce49ad73bd80e0fb49f5107e993b7289c8ccdf88
    /// ```
    ///
    /// ## Fix
    /// Set a strong password from the Gateway's management pages (it is then stored encrypted).
    /// No automatic fix, and no placeholder: the Web Gateway reads `CSP.ini` as written, and
    /// its parameter reference documents no variable substitution (InterSystems, "Web Gateway
    /// Configuration File (CSP.ini) Parameter Reference",
    /// <https://docs.intersystems.com/supplychain20241/csp/docbook/DocBook.UI.Page.cls?KEY=GCGI_cspini>),
    /// so a `${NAME}` there would be the password itself. A deployment that must not commit the
    /// file fills it in before the Gateway starts (the webgateway container's CSP.ini merge, or
    /// a templating step).
    ///
    /// ## Source
    /// InterSystems, Web Gateway configuration guide (protecting the management pages; the
    /// documented default credentials `CSPSystem`/`SYS`).
    pub struct GatewayDefaultManagerPassword {
        code: "IRIS505",
        name: "gateway-default-manager-password",
        severity: Error,
        development_info: false,
        formats: ["ini"],
        fixable: false,
        summary: "Web Gateway management password left at a default",
    }
}

impl Rule for GatewayDefaultManagerPassword {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let Some(system) = &ctx.facts().gateway_system else {
            return;
        };
        let Some(secret) = ctx.secret(system.password) else {
            return;
        };
        if default_behind(&secret.form, ctx.extra_passwords).is_some() {
            let message = match secret.form {
                SecretForm::GatewayHash(_) => {
                    "the Web Gateway management pages use a password hash that verifies against a well-known default password"
                }
                SecretForm::GatewayEncoded(_) => {
                    "the Web Gateway management pages use an encoded password that decodes to a well-known default password"
                }
                _ => "the Web Gateway management pages use a well-known default password",
            };
            ctx.report(secret.value.entry, "[SYSTEM] Password", message);
        }
    }
}
