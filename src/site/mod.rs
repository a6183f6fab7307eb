//! Site model: the validated course laid out as pages. Each page is a template name and a
//! context (pure data); rendering them is the next stage's job. Also produces the generated
//! assets (navigation, highlight stylesheet, sitemap) and the files copied as they are.

mod cases;
mod framework;
mod languages;
mod nav;

pub use languages::question_versions;
mod quizzes;

use crate::discover::BinaryFile;
use crate::links::{relative_url, root_prefix, Resolved, SiteIndex};
use crate::load::{Course, Doc, Module};
use crate::locale::Locale;
use crate::markdown::{self, Labels};
use crate::paths;
use serde_json::{json, Map, Value};

/// A template to render on its own, for a slot of a page.
#[derive(Debug, Clone)]
pub struct Partial {
    pub template: &'static str,
    pub context: Value,
}

/// One HTML page to render.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub context: Value,
    /// Rendered first and put into the context under the key (e.g. `quiz_html`).
    pub slots: Vec<(String, Partial)>,
    /// Rendered and put in place of the `{{ quiz(…) }}` / `{{ case(…) }}` placeholders.
    pub embeds: Vec<Partial>,
}

/// Everything the render and output stages need.
pub struct Site<'a> {
    /// The interface strings, given to every template as `t` by the render stage (kept out of
    /// each page's context: they are the same on every page).
    pub t: Value,
    pub pages: Vec<PageJob>,
    /// Pages made as they are rendered (see `LazyPage`).
    pub lazy: Vec<LazyPage>,
    pub lazy_pages: LazyPages<'a>,
    /// Files whose bytes are known now (generated assets, images next to lessons).
    pub files: Vec<BinaryFile>,
}

pub struct Ctx<'a> {
    pub course: &'a Course,
    pub index: &'a SiteIndex,
    pub locale: &'static Locale,
    pub labels: Labels,
    pub t: Value,
    pub texts: &'a TextCache,
    /// `SiteIndex::fingerprint`: texts' links depend on where every file is written.
    pub index_print: u64,
    /// The competency page's data, also on the progress page: made once per build.
    framework_json: std::sync::OnceLock<String>,
}

/// Quiz and case texts rendered to HTML, kept between builds: the same text always gives the
/// same HTML (for one language), and a rebuild after a one-lesson edit re-renders none of them.
#[derive(Debug, Default)]
pub struct TextCache {
    entries: std::sync::Mutex<TextEntries>,
    /// Quiz bank values by a hash of the bank's file (see `quizzes::quiz_value`).
    quizzes: std::sync::Mutex<std::collections::HashMap<u64, Value>>,
}

impl TextCache {
    /// Empties the rendered texts unless they were made with these labels and link targets.
    fn keep_if_made_for(&self, labels: Labels, index_print: u64) {
        if let Ok(mut guard) = self.entries.lock() {
            let made_for = Some((labels, index_print));
            if guard.0 != made_for {
                *guard = (made_for, Default::default());
            }
        }
    }

    fn quiz(&self, key: u64) -> Option<Value> {
        self.quizzes.lock().ok()?.get(&key).cloned()
    }

    fn put_quiz(&self, key: u64, value: Value) {
        if let Ok(mut q) = self.quizzes.lock() {
            q.insert(key, value);
        }
    }
}

/// What the texts were rendered for (labels, and the link targets' fingerprint), and
/// (text, inline) → HTML.
type TextEntries = (
    Option<(Labels, u64)>,
    std::collections::HashMap<(String, bool), String>,
);

impl<'a> Ctx<'a> {
    /// The variables every page gets (see docs/theme.md).
    pub fn base(&self, path: &str, kind: &str, title: &str) -> Map<String, Value> {
        let cfg = &self.course.config.data;
        let url = |to: &str| relative_url(path, to);
        let mut m = Map::new();
        m.insert("lang".into(), json!(self.locale.code));
        m.insert("root".into(), json!(root_prefix(path)));
        m.insert(
            "course".into(),
            json!({
                "id": cfg.id,
                "title": cfg.title,
                "description": cfg.description.clone().unwrap_or_default(),
                "language": self.locale.code,
                "default_role": cfg.default_role.clone().unwrap_or_default(),
            }),
        );
        m.insert(
            "page".into(),
            json!({ "kind": kind, "title": title, "path": path }),
        );
        m.insert("breadcrumbs".into(), json!([]));
        m.insert(
            "footer_pages".into(),
            Value::Array(
                self.course
                    .pages
                    .iter()
                    .map(|p| json!({"title": p.front.title, "url": url(&paths::page(&p.id))}))
                    .collect(),
            ),
        );
        m.insert(
            "nav".into(),
            json!({
                "home_url": url(paths::HOME),
                "cases_url": url(paths::CASES),
                "competencies_url": url(paths::COMPETENCIES),
                "progress_url": url(paths::PROGRESS),
                "search_url": url(paths::SEARCH),
            }),
        );
        if let Some(base) = &cfg.base_url {
            m.insert("canonical_url".into(), json!(absolute_url(base, path)));
        }
        languages::variables(self, &mut m, path);
        m
    }

    /// Sets a page's breadcrumbs: the home page, then `trail` (title, target path) in order.
    pub fn breadcrumbs(&self, m: &mut Map<String, Value>, path: &str, trail: &[(&str, &str)]) {
        let home = self.locale.t("home");
        let crumbs = std::iter::once((home.as_str(), paths::HOME))
            .chain(trail.iter().copied())
            .map(|(title, to)| json!({"title": title, "url": relative_url(path, to)}))
            .collect();
        m.insert("breadcrumbs".into(), Value::Array(crumbs));
    }

    /// Markdown body with links resolved for the page at `path` and embeds left as placeholders.
    pub fn doc_html(&self, doc: &Doc, path: &str) -> String {
        let links = &doc.rendered.links;
        markdown::finish(
            &doc.html(&self.labels),
            |i| {
                let dest = &links[i].dest;
                match self.index.resolve(&doc.file, dest) {
                    Ok(Resolved::Internal { output, anchor }) => {
                        let mut u = if output == path && anchor.is_some() {
                            String::new()
                        } else {
                            relative_url(path, &output)
                        };
                        if let Some(a) = anchor {
                            if !a.is_empty() {
                                u.push('#');
                                u.push_str(&a);
                            }
                        }
                        crate::html::escape_url(&u)
                    }
                    // Validation has already reported anything else; external links stay.
                    _ => crate::html::escape_url(dest),
                }
            },
            // Embeds are filled in by the render stage.
            |i| format!("\u{1}E{i}\u{1}"),
        )
    }

    /// Quiz, case or competency text: sanitised Markdown, rendered once for every page it
    /// appears on. A link to a course file (written from `content/`, `/modules/…`) points at
    /// the site root through [`links::ROOT_MARK`], which each page fills in.
    /// (The cache is emptied by `build_site` when what the texts depend on changed.)
    pub fn text_html(&self, text: &str, inline: bool) -> String {
        let key = (text.to_string(), inline);
        if let Some(html) = self
            .texts
            .entries
            .lock()
            .ok()
            .and_then(|g| g.1.get(&key).cloned())
        {
            return html;
        }
        let html = self.render_text(text, inline);
        if let Ok(mut guard) = self.texts.entries.lock() {
            guard.1.insert(key, html.clone());
        }
        html
    }

    fn render_text(&self, text: &str, inline: bool) -> String {
        // YAML folds a line break into a space, which Chinese text must not have.
        let text = &crate::cjk::join_spaces(text);
        let r = if inline {
            markdown::render_inline(text, markdown::Trust::Sanitised, &self.labels)
        } else {
            markdown::render(text, markdown::Trust::Sanitised, &self.labels)
        };
        markdown::finish(
            &r.html,
            |i| {
                let dest = &r.links[i].dest;
                let rooted = dest.starts_with('/') && !dest.starts_with("//");
                match self.index.resolve("content/", dest) {
                    Ok(Resolved::Internal { output, anchor }) if rooted => {
                        let mut u = format!("{}{output}", crate::links::ROOT_MARK);
                        if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                            u.push('#');
                            u.push_str(&a);
                        }
                        crate::html::escape_url(&u)
                    }
                    // External, or reported by validation (`validate::text_links`).
                    _ => crate::html::escape_url(dest),
                }
            },
            |_| String::new(),
        )
    }

    pub fn framework_json(&self) -> String {
        self.framework_json
            .get_or_init(|| {
                let data = framework::data(self, &framework::default_role(self));
                crate::html::script_json(&data)
            })
            .clone()
    }

    pub fn competency_refs(&self, ids: &[String]) -> Value {
        let fw = self.course.framework.as_ref().map(|f| &f.data);
        Value::Array(
            ids.iter()
                .map(|id| {
                    let name = fw
                        .and_then(|f| f.competencies.iter().find(|c| &c.id == id))
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| id.clone());
                    json!({"id": id, "name": name})
                })
                .collect(),
        )
    }

    /// Embeds of a document, as partials, in placeholder order.
    fn embeds(&self, doc: &Doc, path: &str) -> Vec<Partial> {
        doc.rendered
            .embeds
            .iter()
            .map(|e| {
                let id = e.args.get("id").map(String::as_str).unwrap_or("");
                match e.name.as_str() {
                    "quiz" => {
                        let pick = e.args.get("pick").and_then(|p| p.parse().ok());
                        quizzes::embed(self, id, pick, path)
                    }
                    _ => cases::card_partial(self, id, path),
                }
            })
            .collect()
    }
}

fn absolute_url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base}/{path}")
}

fn module_title<'a>(course: &'a Course, id: &str) -> Option<&'a Module> {
    course.modules.iter().find(|m| m.id == id)
}

/// Lays out the whole site.
pub fn build_site<'a>(course: &'a Course, index: &'a SiteIndex, texts: &'a TextCache) -> Site<'a> {
    let locale = Locale::for_language(course.config.data.language.as_deref());
    let index_print = index.fingerprint();
    texts.keep_if_made_for(locale.labels(), index_print);
    let ctx = Ctx {
        index_print,
        framework_json: std::sync::OnceLock::new(),
        texts,
        course,
        index,
        locale,
        labels: locale.labels(),
        t: serde_json::to_value(&locale.strings).unwrap_or(Value::Null),
    };
    let mut pages = Vec::new();
    let mut lazy = Vec::new();
    let order = ReadingOrder::new(nav::reading_order(course));
    home(&ctx, &order, &mut pages);
    modules(&ctx, &mut lazy);
    cases::pages(&ctx, &mut pages);
    lazy.extend((0..course.quizzes.len()).map(LazyPage::Quiz));
    framework::add_page(&ctx, &mut pages);
    simple_pages(&ctx, &mut pages);

    let mut files = vec![
        BinaryFile {
            path: "assets/strings.js".into(),
            bytes: format!(
                "/* Generated by skillpress: interface strings for the scripts, in the course's language. */\nwindow.skillpressStrings = {};\n",
                crate::html::script_json(&locale.strings)
            )
            .into_bytes(),
        },
        BinaryFile {
            path: "assets/nav.js".into(),
            bytes: nav::nav_js(course).into_bytes(),
        },
        BinaryFile {
            path: "assets/highlight.css".into(),
            bytes: crate::highlight::stylesheet(
                course
                    .config
                    .data
                    .highlight_theme
                    .as_deref()
                    .unwrap_or(crate::highlight::DEFAULT_THEME),
            )
            .into_bytes(),
        },
    ];
    for m in &course.modules {
        for a in &m.assets {
            files.push(BinaryFile {
                path: paths::module_asset(&m.id, &m.folder, &a.path),
                bytes: a.bytes.clone(),
            });
        }
    }
    let t = ctx.t.clone();
    // Everything a lesson page takes from outside its module: course settings, competency
    // names, free pages (footer), where every file is written (links), and the language.
    let shared = {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(format!("{:?}", course.config.data).as_bytes());
        if let Some(fw) = &course.framework {
            for c in &fw.data.competencies {
                h.update(c.id.as_bytes());
                h.update(c.name.as_bytes());
            }
        }
        for p in &course.pages {
            h.update(format!("{}|{:?}", p.id, p.front.title).as_bytes());
        }
        h.update(&index_print.to_le_bytes());
        h.update(locale.code.as_bytes());
        h.digest()
    };
    let lazy_pages = LazyPages { ctx, order, shared };
    if let Some(base) = &course.config.data.base_url {
        let all = pages
            .iter()
            .map(|p| p.path.clone())
            .chain(lazy.iter().map(|r| lazy_pages.path(r)));
        files.push(BinaryFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(base, all).into_bytes(),
        });
    }
    Site {
        t,
        pages,
        lazy,
        lazy_pages,
        files,
    }
}

fn sitemap(base: &str, pages: impl Iterator<Item = String>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<String> = pages.filter(|p| p != paths::NOT_FOUND).collect();
    paths.sort();
    for p in &paths {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::html::escape(&absolute_url(base, p))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

fn page(path: String, template: &'static str, context: Map<String, Value>) -> PageJob {
    PageJob {
        path,
        template,
        context: Value::Object(context),
        slots: Vec::new(),
        embeds: Vec::new(),
    }
}

fn home(ctx: &Ctx, order: &ReadingOrder, pages: &mut Vec<PageJob>) {
    let course = ctx.course;
    let path = paths::HOME;
    let title = course.config.data.title.clone();
    let mut m = ctx.base(path, "home", &title);
    let (intro, embeds) = match &course.home {
        Some(h) => (ctx.doc_html(&h.doc, path), ctx.embeds(&h.doc, path)),
        None => (String::new(), Vec::new()),
    };
    m.insert("intro_html".into(), json!(intro));
    m.insert(
        "modules".into(),
        Value::Array(
            course
                .modules
                .iter()
                .map(|md| {
                    json!({
                        "id": md.id,
                        "title": md.front.title,
                        "summary": md.front.summary.clone().unwrap_or_default(),
                        "url": relative_url(path, &paths::module(&md.id)),
                        "duration": md.front.duration,
                        "lesson_count": md.lessons.len(),
                        "competencies": ctx.competency_refs(&md.front.competencies),
                    })
                })
                .collect(),
        ),
    );
    m.insert("case_count".into(), json!(course.cases.len()));
    if let Some(fa) = final_assessment(ctx, path) {
        m.insert("final_assessment".into(), fa);
    }
    if let Some(first) = order.first_after_home() {
        m.insert(
            "next".into(),
            json!({"title": first.1, "url": relative_url(path, &first.0)}),
        );
    }
    let mut job = page(path.to_string(), "index.html", m);
    job.embeds = embeds;
    pages.push(job);
}

pub fn final_assessment(ctx: &Ctx, from: &str) -> Option<Value> {
    let a = ctx.course.config.data.assessment.as_ref()?;
    let quiz = ctx.course.quiz(&a.quiz)?;
    Some(json!({
        "id": quiz.id,
        "title": quiz.data.title,
        "url": relative_url(from, &paths::quiz(&quiz.id)),
        "certificate_url": if a.certificate { relative_url(from, paths::CERTIFICATE) } else { String::new() },
    }))
}

/// The reading order with each page's place in it, so previous/next cost no search.
pub struct ReadingOrder {
    entries: Vec<(String, String)>,
    position: std::collections::HashMap<String, usize>,
}

impl ReadingOrder {
    fn new(entries: Vec<(String, String)>) -> Self {
        let position = entries
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.clone(), i))
            .collect();
        ReadingOrder { entries, position }
    }

    pub fn first_after_home(&self) -> Option<&(String, String)> {
        self.entries.get(1)
    }
}

fn prev_next(m: &mut Map<String, Value>, order: &ReadingOrder, path: &str) {
    let (order, at) = (&order.entries, order.position.get(path).copied());
    if let Some(i) = at {
        if i > 0 {
            let (p, t) = &order[i - 1];
            m.insert(
                "prev".into(),
                json!({"title": t, "url": relative_url(path, p)}),
            );
        }
        if let Some((p, t)) = order.get(i + 1) {
            m.insert(
                "next".into(),
                json!({"title": t, "url": relative_url(path, p)}),
            );
        }
    }
}

/// The module pages, their lessons and module checks, in course order, as pages made later.
fn modules(ctx: &Ctx, lazy: &mut Vec<LazyPage>) {
    for (mi, md) in ctx.course.modules.iter().enumerate() {
        lazy.push(LazyPage::Module(mi));
        for lesson in 0..md.lessons.len() {
            lazy.push(LazyPage::Lesson { module: mi, lesson });
        }
        let quiz = md.front.quiz.as_ref();
        if let Some(q) = quiz.and_then(|q| ctx.course.quizzes.iter().position(|x| &x.id == q)) {
            lazy.push(LazyPage::Check {
                module: mi,
                quiz: q,
            });
        }
    }
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
        "prerequisites": md.front.prerequisites.iter().filter_map(|p| module_title(course, p)).map(|p| json!({
            "id": p.id, "title": p.front.title, "url": relative_url(&path, &paths::module(&p.id)),
        })).collect::<Vec<_>>(),
        "competencies": ctx.competency_refs(&md.front.competencies),
        "body_html": ctx.doc_html(&md.doc, &path),
        "lessons": md.lessons.iter().map(|l| json!({
            "id": l.id, "title": l.front.title, "duration": l.front.duration,
            "url": relative_url(&path, &paths::lesson(&md.id, &l.id)),
        })).collect::<Vec<_>>(),
        "check": check,
    });
    m.insert("module".into(), module_value);
    let mut job = page(path.clone(), "module.html", m);
    job.embeds = ctx.embeds(&md.doc, &path);
    job
}

/// A page made when it is rendered, on whichever core renders it: modules, lessons and quizzes
/// are most of a course's pages, and building every context up front would hold them all in
/// memory at once (and build them on one core).
#[derive(Debug, Clone, Copy)]
pub enum LazyPage {
    Module(usize),
    Lesson {
        module: usize,
        lesson: usize,
    },
    /// A module's check page (its `quiz`).
    Check {
        module: usize,
        quiz: usize,
    },
    Quiz(usize),
}

/// Makes pages on demand (see `LazyPage`).
pub struct LazyPages<'a> {
    ctx: Ctx<'a>,
    order: ReadingOrder,
    /// A hash of everything every lesson page shares (see `key`).
    shared: u64,
}

impl LazyPages<'_> {
    pub fn path(&self, r: &LazyPage) -> String {
        let course = self.ctx.course;
        match *r {
            LazyPage::Module(m) => paths::module(&course.modules[m].id),
            LazyPage::Lesson { module, lesson } => {
                let md = &course.modules[module];
                paths::lesson(&md.id, &md.lessons[lesson].id)
            }
            LazyPage::Check { module, .. } => paths::check(&course.modules[module].id),
            LazyPage::Quiz(q) => paths::quiz(&course.quizzes[q].id),
        }
    }

    /// A key of everything a lesson page is made from, or `None` when that cannot be told
    /// cheaply (other pages; a lesson with embeds shows other files' content). The dev server
    /// uses it to skip making and rendering the pages a save did not touch.
    pub fn key(&self, r: &LazyPage) -> Option<u64> {
        let LazyPage::Lesson { module, lesson } = *r else {
            return None;
        };
        let md = &self.ctx.course.modules[module];
        let l = &md.lessons[lesson];
        if !l.doc.rendered.embeds.is_empty() || l.doc.text.is_empty() {
            return None;
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.shared.to_le_bytes());
        h.update(l.doc.text.as_bytes());
        let path = self.path(r);
        let at = self.order.position.get(&path).copied();
        let neighbour = |i: Option<usize>| i.and_then(|i| self.order.entries.get(i));
        let before = at.and_then(|i| i.checked_sub(1));
        let key = format!(
            "{:?}|{:?}|{:?}|{}|{}|{:?}|{}|{:?}",
            neighbour(before),
            neighbour(at.map(|i| i + 1)),
            md.id,
            md.front.title,
            md.lessons.len(),
            md.front.competencies,
            lesson,
            l.front.competencies
        );
        h.update(key.as_bytes());
        Some(h.digest())
    }

    pub fn job(&self, r: &LazyPage) -> PageJob {
        let (ctx, order) = (&self.ctx, &self.order);
        let course = ctx.course;
        match *r {
            LazyPage::Module(m) => module_page(ctx, order, &course.modules[m]),
            LazyPage::Lesson { module, lesson } => self.lesson_job(module, lesson),
            LazyPage::Check { module, quiz } => {
                quizzes::check_page(ctx, &course.modules[module], &course.quizzes[quiz], order)
            }
            LazyPage::Quiz(q) => quizzes::quiz_page(ctx, &course.quizzes[q]),
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
        let comps = l
            .front
            .competencies
            .as_ref()
            .unwrap_or(&md.front.competencies);
        m.insert(
            "lesson".into(),
            json!({
                "id": l.id,
                "title": l.front.title,
                "position": position + 1,
                "duration": l.front.duration,
                "body_html": ctx.doc_html(&l.doc, &lpath),
                "toc": toc(&l.doc),
                "competencies": ctx.competency_refs(comps),
            }),
        );
        let mut job = page(lpath.clone(), "lesson.html", m);
        job.embeds = ctx.embeds(&l.doc, &lpath);
        job
    }
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

fn simple_pages(ctx: &Ctx, pages: &mut Vec<PageJob>) {
    for (path, kind, template, title_key) in [
        (paths::PROGRESS, "progress", "progress.html", "my_progress"),
        (paths::SEARCH, "search", "search.html", "search"),
        (paths::NOT_FOUND, "404", "404.html", "not_found_title"),
    ] {
        let mut m = ctx.base(path, kind, &ctx.locale.t(title_key));
        if kind != "404" {
            ctx.breadcrumbs(&mut m, path, &[]);
        }
        if kind == "progress" {
            // Titles, evidence and modules for the history and the summary (docs/learner.md).
            m.insert("framework_json".into(), json!(ctx.framework_json()));
        }
        pages.push(page(path.to_string(), template, m));
    }
    if let Some(a) = &ctx.course.config.data.assessment {
        if a.certificate {
            let path = paths::CERTIFICATE;
            let mut m = ctx.base(path, "certificate", &ctx.locale.t("certificate"));
            ctx.breadcrumbs(&mut m, path, &[]);
            if let Some(fa) = final_assessment(ctx, path) {
                m.insert("final_assessment".into(), fa);
            }
            pages.push(page(path.to_string(), "certificate.html", m));
        }
    }
    for p in &ctx.course.pages {
        let path = paths::page(&p.id);
        let title = p.front.title.clone().unwrap_or_default();
        let mut m = ctx.base(&path, "page", &title);
        ctx.breadcrumbs(&mut m, &path, &[]);
        m.insert("page_body_html".into(), json!(ctx.doc_html(&p.doc, &path)));
        m.insert("toc".into(), toc(&p.doc));
        let mut job = page(path.clone(), "page.html", m);
        job.embeds = ctx.embeds(&p.doc, &path);
        pages.push(job);
    }
}
