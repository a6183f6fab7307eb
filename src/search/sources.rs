//! What the search index is made from: each searchable page of the page list (modules,
//! lessons, cases, quizzes, free pages, and the reply library with a section per reply) as a
//! title and sections of plain text.

use super::index::{build_from, Emit, Limits, SearchIndex, SearchPage, Section};
use crate::load::{Course, Doc, Lesson, Module, Yaml};
use crate::locale::Locale;
use crate::markdown::{self, Labels, Trust};
use crate::model::{CaseFile, QuizFile};
use crate::site::{PageEntry, PageKind, Subject};
use crate::{hashing, paths};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// White space collapsed, embed lines (`{{ quiz(…) }}`) removed.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let t = line.trim();
        if t.starts_with("{{") && t.ends_with("}}") {
            continue;
        }
        for word in t.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// A Markdown document split at its level 1–3 headings; `lead` goes before the body's first part.
fn doc_sections(doc: &Doc, lead: &str) -> Vec<Section> {
    let plain = &doc.rendered.plain;
    let cuts: Vec<&markdown::Heading> = doc
        .rendered
        .headings
        .iter()
        .filter(|h| h.level <= 3 && h.plain_start <= plain.len())
        .collect();
    let first_end = cuts.first().map(|h| h.plain_start).unwrap_or(plain.len());
    let mut top = lead.to_string();
    top.push('\n');
    top.push_str(&plain[..first_end]);
    let mut sections = vec![Section {
        anchor: String::new(),
        heading: String::new(),
        text: clean(&top),
    }];
    for (i, h) in cuts.iter().enumerate() {
        let end = cuts
            .get(i + 1)
            .map(|n| n.plain_start)
            .unwrap_or(plain.len());
        let part = plain.get(h.plain_start..end).unwrap_or("");
        let body = part.split_once('\n').map(|(_, b)| b).unwrap_or("");
        sections.push(Section {
            anchor: h.id.clone(),
            heading: h.text.clone(),
            text: clean(body),
        });
    }
    sections
}

fn md_plain(text: &str, labels: &Labels) -> String {
    markdown::render(text, Trust::Sanitised, labels).plain
}

/// A searchable page before it is made: pages are made a batch at a time while the index is
/// built, so the text of the whole course is never copied at once.
enum Source<'a> {
    Module(&'a Module),
    Lesson(&'a Module, &'a Lesson),
    Case(&'a Yaml<CaseFile>),
    Quiz(&'a Yaml<QuizFile>),
    Page(&'a crate::load::Page),
    /// The reply library: one section per reply, at its anchor.
    Replies(&'a Course),
}

/// Every searchable page (modules, lessons, cases, quizzes, free pages), in page-list order.
fn sources<'a>(course: &'a Course, pages: &[PageEntry]) -> Vec<Source<'a>> {
    pages
        .iter()
        .filter_map(|p| match p.subject {
            Subject::Module(m) => Some(Source::Module(&course.modules[m])),
            Subject::Lesson { module, lesson } => {
                let m = &course.modules[module];
                Some(Source::Lesson(m, &m.lessons[lesson]))
            }
            Subject::Case(c) => Some(Source::Case(&course.cases[c])),
            Subject::Quiz(q) => Some(Source::Quiz(&course.quizzes[q])),
            Subject::Page(i) => Some(Source::Page(&course.pages[i])),
            Subject::Course if p.kind == PageKind::Replies => Some(Source::Replies(course)),
            Subject::Course | Subject::Check { .. } => None,
        })
        .collect()
}

fn make_page(source: &Source, locale: &Locale, labels: &Labels) -> SearchPage {
    match source {
        Source::Module(m) => {
            let mut lead = m.front.summary.clone().unwrap_or_default();
            for o in &m.front.objectives {
                lead.push('\n');
                lead.push_str(&md_plain(o, labels));
            }
            SearchPage {
                url: paths::module(&m.id),
                title: m.front.title.clone(),
                context: locale.t("module"),
                sections: doc_sections(&m.doc, &lead),
            }
        }
        Source::Lesson(m, l) => SearchPage {
            url: paths::lesson(&m.id, &l.id),
            title: l.front.title.clone(),
            context: m.front.title.clone(),
            sections: doc_sections(&l.doc, ""),
        },
        Source::Case(c) => {
            let d = &c.data;
            let text = |s: &Option<String>| {
                s.as_deref()
                    .map(|t| clean(&md_plain(t, labels)))
                    .unwrap_or_default()
            };
            let mut sections = vec![Section {
                anchor: String::new(),
                heading: String::new(),
                text: clean(d.summary.as_deref().unwrap_or("")),
            }];
            let situation = format!("{}\n{}", text(&d.situation), text(&d.task));
            if !situation.trim().is_empty() {
                sections.push(Section {
                    anchor: "situation-title".into(),
                    heading: locale.t("situation"),
                    text: clean(&situation),
                });
            }
            if d.debrief.is_some() {
                sections.push(Section {
                    anchor: "debrief-title".into(),
                    heading: locale.t("debrief"),
                    text: text(&d.debrief),
                });
            }
            SearchPage {
                url: paths::case(&c.id),
                title: d.title.clone(),
                context: locale.t("case_study"),
                sections,
            }
        }
        Source::Quiz(q) => {
            let kind = if q.data.draw.is_some() {
                "assessment"
            } else {
                "quiz"
            };
            SearchPage {
                url: paths::quiz(&q.id),
                title: q.data.title.clone(),
                context: locale.t(kind),
                sections: vec![Section {
                    anchor: String::new(),
                    heading: String::new(),
                    text: q
                        .data
                        .description
                        .as_deref()
                        .map(|t| clean(&md_plain(t, labels)))
                        .unwrap_or_default(),
                }],
            }
        }
        Source::Replies(course) => SearchPage {
            url: paths::REPLIES.to_string(),
            title: locale.t("reply_library"),
            context: locale.t("reply_list"),
            sections: course
                .replies
                .iter()
                .map(|r| {
                    let d = &r.data;
                    let scenario = course
                        .reply_library
                        .iter()
                        .flat_map(|l| &l.data.scenarios)
                        .find(|s| s.id == d.scenario)
                        .map_or(d.scenario.as_str(), |s| s.name.as_str());
                    let text = format!(
                        "{}\n{}\n{}\n{}",
                        scenario,
                        d.text,
                        md_plain(&d.use_when, labels),
                        md_plain(&d.avoid_when, labels)
                    );
                    Section {
                        anchor: paths::reply_anchor(&r.id),
                        heading: d.title.clone(),
                        text: clean(&text),
                    }
                })
                .collect(),
        },
        Source::Page(p) => SearchPage {
            url: paths::page(&p.id),
            title: p.front.title.clone().unwrap_or_default(),
            context: String::new(),
            sections: doc_sections(&p.doc, ""),
        },
    }
}

/// The searchable pages of a course, made one at a time as the index (or its key) reads them.
struct Reader<'a> {
    locale: &'static Locale,
    labels: Labels,
    sources: Vec<Source<'a>>,
}

impl<'a> Reader<'a> {
    fn new(course: &'a Course, pages: &[PageEntry]) -> Reader<'a> {
        let locale = Locale::for_language(course.config.data.language.as_deref());
        Reader {
            locale,
            labels: locale.labels(),
            sources: sources(course, pages),
        }
    }

    fn len(&self) -> usize {
        self.sources.len()
    }

    fn page(&self, i: usize) -> SearchPage {
        make_page(&self.sources[i], self.locale, &self.labels)
    }
}

/// A key of everything the course's index is made from: each searchable page as the index reads
/// it (address, title, context, sections), in order. The index is a function of these pages
/// (and of the program, which `build`'s record holds apart), so a build whose key matches the
/// last one's can keep that index's files instead of tokenising the course again.
pub fn course_key(course: &Course, pages: &[PageEntry]) -> u64 {
    use rayon::prelude::*;
    let reader = Reader::new(course, pages);
    let each: Vec<u64> = (0..reader.len())
        .into_par_iter()
        .map(|i| page_digest(&reader.page(i)))
        .collect();
    combine(&each)
}

/// The index of a course, and its `course_key` (taken from the pages as the index reads them,
/// not by reading them twice); files `emit` takes are not kept in the result.
pub fn course_index(course: &Course, pages: &[PageEntry], emit: Emit) -> (SearchIndex, u64) {
    let reader = Reader::new(course, pages);
    let digests: Vec<AtomicU64> = (0..reader.len()).map(|_| AtomicU64::new(0)).collect();
    let index = build_from(
        reader.len(),
        |i| {
            let page = reader.page(i);
            digests[i].store(page_digest(&page), Ordering::Relaxed);
            page
        },
        Limits::default(),
        emit,
    );
    let each: Vec<u64> = digests.into_iter().map(AtomicU64::into_inner).collect();
    (index, combine(&each))
}

/// One page's part of `course_key`.
fn page_digest(page: &SearchPage) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [&page.url, &page.title, &page.context] {
        hashing::str(&mut h, part);
    }
    hashing::count(&mut h, page.sections.len());
    for s in &page.sections {
        for part in [&s.anchor, &s.heading, &s.text] {
            hashing::str(&mut h, part);
        }
    }
    h.digest()
}

/// The pages' digests, in order, as one key.
fn combine(digests: &[u64]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hashing::count(&mut h, digests.len());
    for d in digests {
        h.update(&d.to_le_bytes());
    }
    h.digest()
}

/// `course_index`, given up soon after `stop` is set (the dev server's next edit): the pages not
/// yet read are left empty and no file is handed to `emit` after it. `None` when a file was
/// held back so (the files emitted before the stop are not a whole index); an index whose every
/// file was emitted before the stop is complete.
pub fn course_index_unless(
    course: &Course,
    pages: &[PageEntry],
    stop: &AtomicBool,
    emit: Emit,
) -> Option<SearchIndex> {
    let reader = Reader::new(course, pages);
    let stopped = || stop.load(Ordering::Relaxed);
    let mut cut = false;
    let index = build_from(
        reader.len(),
        |i| {
            if stopped() {
                SearchPage {
                    url: String::new(),
                    title: String::new(),
                    context: String::new(),
                    sections: Vec::new(),
                }
            } else {
                reader.page(i)
            }
        },
        Limits::default(),
        &mut |f| {
            if stopped() {
                cut = true;
                None
            } else {
                emit(f)
            }
        },
    );
    (!cut).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key `build` compares before deciding to keep an index must be the key of the index
    /// it would make, and change with what the index reads.
    #[test]
    fn the_key_before_the_index_is_the_key_the_index_is_made_with() {
        let key_of = |quizzes: &[(&str, &str)]| {
            let c = crate::test_course::course("", quizzes, &[], "");
            let pages = crate::site::page_list(&c);
            let (_, made) = course_index(&c, &pages, &mut Some);
            assert_eq!(course_key(&c, &pages), made);
            made
        };
        let bank = [("basics-check", crate::test_course::BANK)];
        assert_eq!(key_of(&bank), key_of(&bank));
        assert_ne!(key_of(&[]), key_of(&bank), "a quiz page is searchable");
    }

    #[test]
    fn sections_split_at_headings_with_the_lead_first() {
        let labels = Labels::default();
        let text = "Intro text.\n\n## First part\n\nBody one.\n\n#### Minor\n\nStill one.\n\n## Second\n\n{{ quiz(id=\"x\") }}\n\nBody `two`.\n";
        let rendered = markdown::render(text, Trust::Author, &labels);
        let doc = Doc::new(
            "x.md".into(),
            text.into(),
            crate::source::LineIndex::new(text),
            0,
            rendered.into(),
            Default::default(),
        );
        let s = doc_sections(&doc, "Summary.");
        let got: Vec<(&str, &str, &str)> = s
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Summary. Intro text."),
                ("first-part", "First part", "Body one. Minor Still one."),
                ("second", "Second", "Body two.")
            ]
        );
    }
}
