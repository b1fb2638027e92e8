//! Where a keystroke's time goes (`cargo bench --bench stages`): the stages
//! the language server runs on every change of an iris.cpf of 500, 50,000
//! and 500,000 lines — parse, read into entries and facts (in full, and
//! again from the previous read after a one-character edit, as the server
//! does), the per-file rules, the instance's cross-file rules, and both
//! together as the server runs them — timed in process, median of several
//! runs. A benchmark, not a test: it only checks that the edit is read
//! line by line, so that the column measures what it says.

use irislint::findings::config::Config;
use irislint::formats::{self, Format};
use std::time::Instant;

// The binary's allocator, so the stages cost what they cost in the server.
#[cfg(unix)]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const CORPUS: &str = "../shared/corpus/cpf/rcemper__CrossECP-IRIS__iris.cpf";

/// The corpus iris.cpf (or a small generated one), padded with databases.
fn iris_cpf(lines: usize) -> String {
    let mut text = std::fs::read_to_string(CORPUS)
        .unwrap_or_else(|_| "[ConfigFile]\nProduct=IRIS\n\n[Startup]\nWebServer=1\n".to_string());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("[Databases]\n");
    let mut n = text.lines().count();
    let mut i = 0;
    while n < lines {
        text.push_str(&format!("APPDB{i}=/usr/irissys/mgr/appdb{i}/\n"));
        i += 1;
        n += 1;
    }
    text
}

/// Median milliseconds of `runs` calls.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

/// Median milliseconds of reading the text again after a character is typed
/// at the start of its middle line (then removed, and so on), from the
/// previous read. Neither the new text's copy nor a dropped document is timed.
fn read_again_ms(text: &str, runs: usize) -> f64 {
    let middle = text.match_indices('\n').nth(text.lines().count() / 2).map_or(0, |(i, _)| i + 1);
    let edited = format!("{}X{}", &text[..middle], &text[middle..]);
    let mut doc = formats::read("/bench/iris.cpf", text.to_string(), Format::Cpf);
    assert!(formats::reads_only_changed_lines(&doc, &edited), "a keystroke is read again line by line");
    let mut times = Vec::new();
    for run in 0..runs.max(2) {
        let next = if run % 2 == 0 { edited.clone() } else { text.to_string() };
        let t = Instant::now();
        doc = formats::read_again(doc, next);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("stages benchmark: run it with `cargo bench --bench stages`");
        return;
    }
    let config = Config::default();
    println!(
        "| lines | MB | parse ms | read ms (with parse) | read again ms (one character) | per-file rules ms | cross-file rules ms | both rules, as run ms | keystroke total ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (lines, runs) in [(500, 200), (50_000, 20), (500_000, 5)] {
        let text = iris_cpf(lines);
        let parse = median_ms(runs, || {
            std::hint::black_box(irislint::syntax::cpf::parse(&text));
        });
        let read = median_ms(runs, || {
            std::hint::black_box(formats::read("/bench/iris.cpf", text.clone(), Format::Cpf));
        });
        let again = read_again_ms(&text, runs);
        let doc = formats::read("/bench/iris.cpf", text.clone(), Format::Cpf);
        let rules = median_ms(runs, || {
            std::hint::black_box(irislint::lint::check_document(&doc, &config));
        });
        let workspace = median_ms(runs, || {
            let instance =
                irislint::workspace::Instance { name: doc.path.clone(), docs: vec![&doc], layers: Default::default() };
            std::hint::black_box(irislint::lint::check_workspace(&instance, &|_| Some(config.clone())));
        });
        let both = median_ms(runs, || {
            std::hint::black_box(irislint::lint::check_document_alone(&doc, &config));
        });
        println!(
            "| {lines} | {:.1} | {parse:.2} | {read:.2} | {again:.2} | {rules:.2} | {workspace:.2} | {both:.2} | {:.2} |",
            text.len() as f64 / 1e6,
            again + both
        );
    }
}
