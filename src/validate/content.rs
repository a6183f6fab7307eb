//! Modules, lessons, the home page and free pages: front matter references, output paths, and
//! every link, anchor, image and embed in the Markdown.

use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::links::{LinkError, SiteIndex};
use crate::load::{Course, Doc};
use crate::paths;
use std::collections::BTreeMap;

fn check_competencies(doc: &Doc, path: &str, ids: &[String], known: &Known, d: &mut Diagnostics) {
    known.check_competencies(&doc.file, path, ids, |p| doc.front_spans.locate(p), d);
}

/// Modules whose prerequisites lead back to themselves.
fn prerequisite_cycles(course: &Course) -> Vec<&str> {
    let prereqs: BTreeMap<&str, &[String]> = course
        .modules
        .iter()
        .map(|m| (m.id.as_str(), m.front.prerequisites.as_slice()))
        .collect();
    let mut cyclic = Vec::new();
    for start in prereqs.keys() {
        let mut stack: Vec<&str> = prereqs[start].iter().map(String::as_str).collect();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(m) = stack.pop() {
            if m == *start {
                cyclic.push(*start);
                break;
            }
            if seen.insert(m) {
                if let Some(next) = prereqs.get(m) {
                    stack.extend(next.iter().map(String::as_str));
                }
            }
        }
    }
    cyclic
}

pub fn check_modules(course: &Course, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    asset_clashes(course, d);
    for id in prerequisite_cycles(course) {
        if let Some(m) = course.module(id) {
            d.push(
                Diagnostic::error(
                    &m.doc.file,
                    m.doc.front_spans.locate("prerequisites"),
                    format!("the prerequisites of module `{id}` lead back to it"),
                )
                .with_help("prerequisites must not form a circle; remove one of them"),
            );
        }
    }
    let mut module_ids: BTreeMap<&str, &str> = BTreeMap::new();
    for m in &course.modules {
        if let Some(other) = module_ids.insert(&m.id, &m.folder) {
            d.push(
                Diagnostic::error(
                    &m.doc.file,
                    None,
                    format!(
                        "module id `{}` is used by two folders: `{other}` and `{}`",
                        m.id, m.folder
                    ),
                )
                .with_help(
                    "module ids come from folder names without the `NN-` prefix; rename one folder",
                ),
            );
        }
        let fs = &m.doc.front_spans;
        check_competencies(&m.doc, "competencies", &m.front.competencies, known, d);
        for (i, p) in m.front.prerequisites.iter().enumerate() {
            let at = fs.locate(&format!("prerequisites.{i}"));
            if p == &m.id {
                d.push(Diagnostic::error(
                    &m.doc.file,
                    at,
                    format!("module `{}` lists itself as a prerequisite", m.id),
                ));
            } else if !known.modules.contains(p.as_str()) {
                let mut help = suggest::help(p, known.modules.iter().copied());
                if course.drafts.contains(&format!("module:{p}")) {
                    help = format!(
                        "`{p}` is a draft; build with `--drafts` or remove the prerequisite"
                    );
                }
                d.push(
                    Diagnostic::error(
                        &m.doc.file,
                        at,
                        format!("unknown prerequisite module `{p}`"),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(q) = &m.front.quiz {
            if !known.quizzes.contains_key(q.as_str()) {
                d.push(
                    Diagnostic::error(
                        &m.doc.file,
                        fs.locate_value("quiz"),
                        format!("unknown quiz `{q}`"),
                    )
                    .with_help(suggest::help(q, known.quizzes.keys().copied())),
                );
            }
        }
        let mut lesson_ids: BTreeMap<&str, &str> = BTreeMap::new();
        for l in &m.lessons {
            if let Some(comps) = &l.front.competencies {
                check_competencies(&l.doc, "competencies", comps, known, d);
            }
            let reserved = l.id == "index" || (l.id == "check" && m.front.quiz.is_some());
            if reserved {
                d.push(
                    Diagnostic::error(
                        &l.doc.file,
                        None,
                        format!(
                            "a lesson named `{}` would overwrite the module's `{}.html` page",
                            l.id, l.id
                        ),
                    )
                    .with_help("rename the lesson file"),
                );
            }
            if let Some(other) = lesson_ids.insert(&l.id, &l.doc.file) {
                d.push(
                    Diagnostic::error(
                        &l.doc.file,
                        None,
                        format!("lesson id `{}` is also used by `{other}`", l.id),
                    )
                    .with_help(
                        "lesson ids come from file names without the `NN-` prefix; rename one file",
                    ),
                );
            }
            check_doc(&l.doc, known, index, d);
        }
        check_doc(&m.doc, known, index, d);
    }
    if let Some(home) = &course.home {
        check_doc(&home.doc, known, index, d);
    }
    for p in &course.pages {
        check_doc(&p.doc, known, index, d);
    }
}

/// Files copied from a module folder onto the path of a page the build makes there.
fn asset_clashes(course: &Course, d: &mut Diagnostics) {
    // Most modules have no files beside their lessons: nothing can clash, and listing their
    // pages would cost the dev server a map of every lesson on every rebuild.
    for m in course.modules.iter().filter(|m| !m.assets.is_empty()) {
        let mut pages: BTreeMap<String, String> = m
            .lessons
            .iter()
            .map(|l| {
                (
                    paths::lesson(&m.id, &l.id),
                    format!("the lesson `{}`", l.id),
                )
            })
            .collect();
        pages.insert(paths::module(&m.id), "the module's overview".into());
        if m.front.quiz.is_some() {
            pages.insert(paths::check(&m.id), "the module's check".into());
        }
        for a in &m.assets {
            let output = paths::module_asset(&m.id, &m.folder, &a.path);
            if let Some(page) = pages.get(&output) {
                d.push(
                    Diagnostic::error(
                        &a.path,
                        None,
                        format!("this file would be copied to `{output}`, where the build writes {page}"),
                    )
                    .with_help("rename the file (or delete it, if it is an old export)"),
                );
            }
        }
    }
}

/// `check_one_doc`, through the dev server's memo when there is one.
fn check_doc(doc: &Doc, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    super::memo::check_doc(known, doc, d, |d| check_one_doc(doc, known, index, d));
}

/// Links, anchors, images and embeds of one Markdown document. What it reads outside `doc`
/// is in `memo::context`: keep the two in step.
fn check_one_doc(doc: &Doc, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    for link in &doc.rendered.links {
        let at = Some(doc.pos(link.offset));
        if link.image && link.alt.trim().is_empty() {
            d.push(
                Diagnostic::warning(
                    &doc.file,
                    at,
                    format!("image `{}` has no alt text", link.dest),
                )
                .with_help("describe the image for screen readers: `![what it shows](file.svg)`"),
            );
        }
        if link.dest.is_empty() {
            continue;
        }
        if let Err(e) = index.resolve(&doc.file, &link.dest) {
            d.push(link_diagnostic(&doc.file, at, e));
        }
    }
    for bad in &doc.rendered.bad_embeds {
        let inline = !(bad.text.starts_with("{{") && bad.text.ends_with("}}"));
        let message = if inline {
            "an embed must stand alone in its paragraph".to_string()
        } else {
            format!("cannot read the embed `{}`", bad.text)
        };
        d.push(
            Diagnostic::error(&doc.file, Some(doc.pos(bad.offset)), message)
                .with_help("write it as `{{ quiz(id=\"bank-id\") }}`, `{{ case(id=\"case-id\") }}` or `{{ reply(id=\"reply-id\") }}` on its own line, with blank lines around it"),
        );
    }
    for e in &doc.rendered.embeds {
        let at = Some(doc.pos(e.offset));
        let Some(id) = e.args.get("id") else {
            d.push(
                Diagnostic::error(
                    &doc.file,
                    at,
                    format!("the `{}` embed needs an `id`", e.name),
                )
                .with_help(format!("write `{{{{ {}(id=\"…\") }}}}`", e.name)),
            );
            continue;
        };
        match e.name.as_str() {
            "quiz" => {
                for key in e
                    .args
                    .keys()
                    .filter(|k| !matches!(k.as_str(), "id" | "pick"))
                {
                    d.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("the `quiz` embed has no argument `{key}`"),
                        )
                        .with_help("it takes `id` and optionally `pick`"),
                    );
                }
                if !known.quizzes.contains_key(id.as_str()) {
                    d.push(
                        Diagnostic::error(&doc.file, at, format!("unknown quiz `{id}`"))
                            .with_help(suggest::help(id, known.quizzes.keys().copied())),
                    );
                } else if let Some(pick) = e.args.get("pick") {
                    check_pick(doc, at, id, pick, known, d);
                }
            }
            "case" => {
                for key in e.args.keys().filter(|k| k.as_str() != "id") {
                    d.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("the `case` embed has no argument `{key}`"),
                        )
                        .with_help("it takes only `id`"),
                    );
                }
                if !known.cases.contains(id.as_str()) {
                    d.push(
                        Diagnostic::error(&doc.file, at, format!("unknown case `{id}`"))
                            .with_help(suggest::help(id, known.cases.iter().copied())),
                    );
                }
            }
            "reply" => {
                for key in e.args.keys().filter(|k| k.as_str() != "id") {
                    d.push(
                        Diagnostic::error(
                            &doc.file,
                            at,
                            format!("the `reply` embed has no argument `{key}`"),
                        )
                        .with_help("it takes only `id`"),
                    );
                }
                if !known.replies.contains(id.as_str()) {
                    d.push(
                        Diagnostic::error(&doc.file, at, format!("unknown reply `{id}`"))
                            .with_help(suggest::help(id, known.replies.iter().copied())),
                    );
                }
            }
            other => d.push(
                Diagnostic::error(&doc.file, at, format!("unknown embed `{other}`"))
                    .with_help("the embeds are `quiz`, `case` and `reply`"),
            ),
        }
    }
}

fn check_pick(
    doc: &Doc,
    at: Option<crate::diagnostics::Pos>,
    id: &str,
    pick: &str,
    known: &Known,
    d: &mut Diagnostics,
) {
    let Some(quiz) = known.course.quiz(id) else {
        return;
    };
    let Some(questions) = &quiz.data.questions else {
        d.push(
            Diagnostic::error(
                &doc.file,
                at,
                format!("`pick` applies to question banks, and `{id}` is an assessment"),
            )
            .with_help("remove `pick`; an assessment draws by its own `draw:` rules"),
        );
        return;
    };
    match pick.parse::<usize>() {
        Ok(n) if n >= 1 && n <= questions.len() => {}
        _ => d.push(
            Diagnostic::error(
                &doc.file,
                at,
                format!(
                    "`pick={pick}` must be a whole number from 1 to {}",
                    questions.len()
                ),
            )
            .with_help(format!("`{id}` has {} questions", questions.len())),
        ),
    }
}

/// The diagnostic for a link that does not resolve.
pub(super) fn link_diagnostic(file: &str, at: Option<Pos>, error: LinkError) -> Diagnostic {
    match error {
        LinkError::NoSuchFile { path } => Diagnostic::error(file, at, format!("broken link: `{path}` does not exist"))
            .with_help("link to the source file relative to this one (`../02-x/index.md`, `../../cases/x.yaml`), or from `content/` with a leading `/`"),
        LinkError::OutputPath { path } => Diagnostic::error(file, at, format!("broken link: `{path}` names an output page"))
            .with_help("link to the source file (`.md` or `.yaml`); skillpress turns it into the right page link"),
        LinkError::NoSuchAnchor { source, anchor, known } => {
            let help = if known.is_empty() {
                format!("`{source}` has no headings to link to")
            } else {
                suggest::help(&anchor, known.iter().map(|s| s.as_str()))
            };
            Diagnostic::error(file, at, format!("broken link: no heading `#{anchor}` in `{source}`")).with_help(help)
        }
        LinkError::AnchorNotAllowed { path } => Diagnostic::error(file, at, format!("`{path}` is not a Markdown page, so `#…` anchors into it cannot be checked"))
            .with_help("remove the `#…` part of the link"),
    }
}
