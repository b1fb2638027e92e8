//! Line-independent identities of findings, from the content-keyed baseline
//! key (file, rule, object): code-scanning services and merge-request widgets
//! use them to follow a finding across edits that move it.

use crate::findings::baseline::normalize;
use crate::findings::Finding;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The baseline key of a finding, hashed (32 hex digits).
pub fn of(path: &str, f: &Finding) -> String {
    hash(&[normalize(path).as_bytes(), f.code.as_bytes(), f.object.as_bytes()])
}

fn hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0]);
        }
        h.update(p);
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Fingerprints that are unique within one report: the second and later
/// findings sharing a key get their occurrence number mixed in (in position
/// order, so they stay stable while the findings keep their order).
#[derive(Default)]
pub struct Unique {
    seen: HashMap<String, usize>,
}

impl Unique {
    pub fn next(&mut self, path: &str, f: &Finding) -> String {
        let base = of(path, f);
        let n = self.seen.entry(base.clone()).or_default();
        *n += 1;
        if *n == 1 {
            base
        } else {
            hash(&[base.as_bytes(), n.to_string().as_bytes()])
        }
    }
}
