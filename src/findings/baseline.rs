//! Baselines: today's findings recorded so that only new ones are reported.
//! An entry is keyed on content — file, rule, and the object the finding is
//! about — never on line numbers, so edits elsewhere in a file neither
//! resurrect nor hide findings, and a finding moved to another file is new.

use super::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub object: String,
    /// How many findings share this key.
    pub count: usize,
}

pub const VERSION: u32 = 1;

/// The path as a baseline stores it: forward slashes, no leading `./`.
pub fn normalize(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.trim_start_matches("./").to_string()
}

type Key = (String, String, String);

fn key(path: &str, f: &Finding) -> Key {
    (normalize(path), f.code.to_string(), f.object.clone())
}

impl Baseline {
    pub fn record<'a>(findings: impl Iterator<Item = (&'a str, &'a Finding)>) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for (path, f) in findings {
            *counts.entry(key(path, f)).or_default() += 1;
        }
        let entries =
            counts.into_iter().map(|((path, code, object), count)| Entry { path, code, object, count }).collect();
        Baseline { version: VERSION, entries }
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| format!("not a baseline file: {e}"))?;
        if b.version != VERSION {
            return Err(format!("baseline version {} is not supported (expected {VERSION})", b.version));
        }
        Ok(b)
    }

    /// A filter that lets through only findings the baseline does not hold
    /// (each entry absorbs up to `count` findings).
    pub fn filter(&self) -> BaselineFilter {
        BaselineFilter {
            remaining: self
                .entries
                .iter()
                .map(|e| ((e.path.clone(), e.code.clone(), e.object.clone()), e.count))
                .collect(),
        }
    }
}

pub struct BaselineFilter {
    remaining: BTreeMap<Key, usize>,
}

impl BaselineFilter {
    /// Whether the finding is new.
    pub fn is_new(&mut self, path: &str, f: &Finding) -> bool {
        match self.remaining.get_mut(&key(path, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        }
    }
}
