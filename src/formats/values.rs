//! Building [`Value`]s from the text a format found.

use crate::model::edit::ValueHandle;
use crate::model::known::parse_bool;
use crate::model::Value;
use crate::syntax::text::TextRange;

/// A raw value with its place in the file, before it is given a meaning.
#[derive(Clone, Debug)]
pub struct Raw {
    pub text: String,
    pub range: TextRange,
    pub entry: TextRange,
    pub handle: Option<ValueHandle>,
    pub defined_at: Option<TextRange>,
    /// False when the text still holds a placeholder only known at run time.
    pub resolved: bool,
}

impl Raw {
    pub fn map<T>(&self, parse: impl FnOnce(&str) -> Option<T>) -> Value<T> {
        Value {
            text: self.text.clone(),
            // Parsers reject placeholders themselves (`${X}` is no boolean),
            // while lists keep them as opaque names.
            parsed: parse(self.text.trim()),
            range: self.range,
            entry: self.entry,
            handle: self.handle.clone(),
            defined_at: self.defined_at,
        }
    }

    pub fn string(&self) -> Value<String> {
        self.map(|t| Some(t.to_string()))
    }

    /// [`Raw::string`], keeping the text instead of copying it.
    pub fn into_string(self) -> Value<String> {
        Value {
            parsed: Some(self.text.trim().to_string()),
            text: self.text,
            range: self.range,
            entry: self.entry,
            handle: self.handle,
            defined_at: self.defined_at,
        }
    }

    pub fn boolean(&self) -> Value<bool> {
        self.map(parse_bool)
    }

    pub fn list(&self) -> Value<Vec<String>> {
        self.map(|t| Some(split_list(t)))
    }
}

/// A comma list: `%All,%Developer`, ignoring blanks.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Whether a value holds a placeholder that only the tooling or IRIS fills in.
pub fn has_placeholder(text: &str) -> bool {
    text.contains("${") || text.contains("#{") || text.contains("{$")
}

/// A user from the `Security.Users` property names, which `[Actions]` and the
/// installer's `<User>` share; `get` reads one property.
pub fn user(
    head: crate::model::Head,
    password: Option<usize>,
    get: impl Fn(&str) -> Option<Raw>,
) -> crate::model::User {
    crate::model::User {
        enabled: get("Enabled").map(|r| r.boolean()),
        roles: get("Roles").map(|r| r.list()),
        change_password: get("ChangePassword").map(|r| r.boolean()),
        password_never_expires: get("PasswordNeverExpires").map(|r| r.boolean()),
        account_never_expires: get("AccountNeverExpires").map(|r| r.boolean()),
        password,
        head,
    }
}

/// `Security.Applications.AutheEnabled` has `InitialExpression = 64`
/// (unauthenticated; class reference of `Security.Applications`): an
/// application created without it allows unauthenticated access. The value
/// stands at `at` (the application's name, or the entry that leaves every
/// method off); a fix adds the property.
pub fn default_app_authe(at: crate::syntax::text::TextRange) -> crate::model::Value<crate::model::authe::AutheMask> {
    crate::model::Value {
        text: "64 (the default when AutheEnabled is not given)".into(),
        parsed: Some(crate::model::authe::AutheMask(crate::model::authe::AutheMask::UNAUTHENTICATED)),
        range: at,
        entry: at,
        handle: None,
        defined_at: None,
    }
}
