//! ObjectScript setup code, read into the few events the formats need:
//! local variables set and killed, class methods called, package-manager
//! commands. Everything is in host positions (see [`Embedded`]);
//! commented-out code is never an event.
//!
//! Two readers give the same [`Script`]: InterSystems' own tree-sitter
//! grammar (`tree-sitter-objectscript-playground`, statements as in
//! `iris.script`; `grammar`), the reference, and a hand-written reader
//! (`fast`, with its expressions in `expr`) several times faster. The fast
//! reader reads only what it can read with certainty and declines a whole
//! unit at anything else (an unknown command, indirection, embedded SQL,
//! preprocessor lines, old-style `if`/`for` lines, dot blocks, a line it
//! cannot end…); the unit is then read with the grammar. That both agree
//! wherever the fast reader answers is checked by
//! `tests/objectscript_differential.rs` (fixtures, real setup code and
//! generated statements) and the `objectscript_differential` fuzz target.

mod commands;
mod expr;
#[doc(hidden)]
pub use expr::KNOWN_FUNCTIONS;
mod fast;
mod grammar;
mod zpm;

use super::embedded::Embedded;
use super::text::TextRange;
use std::cell::RefCell;

/// An expression's meaning, as far as it can be read without running it.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `"text"` (the `""` escapes undone).
    Str(String),
    /// `48`, `-1`, `1.5`.
    Num(String),
    /// `$$$AutheCache` (the name without `$$$`).
    Macro(String),
    /// A local variable, maybe subscripted: `name`, `p("AutheEnabled")`.
    Local { name: String, subscripts: Vec<Expr> },
    /// Operands joined by `+`.
    Sum(Vec<Expr>),
    /// Operands joined by `_`.
    Concat(Vec<Expr>),
    /// Anything else: a function, a global, an object property, a call.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    /// The expression's text as written (escapes of the host undone).
    pub source: String,
    /// Where it stands in the host.
    pub range: TextRange,
    /// For a string literal: the text between the quotes, in the host.
    pub inner: Option<TextRange>,
    /// Whether replacing `range` in the host replaces exactly this expression.
    pub editable: bool,
}

/// A call of a class method: `##class(Security.Users).Modify(…)`, or
/// `$SYSTEM.OBJ.Load(…)` (class `%SYSTEM.OBJ`).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub class: String,
    pub method: String,
    /// Positional arguments; `None` where the argument is left out (`Modify(,.p)`).
    pub args: Vec<Option<Arg>>,
    /// The whole call.
    pub range: TextRange,
    /// The statement holding it (what a suppression comment above covers).
    pub statement: TextRange,
}

impl Call {
    pub fn is(&self, class: &str, method: &str) -> bool {
        self.class.eq_ignore_ascii_case(class) && self.method.eq_ignore_ascii_case(method)
    }

    pub fn arg(&self, i: usize) -> Option<&Arg> {
        self.args.get(i).and_then(Option::as_ref)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `.name`: passed by reference.
    ByRef(String),
    Value(Expr),
}

/// What a statement does, in the order the code runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `set name(subscripts…) = value`.
    Set {
        name: String,
        subscripts: Vec<Expr>,
        value: Expr,
        entry: TextRange,
    },
    /// `kill a, b` or `new a`; `names` is `None` for `kill` with no argument (every local).
    Kill {
        names: Option<Vec<String>>,
        statement: TextRange,
    },
    Call(Call),
    /// `zpm "install passwordless"`: the command text and its string's range.
    Zpm {
        command: String,
        argument: TextRange,
        statement: TextRange,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    pub events: Vec<Event>,
    /// Comments, in host positions, with their text.
    pub comments: Vec<(TextRange, String)>,
}

impl Script {
    fn extend(&mut self, other: Script) {
        self.events.extend(other.events);
        self.comments.extend(other.comments);
    }
}

/// Reads a unit of embedded ObjectScript: with the hand-written reader when
/// it reads the whole unit, else with the grammar.
pub fn read(code: &Embedded) -> Script {
    record(code);
    let (mut script, text) = prepare(code);
    match fast::read(code, &text) {
        Some(read) => script.extend(read),
        None => grammar::read(code, &text, &mut script),
    }
    finish(script)
}

/// The hand-written reader alone: `None` where it declines the unit.
#[doc(hidden)]
pub fn read_fast(code: &Embedded) -> Option<Script> {
    let (mut script, text) = prepare(code);
    script.extend(fast::read(code, &text)?);
    Some(finish(script))
}

/// The grammar alone (the reference the hand-written reader is held to).
#[doc(hidden)]
pub fn read_with_grammar(code: &Embedded) -> Script {
    let (mut script, text) = prepare(code);
    grammar::read(code, &text, &mut script);
    finish(script)
}

/// The unit's `zpm` commands as events, and its text with them blanked
/// (the grammar reads `zpm "…"` as an error; blanked, what follows parses).
fn prepare(code: &Embedded) -> (Script, String) {
    let mut script = Script::default();
    let mut text = code.text.clone();
    for zpm in zpm::zpm_commands(&code.text) {
        let statement = code.host_range(zpm.start, zpm.end);
        let argument = code.host_range(zpm.arg_start, zpm.arg_end);
        script.events.push(Event::Zpm { command: zpm.command, argument, statement });
        // SAFETY of the slice: the command is ASCII up to its string, and the
        // blanked range holds whole characters.
        text.replace_range(zpm.start..zpm.end, &" ".repeat(zpm.end - zpm.start));
    }
    (script, text)
}

/// Every event in the order it runs (a stable sort keeps the reading order
/// where keys tie).
fn finish(mut script: Script) -> Script {
    script.events.sort_by_key(event_start);
    script
}

/// Where an event happens: a `set` after the calls in its value.
fn event_start(e: &Event) -> usize {
    match e {
        Event::Set { entry, .. } => entry.end,
        Event::Kill { statement, .. } => statement.start,
        Event::Call(c) => c.range.start,
        Event::Zpm { statement, .. } => statement.start,
    }
}

thread_local! {
    static RECORDED: RefCell<Option<Vec<Embedded>>> = const { RefCell::new(None) };
}

fn record(code: &Embedded) {
    RECORDED.with(|r| {
        if let Some(units) = r.borrow_mut().as_mut() {
            units.push(code.clone());
        }
    });
}

/// Runs `f` and returns, with its result, every unit [`read`] was given
/// meanwhile on this thread (how the tests find the units the hosts cut).
#[doc(hidden)]
pub fn recording_units<R>(f: impl FnOnce() -> R) -> (R, Vec<Embedded>) {
    RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let out = f();
    let units = RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (out, units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<Event> {
        read(&Embedded::whole(text)).events
    }

    #[test]
    fn calls_sets_kills_and_zpm_in_order() {
        let text = " zn \"%SYS\"\n kill p set p(\"AutheEnabled\")=$$$AutheCache+64\n do ##class(Security.Applications).Modify(\"/a\",.p)\n zpm \"install passwordless\"\n w ##class(Security.Users).UnExpireUserPasswords(\"*\")\n";
        let ev = events(text);
        assert!(matches!(&ev[0], Event::Kill { names: Some(n), .. } if n == &["p"]));
        let Event::Set { name, subscripts, value, .. } = &ev[1] else { panic!("{:?}", ev[1]) };
        assert_eq!(name, "p");
        assert_eq!(subscripts[0].kind, ExprKind::Str("AutheEnabled".into()));
        assert!(matches!(&value.kind, ExprKind::Sum(v) if v.len() == 2));
        let Event::Call(c) = &ev[2] else { panic!() };
        assert!(c.is("security.applications", "modify"));
        assert_eq!(c.arg(1), Some(&Arg::ByRef("p".into())));
        let Event::Zpm { command, argument, .. } = &ev[3] else { panic!("{:?}", ev[3]) };
        assert_eq!(command, "install passwordless");
        assert_eq!(&text[argument.start..argument.end], "\"install passwordless\"");
        let Event::Call(c) = &ev[4] else { panic!() };
        assert_eq!(&text[c.range.start..c.range.end], "##class(Security.Users).UnExpireUserPasswords(\"*\")");
    }

    #[test]
    fn commented_code_is_no_event() {
        let text = " // do ##class(Security.Users).UnExpireUserPasswords(\"*\")\n ; zpm \"install passwordless\"\n #; set p(\"A\")=1\n /* do ##class(A.B).C() */\n";
        let script = read(&Embedded::whole(text));
        assert!(script.events.is_empty(), "{:?}", script.events);
        assert_eq!(script.comments.len(), 4);
    }

    #[test]
    fn left_out_arguments_keep_their_positions() {
        let ev = events(" do ##class(Security.System).Get(,.p)\n set x=##class(Security.Users).Create(\"u\",\"%All\",\"pw\",,,,,0)\n");
        let Event::Call(c) = &ev[0] else { panic!() };
        assert_eq!(c.args.len(), 2);
        assert!(c.arg(0).is_none());
        let Event::Call(c) = &ev[1] else { panic!() };
        assert_eq!(c.args.len(), 8);
        assert!(matches!(c.arg(7), Some(Arg::Value(e)) if e.kind == ExprKind::Num("0".into())));
    }

    /// The shapes the hand-written reader must read itself, as the grammar does.
    #[test]
    fn tricky_shapes_are_read_fast_and_alike() {
        for text in [
            " set x = \"a\"\"b\", y = \"http://h;x\" // c\n",
            " set a = 1 ; c\n set b = 2 #; d\n s c=3 /* e */ s d=4\n",
            " do ##class(A.B).C(##class(D.E).F(1), $$$M(##class(G.H).I()))\n",
            " do ##class(Security.System).Get(,.p)\n set x=##class(Security.Users).Create(\"u\",\"%All\",\"pw\",,,,,0)\n",
            " do:x=1 ##class(A).B()  quit:'$d(x)  set:a b=1\n kill:st ^X\n",
            " set sc=$SYSTEM.OBJ.Load(\"/x/I.cls\",\"ck\"), sc = $system.Status.OK()\n",
            " $$$ThrowOnError(##class(Security.Users).UnExpireUserPasswords(\"*\"))\n",
            " if x { do ..M() } elseif y { set y = 2 }\n else { kill p }\n for i=1:1:3 { w i,! }\n",
            " try {\n  set x = (1) + 2 _ 3\n } catch e { quit }\n do { s x = -1 } while x < 1\n",
            " new $namespace\n if 'sc do $system.OBJ.DisplayError(sc) quit\n",
        ] {
            let code = Embedded::whole(text);
            let fast = read_fast(&code).unwrap_or_else(|| panic!("declined: {text:?}"));
            assert_eq!(fast, read_with_grammar(&code), "{text:?}");
        }
    }

    #[test]
    fn what_is_not_read_with_certainty_is_declined() {
        for text in [
            " set x = @y\n",
            " &sql(select 1)\n",
            "#define X 1\n",
            " if x\n . set y=1\n",
            " set x = $case(a,1:2,:3)\n",
            " set x = \"a\" _\n  \"b\"\n",
            " set x = \"unterminated\n",
            " quit ;c\n",
            " set b=1\r\n",
        ] {
            assert!(read_fast(&Embedded::whole(text)).is_none(), "read: {text:?}");
        }
    }

    #[test]
    fn wrapped_calls_are_read() {
        let ev = events(" $$$ThrowOnError(##class(Security.Users).UnExpireUserPasswords(\"*\"))\n set sc=$SYSTEM.OBJ.Load(\"/x/I.cls\",\"ck\")\n");
        assert!(matches!(&ev[0], Event::Call(c) if c.is("Security.Users", "UnExpireUserPasswords")));
        assert!(matches!(&ev[1], Event::Call(c) if c.is("%SYSTEM.OBJ", "Load")));
    }
}
