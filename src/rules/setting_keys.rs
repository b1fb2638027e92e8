//! A document's settings by key, for the rules that look a few keys up among
//! what may be tens of thousands of settings (a large `[Databases]`): one
//! word per setting — its key's length and first bytes, case folded — is
//! scanned instead of every setting. Built once per document, when a rule
//! first asks, and shared by the rules.

use crate::model::{Facts, Setting};
use std::sync::OnceLock;

/// Built on first use; one per checked document.
#[derive(Default)]
pub struct SettingKeys {
    words: OnceLock<Vec<u64>>,
}

impl SettingKeys {
    /// The settings whose key is one of `keys` (ignoring ASCII case), in the file's order.
    pub fn with_key<'a>(
        &'a self,
        facts: &'a Facts,
        keys: impl IntoIterator<Item = &'a str>,
    ) -> impl Iterator<Item = &'a Setting> + 'a {
        let keys: Vec<&'a str> = keys.into_iter().collect();
        let wanted: Vec<u64> = keys.iter().map(|k| word(k)).collect();
        let words = self.words.get_or_init(|| facts.settings.iter().map(|s| word(&s.key)).collect());
        words
            .iter()
            .enumerate()
            .filter(move |(_, w)| wanted.contains(w))
            .map(|(i, _)| &facts.settings[i])
            .filter(move |s| keys.iter().any(|k| s.key.eq_ignore_ascii_case(k)))
    }
}

/// The length in the top byte, the first seven bytes below with bit 5 set:
/// names equal ignoring ASCII case have the same word (a few others do too;
/// the name itself decides).
fn word(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut w = (bytes.len().min(255) as u64) << 56;
    for (i, b) in bytes.iter().take(7).enumerate() {
        w |= u64::from(b | 0x20) << (8 * i);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use std::sync::Arc;

    fn setting(section: &str, key: &str) -> Setting {
        let value = Value {
            text: String::new(),
            parsed: None,
            range: Default::default(),
            entry: Default::default(),
            handle: None,
            defined_at: None,
        };
        Setting { section: Arc::from(section), key: key.to_string(), value }
    }

    #[test]
    fn finds_the_keys_in_any_case_and_nothing_else_in_order() {
        let mut facts = Facts::default();
        for (s, k) in [
            ("Startup", "WebServer"),
            ("Startup", "webserver"),
            ("Startup", "WebServerX"),
            ("Startup", "WebServe"),
            ("Startup", "W@bServer"),
            ("config", "WEBSERVER"),
            ("Startup", "AuditEnabled"),
            ("Startup", "WebSérver"),
        ] {
            facts.settings.push(setting(s, k));
        }
        let index = SettingKeys::default();
        let found: Vec<&str> = index.with_key(&facts, ["WebServer"]).map(|s| s.key.as_str()).collect();
        assert_eq!(found, ["WebServer", "webserver", "WEBSERVER"]);
        let found: Vec<&str> = index.with_key(&facts, ["auditenabled", "WEBSERVE"]).map(|s| s.key.as_str()).collect();
        assert_eq!(found, ["WebServe", "AuditEnabled"]);
        assert_eq!(index.with_key(&facts, ["WebSérver"]).count(), 1);
        assert_eq!(index.with_key(&facts, ["Missing"]).count(), 0);
    }
}
