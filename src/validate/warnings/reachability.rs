//! Content no navigation reaches.

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::links::{Resolved, SiteIndex};
use crate::load::{Course, Doc};
use crate::paths;
use std::collections::BTreeSet;

/// Every Markdown document with its output path.
pub(super) fn docs(course: &Course) -> Vec<&Doc> {
    let mut v: Vec<&Doc> = Vec::new();
    if let Some(h) = &course.home {
        v.push(&h.doc);
    }
    for m in &course.modules {
        v.push(&m.doc);
        v.extend(m.lessons.iter().map(|l| &l.doc));
    }
    v.extend(course.pages.iter().map(|p| &p.doc));
    v
}

pub(super) fn unreachable(course: &Course, index: &SiteIndex, d: &mut Diagnostics) {
    for (file, at) in &course.undrafted_lessons {
        d.push(
            Diagnostic::warning(
                file,
                *at,
                "this lesson says `draft: false`, but its module is a draft, so the lesson is left out and nothing reaches it",
            )
            .with_help("publish the module (remove `draft: true` from its `index.md`), or build with `--drafts` to preview both"),
        );
    }
    // Markdown files in a module's subfolders, each with where it is copied to. Most courses
    // have none, and then no link needs resolving again here (validation resolved each once).
    let mut loose = Vec::new();
    for m in &course.modules {
        let prefix = format!("content/modules/{}/", m.folder);
        for a in &m.assets {
            let inner = a.path.strip_prefix(&prefix).unwrap_or(&a.path);
            if a.path.to_ascii_lowercase().ends_with(".md") && inner.contains('/') {
                loose.push((
                    a,
                    prefix.clone(),
                    paths::module_asset(&m.id, &m.folder, &a.path),
                ));
            }
        }
    }
    if loose.is_empty() {
        return;
    }
    let mut linked: BTreeSet<String> = BTreeSet::new();
    for doc in docs(course) {
        for link in &doc.rendered.links {
            if let Ok(Resolved::Internal { output, .. }) = index.resolve(&doc.file, &link.dest) {
                linked.insert(output);
            }
        }
    }
    for (a, prefix, output) in loose {
        if !linked.contains(&output) {
            d.push(
                Diagnostic::warning(
                    &a.path,
                    Some(Pos::new(1, 1)),
                    "this Markdown file is in a subfolder of the module, so it is not a lesson: it is copied as a plain file and nothing links to it",
                )
                .with_help(format!(
                    "move it into `{prefix}` to make it a lesson, or link to it from a lesson"
                )),
            );
        }
    }
}
