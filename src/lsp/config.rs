//! The configuration in force for a document: the nearest `irislint.toml`
//! (as the command line finds it), with the editor's `irislint.profile` on top.
//! Files are read once and read again when the client says one changed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tower_lsp_server::ls_types::{MessageType, Uri};
use tower_lsp_server::Client;

use crate::findings::config::{Config, Profile};

pub struct Configs {
    /// Where to look for a configuration for documents that are not files.
    root: Option<PathBuf>,
    profile: Option<Profile>,
    loaded: HashMap<PathBuf, Result<Config, String>>,
    reported: HashSet<String>,
    /// Counts the times files were read again (so that other caches follow).
    generation: u64,
}

impl Configs {
    pub fn new(root: Option<PathBuf>) -> Self {
        Self { root, profile: None, loaded: HashMap::new(), reported: HashSet::new(), generation: 0 }
    }

    pub fn set_profile(&mut self, profile: Option<Profile>) {
        self.profile = profile;
    }

    pub fn profile(&self) -> Option<Profile> {
        self.profile
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn reload(&mut self) {
        self.loaded.clear();
        self.reported.clear();
        self.generation += 1;
    }

    /// The configuration for a file on disk, as the command line finds it
    /// (an error when its `irislint.toml` cannot be read).
    pub fn for_path(&mut self, path: &Path) -> Result<Config, String> {
        self.discovered(Some(path))
    }

    /// The configuration found from `start` upwards (loaded once), with the
    /// editor's profile.
    fn discovered(&mut self, start: Option<&Path>) -> Result<Config, String> {
        let mut config = match start.and_then(Config::discover) {
            None => Config::default(),
            Some(found) => self.loaded.entry(found.clone()).or_insert_with(|| Config::load(&found)).clone()?,
        };
        self.apply_profile(&mut config);
        Ok(config)
    }

    fn apply_profile(&self, config: &mut Config) {
        if let Some(p) = self.profile {
            config.profile = p;
        }
    }

    /// The configuration for a document, and the error of a file that could not be read.
    pub fn for_uri(&mut self, uri: &Uri) -> (Config, Option<String>) {
        let start = file_path(uri).or_else(|| self.root.clone());
        match self.discovered(start.as_deref()) {
            Ok(config) => (config, None),
            Err(e) => {
                let mut config = Config::default();
                self.apply_profile(&mut config);
                (config, Some(e))
            }
        }
    }

    /// Tells the user once about a configuration file that cannot be read.
    pub async fn report_once(&mut self, client: &Client, error: &str) {
        if self.reported.insert(error.to_string()) {
            super::documents::log(client, MessageType::ERROR, format!("irislint.toml ignored: {error}")).await;
            client.show_message(MessageType::ERROR, format!("irislint: configuration ignored: {error}")).await;
        }
    }
}

/// The file a `file:` URI names.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    is_file.then(|| uri.to_file_path().map(|p| p.into_owned())).flatten()
}

/// The path the engine reports a document under: its file path, else the URI.
pub fn doc_path(uri: &Uri) -> String {
    file_path(uri).map(|p| p.display().to_string()).unwrap_or_else(|| uri.as_str().to_string())
}

/// What a settings object says of the profile: `Some(None)` when it says
/// nothing (the configuration file decides), `None` when it is not about irislint.
/// Accepts `{"irislint": {"profile": …}}`, `{"irislint.profile": …}` and `{"profile": …}`.
pub fn profile_setting(settings: &Value) -> Result<Option<Profile>, String> {
    let value = settings
        .get("irislint")
        .and_then(|v| v.get("profile"))
        .or_else(|| settings.get("irislint.profile"))
        .or_else(|| settings.get("profile"));
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => s.parse::<Profile>().map(Some),
        Some(other) => Err(format!("irislint.profile must be a string, not {other}")),
    }
}

/// Whether a changed file is a configuration file.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| crate::findings::config::CONFIG_NAMES.contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_profile_in_each_shape() {
        assert_eq!(profile_setting(&json!({"irislint": {"profile": "development"}})), Ok(Some(Profile::Development)));
        assert_eq!(profile_setting(&json!({"irislint.profile": "production"})), Ok(Some(Profile::Production)));
        assert_eq!(profile_setting(&json!({})), Ok(None));
        assert!(profile_setting(&json!({"profile": "nope"})).is_err());
        assert!(profile_setting(&json!({"profile": 3})).is_err());
    }
}
