//! The class methods setup code calls to configure security, turned into the
//! same facts the configuration files give: `Security.Users`,
//! `Security.Applications`, `Security.Services`, `Security.Resources`,
//! `Security.Roles`, `Security.System`, `Config.*` and the package manager.
//!
//! Signatures are those of the class reference (InterSystems, `Security.Users`
//! and siblings, `%SYS`): `Create(Name, .Properties)` / `Modify(Name,
//! .Properties)` for applications, services, resources and roles (`Create`
//! of resources and roles also takes positional values),
//! `Security.Users.Create(Username, Roles, Password, FullName, NameSpace,
//! Routine, ExpirationDate, ChangePassword, Enabled, …)`,
//! `Security.System.Modify(Name, .Properties)` and `Config.<Section>.Modify(.Properties)`.

use super::interpret::{Locals, Val};
use crate::formats::document::{Document, Entry, EntryKind, Scope};
use crate::formats::values::{split_list, Raw};
use crate::model::authe::parse_mask;
use crate::model::permissions::{parse_resource_list, Permission};
use crate::model::secrets::SecretForm;
use crate::model::*;
use crate::syntax::objectscript::{Arg, Call};
use crate::syntax::text::TextRange;

/// The properties a call is given: by reference (`.p`) or positionally.
struct Props<'a> {
    locals: &'a Locals,
    array: Option<&'a str>,
    positional: Vec<(&'static str, Val)>,
}

impl Props<'_> {
    fn get(&self, key: &str) -> Option<Raw> {
        if let Some((_, v)) = self.positional.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            return Some(v.raw());
        }
        let local = self.locals.local(self.array?)?;
        local.get(key).map(Val::raw)
    }

    fn val(&self, key: &str) -> Option<Val> {
        if let Some((_, v)) = self.positional.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            return Some(v.clone());
        }
        self.locals.local(self.array?)?.get(key).cloned()
    }

    /// Whether a property the code does not set may still have been set
    /// (the array was loaded by `Get`, or given a computed subscript).
    fn loaded(&self) -> bool {
        self.array.is_some_and(|a| self.locals.may_hold_unknown(a))
    }

    fn keys(&self) -> Vec<(String, Val)> {
        let mut out: Vec<(String, Val)> = self.positional.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        if let Some(local) = self.array.and_then(|a| self.locals.local(a)) {
            out.extend(local.subscripts.iter().cloned());
        }
        out
    }
}

/// Reads one call into facts (or, for `Get`, into the locals).
pub fn read_call(doc: &mut Document, locals: &mut Locals, call: &Call) {
    let class = call.class.to_ascii_lowercase();
    let method = call.method.to_ascii_lowercase();
    let value = |i: usize| match call.arg(i) {
        Some(Arg::Value(e)) => Some(locals.eval(e, e.range)),
        _ => None,
    };
    let byref = |i: usize| match call.arg(i) {
        Some(Arg::ByRef(n)) => Some(n.clone()),
        _ => None,
    };
    if method == "get" {
        // `Get(name,.p)` / `Config.X.Get(.p)`: the array holds what the instance has.
        for i in 0..call.args.len() {
            if let Some(name) = byref(i) {
                locals.load(&name);
            }
        }
        return;
    }
    if class.starts_with("config.") && method == "modify" {
        let array = byref(0).or_else(|| byref(1));
        let props = Props { locals, array: array.as_deref(), positional: vec![] };
        let section = &call.class["Config.".len()..];
        record_entries(doc, &format!("Modify{section}"), call, &props);
        for (key, v) in props.keys() {
            doc.facts.settings.push(Setting { section: section.into(), key, value: v.raw().string() });
        }
        return;
    }
    let origin = match method.as_str() {
        "create" => Origin::Create,
        "modify" => Origin::Modify,
        "delete" => Origin::Delete,
        "addroles" => Origin::Modify,
        _ => {
            read_other(doc, locals, call);
            return;
        }
    };
    let name = value(0);
    let head = |name: &Option<Val>| Head {
        name: name.as_ref().map(|v| v.known.clone().unwrap_or_else(|| format!("({})", v.source))).unwrap_or_default(),
        name_range: name.as_ref().map_or(call.range, |v| v.range),
        origin,
        anchor: call.range,
        insert: None,
    };
    let array = byref(1);
    let array = array.as_deref();
    match class.as_str() {
        "security.users" => {
            let mut positional = Vec::new();
            if method == "create" && array.is_none() {
                for (i, key) in [
                    "Roles",
                    "Password",
                    "FullName",
                    "NameSpace",
                    "Routine",
                    "ExpirationDate",
                    "ChangePassword",
                    "Enabled",
                ]
                .iter()
                .enumerate()
                {
                    if let Some(v) = value(i + 1) {
                        positional.push((*key, v));
                    }
                }
            }
            if method == "addroles" {
                if let Some(v) = value(1) {
                    positional.push(("Roles", v));
                }
            }
            let props = Props { locals, array, positional };
            record_entries(doc, &action_name(origin, "User"), call, &props);
            let head = head(&name);
            let password = read_password(doc, &props, &head.name);
            doc.facts.users.push(crate::formats::values::user(head, password, |k| props.get(k)));
        }
        "security.applications" => {
            let props = Props { locals, array, positional: vec![] };
            record_entries(doc, &action_name(origin, "Application"), call, &props);
            let head = head(&name);
            let mask = props.get("AutheEnabled").map(|r| typed(&props, "AutheEnabled", r, parse_mask));
            // `AutheEnabled` has `InitialExpression = 64`: created without it,
            // the application allows unauthenticated access.
            let mask = mask.or_else(|| {
                (origin == Origin::Create && !props.loaded()).then(|| Value {
                    text: "64 (the default when AutheEnabled is not given)".into(),
                    parsed: Some(crate::model::authe::AutheMask(crate::model::authe::AutheMask::UNAUTHENTICATED)),
                    range: head.name_range,
                    entry: call.range,
                    handle: None,
                    defined_at: None,
                })
            });
            doc.facts.applications.push(Application {
                enabled: props.val("Enabled").map(|v| v.typed(crate::model::known::parse_bool)),
                authe: AppAuthe { mask, ..Default::default() },
                roles: None,
                match_roles: props.val("MatchRoles").map(|v| v.typed(|t| Some(MatchRoles::parse(t)))),
                resource: props.val("Resource").map(|v| v.typed(|t| Some(t.to_string()))),
                namespace: props.val("NameSpace").map(|v| v.typed(|t| Some(t.to_string()))),
                cors_allowlist: props.val("CorsAllowlist").map(|v| v.typed(|t| Some(t.to_string()))),
                cors_credentials: props.val("CorsCredentialsAllowed").map(|v| v.typed(crate::model::known::parse_bool)),
                head,
            });
        }
        "security.services" => {
            let props = Props { locals, array, positional: vec![] };
            record_entries(doc, &action_name(origin, "Service"), call, &props);
            doc.facts.services.push(Service {
                enabled: props.val("Enabled").map(|v| v.typed(crate::model::known::parse_bool)),
                authe: props.val("AutheEnabled").map(|v| v.typed(parse_mask)),
                client_addresses: props.val("ClientSystems").map(|v| v.typed(|t| Some(t.to_string()))),
                head: head(&name),
            });
        }
        "security.resources" => {
            let mut positional = Vec::new();
            if method == "create" && array.is_none() {
                if let Some(v) = value(2) {
                    positional.push(("PublicPermission", v));
                }
            }
            let props = Props { locals, array, positional };
            record_entries(doc, &action_name(origin, "Resource"), call, &props);
            doc.facts.resources.push(Resource {
                public_permission: props.val("PublicPermission").map(|v| v.typed(Permission::parse)),
                head: head(&name),
            });
        }
        "security.roles" => {
            let mut positional = Vec::new();
            if method == "create" && array.is_none() {
                for (i, key) in ["Resources", "GrantedRoles"].iter().enumerate() {
                    if let Some(v) = value(i + 2) {
                        positional.push((*key, v));
                    }
                }
            }
            let props = Props { locals, array, positional };
            record_entries(doc, &action_name(origin, "Role"), call, &props);
            doc.facts.roles.push(Role {
                resources: props.val("Resources").map(|v| v.typed(|t| Some(parse_resource_list(t)))),
                granted_roles: props.val("GrantedRoles").map(|v| v.typed(|t| Some(split_list(t)))),
                head: head(&name),
            });
        }
        "security.system" if origin == Origin::Modify => {
            let props = Props { locals, array, positional: vec![] };
            record_entries(doc, "ModifySystem", call, &props);
            for (key, v) in props.keys() {
                doc.facts.settings.push(Setting { section: "Security.System".into(), key, value: v.raw().string() });
            }
        }
        _ => read_other(doc, locals, call),
    }
}

/// `ModifyApplication` for `Security.Applications.Modify`: the merge
/// operation whose properties are the same class's.
fn action_name(origin: Origin, object: &str) -> String {
    let verb = match origin {
        Origin::Create => "Create",
        Origin::Modify => "Modify",
        Origin::Delete => "Delete",
    };
    format!("{verb}{object}")
}

/// The call and the properties it is given, as entries: what hover explains
/// (the class's property documentation) and the outline lists. Each
/// property follows its call, so the outline nests it there.
fn record_entries(doc: &mut Document, action: &str, call: &Call, props: &Props) {
    let action: std::sync::Arc<str> = action.into();
    doc.entries.push(Entry {
        kind: EntryKind::Action,
        scope: Scope::None,
        name: action.to_string(),
        name_range: call.range,
        value: None,
        range: call.range,
        removal: None,
    });
    for (key, v) in props.keys() {
        // The subscript naming the property, inside `p("AutheEnabled")=…`.
        let entry_text = &doc.text[v.entry.start..v.entry.end];
        let name_range = entry_text
            .find(&format!("\"{key}\""))
            .map(|i| TextRange::new(v.entry.start + i + 1, v.entry.start + i + 1 + key.len()))
            .unwrap_or(v.range);
        let shown = v.known.clone().unwrap_or_else(|| v.source.clone());
        doc.entries.push(Entry {
            kind: EntryKind::Property,
            scope: Scope::Action(action.clone()),
            name: key,
            name_range,
            value: Some((shown, v.range)),
            range: v.entry,
            removal: None,
        });
    }
}

fn typed<T>(props: &Props, key: &str, raw: Raw, parse: impl FnOnce(&str) -> Option<T>) -> Value<T> {
    match props.val(key) {
        Some(v) => v.typed(parse),
        None => raw.map(parse),
    }
}

/// Calls that are not object definitions: `UnExpireUserPasswords`, the
/// package manager's shell.
fn read_other(doc: &mut Document, locals: &Locals, call: &Call) {
    let args: Vec<Option<Val>> = call
        .args
        .iter()
        .map(|a| match a {
            Some(Arg::Value(e)) => Some(locals.eval(e, e.range)),
            _ => None,
        })
        .collect();
    let class = call.class.to_ascii_lowercase();
    if matches!(class.as_str(), "%zpm.packagemanager" | "%ipm.main") && call.method.eq_ignore_ascii_case("Shell") {
        if let Some(Some(cmd)) = args.first() {
            if let Some(known) = &cmd.known {
                read_package_command(doc, known, cmd.range, call.range);
            }
        }
        return;
    }
    doc.facts.invokes.push(Invoke {
        class: call.class.clone(),
        method: call.method.clone(),
        args: args.iter().map(|a| a.as_ref().and_then(|v| v.known.clone()).unwrap_or_default()).collect(),
        anchor: call.range,
    });
}

/// `install passwordless`, `install webterminal -v`: a package installed.
pub fn read_package_command(
    doc: &mut Document,
    command: &str,
    range: crate::syntax::text::TextRange,
    anchor: crate::syntax::text::TextRange,
) {
    let mut words = command.split_whitespace();
    let verb = words.next().unwrap_or("");
    if !verb.eq_ignore_ascii_case("install") {
        return;
    }
    // `install passwordless` names one package; a version may follow it.
    if let Some(word) = words.find(|w| !w.starts_with('-')) {
        let name = word.split('@').next().unwrap_or(word).to_string();
        doc.facts.packages.push(crate::model::PackageInstall { name, range, anchor });
    }
}

fn read_password(doc: &mut Document, props: &Props, user: &str) -> Option<usize> {
    let v = props.val("Password").or_else(|| props.val("PasswordExternal"))?;
    let form = match &v.known {
        Some(p) if !p.is_empty() => SecretForm::Plaintext(p.clone()),
        Some(_) => return None,
        None => SecretForm::Unknown,
    };
    // No placeholder can stand in an ObjectScript literal (nothing expands
    // `${…}` there): the password gets no automatic fix.
    let mut value = v.raw().string();
    value.handle = None;
    Some(doc.facts.add_user_password(user, form, value))
}
