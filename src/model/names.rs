//! Names compared as IRIS compares them: ASCII letters in any case are the
//! same name. A borrowed key for maps, so that looking a name up (or
//! counting tens of thousands of them) allocates nothing.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// A hash map for names: a fast hasher with a fixed seed (the keys are a
/// file's own names, and a 50,000-line file hashes each of them several times).
pub type NameMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

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
        // Eight bytes at a time with bit 5 set in each: ASCII letters differ
        // from their other case only in that bit, so names equal ignoring
        // case hash alike (a few others collide too; equality decides).
        let bytes = self.0.as_bytes();
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let word = u64::from_le_bytes(w.try_into().expect("eight bytes"));
            state.write_u64(word | 0x2020_2020_2020_2020);
        }
        state.write_u64(tail(words.remainder()) | 0x2020_2020_2020_2020);
        state.write_usize(bytes.len());
    }
}

/// The last 0–7 bytes as one word, read in place (copying them into a
/// buffer calls `memcpy`, which cost a third of the hashing).
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        // Two reads of four bytes that overlap when n < 8.
        let lo = u32::from_le_bytes(rest[..4].try_into().expect("four bytes"));
        let hi = u32::from_le_bytes(rest[n - 4..].try_into().expect("four bytes"));
        u64::from(lo) | (u64::from(hi) << 32)
    } else if n > 0 {
        u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
    } else {
        0
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

    #[test]
    fn names_of_every_length_find_their_other_case() {
        // Across the eight-byte words the hash reads: 0 to 40 bytes.
        let names: Vec<String> = (0..40).map(|n| "Global_Ens.Msg(1)".chars().cycle().take(n).collect()).collect();
        let mut h: super::NameMap<CiStr, usize> = Default::default();
        for (i, n) in names.iter().enumerate() {
            h.insert(CiStr(n), i);
        }
        assert_eq!(h.len(), names.len());
        for (i, n) in names.iter().enumerate() {
            let (upper, lower) = (n.to_ascii_uppercase(), n.to_ascii_lowercase());
            assert_eq!(h.get(&CiStr(&upper)), Some(&i), "{upper}");
            assert_eq!(h.get(&CiStr(&lower)), Some(&i), "{lower}");
        }
        // Bit 5 set in every byte: `[` and `{` hash alike, yet stay two names.
        h.insert(CiStr("a[b"), 100);
        h.insert(CiStr("a{b"), 101);
        assert_eq!((h[&CiStr("A[B")], h[&CiStr("a{B")]), (100, 101));
    }
}
