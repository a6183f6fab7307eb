//! skillpress: turns a folder of training material into a self-contained static training portal.
//!
//! The pipeline is `discover → load (parse) → validate → site → render → output`, with plain data
//! between the stages; only `discover` reads the disk and only `output` writes. `build::build`
//! runs it end to end; `check`, `build` and the dev server share it.

pub mod assets;
pub mod build;
pub mod case_graph;
pub mod cjk;
pub mod cli;
pub mod diagnostics;
pub mod discover;
pub mod editions;
pub mod error;
pub mod gift;
mod gift_check;
pub mod hashing;
pub mod highlight;
pub mod html;
pub mod links;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod new_course;
pub mod output;
pub mod paths;
pub mod progress;
pub mod render;
pub mod replies;
pub mod resolved;
pub mod scorm;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
#[cfg(test)]
mod test_course;
pub mod validate;
pub mod yaml;

pub use build::{build, check, BuildOptions, BuildReport};
pub use error::Error;
