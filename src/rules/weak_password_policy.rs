use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;

declare_rule! {
    /// ## What it finds
    /// A password pattern (`PasswordPattern`) weaker than the Locked Down `8.32ANP` — fewer
    /// than 8 characters allowed, or fewer character classes — and an inactive-account limit
    /// (`InactiveLimit`) of 0, which never disables unused accounts.
    ///
    /// ## Why it matters
    /// Short passwords are guessed; accounts nobody uses keep working with whatever password
    /// they had.
    ///
    /// ## Example
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.PasswordPattern" Value="3.32ANP"/>
    ///   <SystemSetting Name="Security.System.InactiveLimit" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:PasswordPattern=3.32ANP,InactiveLimit=0
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PasswordPattern") = "3.32ANP", p("InactiveLimit") = 0
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ## Use instead
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Security.System.PasswordPattern" Value="12.64ANP"/>
    ///   <SystemSetting Name="Security.System.InactiveLimit" Value="90"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifySystem:PasswordPattern=8.32ANP,InactiveLimit=90
    /// ```
    ///
    /// ```objectscript iris.script
    ///  zn "%SYS"
    ///  set p("PasswordPattern") = "8.32ANP", p("InactiveLimit") = 90
    ///  do ##class(Security.System).Modify(, .p)
    /// ```
    ///
    /// ## Fix
    /// `PasswordPattern=8.32ANP` and `InactiveLimit=90`. Unsafe: existing passwords that do not
    /// match keep working until changed, but new ones must follow the pattern.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: initial security levels (Locked Down password
    /// pattern `8.32ANP`, inactive limit 90 days).
    pub struct WeakPasswordPolicy {
        code: "IRIS107",
        name: "weak-password-policy",
        severity: Warning,
        development_info: false,
        formats: ["cpf", "inst", "os"],
        fixable: true,
        summary: "password pattern weaker than `8.32ANP`, or inactive limit 0",
    }
}

/// The minimum length and character classes of a pattern such as `8.32ANP` or `3.32A`.
fn parse_pattern(pattern: &str) -> Option<(u32, String)> {
    let (min, rest) = pattern.trim().split_once('.')?;
    let min: u32 = min.parse().ok()?;
    let classes: String = rest.chars().skip_while(|c| c.is_ascii_digit()).collect();
    Some((min, classes.to_ascii_uppercase()))
}

impl Rule for WeakPasswordPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for setting in ctx.settings_with_key(["PasswordPattern", "InactiveLimit"]) {
            let key = setting.key.as_str();
            let value = &setting.value;
            if key.eq_ignore_ascii_case("PasswordPattern") {
                let Some((min, classes)) = value.known().and_then(|v| parse_pattern(v)) else {
                    continue;
                };
                // `E` allows every character; otherwise letters, digits and punctuation must all be allowed.
                let all_classes = classes.contains('E') || ['A', 'N', 'P'].iter().all(|c| classes.contains(*c));
                let weak = min < 8 || !all_classes;
                if weak {
                    let fix = fixes::set(value, "8.32ANP", "require 8.32ANP", Safety::Unsafe);
                    ctx.report(
                        value.entry,
                        "PasswordPattern",
                        format!("password pattern {} is weaker than 8.32ANP", value.text),
                    )
                    .with_fix(fix);
                }
            } else if key.eq_ignore_ascii_case("InactiveLimit") && value.known().is_some_and(|v| v.trim() == "0") {
                let fix = fixes::set(value, "90", "disable accounts unused for 90 days", Safety::Unsafe);
                ctx.report(value.entry, "InactiveLimit", "InactiveLimit=0 never disables unused accounts; use 90")
                    .with_fix(fix);
            }
        }
    }
}
