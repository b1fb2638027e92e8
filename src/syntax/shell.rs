//! Shell code that drives `iris session`, read with `tree-sitter-bash`: the
//! ObjectScript it feeds to IRIS (heredocs, `echo … |` pipes, a quoted
//! command argument), the files it feeds (`iris session IRIS < iris.script`),
//! and its comments. Shell code outside those is not read.

use super::embedded::Embedded;
use super::text::TextRange;
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

#[derive(Debug, Default)]
pub struct ShellCode {
    /// Each piece of ObjectScript fed to IRIS, mapped to the host.
    pub units: Vec<Embedded>,
    /// Files redirected into `iris session` (`< iris.script`), with their place.
    pub fed_files: Vec<(String, TextRange)>,
    /// Files merged into the instance: `iris merge IRIS <file>`.
    pub merged_files: Vec<(String, TextRange)>,
    /// Comments, in host positions.
    pub comments: Vec<(TextRange, String)>,
    /// Heredoc bodies fed to IRIS, in host positions: ObjectScript, where a
    /// shell comment would be read as code.
    pub heredoc_bodies: Vec<TextRange>,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_bash::LANGUAGE.into()).expect("the bash grammar loads");
        p
    });
}

/// Reads shell code (a script, a Dockerfile `RUN`, a compose `command:`).
pub fn read(code: &Embedded) -> ShellCode {
    let mut out = ShellCode::default();
    // The grammar's scanner passes characters past U+00FF to `isdigit`, which
    // reads outside its table (a crash). Shell syntax is ASCII: parse a copy
    // with every other byte made `x`, at the same offsets, and read the
    // original text at the node's ranges.
    let ascii: String = code.text.bytes().map(|b| if b.is_ascii() { b as char } else { 'x' }).collect();
    let Some(tree) = PARSER.with(|p| p.borrow_mut().parse(&ascii, None)) else { return out };
    let reader = Reader { code };
    reader.walk(tree.root_node(), &mut out);
    out
}

struct Reader<'a> {
    code: &'a Embedded,
}

impl Reader<'_> {
    /// A node's range, widened to whole characters of the original text (the
    /// grammar read an ASCII copy of it, see [`read`]).
    fn span(&self, n: Node) -> (usize, usize) {
        let t = &self.code.text;
        let start = super::text::floor_char_boundary(t, n.start_byte());
        let mut end = n.end_byte().min(t.len());
        while !t.is_char_boundary(end) {
            end += 1;
        }
        (start, end.max(start))
    }

    fn src(&self, n: Node) -> &str {
        let (s, e) = self.span(n);
        &self.code.text[s..e]
    }

    fn start(&self, n: Node) -> usize {
        self.span(n).0
    }

    fn end(&self, n: Node) -> usize {
        self.span(n).1
    }

    fn walk(&self, n: Node, out: &mut ShellCode) {
        match n.kind() {
            "comment" => {
                out.comments.push((self.code.host_range(self.start(n), self.end(n)), self.src(n).to_string()));
                return;
            }
            "redirected_statement" => self.redirected(n, out),
            "pipeline" => self.pipeline(n, out),
            "command" if self.is_iris_session(n) => self.session_argument(n, out),
            "command" => {
                self.iris_merge(n, out);
                self.nested_shell(n, out);
            }
            _ => {}
        }
        let mut cursor = n.walk();
        for child in n.children(&mut cursor) {
            self.walk(child, out);
        }
    }

    /// `iris session IRIS`, `irissession`, `csession`, `ccontrol session`.
    fn is_iris_session(&self, cmd: Node) -> bool {
        let Some(name) = cmd.child_by_field_name("name") else { return false };
        let name = self.src(name);
        let base = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
        let first_arg = cmd.child_by_field_name("argument").map(|a| self.src(a).to_ascii_lowercase());
        match base.as_str() {
            "irissession" | "csession" | "irissession.sh" => true,
            "iris" | "ccontrol" | "iris.exe" => first_arg.as_deref() == Some("session"),
            _ => false,
        }
    }

    /// Whether a statement's commands (a pipeline too) include `iris session`.
    fn feeds_iris(&self, n: Node) -> bool {
        if n.kind() == "command" {
            return self.is_iris_session(n);
        }
        let mut cursor = n.walk();
        let found =
            n.named_children(&mut cursor).any(|c| matches!(c.kind(), "command" | "pipeline") && self.feeds_iris(c));
        found
    }

    fn redirected(&self, n: Node, out: &mut ShellCode) {
        let body_feeds = n.child_by_field_name("body").is_some_and(|b| self.feeds_iris(b));
        let mut cursor = n.walk();
        for redirect in n.named_children(&mut cursor) {
            match redirect.kind() {
                "heredoc_redirect" => {
                    // `cat << EOF | iris session …`: the pipeline stands inside the redirect.
                    let mut c2 = redirect.walk();
                    let piped = redirect.named_children(&mut c2).any(|c| c.kind() == "pipeline" && self.feeds_iris(c));
                    if !(body_feeds || piped) {
                        continue;
                    }
                    let mut c3 = redirect.walk();
                    let start = redirect.named_children(&mut c3).find(|c| c.kind() == "heredoc_start");
                    let mut c4 = redirect.walk();
                    let body = redirect.named_children(&mut c4).find(|c| c.kind() == "heredoc_body");
                    let (Some(start), Some(body)) = (start, body) else { continue };
                    let quoted = self.src(start).starts_with(['\'', '"']) || self.src(start).starts_with('\\');
                    out.heredoc_bodies.push(self.code.host_range(self.start(body), self.end(body)));
                    out.units.push(self.heredoc(body, quoted));
                }
                "file_redirect" if body_feeds && self.src(redirect).trim_start().starts_with('<') => {
                    if let Some(dest) = redirect.child_by_field_name("destination") {
                        let range = self.code.host_range(self.start(dest), self.end(dest));
                        out.fed_files.push((unquote(self.src(dest)), range));
                    }
                }
                _ => {}
            }
        }
    }

    /// `echo -e "…" | iris session …`, `printf '…' | iris session`.
    fn pipeline(&self, n: Node, out: &mut ShellCode) {
        let mut cursor = n.walk();
        let commands: Vec<Node> = n.named_children(&mut cursor).filter(|c| c.kind() == "command").collect();
        let Some(last) = commands.last() else { return };
        if !self.is_iris_session(*last) {
            return;
        }
        for cmd in &commands[..commands.len() - 1] {
            let Some(name) = cmd.child_by_field_name("name") else { continue };
            let name = self.src(name);
            let base = name.rsplit('/').next().unwrap_or(name);
            if base != "echo" && base != "printf" {
                continue;
            }
            let mut unit = Embedded::new();
            unit.shell_expanded = true;
            let mut first = true;
            let mut c2 = cmd.walk();
            for arg in cmd.children_by_field_name("argument", &mut c2) {
                if self.src(arg).starts_with('-') && matches!(arg.kind(), "word") {
                    continue;
                }
                if !first {
                    // echo joins its arguments with a space.
                    unit.push_translated_from(self.code, self.start(arg), " ");
                }
                first = false;
                self.push_argument(&mut unit, arg, true);
            }
            out.units.push(unit);
        }
    }

    /// `iris merge IRIS /path/merge.cpf [/path/iris.cpf]`: the merge file.
    fn iris_merge(&self, cmd: Node, out: &mut ShellCode) {
        let Some(name) = cmd.child_by_field_name("name") else { return };
        if self.src(name).rsplit('/').next() != Some("iris") {
            return;
        }
        let mut cursor = cmd.walk();
        let args: Vec<Node> = cmd.children_by_field_name("argument", &mut cursor).collect();
        if args.first().is_some_and(|a| self.src(*a) == "merge") {
            if let Some(file) = args.get(2).filter(|a| matches!(a.kind(), "word" | "string" | "raw_string")) {
                let range = self.code.host_range(self.start(*file), self.end(*file));
                out.merged_files.push((unquote(self.src(*file)), range));
            }
        }
    }

    /// A quoted argument that is itself a shell command driving IRIS: `sh -c
    /// "iris session …"`, the IRIS image's `-a "iris session …"`.
    fn nested_shell(&self, cmd: Node, out: &mut ShellCode) {
        let mut cursor = cmd.walk();
        for arg in cmd.children_by_field_name("argument", &mut cursor) {
            if !matches!(arg.kind(), "string" | "raw_string") {
                continue;
            }
            let lower = self.src(arg).to_ascii_lowercase();
            if !(lower.contains("iris session") || lower.contains("irissession")) {
                continue;
            }
            let mut inner = Embedded::new();
            self.push_argument(&mut inner, arg, false);
            let nested = read(&inner);
            out.units.extend(nested.units);
            out.fed_files.extend(nested.fed_files);
            out.merged_files.extend(nested.merged_files);
            out.heredoc_bodies.extend(nested.heredoc_bodies);
        }
    }

    /// `iris session iris -U%SYS '##class(…).…(…)'`: the command argument.
    fn session_argument(&self, cmd: Node, out: &mut ShellCode) {
        let mut cursor = cmd.walk();
        for arg in cmd.children_by_field_name("argument", &mut cursor) {
            if !matches!(arg.kind(), "string" | "raw_string") {
                continue;
            }
            let text = self.src(arg);
            if !(text.contains("##class") || text.to_ascii_lowercase().contains("$system") || text.contains("zpm")) {
                continue;
            }
            let mut unit = Embedded::new();
            // `iris session IRIS '##class(A).B()'` runs the argument as a
            // routine entry, as `do` would: read it as that command.
            unit.push_separator(self.code.host(self.start(arg)), "do ");
            self.push_argument(&mut unit, arg, false);
            out.units.push(unit);
        }
    }

    /// A quoted argument's content: `'…'` verbatim, `"…"` with its escapes
    /// undone (and, for `echo -e`/`printf`, `\n` read as a newline).
    fn push_argument(&self, unit: &mut Embedded, arg: Node, echo: bool) {
        let (start, end) = self.span(arg);
        let text = self.src(arg);
        match arg.kind() {
            "raw_string" if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') => {
                if echo {
                    self.push_unescaped(unit, start + 1, end - 1, false, true);
                } else {
                    unit.push_slice(self.code, start + 1, end - 1);
                }
            }
            "string" if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') => {
                unit.shell_expanded = true;
                self.push_unescaped(unit, start + 1, end - 1, true, echo);
            }
            _ => {
                unit.shell_expanded = true;
                self.push_unescaped(unit, start, end, true, echo);
            }
        }
    }

    fn heredoc(&self, body: Node, quoted: bool) -> Embedded {
        let mut unit = Embedded::new();
        if quoted {
            unit.push_slice(self.code, self.start(body), self.end(body));
        } else {
            unit.shell_expanded = true;
            self.push_unescaped(&mut unit, self.start(body), self.end(body), true, false);
        }
        unit
    }

    /// Copies `start..end`, undoing the shell's escapes: in double quotes
    /// and unquoted heredocs `\$`, `` \` ``, `\"`, `\\` and a backslash-newline;
    /// for `echo -e`/`printf` also `\n` and `\t`.
    fn push_unescaped(&self, unit: &mut Embedded, start: usize, end: usize, shell: bool, echo: bool) {
        let text = &self.code.text;
        let b = text.as_bytes();
        let mut run = start;
        let mut i = start;
        while i < end {
            if b[i] != b'\\' || i + 1 >= end {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let next = b[i + 1];
            let replacement = match next {
                b'$' | b'`' | b'"' | b'\\' if shell => Some(&text[i + 1..i + 2]),
                b'\n' if shell => Some(""),
                b'n' if echo => Some("\n"),
                b't' if echo => Some("\t"),
                _ => None,
            };
            match replacement {
                Some(r) => {
                    unit.push_slice(self.code, run, i);
                    unit.push_translated_from(self.code, i, r);
                    i += 2;
                    run = i;
                }
                // An escaped character stays as written, whole.
                None => i += 1 + text[i + 1..].chars().next().map_or(1, char::len_utf8),
            }
        }
        unit.push_slice(self.code, run, end);
    }
}

fn unquote(s: &str) -> String {
    s.trim_matches(['"', '\'']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<String> {
        read(&Embedded::whole(text)).units.into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn heredocs_pipes_and_arguments_that_feed_iris() {
        let text = "cat << EOF | iris session $I -U %SYS\ndo a\nif '\\$Get(sc) do b\nEOF\niris session IRIS -U %SYS <<'END'\nzpm \"install x\"\nEND\n/bin/echo -e \"sys\\nsys\\n\" \\\n \" Do ##class(S.U).A(\\\"admin\\\")\\n\" | iris session $I\niris session iris -U%SYS '##class(S.U).C(\"d\")'\ncat << EOF > /tmp/x\nnot iris\nEOF\n";
        let u = units(text);
        assert_eq!(u.len(), 4, "{u:?}");
        assert_eq!(u[0], "do a\nif '$Get(sc) do b\n");
        assert_eq!(u[1], "zpm \"install x\"\n");
        assert_eq!(u[2], "sys\nsys\n  Do ##class(S.U).A(\"admin\")\n");
        assert_eq!(u[3], "do ##class(S.U).C(\"d\")");
    }

    #[test]
    fn text_beyond_latin1_does_not_crash_the_grammar() {
        // `{` then a digit-less character past U+00FF reached `isdigit` in the scanner.
        let text = "echo {\u{4e2d}\u{1F600} \"\u{4e2d}\"\niris session IRIS <<'E'\nw \"\u{4e2d}\"\nE\n";
        let code = read(&Embedded::whole(text));
        assert_eq!(code.units[0].text, "w \"\u{4e2d}\"\n");
    }

    #[test]
    fn positions_are_in_the_host() {
        let text = "# c\niris session IRIS <<'E'\ndo ##class(A.B).C()\nE\niris session IRIS < iris.script\n";
        let code = read(&Embedded::whole(text));
        let u = &code.units[0];
        let at = u.text.find("##class").unwrap();
        assert_eq!(&text[u.host(at)..u.host(at) + 7], "##class");
        assert_eq!(code.fed_files[0].0, "iris.script");
        assert_eq!(code.comments.len(), 1);
    }
}
