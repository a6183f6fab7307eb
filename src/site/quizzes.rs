//! Quiz pages, module checks and quiz embeds: the context for `partials/quiz.html` and the JSON
//! the learner's browser grades with.

use super::order::{prev_next, ReadingOrder};
use super::{page, Ctx, PageJob, Partial};
use crate::links::relative_url;
use crate::load::Module;
use crate::paths;
use crate::resolved::{self, data};
use serde_json::{json, Map, Value};

/// What the page shows for one question (its data for the browser is `data::question`).
fn question_view(ctx: &Ctx, q: &resolved::Question) -> Value {
    let s = q.source;
    let opt_html = |t: &Option<String>| {
        t.as_deref()
            .map(|t| ctx.text_html(t, false))
            .unwrap_or_default()
    };
    let options: Vec<Value> = s
        .options
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, o)| {
            json!({
                "index": i,
                "text_html": ctx.text_html(&o.text.text(), true),
                "feedback_html": opt_html(&o.feedback),
                "pin": o.pin,
                "correct": o.correct,
            })
        })
        .collect();
    let items: Vec<Value> = s
        .items
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, it)| json!({"index": i, "text_html": ctx.text_html(&it.text(), true)}))
        .collect();
    let pairs: Vec<Value> = s
        .pairs
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| json!({"index": i, "left_html": ctx.text_html(&p.left.text(), true)}))
        .collect();
    // Right-hand sides in source order, then the distractors (spec §3.1).
    let rights: Vec<Value> = s
        .pairs
        .iter()
        .flatten()
        .map(|p| p.right.text())
        .chain(s.distractors.iter().flatten().map(|d| d.text()))
        .enumerate()
        .map(|(i, text)| json!({"index": i, "text_html": ctx.text_html(&text, true), "text": text}))
        .collect();
    json!({
        "id": s.id,
        "type": s.kind.name(),
        "prompt_html": ctx.text_html(&s.prompt, false),
        "points": q.points,
        "difficulty": q.difficulty,
        "explanation_html": opt_html(&s.explanation),
        "options": options,
        "items": items,
        "pairs": pairs,
        "rights": rights,
        "unit": s.unit.clone().unwrap_or_default(),
    })
}

/// The `quiz` variable of `partials/quiz.html`.
pub fn quiz_value(ctx: &Ctx, quiz: &resolved::Quiz, pick_override: Option<u32>) -> Value {
    // A bank's value depends only on its own file (an assessment's on every bank): reuse it
    // while the file is unchanged.
    // (A one-off build has dropped the texts; its cache lives for that build only, where a
    // bank cannot change, so the id alone is a safe key there.)
    let key = (quiz.kind == resolved::QuizKind::Bank).then(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(quiz.id.as_bytes());
        h.update(ctx.locale.code.as_bytes());
        h.update(quiz.source.text.as_bytes());
        h.update(format!("{pick_override:?}").as_bytes());
        h.digest()
    });
    if let Some(k) = key {
        if let Some(v) = ctx.texts.quiz(k) {
            return v;
        }
    }
    let v = make_quiz_value(ctx, quiz, pick_override);
    if let Some(k) = key {
        ctx.texts.put_quiz(k, v.clone());
    }
    v
}

fn make_quiz_value(ctx: &Ctx, quiz: &resolved::Quiz, pick_override: Option<u32>) -> Value {
    let html = |t: &str, inline: bool| ctx.text_html(t, inline);
    let data = data::quiz(quiz, pick_override, &html);
    let views: Vec<Value> = quiz
        .questions
        .iter()
        .map(|x| question_view(ctx, x))
        .collect();
    let source = &quiz.source.data;
    json!({
        "id": quiz.id,
        "title": source.title,
        "kind": quiz.kind.name(),
        "description_html": source.description.as_deref().map(|d| ctx.text_html(d, false)).unwrap_or_default(),
        "pass_percent": (quiz.pass * 100.0).round() as i64,
        "question_count": quiz.drawn_count.unwrap_or(views.len() as u32),
        "pick": data.pick.or(quiz.drawn_count),
        "attempts": quiz.attempts,
        "feedback": data.feedback,
        "questions": views,
        "data_json": crate::html::script_json(&data),
    })
}

/// The `quiz` of one competency's diagnostic questions: a bank of the drawn questions, checked
/// when the learner submits them all (its data: `data::diagnostic`).
pub fn diagnostic_quiz_value(
    ctx: &Ctx,
    id: &str,
    title: &str,
    questions: &[&resolved::Question],
) -> Value {
    let html = |t: &str, inline: bool| ctx.text_html(t, inline);
    let data = data::diagnostic(id, title, questions, &html);
    json!({
        "id": id,
        "title": title,
        "kind": data.kind,
        "description_html": "",
        "pass_percent": (data.pass * 100.0).round() as i64,
        "question_count": questions.len(),
        "pick": null,
        "attempts": data.attempts,
        "feedback": data.feedback,
        "questions": questions.iter().map(|q| question_view(ctx, q)).collect::<Vec<_>>(),
        "data_json": crate::html::script_json(&data),
    })
}

/// `heading` is the level of the quiz's title (2 on quiz pages).
pub fn embed(ctx: &Ctx, id: &str, pick: Option<u32>, _path: &str, heading: u8) -> Partial {
    let mut quiz = ctx
        .model
        .quiz(id)
        .map(|q| quiz_value(ctx, q, pick))
        .unwrap_or(Value::Null);
    if let Some(o) = quiz.as_object_mut() {
        o.insert("heading".into(), json!(heading));
    }
    Partial {
        template: "partials/quiz.html",
        context: json!({ "quiz": quiz }),
    }
}

/// A quiz or module check page: the quiz without its questions as the page's `quiz`, the
/// whole quiz rendered into the `quiz_html` slot.
fn quiz_job(ctx: &Ctx, quiz: &resolved::Quiz, path: String, mut m: Map<String, Value>) -> PageJob {
    let value = quiz_value(ctx, quiz, None);
    let summary = match value.as_object() {
        Some(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| *k != "questions")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        None => value.clone(),
    };
    m.insert("quiz".into(), summary);
    let mut job = page(path, "quiz.html", m);
    job.slots.push((
        "quiz_html".into(),
        Partial {
            template: "partials/quiz.html",
            context: json!({ "quiz": value }),
        },
    ));
    job
}

/// `quizzes/<id>.html` for a bank or assessment.
pub fn quiz_page(ctx: &Ctx, quiz: &resolved::Quiz) -> PageJob {
    let path = paths::quiz(quiz.id);
    let mut m = ctx.base(&path, "quiz", &quiz.source.data.title);
    ctx.breadcrumbs(&mut m, &path, &[]);
    let is_final = ctx.model.assessment.is_some_and(|a| a.id == quiz.id);
    if is_final {
        if let Some(fa) = super::pages::final_assessment(ctx, &path) {
            m.insert("final_assessment".into(), fa);
        }
    }
    quiz_job(ctx, quiz, path, m)
}

pub fn check_page(ctx: &Ctx, md: &Module, quiz: &resolved::Quiz, order: &ReadingOrder) -> PageJob {
    let path = paths::check(&md.id);
    let mut m = ctx.base(&path, "check", &quiz.source.data.title);
    ctx.breadcrumbs(&mut m, &path, &[(&md.front.title, &paths::module(&md.id))]);
    prev_next(&mut m, order, &path);
    m.insert(
        "module".into(),
        json!({"id": md.id, "title": md.front.title, "url": relative_url(&path, &paths::module(&md.id))}),
    );
    quiz_job(ctx, quiz, path, m)
}
