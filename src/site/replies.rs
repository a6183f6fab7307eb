//! The reply-template library page, a reply card (on the library page and embedded in lessons),
//! and the lists of replies on the case and lesson pages they are related to.

use super::{page, Ctx, PageJob, Partial};
use crate::html::escape;
use crate::links::{relative_url, Resolved};
use crate::paths;
use crate::replies::{self, CHANNELS, TONES};
use crate::resolved::Reply;
use serde_json::{json, Value};

/// The reply's text as HTML, each `{placeholder}` in a `<mark>` the fill-in form writes into.
/// Its text content is exactly the text to copy (the element keeps line breaks with CSS).
pub fn text_html(text: &str) -> String {
    let text = text.trim_end();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for p in replies::placeholders(text) {
        out.push_str(&escape(&text[at..p.start]));
        out.push_str(&format!(
            "<mark class=\"reply-slot\" data-slot=\"{}\">{}</mark>",
            p.name,
            escape(&text[p.start..p.end])
        ));
        at = p.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Where a reply is shown in the library, from the page at `from`.
pub fn reply_url(from: &str, id: &str) -> String {
    format!(
        "{}#{}",
        relative_url(from, paths::REPLIES),
        paths::reply_anchor(id)
    )
}

/// A reply card's fields, with URLs relative to `from`; `heading` is the card title's level.
pub fn card(ctx: &Ctx, reply: &Reply, from: &str, heading: u8) -> Value {
    let r = &reply.source.data;
    let label = |key: String| ctx.locale.t(&key);
    let cases: Vec<Value> = r
        .cases
        .iter()
        .filter_map(|id| ctx.model.case(id))
        .map(|c| json!({"title": c.source.data.title, "url": relative_url(from, &paths::case(c.id))}))
        .collect();
    let lessons: Vec<Value> = reply
        .lessons
        .iter()
        .filter_map(|link| lesson_target(ctx, link))
        .map(|(output, anchor, title)| {
            let mut url = relative_url(from, &output);
            if let Some(a) = anchor {
                url.push('#');
                url.push_str(&a);
            }
            json!({"title": title, "url": url})
        })
        .collect();
    json!({
        "id": reply.id,
        "anchor": paths::reply_anchor(reply.id),
        "heading": heading,
        "title": r.title,
        "url": reply_url(from, reply.id),
        "scenario": {"id": r.scenario, "name": reply.scenario_name},
        "channels": r.channels.iter().map(|c| json!({"id": c, "label": label(format!("channel_{c}"))})).collect::<Vec<_>>(),
        "channel_ids": r.channels.join(" "),
        "tone": {"id": r.tone, "label": label(format!("tone_{}", r.tone))},
        "text_html": text_html(&r.text),
        "placeholders": reply.placeholders.iter().map(|(name, label)| json!({"name": name, "label": label})).collect::<Vec<_>>(),
        "use_when_html": ctx.text_html(&r.use_when, false),
        "avoid_when_html": ctx.text_html(&r.avoid_when, false),
        "competencies": ctx.competency_refs(&r.competencies),
        "cases": cases,
        "lessons": lessons,
        "owner": r.owner,
        "reviewed": r.reviewed.text(),
    })
}

/// A `lessons:` link's page: output path, anchor and the page's title.
fn lesson_target(ctx: &Ctx, link: &str) -> Option<(String, Option<String>, String)> {
    let Ok(Resolved::Internal { output, anchor }) = ctx.index.resolve("content/", link) else {
        return None;
    };
    let title = ctx.course.modules.iter().find_map(|m| {
        if paths::module(&m.id) == output {
            return Some(m.front.title.clone());
        }
        m.lessons
            .iter()
            .find(|l| paths::lesson(&m.id, &l.id) == output)
            .map(|l| l.front.title.clone())
    })?;
    Some((output, anchor.filter(|a| !a.is_empty()), title))
}

/// The template of a reply embedded in a Markdown page.
pub const EMBED_TEMPLATE: &str = "partials/reply.html";

/// `{{ reply(id="…") }}` in a Markdown page.
pub fn embed(ctx: &Ctx, id: &str, from: &str) -> Partial {
    let reply = ctx
        .model
        .reply(id)
        .map(|r| card(ctx, r, from, 3))
        .unwrap_or(Value::Null);
    Partial {
        template: EMBED_TEMPLATE,
        context: json!({ "reply": reply }),
    }
}

/// Links to the replies whose `cases:` name this case.
pub fn for_case(ctx: &Ctx, case_id: &str, from: &str) -> Value {
    links(ctx, from, |r| {
        r.source.data.cases.iter().any(|c| c == case_id)
    })
}

/// Links to the replies whose `lessons:` point at the page at `output` (anchors ignored).
pub fn for_lesson(ctx: &Ctx, output: &str) -> Value {
    links(ctx, output, |r| {
        r.lessons.iter().any(|link| {
            matches!(ctx.index.resolve("content/", link),
                Ok(Resolved::Internal { output: o, .. }) if o == output)
        })
    })
}

fn links(ctx: &Ctx, from: &str, related: impl Fn(&Reply) -> bool) -> Value {
    Value::Array(
        ctx.model
            .replies
            .iter()
            .filter(|r| related(r))
            .map(|r| json!({"title": r.source.data.title, "url": reply_url(from, r.id)}))
            .collect(),
    )
}

/// `replies/index.html`: every reply, with filters by scenario, channel and tone and a search box.
pub fn library_page(ctx: &Ctx) -> PageJob {
    let path = paths::REPLIES;
    let title = ctx.locale.t("reply_library");
    let mut m = ctx.base(path, "replies", &title);
    ctx.breadcrumbs(&mut m, path, &[]);
    let replies = &ctx.model.replies;
    m.insert(
        "replies".into(),
        Value::Array(replies.iter().map(|r| card(ctx, r, path, 2)).collect()),
    );
    // Each filter offers the values some reply has, in the vocabulary's order.
    let mut scenarios: Vec<Value> = Vec::new();
    for r in replies {
        let id = &r.source.data.scenario;
        if !scenarios.iter().any(|s| s["id"] == json!(id)) {
            scenarios.push(json!({"id": id, "label": r.scenario_name}));
        }
    }
    let channels: Vec<Value> = CHANNELS
        .iter()
        .filter(|c| {
            replies
                .iter()
                .any(|r| r.source.data.channels.iter().any(|x| x == *c))
        })
        .map(|c| json!({"id": c, "label": ctx.locale.t(&format!("channel_{c}"))}))
        .collect();
    let tones: Vec<Value> = TONES
        .iter()
        .filter(|t| replies.iter().any(|r| r.source.data.tone == **t))
        .map(|t| json!({"id": t, "label": ctx.locale.t(&format!("tone_{t}"))}))
        .collect();
    m.insert(
        "filters".into(),
        json!({"scenarios": scenarios, "channels": channels, "tones": tones}),
    );
    page(path.to_string(), "replies.html", m)
}

#[cfg(test)]
mod tests {
    use super::text_html;

    #[test]
    fn placeholders_are_marked_and_text_escaped() {
        assert_eq!(
            text_html("Hi {name} <b>&</b>\n"),
            "Hi <mark class=\"reply-slot\" data-slot=\"name\">{name}</mark> &lt;b&gt;&amp;&lt;/b&gt;"
        );
    }
}
