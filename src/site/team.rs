//! The team page (docs/learner.md, "Team view"): a lead loads the progress files learners
//! exported and reads the team's levels and gaps, computed in the browser by the map's own code.
//! The build gives it the framework data every map page has, and the questions' texts in plain
//! text for the weakest-question list.

use super::page_list::PageEntry;
use super::{page, Ctx, PageJob};
use crate::html::strip_tags;
use crate::paths;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// `team.html`; the page list has it only for a course with a framework.
pub fn page_job(ctx: &Ctx, entry: &PageEntry) -> PageJob {
    let path = entry.path.as_str();
    let mut m = ctx.base(path, entry.kind.name(), &entry.title);
    let progress = ctx.locale.t("my_progress");
    ctx.breadcrumbs(&mut m, path, &[(progress.as_str(), paths::PROGRESS)]);
    m.insert("framework_json".into(), Value::String(ctx.framework_json()));
    m.insert(
        "team_questions_json".into(),
        Value::String(crate::html::script_json(&questions(ctx))),
    );
    page(entry.path.clone(), "team.html", m)
}

/// `#team-questions`: what a question says, for the lead (plain text; the learners' answers
/// are option indices).
#[derive(Debug, Serialize)]
pub struct QuestionText<'a> {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The options' texts, in source order (single and multiple choice).
    pub options: Vec<String>,
    /// The items' texts, in the right order (order questions).
    pub items: Vec<String>,
    /// The title and page of the bank the question is written in.
    pub quiz: &'a str,
    pub url: String,
}

fn questions<'a>(ctx: &Ctx<'a>) -> BTreeMap<&'a str, QuestionText<'a>> {
    // One line of plain text: a prompt's soft line breaks are not the lead's concern.
    let plain = |text: &str, inline: bool| {
        let text = strip_tags(&ctx.text_html(text, inline));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut out = BTreeMap::new();
    for quiz in ctx.model.quizzes.iter().filter(|q| q.draw.is_none()) {
        for q in &quiz.questions {
            let s = q.source;
            out.insert(
                s.id.as_str(),
                QuestionText {
                    text: plain(&s.prompt, false),
                    kind: s.kind.name(),
                    options: s
                        .options
                        .iter()
                        .flatten()
                        .map(|o| plain(&o.text.text(), true))
                        .collect(),
                    items: s
                        .items
                        .iter()
                        .flatten()
                        .map(|i| plain(&i.text(), true))
                        .collect(),
                    quiz: &quiz.source.data.title,
                    url: paths::quiz(quiz.id),
                },
            );
        }
    }
    out
}
