//! The pipeline, end to end: discover → parse → validate → site model → render → write.
//! `check`, `build` and the dev server all go through here.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::discover::{self, Inputs};
use crate::error::Error;
use crate::load::{self, LoadOptions};
use crate::locale::Locale;
use crate::output::{self, WriteReport};
use crate::{assets, paths, render, site, validate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default: `course.yaml`'s `output`, else `public` under the root.
    pub out: Option<PathBuf>,
    /// Overrides `course.yaml`'s `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// The site in memory: output path → bytes, plus what the run noticed.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub files: BTreeMap<String, Vec<u8>>,
    pub page_count: usize,
    pub warnings: Vec<Diagnostic>,
    pub output: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub page_count: usize,
    pub file_count: usize,
    pub write: WriteReport,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Parses and validates: every diagnostic, errors and warnings, sorted.
pub fn check_inputs(inputs: Inputs, opts: &BuildOptions) -> Vec<Diagnostic> {
    let (course, mut diags) = parse(inputs, opts);
    if let Some(course) = &course {
        let index = paths::site_index(course);
        diags.extend(validate::validate(course, &index));
    }
    diags.into_sorted()
}

fn parse(inputs: Inputs, opts: &BuildOptions) -> (Option<load::Course>, Diagnostics) {
    // The language decides the labels the Markdown renderer writes (callout titles), so read it
    // before parsing the rest. A broken course.yaml is reported by `load` itself.
    let language = inputs.course_yaml.as_ref().and_then(|f| {
        crate::yaml::parse::<LanguageOnly>(&f.path, &f.text, 0)
            .ok()
            .and_then(|(l, _)| l.language)
    });
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        labels: Locale::for_language(language.as_deref()).labels(),
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
}

/// Everything up to (not including) writing: pure, from inputs to the site's bytes.
pub fn compile(inputs: Inputs, opts: &BuildOptions) -> Result<Compiled, Error> {
    let user_templates = inputs.templates.clone();
    let (course, mut diags) = parse(inputs, opts);
    let Some(course) = course else {
        return Err(Error::Content(diags.into_sorted()));
    };
    let index = paths::site_index(&course);
    diags.extend(validate::validate(&course, &index));
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    let tera = render::engine(&user_templates).map_err(Error::Content)?;
    let site = site::build_site(&course, &index);
    let rendered =
        render::render_pages(&tera, &site.pages, &user_templates).map_err(Error::Content)?;

    // Theme assets first, the course's static files over them, then what the build made.
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut origin: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in assets::STATIC {
        files.insert(path.to_string(), bytes.to_vec());
    }
    for f in &site.static_files {
        files.insert(f.path.clone(), f.bytes.clone());
        origin.insert(f.path.clone(), format!("static/{}", f.path));
    }
    let mut clashes = Diagnostics::new();
    let mut produce = |path: String, bytes: Vec<u8>, what: &str, clashes: &mut Diagnostics| {
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
            Some(_) => clashes.push(Diagnostic::error(
                path.clone(),
                None,
                "two parts of the course would be written to this path",
            )),
            None => {}
        }
        origin.insert(path.clone(), what.to_string());
        files.insert(path, bytes);
    };
    for f in site.files {
        produce(f.path, f.bytes, "a generated file", &mut clashes);
    }
    let page_count = rendered.len();
    for (path, html) in rendered {
        produce(path, html.into_bytes(), "a page", &mut clashes);
    }
    if clashes.has_errors() {
        return Err(Error::Content(clashes.into_sorted()));
    }
    let warnings = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    Ok(Compiled {
        files,
        page_count,
        warnings,
        output: course.config.data.output.clone(),
    })
}

/// Where the site goes: `--out`, else `course.yaml`'s `output` under the root, else `public`.
pub fn out_dir(opts: &BuildOptions, configured: Option<&str>) -> PathBuf {
    match (&opts.out, configured) {
        (Some(o), _) => o.clone(),
        (None, Some(c)) => opts.root.join(c),
        (None, None) => opts.root.join("public"),
    }
}

/// `skillpress check`.
pub fn check(opts: &BuildOptions) -> Result<Vec<Diagnostic>, Error> {
    let inputs = discover::discover(&opts.root)?;
    let mut diags = check_inputs(inputs.clone(), opts);
    // Template problems are build errors too; `check` reports them without rendering.
    if !diags.iter().any(|d| d.severity == Severity::Error) {
        if let Err(mut t) = render::engine(&inputs.templates) {
            diags.append(&mut t);
        }
    }
    Ok(diags)
}

/// `skillpress build`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let inputs = discover::discover(&opts.root)?;
    let compiled = compile(inputs, opts)?;
    let out = out_dir(opts, compiled.output.as_deref());
    output::check_out_dir(&opts.root, &out)?;
    let write = output::write_site(&out, &compiled.files)?;
    Ok(BuildReport {
        out_dir: out,
        page_count: compiled.page_count,
        file_count: compiled.files.len(),
        write,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
    })
}

/// Root-relative display of a path, for messages.
pub fn display_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
