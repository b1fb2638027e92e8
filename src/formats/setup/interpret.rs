//! The local-variable flow of one script or method: what `set p("X")=…`
//! holds when `Modify(name,.p)` runs. Only literal values are known;
//! anything computed, or loaded by `Get(name,.p)`, is unknown and never
//! reported as if known.

use crate::formats::values::Raw;
use crate::model::edit::{Syntax, ValueHandle};
use crate::syntax::objectscript::{Expr, ExprKind};
use crate::syntax::text::TextRange;
use std::collections::HashMap;

/// A value as the code leaves it.
#[derive(Clone, Debug)]
pub struct Val {
    /// The value, when it is a literal (or literal arithmetic); `None`: only
    /// known at run time.
    pub known: Option<String>,
    /// The expression as written, for messages about unknown values.
    pub source: String,
    /// The literal's place (where a fix edits it).
    pub range: TextRange,
    /// The statement part that set it (`p("AutheEnabled")=64`).
    pub entry: TextRange,
    pub handle: Option<ValueHandle>,
}

impl Val {
    pub fn raw(&self) -> Raw {
        Raw {
            text: self.known.clone().unwrap_or_else(|| self.source.clone()),
            range: self.range,
            entry: self.entry,
            handle: self.handle.clone(),
            defined_at: None,
            resolved: self.known.is_some(),
        }
    }

    /// A [`Raw`] whose meaning is parsed only when the value is known.
    pub fn typed<T>(&self, parse: impl FnOnce(&str) -> Option<T>) -> crate::model::Value<T> {
        let mut v = self.raw().map(|_| None);
        v.parsed = self.known.as_deref().and_then(|t| parse(t.trim()));
        v
    }
}

/// A local: its own value and its subscripts (`p("AutheEnabled")`).
#[derive(Clone, Debug, Default)]
pub struct Local {
    pub scalar: Option<Val>,
    /// Subscripts in the order they were set; names are case-sensitive.
    pub subscripts: Vec<(String, Val)>,
    /// Set by `Get(name,.p)`: every property the code does not set has the
    /// instance's current value, unknown here.
    pub loaded: bool,
}

impl Local {
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.subscripts.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Default)]
pub struct Locals {
    vars: HashMap<String, Local>,
    /// After an argumentless `kill`, every local is known to be undefined.
    all_killed: bool,
    /// The host expands shell variables: a `$NAME` in a string is unknown.
    pub shell_expanded: bool,
}

impl Locals {
    pub fn new(shell_expanded: bool) -> Self {
        Self { shell_expanded, ..Self::default() }
    }

    pub fn local(&self, name: &str) -> Option<&Local> {
        self.vars.get(name)
    }

    /// Whether the array may hold values the code did not set here: it was
    /// loaded by `Get`, or came from outside the unit (a method's argument).
    pub fn may_hold_unknown(&self, name: &str) -> bool {
        match self.vars.get(name) {
            Some(l) => l.loaded,
            None => !self.all_killed,
        }
    }

    pub fn kill(&mut self, names: Option<&[String]>) {
        match names {
            // Killed locals are known to be empty.
            Some(names) => names.iter().for_each(|n| {
                self.vars.insert(n.clone(), Local::default());
            }),
            None => {
                self.vars.clear();
                self.all_killed = true;
            }
        }
    }

    /// `Get(name,.p)`: the array now holds the instance's values.
    pub fn load(&mut self, name: &str) {
        self.vars.insert(name.to_string(), Local { loaded: true, ..Local::default() });
    }

    pub fn set(&mut self, name: &str, subscripts: &[Expr], value: Val) {
        if subscripts.is_empty() {
            self.vars.entry(name.to_string()).or_default().scalar = Some(value);
            return;
        }
        let key = match subscripts {
            [one] => self.eval(one, one.range).known,
            _ => None,
        };
        let local = self.vars.entry(name.to_string()).or_default();
        match key {
            Some(key) => local.subscripts.push((key, value)),
            // A subscript only known at run time may be any property.
            None => local.loaded = true,
        }
    }

    /// What an expression evaluates to; `entry` is the statement part it stands in.
    pub fn eval(&self, e: &Expr, entry: TextRange) -> Val {
        let handle = literal_handle(e);
        let mut val = Val { known: None, source: e.source.clone(), range: e.inner.unwrap_or(e.range), entry, handle };
        val.known = match &e.kind {
            ExprKind::Str(s) if self.shell_expanded && expands_variable(s) => None,
            ExprKind::Str(s) => Some(s.clone()),
            ExprKind::Num(n) => Some(canonical_number(n)),
            // Masks read macros themselves (`$$$AutheCache`).
            ExprKind::Macro(m) => Some(format!("$$${m}")),
            ExprKind::Local { name, subscripts } => {
                let local = self.vars.get(name);
                let found = match subscripts.as_slice() {
                    [] => local.and_then(|l| l.scalar.clone()),
                    [one] => {
                        let key = self.eval(one, entry).known;
                        local.zip(key).and_then(|(l, k)| l.get(&k).cloned())
                    }
                    _ => None,
                };
                // The variable's literal is where a fix would edit.
                return found.map(|v| Val { entry, ..v }).unwrap_or(val);
            }
            ExprKind::Sum(parts) => {
                let terms: Option<Vec<String>> = parts.iter().map(|p| self.eval(p, entry).known).collect();
                terms.map(|t| t.join("+"))
            }
            ExprKind::Concat(parts) => {
                let terms: Option<Vec<String>> = parts.iter().map(|p| self.eval(p, entry).known).collect();
                terms.map(|t| t.concat())
            }
            ExprKind::Other => None,
        };
        if !matches!(e.kind, ExprKind::Str(_) | ExprKind::Num(_)) {
            val.handle = None;
        }
        val
    }
}

/// `$NAME` or `${NAME}` in text a shell expands.
fn expands_variable(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2).any(|w| w[0] == b'$' && (w[1].is_ascii_alphabetic() || w[1] == b'_' || w[1] == b'{'))
}

/// ObjectScript reads `"1"`, `1` and `+1` alike in a boolean or number.
fn canonical_number(n: &str) -> String {
    n.trim_start_matches('+').to_string()
}

/// A literal written verbatim in the host can be edited in place.
fn literal_handle(e: &Expr) -> Option<ValueHandle> {
    if !e.editable {
        return None;
    }
    let (value, quoted) = match e.kind {
        ExprKind::Str(_) => (e.inner?, true),
        ExprKind::Num(_) => (e.range, false),
        _ => return None,
    };
    Some(ValueHandle { syntax: Syntax::ObjectScript, value, quoted, entry: e.range })
}
