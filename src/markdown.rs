//! Markdown → HTML with everything the site stage needs to finish the page later.
//!
//! Links, images and embeds cannot be resolved while one file is rendered (their targets are other
//! files), so the HTML carries placeholders (`\u{1}L3\u{1}` for link 3, `\u{1}E0\u{1}` for embed 0)
//! and the byte offset of each is kept for diagnostics. `finish` substitutes them.

use crate::html::{escape, escape_url};
use crate::slug::heading_slug;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{BTreeMap, HashSet};

const MARK: char = '\u{1}';

/// Interface strings the renderer puts into the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Titles of NOTE, TIP, IMPORTANT, WARNING, CAUTION callouts.
    pub callouts: [String; 5],
    pub section_link: String,
    pub task_done: String,
    pub task_open: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from),
            section_link: "Link to this section".into(),
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
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub embeds: Vec<Embed>,
    pub bad_embeds: Vec<BadEmbed>,
    /// Offsets of bare `http(s)://` URLs in text (not written as links).
    pub bare_urls: Vec<(usize, String)>,
    /// The text without markup, for search.
    pub plain: String,
    /// Whether `html` was made ([`outline`] leaves it empty).
    pub has_html: bool,
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

fn render_with(text: &str, trust: Trust, labels: &Labels, with_html: bool) -> Rendered {
    let mut r = Renderer {
        with_html,
        out: Vec::new(),
        doc: Rendered::default(),
        trust,
        labels,
        used_ids: HashSet::new(),
        heading: None,
        code: None,
        image: None,
        para: None,
        link_depth: 0,
    };
    let events: Vec<_> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    for (event, range) in crate::cjk::join_soft_breaks(events) {
        r.event(event, range.start);
    }
    if with_html {
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
        r.doc.html = html;
        r.doc.has_html = true;
    } else {
        // Outlines are kept for the whole build: no slack from growing the text.
        r.doc.plain.shrink_to_fit();
    }
    r.doc
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

struct HeadingState {
    level: HeadingLevel,
    custom_id: Option<String>,
    classes: Vec<String>,
    text: String,
    out_index: usize,
    offset: usize,
    plain_start: usize,
}

struct ImageState {
    link: usize,
    title: String,
    alt: String,
}

struct ParaState {
    events: Vec<Event<'static>>,
    text: String,
    only_text: bool,
    offset: usize,
}

struct Renderer<'l> {
    /// Whether to make HTML (see [`outline`]).
    with_html: bool,
    out: Vec<Event<'static>>,
    doc: Rendered,
    trust: Trust,
    labels: &'l Labels,
    used_ids: HashSet<String>,
    heading: Option<HeadingState>,
    code: Option<(String, String)>,
    image: Option<ImageState>,
    para: Option<ParaState>,
    link_depth: usize,
}

fn is_unsafe_url(dest: &str) -> bool {
    let lower: String = dest
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:text")
}

impl<'l> Renderer<'l> {
    fn emit(&mut self, e: Event<'static>) {
        if let Some(p) = &mut self.para {
            p.events.push(e);
        } else {
            self.out.push(e);
        }
    }

    fn html(&mut self, s: String) {
        self.emit(Event::Html(CowStr::from(s)));
    }

    fn plain(&mut self, s: &str) {
        self.doc.plain.push_str(s);
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        // Inside an image, text is its alt text.
        if let Some(img) = &mut self.image {
            match event {
                Event::End(TagEnd::Image) => {
                    let img = self.image.take().expect("image state present");
                    self.doc.links[img.link].alt = img.alt.clone();
                    let title = if img.title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(&img.title))
                    };
                    self.html(format!(
                        "<img src=\"{MARK}L{}{MARK}\" alt=\"{}\"{title} loading=\"lazy\">",
                        img.link,
                        escape(&img.alt)
                    ));
                }
                Event::Text(t) | Event::Code(t) => img.alt.push_str(&t),
                _ => {}
            }
            return;
        }
        // Inside a code block, collect the code and highlight it at the end.
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().expect("code state present");
                    self.plain(&code);
                    if !self.with_html {
                        return;
                    }
                    let body = crate::highlight::highlight(&code, &lang);
                    let lang_attr = if lang.is_empty() {
                        String::new()
                    } else {
                        format!(" data-lang=\"{}\"", escape(&lang))
                    };
                    self.html(format!(
                        "<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n"
                    ));
                }
                _ => {}
            }
            return;
        }
        if let Some(h) = &mut self.heading {
            match &event {
                Event::Text(t) | Event::Code(t) => h.text.push_str(t),
                Event::End(TagEnd::Heading(_)) => {
                    self.end_heading();
                    return;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::Paragraph) if self.para.is_none() && self.heading.is_none() => {
                self.para = Some(ParaState {
                    events: vec![Event::Start(Tag::Paragraph)],
                    text: String::new(),
                    only_text: true,
                    offset,
                });
            }
            Event::End(TagEnd::Paragraph) if self.para.is_some() => self.end_paragraph(),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.out.push(Event::Html(CowStr::from(String::new())));
                self.heading = Some(HeadingState {
                    level,
                    custom_id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    out_index: self.out.len() - 1,
                    offset,
                    plain_start: self.doc.plain.len(),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, i) = match kind {
                    BlockQuoteKind::Note => ("note", 0),
                    BlockQuoteKind::Tip => ("tip", 1),
                    BlockQuoteKind::Important => ("important", 2),
                    BlockQuoteKind::Warning => ("warning", 3),
                    BlockQuoteKind::Caution => ("caution", 4),
                };
                let title = escape(&self.labels.callouts[i]);
                self.html(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".to_string()),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                self.link_depth += 1;
                let dest = dest_url.to_string();
                if self.trust == Trust::Sanitised && is_unsafe_url(&dest) {
                    self.html("<a>".to_string());
                    return;
                }
                let i = self.doc.links.len();
                self.doc.links.push(LinkRef {
                    dest,
                    offset,
                    image: false,
                    alt: String::new(),
                });
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                self.html(format!("<a href=\"{MARK}L{i}{MARK}\"{title}>"));
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.html("</a>".to_string());
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let i = self.doc.links.len();
                let dest = dest_url.to_string();
                let dest = if is_unsafe_url(&dest) {
                    String::new()
                } else {
                    dest
                };
                self.doc.links.push(LinkRef {
                    dest,
                    offset,
                    image: true,
                    alt: String::new(),
                });
                self.image = Some(ImageState {
                    link: i,
                    title: title.to_string(),
                    alt: String::new(),
                });
            }
            Event::TaskListMarker(done) => {
                let label = if done {
                    &self.labels.task_done
                } else {
                    &self.labels.task_open
                };
                let checked = if done { " checked" } else { "" };
                self.html(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                    escape(label)
                ));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(p) = &mut self.para {
                    p.only_text = false;
                }
                if self.trust == Trust::Sanitised {
                    self.emit(Event::Text(CowStr::from(h.to_string())));
                } else {
                    self.emit(Event::Html(CowStr::from(h.to_string())));
                }
            }
            Event::Text(t) => {
                if self.link_depth == 0 {
                    self.find_bare_urls(&t, offset);
                }
                self.plain(&t);
                if let Some(p) = &mut self.para {
                    p.text.push_str(&t);
                }
                self.emit(Event::Text(CowStr::from(t.to_string())));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain(" ");
                if let Some(p) = &mut self.para {
                    p.text.push(' ');
                }
                self.emit(event.into_static());
            }
            other => {
                if let Some(p) = &mut self.para {
                    p.only_text = false;
                }
                if let Event::Code(t) = &other {
                    self.plain(t);
                }
                if matches!(
                    other,
                    Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_))
                ) {
                    self.plain(" ");
                }
                self.emit(other.into_static());
            }
        }
    }

    fn find_bare_urls(&mut self, text: &str, offset: usize) {
        for scheme in ["https://", "http://"] {
            let mut from = 0;
            while let Some(i) = text[from..].find(scheme) {
                let start = from + i;
                let end = text[start..]
                    .find(char::is_whitespace)
                    .map(|e| start + e)
                    .unwrap_or(text.len());
                self.doc
                    .bare_urls
                    .push((offset, text[start..end].to_string()));
                from = end;
            }
        }
    }

    fn end_paragraph(&mut self) {
        let p = self.para.take().expect("paragraph state present");
        if p.only_text {
            let t = p.text.trim();
            if t.starts_with("{{") && t.ends_with("}}") {
                match parse_embed(t) {
                    Some((name, args)) => {
                        let i = self.doc.embeds.len();
                        self.doc.embeds.push(Embed {
                            name,
                            args,
                            offset: p.offset,
                        });
                        self.out
                            .push(Event::Html(CowStr::from(format!("{MARK}E{i}{MARK}\n"))));
                    }
                    None => {
                        self.doc.bad_embeds.push(BadEmbed {
                            text: t.to_string(),
                            offset: p.offset,
                        });
                        self.out.extend(p.events);
                        self.out.push(Event::End(TagEnd::Paragraph));
                    }
                }
                self.plain("\n");
                return;
            }
        }
        if p.text.contains("{{ quiz(")
            || p.text.contains("{{ case(")
            || p.text.contains("{{quiz(")
            || p.text.contains("{{case(")
        {
            self.doc.bad_embeds.push(BadEmbed {
                text: p.text.trim().to_string(),
                offset: p.offset,
            });
        }
        self.out.extend(p.events);
        self.out.push(Event::End(TagEnd::Paragraph));
        self.plain("\n");
    }

    fn end_heading(&mut self) {
        let h = self.heading.take().expect("heading state present");
        let text = h.text.trim().to_string();
        let base = h.custom_id.clone().unwrap_or_else(|| heading_slug(&text));
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while self.used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        let level = h.level as u8;
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&h.classes.join(" ")))
        };
        self.out[h.out_index] = Event::Html(CowStr::from(format!(
            "<h{level} id=\"{}\"{class}>",
            escape(&id)
        )));
        self.out.push(Event::Html(CowStr::from(format!(
            "<a class=\"anchor\" href=\"#{}\" aria-label=\"{}: {}\">#</a></h{level}>\n",
            escape_url(&id),
            escape(&self.labels.section_link),
            escape(&text)
        ))));
        // The heading's text went into `plain` as it streamed past.
        self.plain("\n");
        self.doc.headings.push(Heading {
            level,
            id,
            text,
            offset: h.offset,
            plain_start: h.plain_start,
        });
    }
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
mod tests {
    use super::*;

    fn md(s: &str) -> Rendered {
        render(s, Trust::Author, &Labels::default())
    }

    #[test]
    fn headings_get_unique_anchors() {
        let r = md("## Hand-off triggers\n\n## Hand-off triggers\n\n## Custom {#mine}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hand-off-triggers", "hand-off-triggers-1", "mine"]);
        assert!(r.html.contains("<h2 id=\"hand-off-triggers\">"));
        assert!(r.html.contains("href=\"#mine\""));
    }

    #[test]
    fn a_line_break_between_chinese_characters_joins_them() {
        let r =
            md("先确认客户的问题，\n再决定是否**转人工**\n处理。\n\nHello\nworld，\n使用\nAPI\n");
        assert!(
            r.html
                .contains("<p>先确认客户的问题，再决定是否<strong>转人工</strong>处理。</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>Hello\nworld，使用\nAPI</p>"),
            "{}",
            r.html
        );
        assert!(
            r.plain.contains("先确认客户的问题，再决定是否转人工处理。"),
            "{}",
            r.plain
        );
    }

    #[test]
    fn chinese_headings_keep_their_characters() {
        let r = md("## 转人工 的时机\n");
        assert_eq!(r.headings[0].id, "转人工-的时机");
    }

    #[test]
    fn embeds_are_found_outside_code_only() {
        let r = md("Intro\n\n{{ quiz(id=\"handoff-check\", pick=3) }}\n\n```\n{{ case(id=\"x\") }}\n```\n\n`{{ case(id=\"y\") }}`\n");
        assert_eq!(r.embeds.len(), 1);
        assert_eq!(r.embeds[0].name, "quiz");
        assert_eq!(r.embeds[0].args["id"], "handoff-check");
        assert_eq!(r.embeds[0].args["pick"], "3");
        assert_eq!(r.embeds[0].offset, 7);
        assert!(r.html.contains("{{ case(id=&quot;x&quot;) }}"));
        let done = finish(&r.html, |_| String::new(), |_| "<div>QUIZ</div>".into());
        assert!(done.contains("<div>QUIZ</div>"));
        assert!(!done.contains("<p>\u{1}"));
    }

    #[test]
    fn malformed_embed_is_reported() {
        let r = md("{{ quiz(id=\"a\" }}\n");
        assert_eq!(r.bad_embeds.len(), 1);
        assert!(r.embeds.is_empty());
    }

    #[test]
    fn links_become_placeholders_with_offsets() {
        let r = md("See [the lesson](02-x.md#a) and ![chart](c.svg).\n");
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].dest, "02-x.md#a");
        assert_eq!(r.links[0].offset, 4);
        assert!(r.links[1].image);
        assert_eq!(r.links[1].alt, "chart");
        let done = finish(&r.html, |i| format!("u{i}"), |_| String::new());
        assert!(done.contains("<a href=\"u0\">the lesson</a>"), "{done}");
        assert!(done.contains("<img src=\"u1\" alt=\"chart\""), "{done}");
    }

    #[test]
    fn callouts_become_labelled_boxes() {
        let r = md("> [!WARNING]\n> Never ask for a password.\n");
        assert!(r
            .html
            .contains("<div class=\"callout callout-warning\" role=\"note\">"));
        assert!(r.html.contains("<p class=\"callout-title\">Warning</p>"));
    }

    #[test]
    fn code_is_highlighted_with_language() {
        let r = md("```yaml\na: 1\n```\n");
        assert!(r
            .html
            .contains("<pre class=\"code\" data-lang=\"yaml\"><code>"));
        assert!(r.html.contains("hl-"));
    }

    #[test]
    fn sanitised_text_shows_html_as_text_and_drops_script_links() {
        let r = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            Trust::Sanitised,
            &Labels::default(),
        );
        let done = finish(&r.html, |_| "#".into(), |_| String::new());
        assert!(!done.contains("<script"), "{done}");
        assert!(!done.contains("<img"), "{done}");
        assert!(!done.contains("javascript:"), "{done}");
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] ~~old~~\n\n- [x] done\n\n[^1]: Note.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("type=\"checkbox\" disabled checked"));
    }

    #[test]
    fn bare_urls_are_noticed_but_links_are_not() {
        let r = md("Go to https://example.com now, or [here](https://example.org).\n");
        assert_eq!(r.bare_urls.len(), 1);
        assert_eq!(r.bare_urls[0].1, "https://example.com");
    }

    #[test]
    fn inline_render_drops_paragraph() {
        let r = render_inline("Say *sorry*", Trust::Sanitised, &Labels::default());
        assert_eq!(r.html, "Say <em>sorry</em>");
    }
}
