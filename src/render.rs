//! Render stage: the theme's templates (built-in, overridden file by file by the course's own)
//! applied to every page of the site model, on every core.

use crate::assets;
use crate::diagnostics::Diagnostic;
use crate::hashing;
use crate::markdown;
use crate::markdown::Labels;
use crate::site::{Body, PageJob, Partial};
use crate::source::SourceFile;
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

/// What every page is rendered with: the theme's templates, the interface strings, and the
/// labels Markdown bodies are written with (the edition's language).
pub struct Renderer<'a> {
    pub tera: &'a Tera,
    /// The interface strings, given to every template as `t`.
    pub t: &'a Value,
    pub labels: &'a Labels,
    /// The course's own templates (to name the file a failure comes from).
    pub user: &'a [SourceFile],
}

impl Renderer<'_> {
    /// Renders one page: its Markdown body, slots and embeds first; consumes the job, whose
    /// context becomes the template's. Gives the page's path and HTML.
    pub fn page(&self, job: PageJob) -> Result<(String, String), Diagnostic> {
        let PageJob {
            path,
            template,
            mut context,
            body,
            slots,
            embeds: embed_jobs,
        } = job;
        let (tera, t) = (self.tera, self.t);
        let fail =
            |template: &str, e: tera::Error| template_error(template, self.user, &e, Some(&path));
        let render_partial = |partial: &Partial, page: &Value| {
            partial_context(t, page, partial)
                .and_then(|ctx| tera.render(partial.template, &ctx))
                .map_err(|e| fail(partial.template, e))
        };
        if let Some(body) = body {
            let html = body_html(&body, self.labels);
            insert_at(&mut context, body.at, Value::String(html));
        }
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
}

/// A page's Markdown body as HTML: its links as the site stage resolved them for the page, its
/// embeds left as placeholders for the page's own (filled in after the page's template).
fn body_html(body: &Body, labels: &Labels) -> String {
    let rendered = markdown::render(&body.markdown, markdown::Trust::Author, labels);
    markdown::finish(
        &rendered.html,
        |i| body.links.get(i).cloned().unwrap_or_default(),
        |i| format!("\u{1}E{i}\u{1}"),
    )
}

/// Puts `value` into the context at the key path `at` (objects along the way exist: the site
/// stage made them).
fn insert_at(context: &mut Value, at: &[&str], value: Value) {
    let Some((last, parents)) = at.split_last() else {
        return;
    };
    let mut here = context;
    for key in parents {
        match here.get_mut(*key) {
            Some(next) => here = next,
            None => return,
        }
    }
    if let Some(m) = here.as_object_mut() {
        m.insert(last.to_string(), value);
    }
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
            hashing::str(h, s);
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
                hashing::str(h, k);
                hash_value(h, x);
            }
            h.update(b"}");
        }
    }
}

/// A fingerprint of everything a page is rendered from: template names, contexts, and its
/// Markdown body with its links (the labels are the edition's, the same for every build of it).
pub fn fingerprint(job: &PageJob) -> u64 {
    let mut h = Xxh3::new();
    h.update(job.template.as_bytes());
    hash_value(&mut h, &job.context);
    if let Some(b) = &job.body {
        hashing::strs(&mut h, b.at);
        hashing::str(&mut h, &b.markdown);
        hashing::strs(&mut h, &b.links);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(job: PageJob) -> String {
        let mut tera = Tera::default();
        tera.add_raw_template(
            "p.html",
            "<main>{{ lesson.title }}|{{ lesson.body_html | safe }}</main>",
        )
        .unwrap();
        let t = json!({});
        let labels = Labels::default();
        let renderer = Renderer {
            tera: &tera,
            t: &t,
            labels: &labels,
            user: &[],
        };
        renderer.page(job).unwrap().1
    }

    fn lesson(markdown: &str, links: &[&str], embeds: Vec<Partial>) -> PageJob {
        PageJob {
            path: "modules/m/l.html".into(),
            template: "p.html",
            context: json!({"lesson": {"title": "L", "body_html": ""}}),
            body: Some(Body {
                at: &["lesson", "body_html"],
                markdown: markdown.into(),
                links: links.iter().map(|l| l.to_string()).collect(),
            }),
            slots: Vec::new(),
            embeds,
        }
    }

    #[test]
    fn a_body_is_rendered_into_its_place_with_the_links_the_site_stage_resolved() {
        let html = render(lesson(
            "See [one](a.md) and [two](b.md#x).",
            &["a.html", "../b.html#x"],
            Vec::new(),
        ));
        assert!(html.starts_with("<main>L|<p>See "), "{html}");
        assert!(html.contains("<a href=\"a.html\">one</a>"), "{html}");
        assert!(html.contains("<a href=\"../b.html#x\">two</a>"), "{html}");
        assert!(!html.contains('\u{1}'), "no placeholder is left: {html}");
    }

    #[test]
    fn a_bodys_embeds_are_filled_with_the_pages_partials() {
        let mut job = lesson("Before.\n\n{{ quiz(id=\"q\") }}\n\nAfter.", &[], Vec::new());
        job.embeds = vec![Partial {
            template: "p.html",
            context: json!({"lesson": {"title": "EMBED", "body_html": ""}}),
        }];
        let html = render(job);
        let (before, after) = (html.find("Before.").unwrap(), html.find("After.").unwrap());
        let embed = html
            .find("<main>EMBED|</main>")
            .expect("the embed is in the body");
        assert!(before < embed && embed < after, "{html}");
    }

    #[test]
    fn the_fingerprint_follows_the_body_text_and_its_links() {
        let a = fingerprint(&lesson("Text [x](a.md)", &["a.html"], Vec::new()));
        let same = fingerprint(&lesson("Text [x](a.md)", &["a.html"], Vec::new()));
        let other_text = fingerprint(&lesson("Text! [x](a.md)", &["a.html"], Vec::new()));
        let other_link = fingerprint(&lesson("Text [x](a.md)", &["../a.html"], Vec::new()));
        assert_eq!(a, same);
        assert_ne!(a, other_text);
        assert_ne!(a, other_link);
    }
}
