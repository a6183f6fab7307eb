//! Reply templates and the reply library against their sources. A translated reply keeps what
//! filters, links and fills it in: its scenario, channels, tone, competencies, placeholder
//! names, cases, lessons and review date; its title, text, placeholder labels, `use_when`,
//! `avoid_when` and owner are in its language. The library keeps its scenario ids in order and
//! translates their names.

use super::Cmp;
use crate::load::Course;
use crate::model::{ReplyFile, ReplyLibrary};

pub(super) fn check(source: &Course, translated: &Course, d: &mut crate::diagnostics::Diagnostics) {
    for r in translated
        .replies
        .iter()
        .filter(|r| super::is_translation(&r.file))
    {
        if let Some(s) = source.replies.iter().find(|s| s.id == r.id) {
            reply(&mut Cmp::new(r, s, d), &r.data, &s.data);
        }
    }
    if let (Some(l), Some(s)) = (&translated.reply_library, &source.reply_library) {
        if super::is_translation(&l.file) {
            library(&mut Cmp::new(l, s, d), &l.data, &s.data);
        }
    }
}

fn reply(cmp: &mut Cmp, t: &ReplyFile, s: &ReplyFile) {
    cmp.same("scenario", "the reply's scenario", &t.scenario, &s.scenario);
    cmp.same("channels", "the reply's channels", &t.channels, &s.channels);
    cmp.same("tone", "the reply's tone", &t.tone, &s.tone);
    cmp.same(
        "competencies",
        "the reply's competencies",
        &t.competencies,
        &s.competencies,
    );
    // The names are what the text and the fill-in form share; the labels are text.
    let names = |r: &ReplyFile| -> Vec<String> { r.placeholders.keys().cloned().collect() };
    cmp.same(
        "placeholders",
        "the placeholder names",
        &names(t),
        &names(s),
    );
    cmp.same("cases", "the reply's cases", &t.cases, &s.cases);
    cmp.same("lessons", "the reply's lessons", &t.lessons, &s.lessons);
    cmp.same(
        "reviewed",
        "the review date",
        &t.reviewed.text(),
        &s.reviewed.text(),
    );
}

fn library(cmp: &mut Cmp, t: &ReplyLibrary, s: &ReplyLibrary) {
    let ids =
        |l: &ReplyLibrary| -> Vec<String> { l.scenarios.iter().map(|x| x.id.clone()).collect() };
    cmp.same("scenarios", "the scenario ids", &ids(t), &ids(s));
}
