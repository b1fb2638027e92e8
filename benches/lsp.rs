//! Language server benchmark (`cargo bench --bench lsp`): drives the built
//! `irislint server` over its stdio as an editor would and prints a table:
//! initialize time, didChange → publishDiagnostics for a typical iris.cpf
//! (~500 lines), a large one (50,000 lines; memory while typing in it and once
//! idle) and a 20 MB one, memory with 200 open
//! documents, and a 20 MB iris.cpf: time to publish it, memory while it is
//! open and after it is closed. A benchmark, not a test: it asserts nothing.
//! `IRISLINT_BIN=path` measures another build of the binary instead.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const CORPUS: &str = "../shared/corpus/cpf/rcemper__CrossECP-IRIS__iris.cpf";

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start() -> (Server, Duration) {
        let started = Instant::now();
        // IRISLINT_BIN compares another build (say, main's) with this one.
        let binary = std::env::var_os("IRISLINT_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_irislint").into());
        let mut child = Command::new(binary)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start irislint server");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut s = Server { child, stdin, stdout, next_id: 0 };
        let caps = json!({"textDocument": {"publishDiagnostics": {}}});
        s.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": caps}));
        let elapsed = started.elapsed();
        s.notify("initialized", json!({}));
        (s, elapsed)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
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
            self.stdout.read_line(&mut line).expect("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("json")
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.read();
            if pred(&m) {
                return m;
            }
        }
    }

    fn published(&mut self, uri: &str, version: i64) {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
    }

    fn rss_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// A typical instance file: the corpus iris.cpf when it is beside the
/// checkout, else a generated one; padded with databases to `lines` lines.
fn iris_cpf(lines: usize) -> (String, &'static str) {
    let (mut text, source) = match std::fs::read_to_string(CORPUS) {
        Ok(t) => (t, "corpus rcemper__CrossECP-IRIS__iris.cpf"),
        Err(_) => (generated_base(), "generated"),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut i = 0;
    let mut extra = String::from("[Databases]\n");
    while text.lines().count() + extra.lines().count() < lines {
        extra.push_str(&format!("APPDB{i}=/usr/irissys/mgr/appdb{i}/\n"));
        i += 1;
    }
    text.push_str(&extra);
    (text, source)
}

/// An iris.cpf of about `bytes` bytes: the typical file, then databases.
fn iris_cpf_bytes(bytes: usize) -> String {
    let (mut text, _) = iris_cpf(500);
    text.push_str("[Databases]\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!("APPDB{i}=/usr/irissys/mgr/appdb{i}/\n"));
        i += 1;
    }
    text
}

/// Opens a document of `bytes` bytes in a fresh server: milliseconds to its
/// diagnostics, then RSS (MiB) idle before, while open, at its peak, and
/// after close.
fn huge_document(bytes: usize) -> (f64, f64, f64, f64, f64, usize) {
    let text = iris_cpf_bytes(bytes);
    let (mut s, _) = Server::start();
    std::thread::sleep(Duration::from_millis(200));
    let mib = |kib: Option<u64>| kib.unwrap_or(0) as f64 / 1024.0;
    let idle = mib(s.rss_kib("VmRSS:"));
    let uri = "file:///bench/huge/iris.cpf";
    let started = Instant::now();
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cpf", "version": 1, "text": text}}),
    );
    s.published(uri, 1);
    let publish = started.elapsed().as_secs_f64() * 1000.0;
    // The server gives the lint's memory back after publishing: let it settle.
    std::thread::sleep(Duration::from_secs(2));
    let open = mib(s.rss_kib("VmRSS:"));
    let peak = mib(s.rss_kib("VmHWM:"));
    s.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    // A request after the close: the writer has handled it.
    s.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}));
    std::thread::sleep(Duration::from_secs(2));
    let closed = mib(s.rss_kib("VmRSS:"));
    s.stop();
    (publish, idle, open, peak, closed, text.len())
}

fn generated_base() -> String {
    let mut t = String::from(
        "[ConfigFile]\nProduct=IRIS\nVersion=2024.1\n\n[Startup]\nWebServer=1\nSystemMode=LIVE\n\n[config]\n",
    );
    t.push_str("globals=0,0,256,0,0,0\nroutines=64\nlocksiz=16777216\n\n[Namespaces]\nUSER=USER\n\n[Databases]\nUSER=/usr/irissys/mgr/user/\n");
    t
}

/// didChange → publishDiagnostics: flips one character in the middle, `runs` times.
fn change_latency(s: &mut Server, uri: &str, text: &str, runs: usize) -> (f64, f64) {
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cpf", "version": 1, "text": text}}),
    );
    s.published(uri, 1);
    let line = text.lines().count() / 2;
    let mut times = Vec::new();
    for run in 0..runs {
        let version = run as i64 + 2;
        let (old, new) = if run % 2 == 0 { ("", "X") } else { ("X", "") };
        let end = old.len();
        let change = json!([{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": end}}, "text": new}]);
        let started = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": change}),
        );
        s.published(uri, version);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[times.len() / 2], times[(times.len() * 95 / 100).min(times.len() - 1)])
}

fn main() {
    // `cargo test --all-targets` runs bench targets too, without `--bench`:
    // a benchmark of a debug build measures nothing, so it only says so.
    if !std::env::args().any(|a| a == "--bench") {
        println!("lsp benchmark: run it with `cargo bench --bench lsp`");
        return;
    }
    let mut inits: Vec<f64> = Vec::new();
    for _ in 0..10 {
        let (s, took) = Server::start();
        inits.push(took.as_secs_f64() * 1000.0);
        s.stop();
    }
    inits.sort_by(|a, b| a.total_cmp(b));

    let (typical, source) = iris_cpf(500);
    let (mut s, _) = Server::start();
    let (typical_median, typical_p95) = change_latency(&mut s, "file:///bench/typical/iris.cpf", &typical, 200);
    let (large, _) = iris_cpf(50_000);
    let (large_median, large_p95) = change_latency(&mut s, "file:///bench/large/iris.cpf", &large, 30);
    // Freed pages are kept while the user types and given back once the server is idle.
    let typing = s.rss_kib("VmRSS:").unwrap_or(0);
    std::thread::sleep(Duration::from_secs(3));
    let rested = s.rss_kib("VmRSS:").unwrap_or(0);
    let huge = iris_cpf_bytes(20_000_000);
    let (huge_median, huge_p95) = change_latency(&mut s, "file:///bench/huge-change/iris.cpf", &huge, 10);
    s.stop();

    let (mut s, _) = Server::start();
    let idle = s.rss_kib("VmRSS:").unwrap_or(0);
    for i in 0..200 {
        let uri = format!("file:///bench/many/{i}/iris.cpf");
        let text = typical.replace("APPDB", &format!("DB{i}X"));
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "cpf", "version": 1, "text": text}}),
        );
    }
    for i in 0..200 {
        s.published(&format!("file:///bench/many/{i}/iris.cpf"), 1);
    }
    std::thread::sleep(Duration::from_millis(200));
    let rss = s.rss_kib("VmRSS:").unwrap_or(0);
    let peak = s.rss_kib("VmHWM:").unwrap_or(0);
    s.stop();

    let (huge_publish, huge_idle, huge_open, huge_peak, huge_closed, huge_bytes) = huge_document(20_000_000);

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "irislint server benchmark (typical file: {source}, {} lines; large: {} lines)\n",
        typical.lines().count(),
        large.lines().count()
    );
    println!("| measure | result | target |");
    println!("|---|---|---|");
    println!("| initialize (process start to result), median of 10 | {:.2} ms | < 20 ms |", inits[inits.len() / 2]);
    println!("| didChange → publishDiagnostics, typical, median (p95) of 200 | {typical_median:.2} ms ({typical_p95:.2} ms) | < 1 ms |");
    println!("| didChange → publishDiagnostics, 50,000 lines, median (p95) of 30 | {large_median:.2} ms ({large_p95:.2} ms) | < 10 ms |");
    println!("| memory after those changes (RSS); after 3 s idle | {:.1} MiB; {:.1} MiB | |", mib(typing), mib(rested));
    println!(
        "| didChange → publishDiagnostics, {:.1} MiB iris.cpf, median (p95) of 10 | {huge_median:.2} ms ({huge_p95:.2} ms) | |",
        huge.len() as f64 / (1024.0 * 1024.0)
    );
    println!(
        "| memory, 200 typical documents open (RSS; peak) | {:.1} MiB ({:.1} MiB); idle {:.1} MiB | < 60 MiB |",
        mib(rss),
        mib(peak),
        mib(idle)
    );
    let size = huge_bytes as f64 / (1024.0 * 1024.0);
    println!("| didOpen → publishDiagnostics, {size:.1} MiB iris.cpf | {huge_publish:.0} ms | |");
    println!(
        "| memory, that document open (RSS; peak) | {huge_open:.1} MiB ({huge_peak:.1} MiB) | < {:.0} MiB (10× the document) |",
        size * 10.0
    );
    println!(
        "| memory after closing it (RSS) | {huge_closed:.1} MiB; idle {huge_idle:.1} MiB | within a few MiB of idle |"
    );
}
