//! XML reading benchmark (`cargo bench --bench xml -- FILE…`): the
//! hand-written reader (`xml::parse`, with the nesting guard; and alone)
//! against the `tree-sitter-xml` grammar (`xml::parse_with_grammar`) on each
//! file, best of five runs, in MB/s.
//! Inputs: `python3 bench/gen.py big FILE --lines 100000 --format installer`
//! (or `--format module`). A benchmark, not a test: it asserts nothing.

use irislint::syntax::xml;
use std::time::{Duration, Instant};

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench xml -- FILE…");
        return;
    }
    println!("| file | MB | parse MB/s | reader alone MB/s | grammar MB/s | speed-up | same tree |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            eprintln!("cannot read {file}");
            continue;
        };
        let mb = text.len() as f64 / 1e6;
        let reader = best_of(5, || drop(std::hint::black_box(xml::parse(&text, None))));
        let alone = best_of(5, || drop(std::hint::black_box(xml::read_well_formed(&text, None))));
        let grammar = best_of(5, || drop(std::hint::black_box(xml::parse_with_grammar(&text, None))));
        let same = xml::parse(&text, None) == xml::parse_with_grammar(&text, None);
        let rate = |d: Duration| mb / d.as_secs_f64();
        println!(
            "| {file} | {mb:.1} | {:.1} | {:.1} | {:.1} | {:.1}× | {same} |",
            rate(reader),
            rate(alone),
            rate(grammar),
            grammar.as_secs_f64() / reader.as_secs_f64()
        );
    }
}
