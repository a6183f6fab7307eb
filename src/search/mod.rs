//! Site search: the tokeniser shared (by definition and by test) with the browser, and the index
//! the build writes. See docs/learner.md, "Search", for the files and how the browser uses them.

pub mod index;
mod key;
mod sources;
pub mod tokenize;

pub use index::SearchIndex;
pub use sources::{course_index, course_index_unless, course_key};
pub use tokenize::{tokenize, Token};

/// One file of an index as it was written: its path in the output folder, its size and the
/// digest of its bytes (`output::digest`), so a later build can tell it is still there as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: String,
    pub bytes: usize,
    pub digest: u64,
}

impl WrittenFile {
    pub fn of(path: &str, bytes: &[u8]) -> WrittenFile {
        WrittenFile {
            path: path.to_string(),
            bytes: bytes.len(),
            digest: crate::output::digest(bytes),
        }
    }
}
