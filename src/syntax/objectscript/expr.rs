//! The hand-written reader's expressions: a cursor over a unit's text that
//! reads operands, operators and argument lists into what the grammar's walk
//! makes of them. Every method returns `None` where the text is not a shape
//! it knows, and the whole unit goes to the grammar.
//!
//! The grammar's shapes followed here: a binary expression is flat, its
//! operators taken left to right (`Sum` only when all are `+`, `Concat` when
//! all are `_`); a parenthesised expression spans its parentheses but means
//! what is inside; unary operators bind to one operand; a signed number
//! (`-1`, `+.5`) is one literal where an operand is expected.

use super::{Arg, Call, Embedded, Expr, ExprKind};
use crate::syntax::text::TextRange;

/// An expression read, in offsets of the unit's text.
pub(super) struct Parsed {
    pub kind: ExprKind,
    /// A string literal's text between its quotes.
    pub inner: Option<(usize, usize)>,
    pub start: usize,
    pub end: usize,
    /// For a parenthesised operand, the span of what is inside.
    pub unwrapped: Option<(usize, usize)>,
}

/// What an operand is, where a command accepts only some (`do`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A class method (`##class(…).M()`, `$SYSTEM.X.M()`), a relative
    /// method (`..M()`), an object's method (`o.M()`).
    Method,
    /// A plain local name: a label where a command runs one.
    Name,
    Value,
}

/// An operand's meaning, string contents and shape.
type Read = (ExprKind, Option<(usize, usize)>, Shape);

pub(super) struct Cur<'a> {
    pub code: &'a Embedded,
    pub s: &'a str,
    pub b: &'a [u8],
    pub pos: usize,
    /// Class method calls met, in the grammar's walk order (the calls in a
    /// call's arguments first); their statement is filled in by the caller.
    pub calls: Vec<Call>,
}

pub(super) fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'%'
}

impl<'a> Cur<'a> {
    pub fn new(code: &'a Embedded, s: &'a str) -> Self {
        Cur { code, s, b: s.as_bytes(), pos: 0, calls: Vec::new() }
    }

    pub fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    pub fn peek(&self) -> u8 {
        self.at(self.pos)
    }

    pub fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == c).then(|| self.pos += 1)
    }

    pub fn skip_spaces(&mut self) {
        while self.peek() == b' ' || self.peek() == b'\t' {
            self.pos += 1;
        }
    }

    /// Inside parentheses a line may break.
    fn skip_blank(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n') {
            self.pos += 1;
        }
    }

    /// `[%A-Za-z][A-Za-z0-9]*`.
    pub fn name(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        if !is_name_start(self.peek()) {
            return None;
        }
        self.pos += 1;
        while self.peek().is_ascii_alphanumeric() {
            self.pos += 1;
        }
        Some((start, self.pos))
    }

    /// A class or routine name: names of letters and digits joined by single
    /// dots, `%` only first (`%SYSTEM.OBJ`). Anything else (`Security..Users`)
    /// is an error the grammar recovers from in its own way: declined.
    fn dotted(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        while self.peek().is_ascii_alphanumeric() || matches!(self.peek(), b'%' | b'.') {
            self.pos += 1;
        }
        let name = &self.s.as_bytes()[start..self.pos];
        let well_formed = !name.is_empty()
            && !name[1..].contains(&b'%')
            && name.split(|&b| b == b'.').all(|segment| !segment.is_empty() && segment != b"%");
        well_formed.then_some((start, self.pos))
    }

    pub fn text(&self, (s, e): (usize, usize)) -> &'a str {
        &self.s[s..e]
    }

    pub fn host(&self, start: usize, end: usize) -> TextRange {
        self.code.host_range(start, end)
    }

    pub fn to_expr(&self, p: Parsed) -> Expr {
        Expr {
            kind: p.kind,
            source: self.s[p.start..p.end].to_string(),
            range: self.host(p.start, p.end),
            inner: p.inner.map(|(s, e)| self.host(s, e)),
            editable: self.code.is_verbatim(p.start, p.end),
        }
    }

    /// An expression. `tight`: no blank around its operators (a
    /// postconditional ends at the first blank).
    pub fn expr(&mut self, tight: bool) -> Option<Parsed> {
        let first = self.operand()?.0;
        let mut parts = vec![first];
        let mut ops: Vec<&str> = Vec::new();
        loop {
            let save = self.pos;
            if !tight {
                self.skip_spaces();
            }
            let blank_before = self.pos > save;
            let Some(len) = self.binary_operator()? else {
                self.pos = save;
                break;
            };
            let op = &self.s[self.pos..self.pos + len];
            self.pos += len;
            // `x -1`: a binary minus or the end of the argument and a number?
            if blank_before && matches!(op, "-" | "+") && (self.peek().is_ascii_digit() || self.peek() == b'.') {
                return None;
            }
            if !tight {
                self.skip_spaces();
            }
            ops.push(op);
            parts.push(self.operand()?.0);
        }
        if ops.is_empty() {
            return parts.pop();
        }
        let (start, end) = (parts[0].start, parts[parts.len() - 1].end);
        // The grammar opens a first operand's parentheses into the
        // expression: that operand is what is inside them.
        if let Some((s, e)) = parts[0].unwrapped {
            parts[0].start = s;
            parts[0].end = e;
        }
        let kind = if ops.iter().all(|o| *o == "+") {
            ExprKind::Sum(parts.into_iter().map(|p| self.to_expr(p)).collect())
        } else if ops.iter().all(|o| *o == "_") {
            ExprKind::Concat(parts.into_iter().map(|p| self.to_expr(p)).collect())
        } else {
            ExprKind::Other
        };
        Some(Parsed { kind, inner: None, start, end, unwrapped: None })
    }

    /// The length of the binary operator at the cursor; `Some(None)` where
    /// none stands there, `None` for one the reader leaves to the grammar
    /// (pattern match, `!`, `&`, a lone `'`).
    fn binary_operator(&self) -> Option<Option<usize>> {
        let (c, d) = (self.peek(), self.at(self.pos + 1));
        let two = [c, d];
        if matches!(&two, b"**" | b"&&" | b"||" | b"'=" | b"'<" | b"'>" | b"'[" | b"']" | b"]]" | b"<=" | b">=") {
            return Some(Some(2));
        }
        match c {
            // Comments, not operators.
            b'/' if d == b'/' || d == b'*' => Some(None),
            b'#' if d == b';' || d == b'#' => Some(None),
            b'+' | b'-' | b'*' | b'/' | b'\\' | b'#' | b'_' | b'=' | b'<' | b'>' | b'[' | b']' => Some(Some(1)),
            b'?' | b'!' | b'&' | b'\'' | b'|' | b'@' => None,
            _ => Some(None),
        }
    }

    /// One operand and its shape.
    pub fn operand(&mut self) -> Option<(Parsed, Shape)> {
        let start = self.pos;
        let c = self.peek();
        let d = self.at(start + 1);
        let mut unwrapped = None;
        let (kind, inner, shape) = match c {
            b'"' => {
                self.string()?;
                let text = self.s[start + 1..self.pos - 1].replace("\"\"", "\"");
                (ExprKind::Str(text), Some((start + 1, self.pos - 1)), Shape::Value)
            }
            b'0'..=b'9' => (self.number()?, None, Shape::Value),
            b'.' if d.is_ascii_digit() => (self.number()?, None, Shape::Value),
            b'+' | b'-' if d.is_ascii_digit() || (d == b'.' && self.at(start + 2).is_ascii_digit()) => {
                (self.number()?, None, Shape::Value)
            }
            b'+' | b'-' | b'\'' => {
                self.pos += 1;
                if matches!(self.peek(), b' ' | b'\t') {
                    return None;
                }
                self.operand()?;
                (ExprKind::Other, None, Shape::Value)
            }
            b'(' => {
                self.pos += 1;
                self.skip_blank();
                let inside = self.expr(false)?;
                self.skip_blank();
                self.eat(b')')?;
                unwrapped = Some((inside.start, inside.end));
                (inside.kind, inside.inner, Shape::Value)
            }
            b'$' => self.dollar()?,
            b'#' => {
                self.class_call()?;
                (ExprKind::Other, None, Shape::Method)
            }
            b'^' => {
                self.pos += 1;
                self.dotted()?;
                if self.peek() == b'(' {
                    self.subscripts()?;
                }
                (ExprKind::Other, None, Shape::Value)
            }
            b'.' if d == b'.' => {
                self.pos += 2;
                self.eat(b'#');
                self.name()?;
                let call = self.peek() == b'(';
                if call {
                    self.args(true)?;
                }
                (ExprKind::Other, None, if call { Shape::Method } else { Shape::Value })
            }
            c if is_name_start(c) => self.local()?,
            _ => return None,
        };
        // Chains and juxtapositions the reader does not follow.
        if self.peek().is_ascii_alphanumeric() || matches!(self.peek(), b'.' | b'(' | b'%' | b'$' | b'"' | b'@' | b'{')
        {
            return None;
        }
        Some((Parsed { kind, inner, start, end: self.pos, unwrapped }, shape))
    }

    fn string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek() {
                b'"' if self.at(self.pos + 1) == b'"' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\n' | b'\r' => return None,
                _ if self.pos >= self.b.len() => return None,
                _ => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Option<ExprKind> {
        let start = self.pos;
        if matches!(self.peek(), b'+' | b'-') {
            self.pos += 1;
        }
        let digits = |cur: &mut Self| {
            let s = cur.pos;
            while cur.peek().is_ascii_digit() {
                cur.pos += 1;
            }
            cur.pos > s
        };
        let whole = digits(self);
        if self.peek() == b'.' {
            self.pos += 1;
            if !digits(self) {
                return None;
            }
        } else if !whole {
            return None;
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.pos += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(ExprKind::Num(self.s[start..self.pos].to_string()))
    }

    /// `$$$Macro`, `$$$Macro(…)`, `$$label^routine(…)`, `$SYSTEM.X.M(…)`,
    /// `$Function(…)`, `$Variable`.
    fn dollar(&mut self) -> Option<Read> {
        let start = self.pos;
        if self.s[start..].starts_with("$$$") {
            self.pos += 3;
            let name = self.name()?;
            if self.peek() == b'(' {
                self.args(false)?;
                return Some((ExprKind::Other, None, Shape::Value));
            }
            return Some((ExprKind::Macro(self.text(name).to_string()), None, Shape::Value));
        }
        if self.s[start..].starts_with("$$") {
            self.pos += 2;
            let label = self.name().is_some();
            if self.eat(b'^').is_some() {
                self.dotted()?;
            } else if !label {
                return None;
            }
            if self.peek() == b'(' {
                self.args(true)?;
            }
            return Some((ExprKind::Other, None, Shape::Value));
        }
        self.pos += 1;
        let name = self.name()?;
        if self.text(name).eq_ignore_ascii_case("system") && self.peek() == b'.' {
            // `$SYSTEM.OBJ.Load(…)` is `%SYSTEM.OBJ`'s class method.
            self.pos += 1;
            let class = self.name()?;
            self.eat(b'.')?;
            let method = self.name()?;
            if self.peek() != b'(' {
                return None;
            }
            let args = self.args(true)?;
            let class = format!("%SYSTEM.{}", self.text(class));
            self.push_call(class, method, args, start);
            return Some((ExprKind::Other, None, Shape::Method));
        }
        if self.peek() == b'(' {
            // A function the grammar may not know (`$jb(…)` is `$j` and an
            // error there): only the ones checked against it are read.
            if !KNOWN_FUNCTIONS.iter().any(|f| self.text(name).eq_ignore_ascii_case(f)) {
                return None;
            }
            self.args(true)?;
        }
        Some((ExprKind::Other, None, Shape::Value))
    }

    /// `##class(Pkg.Cls).Method(args)`.
    fn class_call(&mut self) -> Option<()> {
        let start = self.pos;
        let kw = self.s.get(start..start + 8)?;
        if !kw.eq_ignore_ascii_case("##class(") {
            return None;
        }
        self.pos += 8;
        let class = self.dotted()?;
        self.eat(b')')?;
        self.eat(b'.')?;
        let method = self.name()?;
        if self.peek() != b'(' {
            return None;
        }
        let args = self.args(true)?;
        let class = self.text(class).to_string();
        self.push_call(class, method, args, start);
        Some(())
    }

    fn push_call(&mut self, class: String, method: (usize, usize), args: Vec<Option<Arg>>, start: usize) {
        let range = self.host(start, self.pos);
        let method = self.text(method).to_string();
        self.calls.push(Call { class, method, args, range, statement: TextRange::default() });
    }

    /// A local, maybe subscripted, or an object chain from one (`o.P`,
    /// `o.M(…)`).
    fn local(&mut self) -> Option<Read> {
        let name = self.name()?;
        let name_text = self.text(name).to_string();
        if self.peek() == b'(' {
            let subscripts = self.subscripts()?;
            return Some((ExprKind::Local { name: name_text, subscripts }, None, Shape::Value));
        }
        if self.peek() != b'.' {
            return Some((ExprKind::Local { name: name_text, subscripts: Vec::new() }, None, Shape::Name));
        }
        // `do` runs `o.M(…)`, not a longer chain nor one ending in a property.
        let mut segments = 0;
        let mut call = false;
        while self.eat(b'.').is_some() {
            self.name()?;
            segments += 1;
            call = self.peek() == b'(';
            if call {
                self.args(true)?;
            }
        }
        let shape = if segments == 1 && call { Shape::Method } else { Shape::Value };
        Some((ExprKind::Other, None, shape))
    }

    /// `(e1, e2…)` after a local or global: no argument left out.
    pub fn subscripts(&mut self) -> Option<Vec<Expr>> {
        let args = self.args(false)?;
        args.into_iter()
            .map(|a| match a {
                Some(Arg::Value(e)) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// A parenthesised argument list; `byref`: `.name` may be passed.
    /// `M()` has no argument; a left-out one is `None` (`M(,x)`).
    pub fn args(&mut self, byref: bool) -> Option<Vec<Option<Arg>>> {
        self.eat(b'(')?;
        self.skip_blank();
        let mut out = Vec::new();
        if self.eat(b')').is_some() {
            return Some(out);
        }
        loop {
            self.skip_blank();
            let item = match self.peek() {
                b',' | b')' => None,
                b'.' if is_name_start(self.at(self.pos + 1)) => {
                    if !byref {
                        return None;
                    }
                    self.pos += 1;
                    let name = self.name()?;
                    Some(Arg::ByRef(self.text(name).to_string()))
                }
                _ => {
                    let p = self.expr(false)?;
                    Some(Arg::Value(self.to_expr(p)))
                }
            };
            out.push(item);
            self.skip_blank();
            match self.peek() {
                b',' => self.pos += 1,
                b')' => {
                    self.pos += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }
}

/// `$` functions read without the grammar: each checked to read alike by
/// `tests/objectscript_differential.rs` (`known_functions_read_alike`).
pub const KNOWN_FUNCTIONS: &[&str] = &[
    "a",
    "ascii",
    "c",
    "char",
    "d",
    "data",
    "e",
    "extract",
    "f",
    "find",
    "fn",
    "fnumber",
    "g",
    "get",
    "i",
    "increment",
    "isobject",
    "j",
    "justify",
    "l",
    "length",
    "lb",
    "listbuild",
    "li",
    "list",
    "ll",
    "listlength",
    "o",
    "order",
    "p",
    "piece",
    "q",
    "query",
    "r",
    "random",
    "replace",
    "tr",
    "translate",
    "zconvert",
    "zcvt",
    "zd",
    "zdate",
    "zdt",
    "zdatetime",
    "zstrip",
    "classname",
    "classmethod",
    "method",
    "property",
    "parameter",
    "lf",
    "listfind",
    "lg",
    "listget",
    "ls",
    "listsame",
    "lts",
    "listtostring",
    "lfs",
    "listfromstring",
    "n",
    "name",
    "qs",
    "qsubscript",
    "ql",
    "qlength",
    "zabs",
    "zh",
    "zhex",
    "zcrc",
    "zname",
    "zu",
    "zutil",
];
