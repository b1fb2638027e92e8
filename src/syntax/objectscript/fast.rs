//! The hand-written reader's statements: commands, their arguments, blocks
//! and comments, into the events and comments the grammar's walk gives.
//! Anything else declines the unit (`None`), which the grammar then reads.
//!
//! What the grammar does that is followed here: a statement spans its
//! command and arguments; an argumentless command (`quit`, `kill`, `q:x`)
//! also spans the blanks after it; `else`/`elseif` belong to the `if` before
//! them, across lines; only a `set`'s values (not its targets nor its
//! postconditional) and a non-`set`/`kill`/`new` command as a whole are
//! searched for calls; `kill`/`new` name the locals they list (`None` when
//! they list none: `new $namespace`); `///` lines are no comments.

use super::commands::{command, Cmd, COMMANDS};
use super::expr::{is_name_start, Cur, Shape};
use super::{Embedded, Event, Script};

struct Fast<'a> {
    c: Cur<'a>,
    script: Script,
    /// Reading the commands an old-style `if`/`for` holds.
    in_line: bool,
}

/// Reads a unit (its `zpm` commands blanked), or declines it.
pub(super) fn read(code: &Embedded, text: &str) -> Option<Script> {
    if text.contains('\r') {
        return None;
    }
    let mut r = Fast { c: Cur::new(code, text), script: Script::default(), in_line: false };
    r.block(false)?;
    Some(r.script)
}

impl Fast<'_> {
    /// Statements and comments up to the end of the text, or up to the `}`
    /// closing a block.
    fn block(&mut self, inside: bool) -> Option<()> {
        loop {
            while matches!(self.c.peek(), b' ' | b'\t' | b'\n') {
                self.c.pos += 1;
            }
            if self.c.pos >= self.c.b.len() {
                return (!inside).then_some(());
            }
            match self.c.peek() {
                b'}' if inside => {
                    self.c.pos += 1;
                    return Some(());
                }
                c if is_name_start(c) && c != b'%' => {
                    let first_column = self.c.pos == 0 || self.c.b[self.c.pos - 1] == b'\n';
                    let word = self.c.b[self.c.pos..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                    let halt = self.c.s[self.c.pos..self.c.pos + word].eq_ignore_ascii_case("halt");
                    if first_column && !inside && halt && matches!(self.c.at(self.c.pos + word), b'\n' | 0) {
                        // A lone `halt` in the first column is a label to the
                        // grammar outside blocks: no event.
                        self.c.pos += word;
                        continue;
                    }
                    if first_column && !self.not_a_label() {
                        return None;
                    }
                    self.statement()?;
                    self.statement_end()?;
                }
                b'$' if self.c.s[self.c.pos..].starts_with("$$$")
                    && self.c.pos > 0
                    && self.c.b[self.c.pos - 1] != b'\n' =>
                {
                    self.macro_statement()?;
                    self.statement_end()?;
                }
                _ => self.comment()?,
            }
        }
    }

    /// A word in the first column is a label to the grammar when what
    /// follows could be a command (`set b=1`: `b` is `break`) or nothing
    /// (`halt`). A command with an argument that cannot be one is read as a
    /// statement.
    fn not_a_label(&self) -> bool {
        let b = &self.c.b[self.c.pos..];
        let word = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if b.get(word) != Some(&b' ') {
            return false;
        }
        let arg = &b[word + 1..];
        let next = arg.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'%').count();
        if next == 0 {
            return matches!(arg.first(), Some(b'"' | b'#' | b'$' | b'^' | b'(' | b'\''));
        }
        let token = String::from_utf8_lossy(&arg[..next]).to_ascii_lowercase();
        next > 1 && !(token.starts_with('z') || COMMANDS.contains(&token.as_str()))
    }

    /// `$$$ThrowOnError(…)`, `$$$AddAllRoleTemporary`: a macro as a command.
    fn macro_statement(&mut self) -> Option<()> {
        let start = self.c.pos;
        let mark = self.script.events.len();
        let calls = self.c.calls.len();
        self.c.pos += 3;
        self.c.name()?;
        if self.c.peek() == b'(' {
            self.c.args(true)?;
        }
        let statement = self.c.host(start, self.c.pos);
        let own: Vec<Event> =
            self.c.calls.drain(calls..).map(|c| Event::Call(super::Call { statement, ..c })).collect();
        self.script.events.splice(mark..mark, own);
        Some(())
    }

    /// What may follow a statement: a blank, the line's end, a comment.
    fn statement_end(&self) -> Option<()> {
        let rest = &self.c.b[self.c.pos..];
        let ok = rest.is_empty()
            || matches!(rest[0], b' ' | b'\t' | b'\n' | b';')
            || rest.starts_with(b"//") && !rest.starts_with(b"///")
            // After an argumentless command's blanks, the next command.
            || self.c.pos > 0 && self.c.b[self.c.pos - 1] == b' ' && (is_name_start(rest[0]) || rest[0] == b'}');
        ok.then_some(())
    }

    fn comment(&mut self) -> Option<()> {
        let start = self.c.pos;
        let rest = &self.c.s[start..];
        let end = if let Some(body) = rest.strip_prefix("/*") {
            start + 2 + body.find("*/")? + 2
        } else if rest.starts_with(';') || rest.starts_with("//") || rest.starts_with("#;") || rest.starts_with("##;") {
            start + rest.find('\n').unwrap_or(rest.len())
        } else {
            return None;
        };
        self.c.pos = end;
        // The grammar reads `///` as documentation, not a comment.
        if !rest.starts_with("///") {
            let text = self.c.s[start..end].to_string();
            self.script.comments.push((self.c.host(start, end), text));
        }
        Some(())
    }

    /// One statement with its blocks. Its own events come before those of
    /// the statements in its blocks, as the grammar's walk gives them.
    fn statement(&mut self) -> Option<()> {
        let start = self.c.pos;
        while self.c.peek().is_ascii_alphabetic() {
            self.c.pos += 1;
        }
        if self.c.peek().is_ascii_digit() || self.c.peek() == b'%' {
            return None;
        }
        let cmd = command(&self.c.s[start..self.c.pos])?;
        let mark = self.script.events.len();
        let mut own = Vec::new();
        let calls = self.c.calls.len();
        // The grammar's walk names every local of a `kill`/`new`, its
        // postconditional's too: followed where that is one plain name.
        let mut condition_names = Vec::new();
        if self.c.peek() == b':' {
            if matches!(cmd, Cmd::If | Cmd::For | Cmd::While | Cmd::Try) {
                return None;
            }
            self.c.pos += 1;
            if matches!(cmd, Cmd::Kill | Cmd::New) {
                self.c.eat(b'\'');
                let name = self.c.name()?;
                if !matches!(self.c.peek(), b' ' | b'\n' | 0) {
                    return None;
                }
                condition_names.push(self.c.text(name).to_string());
            } else {
                self.c.expr(true)?;
            }
            if cmd == Cmd::Set {
                // The grammar's walk searches only a `set`'s values for calls.
                self.c.calls.truncate(calls);
            }
        }
        let blanks = self.c.b[self.c.pos..].iter().take_while(|&&c| c == b' ').count();
        let after = self.c.at(self.c.pos + blanks);
        let argumentless = matches!(self.c.peek(), 0 | b'\n') || blanks >= 2 || matches!(after, b'}' | 0 | b'\n');
        // How the grammar ends an argumentless command before a tab is not known here.
        if after == b'\t' {
            return None;
        }
        if argumentless {
            if !matches!(
                cmd,
                Cmd::Kill | Cmd::New | Cmd::Do | Cmd::Write | Cmd::Quit | Cmd::Return | Cmd::Halt | Cmd::Continue
            ) {
                return None;
            }
            self.c.pos += blanks;
            if matches!(cmd, Cmd::Kill | Cmd::New) {
                let names = (!condition_names.is_empty()).then_some(condition_names);
                own.push(Event::Kill { names, statement: self.c.host(start, self.c.pos) });
            }
        } else {
            self.c.eat(b' ')?;
            match cmd {
                Cmd::Set => self.set(&mut own)?,
                Cmd::Kill | Cmd::New => {
                    let mut names = condition_names;
                    names.extend(self.kill(cmd == Cmd::Kill)?);
                    let statement = self.c.host(start, self.c.pos);
                    own.push(Event::Kill { names: (!names.is_empty()).then_some(names), statement });
                }
                Cmd::Do if self.c.peek() == b'{' => {
                    self.braces()?;
                    self.c.skip_spaces();
                    self.keyword("while")?;
                    self.c.expr(false)?;
                }
                Cmd::Do => self.list(|r| r.do_parameter())?,
                Cmd::Write => self.list(|r| r.write_argument())?,
                Cmd::Zw => self.list(|r| r.c.expr(false).map(drop))?,
                Cmd::Continue => return None,
                Cmd::Quit | Cmd::Return | Cmd::Zn | Cmd::Halt | Cmd::Throw => {
                    self.c.expr(false)?;
                }
                Cmd::If => {
                    self.c.expr(false)?;
                    if self.c.peek() == b' ' && self.c.at(self.c.pos + 1) != b'{' {
                        self.rest_of_line()?;
                    } else {
                        self.braces()?;
                        self.else_blocks()?;
                    }
                }
                Cmd::For => {
                    if self.c.peek() != b'{' {
                        self.for_parameter()?;
                    }
                    if self.c.peek() == b' ' && self.c.at(self.c.pos + 1) != b'{' {
                        self.rest_of_line()?;
                    } else {
                        self.braces()?;
                    }
                }
                Cmd::While => {
                    self.c.expr(false)?;
                    self.braces()?;
                }
                Cmd::Try => {
                    self.braces()?;
                    self.catch()?;
                }
            }
        }
        let statement = self.c.host(start, self.c.pos);
        own.extend(self.c.calls.drain(calls..).map(Event::Call));
        for e in &mut own {
            if let Event::Call(call) = e {
                call.statement = statement;
            }
        }
        self.script.events.splice(mark..mark, own);
        Some(())
    }

    fn set(&mut self, own: &mut Vec<super::Event>) -> Option<()> {
        loop {
            let entry = self.c.pos;
            let calls = self.c.calls.len();
            let target = self.set_target()?;
            // Calls in a target's subscripts are no events for the grammar's walk.
            self.c.calls.truncate(calls);
            self.c.skip_spaces();
            self.c.eat(b'=')?;
            self.c.skip_spaces();
            let value = self.c.expr(false)?;
            let end = value.end;
            // The value's calls, then the set.
            own.extend(self.c.calls.drain(calls..).map(Event::Call));
            if let Some((name, subscripts)) = target {
                let value = self.c.to_expr(value);
                own.push(Event::Set { name, subscripts, value, entry: self.c.host(entry, end) });
            }
            if !self.comma()? {
                return Some(());
            }
        }
    }

    /// A set's target: a local (named and subscripted), or something else
    /// that takes no event (`$namespace`, `^g(1)`, `obj.Prop`, `..Prop`).
    #[allow(clippy::type_complexity)]
    fn set_target(&mut self) -> Option<Option<(String, Vec<super::Expr>)>> {
        match self.c.peek() {
            b'$' => {
                self.c.pos += 1;
                self.c.name()?;
            }
            b'^' => {
                self.c.operand()?;
            }
            b'.' if self.c.at(self.c.pos + 1) == b'.' => {
                self.c.pos += 2;
                self.c.name()?;
            }
            _ => {
                let name = self.c.name()?;
                let name = self.c.text(name).to_string();
                if self.c.peek() == b'(' {
                    return Some(Some((name, self.c.subscripts()?)));
                }
                if self.c.peek() != b'.' {
                    return Some(Some((name, Vec::new())));
                }
                while self.c.eat(b'.').is_some() {
                    self.c.name()?;
                }
            }
        }
        Some(None)
    }

    /// `kill`/`new` arguments: the locals named (their subscripts aside).
    fn kill(&mut self, kill: bool) -> Option<Vec<String>> {
        let mut names = Vec::new();
        loop {
            match self.c.peek() {
                // `new $namespace`; another special variable may be unknown
                // to the grammar (`new $zfoo` is an error there): declined.
                b'$' if !kill => {
                    self.c.pos += 1;
                    let name = self.c.name()?;
                    if !self.c.text(name).eq_ignore_ascii_case("namespace") {
                        return None;
                    }
                }
                // A global's subscripts would name locals to the grammar's walk.
                b'^' if kill => {
                    self.c.pos += 1;
                    while self.c.peek().is_ascii_alphanumeric() || self.c.peek() == b'%' {
                        self.c.pos += 1;
                    }
                }
                _ => {
                    let name = self.c.name()?;
                    names.push(self.c.text(name).to_string());
                    if self.c.peek() == b'(' {
                        let calls = self.c.calls.len();
                        self.c.subscripts()?;
                        self.c.calls.truncate(calls);
                    }
                }
            }
            if matches!(self.c.peek(), b'.' | b'(' | b'$' | b'"' | b'@') {
                return None;
            }
            if !self.comma()? {
                return Some(names);
            }
        }
    }

    /// After an argument: `true` past a comma (blanks around it allowed).
    fn comma(&mut self) -> Option<bool> {
        let save = self.c.pos;
        self.c.skip_spaces();
        if self.c.eat(b',').is_some() {
            self.c.skip_spaces();
            if matches!(self.c.peek(), b'\n' | 0 | b',') {
                return None;
            }
            return Some(true);
        }
        self.c.pos = save;
        Some(false)
    }

    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        loop {
            item(self)?;
            if !self.comma()? {
                return Some(());
            }
        }
    }

    /// What `do` runs: a method, a label, `label^routine`.
    fn do_parameter(&mut self) -> Option<()> {
        let save = self.c.pos;
        if self.c.peek() != b'^' {
            self.c.name();
        }
        if self.c.eat(b'^').is_some() {
            while self.c.peek().is_ascii_alphanumeric() || matches!(self.c.peek(), b'%' | b'.') {
                self.c.pos += 1;
            }
            if self.c.peek() == b'(' {
                self.c.args(true)?;
            }
            return Some(());
        }
        self.c.pos = save;
        let (_, shape) = self.c.operand()?;
        matches!(shape, Shape::Method | Shape::Name).then_some(())
    }

    fn write_argument(&mut self) -> Option<()> {
        match self.c.peek() {
            b'!' | b'#' if self.c.at(self.c.pos + 1) != b'#' => {
                while matches!(self.c.peek(), b'!' | b'#') {
                    // `#;` starts a comment to the grammar, not a form feed: declined.
                    if self.c.peek() == b'#' && self.c.at(self.c.pos + 1) == b';' {
                        return None;
                    }
                    self.c.pos += 1;
                }
            }
            b'?' => {
                self.c.pos += 1;
                self.c.operand()?;
            }
            b'*' | b'/' => return None,
            _ => {
                self.c.expr(false)?;
            }
        }
        Some(())
    }

    /// The commands after an old-style `if`/`for` (`if 'sc quit`): the rest
    /// of the line belongs to it. A comment there is the grammar's inline
    /// comment, blanks included, and a block there is not followed: both
    /// decline.
    fn rest_of_line(&mut self) -> Option<()> {
        self.c.eat(b' ')?;
        let outer = std::mem::replace(&mut self.in_line, true);
        loop {
            if !is_name_start(self.c.peek()) || self.c.peek() == b'%' {
                return None;
            }
            self.statement()?;
            let end = self.c.pos;
            self.statement_end()?;
            self.c.skip_spaces();
            if matches!(self.c.peek(), b'\n' | 0) {
                self.c.pos = end;
                self.in_line = outer;
                return Some(());
            }
        }
    }

    /// ` { … }` after a command's arguments.
    fn braces(&mut self) -> Option<()> {
        if self.in_line {
            return None;
        }
        self.c.skip_spaces();
        self.c.eat(b'{')?;
        self.block(true)
    }

    /// A word (any case) followed by one blank.
    fn keyword(&mut self, word: &str) -> Option<()> {
        let end = self.c.pos + word.len();
        let w = self.c.s.get(self.c.pos..end)?;
        if !w.eq_ignore_ascii_case(word) || self.c.at(end) != b' ' {
            return None;
        }
        self.c.pos = end + 1;
        Some(())
    }

    /// `elseif c { … }` and `else { … }` after an `if`'s block, on its line
    /// or the next ones.
    fn else_blocks(&mut self) -> Option<()> {
        loop {
            let save = self.c.pos;
            while matches!(self.c.peek(), b' ' | b'\t' | b'\n') {
                self.c.pos += 1;
            }
            if self.keyword("elseif").is_some() {
                self.c.expr(false)?;
                self.braces()?;
            } else if self.keyword("else").is_some() {
                return self.braces();
            } else {
                self.c.pos = save;
                return Some(());
            }
        }
    }

    /// `i=1:1:10`, `x="a","b"`.
    fn for_parameter(&mut self) -> Option<()> {
        self.c.name()?;
        self.c.eat(b'=')?;
        loop {
            self.c.expr(true)?;
            if self.c.eat(b':').is_none() && self.c.eat(b',').is_none() {
                return Some(());
            }
        }
    }

    /// `catch e { … }` or `catch (e) { … }`, on the `try` block's line or
    /// the next ones.
    fn catch(&mut self) -> Option<()> {
        while matches!(self.c.peek(), b' ' | b'\t' | b'\n') {
            self.c.pos += 1;
        }
        self.keyword("catch")?;
        if self.c.eat(b'(').is_some() {
            self.c.name()?;
            self.c.eat(b')')?;
        } else {
            self.c.name()?;
        }
        self.braces()
    }
}
