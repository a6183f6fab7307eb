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

/// Builds the template engine: built-in templates, with the course's templates of the same name
/// in their place.
pub fn engine(user: &[SourceFile]) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    let mut list: Vec<(String, String)> = assets::TEMPLATES
        .iter()
        .filter(|(name, _)| !user.iter().any(|u| u.path == *name))
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    list.extend(user.iter().map(|u| (u.path.clone(), u.text.clone())));
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

/// Merges `extra` into a copy of the page's context, for partials.
fn partial_context(page: &Value, partial: &Partial) -> Result<Context, tera::Error> {
    let mut merged = page.clone();
    if let (Some(m), Some(extra)) = (merged.as_object_mut(), partial.context.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    Context::from_value(merged)
}

fn render_page(tera: &Tera, job: &PageJob, user: &[SourceFile]) -> Result<String, Diagnostic> {
    let fail = |template: &str, e: tera::Error| template_error(template, user, &e, Some(&job.path));
    let mut context = job.context.clone();
    for (key, partial) in &job.slots {
        let ctx = partial_context(&job.context, partial).map_err(|e| fail(partial.template, e))?;
        let html = tera
            .render(partial.template, &ctx)
            .map_err(|e| fail(partial.template, e))?;
        if let Some(m) = context.as_object_mut() {
            m.insert(key.clone(), Value::String(html));
        }
    }
    let mut embeds = Vec::with_capacity(job.embeds.len());
    for partial in &job.embeds {
        let ctx = partial_context(&job.context, partial).map_err(|e| fail(partial.template, e))?;
        embeds.push(
            tera.render(partial.template, &ctx)
                .map_err(|e| fail(partial.template, e))?,
        );
    }
    let ctx = Context::from_value(context).map_err(|e| fail(job.template, e))?;
    let html = tera
        .render(job.template, &ctx)
        .map_err(|e| fail(job.template, e))?;
    if embeds.is_empty() {
        return Ok(html);
    }
    Ok(markdown::finish(
        &html,
        |_| String::new(),
        |i| embeds.get(i).cloned().unwrap_or_default(),
    ))
}

/// Renders every page; returns (path, HTML) in the site's page order, or every failure.
pub fn render_pages(
    tera: &Tera,
    pages: &[PageJob],
    user: &[SourceFile],
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let results: Vec<Result<(String, String), Diagnostic>> = pages
        .par_iter()
        .map(|job| render_page(tera, job, user).map(|html| (job.path.clone(), html)))
        .collect();
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
