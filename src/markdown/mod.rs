//! Markdown → HTML with everything the site stage needs to finish the page later.
//!
//! Links, images and embeds cannot be resolved while one file is rendered (their targets are other
//! files), so the HTML carries placeholders (`\u{1}L3\u{1}` for link 3, `\u{1}E0\u{1}` for embed 0)
//! and the byte offset of each is kept for diagnostics. `finish` substitutes them.

use pulldown_cmark::Options;
use std::collections::BTreeMap;

mod renderer;
use renderer::render_with;

const MARK: char = '\u{1}';

/// Interface strings the renderer puts into the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Titles of NOTE, TIP, IMPORTANT, WARNING, CAUTION callouts.
    pub callouts: [String; 5],
    pub section_link: String,
    /// What joins a label and its value (": " in English, "：" in Chinese).
    pub colon: String,
    pub task_done: String,
    pub task_open: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from),
            section_link: "Link to this section".into(),
            colon: ": ".into(),
            task_done: "done".into(),
            task_open: "not done".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Lessons and pages: raw HTML allowed, as in Zola and mdBook.
    Author,
    /// Quiz and case text, often imported: raw HTML shown as text, script URLs dropped.
    Sanitised,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub offset: usize,
    /// Where the heading's text starts in [`Rendered::plain`] (it ends at the next `\n`).
    pub plain_start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub offset: usize,
    pub image: bool,
    /// For images: the alt text (empty when missing).
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub name: String,
    pub args: BTreeMap<String, String>,
    pub offset: usize,
}

/// A paragraph that looked like an embed (`{{ … }}`) but could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEmbed {
    pub text: String,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML; empty from [`outline`].
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub embeds: Vec<Embed>,
    pub bad_embeds: Vec<BadEmbed>,
    /// Offsets of bare `http(s)://` URLs in text (not written as links).
    pub bare_urls: Vec<(usize, String)>,
    /// The text without markup, for search.
    pub plain: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a Markdown document (or a snippet of quiz or case text).
pub fn render(text: &str, trust: Trust, labels: &Labels) -> Rendered {
    render_with(text, trust, labels, true)
}

/// Everything [`render`] gives except the HTML (no highlighting either): what validation and
/// search need. A one-off build outlines every document first and renders each body when its
/// page is made, so the HTML of the whole course is never in memory at once.
pub fn outline(text: &str, trust: Trust, labels: &Labels) -> Rendered {
    render_with(text, trust, labels, false)
}

/// Renders a short inline text (an option, a message): a single paragraph loses its `<p>`.
pub fn render_inline(text: &str, trust: Trust, labels: &Labels) -> Rendered {
    let mut r = render(text, trust, labels);
    let trimmed = r.html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            r.html = inner.to_string();
        }
    }
    r
}

/// Replaces the placeholders: `link(i)` gives the final `href` of link `i`, `embed(i)` the HTML
/// of embed `i`.
pub fn finish(
    html: &str,
    mut link: impl FnMut(usize) -> String,
    mut embed: impl FnMut(usize) -> String,
) -> String {
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(MARK) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let token = &after[..end];
        let index = token.get(1..).and_then(|n| n.parse::<usize>().ok());
        match (token.as_bytes().first(), index) {
            (Some(b'L'), Some(i)) => out.push_str(&link(i)),
            (Some(b'E'), Some(i)) => out.push_str(&embed(i)),
            _ => {}
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Reads `{{ name(key="value", n=3) }}`.
pub fn parse_embed(text: &str) -> Option<(String, BTreeMap<String, String>)> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let rest = inner[open + 1..].trim_end().strip_suffix(')')?;
    let mut args = BTreeMap::new();
    let mut chars = rest.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut end = start;
        while let Some((i, c)) = chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
            end = i + c.len_utf8();
        }
        let key = &rest[start..end];
        if key.is_empty() {
            return None;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        chars.next_if(|(_, c)| *c == '=')?;
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let value = match chars.peek() {
            Some(&(_, q)) if q == '"' || q == '\'' => {
                chars.next();
                let mut v = String::new();
                loop {
                    match chars.next() {
                        Some((_, c)) if c == q => break,
                        Some((_, c)) => v.push(c),
                        None => return None,
                    }
                }
                v
            }
            Some(_) => {
                let mut v = String::new();
                while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != ',') {
                    v.push(c);
                }
                v
            }
            None => return None,
        };
        args.insert(key.to_string(), value);
    }
    Some((name.to_string(), args))
}

#[cfg(test)]
mod tests;
