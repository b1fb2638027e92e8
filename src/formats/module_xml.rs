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
        // Element names are matched without regard to case: real files write `WEBApplication`.
        match e.name.to_ascii_lowercase().as_str() {
            "cspapplication" | "webapplication" => {
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
            "invoke" => {
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
                doc.facts.invokes.push(Invoke {
                    class: get("Class").map(|r| r.text).unwrap_or_default(),
                    method: get("Method").map(|r| r.text).unwrap_or_default(),
                    args,
                    anchor: e.start_tag,
                });
            }
            _ => {}
        }
    }
}
