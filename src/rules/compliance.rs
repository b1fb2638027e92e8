//! The compliance map: which items of InterSystems' hardening guidance each
//! rule enforces, and what in an instance's files lets irislint judge an item.
//! Data only, in one table keyed by rule code, so rules stay free of it; a
//! test asserts every rule has an entry.
//!
//! The item numbers and titles are those of the hardening checklist the
//! project works from (*Securing InterSystems Products and Operating-System
//! Resources*, checklist section 7). They could not be matched against the
//! published text: InterSystems' current pages ("Checklist for Hardening Your
//! Deployment", `GSECURING_checklist`) number their items per topic (1., 2., …)
//! and the pages read do not carry these section numbers, so every item says
//! `number_verified: false` and names the published guidance it stands for,
//! which was read: "Initial InterSystems Security Settings" (Locked Down:
//! password pattern 8.32ANP, inactive limit 90 days, `_SYSTEM` disabled, no
//! roles for UnknownUser, services requiring authentication, fewest services
//! enabled) and "Securing Your Instance" (`ROARS_gsecuring`: its checklists and
//! its guide to securing an instance, "Tighten Security for an Instance").

use crate::formats::{Document, Format};
use crate::model::facts::Facts;

/// One item of the hardening checklist.
pub struct ChecklistItem {
    pub id: &'static str,
    pub title: &'static str,
    /// Whether the number and title were found in InterSystems' published text.
    pub number_verified: bool,
    /// The published guidance the item stands for (read, and cited by the rules' Source).
    pub guidance: &'static str,
    pub url: &'static str,
    /// What in a file bears on the item: with none of it, the item is not judged.
    pub evidence: fn(&Document) -> bool,
    /// Why the item is not judged when no file bears on it.
    pub not_judged: &'static str,
}

/// The items a rule enforces (none for checks of the files themselves).
pub struct RuleCompliance {
    pub code: &'static str,
    pub items: &'static [&'static str],
}

const SECURING: &str = "https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=ROARS_gsecuring";
const INITIAL: &str = "https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GSECURING_plan";
const CHECKLIST: &str =
    "https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=GSECURING_checklist";

fn has_setting(f: &Facts, keys: &[&str]) -> bool {
    f.settings.iter().any(|s| keys.iter().any(|k| s.key.eq_ignore_ascii_case(k)))
}

pub static ITEMS: &[ChecklistItem] = &[
    ChecklistItem {
        id: "7.4.1",
        title: "User management: default accounts and passwords",
        number_verified: false,
        guidance: "Securing Your Instance, \"Tighten Security for an Instance\" (predefined accounts, their passwords, UnknownUser)",
        url: SECURING,
        evidence: |d| !d.facts.users.is_empty() || !d.facts.roles.is_empty() || !d.facts.secrets.is_empty(),
        not_judged: "no file of the instance defines users, roles or passwords; the accounts made at installation are not in files",
    },
    ChecklistItem {
        id: "7.4.2",
        title: "Password policy",
        number_verified: false,
        guidance: "Initial InterSystems Security Settings (Locked Down: password pattern 8.32ANP, inactive limit 90 days)",
        url: INITIAL,
        evidence: |d| {
            let f = &d.facts;
            has_setting(f, &["PasswordPattern", "InactiveLimit"])
                || f.users.iter().any(|u| u.change_password.is_some() || u.password_never_expires.is_some())
        },
        not_judged: "no file sets PasswordPattern, InactiveLimit or a user's password expiry; the installation's security level decides them",
    },
    ChecklistItem {
        id: "7.5.3",
        title: "Data in motion: TLS",
        number_verified: false,
        guidance: "Checklist for Hardening Your Deployment; Web Gateway configuration guide (connection security, TLS to the server)",
        url: CHECKLIST,
        evidence: |d| !d.facts.gateway_servers.is_empty(),
        not_judged: "no Web Gateway server connection in the files; irislint reads TLS only for the Web Gateway's connections",
    },
    ChecklistItem {
        id: "7.6.1",
        title: "Locked Down installation",
        number_verified: false,
        guidance: "Initial InterSystems Security Settings (Minimal, Normal, Locked Down; Locked Down for production)",
        url: INITIAL,
        evidence: |d| {
            let f = &d.facts;
            has_setting(f, &["InitialSecurity", "ISC_PACKAGE_INITIAL_SECURITY"])
                || !f.users.is_empty()
                || !f.services.is_empty()
                || !f.resources.is_empty()
                || !f.applications.is_empty()
        },
        not_judged: "no file sets the initial security level or the users, services, resources and applications it governs",
    },
    ChecklistItem {
        id: "7.6.4",
        title: "Auditing",
        number_verified: false,
        guidance: "Securing Your Instance, \"Tighten Security for an Instance\" (enable auditing and the audit events)",
        url: SECURING,
        evidence: |d| has_setting(&d.facts, &["AuditEnabled", "EnableAudit"]) || !d.facts.audit_events.is_empty(),
        not_judged: "no file turns auditing or an audit event on or off",
    },
    ChecklistItem {
        id: "7.6.5",
        title: "Disabling services",
        number_verified: false,
        guidance: "Initial InterSystems Security Settings (services enabled at each level) and \"Tighten Security for an Instance\" (disable services not needed)",
        url: INITIAL,
        evidence: |d| {
            let f = &d.facts;
            !f.services.is_empty()
                || has_setting(f, &["WebServer", "netjob", "DefaultPortBindAddress"])
                || !f.ports.is_empty()
                || f.gateway_system.as_ref().is_some_and(|g| g.system_manager.is_some())
        },
        not_judged: "no file enables or disables a service, the private web server or remote jobs",
    },
    ChecklistItem {
        id: "7.6.6",
        title: "Removing unused databases and applications",
        number_verified: false,
        guidance: "Checklist for Hardening Your Deployment (remove what is not used)",
        url: CHECKLIST,
        // IRIS604 reads the databases an instance's own iris.cpf lists; other files add to them.
        evidence: |d| d.format == Format::Cpf && (!d.facts.databases.is_empty() || !d.facts.namespaces.is_empty()),
        not_judged: "no iris.cpf of the instance lists its databases and namespaces",
    },
];

/// Every rule, by code (a test keeps this complete).
pub static RULES: &[RuleCompliance] = &[
    RuleCompliance { code: "IRIS101", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS102", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS103", items: &["7.4.1", "7.6.1"] },
    RuleCompliance { code: "IRIS104", items: &["7.4.1", "7.6.1"] },
    RuleCompliance { code: "IRIS105", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS106", items: &["7.4.1", "7.4.2"] },
    RuleCompliance { code: "IRIS107", items: &["7.4.2", "7.6.1"] },
    RuleCompliance { code: "IRIS108", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS109", items: &["7.4.1", "7.6.1"] },
    RuleCompliance { code: "IRIS201", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS202", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS203", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS204", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS205", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS301", items: &["7.6.1", "7.6.5"] },
    RuleCompliance { code: "IRIS302", items: &["7.6.1", "7.6.5"] },
    RuleCompliance { code: "IRIS303", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS304", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS401", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS402", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS403", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS404", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS405", items: &["7.6.1"] },
    // CORS is web-application hardening the checklist does not name.
    RuleCompliance { code: "IRIS406", items: &[] },
    RuleCompliance { code: "IRIS501", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS502", items: &["7.5.3"] },
    RuleCompliance { code: "IRIS503", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS504", items: &["7.5.3"] },
    RuleCompliance { code: "IRIS505", items: &["7.4.1"] },
    RuleCompliance { code: "IRIS601", items: &["7.6.4"] },
    RuleCompliance { code: "IRIS602", items: &["7.6.4"] },
    RuleCompliance { code: "IRIS603", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS604", items: &["7.6.6"] },
    RuleCompliance { code: "IRIS605", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS606", items: &["7.6.5"] },
    RuleCompliance { code: "IRIS607", items: &["7.6.1"] },
    RuleCompliance { code: "IRIS701", items: &["7.6.1"] },
    // A hardening step done half way, and references to nothing: the files' own soundness.
    RuleCompliance { code: "IRIS702", items: &[] },
    RuleCompliance { code: "IRIS703", items: &[] },
    RuleCompliance { code: "IRIS901", items: &[] },
    RuleCompliance { code: "IRIS902", items: &[] },
    RuleCompliance { code: "IRIS903", items: &[] },
    RuleCompliance { code: "IRIS904", items: &[] },
    RuleCompliance { code: "IRIS905", items: &[] },
];

/// The entry of a rule.
pub fn of_rule(code: &str) -> Option<&'static RuleCompliance> {
    RULES.iter().find(|r| r.code == code)
}

pub fn item(id: &str) -> Option<&'static ChecklistItem> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The checklist items a rule enforces, in checklist order.
pub fn items_of(code: &str) -> Vec<&'static ChecklistItem> {
    let ids = of_rule(code).map(|r| r.items).unwrap_or(&[]);
    ITEMS.iter().filter(|i| ids.contains(&i.id)).collect()
}

/// The rules that enforce an item.
pub fn rules_of(id: &str) -> Vec<&'static str> {
    RULES.iter().filter(|r| r.items.contains(&id)).map(|r| r.code).collect()
}

/// `7.4.1 User management: default accounts and passwords`, for lists.
pub fn label(i: &ChecklistItem) -> String {
    let unverified = if i.number_verified { "" } else { " (number unverified)" };
    format!("{} {}{unverified}", i.id, i.title)
}

/// The items of a rule as a markdown list (for its documentation page).
pub fn markdown_list(code: &str) -> String {
    let items = items_of(code);
    if items.is_empty() {
        return "None: this rule checks the files themselves, or guidance the checklist does not name.".into();
    }
    items
        .iter()
        .map(|i| format!("- {} — {} ([guidance]({}))", label(i), i.guidance, i.url))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tags a code-scanning service can filter on: `checklist-7.4.1`.
pub fn tags(code: &str) -> Vec<String> {
    items_of(code).iter().map(|i| format!("checklist-{}", i.id)).collect()
}

/// The items of a rule as JSON.
pub fn json(code: &str) -> serde_json::Value {
    items_of(code)
        .iter()
        .map(|i| {
            serde_json::json!({
                "id": i.id, "title": i.title, "number_verified": i.number_verified,
                "guidance": i.guidance, "url": i.url,
            })
        })
        .collect()
}
