//! Fix builders the rules share.

use crate::findings::{Fix, Safety};
use crate::model::Value;

/// A fix setting `value` to `new_text`, when the value can be rewritten in place.
pub fn set<T>(value: &Value<T>, new_text: &str, title: &str, safety: Safety) -> Option<Fix> {
    let handle = value.handle.as_ref()?;
    Some(Fix { title: title.to_string(), safety, edits: vec![handle.replace(new_text)] })
}

/// The list without `item` (case-insensitive), joined with commas.
pub fn without(list: &[String], item: &str) -> String {
    list.iter().filter(|r| !r.eq_ignore_ascii_case(item)).cloned().collect::<Vec<_>>().join(",")
}

pub fn has(list: &[String], item: &str) -> bool {
    list.iter().any(|r| r.eq_ignore_ascii_case(item))
}

/// Switches an application from unauthenticated access to password: the bit
/// mask loses 64 and gains 32; the package manager's flags are set to match.
pub fn require_password(app: &crate::model::Application) -> Option<Fix> {
    let title = "require password authentication";
    let mask_written = app.authe.mask.as_ref().is_some_and(|m| m.handle.is_some());
    if app.authe.flags && app.authe.unauthenticated_flag.is_none() && !mask_written {
        // The package manager's flags: switch password authentication on.
        let edit = match &app.authe.password_flag {
            Some(p) => p.handle.as_ref()?.replace("1"),
            None => app.head.insert.as_ref()?.insert("PasswordAuthEnabled", "1"),
        };
        return Some(Fix { title: title.into(), safety: Safety::Unsafe, edits: vec![edit] });
    }
    if let Some(flag) = &app.authe.unauthenticated_flag {
        let mut edits = Vec::new();
        if flag.known() != Some(&false) {
            edits.push(flag.handle.as_ref()?.replace("0"));
        }
        match &app.authe.password_flag {
            Some(p) if p.known() == Some(&true) => {}
            Some(p) => edits.push(p.handle.as_ref()?.replace("1")),
            None => edits.push(app.head.insert.as_ref()?.insert("PasswordAuthEnabled", "1")),
        }
        // An `AutheEnabled` written beside the flags says the same: it changes with them.
        if let Some(mask) = app.authe.mask.as_ref().filter(|m| m.handle.is_some()) {
            let known = mask.known()?.0;
            if known & crate::model::authe::AutheMask::UNAUTHENTICATED != 0 {
                let new = (known & !crate::model::authe::AutheMask::UNAUTHENTICATED)
                    | crate::model::authe::AutheMask::PASSWORD;
                edits.push(mask.handle.as_ref()?.replace(&new.to_string()));
            }
        }
        return Some(Fix { title: title.into(), safety: Safety::Unsafe, edits });
    }
    let mask = app.authe.mask.as_ref()?;
    let new =
        (mask.known()?.0 & !crate::model::authe::AutheMask::UNAUTHENTICATED) | crate::model::authe::AutheMask::PASSWORD;
    let title = format!("{title} (AutheEnabled={new})");
    match &mask.handle {
        Some(_) => set(mask, &new.to_string(), &title, Safety::Unsafe),
        // Not written (the default applies): add the property.
        None => {
            let insert = app.head.insert.as_ref()?;
            Some(Fix { title, safety: Safety::Unsafe, edits: vec![insert.insert("AutheEnabled", &new.to_string())] })
        }
    }
}

/// `web application /csp/app`.
pub fn app_label(app: &crate::model::Application) -> String {
    if app.head.name.is_empty() {
        "web application".to_string()
    } else {
        format!("web application {}", app.head.name)
    }
}
