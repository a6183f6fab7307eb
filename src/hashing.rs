//! Writing parts into the xxh3 hashes that keys and fingerprints are made of (page keys, page
//! fingerprints, the validation memo). Each part goes in with its length, so that no two
//! different lists of parts hash alike ("ab" + "c" against "a" + "bc").

use xxhash_rust::xxh3::Xxh3;

/// Writes `s` with its length.
pub fn str(h: &mut Xxh3, s: &str) {
    count(h, s.len());
    h.update(s.as_bytes());
}

/// Writes a length or a position.
pub fn count(h: &mut Xxh3, n: usize) {
    h.update(&(n as u64).to_le_bytes());
}

/// Writes a list of strings: its length, then each.
pub fn strs<S: AsRef<str>>(h: &mut Xxh3, list: &[S]) {
    count(h, list.len());
    for s in list {
        str(h, s.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(parts: &[&str]) -> u64 {
        let mut h = Xxh3::new();
        for p in parts {
            str(&mut h, p);
        }
        h.digest()
    }

    #[test]
    fn parts_split_differently_hash_differently() {
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_ne!(of(&["", "x"]), of(&["x", ""]));
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
    }

    #[test]
    fn a_list_is_told_from_its_neighbours() {
        let list = |a: &[&str], b: &[&str]| {
            let mut h = Xxh3::new();
            strs(&mut h, a);
            strs(&mut h, b);
            h.digest()
        };
        assert_ne!(list(&["a", "b"], &[]), list(&["a"], &["b"]));
    }
}
