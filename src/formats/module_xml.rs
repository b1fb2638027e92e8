//! Package-manager `module.xml`: web applications a module creates on install.

use super::document::Document;
use super::values::Raw;
use super::xml_common::{attribute, head, read_structure, Variables};
use crate::model::authe::parse_mask;
use crate::model::*;
use crate::syntax::xml;

pub fn read(doc: &mut Document) {
    let tree = xml::parse(&doc.text, None);
    read_structure(doc, &tree);
    // Module placeholders ({$namespace}, ${dbrole}) are filled in at install time.
    let vars = Variables::default();
    for (index, e) in tree.elements.iter().enumerate() {
        let get = |name: &str| attribute(e, name, &vars);
        // XML names are case-sensitive: the installer and the package manager
        // skip an element whose name is spelt otherwise.
        match e.name.as_str() {
            "CSPApplication" | "WebApplication" => {
                let head = head(e, &["Url", "Name"], &vars, doc.newline);
                let authe = if e.name == "WebApplication" {
                    // Its attributes are Security.Applications properties, passed as
                    // they are (%IPM.ResourceProcessor.WebApplication): AutheEnabled,
                    // or its initial value 64 when not given.
                    AppAuthe {
                        mask: Some(
                            get("AutheEnabled")
                                .map(|r| r.map(parse_mask))
                                .unwrap_or_else(|| super::values::default_app_authe(head.name_range)),
                        ),
                        ..Default::default()
                    }
                } else {
                    cspapplication_authe(&get, &head)
                };
                doc.facts.applications.push(Application {
                    enabled: get("Enabled").map(|r| r.boolean()),
                    authe,
                    // Neither element has a roles attribute: IPM's CSPApplication
                    // drops the installer's Grant for MatchRoles, and
                    // Security.Applications has no Roles.
                    roles: None,
                    match_roles: get("MatchRoles").map(|r| r.map(|t| Some(MatchRoles::parse(t)))),
                    resource: get("Resource").map(|r| r.string()),
                    namespace: get("NameSpace").map(|r| r.string()),
                    cors_allowlist: get("CorsAllowlist").map(|r| r.string()),
                    cors_credentials: get("CorsCredentialsAllowed").map(|r| r.boolean()),
                    head,
                });
            }
            // `<Dependencies><ModuleReference><Name>passwordless</Name>…`: installed with the module.
            "ModuleReference" => {
                let name = tree.children(index).find(|(_, c)| c.name == "Name").and_then(|(_, c)| c.text.clone());
                if let Some((name, range)) = name {
                    let name = name.trim().to_string();
                    doc.facts.packages.push(PackageInstall { name, range, anchor: e.range });
                }
            }
            "Invoke" => {
                let args = tree
                    .children(index)
                    .filter(|(_, c)| c.name.eq_ignore_ascii_case("Arg"))
                    .map(|(_, c)| {
                        c.text
                            .as_ref()
                            .map(|t| t.0.clone())
                            .or_else(|| c.attribute("Value").map(|a| a.value.clone()))
                            .unwrap_or_default()
                    })
                    .collect();
                doc.facts.invokes.push(super::xml_common::invoke(e, args, &vars));
            }
            _ => {}
        }
    }
}

/// The package manager's (deprecated) `<CSPApplication>` sums its flags into
/// `AutheEnabled` and leaves the property out when the sum is 0
/// (`%IPM.ResourceProcessor.CSPApplication`): with every method off, or none
/// given, `Security.Applications`' initial 64 applies — both alike.
fn cspapplication_authe(get: &dyn Fn(&str) -> Option<Raw>, head: &Head) -> AppAuthe {
    const FLAGS: &[&str] = CSP_APPLICATION_FLAGS;
    let unauthenticated_flag = get("UnauthenticatedEnabled").map(|r| r.boolean());
    let password_flag = get("PasswordAuthEnabled").map(|r| r.boolean());
    let flags: Vec<Value<bool>> = FLAGS.iter().filter_map(|f| get(f).map(|r| r.boolean())).collect();
    let written = get("AutheEnabled").map(|r| r.map(parse_mask));
    let all_off = flags.iter().all(|f| f.known() == Some(&false));
    let mask = written.or_else(|| {
        all_off.then(|| {
            let at = unauthenticated_flag.as_ref().map(|f| f.entry).unwrap_or(head.name_range);
            super::values::default_app_authe(at)
        })
    });
    AppAuthe { mask, unauthenticated_flag, password_flag, flags: true }
}

/// The package manager's `<CSPApplication>` authentication flags
/// (`%IPM.ResourceProcessor.CSPApplication`), which `<WebApplication>` does not take.
pub const CSP_APPLICATION_FLAGS: &[&str] = &[
    "PasswordAuthEnabled",
    "UnauthenticatedEnabled",
    "DelegatedAuthEnabled",
    "KerberosAuthEnabled",
    "LoginTokenEnabled",
];
