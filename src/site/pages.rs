//! Making each page of the list: its template and context (see `PageMaker`).

use super::order::{prev_next, ReadingOrder};
use super::page_list::{PageEntry, PageKind, Subject};
use super::{cases, diagnostic, framework, page, quizzes, replies, team, Ctx, PageJob};
use crate::links::relative_url;
use crate::load::{Doc, Module};
use crate::{hashing, paths};
use serde_json::{json, Value};

/// Makes a page's context when it is rendered, on whichever core renders it: building every
/// context up front would hold them all in memory at once (and build them on one core).
pub struct PageMaker<'a> {
    pub(super) ctx: Ctx<'a>,
    pub(super) order: ReadingOrder<'a>,
    /// A hash of everything every lesson page shares (see `key`).
    pub(super) shared: u64,
    /// A hash of the course but its lessons' bodies (see `course_key`), made when first asked.
    pub(super) outline: std::sync::OnceLock<u64>,
}

impl PageMaker<'_> {
    /// A key of everything a lesson or module page is made from, or `None` when that cannot
    /// be told cheaply (other pages; a page with embeds shows other files' content). The dev
    /// server uses it to skip making and rendering the pages a save did not touch.
    pub fn key(&self, page: &PageEntry) -> Option<u64> {
        match page.subject {
            Subject::Lesson { module, lesson } => self.lesson_key(page, module, lesson),
            Subject::Module(module) if page.kind == PageKind::Module => {
                self.module_key(page, module)
            }
            _ if matches!(
                page.kind,
                PageKind::Home | PageKind::Competencies | PageKind::Progress | PageKind::Team
            ) =>
            {
                self.course_key(page)
            }
            _ => None,
        }
    }

    /// A lesson's text (front matter and body), where each of its links leads, its neighbours
    /// in the reading order, and its module's id, title, lesson count and competencies.
    fn lesson_key(&self, page: &PageEntry, module: usize, lesson: usize) -> Option<u64> {
        let md = &self.ctx.course.modules[module];
        let l = &md.lessons[lesson];
        if !l.doc.rendered.embeds.is_empty() || l.doc.text.is_empty() {
            return None;
        }
        let mut h = self.page_hasher(page, &l.doc);
        // Written straight into the hash rather than formatted first (10,000 keys a rebuild).
        hashing::str(&mut h, &md.id);
        hashing::str(&mut h, &md.front.title);
        hashing::count(&mut h, md.lessons.len());
        hashing::strs(&mut h, &md.front.competencies);
        hashing::count(&mut h, lesson);
        match &l.front.competencies {
            None => h.update(&[0]),
            Some(list) => {
                h.update(&[1]);
                hashing::strs(&mut h, list);
            }
        }
        Some(h.digest())
    }

    /// A module overview's text (front matter and body) and where its links lead, its
    /// neighbours, its objectives as shown (their links resolved), its lessons' ids, titles and
    /// durations, its check quiz's title and its prerequisites' titles.
    fn module_key(&self, page: &PageEntry, module: usize) -> Option<u64> {
        let course = self.ctx.course;
        let md = &course.modules[module];
        if !md.doc.rendered.embeds.is_empty() || md.doc.text.is_empty() {
            return None;
        }
        let mut h = self.page_hasher(page, &md.doc);
        hashing::str(&mut h, &md.id);
        hashing::debug(&mut h, &md.front);
        for o in &md.front.objectives {
            hashing::str(&mut h, &self.ctx.text_html(o, true));
        }
        hashing::count(&mut h, md.lessons.len());
        for l in &md.lessons {
            hashing::str(&mut h, &l.id);
            hashing::str(&mut h, &l.front.title);
            hashing::debug(&mut h, &l.front.duration);
        }
        if let Some(q) = &md.front.quiz {
            hashing::str(&mut h, q);
            hashing::debug(&mut h, &course.quiz(q).map(|x| &x.data.title));
        }
        for p in &md.front.prerequisites {
            hashing::str(&mut h, p);
            hashing::debug(&mut h, &course.module(p).map(|m| &m.front.title));
        }
        Some(h.digest())
    }

    /// The pages that list the whole course (home, competency map, progress, team) are made
    /// from the resolved model, the course's settings, front matter and YAML files, and the
    /// home page's own text; never from a lesson's body. Their key is the course's `outline`
    /// (everything but the lessons' bodies), where every file is written, and the page's path
    /// and title: a text edit of a lesson leaves it, and at 10,000 lessons these four pages
    /// (5 MB of HTML, one module list each) are no longer made on every save.
    fn course_key(&self, page: &PageEntry) -> Option<u64> {
        if let (PageKind::Home, Some(home)) = (page.kind, &self.ctx.course.home) {
            // Embedded quizzes or cases: other files' content, as on any page with embeds.
            if !home.doc.rendered.embeds.is_empty() || home.doc.text.is_empty() {
                return None;
            }
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.shared.to_le_bytes());
        h.update(&self.ctx.index_print.to_le_bytes());
        h.update(&self.outline().to_le_bytes());
        hashing::str(&mut h, &page.path);
        hashing::str(&mut h, &page.title);
        Some(h.digest())
    }

    /// A hash of the whole course except the lessons' bodies: the edition, every
    /// YAML file's text, every module's overview and every free page and home text whole, and
    /// each lesson's place, front matter and embeds.
    fn outline(&self) -> u64 {
        *self.outline.get_or_init(|| {
            let c = self.ctx.course;
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            // The settings are in `shared`, which the key has too.
            hashing::debug(&mut h, &c.edition);
            hashing::debug(
                &mut h,
                &(&c.drafts, &c.undrafted_lessons, &c.broken, &c.today),
            );
            let yaml = c.framework.iter().map(|y| (&y.file, &y.text));
            let yaml = yaml
                .chain(c.cases.iter().map(|y| (&y.file, &y.text)))
                .chain(c.quizzes.iter().map(|y| (&y.file, &y.text)))
                .chain(c.reply_library.iter().map(|y| (&y.file, &y.text)))
                .chain(c.replies.iter().map(|y| (&y.file, &y.text)));
            for (file, text) in yaml {
                hashing::str(&mut h, file);
                h.update(&xxhash_rust::xxh3::xxh3_64(text.as_bytes()).to_le_bytes());
            }
            let whole = c
                .home
                .iter()
                .map(|p| &p.doc)
                .chain(c.pages.iter().map(|p| &p.doc));
            for doc in whole.chain(c.modules.iter().map(|m| &m.doc)) {
                hashing::str(&mut h, &doc.file);
                h.update(&doc.text_digest().to_le_bytes());
            }
            for m in &c.modules {
                hashing::str(&mut h, &m.id);
                hashing::str(&mut h, &m.folder);
                hashing::count(&mut h, m.lessons.len());
                for l in &m.lessons {
                    hashing::str(&mut h, &l.id);
                    hashing::str(&mut h, &l.doc.file);
                    let front = l.doc.text.get(..l.doc.body_offset).unwrap_or_default();
                    hashing::str(&mut h, front);
                    hashing::debug(&mut h, &l.doc.rendered.embeds);
                }
            }
            h.digest()
        })
    }

    /// A hash started with what every keyed page has: the shared part, the page's path, the
    /// text of its document, where each of its links leads, and its neighbours.
    fn page_hasher(&self, page: &PageEntry, doc: &Doc) -> xxhash_rust::xxh3::Xxh3 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.shared.to_le_bytes());
        h.update(page.path.as_bytes());
        let text = doc.text_digest();
        h.update(&text.to_le_bytes());
        let links = self
            .ctx
            .texts
            .links_hash(&doc.file, text, self.ctx.index_print, || {
                let mut l = xxhash_rust::xxh3::Xxh3::new();
                for link in &doc.rendered.links {
                    let to = self.ctx.index.resolve(&doc.file, &link.dest);
                    l.update(format!("{to:?}").as_bytes());
                }
                l.digest()
            });
        h.update(&links.to_le_bytes());
        let (before, after) = self.order.neighbours(&page.path);
        // Each neighbour's path and title, straight into the hash.
        for p in [before, after] {
            match p {
                None => h.update(&[0]),
                Some(p) => {
                    h.update(&[1]);
                    hashing::str(&mut h, &p.path);
                    hashing::str(&mut h, &p.title);
                }
            }
        }
        h
    }

    pub fn job(&self, page: &PageEntry) -> PageJob {
        let mut job = self.make_job(page);
        // A page that shows reply templates (the library, or one embedded) loads their script
        // and stylesheet; no other page does.
        let shows_replies = page.kind == PageKind::Replies
            || job
                .embeds
                .iter()
                .any(|e| e.template == replies::EMBED_TEMPLATE);
        if let (true, Some(m)) = (shows_replies, job.context.as_object_mut()) {
            m.insert("uses_replies".into(), json!(true));
        }
        job
    }

    fn make_job(&self, page: &PageEntry) -> PageJob {
        let (ctx, order) = (&self.ctx, &self.order);
        let course = ctx.course;
        match (page.kind, page.subject) {
            (PageKind::Home, _) => home(ctx, order),
            (_, Subject::Module(m)) => module_page(ctx, order, &course.modules[m]),
            (_, Subject::Lesson { module, lesson }) => self.lesson_job(module, lesson),
            (_, Subject::Check { module, quiz }) => quizzes::check_page(
                ctx,
                &course.modules[module],
                &ctx.model.quizzes[quiz],
                order,
            ),
            (_, Subject::Quiz(q)) => quizzes::quiz_page(ctx, &ctx.model.quizzes[q]),
            (_, Subject::Case(c)) => cases::case_page(ctx, &ctx.model.cases[c]),
            (_, Subject::Page(p)) => free_page(ctx, page, p),
            (PageKind::Cases, _) => cases::library_page(ctx),
            (PageKind::Replies, _) => replies::library_page(ctx),
            (PageKind::Competencies, _) => framework::page_job(ctx),
            (PageKind::Team, _) => team::page_job(ctx, page),
            (PageKind::Certificate, _) => certificate_page(ctx, page),
            (PageKind::Diagnostic, _) => diagnostic::page_job(ctx),
            _ => simple_page(ctx, page),
        }
    }

    fn lesson_job(&self, module: usize, lesson: usize) -> PageJob {
        let (ctx, order) = (&self.ctx, &self.order);
        let md = &ctx.course.modules[module];
        let (position, l) = (lesson, &md.lessons[lesson]);
        let lpath = paths::lesson(&md.id, &l.id);
        let mut m = ctx.base(&lpath, "lesson", &l.front.title);
        ctx.breadcrumbs(&mut m, &lpath, &[(&md.front.title, &paths::module(&md.id))]);
        prev_next(&mut m, order, &lpath);
        m.insert(
            "module".into(),
            json!({
                "id": md.id,
                "title": md.front.title,
                "url": relative_url(&lpath, &paths::module(&md.id)),
                "lesson_count": md.lessons.len(),
            }),
        );
        let comps = ctx.model.modules[module].lesson_competencies[lesson];
        m.insert(
            "lesson".into(),
            json!({
                "id": l.id,
                "title": l.front.title,
                "position": position + 1,
                "duration": l.front.duration,
                // Rendered by the render stage from the job's body.
                "body_html": "",
                "toc": toc(&l.doc),
                "competencies": ctx.competency_refs(comps),
                "replies": replies::for_lesson(ctx, &lpath),
            }),
        );
        let mut job = page(lpath.clone(), "lesson.html", m);
        job.body = Some(ctx.doc_body(&l.doc, &lpath, &["lesson", "body_html"]));
        job.embeds = ctx.embeds(&l.doc, &lpath);
        job
    }
}

fn home(ctx: &Ctx, order: &ReadingOrder) -> PageJob {
    let course = ctx.course;
    let path = paths::HOME;
    let title = course.config.data.title.clone();
    let mut m = ctx.base(path, "home", &title);
    let (intro, embeds) = match &course.home {
        Some(h) => (
            Some(ctx.doc_body(&h.doc, path, &["intro_html"])),
            ctx.embeds(&h.doc, path),
        ),
        None => (None, Vec::new()),
    };
    // Rendered by the render stage from the job's body, when the course has a home text.
    m.insert("intro_html".into(), json!(""));
    m.insert(
        "modules".into(),
        Value::Array(
            course
                .modules
                .iter()
                .map(|md| {
                    let mut module = json!({
                        "id": md.id,
                        "title": md.front.title,
                        "summary": md.front.summary.clone().unwrap_or_default(),
                        "url": relative_url(path, &paths::module(&md.id)),
                        "duration": md.front.duration,
                        "lesson_count": md.lessons.len(),
                    });
                    // Moved in: `json!` would copy it (the home page is made on every
                    // dev-server rebuild, with one entry per module).
                    module["competencies"] = ctx.competency_refs(&md.front.competencies);
                    module
                })
                .collect(),
        ),
    );
    m.insert("case_count".into(), json!(course.cases.len()));
    if ctx.model.diagnostic.is_some() {
        // The diagnostic offer and "Your path" need the levels (docs/learner.md).
        m.insert("diagnostic".into(), diagnostic_link(path));
        m.insert("framework_json".into(), Value::String(ctx.framework_json()));
    }
    if let Some(fa) = final_assessment(ctx, path) {
        m.insert("final_assessment".into(), fa);
    }
    if let Some(first) = order.first_after_home() {
        m.insert(
            "next".into(),
            json!({"title": first.title, "url": relative_url(path, &first.path)}),
        );
    }
    let mut job = page(path.to_string(), "index.html", m);
    job.body = intro;
    job.embeds = embeds;
    job
}

/// The `diagnostic` of the home and progress pages: where the diagnostic is.
fn diagnostic_link(from: &str) -> Value {
    json!({ "url": relative_url(from, paths::DIAGNOSTIC) })
}

pub fn final_assessment(ctx: &Ctx, from: &str) -> Option<Value> {
    let a = ctx.model.assessment?;
    let quiz = &ctx.model.quizzes[a.quiz];
    Some(json!({
        "id": quiz.id,
        "title": quiz.source.data.title,
        "url": relative_url(from, &paths::quiz(quiz.id)),
        "certificate_url": if a.certificate { relative_url(from, paths::CERTIFICATE) } else { String::new() },
    }))
}

/// `modules/<id>/index.html`.
fn module_page(ctx: &Ctx, order: &ReadingOrder, md: &Module) -> PageJob {
    let course = ctx.course;
    let path = paths::module(&md.id);
    let mut m = ctx.base(&path, "module", &md.front.title);
    ctx.breadcrumbs(&mut m, &path, &[]);
    prev_next(&mut m, order, &path);
    let check = md.front.quiz.as_ref().map(|q| {
        let title = course
            .quiz(q)
            .map(|x| x.data.title.clone())
            .unwrap_or_default();
        json!({"title": title, "url": relative_url(&path, &paths::check(&md.id))})
    });
    let module_value = json!({
        "id": md.id,
        "title": md.front.title,
        "summary": md.front.summary.clone().unwrap_or_default(),
        "url": relative_url(&path, &paths::module(&md.id)),
        "duration": md.front.duration,
        "objectives_html": md.front.objectives.iter().map(|o| ctx.text_html(o, true)).collect::<Vec<_>>(),
        "prerequisites": md.front.prerequisites.iter().filter_map(|p| course.module(p)).map(|p| json!({
            "id": p.id, "title": p.front.title, "url": relative_url(&path, &paths::module(&p.id)),
        })).collect::<Vec<_>>(),
        "competencies": ctx.competency_refs(&md.front.competencies),
        // Rendered by the render stage from the job's body.
        "body_html": "",
        "lessons": md.lessons.iter().map(|l| json!({
            "id": l.id, "title": l.front.title, "duration": l.front.duration,
            "url": relative_url(&path, &paths::lesson(&md.id, &l.id)),
        })).collect::<Vec<_>>(),
        "check": check,
    });
    m.insert("module".into(), module_value);
    let mut job = page(path.clone(), "module.html", m);
    job.body = Some(ctx.doc_body(&md.doc, &path, &["module", "body_html"]));
    job.embeds = ctx.embeds(&md.doc, &path);
    job
}

pub fn toc(doc: &Doc) -> Value {
    Value::Array(
        doc.rendered
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .map(|h| json!({"level": h.level, "id": h.id, "text": h.text}))
            .collect(),
    )
}

/// Progress, search and 404: the interface around the course.
fn simple_page(ctx: &Ctx, entry: &PageEntry) -> PageJob {
    let (path, kind) = (entry.path.as_str(), entry.kind);
    let mut m = ctx.base(path, kind.name(), &entry.title);
    if kind != PageKind::NotFound {
        ctx.breadcrumbs(&mut m, path, &[]);
    }
    if kind == PageKind::Progress {
        // Titles, evidence and modules for the history and the summary (docs/learner.md).
        m.insert("framework_json".into(), Value::String(ctx.framework_json()));
        if ctx.model.diagnostic.is_some() {
            m.insert("diagnostic".into(), diagnostic_link(path));
        }
    }
    let template = match kind {
        PageKind::Progress => "progress.html",
        PageKind::Search => "search.html",
        _ => "404.html",
    };
    page(entry.path.clone(), template, m)
}

fn certificate_page(ctx: &Ctx, entry: &PageEntry) -> PageJob {
    let path = entry.path.as_str();
    let mut m = ctx.base(path, entry.kind.name(), &entry.title);
    ctx.breadcrumbs(&mut m, path, &[]);
    if let Some(fa) = final_assessment(ctx, path) {
        m.insert("final_assessment".into(), fa);
    }
    page(entry.path.clone(), "certificate.html", m)
}

fn free_page(ctx: &Ctx, entry: &PageEntry, index: usize) -> PageJob {
    let p = &ctx.course.pages[index];
    let path = entry.path.as_str();
    let mut m = ctx.base(path, entry.kind.name(), &entry.title);
    ctx.breadcrumbs(&mut m, path, &[]);
    // Rendered by the render stage from the job's body.
    m.insert("page_body_html".into(), json!(""));
    m.insert("toc".into(), toc(&p.doc));
    m.insert("page_description".into(), json!(p.front.description));
    let mut job = page(entry.path.clone(), "page.html", m);
    job.body = Some(ctx.doc_body(&p.doc, path, &["page_body_html"]));
    job.embeds = ctx.embeds(&p.doc, path);
    job
}
