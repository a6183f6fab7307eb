//! Markdown rendering: what authors write and the HTML and outline it gives.

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
    let r = md("先确认客户的问题，\n再决定是否**转人工**\n处理。\n\nHello\nworld，\n使用\nAPI\n");
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
    let r =
        md("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] ~~old~~\n\n- [x] done\n\n[^1]: Note.\n");
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
