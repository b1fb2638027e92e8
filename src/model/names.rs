//! Names compared as IRIS compares them: ASCII letters in any case are the
//! same name. A borrowed key for maps, so that looking a name up (or
//! counting tens of thousands of them) allocates nothing.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// A name that hashes, compares and orders without regard to ASCII case.
#[derive(Clone, Copy, Debug)]
pub struct CiStr<'a>(pub &'a str);

impl<'a> CiStr<'a> {
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

impl PartialEq for CiStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for CiStr<'_> {}

impl Hash for CiStr<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // In chunks: a hasher fed byte by byte is several times slower.
        let mut buf = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(buf.len()) {
            let lower = &mut buf[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_u8(0xff);
    }
}

impl Ord for CiStr<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        for (x, y) in a.iter().zip(b) {
            match x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        a.len().cmp(&b.len())
    }
}

impl PartialOrd for CiStr<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::CiStr;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn names_differing_in_case_are_one_key() {
        let mut h = HashMap::new();
        h.insert(CiStr("WebServer"), 1);
        h.insert(CiStr("WEBSERVER"), 2);
        assert_eq!(h.len(), 1);
        assert_eq!(h[&CiStr("webserver")], 2);
        let mut b = BTreeMap::new();
        b.insert(CiStr("b"), 1);
        b.insert(CiStr("A"), 2);
        b.insert(CiStr("a"), 3);
        assert_eq!(b.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["A", "b"]);
        assert_ne!(CiStr("Café"), CiStr("CAFÉ"), "only ASCII letters fold, as in IRIS");
    }
}
