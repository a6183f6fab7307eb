//! Output paths: where each part of the course is written in the site.

use crate::links::{Anchors, SiteIndex};
use crate::load::Course;
use crate::site::{PageEntry, PageKind};

pub const HOME: &str = "index.html";
pub const CASES: &str = "cases/index.html";
/// The reply-template library: one page, a reply per anchor (`#reply-<id>`).
pub const REPLIES: &str = "replies/index.html";
pub const COMPETENCIES: &str = "competencies.html";
pub const PROGRESS: &str = "progress.html";
pub const TEAM: &str = "team.html";
pub const SEARCH: &str = "search.html";
pub const CERTIFICATE: &str = "certificate.html";
pub const DIAGNOSTIC: &str = "diagnostic.html";
pub const NOT_FOUND: &str = "404.html";

pub fn module(id: &str) -> String {
    format!("modules/{id}/index.html")
}

pub fn lesson(module: &str, id: &str) -> String {
    format!("modules/{module}/{id}.html")
}

pub fn check(module: &str) -> String {
    format!("modules/{module}/check.html")
}

pub fn case(id: &str) -> String {
    format!("cases/{id}.html")
}

/// A reply's anchor on the library page.
pub fn reply_anchor(id: &str) -> String {
    format!("reply-{id}")
}

pub fn quiz(id: &str) -> String {
    format!("quizzes/{id}.html")
}

pub fn page(id: &str) -> String {
    format!("pages/{id}.html")
}

/// A file next to a module's lessons keeps its path below the module folder.
pub fn module_asset(module: &str, folder: &str, source: &str) -> String {
    let prefix = format!("content/modules/{folder}/");
    let inner = source.strip_prefix(&prefix).unwrap_or(source);
    format!("modules/{module}/{inner}")
}

/// Every source file that a link may point at, with its output path: each page's source (a
/// module check shows its quiz, whose own page is the quiz's target), and the files next to
/// lessons. A translation stands under its source's path: translated pages keep their source's
/// links, which lead to the same edition's pages.
pub fn site_index(course: &Course, pages: &[PageEntry]) -> SiteIndex {
    let mut site = SiteIndex::default();
    let mut index = Translated(&mut site);
    for p in pages.iter().filter(|p| p.kind != PageKind::Check) {
        if let Some(source) = &p.source {
            index.insert(source, &p.path, p.doc(course).map(|d| d.anchors().clone()));
        }
    }
    for m in &course.modules {
        for a in &m.assets {
            index.insert(&a.path, &module_asset(&m.id, &m.folder, &a.path), None);
        }
    }
    // A link to the reply library's files opens the library page.
    if !course.replies.is_empty() {
        let files = course.replies.iter().map(|r| &r.file);
        for file in files.chain(course.reply_library.iter().map(|l| &l.file)) {
            index.insert(file, REPLIES, None);
        }
    }
    for f in &course.broken.files {
        index.0.insert_broken(&crate::editions::source_path(f));
    }
    site
}

/// Inserts each file under its source's path (see `SiteIndex::insert_translation`).
struct Translated<'a>(&'a mut SiteIndex);

impl Translated<'_> {
    fn insert(&mut self, file: &str, output: &str, anchors: Option<Anchors>) {
        self.0.insert_translation(file, output, anchors);
    }
}
