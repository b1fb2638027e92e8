use super::{declare_rule, fixes, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// More than five users given `%All`. (Across the files of one instance, fewer than two
    /// holders is also reported: nobody can then recover if the one administrator is locked out.)
    ///
    /// ## Why it matters
    /// Every holder of `%All` can do anything on the instance; the guidance is to keep between
    /// two and five of them.
    ///
    /// ## Fix
    /// Give day-to-day accounts narrower roles (`%Developer`, `%Operator`, custom roles). No
    /// automatic fix.
    ///
    /// ## Source
    /// InterSystems, *Securing Your Instance*: "Tighten Security for an Instance" (keep two to
    /// five `%All` holders); the Security Advisor.
    pub struct TooManySuperusers {
        code: "IRIS108",
        name: "too-many-superusers",
        severity: Info,
        development_info: false,
        formats: ["cpf", "inst"],
        fixable: false,
        summary: "more than 5 (or fewer than 2) holders of `%All`",
    }
}

pub const MAX_ALL_HOLDERS: usize = 5;

impl Rule for TooManySuperusers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let mut holders: Vec<(&str, crate::syntax::text::TextRange)> = Vec::new();
        for user in &ctx.facts().users {
            let enabled = user.enabled.as_ref().and_then(|e| e.known().copied()).unwrap_or(true);
            let all = user.roles.as_ref().and_then(|r| r.known()).is_some_and(|l| fixes::has(l, "%All"));
            if enabled && all && !holders.iter().any(|(n, _)| n.eq_ignore_ascii_case(&user.head.name)) {
                holders.push((&user.head.name, user.roles.as_ref().map(|r| r.entry).unwrap_or(user.head.anchor)));
            }
        }
        if holders.len() > MAX_ALL_HOLDERS {
            let (_, range) = holders[MAX_ALL_HOLDERS];
            let names: Vec<&str> = holders.iter().map(|(n, _)| *n).collect();
            ctx.report(
                range,
                "%All holders",
                format!("{} users hold %All ({}); keep between 2 and 5", holders.len(), names.join(", ")),
            );
        }
    }
}
