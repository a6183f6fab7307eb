//! The pulldown-cmark event walk behind `render` and `outline`: headings with ids, code
//! highlighted, callouts, images, links and embeds as placeholders, plain text for search.

use super::*;
use crate::html::{escape, escape_url};
use crate::slug::heading_slug;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd,
};
use std::collections::HashSet;

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
        if p.text.contains("{{")
            && ["quiz", "case", "reply"].iter().any(|name| {
                p.text.contains(&format!("{{{{ {name}("))
                    || p.text.contains(&format!("{{{{{name}("))
            })
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
            "<a class=\"anchor\" href=\"#{}\" aria-label=\"{}{}{}\">#</a></h{level}>\n",
            escape_url(&id),
            escape(&self.labels.section_link),
            escape(&self.labels.colon),
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

/// Renders or outlines `text` (see `render` and `outline`).
pub(super) fn render_with(text: &str, trust: Trust, labels: &Labels, with_html: bool) -> Rendered {
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
    } else {
        // Outlines are kept for the whole build: no slack from growing the text.
        r.doc.plain.shrink_to_fit();
    }
    r.doc
}
