//! The browser data of a course on its own, exactly as the pages embed it: for the golden files
//! in tests/js/fixtures/ that the JavaScript unit tests read (see `resolved::data`).

use super::{Ctx, TextCache};
use crate::links::SiteIndex;
use crate::resolved::{data, Model};

/// (name, JSON) of every quiz (`quiz-<id>`), case (`case-<id>`), the framework (`framework`)
/// and the navigation (`nav`), each serialised as the site embeds it.
pub fn browser_data(model: &Model, index: &SiteIndex) -> Vec<(String, String)> {
    let texts = TextCache::default();
    let ctx = Ctx::new(model, index, &texts);
    let html = |t: &str, inline: bool| ctx.text_html(t, inline);
    let mut out = Vec::new();
    for q in &model.quizzes {
        out.push((
            format!("quiz-{}", q.id),
            crate::html::script_json(&data::quiz(q, None, &html)),
        ));
    }
    for c in &model.cases {
        out.push((
            format!("case-{}", c.id),
            crate::html::script_json(&data::case(c, &html)),
        ));
    }
    out.push(("framework".into(), ctx.framework_json()));
    out.push(("nav".into(), crate::html::script_json(&data::nav(model))));
    out
}
