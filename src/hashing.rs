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

/// Writes a value's `Debug` form with its length, straight into the hash (no string made:
/// module keys write each module's whole front matter on every dev-server rebuild).
pub fn debug(h: &mut Xxh3, value: &dyn std::fmt::Debug) {
    struct Writer<'a>(&'a mut Xxh3, u64);
    impl std::fmt::Write for Writer<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            self.1 += s.len() as u64;
            Ok(())
        }
    }
    let mut w = Writer(h, 0);
    // Writing into a hash cannot fail.
    let _ = std::fmt::write(&mut w, format_args!("{value:?}"));
    let len = w.1;
    h.update(&len.to_le_bytes());
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
    fn debug_forms_are_told_apart_and_repeat() {
        let of = |v: &dyn std::fmt::Debug, w: &dyn std::fmt::Debug| {
            let mut h = Xxh3::new();
            debug(&mut h, v);
            debug(&mut h, w);
            h.digest()
        };
        assert_eq!(of(&Some(3), &"x"), of(&Some(3), &"x"));
        assert_ne!(of(&Some(3), &"x"), of(&Some(4), &"x"));
        assert_ne!(of(&"ab", &"c"), of(&"a", &"bc"));
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
