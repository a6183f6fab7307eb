//! Render stage: the theme's templates (built-in, overridden file by file by the course's own)
//! applied to every page of the site model, on every core.

use crate::assets;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::site::{PageJob, Partial};
use crate::source::SourceFile;
use rayon::prelude::*;
use serde_json::Value;
use std::error::Error as _;
use tera::{Context, Tera};
use xxhash_rust::xxh3::Xxh3;

/// Builds the template engine: built-in templates, with the course's templates of the same name
/// in their place.
pub fn engine(user: &[SourceFile]) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    let mut list: Vec<(String, String)> = assets::TEMPLATES
        .iter()
        .filter(|(name, _)| !user.iter().any(|u| u.path == *name))
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    list.extend(user.iter().map(|u| (u.path.clone(), u.text.to_string())));
    // Parse one by one first so a broken template names its own file.
    let mut diags = Vec::new();
    for (name, text) in &list {
        if let Err(e) = tera::Template::new(name, None, text) {
            diags.push(template_error(name, user, &e, None));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(list.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
        let name = list.first().map(|(n, _)| n.clone()).unwrap_or_default();
        return Err(vec![template_error(&name, user, &e, None)]);
    }
    Ok(tera)
}

fn template_file(name: &str, user: &[SourceFile]) -> String {
    if user.iter().any(|u| u.path == name) {
        format!("templates/{name}")
    } else {
        format!("(built-in theme) templates/{name}")
    }
}

/// Tera's top message is often "Failed to render 'x'"; the cause further down says why.
fn template_error(
    name: &str,
    user: &[SourceFile],
    e: &tera::Error,
    page: Option<&str>,
) -> Diagnostic {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let detail = parts
        .iter()
        .map(|p| p.trim().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(": ");
    let message = match page {
        Some(p) => format!("cannot render `{p}`: {detail}"),
        None => format!("cannot read the template: {detail}"),
    };
    // Tera's parse errors carry ` --> line:col`; use it for the location.
    let pos = detail.find("--> ").and_then(|i| {
        let rest = &detail[i + 4..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':'))
            .unwrap_or(rest.len());
        let (l, c) = rest[..end].split_once(':')?;
        Some(crate::diagnostics::Pos::new(
            l.parse().ok()?,
            c.parse().ok()?,
        ))
    });
    let message = match detail.find("= ") {
        Some(i) if pos.is_some() => format!("cannot read the template: {}", detail[i + 2..].trim()),
        _ => message,
    };
    Diagnostic::error(template_file(name, user), pos, message)
        .with_help("fix the template, or delete it to use the built-in one")
}

/// A page's context with `t` added (taken, not copied: a page's context holds its whole body).
fn page_context(t: &Value, mut page: Value) -> Result<Context, tera::Error> {
    if let Some(m) = page.as_object_mut() {
        m.insert("t".to_string(), t.clone());
    }
    Context::from_value(page)
}

/// A partial's context (docs/theme.md): the page's `root` and `lang`, `t`, and its own variables.
fn partial_context(t: &Value, page: &Value, partial: &Partial) -> Result<Context, tera::Error> {
    let mut m = serde_json::Map::new();
    for key in ["root", "lang"] {
        if let Some(v) = page.get(key) {
            m.insert(key.to_string(), v.clone());
        }
    }
    m.insert("t".to_string(), t.clone());
    if let Some(extra) = partial.context.as_object() {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    Context::from_value(Value::Object(m))
}

/// Renders one page (its slots and embeds first); consumes the job, whose context becomes the
/// template's.
fn render_page(
    tera: &Tera,
    t: &Value,
    job: PageJob,
    user: &[SourceFile],
) -> Result<(String, String), Diagnostic> {
    let PageJob {
        path,
        template,
        mut context,
        slots,
        embeds: embed_jobs,
    } = job;
    let fail = |template: &str, e: tera::Error| template_error(template, user, &e, Some(&path));
    let render_partial = |partial: &Partial, page: &Value| {
        partial_context(t, page, partial)
            .and_then(|ctx| tera.render(partial.template, &ctx))
            .map_err(|e| fail(partial.template, e))
    };
    for (key, partial) in &slots {
        let html = render_partial(partial, &context)?;
        if let Some(m) = context.as_object_mut() {
            m.insert(key.clone(), Value::String(html));
        }
    }
    let mut embeds = Vec::with_capacity(embed_jobs.len());
    for partial in &embed_jobs {
        embeds.push(render_partial(partial, &context)?);
    }
    let html = page_context(t, context)
        .and_then(|ctx| tera.render(template, &ctx))
        .map_err(|e| fail(template, e))?;
    let html = if embeds.is_empty() {
        html
    } else {
        markdown::finish(
            &html,
            |_| String::new(),
            |i| embeds.get(i).cloned().unwrap_or_default(),
        )
    };
    let html = crate::links::fill_root(html, &path);
    Ok((path, html))
}

/// What a long-running process remembers of the pages it made (the dev server's
/// `serve::PageCache`): not their HTML, which the output sink already holds, but what each was
/// made from, so a rebuild makes and renders only the pages that changed.
pub trait PageMemory: Sync {
    /// The fingerprint of the page at `path` as last made, when it was made from `key`.
    fn by_key(&self, path: &str, key: u64) -> Option<u64>;
    /// Whether the page at `path` was last rendered from a job with the fingerprint `print`.
    fn same_print(&self, path: &str, print: u64) -> bool;
    fn remember(&mut self, path: &str, print: u64, key: Option<u64>);
}

fn hash_value(h: &mut Xxh3, v: &Value) {
    match v {
        Value::Null => h.update(b"n"),
        Value::Bool(b) => h.update(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            h.update(b"#");
            h.update(n.to_string().as_bytes());
        }
        Value::String(s) => {
            h.update(b"s");
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        Value::Array(a) => {
            h.update(b"[");
            for x in a {
                hash_value(h, x);
            }
            h.update(b"]");
        }
        Value::Object(o) => {
            h.update(b"{");
            for (k, x) in o {
                h.update(&(k.len() as u64).to_le_bytes());
                h.update(k.as_bytes());
                hash_value(h, x);
            }
            h.update(b"}");
        }
    }
}

/// A fingerprint of everything that goes into a page: template names and contexts.
/// A hash of everything a page is rendered from.
pub fn fingerprint(job: &PageJob) -> u64 {
    let mut h = Xxh3::new();
    h.update(job.template.as_bytes());
    hash_value(&mut h, &job.context);
    for (key, p) in &job.slots {
        h.update(key.as_bytes());
        h.update(p.template.as_bytes());
        hash_value(&mut h, &p.context);
    }
    for p in &job.embeds {
        h.update(p.template.as_bytes());
        hash_value(&mut h, &p.context);
    }
    h.digest()
}

/// The pages, each made only when rendered: the references and the function that makes a page
/// from one.
/// The third function gives a page's path and, where it can, a key of everything the page is
/// made from: a page whose key is unchanged since the last build is not even made again.
pub type Pages<'a, L> = (
    &'a [L],
    &'a (dyn Fn(&L) -> PageJob + Sync),
    &'a (dyn Fn(&L) -> (String, Option<u64>) + Sync),
);

/// Takes each page as it is rendered (path, HTML), or only its path when the page is the same
/// as the last build made (`None`: a page memory found its key or fingerprint unchanged).
pub type Sink<'a> = &'a (dyn Fn(&str, Option<String>) + Sync);

/// Renders every page, handing each to `sink` as it is made; returns the pages' paths in the
/// site's page order, or every failure.
pub fn render_pages<L: Sync>(
    tera: &Tera,
    t: &Value,
    pages: Pages<L>,
    user: &[SourceFile],
    memory: Option<&mut dyn PageMemory>,
    sink: Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    // Pages are consumed as they render, so their contexts are freed along the way.
    let results: Vec<Result<String, Diagnostic>> = match memory {
        None => pages
            .0
            .par_iter()
            .map(pages.1)
            .map(|job| {
                render_page(tera, t, job, user).map(|(path, html)| {
                    sink(&path, Some(html));
                    path
                })
            })
            .collect(),
        Some(memory) => {
            type Made = (String, u64, Option<u64>);
            let kept: &dyn PageMemory = &*memory;
            let made: Vec<Result<Made, Diagnostic>> = pages
                .0
                .par_iter()
                .map(|r| {
                    let (path, key) = (pages.2)(r);
                    if let Some(print) = key.and_then(|k| kept.by_key(&path, k)) {
                        sink(&path, None);
                        return Ok((path, print, key));
                    }
                    let job = (pages.1)(r);
                    let print = fingerprint(&job);
                    if kept.same_print(&job.path, print) {
                        sink(&job.path, None);
                        return Ok((job.path, print, key));
                    }
                    // Handed to the sink on the rendering cores, as each page is made.
                    render_page(tera, t, job, user).map(|(path, html)| {
                        sink(&path, Some(html));
                        (path, print, key)
                    })
                })
                .collect();
            made.into_iter()
                .map(|r| {
                    r.map(|(path, print, key)| {
                        memory.remember(&path, print, key);
                        path
                    })
                })
                .collect()
        }
    };
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}
