//! The configuration each checked file gets: the one named by `--config`,
//! else the nearest `irislint.toml` (each folder looked at once), with the
//! command line's options on top.

use super::super::CheckArgs;
use crate::findings::config::{Config, ConfigFinder, Profile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The configuration for each file: the one named by `--config`, else the
/// nearest `irislint.toml`, with the command line's options on top.
pub(super) struct Configs<'a> {
    args: &'a CheckArgs,
    pub(super) fixed: Option<Config>,
    cache: Mutex<HashMap<Option<PathBuf>, Result<Config, String>>>,
    finder: ConfigFinder,
}

impl<'a> Configs<'a> {
    pub(super) fn new(args: &'a CheckArgs) -> Result<Self, String> {
        let fixed = match &args.config {
            Some(path) => Some(Self::apply_args(Config::load(path)?, args)?),
            None => None,
        };
        Ok(Self { args, fixed, cache: Mutex::new(HashMap::new()), finder: ConfigFinder::default() })
    }

    fn apply_args(mut config: Config, args: &CheckArgs) -> Result<Config, String> {
        if let Some(p) = &args.profile {
            config.profile = p.parse::<Profile>()?;
        }
        for code in args.select.iter().chain(&args.ignore) {
            if !crate::rules::is_code_or_prefix(code) {
                return Err(format!("`{code}` is not a rule code or prefix (see `irislint rules`)"));
            }
        }
        if !args.select.is_empty() {
            config.select = Some(args.select.clone());
        }
        config.ignore.extend(args.ignore.iter().cloned());
        config.no_suppressions |= args.no_suppressions;
        Ok(config)
    }

    pub(super) fn for_path(&self, path: &Path) -> Result<Config, String> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let found = self.finder.discover(path);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
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
