//! `irislint.toml`: profile, rule selection, severities, per-file ignores,
//! excluded paths and extra default passwords.

use super::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file names searched for, nearest first.
pub const CONFIG_NAMES: &[&str] = &["irislint.toml", ".irislint.toml"];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The Locked Down guidance: everything at its catalogue severity.
    #[default]
    Production,
    /// Rules marked for development drop to `info`.
    Development,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "production" => Ok(Profile::Production),
            "development" => Ok(Profile::Development),
            _ => Err(format!("unknown profile `{s}` (expected `production` or `development`)")),
        }
    }
}

/// The file as written. A key left out is `None`, so that a file named by
/// `extend` can supply it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Another configuration file this one inherits from (relative to this file).
    pub extend: Option<String>,
    pub profile: Option<Profile>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub extra_default_passwords: Option<Vec<String>>,
    /// Where the team publishes the rule pages of `docs/rules/` (see [`crate::rules::published_url`]).
    pub docs_url: Option<String>,
    /// Read by workspace analysis; accepted here so the file stays valid.
    #[serde(default)]
    pub instances: BTreeMap<String, Vec<String>>,
}

/// One `per-file-ignores` entry, with the folder of the file that named it.
#[derive(Clone, Debug)]
struct PerFileIgnore {
    glob: String,
    set: GlobSet,
    codes: Vec<String>,
    root: Option<PathBuf>,
}

/// The file as read, before it is combined with the files it extends.
fn parse_file(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| e.to_string().trim_end().to_string())
}

impl ConfigFile {
    pub(super) fn parse(text: &str) -> Result<ConfigFile, String> {
        parse_file(text)
    }

    pub(super) fn check_codes(&self) -> Result<(), String> {
        let codes = |list: &[String]| -> Result<(), String> {
            for code in list {
                if !crate::rules::is_code_or_prefix(code) {
                    return Err(format!("`{code}` is not a rule code or prefix (see `irislint rules`)"));
                }
            }
            Ok(())
        };
        codes(self.select.as_deref().unwrap_or(&[]))?;
        codes(self.ignore.as_deref().unwrap_or(&[]))?;
        codes(&self.severity.keys().cloned().collect::<Vec<_>>())?;
        for list in self.per_file_ignores.values() {
            codes(list)?;
        }
        Ok(())
    }
}

/// The configuration in force for a check.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub profile: Profile,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    /// Each with the folder of the file that named it: globs are relative to it.
    per_file_ignores: Vec<PerFileIgnore>,
    exclude: Option<(GlobSet, Option<PathBuf>)>,
    pub extra_default_passwords: Vec<String>,
    /// Where the rule pages are published (`docs-url`); reports link a
    /// finding's code there, and nowhere when it is unset.
    pub docs_url: Option<String>,
    /// The folder the configuration file is in; globs are relative to it.
    pub root: Option<PathBuf>,
    /// Ignore inline suppressions (audits).
    pub no_suppressions: bool,
    /// Named instances: name → globs of the files that configure it.
    pub instances: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Reads a configuration file, and the files it extends. Errors name the
    /// file, line and key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let layers = super::config_extend::chain(path)?;
        Self::from_layers(layers).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str, root: Option<PathBuf>) -> Result<Config, String> {
        let file = parse_file(text)?;
        if let Some(parent) = &file.extend {
            let dir = root.clone().unwrap_or_else(|| PathBuf::from("."));
            let mut layers = super::config_extend::chain(&dir.join(parent))?;
            layers.push((file, root));
            return Self::from_layers(layers);
        }
        Self::from_layers(vec![(file, root)])
    }

    /// Builds the configuration from files listed parent first: each key a
    /// later file sets replaces the earlier value; in the tables (`severity`,
    /// `per-file-ignores`, `instances`) entry by entry.
    fn from_layers(layers: Vec<(ConfigFile, Option<PathBuf>)>) -> Result<Config, String> {
        let mut config = Config::default();
        for (file, root) in layers {
            file.check_codes()?;
            if let Some(p) = file.profile {
                config.profile = p;
            }
            if let Some(s) = file.select {
                config.select = Some(s);
            }
            if let Some(i) = file.ignore {
                config.ignore = i;
            }
            config.severity.extend(file.severity);
            for (glob, list) in file.per_file_ignores {
                let set = globset(std::slice::from_ref(&glob))?;
                config.per_file_ignores.retain(|p| p.glob != glob);
                config.per_file_ignores.push(PerFileIgnore { glob, set, codes: list, root: root.clone() });
            }
            if let Some(e) = file.exclude {
                config.exclude = if e.is_empty() { None } else { Some((globset(&e)?, root.clone())) };
            }
            if let Some(p) = file.extra_default_passwords {
                config.extra_default_passwords = p;
            }
            if let Some(url) = file.docs_url {
                let url = url.trim().to_string();
                if !url.is_empty() && !url.contains("://") {
                    return Err(format!(
                        "docs-url = {url:?} is not a URL (such as \"https://example.com/irislint/rules\")"
                    ));
                }
                config.docs_url = (!url.is_empty()).then_some(url);
            }
            config.instances.extend(file.instances);
            config.root = root;
        }
        Ok(config)
    }

    /// The nearest configuration file at or above `start`.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
        let start = std::fs::canonicalize(&start).unwrap_or(start);
        start.ancestors().find_map(config_in)
    }

    /// Whether a rule code is on for `path`.
    pub fn enabled(&self, code: &str, path: &Path) -> bool {
        let selected = match &self.select {
            Some(list) => list.iter().any(|s| matches_code(s, code)),
            None => true,
        };
        selected
            && !self.ignore.iter().any(|s| matches_code(s, code))
            && !self.per_file_ignores.iter().any(|p| {
                p.codes.iter().any(|c| matches_code(c, code)) && p.set.is_match(relative(path, p.root.as_deref()))
            })
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|(set, root)| set.is_match(relative(path, root.as_deref())))
    }
}

/// The configuration file in `dir` itself.
fn config_in(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES.iter().map(|name| dir.join(name)).find(|candidate| candidate.is_file())
}

/// [`Config::discover`] for many files: what each folder holds is looked up
/// once, so a tree of thousands of files costs a look at each of its folders
/// rather than at every folder above every file.
#[derive(Default)]
pub struct ConfigFinder {
    /// For each folder seen (canonical, and as named), the nearest configuration at or above it.
    nearest: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<PathBuf>>>,
}

impl ConfigFinder {
    /// The nearest configuration file at or above `start` (a file or a folder).
    pub fn discover(&self, start: &Path) -> Option<PathBuf> {
        let dir = if start.is_dir() { start } else { start.parent()? };
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Some(known) = self.nearest.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
            return known.clone();
        }
        let named = dir;
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut nearest = self.nearest.lock().unwrap_or_else(|e| e.into_inner());
        let mut unknown = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(known) = nearest.get(ancestor) {
                found = known.clone();
                break;
            }
            unknown.push(ancestor);
            if let Some(config) = config_in(ancestor) {
                found = Some(config);
                break;
            }
        }
        for folder in unknown {
            nearest.insert(folder.to_path_buf(), found.clone());
        }
        // Also by the name it was given: the next file of the folder needs no canonical path.
        nearest.insert(named.to_path_buf(), found.clone());
        found
    }
}

/// `path` relative to `root` where it is under it.
fn relative<'a>(path: &'a Path, root: Option<&Path>) -> std::borrow::Cow<'a, Path> {
    if let Some(root) = root {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        if let Ok(rel) = absolute.strip_prefix(&root) {
            return std::borrow::Cow::Owned(rel.to_path_buf());
        }
    }
    std::borrow::Cow::Borrowed(path)
}

/// `ALL`, a full code, or a prefix such as `IRIS4`.
pub fn matches_code(selector: &str, code: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL") || code.starts_with(&selector.to_ascii_uppercase())
}

fn globset(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        builder.add(Glob::new(g).map_err(|e| format!("invalid glob `{g}`: {e}"))?);
        // A glob without a slash matches at any depth, like .gitignore.
        if !g.contains('/') {
            builder.add(Glob::new(&format!("**/{g}")).map_err(|e| format!("invalid glob `{g}`: {e}"))?);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_finder_finds_what_discover_finds_in_every_folder() {
        let root = tempfile::tempdir().unwrap();
        let (outer, inner) = (root.path().join("a"), root.path().join("a/b/c"));
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir_all(root.path().join("a/other")).unwrap();
        std::fs::write(outer.join("irislint.toml"), "").unwrap();
        std::fs::write(root.path().join("a/b/.irislint.toml"), "").unwrap();
        let finder = ConfigFinder::default();
        // Deepest first, so later look-ups are answered from what the first one saw.
        for file in ["a/b/c/iris.cpf", "a/b/merge.cpf", "a/other/CSP.ini", "a/x.cpf", "top.cpf"] {
            let path = root.path().join(file);
            assert_eq!(finder.discover(&path), Config::discover(&path), "{file}");
        }
        let base = std::fs::canonicalize(root.path()).unwrap();
        assert_eq!(finder.discover(&inner.join("iris.cpf")), Some(base.join("a/b/.irislint.toml")));
        assert_eq!(finder.discover(&outer.join("other/x.cpf")), Some(base.join("a/irislint.toml")));
    }

    #[test]
    fn unknown_keys_are_errors_with_position() {
        let err = Config::parse("profile = \"production\"\nselcet = [\"IRIS4\"]\n", None).unwrap_err();
        assert!(err.contains("selcet") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn selection_and_per_file_ignores() {
        let c = Config::parse("select = [\"IRIS4\", \"IRIS101\"]\nignore = [\"IRIS405\"]\n[per-file-ignores]\n\"dev/*.cpf\" = [\"IRIS401\"]\n", None).unwrap();
        assert!(c.enabled("IRIS401", Path::new("prod/merge.cpf")));
        assert!(!c.enabled("IRIS401", Path::new("dev/merge.cpf")));
        assert!(!c.enabled("IRIS405", Path::new("x.cpf")));
        assert!(!c.enabled("IRIS501", Path::new("x.cpf")));
        assert!(Config::parse("ignore = [\"IRIS999x\"]", None).is_err());
    }
}
