//! `irislint check`: discover, read, lint (and fix) in parallel, report.

use super::discover::{self, Candidate};
use super::fix::{self, Fixed};
use super::progress::Progress;
use super::{input, CheckArgs, OutputFormat};
use crate::findings::baseline::Baseline;
use crate::findings::config::Config;
use crate::findings::fix::Allowed;
use crate::findings::Safety;
use crate::formats::Format;
use crate::lint;
use crate::report::{self, FileReport, Problem};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod configs;
mod stream;
mod workspace;

use configs::Configs;
use workspace::{apply_workspace, check_instance, join_workspace};

/// What fixing did to one file.
#[derive(Default)]
struct FixStats {
    applied: usize,
    deferred: usize,
    files_changed: usize,
    diffs: Vec<String>,
}

struct Outcome {
    report: FileReport,
    fix: Option<FixStats>,
    /// The entries a later entry of the same file overrides, kept when the
    /// document's settings were let go (see [`super::slim`]).
    overridden_within: Vec<crate::syntax::text::TextRange>,
}

fn allowed(args: &CheckArgs) -> Option<Allowed> {
    (args.fix || args.diff).then_some(if args.unsafe_fixes { Allowed::SafeAndUnsafe } else { Allowed::Safe })
}

/// Prints the report, or writes it to `--output-file`; false (after saying
/// why) when it could not be written.
fn emit(args: &CheckArgs, text: &str) -> bool {
    emit_with(args, &mut |out| out.write_all(text.as_bytes()))
}

/// [`emit`], the report written by `write` as it is produced rather than held whole.
fn emit_with(args: &CheckArgs, write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>) -> bool {
    let streamed = |out: &mut dyn Write, write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        write(&mut buffered).and_then(|()| buffered.flush())
    };
    let result = match &args.output_file {
        // With `--fix -`, standard output holds the fixed text: the report goes beside it.
        None if args.fix && args.paths.iter().any(|p| p.as_os_str() == "-") => {
            streamed(&mut std::io::stderr().lock(), write)
        }
        None => streamed(&mut std::io::stdout().lock(), write),
        Some(path) => {
            return match super::output::write_report(path, write) {
                Ok(()) => true,
                Err(e) => {
                    eprintln!("error: {e}");
                    false
                }
            }
        }
    };
    match result {
        Ok(()) => true,
        // A reader that stopped reading (`| head`) is not an error of the run.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            false
        }
    }
}

pub fn run(args: CheckArgs) -> i32 {
    if args.add_suppressions {
        if let Err(e) = super::add_suppressions::check_reason(args.reason.as_deref().unwrap_or_default()) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    if args.add_suppressions && args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --add-suppressions rewrites files; it cannot read standard input");
        return 2;
    }
    if args.compliance && !matches!(args.format, OutputFormat::Text | OutputFormat::Json | OutputFormat::Markdown) {
        eprintln!("error: --compliance prints text, json or markdown");
        return 2;
    }
    if args.format == OutputFormat::Markdown && !args.compliance {
        eprintln!("error: --format markdown is for --compliance");
        return 2;
    }
    if args.statistics && !matches!(args.format, OutputFormat::Text | OutputFormat::Json) {
        eprintln!("error: --statistics prints text or json, not {}", format!("{:?}", args.format).to_lowercase());
        return 2;
    }
    let configs = match Configs::new(&args).and_then(|c| c.for_path(Path::new(".")).map(|_| c)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let baseline = match args.baseline.as_ref().map(|p| {
        std::fs::read_to_string(p)
            .map_err(|e| format!("{}: {}", p.display(), input::describe_io(&e)))
            .and_then(|t| Baseline::parse(&t))
    }) {
        Some(Err(e)) => {
            eprintln!("error: baseline {e}");
            return 2;
        }
        Some(Ok(b)) => Some(b),
        None => None,
    };
    if stream::applies(&args) {
        return run_streaming(&args, &configs, baseline.as_ref());
    }
    let mut outcomes = Vec::new();
    let mut problems = Vec::new();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        match check_stdin(&args, &configs) {
            Ok(mut o) => {
                slim(&mut o, &args);
                outcomes.push(o)
            }
            Err(p) => problems.push(p),
        }
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect()
    };
    if !paths.is_empty() {
        let found = discover::discover(&paths, configs.fixed.as_ref().unwrap_or(&Config::default()));
        problems.extend(
            found.errors.into_iter().map(|(path, message)| Problem { path: path.display().to_string(), message }),
        );
        let progress = Progress::new(found.files.len(), args.no_progress);
        let results: Vec<Result<Option<Outcome>, Problem>> = found
            .files
            .par_iter()
            .map(|c| {
                let r = check_file(c, &args, &configs);
                progress.tick();
                r
            })
            .collect();
        progress.finish();
        for r in results {
            match r {
                Ok(Some(o)) => outcomes.push(o),
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
    }
    // Merge files the setup code's wiring names are read whatever their name.
    let wired = wired_candidates(&outcomes.iter().map(|o| &o.report.doc).collect::<Vec<_>>());
    for c in &wired {
        match check_file(c, &args, &configs) {
            Ok(Some(o)) => outcomes.push(o),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    outcomes.sort_by(|a, b| a.report.doc.path.cmp(&b.report.doc.path));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    let roots: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    if args.explain_effective {
        let docs: Vec<&crate::formats::Document> = outcomes.iter().map(|o| &o.report.doc).collect();
        let named = configs.for_path(Path::new(".")).map(|c| c.instances).unwrap_or_default();
        let instances = crate::workspace::group(&docs, &roots, &named);
        let text = match args.format {
            OutputFormat::Json => crate::workspace::explain_json(&instances),
            _ => crate::workspace::explain_text(&instances),
        };
        let written = emit(&args, &text);
        for p in &problems {
            eprintln!("error: {}: {}", p.path, p.message);
        }
        return if problems.is_empty() && written { 0 } else { 2 };
    }
    apply_workspace(&mut outcomes, &roots, &configs);

    if let Some(path) = &args.write_baseline {
        let b = Baseline::record(
            outcomes.iter().flat_map(|o| o.report.findings.iter().map(move |f| (o.report.doc.path.as_str(), f))),
        );
        let text = serde_json::to_string_pretty(&b).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: {}: {}", path.display(), input::describe_io(&e));
            return 2;
        }
        let n: usize = b.entries.iter().map(|e| e.count).sum();
        eprintln!("Recorded {n} finding{} in {}.", if n == 1 { "" } else { "s" }, path.display());
        return if problems.is_empty() { 0 } else { 2 };
    }
    if let Some(b) = &baseline {
        let mut filter = b.filter();
        for o in &mut outcomes {
            let path = o.report.doc.path.clone();
            o.report.findings.retain(|f| filter.is_new(&path, f));
        }
    }

    if args.add_suppressions {
        let reports: Vec<FileReport> = outcomes.into_iter().map(|o| o.report).collect();
        let outcome = super::add_suppressions::run(&reports, args.reason.as_deref().unwrap_or_default());
        eprint!("{}", super::add_suppressions::summary(&outcome));
        for (path, e) in &outcome.errors {
            eprintln!("error: {path}: {e}");
        }
        for p in &problems {
            eprintln!("error: {}: {}", p.path, p.message);
        }
        return if !problems.is_empty() || !outcome.errors.is_empty() {
            2
        } else {
            i32::from(!outcome.refused.is_empty() && !args.exit_zero)
        };
    }
    if args.compliance {
        let reports: Vec<FileReport> = outcomes.into_iter().map(|o| o.report).collect();
        let config = configs.for_path(Path::new(".")).unwrap_or_default();
        let instances = super::compliance::judge(&reports, &roots, &config.instances, &config);
        let text = match args.format {
            OutputFormat::Json => super::compliance::json(&instances),
            OutputFormat::Markdown => super::compliance::markdown(&instances),
            _ => super::compliance::text(&instances),
        };
        let written = emit(&args, &text);
        for p in &problems {
            eprintln!("error: {}: {}", p.path, p.message);
        }
        return if !problems.is_empty() || !written {
            2
        } else {
            i32::from(super::compliance::any_violated(&instances) && !args.exit_zero)
        };
    }

    let mut stats = FixStats::default();
    for o in &mut outcomes {
        if let Some(s) = o.fix.take() {
            stats.applied += s.applied;
            stats.deferred += s.deferred;
            stats.files_changed += s.files_changed;
            stats.diffs.extend(s.diffs);
        }
    }
    let reports: Vec<FileReport> = outcomes.into_iter().map(|o| o.report).collect();
    let written = if args.diff {
        emit(&args, &stats.diffs.concat())
    } else if args.statistics {
        emit(
            &args,
            &match args.format {
                OutputFormat::Json => report::statistics::json(&reports),
                _ => report::statistics::text(&reports),
            },
        )
    } else {
        // Reports link a rule's page only where `docs-url` says where the pages are.
        let docs_url = configs.for_path(Path::new(".")).ok().and_then(|c| c.docs_url);
        let docs_url = docs_url.as_deref();
        let color = args.output_file.is_none() && report::text::use_color();
        match args.format {
            OutputFormat::Text => {
                emit_with(&args, &mut |out| report::text::write_with(out, &reports[..], color, args.show_fixes))
            }
            OutputFormat::Json => emit_with(&args, &mut |out| report::json::write(out, &reports[..], docs_url)),
            OutputFormat::Sarif => emit_with(&args, &mut |out| report::sarif::write(out, &reports[..], docs_url)),
            OutputFormat::Github => emit(&args, &report::github::render(&reports)),
            OutputFormat::Junit => emit(&args, &report::junit::render(&reports)),
            OutputFormat::Gitlab => emit(&args, &report::gitlab::render(&reports)),
            OutputFormat::Rdjson => emit(&args, &report::rdjson::render(&reports, docs_url)),
            OutputFormat::Markdown => unreachable!("refused above without --compliance"),
        }
    };
    for p in &problems {
        eprintln!("error: {}: {}", p.path, p.message);
    }
    if args.format == OutputFormat::Text || args.fix || args.diff {
        if args.fix || args.diff {
            eprint!("{}", fix_summary(&args, &stats, &reports));
        }
        if !args.diff {
            eprint!("{}", report::text::summary(&reports, problems.len()));
        }
    }
    let findings = reports.iter().any(|r| !r.findings.is_empty());
    if !problems.is_empty() || !written {
        2
    } else if args.diff {
        i32::from(!stats.diffs.is_empty())
    } else if findings && !args.exit_zero {
        1
    } else {
        0
    }
}

/// A run that writes its report as it checks (see [`stream`]): the same
/// report, summary and exit status as a run that holds every file's findings.
fn run_streaming(args: &CheckArgs, configs: &Configs, baseline: Option<&Baseline>) -> i32 {
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let roots: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let run = stream::Run::new(args, configs, &paths, &roots, baseline.map(Baseline::filter));
    // Reports link a rule's page only where `docs-url` says where the pages are.
    let docs_url = configs.for_path(Path::new(".")).ok().and_then(|c| c.docs_url);
    let docs_url = docs_url.as_deref();
    let color = args.output_file.is_none() && report::text::use_color();
    let written = match args.format {
        OutputFormat::Text => emit_with(args, &mut |out| report::text::write_with(out, &run, color, args.show_fixes)),
        OutputFormat::Json => emit_with(args, &mut |out| report::json::write(out, &run, docs_url)),
        _ => emit_with(args, &mut |out| report::sarif::write(out, &run, docs_url)),
    };
    let stream::Finished { tally, problems } = run.finish();
    for p in &problems {
        eprintln!("error: {}: {}", p.path, p.message);
    }
    if args.format == OutputFormat::Text {
        eprint!("{}", report::text::summary_of(&tally, problems.len()));
    }
    if !problems.is_empty() || !written {
        2
    } else if tally.total > 0 && !args.exit_zero {
        1
    } else {
        0
    }
}

fn fix_summary(args: &CheckArgs, stats: &FixStats, reports: &[FileReport]) -> String {
    let remaining: Vec<_> = reports.iter().flat_map(|r| &r.findings).collect();
    let unsafe_only = remaining.iter().filter(|f| f.fix.as_ref().is_some_and(|x| x.safety == Safety::Unsafe)).count();
    let no_fix = remaining.iter().filter(|f| f.fix.is_none()).count();
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    let mut s = format!(
        "{verb} {} finding{} in {} file{}; {} remain{}",
        stats.applied,
        if stats.applied == 1 { "" } else { "s" },
        stats.files_changed,
        if stats.files_changed == 1 { "" } else { "s" },
        remaining.len(),
        if remaining.len() == 1 { "s" } else { "" }
    );
    let mut why = Vec::new();
    if unsafe_only > 0 && !args.unsafe_fixes {
        why.push(format!("{unsafe_only} with only an unsafe fix (add --unsafe-fixes)"));
    }
    if no_fix > 0 {
        why.push(format!("{no_fix} with no automatic fix"));
    }
    if stats.deferred > 0 {
        why.push(format!("{} whose fix overlapped another", stats.deferred));
    }
    if !why.is_empty() {
        s.push_str(": ");
        s.push_str(&why.join(", "));
    }
    s.push_str(".\n");
    s
}

fn check_stdin(args: &CheckArgs, configs: &Configs) -> Result<Outcome, Problem> {
    let name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
    let problem = |message: String| Problem { path: name.clone(), message };
    let mut bytes = Vec::new();
    std::io::stdin().take(args.max_file_size + 1).read_to_end(&mut bytes).map_err(|e| problem(e.to_string()))?;
    if bytes.len() as u64 > args.max_file_size {
        return Err(problem(format!(
            "standard input is over the limit of {} bytes (--max-file-size)",
            args.max_file_size
        )));
    }
    let input = input::decode(bytes).map_err(problem)?;
    let Some(format) = discover::format_of(Path::new(&name), &input.text) else {
        return Err(problem(
            "cannot tell the format of standard input; name it with --stdin-filename (e.g. merge.cpf)".into(),
        ));
    };
    let config = configs.for_path(Path::new(&name)).map_err(problem)?;
    if let Some(allowed) = allowed(args).filter(|_| args.fix) {
        // Fixed text goes to standard output, as formatters do.
        let fixed = fix::fix_text(&name, input.text, format, &config, allowed);
        print!("{}", fixed.doc.text);
        let stats = FixStats {
            applied: fixed.applied,
            deferred: fixed.deferred,
            files_changed: usize::from(fixed.changed()),
            diffs: vec![],
        };
        return Ok(Outcome {
            report: FileReport { doc: fixed.doc, findings: fixed.findings, notice: input.notice },
            fix: Some(stats),
            overridden_within: Vec::new(),
        });
    }
    let (doc, findings) = lint::check_text(&name, input.text, format, &config);
    Ok(Outcome { report: FileReport { doc, findings, notice: input.notice }, fix: None, overridden_within: Vec::new() })
}

/// Files the wiring names as merge files that the walk did not read.
fn wired_candidates(docs: &[&crate::formats::Document]) -> Vec<Candidate> {
    let read: std::collections::HashSet<PathBuf> =
        docs.iter().map(|d| crate::workspace::wiring::normalise(Path::new(&d.path))).collect();
    // Shown as the walk shows its files (`./merge.conf` under `.`).
    let dotted = docs.iter().any(|d| d.path.starts_with("./"));
    crate::workspace::wiring::wired_merges(docs)
        .into_iter()
        .filter(|w| !read.contains(&w.path) && w.path.is_file())
        .map(|w| {
            let path = if dotted && w.path.is_relative() { Path::new(".").join(&w.path) } else { w.path };
            Candidate { path, explicit: false, format: Some(Format::CpfMerge) }
        })
        .collect()
}

/// Whether the run reads checked documents whole afterwards (to rewrite
/// them, or to show every setting), not only what the reports need.
fn keeps_whole_documents(args: &CheckArgs) -> bool {
    args.add_suppressions || args.compliance || args.explain_effective
}

fn check_file(candidate: &Candidate, args: &CheckArgs, configs: &Configs) -> Result<Option<Outcome>, Problem> {
    let mut outcome = check_whole_file(candidate, args, configs)?;
    if let Some(o) = outcome.as_mut() {
        slim(o, args);
    }
    Ok(outcome)
}

/// Lets go of what the rest of the run does not read (see [`super::slim`]).
fn slim(o: &mut Outcome, args: &CheckArgs) {
    if keeps_whole_documents(args) {
        return;
    }
    o.overridden_within = super::slim::after_check(&mut o.report.doc);
    // Held until the report: without the room it grew into.
    o.report.findings.shrink_to_fit();
}

/// A file read, its format told and its configuration found: ready to check.
struct Prepared {
    display: String,
    input: input::Input,
    format: Format,
    config: Config,
}

/// Reads a file and tells its format; `None` for a file irislint does not read.
fn prepare(candidate: &Candidate, args: &CheckArgs, configs: &Configs) -> Result<Option<Prepared>, Problem> {
    let display = candidate.path.display().to_string();
    let problem = |message: String| Problem { path: display.clone(), message };
    let input = input::read(&candidate.path, args.max_file_size).map_err(problem)?;
    let Some(format) = candidate.format.or_else(|| discover::format_of(&candidate.path, &input.text)).or_else(|| {
        // A class named on the command line is read even when nothing in it
        // configures security: it is a file irislint reads, with no finding.
        let cls = candidate.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("cls"));
        (candidate.explicit && cls).then_some(Format::Class)
    }) else {
        return if candidate.explicit && !args.skip_unknown {
            Err(problem(
                "not a file irislint reads (iris.cpf, merge .cpf, CSP.ini, installer manifest, module.xml, setup code: .script, .cls, Dockerfile, compose, shell, .env)".into(),
            ))
        } else {
            Ok(None)
        };
    };
    let config = configs.for_path(&candidate.path).map_err(problem)?;
    if !candidate.explicit && config.is_excluded(&candidate.path) {
        return Ok(None);
    }
    Ok(Some(Prepared { display, input, format, config }))
}

/// Checks a prepared file without fixing it.
fn check_prepared(p: Prepared) -> Outcome {
    let (doc, findings) = lint::check_text(&p.display, p.input.text, p.format, &p.config);
    Outcome { report: FileReport { doc, findings, notice: p.input.notice }, fix: None, overridden_within: Vec::new() }
}

fn check_whole_file(candidate: &Candidate, args: &CheckArgs, configs: &Configs) -> Result<Option<Outcome>, Problem> {
    let Some(p) = prepare(candidate, args, configs)? else { return Ok(None) };
    match allowed(args) {
        Some(allowed) => fix_file(candidate, &p.display, p.input, p.format, &p.config, allowed, args.diff).map(Some),
        None => Ok(Some(check_prepared(p))),
    }
}

fn fix_file(
    candidate: &Candidate,
    display: &str,
    input: input::Input,
    format: Format,
    config: &Config,
    allowed: Allowed,
    diff_only: bool,
) -> Result<Outcome, Problem> {
    let problem = |message: String| Problem { path: display.to_string(), message };
    if input.notice.is_some() {
        // A file decoded with losses (or from UTF-16) is checked but never rewritten.
        let (doc, findings) = lint::check_text(display, input.text, format, config);
        return Ok(Outcome {
            report: FileReport { doc, findings, notice: input.notice.map(|n| format!("{n}; not fixed")) },
            fix: None,
            overridden_within: Vec::new(),
        });
    }
    let Fixed { doc, findings, applied, deferred, original } =
        fix::fix_text(display, input.text, format, config, allowed);
    let changed = doc.text != original;
    let mut stats = FixStats {
        applied: if changed { applied } else { 0 },
        deferred,
        files_changed: usize::from(changed),
        diffs: vec![],
    };
    if changed {
        if diff_only {
            stats.diffs.push(fix::masked_diff(display, format, &original, &doc));
        } else {
            fix::write_atomically(&candidate.path, original.as_bytes(), &doc.text).map_err(problem)?;
        }
    }
    Ok(Outcome { report: FileReport { doc, findings, notice: None }, fix: Some(stats), overridden_within: Vec::new() })
}
