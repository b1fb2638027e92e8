//! The grammar's reading of ObjectScript: a walk of the tree that
//! `tree-sitter-objectscript-playground` builds. What becomes an event, and
//! where each expression starts and ends, is what the grammar's nodes say;
//! the hand-written reader (`fast`) gives the same for what it reads.

use super::{Arg, Call, Embedded, Event, Expr, ExprKind, Script, TextRange};
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_objectscript_playground::LANGUAGE_OBJECTSCRIPT.into())
            .expect("the ObjectScript grammar loads");
        p
    });
}

/// Reads `text` (the unit's text, its `zpm` commands blanked) with the
/// grammar: the events in the order the walk meets them, and the comments.
pub(super) fn read(code: &Embedded, text: &str, script: &mut Script) {
    let tree = PARSER.with(|p| p.borrow_mut().parse(text, None));
    let Some(tree) = tree else { return };
    let reader = Reader { code, text };
    reader.walk(tree.root_node(), &mut script.events, &mut script.comments);
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
