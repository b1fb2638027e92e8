use super::{declare_rule, fixes, Context, Rule, RuleMeta};
use crate::findings::Safety;
use crate::model::known::REQUIRED_AUDIT_EVENTS;

declare_rule! {
    /// ## What it finds
    /// One of the audit events the guidance says to keep on turned off (`ModifyEvent:…,
    /// Enabled=0`): `%System/%Login/Login`, `%System/%Login/LoginFailure`,
    /// `%System/%DirectMode/DirectMode`, `%System/%Security/Protect`.
    ///
    /// ## Why it matters
    /// These events record who logged in, who failed to, who used direct mode and who was
    /// refused access: the minimum needed to notice and investigate an attack.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyEvent:Source=%System,Type=%Login,Name=LoginFailure,Enabled=0
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// ModifyEvent:Source=%System,Type=%Login,Name=LoginFailure,Enabled=1
    /// ```
    ///
    /// ## Fix
    /// `Enabled=1`. Safe.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: audit events to enable.
    pub struct AuditEventDisabled {
        code: "IRIS602",
        name: "audit-event-disabled",
        severity: Warning,
        development_info: false,
        formats: ["cpf"],
        fixable: true,
        summary: "a required audit event turned off",
    }
}

impl Rule for AuditEventDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for event in &ctx.facts().audit_events {
            if !REQUIRED_AUDIT_EVENTS.iter().any(|e| e.eq_ignore_ascii_case(&event.name)) {
                continue;
            }
            let Some(enabled) = event.enabled.as_ref().filter(|e| e.known() == Some(&false)) else {
                continue;
            };
            let fix = fixes::set(enabled, "1", "enable the audit event", Safety::Safe);
            ctx.report(
                enabled.entry,
                format!("audit event {}", event.name),
                format!("audit event {} is turned off; keep it enabled", event.name),
            )
            .with_fix(fix);
        }
    }
}
