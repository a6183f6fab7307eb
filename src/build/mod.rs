//! The pipeline, end to end, as the stage calls in order: discover → parse → page list →
//! validate → resolve → site → render (with the search index beside it) → output. `build`,
//! `check`, `export scorm` and the dev server run the same `compile`; they differ only by the
//! output sink they give it (see `output::Sink`) and by what they reuse: the dev server the
//! caches of its session (`serve::Session`), `build` the record of the last build of its output
//! folder (`output::LastBuild`).

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, Inputs};
use crate::error::Error;
use crate::links::SiteIndex;
use crate::load::{self, LoadOptions};
use crate::locale::Locale;
use crate::output::{self, Discard, Overlay, Sink, WriteReport};
use crate::render::Renderer;
use crate::resolved::{self, Model};
use crate::search::WrittenFile;
use crate::serve::Session;
use crate::site::{self, PageEntry};
use crate::source::SourceFile;
use crate::{editions, paths, validate};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod pages;
pub use pages::PageMemory;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default: `course.yaml`'s `output`, else `public` under the root.
    pub out: Option<PathBuf>,
    /// Overrides `course.yaml`'s `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Render every page, ignoring what the last build of the output folder recorded.
    pub fresh: bool,
    /// Where stages and rendered pages are reported (off by default).
    pub progress: crate::progress::Progress,
}

/// What a compile noticed; the files themselves went to the sink.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub page_count: usize,
    /// Pages kept as an earlier build left them, not rendered again.
    pub reused: usize,
    pub file_count: usize,
    pub warnings: Vec<Diagnostic>,
    pub output: Option<String>,
    /// The search index: total bytes and number of files (see `search::index`).
    pub search_bytes: usize,
    pub search_files: usize,
    /// Whether the search index (of every edition) was kept as an earlier build made it
    /// rather than made again.
    pub search_kept: bool,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub page_count: usize,
    /// Pages kept as the last build left them (see `output::LastBuild`).
    pub reused: usize,
    pub file_count: usize,
    pub write: WriteReport,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub search_bytes: usize,
    pub search_files: usize,
    /// Whether every edition's search index was kept as the last build made it.
    pub search_kept: bool,
    /// Why the record of this build could not be saved for the next (which then finds only the
    /// older record, and renders again what this build changed); the build itself succeeded.
    pub cache_error: Option<String>,
}

/// Every file of the site, into `sink`: the whole pipeline after discovery.
pub fn compile(
    inputs: Inputs,
    opts: &BuildOptions,
    session: &mut Session,
    sink: &dyn Sink,
) -> Result<Compiled, Error> {
    compile_inspecting(inputs, opts, session, sink, &mut |_, _| {})
}

/// `compile`, plus what `derive` makes from the resolved model and the page list (the SCORM
/// course table).
pub fn compile_for_export<T>(
    inputs: Inputs,
    opts: &BuildOptions,
    sink: &dyn Sink,
    derive: impl FnOnce(&Model, &[PageEntry]) -> T,
) -> Result<(Compiled, T), Error> {
    let mut derive = Some(derive);
    let mut derived = None;
    let compiled = compile_inspecting(
        inputs,
        opts,
        &mut Session::default(),
        sink,
        &mut |model, pages| {
            if let Some(f) = derive.take() {
                derived = Some(f(model, pages));
            }
        },
    )?;
    let derived = derived.expect("a compiled course was resolved");
    Ok((compiled, derived))
}

/// A course in several languages is checked edition by edition, the translations against
/// their sources, and each edition is built under its prefix (see `editions`), through a sink
/// that adds the prefix. `inspect` sees the default edition.
fn compile_inspecting(
    inputs: Inputs,
    opts: &BuildOptions,
    session: &mut Session,
    sink: &dyn Sink,
    inspect: &mut dyn FnMut(&Model, &[PageEntry]),
) -> Result<Compiled, Error> {
    let mut clock = Stopwatch::new();
    opts.progress.stage("Checking the course", 0);
    let templates = inputs.templates.clone();
    let (checked, diags) = check_editions(inputs, opts, session, &mut clock)?;
    // `build`'s records of the last build, handed to each edition's compile in turn.
    let mut last_build = session.last_build.take();
    let mut total: Option<Compiled> = None;
    for (i, edition) in checked.into_iter().enumerate() {
        let prefix = edition.course.edition.prefix();
        let records = last_build.as_mut().map(|l| l.edition(&prefix));
        let prefixed = output::Prefixed::new(sink, prefix);
        let (edition_session, inspect): (&mut Session, &mut Inspect) = if i == 0 {
            (&mut *session, &mut *inspect)
        } else {
            (
                session.edition(&edition.course.edition.lang),
                &mut |_, _| {},
            )
        };
        let compiled = compile_edition(
            edition,
            &diags,
            opts,
            Reuse {
                session: edition_session,
                records,
            },
            &prefixed,
            &templates,
            inspect,
            &mut clock,
        )?;
        total = Some(match total {
            None => compiled,
            Some(mut sum) => {
                sum.page_count += compiled.page_count;
                sum.reused += compiled.reused;
                sum.file_count += compiled.file_count;
                sum.search_bytes += compiled.search_bytes;
                sum.search_files += compiled.search_files;
                sum.search_kept &= compiled.search_kept;
                sum
            }
        });
    }
    session.last_build = last_build;
    Ok(total.expect("there is always a default edition"))
}

/// Parses and validates every edition, the default first, and checks the translations against
/// their sources; each translated edition gets the default edition's question versions.
/// Errors end it; the warnings come back with the editions.
fn check_editions(
    inputs: Inputs,
    opts: &BuildOptions,
    session: &Session,
    clock: &mut Stopwatch,
) -> Result<(Vec<Checked>, Diagnostics), Error> {
    let languages = declared_languages(&inputs);
    let (editions, problems) = editions::split(inputs, &languages);
    let mut diags = Diagnostics::new();
    for p in problems {
        diags.push(p);
    }
    let mut checked = Vec::new();
    for (edition, inputs) in editions {
        let cache = session.persistent.then(|| session.markdown.clone());
        let (course, parse_diags) = parse_cached(inputs, opts, cache, &edition.lang);
        clock.lap("parse");
        diags.extend(parse_diags);
        let Some(mut course) = course else {
            // Without its course.yaml no edition can be checked further.
            return Err(Error::Content(diags.into_sorted()));
        };
        // Set before the page list, whose entries carry the edition's language.
        course.edition = edition;
        let pages = site::page_list(&course);
        let index = paths::site_index(&course, &pages);
        clock.lap("index");
        diags.extend(validate::validate_with(
            &course,
            &index,
            session.persistent.then_some(&session.validation),
        ));
        clock.lap("validate");
        checked.push(Checked {
            course,
            pages,
            index,
        });
    }
    for c in &mut checked {
        editions::apply_settings(&mut c.course);
    }
    if let Some((source, translated)) = checked.split_first_mut() {
        let versions = resolved::question_versions(&source.course);
        for t in translated {
            diags.extend(validate::translations::check(&source.course, &t.course));
            diags.extend(validate::translations::check_pages(
                &source.index,
                &t.index,
                &t.course.edition.lang,
            ));
            t.course.edition.question_versions = versions.clone();
        }
    }
    clock.lap("editions");
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    Ok((checked, diags))
}

/// What `compile_for_export` derives from the resolved model and the page list.
type Inspect<'a> = dyn FnMut(&Model, &[PageEntry]) + 'a;

/// What one edition's compile reuses: the session's caches (the dev server), or the records of
/// the last `build` of the output folder.
struct Reuse<'a> {
    session: &'a mut Session,
    records: Option<&'a mut output::Records>,
}

/// One language edition, parsed, listed and validated.
struct Checked {
    course: load::Course,
    pages: Vec<PageEntry>,
    index: SiteIndex,
}

/// Resolves, lays out and renders one checked edition into `sink` (already prefixed).
#[allow(clippy::too_many_arguments)]
fn compile_edition(
    checked: Checked,
    diags: &Diagnostics,
    opts: &BuildOptions,
    reuse: Reuse,
    sink: &dyn Sink,
    templates: &[SourceFile],
    inspect: &mut dyn FnMut(&Model, &[PageEntry]),
    clock: &mut Stopwatch,
) -> Result<Compiled, Error> {
    let Checked {
        mut course,
        pages,
        index,
    } = checked;
    let Reuse {
        session,
        mut records,
    } = reuse;
    // Page keys read the sources (see `site::PageMaker::key`); a build that keys no page
    // lets them go.
    if !session.persistent && records.is_none() {
        course.forget_sources();
    }
    let model = resolved::resolve(&course);
    inspect(&model, &pages);
    clock.lap("resolve");
    let persistent = session.persistent;
    // The search index: the dev server's last one stands in until it makes the next; a build
    // keeps the last build's when nothing the index reads has changed (the key is worked out
    // first only when there is a last index to compare with).
    let known_key = records
        .as_deref()
        .filter(|r| r.has_index() && !session.defer_search)
        .map(|_| crate::search::course_key(&course, &pages));
    let previous_search = if session.defer_search {
        Some(session.search_kept.clone())
    } else {
        records
            .as_deref()
            .zip(known_key)
            .and_then(|(r, key)| r.search_if(key))
    };
    session
        .prepare_engine(templates)
        .map_err(|e| with_warnings(diags, e))?;
    let tera = &session.engine.as_ref().expect("prepared above").1;
    let site = site::build_site(&model, &index, &session.texts, &pages);
    clock.lap("site");

    let mut overlay = Overlay::new(&course.static_files, sink);
    opts.progress.stage("Rendering pages", site.pages.len());
    let renderer = Renderer {
        tera,
        t: &site.t,
        labels: &site.labels,
        user: templates,
    };
    // The search index is independent of the pages: built while they render.
    let (rendered, search) = rayon::join(
        || {
            // The record of the last `build` when there is one (`build`, and the dev server's
            // first build), else the dev server's own memory.
            let memory: Option<&mut dyn PageMemory> = match records.as_deref_mut() {
                Some(r) => Some(r),
                None if persistent => Some(&mut session.pages),
                None => None,
            };
            pages::make_pages(&site, &renderer, memory, sink, &opts.progress)
        },
        || search_index(&course, &pages, previous_search, sink),
    );
    let rendered = rendered.map_err(|e| with_warnings(diags, e))?;
    clock.lap("render");
    if let (true, Some(r)) = (persistent, records.as_deref()) {
        // The dev server goes on from here with its own memory, and its sink learns the digests
        // of the pages it kept (so it can tell later whether to write or remove them).
        for (path, page) in r.made() {
            session.pages.remember(path, page.print, page.key, None);
            sink.known(path, page.digest);
        }
    }

    let (search, made_key) = search;
    if let (Some(r), Some(key)) = (records, made_key.or(known_key)) {
        r.remember_search(output::IndexRecord {
            key,
            files: search.clone(),
        });
    }
    for f in site.files {
        overlay.claim(&f.path, "a generated file");
        sink.put(&f.path, f.bytes);
    }
    for f in &search {
        overlay.claim(&f.path, "a generated file");
    }
    for path in &rendered.paths {
        overlay.claim(path, "a page");
    }
    let file_count = overlay.finish().map_err(|e| with_warnings(diags, e))?;
    clock.lap("assemble");
    let warnings = diags
        .clone()
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let output = course.config.data.output.clone();
    if session.defer_search {
        session.pending_search = Some((course, pages));
    }
    Ok(Compiled {
        page_count: rendered.paths.len(),
        reused: rendered.reused,
        file_count,
        warnings,
        output,
        search_bytes: search.iter().map(|f| f.bytes).sum(),
        search_files: search.len(),
        search_kept: made_key.is_none(),
    })
}

/// The search index, each file into `sink` as it is made; its files, and the key of what it
/// indexed (`search::course_key`) when it was made. Given the files of an earlier index
/// (`previous`) it keeps those in the output instead: the dev server's last index stands in
/// until the server makes the next one, and `build` keeps an index nothing changed.
fn search_index(
    course: &load::Course,
    pages: &[PageEntry],
    previous: Option<Vec<WrittenFile>>,
    sink: &dyn Sink,
) -> (Vec<WrittenFile>, Option<u64>) {
    if let Some(files) = previous {
        for f in &files {
            sink.keep(&f.path);
        }
        return (files, None);
    }
    let mut files = Vec::new();
    let (_, key) = crate::search::course_index(course, pages, &mut |f| {
        files.push(WrittenFile::of(&f.path, &f.bytes));
        sink.put(&f.path, f.bytes);
        None
    });
    (files, Some(key))
}

/// Parses, reusing `cache` when given. Bodies are only outlined, with or without a cache: each is
/// rendered to HTML when its page is made, so the dev server does not hold the course's HTML
/// (its pages are made again only when their key changed, see `site::PageMaker::key`).
/// `language` (the edition's) decides the labels the Markdown renderer writes (callout titles);
/// empty for a course that declares none.
fn parse_cached(
    inputs: Inputs,
    opts: &BuildOptions,
    cache: Option<std::sync::Arc<load::ParseCache>>,
    language: &str,
) -> (Option<load::Course>, Diagnostics) {
    let language = Some(language).filter(|l| !l.is_empty());
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        labels: Locale::for_language(language).labels(),
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

/// The languages `course.yaml` declares, read on their own before parsing the rest (a broken
/// course.yaml is reported by `load`).
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

/// The data each page gives the browser (see `site::browser_data`), without rendering a page:
/// for the golden files of the JavaScript tests.
pub fn browser_data(opts: &BuildOptions) -> Result<Vec<EditionData>, Error> {
    let inputs = discover::discover(&opts.root)?;
    let (checked, _) = check_editions(inputs, opts, &Session::default(), &mut Stopwatch::new())?;
    Ok(checked
        .iter()
        .map(|c| {
            let model = crate::resolved::resolve(&c.course);
            EditionData {
                lang: c.course.edition.lang.clone(),
                prefix: c.course.edition.prefix(),
                data: site::browser_data(&model, &c.index),
            }
        })
        .collect())
}

/// One edition's browser data (see `browser_data`).
pub struct EditionData {
    /// The edition's language; empty for a course that declares none.
    pub lang: String,
    /// The folder the edition is written to (empty for the default edition).
    pub prefix: String,
    /// (name, JSON): `quiz-<id>`, `case-<id>`, `framework`, `nav`.
    pub data: Vec<(String, String)>,
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
    // A killed build's leftovers beside the site are removed by every command (see
    // `output::Staging`); `check` reads no output, so a failure here stops nothing.
    let out = out_dir(opts, configured_output(&inputs).as_deref());
    if output::check_out_dir(&opts.root, &out).is_ok() {
        let _ = output::recover(&out);
    }
    match compile(inputs, opts, &mut Session::default(), &Discard) {
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
    // Files go to the output folder's staging as they are made; a failed build drops it,
    // which removes what it wrote (see `output::Staging`).
    let staging = output::Staging::new(&out);
    // What the last build of this folder made: its unchanged pages are kept, not rendered.
    let last_build = output::LastBuild::load(&out, &inputs.templates, opts.drafts, opts.fresh);
    let mut session = Session {
        last_build: Some(last_build),
        ..Session::default()
    };
    let compiled = compile(inputs, opts, &mut session, &staging)?;
    opts.progress.stage("Writing", 0);
    let write = staging.commit(&std::collections::BTreeSet::new())?;
    let cache_error = session
        .last_build
        .and_then(|l| l.save().err())
        .map(|e| e.to_string());
    Ok(BuildReport {
        out_dir: out,
        page_count: compiled.page_count,
        reused: compiled.reused,
        file_count: compiled.file_count,
        write,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        search_bytes: compiled.search_bytes,
        search_files: compiled.search_files,
        search_kept: compiled.search_kept,
        cache_error,
    })
}
