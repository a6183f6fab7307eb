//! Site search: the tokeniser shared (by definition and by test) with the browser, and the index
//! the build writes. See docs/learner.md, "Search", for the files and how the browser uses them.

pub mod index;
mod key;
mod sources;
pub mod tokenize;

pub use index::SearchIndex;
pub use sources::{course_index, course_index_unless};
pub use tokenize::{tokenize, Token};
