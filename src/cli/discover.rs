//! Finding the files to lint: named files always, folders walked honouring
//! `.gitignore`, formats told by name and content.

use super::input;
use crate::findings::config::Config;
use crate::formats::{detect, Format};
use std::path::{Path, PathBuf};

/// A file to lint.
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (an unknown format is then an error).
    pub explicit: bool,
    /// The format, when something other than its name tells it (a merge
    /// file the wiring names, `merge.conf`).
    pub format: Option<Format>,
}

/// What the walk found, and what it could not enter.
#[derive(Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    pub errors: Vec<(PathBuf, String)>,
}

/// Extensions worth opening to look at the content.
fn may_be_ours(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "cpf" | "ini" | "xml" | "cls" | "script" | "mac" | "int" | "os" | "sh" | "bash" | "env" => true,
        "yml" | "yaml" => name.starts_with("docker-compose") || name.starts_with("compose"),
        // `Dockerfile`, `.env`, and scripts known by their shebang.
        "" => true,
        _ => name.starts_with("dockerfile") || name.ends_with(".dockerfile"),
    }
}

pub fn discover(paths: &[PathBuf], config: &Config) -> Discovery {
    let mut out = Discovery::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => out.errors.push((path.clone(), input::describe_io(&e))),
            Ok(meta) if meta.is_dir() => walk(path, config, &mut out),
            Ok(_) => out.files.push(Candidate { path: path.clone(), explicit: true, format: None }),
        }
    }
    out
}

/// The files a walk of one folder finds, as [`discover`] finds them, stopping
/// once there are more than `max`; the flag says whether it stopped early.
pub fn discover_at_most(root: &Path, config: &Config, max: usize) -> (Discovery, bool) {
    let mut out = Discovery::default();
    let capped = walk_upto(root, config, &mut out, max);
    (out, capped)
}

fn walk(root: &Path, config: &Config, out: &mut Discovery) {
    walk_upto(root, config, out, usize::MAX);
}

/// Walks until more than `max` files are found; returns whether it stopped there.
fn walk_upto(root: &Path, config: &Config, out: &mut Discovery, max: usize) -> bool {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) && may_be_ours(path) && !config.is_excluded(path) {
                    if out.files.len() >= max {
                        return true;
                    }
                    out.files.push(Candidate { path: path.to_path_buf(), explicit: false, format: None });
                }
            }
            Err(e) => {
                let path = match &e {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => root.to_path_buf(),
                };
                let message = e.io_error().map(input::describe_io).unwrap_or_else(|| e.to_string());
                out.errors.push((path, message));
            }
        }
    }
    false
}

/// The format of a file given its text.
pub fn format_of(path: &Path, text: &str) -> Option<Format> {
    detect(&path.to_string_lossy(), text)
}
