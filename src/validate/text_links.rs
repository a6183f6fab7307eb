//! Links in the Markdown of quiz, case, reply and competency texts and of module objectives, and
//! the one embed such a text may hold, `{{ reply(…) }}` (shown as a link to the library).
//!
//! Such a text is rendered once and shown on pages at different depths (a question appears on
//! its quiz page, a module check and inside lessons), so a link to a course file is written from
//! `content/` with a leading `/` (`/modules/02-handoff/01-when.md#triggers`): it is checked like
//! a lesson's link and becomes a working relative link on every page (`links::ROOT_MARK`). A
//! relative link could only be right on some of those pages, so it is an error, with the rooted
//! form suggested when there is one.

use super::content::link_diagnostic;
use super::warnings::{case_strings, locate_in, quiz_strings};
use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::links::{is_external, normalize, LinkError, SiteIndex};
use crate::load::Course;
use crate::markdown::{self, Labels, Trust};
use std::collections::BTreeSet;

pub fn check(course: &Course, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    let replies = &known.replies;
    for c in &course.cases {
        for (path, text) in case_strings(&c.data) {
            check_text(&c.file, &text, index, replies, d, |dest| {
                locate_in(c, &path, dest)
            });
        }
    }
    for q in &course.quizzes {
        for (path, text) in quiz_strings(&q.data) {
            check_text(&q.file, &text, index, replies, d, |dest| {
                locate_in(q, &path, dest)
            });
        }
    }
    for r in &course.replies {
        for path in ["use_when", "avoid_when"] {
            let text = if path == "use_when" {
                &r.data.use_when
            } else {
                &r.data.avoid_when
            };
            check_text(&r.file, text, index, replies, d, |dest| {
                locate_in(r, path, dest)
            });
        }
    }
    if let Some(fw) = &course.framework {
        for (i, c) in fw.data.competencies.iter().enumerate() {
            if let Some(text) = &c.description {
                let path = format!("competencies.{i}.description");
                check_text(&fw.file, text, index, replies, d, |dest| {
                    locate_in(fw, &path, dest)
                });
            }
        }
    }
    for m in &course.modules {
        for (i, text) in m.front.objectives.iter().enumerate() {
            let at = m.doc.front_spans.locate(&format!("objectives.{i}"));
            check_text(&m.doc.file, text, index, replies, d, |_| at);
        }
    }
}

fn check_text(
    file: &str,
    text: &str,
    index: &SiteIndex,
    known_replies: &BTreeSet<&str>,
    d: &mut Diagnostics,
    locate: impl Fn(&str) -> Option<Pos>,
) {
    // Cheap test first: most texts have no link or embed at all.
    if !text.contains("](") && !text.contains("]:") && !text.contains("{{") {
        return;
    }
    let outline = markdown::outline(text, Trust::Sanitised, &Labels::default());
    for e in &outline.embeds {
        let line = text
            .get(e.offset..)
            .and_then(|t| t.lines().next())
            .unwrap_or("{{");
        let at = locate(line.trim());
        let id = e.args.get("id").map(String::as_str).unwrap_or("");
        if e.name != "reply" {
            d.push(
                Diagnostic::error(file, at, format!("a `{}` embed cannot be used in this text", e.name))
                    .with_help("quiz, case and competency texts can embed only `{{ reply(id=\"…\") }}`; put quizzes and cases in a lesson"),
            );
        } else if !known_replies.contains(id) {
            d.push(
                Diagnostic::error(file, at, format!("unknown reply `{id}`"))
                    .with_help(suggest::help(id, known_replies.iter().copied())),
            );
        }
    }
    for link in &outline.links {
        let dest = link.dest.as_str();
        if dest.is_empty() || is_external(dest) {
            continue;
        }
        let at = locate(dest);
        if dest.starts_with('/') && !dest.starts_with("//") {
            match index.resolve("content/", dest) {
                Ok(_) => {}
                Err(LinkError::NoSuchFile { path }) => d.push(
                    Diagnostic::error(file, at, format!("broken link: `{path}` does not exist"))
                        .with_help("link to the source file from `content/`: `/modules/02-x/01-y.md`, `/cases/x.yaml`"),
                ),
                Err(e) => d.push(link_diagnostic(file, at, e)),
            }
            continue;
        }
        let dir = file.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        let rooted = normalize(&format!("{dir}/{dest}"))
            .and_then(|p| p.strip_prefix("content/").map(|rest| format!("/{rest}")));
        let help = match rooted {
            Some(r) if !dest.starts_with('#') => format!("write it from `content/`: `{r}`"),
            _ => "write it from `content/` with a leading `/`, e.g. `/modules/02-x/01-y.md#a-heading`".to_string(),
        };
        d.push(
            Diagnostic::error(
                file,
                at,
                format!(
                    "link `{dest}` is relative, but this text is shown on pages in several places"
                ),
            )
            .with_help(help),
        );
    }
}
