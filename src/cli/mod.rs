//! The command line: argument parsing and dispatch. Everything it prints is
//! built by `report`; everything it checks by `lint`.

mod add_suppressions;
mod check;
mod compliance;
pub(crate) mod discover;
mod fix;
pub(crate) mod input;
mod output;
mod progress;
mod rule;
mod slim;
pub(crate) mod version;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "irislint", version, about = "Find insecure settings in InterSystems IRIS configuration files")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and folders (default: the current folder); `-` reads standard input.
    Check(Box<CheckArgs>),
    /// Print a rule's documentation.
    Rule {
        /// A code (IRIS401) or name (unauthenticated-application).
        code: String,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run the language server on standard input and output (for editors).
    Server,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
    /// GitLab Code Quality.
    Gitlab,
    /// reviewdog's diagnostic format.
    Rdjson,
    /// Markdown (with --compliance).
    Markdown,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` for standard input.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// `production` (the Locked Down guidance, default) or `development`.
    #[arg(long)]
    pub profile: Option<String>,
    /// Only these rule codes or prefixes (comma separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rule codes or prefixes (comma separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Use this configuration file instead of the nearest `irislint.toml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Ignore every inline suppression (for audits).
    #[arg(long)]
    pub no_suppressions: bool,
    /// The file name to report (and to tell the format by) for standard input.
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// Files larger than this many bytes are skipped with an error.
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Hide the progress bar (it is only shown on a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Skip files named on the command line whose format cannot be told,
    /// instead of failing (for hooks that pass every changed `.xml` or `.yml`).
    #[arg(long)]
    pub skip_unknown: bool,
    /// Apply safe fixes to the files.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 if there would be changes).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Print the effective security configuration of each instance (users, roles,
    /// services, applications, settings, and which file set each), then exit.
    #[arg(long)]
    pub explain_effective: bool,
    /// Print, for each instance, the hardening checklist items the rules judge:
    /// violated (with the findings), satisfied, or not judged from files.
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics", "write_baseline", "explain_effective"])]
    pub compliance: bool,
    /// Write a suppression comment with --reason for every current finding
    /// (where the format has comments), then report what could not be suppressed.
    #[arg(long, requires = "reason", conflicts_with_all = ["fix", "diff", "compliance", "statistics", "write_baseline", "explain_effective"])]
    pub add_suppressions: bool,
    /// Why the findings are accepted (written into each suppression comment).
    #[arg(long, value_name = "TEXT", requires = "add_suppressions")]
    pub reason: Option<String>,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each rule has, and how many a fix could close,
    /// instead of the findings (text or json).
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,
    /// In text output, show the lines each fix would change.
    #[arg(long)]
    pub show_fixes: bool,
    /// Record today's findings in this baseline file (and exit 0).
    #[arg(long, conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    // The version names the rule catalogue too, which clap's derive cannot compute.
    let parsed = Cli::command().version(version::for_clap()).try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Rule { code, format } => rule::show(&code, format),
        Command::Rules { format } => rule::list(format),
        Command::Server => crate::lsp::run_stdio(),
    }
}
