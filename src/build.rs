//! The pipeline, end to end: discover → parse → validate → site model → render → write.
//! `check`, `build` and the dev server all go through here.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, Inputs};
use crate::error::Error;
use crate::load::{self, LoadOptions};
use crate::locale::Locale;
use crate::output::{self, WriteReport};
use crate::{assets, editions, paths, render, site, validate};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default: `course.yaml`'s `output`, else `public` under the root.
    pub out: Option<PathBuf>,
    /// Overrides `course.yaml`'s `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Where stages and rendered pages are reported (off by default).
    pub progress: crate::progress::Progress,
}

/// The site in memory: output path → bytes, plus what the run noticed.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files produced but not held in memory: taken by the session's staging as they were
    /// made (see `output::Staging`).
    pub streamed: std::collections::BTreeSet<String>,
    pub page_count: usize,
    pub warnings: Vec<Diagnostic>,
    pub output: Option<String>,
    /// The search index: total bytes and number of files (see `search::index`).
    pub search_bytes: usize,
    pub search_files: usize,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub page_count: usize,
    pub file_count: usize,
    pub write: WriteReport,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub search_bytes: usize,
    pub search_files: usize,
}

/// Parses, reusing `cache` when given; a cached parse keeps the HTML it rendered (see
/// `LoadOptions::keep_html`).
fn parse_cached(
    inputs: Inputs,
    opts: &BuildOptions,
    cache: Option<std::sync::Arc<load::ParseCache>>,
    edition: &editions::Edition,
) -> (Option<load::Course>, Diagnostics) {
    // The language decides the labels the Markdown renderer writes (callout titles).
    let language = Some(edition.lang.as_str()).filter(|l| !l.is_empty());
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        labels: Locale::for_language(language).labels(),
        keep_html: cache.is_some(),
        cache,
    };
    let (mut course, diags) = load::load(inputs, &load_opts);
    if let (Some(c), Some(url)) = (&mut course, &opts.base_url) {
        c.config.data.base_url = Some(url.clone());
    }
    (course, diags)
}

#[derive(serde::Deserialize)]
struct LanguageOnly {
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    languages: Option<Vec<String>>,
}

/// What a long-running process (the dev server) keeps between builds so a rebuild redoes only
/// what changed: rendered Markdown, the template engine, and rendered pages by context.
#[derive(Default)]
pub struct Session {
    /// Keep caches between builds (the dev server); a one-off build keeps nothing, so its
    /// memory is not doubled by copies it will never reuse.
    persistent: bool,
    markdown: std::sync::Arc<load::ParseCache>,
    engine: Option<(Vec<(String, String)>, tera::Tera)>,
    pages: render::PageCache,
    texts: site::TextCache,
    /// Where a one-off build puts pages and search files as they are made, so they need not be
    /// kept in memory; committed by `build` once everything succeeded.
    staging: Option<std::sync::Arc<output::Staging>>,
    /// Render every page but keep none (`check`: it reports what a build would, writes nothing).
    discard_pages: bool,
    /// Build the search index after the pages (`finish_search`) rather than with them: the dev
    /// server reloads the pages first and updates the index a moment later.
    defer_search: bool,
    /// The course whose search index is still to be built, and the last index built.
    pending_search: Option<load::Course>,
    search_files: Vec<crate::discover::BinaryFile>,
    /// The sessions of the other language editions, by language.
    editions: BTreeMap<String, Session>,
}

/// Builds the search index a deferred build left out; returns its files (written by the caller).
pub fn finish_search(session: &mut Session) -> Option<Vec<crate::discover::BinaryFile>> {
    let course = session.pending_search.take()?;
    let index = crate::search::course_index(&course, &mut Some);
    session.search_files = index.files.clone();
    Some(index.files)
}

impl Session {
    /// The session of another language edition: the same settings, its own caches (its pages
    /// share their paths with the default edition's). Its search index is built with its pages.
    fn edition(&mut self, lang: &str) -> &mut Session {
        let (persistent, staging, discard_pages) =
            (self.persistent, self.staging.clone(), self.discard_pages);
        self.editions
            .entry(lang.to_string())
            .or_insert_with(|| Session {
                persistent,
                staging,
                discard_pages,
                ..Session::default()
            })
    }

    /// Where each language edition built so far is written: `""`, then `zh-CN/`… (the dev server
    /// copies a changed static file into each).
    pub fn edition_prefixes(&self) -> Vec<String> {
        std::iter::once(String::new())
            .chain(self.editions.keys().map(|lang| format!("{lang}/")))
            .collect()
    }

    /// A session for a process that rebuilds many times.
    pub fn persistent() -> Session {
        Session {
            persistent: true,
            defer_search: true,
            ..Session::default()
        }
    }
}

/// Prints how long each stage took when `SKILLPRESS_TIMINGS` is set (for profiling).
struct Stopwatch {
    on: bool,
    last: Instant,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch {
            on: std::env::var_os("SKILLPRESS_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            // Resident memory after the stage (Linux), to see which stage holds what.
            let rss = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .map(|pages| format!("{:>6} MiB", pages * 4096 / (1024 * 1024)))
                .unwrap_or_default();
            let ms = self.last.elapsed().as_secs_f64() * 1000.0;
            eprintln!("timing: {stage:<10} {ms:>8.1} ms {rss}");
        }
        self.last = Instant::now();
    }
}

/// Everything up to (not including) writing: pure, from inputs to the site's bytes.
pub fn compile(inputs: Inputs, opts: &BuildOptions) -> Result<Compiled, Error> {
    compile_with(inputs, opts, &mut Session::default())
}

/// `compile`, reusing and refreshing what `session` kept from the previous build. A course in
/// several languages is checked edition by edition, the translations against their sources,
/// and each edition is built under its prefix (see `editions`).
pub fn compile_with(
    inputs: Inputs,
    opts: &BuildOptions,
    session: &mut Session,
) -> Result<Compiled, Error> {
    let mut clock = Stopwatch::new();
    opts.progress.stage("Checking the course", 0);
    let user_templates = inputs.templates.clone();
    let languages = declared_languages(&inputs);
    let (editions, problems) = editions::split(inputs, &languages);
    let mut diags = Diagnostics::new();
    for p in problems {
        diags.push(p);
    }
    let mut checked = Vec::new();
    for (mut edition, inputs) in editions {
        let cache = session.persistent.then(|| session.markdown.clone());
        let (course, parse_diags) = parse_cached(inputs, opts, cache, &edition);
        diags.extend(parse_diags);
        let Some(mut course) = course else {
            // Without its course.yaml no edition can be checked further.
            return Err(Error::Content(diags.into_sorted()));
        };
        let index = paths::site_index(&course);
        diags.extend(validate::validate(&course, &index));
        if !edition.lang.is_empty() {
            course.config.data.language = Some(edition.lang.clone());
        }
        edition.site_base_url = course.config.data.base_url.clone();
        if !edition.is_default() {
            translate_title(&mut course);
            if let Some(base) = &mut course.config.data.base_url {
                *base = format!("{}/{}", base.trim_end_matches('/'), edition.prefix());
            }
        }
        course.edition = edition;
        checked.push((course, index));
    }
    if let Some(((source, source_index), translated)) = checked.split_first_mut() {
        let versions = site::question_versions(source);
        for (course, index) in translated {
            diags.extend(validate::translations::check(source, course));
            diags.extend(validate::translations::check_pages(
                source_index,
                index,
                &course.edition.lang,
            ));
            course.edition.question_versions = versions.clone();
        }
    }
    clock.lap("validate");
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    let mut all: Option<Compiled> = None;
    for (i, (course, index)) in checked.into_iter().enumerate() {
        let prefix = course.edition.prefix();
        let edition_session = if i == 0 {
            &mut *session
        } else {
            session.edition(&course.edition.lang)
        };
        let compiled = render_edition(
            course,
            index,
            &diags,
            opts,
            edition_session,
            &user_templates,
            &mut clock,
        )?;
        all = Some(match all {
            None => compiled,
            Some(mut merged) => {
                merged.page_count += compiled.page_count;
                merged.search_bytes += compiled.search_bytes;
                merged.search_files += compiled.search_files;
                merged.files.extend(
                    compiled
                        .files
                        .into_iter()
                        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes)),
                );
                merged.streamed.extend(compiled.streamed);
                merged
            }
        });
    }
    Ok(all.expect("there is always a default edition"))
}

/// A translated edition's course title is its home page's title (`course.yaml` is shared and
/// holds the default language's).
fn translate_title(course: &mut load::Course) {
    let home = course
        .home
        .as_ref()
        .filter(|h| editions::split_suffix(&h.doc.file).is_some());
    if let Some(title) = home.and_then(|h| h.front.title.clone()) {
        course.config.data.title = title;
    }
}

/// The languages `course.yaml` declares, read on their own (a broken course.yaml is reported
/// by `load`).
fn declared_languages(inputs: &Inputs) -> Vec<String> {
    let read = inputs.course_yaml.as_ref().and_then(|f| {
        crate::yaml::parse::<LanguageOnly>(&f.path, &f.text, 0)
            .ok()
            .map(|(l, _)| l)
    });
    match read {
        Some(l) => editions::declared(l.language.as_deref(), l.languages.as_deref()),
        None => Vec::new(),
    }
}

/// Renders one checked edition: its pages, search index and assets, at paths relative to the
/// edition's root (the caller adds the prefix; the staging gets prefixed paths directly).
fn render_edition(
    mut course: load::Course,
    index: crate::links::SiteIndex,
    diags: &Diagnostics,
    opts: &BuildOptions,
    session: &mut Session,
    user_templates: &[crate::source::SourceFile],
    clock: &mut Stopwatch,
) -> Result<Compiled, Error> {
    let prefix = course.edition.prefix();
    let diags = diags.clone();
    if !session.persistent {
        course.forget_sources();
    }
    let key: Vec<(String, String)> = user_templates
        .iter()
        .map(|t| (t.path.clone(), t.text.to_string()))
        .collect();
    if session.engine.as_ref().is_none_or(|(k, _)| *k != key) {
        let tera = render::engine(user_templates).map_err(|t| with_warnings(&diags, t))?;
        session.engine = Some((key, tera));
        session.pages = render::PageCache::default();
    }
    let tera = &session.engine.as_ref().expect("engine set above").1;
    let site = site::build_site(&course, &index, &session.texts);
    clock.lap("site");
    let staging = session.staging.clone();
    let discard_pages = session.discard_pages;
    opts.progress
        .stage("Rendering pages", site.pages.len() + site.lazy.len());
    // Sees every page as it is made (for the progress line); takes it when there is a staging
    // to put it in or nothing is to be kept.
    let take = |rel: &str, bytes: &[u8]| {
        opts.progress.tick();
        match &staging {
            Some(s) => {
                s.put(&format!("{prefix}{rel}"), bytes);
                true
            }
            None => discard_pages,
        }
    };
    let sink = Some(&take);
    let (defer_search, previous_search) = (session.defer_search, session.search_files.clone());
    // The search index is independent of the pages: build it while they render.
    let (rendered, search) = rayon::join(
        || {
            render::render_pages(
                tera,
                &site.t,
                site.pages,
                (&site.lazy, &|r| site.lazy_pages.job(r), &|r| {
                    (site.lazy_pages.path(r), site.lazy_pages.key(r))
                }),
                user_templates,
                session.persistent.then_some(&mut session.pages),
                sink.map(|f| f as render::Sink),
            )
        },
        || {
            let mut streamed = Vec::new();
            if defer_search {
                // The last index stands in until `finish_search` replaces it.
                let previous = crate::search::SearchIndex {
                    bytes: previous_search.iter().map(|f| f.bytes.len()).sum(),
                    file_count: previous_search.len(),
                    files: previous_search,
                    sections: 0,
                    tokens: 0,
                };
                return (previous, streamed);
            }
            let mut emit = |f: crate::discover::BinaryFile| {
                if let Some(s) = &staging {
                    s.put(&format!("{prefix}{}", f.path), &f.bytes);
                } else if !discard_pages {
                    return Some(f);
                }
                streamed.push(f.path);
                None
            };
            let index = crate::search::course_index(&course, &mut emit);
            (index, streamed)
        },
    );
    let rendered = rendered.map_err(|e| with_warnings(&diags, e))?;
    clock.lap("render");
    // Theme assets first, the course's static files over them, then what the build made.
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut origin: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in assets::STATIC {
        files.insert(path.to_string(), bytes.to_vec());
    }
    for f in &course.static_files {
        files.insert(f.path.clone(), f.bytes.clone());
        origin.insert(f.path.clone(), format!("static/{}", f.path));
    }
    let mut clashes = Diagnostics::new();
    // Every file the build makes claims its path, whether its bytes are here or were streamed
    // to the staging (`None`): two files on one path is an error, found before anything is
    // put in place.
    let mut produce = |path: String,
                       bytes: Option<Vec<u8>>,
                       what: &str,
                       clashes: &mut Diagnostics| {
        match origin.get(&path) {
            Some(source) if source.starts_with("static/") => clashes.push(
                Diagnostic::error(
                    source.clone(),
                    None,
                    format!("`{path}` is also written by the build ({what})"),
                )
                .with_help("rename or move the static file"),
            ),
            // Validation gives every page a unique path; this guards the invariant.
            Some(_) => clashes.push(
                Diagnostic::error(
                    path.clone(),
                    None,
                    "two parts of the course would be written to this path",
                )
                .with_help(
                    "a file in a module folder has the name of a page skillpress makes there; rename it",
                ),
            ),
            None => {}
        }
        origin.insert(path.clone(), what.to_string());
        if let Some(bytes) = bytes {
            files.insert(path, bytes);
        }
    };
    let (search, search_streamed) = search;
    let (search_bytes, search_files) = (search.total_bytes(), search.file_count);
    for f in site.files.into_iter().chain(search.files) {
        produce(f.path, Some(f.bytes), "a generated file", &mut clashes);
    }
    for path in search_streamed {
        produce(path, None, "a generated file", &mut clashes);
    }
    let page_count = rendered.len();
    for (path, html) in rendered {
        produce(path, html.map(String::into_bytes), "a page", &mut clashes);
    }
    let streamed = staging.map(|s| s.paths()).unwrap_or_default();
    if clashes.has_errors() {
        return Err(with_warnings(&diags, clashes.into_sorted()));
    }
    clock.lap("assemble");
    let warnings = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let output = course.config.data.output.clone();
    if session.defer_search {
        session.pending_search = Some(course);
    }
    Ok(Compiled {
        files,
        streamed,
        page_count,
        warnings,
        output,
        search_bytes,
        search_files,
    })
}

/// A failure found after validation, reported with validation's warnings (they are still true).
fn with_warnings(diags: &Diagnostics, errors: Vec<Diagnostic>) -> Error {
    let mut all = Diagnostics::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Warning) {
        all.push(d.clone());
    }
    for d in errors {
        all.push(d);
    }
    Error::Content(all.into_sorted())
}

/// Where the site goes: `--out`, else `course.yaml`'s `output` under the root, else `public`.
pub fn out_dir(opts: &BuildOptions, configured: Option<&str>) -> PathBuf {
    match (&opts.out, configured) {
        (Some(o), _) => o.clone(),
        (None, Some(c)) => opts.root.join(c),
        (None, None) => opts.root.join("public"),
    }
}

/// `course.yaml`'s `output`, read on its own so a course with errors still has a known output
/// folder (the dev server keeps serving the last good site from it).
pub fn configured_output(inputs: &Inputs) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct OutputOnly {
        #[serde(default)]
        output: Option<String>,
    }
    let f = inputs.course_yaml.as_ref()?;
    crate::yaml::parse::<OutputOnly>(&f.path, &f.text, 0)
        .ok()?
        .0
        .output
}

/// `skillpress check`: everything a build does except writing, so a course that passes also
/// builds (a template that compiles can still fail on a page's data).
pub fn check(opts: &BuildOptions) -> Result<Vec<Diagnostic>, Error> {
    let inputs = discover::discover(&opts.root)?;
    let mut session = Session {
        discard_pages: true,
        ..Session::default()
    };
    match compile_with(inputs, opts, &mut session) {
        Ok(compiled) => Ok(compiled.warnings),
        Err(Error::Content(diags)) => Ok(diags),
        Err(e) => Err(e),
    }
}

/// `skillpress build`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    opts.progress.stage("Reading the course", 0);
    let inputs = discover::discover(&opts.root)?;
    let out = out_dir(opts, configured_output(&inputs).as_deref());
    output::check_out_dir(&opts.root, &out)?;
    // Pages go to the output folder's staging as they render; a failed build drops it,
    // which removes what it wrote (see `output::Staging`).
    let staging = std::sync::Arc::new(output::Staging::new(&out));
    let mut session = Session {
        staging: Some(staging.clone()),
        ..Session::default()
    };
    let compiled = compile_with(inputs, opts, &mut session)?;
    opts.progress.stage("Writing", 0);
    for (rel, bytes) in &compiled.files {
        staging.put(rel, bytes);
    }
    let write = staging.commit(&std::collections::BTreeSet::new())?;
    Ok(BuildReport {
        out_dir: out,
        page_count: compiled.page_count,
        file_count: compiled.files.len() + compiled.streamed.len(),
        write,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        search_bytes: compiled.search_bytes,
        search_files: compiled.search_files,
    })
}
