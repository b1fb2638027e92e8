//! Random edit sequences replayed against `irislint server` over its stdio, as
//! an editor sends them (incremental `didChange` ranges in UTF-16 positions,
//! CRLF files, characters outside the BMP, now and then a whole-document
//! change): after the last edit, the diagnostics of the edited document must
//! equal those of a fresh document opened with the same final text.
//!
//! The server's document store is private to `src/lsp`, so the replay goes
//! through the protocol. 1,000 sequences by default (`PROPTEST_CASES` to change).

#[path = "proptest_support/mod.rs"]
mod proptest_support;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start irislint server");
        // A watchdog: a server that stops answering is killed, and the read fails.
        let pid = child.id();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(600));
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        });
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut s = Server { child, stdin, stdout, next_id: 0 };
        s.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.read();
            if pred(&m) {
                return m;
            }
        }
    }

    /// The diagnostics published for `uri` at `version`, in a comparable form.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<String> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        let mut out: Vec<String> = m["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{} {} {} {}", d["code"], d["severity"], d["range"], d["message"]))
            .collect();
        out.sort();
        out
    }

    fn open(&mut self, uri: &str, text: &str) {
        let language = if uri.ends_with(".xml") {
            "xml"
        } else if uri.ends_with(".ini") {
            "ini"
        } else {
            "cpf"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn close(&mut self, uri: &str) {
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

// ---- inputs -------------------------------------------------------------------

const FILES: [&str; 3] = ["merge.cpf", "CSP.ini", "Installer.xml"];

const CPF_LINES: &[&str] = &[
    "[Startup]",
    "WebServer=1",
    "SystemMode=LIVE",
    "DefaultPort=1972",
    "[Actions]",
    "CreateApplication:Name=/csp/app,NameSpace=USER,AutheEnabled=64",
    "CreateUser:Name=admin,Roles=%All,Password=SYS",
    "ModifyService:Name=%Service_CallIn,Enabled=1,AutheEnabled=48",
    "ModifyUser:Name=SuperUser,PasswordHash=ab12,cd34,10000,SHA512",
    "; irislint: ignore IRIS101 -- test only",
    "[SYSTEM]",
    "System_Manager=*.*.*.*",
    "[LOCAL]",
    "Password=]]]U1lT",
    "Comment=café 𐠈 ünïcode",
    "",
];
const XML_LINES: &[&str] = &[
    "  <Namespace Name=\"APP\" Create=\"yes\">",
    "    <CSPApplication Url=\"/csp/app\" AuthenticationMethods=\"64\"/>",
    "  </Namespace>",
    "  <User Username=\"admin\" Roles=\"%All\" Password=\"SYS\"/>",
    "  <SystemSetting Name=\"Config.Startup.WebServer\" Value=\"1\"/>",
    "  <!-- café 𐠈 -->",
    "  <Default Name=\"NS\" Value=\"USER\"/>",
];
const INSERTS: &[&str] = &[
    "\n",
    "\r\n",
    "=",
    ",",
    "[",
    "]",
    "1",
    "64",
    "é",
    "𐠈",
    " ",
    "\"",
    "<",
    "/>",
    ">",
    "AutheEnabled=",
    "Password=SYS",
    "[Actions]\n",
    "CreateUser:Name=x,Roles=%All\n",
    "<User Username=\"u\" Password=\"SYS\"/>",
    "%All",
    ";",
    "",
];

fn initial() -> impl Strategy<Value = (usize, String)> {
    (0..FILES.len(), prop::collection::vec(0..64usize, 1..16), any::<bool>()).prop_map(|(file, picks, crlf)| {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = if FILES[file].ends_with(".xml") {
            let body: Vec<&str> = picks.iter().map(|i| XML_LINES[i % XML_LINES.len()]).collect();
            format!("<Manifest>{nl}{}{nl}</Manifest>{nl}", body.join(nl))
        } else {
            let lines: Vec<&str> = picks.iter().map(|i| CPF_LINES[i % CPF_LINES.len()]).collect();
            lines.join(nl) + nl
        };
        (file, text)
    })
}

/// One edit: where (as fractions of the text), how much to delete, what to insert.
#[derive(Clone, Debug)]
struct EditSpec {
    at: prop::sample::Index,
    delete: usize,
    insert: String,
    whole: bool,
}

fn edit() -> impl Strategy<Value = EditSpec> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![3 => 0usize..3, 1 => 0usize..40],
        prop_oneof![4 => prop::sample::select(INSERTS).prop_map(str::to_string), 1 => "[a-zA-Z0-9=,é]{0,6}"],
        prop::bool::weighted(0.03),
    )
        .prop_map(|(at, delete, insert, whole)| EditSpec { at, delete, insert, whole })
}

/// A byte offset moved to a char boundary, never between `\r` and `\n`.
fn snap(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

/// The LSP position (line, UTF-16 column) of a byte offset.
fn position(text: &str, at: usize) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

// ---- the replay ---------------------------------------------------------------

#[test]
fn random_edit_sequences_match_a_fresh_parse() {
    let dir = tempfile::tempdir().unwrap();
    let server = RefCell::new(Server::start());
    let mut runner = TestRunner::new(proptest_support::config(1000));
    let counter = RefCell::new(0u64);
    let result = runner.run(&(initial(), prop::collection::vec(edit(), 1..12)), |((file, text), edits)| {
        let n = {
            let mut c = counter.borrow_mut();
            *c += 1;
            *c
        };
        let name = FILES[file];
        let edited = format!("file://{}/e{n}/{name}", dir.path().display());
        let fresh = format!("file://{}/f{n}/{name}", dir.path().display());
        let mut s = server.borrow_mut();
        s.open(&edited, &text);
        let mut text = text;
        let mut version = 1;
        for e in &edits {
            version += 1;
            let change = if e.whole {
                text = format!("{}{}", e.insert, text);
                json!({"text": text})
            } else {
                let start = snap(&text, e.at.index(text.len() + 1));
                let end = snap(&text, start + e.delete).max(start);
                let range = json!({"start": position(&text, start), "end": position(&text, end)});
                text.replace_range(start..end, &e.insert);
                json!({"range": range, "text": e.insert})
            };
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": edited, "version": version}, "contentChanges": [change]}),
            );
        }
        let after_edits = s.diagnostics(&edited, version);
        s.open(&fresh, &text);
        let from_scratch = s.diagnostics(&fresh, 1);
        s.close(&edited);
        s.close(&fresh);
        prop_assert_eq!(after_edits, from_scratch, "final text {:?}", text);
        Ok(())
    });
    server.into_inner().stop();
    if let Err(e) = result {
        panic!("{e}");
    }
}
