//! A property test of the server over the protocol: random garbage,
//! truncated and oversized frames, stale, duplicate and future versions, and
//! unknown URIs, interleaved with valid edits. After every step the server
//! must answer a normal request within a bound; at the end its diagnostics
//! must be a fresh lint of the text the client holds. Seeded, so a failure
//! names the seed and replays; bounded, so it runs in seconds.

mod lsp_support;

use irislint::findings::config::Config;
use lsp_support::*;
use serde_json::{json, Value};
use std::time::Duration;

const PATH: &str = "/nonexistent/irislint-fuzz/merge.cpf";
const STEPS: usize = 120;
/// A liveness bound (no step takes more than milliseconds), not a speed target.
const LIVE: Duration = Duration::from_secs(5);

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// Between 1 and `max` random bytes.
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = 1 + self.below(max);
        (0..n).map(|_| self.below(256) as u8).collect()
    }
}

/// An LSP position (UTF-16) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

/// A random edit of `text`: the change to send, and the text after it.
fn random_edit(rng: &mut Rng, text: &str) -> (Value, String) {
    const INSERTS: [&str; 9] = [
        "é",
        "𝄞",
        "\n",
        "AutheEnabled=64",
        ",",
        "[Startup]\nWebServer=1\n",
        "ModifyService:Name=%Service_Telnet,Enabled=1\n",
        "\r\n",
        "x",
    ];
    if rng.below(15) == 0 {
        let whole = format!("[Actions]\nCreateApplication:Name=/f{},AutheEnabled=64\n", rng.below(100));
        return (json!([{"text": whole}]), whole);
    }
    let boundaries: Vec<usize> = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
    let a = boundaries[rng.below(boundaries.len())];
    let b = boundaries.iter().copied().filter(|b| *b >= a).nth(rng.below(10)).unwrap_or(a);
    let insert = INSERTS[rng.below(INSERTS.len())];
    let range = json!({"start": position(text, a), "end": position(text, b)});
    let mut after = text.to_string();
    after.replace_range(a..b, insert);
    (json!([{"range": range, "text": insert}]), after)
}

/// A frame whose header lies about its body, or no frame at all; its body
/// never changes a document.
fn broken_input(rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let body = match rng.below(3) {
        0 => json!({"jsonrpc": "2.0", "method": "$/irislint/fuzz", "params": {"n": rng.below(1000)}}).to_string(),
        1 => String::from_utf8_lossy(&rng.bytes(80)).into_owned(),
        _ => "[1, 2, 3]".to_string(),
    };
    let n = body.len();
    // Often by less than a header, so the next header is cut in two.
    let over = 1 + if rng.below(2) == 0 { rng.below(24) } else { rng.below(400) };
    match rng.below(6) {
        0 => ("garbage", rng.bytes(300)),
        1 => ("a truncated frame", format!("Content-Length: {}\r\n\r\n{body}", n + over).into_bytes()),
        2 => ("a frame longer than its header says", format!("Content-Length: {}\r\n\r\n{body}", n / 2).into_bytes()),
        3 => ("an oversized frame", format!("Content-Length: {}\r\n\r\n{body}", 1u64 << 40).into_bytes()),
        4 => ("a body with no header", body.into_bytes()),
        _ => ("a frame that is no message", format!("Content-Length: {n}\r\n\r\n{body}").into_bytes()),
    }
}

/// Codes and ranges, sorted, of pushed or pulled diagnostics.
fn got(diagnostics: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["range"].clone()))
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
    out
}

/// What a fresh lint of `text` finds, in the same shape.
fn fresh(text: &str) -> Vec<(String, Value)> {
    let format = irislint::formats::detect(PATH, text).expect("a merge file");
    let (_, findings) = irislint::lint::check_alone(PATH, text.to_string(), format, &Config::default());
    let mut out: Vec<(String, Value)> = findings
        .iter()
        .map(|f| {
            let range = json!({"start": position(text, f.range.start), "end": position(text, f.range.end)});
            (f.code.to_string(), range)
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
    out
}

async fn run(seed: u64, pull: bool) {
    let mut rng = Rng(seed);
    let caps = if pull { modern_caps() } else { basic_caps() };
    let mut c = Client::start(caps).await;
    let uri = file_uri(PATH);
    let mut text = fixture("examples/docker/merge.cpf");
    let mut version: i64 = 1;
    c.open(&uri, &text).await;
    let unknown = |rng: &mut Rng| format!("file:///nonexistent/irislint-fuzz/unknown{}.cpf", rng.below(5));
    for step in 0..STEPS {
        let what = match rng.below(10) {
            0..=2 => {
                let (what, bytes) = broken_input(&mut rng);
                c.write_bytes(&bytes).await;
                what
            }
            3 => {
                // Stale or duplicate: dropped.
                let old = version - rng.below(3) as i64;
                c.change(&uri, old, json!([{"text": "[Actions]\nModifyUser:Name=x,Roles=%All\n"}])).await;
                "a stale or duplicate version"
            }
            4 => {
                let target = unknown(&mut rng);
                match rng.below(3) {
                    0 => c.change(&target, 2, json!([{"text": "[Startup]\n"}])).await,
                    1 => c.notify("textDocument/didClose", json!({"textDocument": {"uri": target}})).await,
                    _ => {
                        let on = json!({"textDocument": {"uri": target}, "position": {"line": 0, "character": 0}});
                        let r = c.request_within("textDocument/hover", on, LIVE).await;
                        let r = r.unwrap_or_else(|| panic!("seed {seed} step {step}: a hover on an unknown URI hung"));
                        assert!(r.get("error").is_some(), "seed {seed} step {step}: {r}");
                    }
                }
                "an unknown URI"
            }
            5 => {
                // A future version: versions may skip.
                let (change, after) = random_edit(&mut rng, &text);
                version += 2 + rng.below(5) as i64;
                c.change(&uri, version, change).await;
                text = after;
                "a future version"
            }
            _ => {
                let (change, after) = random_edit(&mut rng, &text);
                version += 1;
                c.change(&uri, version, change).await;
                text = after;
                "an edit"
            }
        };
        let symbols =
            c.request_within("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}), LIVE).await;
        let symbols =
            symbols.unwrap_or_else(|| panic!("seed {seed} step {step}: no answer within {LIVE:?} after {what}"));
        assert!(symbols.get("result").is_some(), "seed {seed} step {step} after {what}: {symbols}");
    }
    let items = if pull {
        c.pull(&uri).await
    } else {
        let published = tokio::time::timeout(LIVE, c.diagnostics(&uri, Some(version))).await;
        published.unwrap_or_else(|_| panic!("seed {seed}: version {version} never published"))["diagnostics"].clone()
    };
    assert_eq!(got(&items), fresh(&text), "seed {seed}: final diagnostics against a fresh lint of:\n{text}");
    if !pull {
        c.backlog.clear();
        c.drain().await;
        let later: Vec<&Value> = c
            .backlog
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str())
            .collect();
        assert!(later.is_empty(), "seed {seed}: published after the newest version: {later:?}");
    }
    assert!(c.shutdown().await, "seed {seed}: a clean exit");
}

#[tokio::test]
async fn the_server_survives_hostile_traffic_and_ends_on_a_fresh_lint() {
    for seed in [1, 7, 42] {
        run(seed, false).await;
    }
    run(2026, true).await;
}
