//! `[Actions]` lines of CPF merge files: `CreateUser:Name=…,Roles=…`.
//! Properties take the names of the matching `Security.*` / `Config.*` class.

use super::document::Document;
use super::values::{has_placeholder, Raw};
use crate::model::authe::parse_mask;
use crate::model::edit::{InsertHandle, Syntax, ValueHandle};
use crate::model::permissions::{parse_resource_list, Permission};
use crate::model::secrets::SecretForm;
use crate::model::*;
use crate::syntax::cpf::{IniAction, IniProperty};

fn raw(p: &IniProperty) -> Raw {
    Raw {
        text: p.value.clone(),
        range: p.value_range,
        entry: p.range,
        handle: Some(ValueHandle {
            syntax: Syntax::ActionProperty,
            value: p.value_range,
            quoted: p.quoted,
            entry: p.removal,
        }),
        defined_at: None,
        resolved: !has_placeholder(&p.value),
    }
}

/// Splits `CreateUser` into (`Create`, `User`).
fn split_operation(name: &str) -> Option<(Origin, &str)> {
    for (prefix, origin) in [("Create", Origin::Create), ("Modify", Origin::Modify), ("Delete", Origin::Delete)] {
        if name.len() > prefix.len() && name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            return Some((origin, &name[prefix.len()..]));
        }
    }
    None
}

pub fn read(doc: &mut Document, action: &IniAction) {
    let Some((origin, object)) = split_operation(&action.name) else {
        if action.name.eq_ignore_ascii_case("Execute") {
            read_execute(doc, action);
        }
        return;
    };
    let get = |key: &str| action.property(key).map(raw);
    let name_prop = action.property("Name");
    let head = Head {
        name: name_prop.map(|p| p.value.clone()).unwrap_or_default(),
        name_range: name_prop.map(|p| p.value_range).unwrap_or(action.name_range),
        origin,
        anchor: action.range,
        // A property is added at the end of the line only where the line ends
        // with the action: after text it cannot read, it would join that text.
        insert: ends_its_line(&doc.text, action.range.end).then_some(InsertHandle {
            syntax: Syntax::ActionProperty,
            at: action.range.end,
            newline: doc.newline,
        }),
    };
    match object.to_ascii_lowercase().as_str() {
        "user" => {
            let password = read_user_password(doc, action, &head.name);
            doc.facts.users.push(super::values::user(head, password, get));
        }
        "role" => doc.facts.roles.push(Role {
            resources: get("Resources").map(|r| r.map(|t| Some(parse_resource_list(t)))),
            granted_roles: get("GrantedRoles").map(|r| r.list()),
            head,
        }),
        "resource" => doc
            .facts
            .resources
            .push(Resource { public_permission: get("PublicPermission").map(|r| r.map(Permission::parse)), head }),
        "service" => doc.facts.services.push(Service {
            enabled: get("Enabled").map(|r| r.boolean()),
            authe: get("AutheEnabled").map(|r| r.map(parse_mask)),
            client_addresses: get("ClientSystems").map(|r| r.string()),
            head,
        }),
        "application" => doc.facts.applications.push(Application {
            enabled: get("Enabled").map(|r| r.boolean()),
            authe: AppAuthe {
                mask: get("AutheEnabled").map(|r| r.map(parse_mask)).or_else(|| default_app_authe(origin, &head)),
                ..Default::default()
            },
            // Security.Applications has no Roles property: its grants are MatchRoles.
            roles: None,
            match_roles: get("MatchRoles").map(|r| r.map(|t| Some(MatchRoles::parse(t)))),
            resource: get("Resource").map(|r| r.string()),
            namespace: get("NameSpace").map(|r| r.string()),
            cors_allowlist: get("CorsAllowlist").map(|r| r.string()),
            cors_credentials: get("CorsCredentialsAllowed").map(|r| r.boolean()),
            head,
        }),
        "database" => doc.facts.databases.push(Database {
            // Documented as `ResourceName`; public files write `Resource`.
            resource: get("ResourceName").or_else(|| get("Resource")).map(|r| r.string()),
            directory: get("Directory").map(|r| r.string()),
            head,
        }),
        "namespace" => doc.facts.namespaces.push(Namespace {
            globals: get("Globals").map(|r| r.string()),
            routines: get("Routines").map(|r| r.string()),
            head,
        }),
        "event" => {
            let part = |k: &str| action.property(k).map(|p| p.value.clone()).unwrap_or_default();
            doc.facts.audit_events.push(AuditEvent {
                name: format!("{}/{}/{}", part("Source"), part("Type"), part("Name")),
                anchor: action.range,
                enabled: get("Enabled").map(|r| r.boolean()),
            });
        }
        // `ModifySystem:AuditEnabled=0,PasswordPattern=…`: instance-wide security settings.
        "system" => {
            for p in &action.properties {
                doc.facts.settings.push(Setting {
                    section: "Security.System".into(),
                    key: p.key.clone(),
                    value: raw(p).string(),
                });
            }
        }
        // `ModifyStartup:WebServer=1`, `ModifyConfig:…`, `ModifyMiscellaneous:…`:
        // the properties are settings of the CPF section of that name.
        section if origin == Origin::Modify && is_cpf_section_action(section) => {
            for p in &action.properties {
                doc.facts.settings.push(Setting { section: object.into(), key: p.key.clone(), value: raw(p).string() });
            }
        }
        _ => {}
    }
}

/// Whether only blanks follow `at` on its line.
fn ends_its_line(text: &str, at: usize) -> bool {
    text.get(at..)
        .is_some_and(|rest| rest.chars().take_while(|c| *c != '\n' && *c != '\r').all(|c| c == ' ' || c == '\t'))
}

fn default_app_authe(origin: Origin, head: &Head) -> Option<Value<crate::model::authe::AutheMask>> {
    (origin == Origin::Create).then(|| super::values::default_app_authe(head.name_range))
}

fn is_cpf_section_action(object: &str) -> bool {
    crate::catalog::cpf().section(object).is_some() && !object.eq_ignore_ascii_case("actions")
}

fn read_user_password(doc: &mut Document, action: &IniAction, user: &str) -> Option<usize> {
    let (p, form) = if let Some(p) = action.property("PasswordHash") {
        (p, SecretForm::Hash(p.value.clone()))
    } else if let Some(p) = action.property("Password") {
        (p, SecretForm::Plaintext(p.value.clone()))
    } else {
        return None;
    };
    if p.value.is_empty() {
        return None;
    }
    let value = raw(p);
    let form = if value.resolved { form } else { SecretForm::Unknown };
    Some(doc.facts.add_user_password(user, form, value.string()))
}

fn read_execute(doc: &mut Document, action: &IniAction) {
    let value = |k: &str| action.property(k).map(|p| p.value.clone()).unwrap_or_default();
    let mut args: Vec<(usize, String)> = action
        .properties
        .iter()
        .filter_map(|p| {
            let n = p.key.strip_prefix("Arg").or_else(|| p.key.strip_prefix("arg"))?.parse().ok()?;
            Some((n, p.value.clone()))
        })
        .collect();
    args.sort();
    doc.facts.invokes.push(Invoke {
        class: value("ClassName"),
        method: value("MethodName"),
        args: args.into_iter().map(|(_, v)| v).collect(),
        anchor: action.range,
    });
}
