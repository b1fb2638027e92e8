//! `irislint check`: discover, read, lint in parallel, report.

use super::discover::{self, Candidate};
use super::{input, CheckArgs, OutputFormat};
use crate::findings::config::{Config, Profile};
use crate::lint;
use crate::report::{self, FileReport, Problem};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The configuration for each file: the one named by `--config`, else the
/// nearest `irislint.toml`, with the command line's options on top.
struct Configs<'a> {
    args: &'a CheckArgs,
    fixed: Option<Config>,
    cache: Mutex<HashMap<Option<PathBuf>, Result<Config, String>>>,
}

impl<'a> Configs<'a> {
    fn new(args: &'a CheckArgs) -> Result<Self, String> {
        let fixed = match &args.config {
            Some(path) => Some(Self::apply_args(Config::load(path)?, args)?),
            None => None,
        };
        Ok(Self {
            args,
            fixed,
            cache: Mutex::new(HashMap::new()),
        })
    }

    fn apply_args(mut config: Config, args: &CheckArgs) -> Result<Config, String> {
        if let Some(p) = &args.profile {
            config.profile = p.parse::<Profile>()?;
        }
        for code in args.select.iter().chain(&args.ignore) {
            if !crate::rules::is_code_or_prefix(code) {
                return Err(format!(
                    "`{code}` is not a rule code or prefix (see `irislint rules`)"
                ));
            }
        }
        if !args.select.is_empty() {
            config.select = Some(args.select.clone());
        }
        config.ignore.extend(args.ignore.iter().cloned());
        config.no_suppressions |= args.no_suppressions;
        Ok(config)
    }

    fn for_path(&self, path: &Path) -> Result<Config, String> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let found = Config::discover(path);
        let mut cache = self.cache.lock().expect("config cache");
        cache
            .entry(found.clone())
            .or_insert_with(|| {
                let base = match &found {
                    Some(p) => Config::load(p)?,
                    None => Config::default(),
                };
                Self::apply_args(base, self.args)
            })
            .clone()
    }
}

pub fn run(args: CheckArgs) -> i32 {
    let configs = match Configs::new(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // Check the command line's own options once, up front.
    if let Err(e) = configs.for_path(Path::new(".")) {
        eprintln!("error: {e}");
        return 2;
    }
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        match check_stdin(&args, &configs) {
            Ok(r) => reports.push(r),
            Err(p) => problems.push(p),
        }
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect()
    };
    if !paths.is_empty() {
        let found =
            discover::discover(&paths, configs.fixed.as_ref().unwrap_or(&Config::default()));
        problems.extend(found.errors.into_iter().map(|(path, message)| Problem {
            path: path.display().to_string(),
            message,
        }));
        let results: Vec<Result<Option<FileReport>, Problem>> = found
            .files
            .par_iter()
            .map(|c| check_file(c, &args, &configs))
            .collect();
        for r in results {
            match r {
                Ok(Some(report)) => reports.push(report),
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
    }
    reports.sort_by(|a, b| a.doc.path.cmp(&b.doc.path));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    let out = match args.format {
        OutputFormat::Text => report::text::render(&reports, report::text::use_color()),
        OutputFormat::Json => report::json::render(&reports),
    };
    print!("{out}");
    for p in &problems {
        eprintln!("error: {}: {}", p.path, p.message);
    }
    if args.format == OutputFormat::Text {
        eprint!("{}", report::text::summary(&reports, problems.len()));
    }
    let findings = reports.iter().any(|r| !r.findings.is_empty());
    if !problems.is_empty() {
        2
    } else if findings && !args.exit_zero {
        1
    } else {
        0
    }
}

fn check_stdin(args: &CheckArgs, configs: &Configs) -> Result<FileReport, Problem> {
    let name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
    let problem = |message: String| Problem {
        path: name.clone(),
        message,
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(args.max_file_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(e.to_string()))?;
    if bytes.len() as u64 > args.max_file_size {
        return Err(problem(format!(
            "standard input is over the limit of {} bytes (--max-file-size)",
            args.max_file_size
        )));
    }
    let input = input::decode(bytes);
    let Some(format) = discover::format_of(Path::new(&name), &input.text) else {
        return Err(problem("cannot tell the format of standard input; name it with --stdin-filename (e.g. merge.cpf)".into()));
    };
    let config = configs.for_path(Path::new(&name)).map_err(problem)?;
    let (doc, findings) = lint::check_text(&name, input.text, format, &config);
    Ok(FileReport {
        doc,
        findings,
        notice: input.notice,
    })
}

fn check_file(
    candidate: &Candidate,
    args: &CheckArgs,
    configs: &Configs,
) -> Result<Option<FileReport>, Problem> {
    let display = candidate.path.display().to_string();
    let problem = |message: String| Problem {
        path: display.clone(),
        message,
    };
    let input = input::read(&candidate.path, args.max_file_size).map_err(problem)?;
    let Some(format) = discover::format_of(&candidate.path, &input.text) else {
        return if candidate.explicit {
            Err(problem("not a file irislint reads (iris.cpf, merge .cpf, CSP.ini, installer manifest, module.xml)".into()))
        } else {
            Ok(None)
        };
    };
    let config = configs.for_path(&candidate.path).map_err(problem)?;
    if !candidate.explicit && config.is_excluded(&candidate.path) {
        return Ok(None);
    }
    let (doc, findings) = lint::check_text(&display, input.text, format, &config);
    Ok(Some(FileReport {
        doc,
        findings,
        notice: input.notice,
    }))
}
