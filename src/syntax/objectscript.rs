//! ObjectScript setup code, read with InterSystems' own tree-sitter grammar
//! (`tree-sitter-objectscript-playground`, statements as in `iris.script`),
//! into the few events the formats need: local variables set and killed,
//! class methods called, package-manager commands. Everything is in host
//! positions (see [`Embedded`]); commented-out code is never an event.

use super::embedded::Embedded;
use super::text::TextRange;
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

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

#[derive(Clone, Debug, Default)]
pub struct Script {
    pub events: Vec<Event>,
    /// Comments, in host positions, with their text.
    pub comments: Vec<(TextRange, String)>,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_objectscript_playground::LANGUAGE_OBJECTSCRIPT.into())
            .expect("the ObjectScript grammar loads");
        p
    });
}

/// Reads embedded ObjectScript.
pub fn read(code: &Embedded) -> Script {
    let mut script = Script::default();
    // The grammar reads `zpm "…"` as an error: take those commands out first
    // and blank them, so that what follows them parses.
    let mut text = code.text.clone();
    for zpm in zpm_commands(&code.text) {
        let statement = code.host_range(zpm.start, zpm.end);
        let argument = code.host_range(zpm.arg_start, zpm.arg_end);
        script.events.push(Event::Zpm { command: zpm.command, argument, statement });
        // SAFETY of the slice: the command is ASCII up to its string, and the
        // blanked range holds whole characters.
        text.replace_range(zpm.start..zpm.end, &" ".repeat(zpm.end - zpm.start));
    }
    let tree = PARSER.with(|p| p.borrow_mut().parse(&text, None));
    let Some(tree) = tree else { return script };
    let reader = Reader { code, text: &text };
    let mut events = Vec::new();
    reader.walk(tree.root_node(), &mut events, &mut script.comments);
    // zpm commands were collected first; put every event in the order it runs
    // (a stable sort keeps the walk's order where keys tie).
    script.events.extend(events);
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

struct Reader<'a> {
    code: &'a Embedded,
    text: &'a str,
}

impl Reader<'_> {
    fn src(&self, n: Node) -> &str {
        &self.text[n.byte_range()]
    }

    fn host(&self, n: Node) -> TextRange {
        self.code.host_range(n.start_byte(), n.end_byte())
    }

    fn walk(&self, n: Node, events: &mut Vec<Event>, comments: &mut Vec<(TextRange, String)>) {
        let kind = n.kind();
        if kind.contains("comment") {
            comments.push((self.host(n), self.src(n).to_string()));
            return;
        }
        if kind == "statement" {
            self.statement(n, events);
        }
        let mut cursor = n.walk();
        for child in n.children(&mut cursor) {
            self.walk(child, events, comments);
        }
    }

    /// One statement's own events (the statements nested in its blocks are
    /// walked on their own).
    fn statement(&self, stmt: Node, events: &mut Vec<Event>) {
        let Some(command) = stmt.named_child(0) else { return };
        let statement = self.host(stmt);
        match command.kind() {
            "command_set" => {
                let mut cursor = command.walk();
                for arg in command.children(&mut cursor).filter(|c| c.kind() == "set_argument") {
                    self.set_argument(arg, statement, events);
                }
            }
            "command_kill" | "command_new" => {
                let mut names = Vec::new();
                collect_kinds(command, "lvn", &mut |lvn| {
                    if let Some(id) = lvn.named_child(0) {
                        names.push(self.src(id).to_string());
                    }
                });
                events.push(Event::Kill { names: (!names.is_empty()).then_some(names), statement });
            }
            _ => self.calls(command, statement, events),
        }
    }

    fn set_argument(&self, arg: Node, statement: TextRange, events: &mut Vec<Event>) {
        let target = arg.child_by_field_name("target").or_else(|| first_kind(arg, "set_target"));
        let value = last_kind(arg, "expression");
        if let Some(value) = value {
            self.calls(value, statement, events);
        }
        let (Some(target), Some(value)) = (target, value) else { return };
        let Some(lvn) = first_kind(target, "lvn") else { return };
        let Some(id) = lvn.named_child(0) else { return };
        events.push(Event::Set {
            name: self.src(id).to_string(),
            subscripts: self.subscripts(lvn),
            value: self.expr(value),
            entry: self.host(arg),
        });
    }

    fn subscripts(&self, lvn: Node) -> Vec<Expr> {
        let Some(args) = first_kind(lvn, "method_args") else { return Vec::new() };
        let mut cursor = args.walk();
        args.children(&mut cursor)
            .filter(|c| c.kind() == "method_arg")
            .filter_map(|a| first_kind(a, "expression"))
            .map(|e| self.expr(e))
            .collect()
    }

    /// Every class method call inside `n`, outside nested statements, in order.
    fn calls(&self, n: Node, statement: TextRange, events: &mut Vec<Event>) {
        let mut cursor = n.walk();
        for child in n.children(&mut cursor) {
            if child.kind() == "statement" {
                continue;
            }
            // Arguments are evaluated before the call.
            self.calls(child, statement, events);
            match child.kind() {
                "class_method_call" => {
                    let class = first_kind(child, "class_ref").and_then(|r| first_kind(r, "class_name"));
                    if let Some(class) = class {
                        let class = self.src(class).to_string();
                        self.call(child, class, statement, events);
                    }
                }
                "system_defined_function" => {
                    // `$SYSTEM.OBJ.Load(…)` is `%SYSTEM.OBJ`'s class method.
                    if let Some(class) = first_kind(child, "class_name") {
                        let class = format!("%SYSTEM.{}", self.src(class));
                        self.call(child, class, statement, events);
                    }
                }
                _ => {}
            }
        }
    }

    fn call(&self, n: Node, class: String, statement: TextRange, events: &mut Vec<Event>) {
        let Some(method) = first_kind(n, "method_name") else { return };
        let mut args = Vec::new();
        if let Some(list) = first_kind(n, "method_args") {
            let mut current = None;
            let mut cursor = list.walk();
            for c in list.children(&mut cursor) {
                match c.kind() {
                    "," => args.push(current.take()),
                    "method_arg" => current = self.arg(c),
                    _ => {}
                }
            }
            if current.is_some() || !args.is_empty() {
                args.push(current);
            }
        }
        events.push(Event::Call(Call {
            class,
            method: self.src(method).to_string(),
            args,
            range: self.host(n),
            statement,
        }));
    }

    fn arg(&self, a: Node) -> Option<Arg> {
        if let Some(byref) = first_kind(a, "byref_arg") {
            let name = first_kind(byref, "lvn").and_then(|l| l.named_child(0)).map(|id| self.src(id).to_string())?;
            return Some(Arg::ByRef(name));
        }
        first_kind(a, "expression").map(|e| Arg::Value(self.expr(e)))
    }

    fn expr(&self, e: Node) -> Expr {
        let range = self.host(e);
        let editable = self.code.is_verbatim(e.start_byte(), e.end_byte());
        let source = self.src(e).to_string();
        let mut parts = Vec::new();
        let mut ops = Vec::new();
        let mut cursor = e.walk();
        for c in e.named_children(&mut cursor) {
            if c.kind() == "binary_operator" {
                ops.push(self.src(c).trim().to_string());
            } else {
                parts.push(c);
            }
        }
        if parts.len() == 1 && ops.is_empty() {
            // The grammar wraps a single operand: the expression is that operand.
            return Expr { range, editable, source, ..self.leaf(parts[0]) };
        }
        let kind = if !ops.is_empty() && ops.len() + 1 == parts.len() {
            let operands = || parts.iter().map(|p| self.leaf(*p)).collect();
            if ops.iter().all(|o| o == "+") {
                ExprKind::Sum(operands())
            } else if ops.iter().all(|o| o == "_") {
                ExprKind::Concat(operands())
            } else {
                ExprKind::Other
            }
        } else {
            ExprKind::Other
        };
        Expr { kind, source, range, inner: None, editable }
    }

    /// An operand: a literal, a macro, a local, or a nested expression.
    fn leaf(&self, n: Node) -> Expr {
        if n.kind() == "expression" {
            return self.expr(n);
        }
        let range = self.host(n);
        let source = self.src(n).to_string();
        let editable = self.code.is_verbatim(n.start_byte(), n.end_byte());
        let mut inner = None;
        let kind = match n.kind() {
            "numeric_literal" => ExprKind::Num(source.clone()),
            "string_literal" if source.len() >= 2 => {
                inner = Some(self.code.host_range(n.start_byte() + 1, n.end_byte() - 1));
                ExprKind::Str(source[1..source.len() - 1].replace("\"\"", "\""))
            }
            "macro" => match n.named_child(0) {
                Some(m) if m.kind() == "macro_constant" => {
                    ExprKind::Macro(self.src(m).trim_start_matches('$').to_string())
                }
                _ => ExprKind::Other,
            },
            "lvn" => match n.named_child(0) {
                Some(id) => ExprKind::Local { name: self.src(id).to_string(), subscripts: self.subscripts(n) },
                None => ExprKind::Other,
            },
            _ => ExprKind::Other,
        };
        Expr { kind, source, range, inner, editable }
    }
}

fn first_kind<'t>(n: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = n.walk();
    let found = n.named_children(&mut cursor).find(|c| c.kind() == kind);
    found
}

fn last_kind<'t>(n: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = n.walk();
    let found = n.named_children(&mut cursor).filter(|c| c.kind() == kind).last();
    found
}

fn collect_kinds<'t>(n: Node<'t>, kind: &str, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = n.walk();
    for c in n.named_children(&mut cursor) {
        if c.kind() == kind {
            f(c);
        } else {
            collect_kinds(c, kind, f);
        }
    }
}

/// A `zpm "…"` command found by the pre-scan (offsets in the embedded text).
struct ZpmCommand {
    command: String,
    start: usize,
    end: usize,
    arg_start: usize,
    arg_end: usize,
}

/// `zpm "…"` commands outside strings and comments. A command starts a line
/// or follows a space after another command.
fn zpm_commands(text: &str) -> Vec<ZpmCommand> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'"' => {
                i = skip_string(b, i);
                line_start = false;
                continue;
            }
            b';' => {
                i = skip_line(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = skip_line(b, i);
                continue;
            }
            b'#' if b.get(i + 1) == Some(&b';') => {
                i = skip_line(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
                continue;
            }
            _ => {}
        }
        let word_start = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        if word_start && b[i..].len() >= 3 && b[i..i + 3].eq_ignore_ascii_case(b"zpm") {
            let mut j = i + 3;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if j > i + 3 && b.get(j) == Some(&b'"') {
                let end = skip_string(b, j);
                let raw = &text[j + 1..end.saturating_sub(1).max(j + 1)];
                // Postconditions and options after the string (`:1`) stay in the command.
                let mut k = end;
                while k < b.len() && !matches!(b[k], b' ' | b'\t' | b'\n' | b'\r') {
                    k += 1;
                }
                out.push(ZpmCommand {
                    command: raw.replace("\"\"", "\""),
                    start: i,
                    end: k,
                    arg_start: j,
                    arg_end: end,
                });
                i = k;
                line_start = false;
                continue;
            }
        }
        let _ = line_start;
        line_start = false;
        i += 1;
    }
    out
}

fn skip_string(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'"' {
            if b.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        if b[i] == b'\n' {
            return i;
        }
        i += 1;
    }
    b.len()
}

fn skip_line(b: &[u8], start: usize) -> usize {
    b[start..].iter().position(|&c| c == b'\n').map_or(b.len(), |j| start + j)
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

    #[test]
    fn wrapped_calls_are_read() {
        let ev = events(" $$$ThrowOnError(##class(Security.Users).UnExpireUserPasswords(\"*\"))\n set sc=$SYSTEM.OBJ.Load(\"/x/I.cls\",\"ck\")\n");
        assert!(matches!(&ev[0], Event::Call(c) if c.is("Security.Users", "UnExpireUserPasswords")));
        assert!(matches!(&ev[1], Event::Call(c) if c.is("%SYSTEM.OBJ", "Load")));
    }
}
