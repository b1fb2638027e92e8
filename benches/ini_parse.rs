//! INI-family parse throughput (`cargo bench --bench ini_parse`): the
//! hand-written reader (`cpf::parse`, what the command line and the server
//! read with) against the tree-sitter grammar's parse and flatten (what they
//! read with before; editors still highlight with it), on iris.cpf and merge
//! files of 50,000 and 1,000,000 lines from `bench/gen.py big`. Prints MB/s,
//! the best of a few runs. A benchmark, not a test (it checks only that both
//! read as many settings and operations).

use irislint::syntax::cpf;
use std::process::Command;
use std::time::{Duration, Instant};

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut items = 0;
    for _ in 0..runs {
        let started = Instant::now();
        items = std::hint::black_box(f());
        best = best.min(started.elapsed());
    }
    (best, items)
}

fn items(file: &cpf::IniFile) -> usize {
    file.sections.iter().map(|s| s.settings.len() + s.actions.len()).sum::<usize>() + file.preamble.len()
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("| file | MB | tree-sitter parse+flatten MB/s | hand-written MB/s | speed-up |");
    println!("|---|---:|---:|---:|---:|");
    for (format, lines) in [("cpf", 50_000), ("merge", 50_000), ("cpf", 1_000_000), ("merge", 1_000_000)] {
        let path = dir.path().join(format!("{format}-{lines}.cpf"));
        let generated = Command::new("python3")
            .args(["bench/gen.py", "big"])
            .arg(&path)
            .args(["--lines", &lines.to_string(), "--format", format])
            .output();
        if !generated.is_ok_and(|o| o.status.success()) {
            println!("| {format} {lines} lines | (bench/gen.py did not run: python3 missing?) | | | |");
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("the generated file");
        let mb = text.len() as f64 / 1e6;
        let runs = if lines > 100_000 { 2 } else { 5 };
        let (grammar, grammar_items) = best_of(runs, || {
            let tree = cpf::parse_tree(&text).expect("the grammar loads");
            items(&cpf::flatten(&tree, &text))
        });
        let (hand, hand_items) = best_of(runs * 2, || items(&cpf::parse(&text)));
        assert_eq!(grammar_items, hand_items, "both read the same settings and operations");
        let rate = |d: Duration| mb / d.as_secs_f64();
        println!(
            "| {format}, {lines} lines | {mb:.1} | {:.1} | {:.1} | {:.1}× |",
            rate(grammar),
            rate(hand),
            grammar.as_secs_f64() / hand.as_secs_f64()
        );
    }
}
