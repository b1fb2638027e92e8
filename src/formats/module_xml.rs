//! Package-manager `module.xml`: web applications a module creates on install.

use super::document::Document;
use super::xml_common::{attribute, first_attribute, head, read_structure, Variables};
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
                let authe = AppAuthe {
                    mask: get("AutheEnabled").map(|r| r.map(parse_mask)),
                    unauthenticated_flag: get("UnauthenticatedEnabled").map(|r| r.boolean()),
                    password_flag: get("PasswordAuthEnabled").map(|r| r.boolean()),
                };
                doc.facts.applications.push(Application {
                    head: head(e, &["Url", "Name"], &vars, doc.newline),
                    enabled: get("Enabled").map(|r| r.boolean()),
                    authe,
                    roles: first_attribute(e, &["Grant", "Roles"], &vars).map(|r| r.list()),
                    match_roles: get("MatchRoles").map(|r| r.map(|t| Some(MatchRoles::parse(t)))),
                    resource: get("Resource").map(|r| r.string()),
                    namespace: get("NameSpace").map(|r| r.string()),
                    cors_allowlist: get("CorsAllowlist").map(|r| r.string()),
                    cors_credentials: get("CorsCredentialsAllowed").map(|r| r.boolean()),
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
