//! Output paths: where each part of the course is written in the site.

use crate::links::SiteIndex;
use crate::load::{Course, Doc};
use std::collections::BTreeSet;

pub const HOME: &str = "index.html";
pub const CASES: &str = "cases/index.html";
pub const COMPETENCIES: &str = "competencies.html";
pub const PROGRESS: &str = "progress.html";
pub const SEARCH: &str = "search.html";
pub const CERTIFICATE: &str = "certificate.html";
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

pub fn anchors(doc: &Doc) -> BTreeSet<String> {
    doc.rendered.headings.iter().map(|h| h.id.clone()).collect()
}

/// Every source file that a link may point at, with its output path. A translation stands under
/// its source's path: translated pages keep their source's links, which lead to the same
/// edition's pages.
pub fn site_index(course: &Course) -> SiteIndex {
    let mut site = SiteIndex::default();
    let mut index = Translated(&mut site);
    if let Some(home) = &course.home {
        index.insert(&home.doc.file, HOME, Some(anchors(&home.doc)));
    }
    if let Some(fw) = &course.framework {
        index.insert(&fw.file, COMPETENCIES, None);
    }
    for m in &course.modules {
        index.insert(&m.doc.file, &module(&m.id), Some(anchors(&m.doc)));
        for l in &m.lessons {
            index.insert(&l.doc.file, &lesson(&m.id, &l.id), Some(anchors(&l.doc)));
        }
        for a in &m.assets {
            index.insert(&a.path, &module_asset(&m.id, &m.folder, &a.path), None);
        }
    }
    for c in &course.cases {
        index.insert(&c.file, &case(&c.id), None);
    }
    for q in &course.quizzes {
        index.insert(&q.file, &quiz(&q.id), None);
    }
    for p in &course.pages {
        index.insert(&p.doc.file, &page(&p.id), Some(anchors(&p.doc)));
    }
    for f in &course.broken.files {
        index.0.insert_broken(&crate::editions::source_path(f));
    }
    site
}

/// Inserts each file under its source's path (see `SiteIndex::insert_translation`).
struct Translated<'a>(&'a mut SiteIndex);

impl Translated<'_> {
    fn insert(&mut self, file: &str, output: &str, anchors: Option<BTreeSet<String>>) {
        self.0.insert_translation(file, output, anchors);
    }
}
