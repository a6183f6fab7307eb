//! A page's languages in a course with several (see `editions`): the switcher's and the
//! `hreflang` alternates' links to the same page in each edition, and the fallback mark.

use super::{absolute_url, Ctx};
use crate::links::{relative_url, root_prefix};
use crate::locale::Locale;
use serde_json::{json, Map, Value};

/// A page's other language editions (`languages`: the switcher and the `hreflang`
/// alternates, each at the same page of its edition) and, on a page shown in the default
/// language for want of a translation, `fallback` (see docs/theme.md).
pub fn variables(ctx: &Ctx, m: &mut Map<String, Value>, path: &str) {
    let edition = &ctx.course.edition;
    if edition.languages.len() < 2 {
        return;
    }
    let here = format!("{}{path}", edition.prefix());
    let base = edition.site_base_url.as_deref();
    let list: Vec<Value> = edition
        .languages
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            let prefix = if i == 0 {
                String::new()
            } else {
                format!("{lang}/")
            };
            let there = format!("{prefix}{path}");
            let href = match base {
                Some(base) => absolute_url(base, &there),
                None => relative_url(&here, &there),
            };
            json!({
                "code": lang,
                // Each language by its own name, as its readers look for it.
                "name": Locale::for_language(Some(lang)).t(&format!("language_{lang}")),
                "url": relative_url(&here, &there),
                "href": href,
                "current": *lang == edition.lang,
                "default": i == 0,
            })
        })
        .collect();
    m.insert("languages".into(), Value::Array(list));
    // From this page to the site's root, above the language's folder (the SCORM adapter
    // tells pages of the course from pages outside it by this).
    m.insert("site_root".into(), json!(root_prefix(&here)));
    let fallback = edition
        .fallbacks
        .iter()
        .any(|source| ctx.index.output_of(source) == Some(path));
    if fallback {
        m.insert(
            "fallback".into(),
            json!({
                "lang": edition.default_lang(),
                "name": ctx.locale.t(&format!("language_{}", edition.default_lang())),
            }),
        );
    }
}
