//! Well-known system names and what the hardening guidance says of them.

use super::permissions::Permission;

/// Accounts every instance has.
pub const PREDEFINED_ACCOUNTS: &[&str] = &["SuperUser", "Admin", "_SYSTEM", "CSPSystem", "UnknownUser", "_PUBLIC"];

/// Resources that must stay public, with the permission they need.
pub const REQUIRED_PUBLIC_RESOURCES: &[(&str, &str)] =
    &[("%DB_IRISLOCALDATA", "R"), ("%DB_IRISLIB", "R"), ("%DB_IRISTEMP", "RW")];

/// The permission a required public resource needs, if `name` is one.
pub fn required_public_permission(name: &str) -> Option<Permission> {
    REQUIRED_PUBLIC_RESOURCES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).and_then(|(_, p)| Permission::parse(p))
}

/// Roles that are privileged by themselves.
pub const PRIVILEGED_ROLES: &[&str] = &["%All", "%Manager", "%Developer", "%Operator", "%SQL"];

pub fn is_privileged_role(name: &str) -> bool {
    PRIVILEGED_ROLES.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Services the Locked Down level leaves disabled and that most deployments do not need.
pub const UNNEEDED_SERVICES: &[&str] = &[
    "%Service_CacheDirect",
    "%Service_CallIn",
    "%Service_ComPort",
    "%Service_ECP",
    "%Service_Monitor",
    "%Service_Telnet",
    "%Service_Bindings",
    "%Service_Mirror",
];

/// Services that accept a list of allowed client addresses.
pub const CLIENT_RESTRICTABLE_SERVICES: &[&str] =
    &["%Service_Bindings", "%Service_CacheDirect", "%Service_ECP", "%Service_Monitor", "%Service_WebGateway"];

/// Audit events the guidance says to keep enabled.
pub const REQUIRED_AUDIT_EVENTS: &[&str] = &[
    "%System/%Login/Login",
    "%System/%Login/LoginFailure",
    "%System/%DirectMode/DirectMode",
    "%System/%Security/Protect",
];

/// Management Portal and class reference applications.
pub fn is_portal_application(url: &str) -> bool {
    let url = url.trim_end_matches('/').to_ascii_lowercase();
    url == "/csp/sys" || url.starts_with("/csp/sys/") || url == "/csp/documatic"
}

pub fn contains_ignore_case(list: &[&str], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `true`, `1`, `yes` (any case) → `Some(true)`; `false`, `0`, `no` → `Some(false)`.
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}
