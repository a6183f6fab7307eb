//! The data the learner's browser receives, one `Serialize` struct per kind: a quiz
//! (`#quiz-data-<id>`, read by grading.js and quiz.js), a case (`#case-data-<id>`, case.js), the
//! framework (`#framework-data`, mastery.js and progress.js) and the navigation
//! (`assets/nav.js`, skillpress.js). Their schema is documented in docs/learner.md; the golden
//! files in tests/js/fixtures/ are made from these structs and fed to the JavaScript by the node
//! tests, so the two sides cannot drift apart.
//!
//! Fields are declared in alphabetical order: that is the order the JSON has always had (the
//! pages are byte-identical to those made from untyped maps before), and it keeps the JSON
//! stable.
//!
//! Texts that are Markdown arrive as HTML: the caller passes `html(text, inline)`, the site
//! stage's sanitising renderer.

mod case;
mod framework;
mod nav;
mod quiz;

pub use case::*;
pub use framework::*;
pub use nav::*;
pub use quiz::*;

/// Markdown text → sanitised HTML (`inline`: no paragraph around it).
pub type Html<'h> = &'h dyn Fn(&str, bool) -> String;
