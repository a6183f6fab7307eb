//! Site model: the validated course laid out as pages. Each page is a template name and a
//! context (pure data); rendering them is the next stage's job. Also produces the generated
//! assets (navigation, highlight stylesheet, sitemap) and the files copied as they are.

mod browser;
mod cases;
mod diagnostic;
mod framework;
mod languages;
mod nav;
mod order;
mod page_list;
mod pages;
mod quizzes;
mod replies;
mod team;
mod text;

use crate::discover::BinaryFile;
use crate::links::{relative_url, root_prefix, SiteIndex};
use crate::load::{Course, Doc};
use crate::locale::Locale;
use crate::markdown::Labels;
use crate::paths;
use order::ReadingOrder;
use serde_json::{json, Map, Value};

pub use page_list::{page_list, PageEntry, PageKind, Subject};
pub use pages::{toc, PageMaker};
pub use text::TextCache;

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
    /// The page's Markdown text, which the render stage renders into the context.
    pub body: Option<Body>,
    /// Rendered first and put into the context under the key (e.g. `quiz_html`).
    pub slots: Vec<(String, Partial)>,
    /// Rendered and put in place of the `{{ quiz(…) }}` / `{{ case(…) }}` placeholders.
    pub embeds: Vec<Partial>,
}

/// A page's Markdown body as the site stage hands it to the render stage: the text, and where
/// each of its links leads from the page (resolved here, where the link index is).
#[derive(Debug, Clone)]
pub struct Body {
    /// Where the HTML goes in the page's context (a key path, e.g. `lesson`, `body_html`).
    pub at: &'static [&'static str],
    pub markdown: String,
    /// Each link's URL, escaped, in the order the Markdown has them.
    pub links: Vec<String>,
}

/// Everything the render and output stages need.
pub struct Site<'a> {
    /// The interface strings, given to every template as `t` by the render stage (kept out of
    /// each page's context: they are the same on every page).
    pub t: Value,
    /// What Markdown bodies are written with (callout titles in the edition's language).
    pub labels: Labels,
    /// Every page (see `page_list`).
    pub pages: &'a [PageEntry],
    /// Makes each page's context when it is rendered (see `PageMaker`).
    pub maker: PageMaker<'a>,
    /// Files whose bytes are known now (generated assets, images next to lessons).
    pub files: Vec<BinaryFile>,
}

pub struct Ctx<'a> {
    pub course: &'a Course,
    /// The resolved course: defaults, inherited competencies, pools (see `resolved`).
    pub model: &'a crate::resolved::Model<'a>,
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

impl<'a> Ctx<'a> {
    fn new(
        model: &'a crate::resolved::Model<'a>,
        index: &'a SiteIndex,
        texts: &'a TextCache,
    ) -> Self {
        let locale = model.locale();
        let index_print = index.fingerprint();
        texts.keep_if_made_for(locale.labels(), index_print);
        Ctx {
            index_print,
            framework_json: std::sync::OnceLock::new(),
            texts,
            course: model.course,
            model,
            index,
            locale,
            labels: locale.labels(),
            t: serde_json::to_value(&locale.strings).unwrap_or(Value::Null),
        }
    }

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
                "has_diagnostic": self.model.diagnostic.is_some(),
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
                // Empty without a framework: the team page comes with it (see `page_list`).
                "team_url": if self.course.framework.is_none() { String::new() } else { url(paths::TEAM) },
                "search_url": url(paths::SEARCH),
                // Empty when the course has no reply templates (no library page).
                "replies_url": if self.course.replies.is_empty() { String::new() } else { url(paths::REPLIES) },
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

    pub fn framework_json(&self) -> String {
        self.framework_json
            .get_or_init(|| crate::html::script_json(&crate::resolved::data::framework(self.model)))
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
                let heading = embed_heading(&doc.rendered.headings, e.offset);
                match e.name.as_str() {
                    "quiz" => {
                        let pick = e.args.get("pick").and_then(|p| p.parse().ok());
                        quizzes::embed(self, id, pick, path, heading)
                    }
                    "reply" => replies::embed(self, id, path, heading),
                    _ => cases::card_partial(self, id, path, heading),
                }
            })
            .collect()
    }
}

/// The level of an embed's title: one below the last heading before it in the text (the page
/// title, an h1, when there is none), so headings never skip a level. At most 5, so a reply's
/// sub-headings one level further down are still HTML headings.
fn embed_heading(headings: &[crate::markdown::Heading], offset: usize) -> u8 {
    let above = headings
        .iter()
        .take_while(|h| h.offset < offset)
        .last()
        .map_or(1, |h| h.level);
    (above + 1).min(5)
}

fn absolute_url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base}/{path}")
}

pub use browser::browser_data;

/// Lays out the whole site.
pub fn build_site<'a>(
    model: &'a crate::resolved::Model<'a>,
    index: &'a SiteIndex,
    texts: &'a TextCache,
    pages: &'a [PageEntry],
) -> Site<'a> {
    let course = model.course;
    let ctx = Ctx::new(model, index, texts);
    let locale = ctx.locale;
    let order = ReadingOrder::new(pages);

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
            bytes: nav::nav_js(model).into_bytes(),
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
    // Everything a lesson or module page takes from outside its module: course settings,
    // competency names, free pages (footer), the pages the navigation links to, the replies that
    // link to lessons (each lesson lists them), the language edition, and the language. Not
    // where every file is written: each page's key has where its own links lead instead, so a
    // new heading re-makes the pages that link to it, not every page.
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
        h.update(
            format!(
                "{}|{}|{}",
                ctx.model.diagnostic.is_some(),
                course.framework.is_some(),
                course.replies.is_empty()
            )
            .as_bytes(),
        );
        for r in &ctx.model.replies {
            h.update(format!("{}|{}", r.id, r.source.data.title).as_bytes());
            for link in &r.lessons {
                h.update(format!("{:?}", index.resolve("content/", link)).as_bytes());
            }
        }
        let e = &course.edition;
        h.update(format!("{}|{:?}|{:?}", e.lang, e.languages, e.site_base_url).as_bytes());
        for source in &e.fallbacks {
            h.update(format!("{source}|{:?}", index.output_of(source)).as_bytes());
        }
        h.update(locale.code.as_bytes());
        h.digest()
    };
    if let Some(base) = &course.config.data.base_url {
        files.push(BinaryFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(base, pages).into_bytes(),
        });
    }
    Site {
        t,
        labels: locale.labels(),
        pages,
        maker: PageMaker {
            ctx,
            order,
            shared,
            outline: Default::default(),
        },
        files,
    }
}

/// Every page but the 404, sorted by path.
fn sitemap(base: &str, pages: &[PageEntry]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = pages
        .iter()
        .filter(|p| p.kind != PageKind::NotFound)
        .map(|p| p.path.as_str())
        .collect();
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
        body: None,
        slots: Vec::new(),
        embeds: Vec::new(),
    }
}
