//! Parse stage: source text → typed course. YAML files become model structs with their spans;
//! Markdown files are split into front matter and body, and the body is outlined (in parallel:
//! headings, links, embeds, plain text) so validation can check its links, anchors and embeds;
//! its HTML is rendered when its page is made (or here, for the dev server's cache).
//!
//! A file that fails to parse is reported and left out; its id is remembered in `broken` so that
//! references to it do not cause a second, misleading "unknown id" error.
mod cache;
mod parse;

pub use cache::ParseCache;
use parse::{id_from_name, parse_markdown, parse_required, parse_yaml, parse_yaml_files, stem};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::discover::{BinaryFile, Inputs};
use crate::markdown::{self, Labels, Rendered, Trust};
use crate::model::*;
use crate::slug::split_order_prefix;
use crate::source::{split_front_matter, LineIndex, SourceFile};
use crate::yaml::{self, Spans};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// A Markdown file after parsing.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: String,
    pub text: std::sync::Arc<str>,
    pub lines: LineIndex,
    pub body_offset: usize,
    /// Shared, because parsed files are reused (cloned) from build to build in the dev server.
    pub rendered: std::sync::Arc<Rendered>,
    pub front_spans: Spans,
    /// A hash of `text`, taken once when the file is parsed: the dev server's page keys and
    /// validation memo compare every file on every rebuild, and hashing 10,000 texts each
    /// time was a tenth of a one-lesson rebuild. Set by `Doc::new` and `with_text` only.
    text_digest: u64,
    /// The anchors of its headings, collected once: the site index holds every document's,
    /// and the dev server makes the index again on every rebuild.
    anchors: crate::links::Anchors,
}

impl Doc {
    pub fn new(
        file: String,
        text: std::sync::Arc<str>,
        lines: LineIndex,
        body_offset: usize,
        rendered: std::sync::Arc<Rendered>,
        front_spans: Spans,
    ) -> Doc {
        Doc {
            text_digest: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            anchors: std::sync::Arc::new(rendered.headings.iter().map(|h| h.id.clone()).collect()),
            file,
            text,
            lines,
            body_offset,
            rendered,
            front_spans,
        }
    }

    /// The same document with another text (its outline and spans unchanged), for tests.
    #[cfg(test)]
    pub fn with_text(&self, text: &str) -> Doc {
        Doc {
            text: text.into(),
            text_digest: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            ..self.clone()
        }
    }

    /// The anchors of the document's headings.
    pub fn anchors(&self) -> &crate::links::Anchors {
        &self.anchors
    }

    /// The hash of the document's text (see `text_digest`).
    pub fn text_digest(&self) -> u64 {
        self.text_digest
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }

    /// The body as HTML (placeholders for links and embeds, see `markdown::finish`), rendered
    /// now: parsing keeps only its outline, so the course's HTML is never held at once.
    pub fn html(&self, labels: &Labels) -> String {
        markdown::render(self.body(), Trust::Author, labels).html
    }

    /// The position of a byte offset inside the body.
    pub fn pos(&self, body_offset: usize) -> Pos {
        self.lines.pos(&self.text, self.body_offset + body_offset)
    }
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub order: Option<i64>,
    pub front: LessonFront,
    pub doc: Doc,
}

#[derive(Debug, Clone)]
pub struct Module {
    pub id: String,
    pub folder: String,
    pub order: Option<i64>,
    pub front: ModuleFront,
    pub doc: Doc,
    pub lessons: Vec<Lesson>,
    pub assets: Vec<BinaryFile>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub front: PageFront,
    pub doc: Doc,
}

#[derive(Debug, Clone)]
pub struct Yaml<T> {
    pub id: String,
    pub file: String,
    pub spans: Spans,
    pub data: T,
    /// The source text, for positions inside a value (`check`'s personal-data warning).
    pub text: std::sync::Arc<str>,
}

#[derive(Debug, Clone, Default)]
pub struct Broken {
    pub modules: BTreeSet<String>,
    pub quizzes: BTreeSet<String>,
    pub cases: BTreeSet<String>,
    pub replies: BTreeSet<String>,
    /// `_library.yaml` did not parse: scenario references cannot be checked.
    pub reply_library: bool,
    /// The competency file did not parse: competency references cannot be checked.
    pub framework: bool,
    /// Every source file that did not parse.
    pub files: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct Course {
    pub config: Yaml<CourseConfig>,
    pub framework: Option<Yaml<Framework>>,
    pub home: Option<Page>,
    pub modules: Vec<Module>,
    pub cases: Vec<Yaml<CaseFile>>,
    pub quizzes: Vec<Yaml<QuizFile>>,
    pub pages: Vec<Page>,
    /// The reply library's scenarios (`content/replies/_library.yaml`), when there is one.
    pub reply_library: Option<Yaml<ReplyLibrary>>,
    /// The reply templates, by file name.
    pub replies: Vec<Yaml<ReplyFile>>,
    /// The build's date (see `discover::Inputs::today`); `None` skips the review check.
    pub today: Option<crate::replies::Day>,
    pub templates: Vec<SourceFile>,
    pub static_files: Vec<BinaryFile>,
    pub broken: Broken,
    /// Ids of drafts left out of this build (to explain a link to one).
    pub drafts: BTreeSet<String>,
    /// Lessons that say `draft: false` in a module left out as a draft: (file, where `draft` is).
    pub undrafted_lessons: Vec<(String, Option<Pos>)>,
    /// The language edition this is (set by the build; one-language courses keep the default).
    pub edition: crate::editions::Edition,
}

impl Course {
    /// The quiz bank or assessment with this id.
    pub fn quiz(&self, id: &str) -> Option<&Yaml<QuizFile>> {
        self.quizzes.iter().find(|q| q.id == id)
    }

    /// The module with this id.
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// Drops the source texts once validation no longer needs positions: a large course's
    /// sources are tens of megabytes that rendering never reads.
    pub fn forget_sources(&mut self) {
        let docs = self
            .modules
            .iter_mut()
            .flat_map(|m| {
                std::iter::once(&mut m.doc).chain(m.lessons.iter_mut().map(|l| &mut l.doc))
            })
            .chain(self.pages.iter_mut().map(|p| &mut p.doc))
            .chain(self.home.iter_mut().map(|h| &mut h.doc));
        for doc in docs {
            // The text stays: each body is rendered from it when its page is made.
            doc.lines = LineIndex::new("");
        }
        for q in &mut self.quizzes {
            q.text = "".into();
        }
        for c in &mut self.cases {
            c.text = "".into();
        }
        for r in &mut self.replies {
            r.text = "".into();
        }
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub labels: Labels,
    /// Parsed Markdown outlines from the previous build (the dev server keeps one between
    /// rebuilds). Bodies are only outlined (`markdown::outline`) while parsing and each is
    /// rendered when its page is made: the course's HTML is never held at once.
    pub cache: Option<std::sync::Arc<ParseCache>>,
}

/// A parsed module folder: the module (if it parsed and is not a draft), the id of a module that
/// failed, its problems, and the files left out as drafts.
enum Parsed {
    Module(
        Box<Option<Module>>,
        Option<String>,
        Diagnostics,
        Vec<String>,
    ),
}

/// Parses every input. Returns the course (when `course.yaml` is readable) and all problems.
pub fn load(inputs: Inputs, opts: &LoadOptions) -> (Option<Course>, Diagnostics) {
    let mut diags = Diagnostics::new();
    for p in &inputs.problems {
        diags.push(p.clone());
    }
    let mut broken = Broken::default();
    let mut drafts = BTreeSet::new();

    // A file discovery could not read (see `Inputs::unreadable`) is reported once, by discovery.
    let config = match &inputs.course_yaml {
        None if inputs.unreadable.contains("course.yaml") => None,
        None => {
            diags.push(
                Diagnostic::error("course.yaml", None, "no `course.yaml` in the course folder")
                    .with_help(
                    "run `skillpress new DIR` to start a course, or pass `--root` to point at one",
                ),
            );
            None
        }
        Some(f) => parse_yaml::<CourseConfig>(f, opts, &mut diags).map(|(data, spans)| Yaml {
            id: data.id.clone(),
            file: f.path.clone(),
            spans,
            data,
            text: f.text.clone(),
        }),
    };

    let framework = match &inputs.competencies {
        None if inputs.unreadable.contains("content/competencies.yaml") => {
            broken.framework = true;
            None
        }
        None => {
            diags.push(
                Diagnostic::error("content/competencies.yaml", None, "no competency framework")
                    .with_help("create `content/competencies.yaml` with `scale`, `competencies` and `roles` (see docs/format.md)"),
            );
            broken.framework = true;
            None
        }
        Some(f) => match parse_yaml::<Framework>(f, opts, &mut diags) {
            Some((data, spans)) => Some(Yaml {
                id: "competencies".into(),
                file: f.path.clone(),
                spans,
                data,
                text: f.text.clone(),
            }),
            None => {
                broken.framework = true;
                None
            }
        },
    };

    let home = inputs.home.as_ref().and_then(|f| {
        parse_markdown::<PageFront>(f, false, opts, &mut diags).map(|(front, doc)| Page {
            id: "index".into(),
            front,
            doc,
        })
    });

    // Modules: the expensive part (Markdown and highlighting) runs on every core.
    let parsed: Vec<Parsed> = inputs
        .modules
        .par_iter()
        .map(|dir| {
            let mut d = Diagnostics::new();
            let module_file = format!("content/modules/{}", dir.folder);
            let (order_prefix, id) = id_from_name(&module_file, &dir.folder, "module", &mut d);
            let Some(index) = &dir.index else {
                d.push(
                    Diagnostic::error(&module_file, None, "module folder has no `index.md`")
                        .with_help(
                            "add `index.md` with front matter `title: …` (the module overview)",
                        ),
                );
                return Parsed::Module(Box::new(None), Some(id), d, Vec::new());
            };
            let Some((front, doc)) = parse_required::<ModuleFront>(index, opts, &mut d) else {
                return Parsed::Module(Box::new(None), Some(id), d, Vec::new());
            };
            if front.draft && !opts.drafts {
                let all = std::iter::once(index.path.clone())
                    .chain(dir.lessons.iter().map(|l| l.path.clone()))
                    .collect();
                return Parsed::Module(Box::new(None), None, d, all);
            }
            let mut lessons = Vec::new();
            let mut draft_files = Vec::new();
            for f in &dir.lessons {
                let name = &stem(&f.path);
                let (prefix, lesson_id) = id_from_name(&f.path, name, "lesson", &mut d);
                if let Some((lfront, ldoc)) = parse_required::<LessonFront>(f, opts, &mut d) {
                    if lfront.draft && !opts.drafts {
                        draft_files.push(f.path.clone());
                        continue;
                    }
                    lessons.push(Lesson {
                        id: lesson_id,
                        order: lfront.order.or(prefix),
                        front: lfront,
                        doc: ldoc,
                    });
                }
            }
            lessons.sort_by(|a, b| {
                (a.order.is_none(), a.order, &a.doc.file).cmp(&(
                    b.order.is_none(),
                    b.order,
                    &b.doc.file,
                ))
            });
            let module = Module {
                id,
                folder: dir.folder.clone(),
                order: front.order.or(order_prefix),
                front,
                doc,
                lessons,
                assets: dir.assets.clone(),
            };
            Parsed::Module(Box::new(Some(module)), None, d, draft_files)
        })
        .collect();
    let mut modules = Vec::new();
    let mut draft_files: BTreeSet<String> = BTreeSet::new();
    for p in parsed {
        let Parsed::Module(m, broken_id, d, drafted) = p;
        draft_files.extend(drafted);
        diags.extend(d);
        if let Some(m) = *m {
            modules.push(m);
        } else if let Some(id) = broken_id {
            broken.modules.insert(id);
        }
    }
    // Numbered modules first, in order; unnumbered ones after them, by folder name.
    modules.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.folder).cmp(&(b.order.is_none(), b.order, &b.folder))
    });
    // Draft lessons and modules, to explain links to them.
    for dir in &inputs.modules {
        let (_, mid) = split_order_prefix(&dir.folder);
        if !modules.iter().any(|m| m.folder == dir.folder) && !broken.modules.contains(mid) {
            drafts.insert(format!("module:{mid}"));
        }
    }

    let (cases, broken_cases) =
        parse_yaml_files::<CaseFile>(&inputs.cases, "case", opts, &mut diags);
    broken.cases.extend(broken_cases);
    let (quizzes, broken_quizzes) =
        parse_yaml_files::<QuizFile>(&inputs.quizzes, "quiz", opts, &mut diags);
    broken.quizzes.extend(broken_quizzes);
    let (replies, broken_replies) =
        parse_yaml_files::<ReplyFile>(&inputs.replies, "reply", opts, &mut diags);
    broken.replies.extend(broken_replies);
    let reply_library = inputs.reply_library.as_ref().and_then(|f| {
        let parsed = parse_yaml::<ReplyLibrary>(f, opts, &mut diags);
        broken.reply_library = parsed.is_none();
        parsed.map(|(data, spans)| Yaml {
            id: "_library".into(),
            file: f.path.clone(),
            spans,
            data,
            text: f.text.clone(),
        })
    });
    // The library's order: by scenario, in `_library.yaml`'s order, then by file name.
    let mut replies = replies;
    if let Some(lib) = &reply_library {
        let rank = |scenario: &str| {
            let s = &lib.data.scenarios;
            s.iter().position(|x| x.id == scenario).unwrap_or(s.len())
        };
        // A translation sorts as its source does (`editions`).
        replies.sort_by_cached_key(|r| {
            let source = crate::editions::source_path(&r.file).into_owned();
            (rank(&r.data.scenario), source)
        });
    }
    let mut pages = Vec::new();
    for f in &inputs.pages {
        let (order, id) = id_from_name(&f.path, &stem(&f.path), "page", &mut diags);
        if let Some((front, doc)) = parse_required::<PageFront>(f, opts, &mut diags) {
            if front.title.is_none() {
                diags.push(
                    Diagnostic::error(
                        &f.path,
                        Some(Pos::new(2, 1)),
                        "missing `title` in front matter",
                    )
                    .with_help("add `title: …` between the `---` lines"),
                );
                continue;
            }
            if front.draft && !opts.drafts {
                draft_files.insert(f.path.clone());
                continue;
            }
            let mut front = front;
            front.order = front.order.or(order);
            pages.push(Page { id, front, doc });
        }
    }
    pages.sort_by(|a, b| {
        (a.front.order.is_none(), a.front.order, &a.doc.file).cmp(&(
            b.front.order.is_none(),
            b.front.order,
            &b.doc.file,
        ))
    });

    // Files that exist but did not load (and are not drafts) are broken.
    let mut loaded: BTreeSet<&str> = BTreeSet::new();
    for m in &modules {
        loaded.insert(&m.doc.file);
        loaded.extend(m.lessons.iter().map(|l| l.doc.file.as_str()));
    }
    loaded.extend(cases.iter().map(|c| c.file.as_str()));
    loaded.extend(quizzes.iter().map(|q| q.file.as_str()));
    loaded.extend(pages.iter().map(|p| p.doc.file.as_str()));
    loaded.extend(replies.iter().map(|r| r.file.as_str()));
    loaded.extend(reply_library.iter().map(|l| l.file.as_str()));
    let all_inputs = inputs
        .modules
        .iter()
        .flat_map(|m| m.index.iter().chain(m.lessons.iter()))
        .chain(inputs.cases.iter())
        .chain(inputs.quizzes.iter())
        .chain(inputs.pages.iter())
        .chain(inputs.replies.iter())
        .chain(inputs.reply_library.iter());
    for f in all_inputs {
        if !loaded.contains(f.path.as_str()) && !draft_files.contains(&f.path) {
            broken.files.insert(f.path.clone());
        }
    }
    // A lesson that says `draft: false` inside a draft module is left out all the same.
    let mut undrafted_lessons = Vec::new();
    for dir in &inputs.modules {
        let (_, mid) = split_order_prefix(&dir.folder);
        if !drafts.contains(&format!("module:{mid}")) {
            continue;
        }
        for f in &dir.lessons {
            let split = split_front_matter(&f.text);
            let Some(y) = split.yaml else { continue };
            if let Ok((flag, spans)) = yaml::parse::<DraftFlag>(&f.path, y, split.yaml_line_offset)
            {
                if flag.draft == Some(false) {
                    undrafted_lessons.push((f.path.clone(), spans.locate("draft")));
                }
            }
        }
    }
    let course = config.map(|config| Course {
        config,
        framework,
        home,
        modules,
        cases,
        quizzes,
        pages,
        reply_library,
        replies,
        today: inputs.today,
        templates: inputs.templates,
        static_files: inputs.static_files,
        broken,
        drafts,
        undrafted_lessons,
        edition: crate::editions::Edition::default(),
    });
    diags.keep_only_first_cause(&inputs.unreadable, &inputs.problems);
    (course, diags)
}

/// Only the `draft` key of a front matter.
#[derive(serde::Deserialize)]
struct DraftFlag {
    #[serde(default)]
    draft: Option<bool>,
}
