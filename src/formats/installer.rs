//! `%Installer` manifests, standalone or inside a class's `XData` block.

use super::document::Document;
use super::xml_common::{attribute, first_attribute, head, read_structure, Variables};
use crate::model::authe::parse_mask;
use crate::model::permissions::{parse_resource_list, Permission};
use crate::model::secrets::SecretForm;
use crate::model::*;
use crate::syntax::xml::{XmlElement, XmlTree};

pub fn read(doc: &mut Document) {
    let tree = super::xml_common::xml_tree(&doc.text, doc.format);
    read_structure(doc, &tree);
    let vars = collect_variables(&tree);
    for index in 0..tree.elements.len() {
        read_element(doc, &tree, index, &vars);
    }
}

fn collect_variables(tree: &XmlTree) -> Variables {
    let mut vars = Variables::default();
    for e in &tree.elements {
        if e.name.eq_ignore_ascii_case("Default") || e.name.eq_ignore_ascii_case("Var") {
            if let (Some(name), Some(value)) = (e.attribute("Name"), e.attribute("Value")) {
                // A variable may use earlier ones.
                let (text, _, _) = vars.substitute(&value.value);
                vars.define(&name.value, &text, value.value_range);
            }
        }
    }
    vars
}

fn read_element(doc: &mut Document, tree: &XmlTree, index: usize, vars: &Variables) {
    let e = &tree.elements[index];
    let get = |name: &str| attribute(e, name, vars);
    // XML names are case-sensitive: the installer and the package manager
    // skip an element whose name is spelt otherwise.
    match e.name.as_str() {
        "User" => {
            let head = head(e, &["Username", "Name"], vars, doc.newline);
            let password = read_password(doc, e, vars, &head.name);
            doc.facts.users.push(super::values::user(head, password, get));
        }
        "Role" => doc.facts.roles.push(Role {
            head: head(e, &["Name"], vars, doc.newline),
            resources: get("Resources").map(|r| r.map(|t| Some(parse_resource_list(t)))),
            granted_roles: get("RolesGranted").map(|r| r.list()),
        }),
        "Resource" => doc.facts.resources.push(Resource {
            head: head(e, &["Name"], vars, doc.newline),
            public_permission: get("Permission").map(|r| r.map(Permission::parse)),
        }),
        "Database" => {
            let h = head(e, &["Name"], vars, doc.newline);
            // A database's public permissions are those of its resource.
            if let (Some(public), Some(resource)) = (get("PublicPermissions"), get("Resource")) {
                doc.facts.resources.push(Resource {
                    head: Head { name: resource.text.clone(), name_range: resource.range, ..h.clone() },
                    public_permission: Some(public.map(Permission::parse)),
                });
            }
            doc.facts.databases.push(Database {
                head: h,
                resource: get("Resource").map(|r| r.string()),
                directory: get("Dir").map(|r| r.string()),
            });
        }
        "Namespace" => doc.facts.namespaces.push(Namespace {
            head: head(e, &["Name"], vars, doc.newline),
            globals: get("Data").map(|r| r.string()),
            routines: get("Code").map(|r| r.string()),
        }),
        "CSPApplication" | "RESTApplication" => doc.facts.applications.push(Application {
            head: head(e, &["Url", "Name"], vars, doc.newline),
            enabled: get("Enabled").map(|r| r.boolean()),
            authe: AppAuthe { mask: get("AuthenticationMethods").map(|r| r.map(parse_mask)), ..Default::default() },
            roles: get("Grant").map(|r| r.list()),
            match_roles: get("MatchRoles").map(|r| r.map(|t| Some(MatchRoles::parse(t)))),
            resource: get("Resource").map(|r| r.string()),
            namespace: e.parent.and_then(|p| attribute(&tree.elements[p], "Name", vars)).map(|r| r.string()),
            cors_allowlist: get("CorsAllowlist").map(|r| r.string()),
            cors_credentials: get("CorsCredentialsAllowed").map(|r| r.boolean()),
        }),
        "SystemSetting" => {
            // Name="Config.Startup.WebServer" → [Startup] WebServer.
            if let (Some(name), Some(value)) = (get("Name"), get("Value")) {
                if let Some((class, key)) = name.text.rsplit_once('.') {
                    let section = class.strip_prefix("Config.").unwrap_or(class);
                    let mut value = value.string();
                    value.entry = e.start_tag;
                    doc.facts.settings.push(Setting { section: section.into(), key: key.to_string(), value });
                }
            }
        }
        "Invoke" => {
            let args = tree
                .children(index)
                .filter(|(_, c)| c.name.eq_ignore_ascii_case("Arg"))
                .map(|(_, c)| attribute(c, "Value", vars).map(|r| r.text).unwrap_or_default())
                .collect();
            doc.facts.invokes.push(super::xml_common::invoke(e, args, vars));
        }
        "Credential" => {
            if let Some(password) = get("Password").filter(|p| !p.text.is_empty()) {
                let name = get("Name").map(|r| r.text).unwrap_or_default();
                doc.facts.secrets.push(Secret {
                    kind: SecretKind::Credential,
                    owner: format!("credential {name}"),
                    form: if password.resolved {
                        SecretForm::Plaintext(password.text.clone())
                    } else {
                        SecretForm::Unknown
                    },
                    value: password.string(),
                    username: get("Username").map(|r| r.text),
                });
            }
        }
        _ => {}
    }
}

/// A `<User>`'s password comes from the variable its `PasswordVar` names.
fn read_password(doc: &mut Document, e: &XmlElement, vars: &Variables, user: &str) -> Option<usize> {
    let var = e.attribute("PasswordVar")?;
    let (text, defined_at, resolved) = vars.substitute(&format!("${{{}}}", var.value));
    let raw = first_attribute(e, &["PasswordVar"], vars)?;
    let mut value = raw.string();
    value.text = text.clone();
    value.defined_at = defined_at;
    // The password itself is written where the variable is defined.
    if let Some(at) = defined_at {
        value.range = at;
        value.entry = at;
        value.handle = None;
    }
    let form = if resolved && !text.is_empty() { SecretForm::Plaintext(text) } else { SecretForm::Unknown };
    Some(doc.facts.add_user_password(user, form, value))
}
