//! Markdown for the site stage: page bodies handed to the render stage with their links
//! resolved for the page, and quiz, case and competency texts (data the browser also gets),
//! sanitised and rendered once per build (kept between builds by the dev server).

use super::{Body, Ctx};
use crate::links::{relative_url, Resolved};
use crate::load::Doc;
use crate::markdown::{self, Labels};
use serde_json::Value;

/// Quiz and case texts rendered to HTML, kept between builds: the same text always gives the
/// same HTML (for one language), and a rebuild after a one-lesson edit re-renders none of them.
#[derive(Debug, Default)]
pub struct TextCache {
    entries: std::sync::Mutex<TextEntries>,
    /// Quiz bank values by a hash of the bank's file (see `quizzes::quiz_value`).
    quizzes: std::sync::Mutex<std::collections::HashMap<u64, Value>>,
    /// Where a document's links lead, hashed, by its file: (hash of its text, the link
    /// targets' fingerprint, the hash). A page key needs it for every keyed page on every
    /// rebuild, and resolving each link of 10,000 lessons again is most of a key's cost.
    links: std::sync::Mutex<std::collections::HashMap<String, (u64, u64, u64)>>,
}

impl TextCache {
    /// Empties the rendered texts unless they were made with these labels and link targets.
    pub(super) fn keep_if_made_for(&self, labels: Labels, index_print: u64) {
        if let Ok(mut guard) = self.entries.lock() {
            let made_for = Some((labels, index_print));
            if guard.0 != made_for {
                *guard = (made_for, Default::default());
            }
        }
    }

    pub(super) fn quiz(&self, key: u64) -> Option<Value> {
        self.quizzes.lock().ok()?.get(&key).cloned()
    }

    /// The hash of where the links of `file` lead, made by `hash` unless it was made for the
    /// same text (`text`, its hash) and the same link targets (`index_print`).
    pub(super) fn links_hash(
        &self,
        file: &str,
        text: u64,
        index_print: u64,
        hash: impl FnOnce() -> u64,
    ) -> u64 {
        let kept = self.links.lock().ok().and_then(|m| m.get(file).copied());
        if let Some((t, i, h)) = kept {
            if (t, i) == (text, index_print) {
                return h;
            }
        }
        let h = hash();
        if let Ok(mut m) = self.links.lock() {
            m.insert(file.to_string(), (text, index_print, h));
        }
        h
    }

    pub(super) fn put_quiz(&self, key: u64, value: Value) {
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

impl Ctx<'_> {
    /// A document's Markdown body for the page at `path`, its links resolved for that page, to
    /// be rendered at `at` in the page's context by the render stage.
    pub fn doc_body(&self, doc: &Doc, path: &str, at: &'static [&'static str]) -> Body {
        let links = doc
            .rendered
            .links
            .iter()
            .map(|link| match self.index.resolve(&doc.file, &link.dest) {
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
                _ => crate::html::escape_url(&link.dest),
            })
            .collect();
        Body {
            at,
            markdown: doc.body().to_string(),
            links,
        }
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
            // Only a reply can be embedded in these texts (validation says so): it becomes a
            // link to the reply in the library, since the text may be shown in several places.
            |i| {
                let Some(e) = r.embeds.get(i).filter(|e| e.name == "reply") else {
                    return String::new();
                };
                let id = e.args.get("id").map(String::as_str).unwrap_or("");
                let Some(reply) = self.model.reply(id) else {
                    return String::new();
                };
                format!(
                    "<p class=\"reply-embed-link\"><a href=\"{}{}#{}\">{}</a></p>\n",
                    crate::links::ROOT_MARK,
                    crate::paths::REPLIES,
                    crate::paths::reply_anchor(reply.id),
                    crate::html::escape(&reply.source.data.title)
                )
            },
        )
    }
}
