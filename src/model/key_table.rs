//! Items by key among tens of thousands (a section's keys, a file's
//! settings): a hash table of their 4-byte indexes. A map keyed by
//! borrowed names takes 32 bytes a slot, and for the 50,000 keys of a large
//! `iris.cpf` it no longer fits in the cache: each insert waited on memory
//! (two such maps were 45 % of a keystroke on one core).

use foldhash::fast::FixedState;
use hashbrown::hash_table::{Entry, HashTable};
use std::hash::{BuildHasher, Hash};

#[derive(Default)]
pub struct KeyTable {
    table: HashTable<u32>,
    state: FixedState,
}

impl KeyTable {
    /// Room for `items` without growing.
    pub fn with_capacity(items: usize) -> KeyTable {
        KeyTable { table: HashTable::with_capacity(items), state: FixedState::default() }
    }

    /// The item kept for `key`; if there is none, `index` is kept for it.
    /// `key_of` gives a kept item's key from its index (called only to
    /// compare and to grow).
    pub fn first_or_insert<K: Hash + Eq>(&mut self, key: K, index: u32, key_of: impl Fn(u32) -> K) -> Option<u32> {
        self.put(key, index, key_of, false)
    }

    /// Keeps `index` for `key` and gives the item kept before, if any (as
    /// `HashMap::insert`).
    pub fn insert<K: Hash + Eq>(&mut self, key: K, index: u32, key_of: impl Fn(u32) -> K) -> Option<u32> {
        self.put(key, index, key_of, true)
    }

    fn put<K: Hash + Eq>(&mut self, key: K, index: u32, key_of: impl Fn(u32) -> K, replace: bool) -> Option<u32> {
        let state = &self.state;
        let hash = state.hash_one(&key);
        match self.table.entry(hash, |&i| key_of(i) == key, |&i| state.hash_one(key_of(i))) {
            Entry::Occupied(mut kept) => {
                let before = *kept.get();
                if replace {
                    *kept.get_mut() = index;
                }
                Some(before)
            }
            Entry::Vacant(place) => {
                place.insert(index);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyTable;
    use crate::model::names::CiStr;

    #[test]
    fn first_or_insert_gives_the_first_item_of_a_key_in_any_case_even_past_the_room_asked_for() {
        let names: Vec<String> = (0..5000).map(|i| format!("Key{}", i % 2500)).collect();
        let key_of = |i: u32| {
            let name = &names[i as usize];
            CiStr(name.as_str())
        };
        let mut first = KeyTable::with_capacity(10);
        for (i, name) in names.iter().enumerate() {
            let found = first.first_or_insert(CiStr(name), i as u32, key_of);
            assert_eq!(found, (i >= 2500).then(|| (i - 2500) as u32), "{name}");
        }
        assert_eq!(first.first_or_insert(CiStr("KEY7"), 9999, key_of), Some(7));
        assert_eq!(first.first_or_insert(CiStr("Key2500"), 9999, key_of), None);
    }

    #[test]
    fn insert_keeps_the_latest_and_gives_the_one_before() {
        let names = ["a", "B", "A", "b", "a"];
        let key_of = |i: u32| CiStr(names[i as usize]);
        let mut table = KeyTable::default();
        let before: Vec<Option<u32>> =
            names.iter().enumerate().map(|(i, n)| table.insert(CiStr(n), i as u32, key_of)).collect();
        assert_eq!(before, [None, None, Some(0), Some(1), Some(2)]);
    }
}
