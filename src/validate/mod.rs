//! Validation: every rule of the course format, checked across all files, every problem
//! collected. Nothing here reads the disk or stops at the first error.

mod case;
mod content;
mod diagnostic;
mod framework;
mod memo;
mod quiz;
mod reply;
pub mod suggest;
mod text_links;
pub mod translations;
pub mod warnings;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::links::SiteIndex;
use crate::load::Course;
use std::collections::{BTreeMap, BTreeSet};

/// What exists in the course, for checking references.
pub struct Known<'a> {
    pub competencies: BTreeSet<&'a str>,
    pub modules: BTreeSet<&'a str>,
    /// Quiz id → is it an assessment (`draw:`)?
    pub quizzes: BTreeMap<&'a str, bool>,
    pub cases: BTreeSet<&'a str>,
    pub roles: BTreeSet<&'a str>,
    /// Reply templates, those that did not parse included.
    pub replies: BTreeSet<&'a str>,
    /// The top scale level.
    pub max_level: Option<u32>,
    pub course: &'a Course,
    /// The dev server's kept per-file diagnostics, when validating for it.
    memo: Option<memo::Scope<'a>>,
}

impl<'a> Known<'a> {
    fn new(course: &'a Course) -> Self {
        let fw = course.framework.as_ref().map(|f| &f.data);
        Known {
            competencies: fw
                .map(|f| f.competencies.iter().map(|c| c.id.as_str()).collect())
                .unwrap_or_default(),
            modules: course
                .modules
                .iter()
                .map(|m| m.id.as_str())
                .chain(course.broken.modules.iter().map(|s| s.as_str()))
                .collect(),
            quizzes: course
                .quizzes
                .iter()
                .map(|q| (q.id.as_str(), q.data.draw.is_some()))
                .chain(course.broken.quizzes.iter().map(|s| (s.as_str(), false)))
                .collect(),
            cases: course
                .cases
                .iter()
                .map(|c| c.id.as_str())
                .chain(course.broken.cases.iter().map(|s| s.as_str()))
                .collect(),
            roles: fw
                .map(|f| f.roles.iter().map(|r| r.id.as_str()).collect())
                .unwrap_or_default(),
            replies: course
                .replies
                .iter()
                .map(|r| r.id.as_str())
                .chain(course.broken.replies.iter().map(|s| s.as_str()))
                .collect(),
            max_level: fw.and_then(|f| f.scale.iter().map(|s| s.level).max()),
            course,
            memo: None,
        }
    }

    /// Whether competency references can be checked (the framework parsed).
    pub fn competencies_checkable(&self) -> bool {
        !self.course.broken.framework
    }

    /// The "unknown competency" error for `id` at `at`; `None` when the id is known or
    /// competencies cannot be checked.
    pub fn unknown_competency(&self, file: &str, at: Option<Pos>, id: &str) -> Option<Diagnostic> {
        if !self.competencies_checkable() || self.competencies.contains(id) {
            return None;
        }
        Some(
            Diagnostic::error(file, at, format!("unknown competency `{id}`"))
                .with_help(suggest::help(id, self.competencies.iter().copied())),
        )
    }

    /// Checks a list of competency ids; item `i` of the list is at `locate(&format!("{path}.{i}"))`.
    pub fn check_competencies(
        &self,
        file: &str,
        path: &str,
        ids: &[String],
        locate: impl Fn(&str) -> Option<Pos>,
        d: &mut Diagnostics,
    ) {
        for (i, id) in ids.iter().enumerate() {
            // Locating an item formats its path and searches the spans: only for an unknown
            // id (every lesson's list is checked on every rebuild of the dev server).
            if !self.competencies_checkable() || self.competencies.contains(id.as_str()) {
                continue;
            }
            if let Some(e) = self.unknown_competency(file, locate(&format!("{path}.{i}")), id) {
                d.push(e);
            }
        }
    }
}

/// Two files that would give the same id (and so write the same page).
fn check_unique_files(course: &Course, d: &mut Diagnostics) {
    let kinds: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "quiz",
            course
                .quizzes
                .iter()
                .map(|q| (q.id.as_str(), q.file.as_str()))
                .collect(),
        ),
        (
            "case",
            course
                .cases
                .iter()
                .map(|c| (c.id.as_str(), c.file.as_str()))
                .collect(),
        ),
        (
            "reply",
            course
                .replies
                .iter()
                .map(|r| (r.id.as_str(), r.file.as_str()))
                .collect(),
        ),
        (
            "page",
            course
                .pages
                .iter()
                .map(|p| (p.id.as_str(), p.doc.file.as_str()))
                .collect(),
        ),
    ];
    for (kind, items) in kinds {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, file) in items {
            if let Some(first) = seen.insert(id, file) {
                d.push(
                    Diagnostic::error(file, None, format!("this {kind} has the id `{id}`, like `{first}`"))
                        .with_help("ids come from file names without the `NN-` prefix and extension; rename one file"),
                );
            }
            if kind == "case" && id == "index" {
                d.push(
                    Diagnostic::error(
                        file,
                        None,
                        "a case named `index` would overwrite the case library page",
                    )
                    .with_help("rename the file"),
                );
            }
        }
    }
}

pub use memo::Memo;

/// Checks the whole course.
pub fn validate(course: &Course, index: &SiteIndex) -> Diagnostics {
    validate_with(course, index, None)
}

/// `validate`, reusing the per-file diagnostics `memo` kept from earlier builds where nothing
/// they depend on changed (the dev server), and keeping this build's there.
pub fn validate_with(course: &Course, index: &SiteIndex, memo: Option<&Memo>) -> Diagnostics {
    let mut known = Known::new(course);
    known.memo = memo.map(|m| memo::Scope::new(m, course, index));
    let mut d = Diagnostics::new();
    framework::check_config(course, &known, &mut d);
    framework::check_framework(course, &mut d);
    diagnostic::check(course, &known, &mut d);
    check_unique_files(course, &mut d);
    content::check_modules(course, &known, index, &mut d);
    quiz::check_quizzes(course, &known, &mut d);
    case::check_cases(course, &known, &mut d);
    reply::check_replies(course, &known, index, &mut d);
    text_links::check(course, &known, index, &mut d);
    warnings::check(course, &known, index, &mut d);
    d
}

pub use crate::resolved::question_competencies;
