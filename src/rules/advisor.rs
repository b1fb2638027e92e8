//! The Security Advisor's checks (Management Portal, System Administration >
//! Security > Security Advisor; the page is `%CSP.UI.System.SecurityAdvisorPane`,
//! whose recommendations come in five groups: auditing, services, roles,
//! users, applications), each with the rules that answer it from files, or
//! why only a live instance can. The README's parity table is generated from
//! this, so the two cannot drift.

/// One check of the Security Advisor.
pub struct AdvisorCheck {
    /// The Advisor's group.
    pub group: &'static str,
    /// What the Advisor recommends (paraphrased).
    pub check: &'static str,
    /// The rules that report it from files.
    pub rules: &'static [&'static str],
    /// Why no file can answer it, when `rules` is empty.
    pub live_only: Option<&'static str>,
}

pub static CHECKS: &[AdvisorCheck] = &[
    AdvisorCheck { group: "Auditing", check: "Auditing should be enabled", rules: &["IRIS601"], live_only: None },
    AdvisorCheck {
        group: "Auditing",
        check: "The DirectMode, Login, LoginFailure and Protect audit events should be enabled",
        rules: &["IRIS602"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Services",
        check: "Ability to set % globals should be turned off",
        rules: &["IRIS607"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Services",
        check: "Services should not allow unauthenticated access",
        rules: &["IRIS302"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Services",
        check: "Services that accept client addresses should have them assigned",
        rules: &["IRIS303"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Services",
        check: "Services should not be public (Use permission on their resource)",
        rules: &["IRIS201", "IRIS203"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Services",
        check: "Services that are not needed should be disabled",
        rules: &["IRIS301", "IRIS304", "IRIS501"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Roles",
        check: "Roles should not hold powerful privileges (%Admin_Secure, write on IRISSYS, the audit database)",
        rules: &["IRIS204", "IRIS205"],
        live_only: None,
    },
    AdvisorCheck { group: "Roles", check: "This user holds the %All role", rules: &["IRIS108"], live_only: None },
    AdvisorCheck {
        group: "Users",
        check: "Passwords should be changed from their default",
        rules: &["IRIS101", "IRIS106", "IRIS505"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Users",
        check: "Predefined accounts (_SYSTEM, SuperUser, Admin) should be disabled",
        rules: &["IRIS103", "IRIS105"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Users",
        check: "UnknownUser should not hold %All or other roles",
        rules: &["IRIS104"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Users",
        check: "This account has never been used",
        rules: &[],
        live_only: Some("the last login time is kept by the running instance, in no file"),
    },
    AdvisorCheck {
        group: "Users",
        check: "This account has not been used for a long time",
        rules: &[],
        live_only: Some("the last login time is kept by the running instance, in no file"),
    },
    AdvisorCheck {
        group: "Applications",
        check: "Applications should not allow unauthenticated access",
        rules: &["IRIS401", "IRIS404"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Applications",
        check: "Applications should be protected by a resource (not public)",
        rules: &["IRIS405"],
        live_only: None,
    },
    AdvisorCheck {
        group: "Applications",
        check: "Applications should not grant %All, nor match roles to %All",
        rules: &["IRIS402", "IRIS403"],
        live_only: None,
    },
];

/// The README's parity table.
pub fn markdown_table() -> String {
    let mut out = String::from("| Advisor group | Check | irislint |\n|---|---|---|\n");
    for c in CHECKS {
        let answer = match c.live_only {
            Some(why) => format!("needs a live instance: {why}"),
            None => c.rules.iter().map(|r| format!("[{r}](docs/rules/{r}.md)")).collect::<Vec<_>>().join(", "),
        };
        out.push_str(&format!("| {} | {} | {} |\n", c.group, c.check, answer));
    }
    out
}
