//! Tokens as hash-map keys for the index. A build sees about 11 million token occurrences: each
//! is counted in its section's map (on every core) and then merged into the postings map on one
//! core, so the merge is on the build's critical path. A key therefore carries its hash, computed
//! once on the parallel side, and the maps only read it back: the serial merge hashes nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Up to this many bytes a token is stored inline (words and CJK pairs nearly always are), so
/// indexing millions of tokens does not allocate for each.
const INLINE: usize = 22;

/// A token and its hash.
#[derive(Clone)]
pub struct Key {
    hash: u64,
    text: Text,
}

#[derive(Clone)]
enum Text {
    Short(u8, [u8; INLINE]),
    Long(Box<str>),
}

impl Key {
    pub fn new(s: &str) -> Key {
        let text = if s.len() <= INLINE {
            let mut b = [0u8; INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Text::Short(s.len() as u8, b)
        } else {
            Text::Long(s.into())
        };
        Key {
            hash: xxhash_rust::xxh3::xxh3_64(s.as_bytes()),
            text,
        }
    }

    fn bytes(&self) -> &[u8] {
        match &self.text {
            Text::Short(n, b) => &b[..*n as usize],
            Text::Long(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.text {
            // Built from a `&str` cut at its end, so always valid.
            Text::Short(..) => std::str::from_utf8(self.bytes()).unwrap_or_default(),
            Text::Long(s) => s,
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.hash == other.hash && self.bytes() == other.bytes()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes a [`Key`]'s stored hash through. xxh3's output is already well mixed, which is what
/// the map needs from its hasher; anything else hashed with it is folded in the same way.
#[derive(Default)]
pub struct Stored(u64);

impl Hasher for Stored {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by `Key`; kept correct for any other key type.
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 ^= i;
    }
}

/// A map keyed by [`Key`]s, hashing nothing again.
pub type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<Stored>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_tokens_keep_their_text() {
        for s in [
            "",
            "a",
            "客户",
            &"x".repeat(INLINE),
            &"y".repeat(INLINE + 1),
            "满意度满意度满意度",
        ] {
            assert_eq!(Key::new(s).as_str(), s);
        }
    }

    #[test]
    fn equal_texts_are_one_key_and_different_texts_two() {
        let mut map: KeyMap<u32> = KeyMap::default();
        let long = "z".repeat(40);
        for s in ["fcr", "csat", "fcr", &long, "客户", &long, "客户"] {
            *map.entry(Key::new(s)).or_default() += 1;
        }
        let mut got: Vec<(String, u32)> = map
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), *v))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("csat".to_string(), 1),
                ("fcr".to_string(), 2),
                (long.clone(), 2),
                ("客户".to_string(), 2)
            ]
        );
        // A prefix is another token, even inline with zero padding.
        assert!(Key::new("ab") != Key::new("ab\0"));
    }

    #[test]
    fn the_map_hash_is_the_stored_hash() {
        use std::hash::BuildHasher;
        let k = Key::new("escalat");
        let built = BuildHasherDefault::<Stored>::default();
        assert_eq!(built.hash_one(&k), xxhash_rust::xxh3::xxh3_64(b"escalat"));
    }
}
