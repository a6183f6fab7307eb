//! `check`'s quality warnings: things that build fine but make a worse course. They never change
//! the exit code unless `--deny-warnings`. (Other warnings live next to the rule they belong to:
//! image alt text in `content.rs`, role targets in `framework.rs`, case endings in `case.rs`.)
//!
//! - personal data in cases, quizzes and reply templates: mainland-China mobile numbers, 18-character ID-card
//!   numbers with a valid check digit, Luhn-valid 13–19 digit card numbers, e-mail addresses
//!   (masked forms such as `138****0000` and addresses at reserved example domains are fine);
//! - a competency no module trains, or that fewer questions and cases assess than the map needs
//!   to show a level (`min_evidence`, 3 by default);
//! - content no navigation reaches. Every module and lesson that is built is in the sidebar, on
//!   the home or module page and in the previous/next order, so what can be unreachable is:
//!   a lesson that says `draft: false` inside a draft module (it is left out with the module),
//!   and a Markdown file in a module's subfolder (copied as a plain file, not a lesson) that no
//!   page links to;
//! - a quiz nothing uses: no module `quiz:`, embed, assessment draw, or course assessment;
//! - a bare URL in Markdown, shown as text where a link was meant;
//! - an unpinned option whose text depends on its position ("none of the above", "以上都对",
//!   "both A and B") in a bank that shuffles options.

mod competencies;
mod personal_data;
mod reachability;
mod text;
mod unused_quizzes;

use super::Known;
use crate::diagnostics::Diagnostics;
use crate::links::SiteIndex;
use crate::load::Course;

pub(in crate::validate) use personal_data::{case_strings, locate_in, quiz_strings};
pub use personal_data::{find_personal_data, Found, PersonalKind};
pub use text::positional_phrase;

pub fn check(course: &Course, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    personal_data::personal_data(course, d);
    competencies::competency_coverage(course, known, d);
    reachability::unreachable(course, index, d);
    unused_quizzes::unused_quizzes(course, known, d);
    text::bare_urls(course, d);
    text::positional_options(course, d);
}
