//! Quiz pages, module checks and quiz embeds: the context for `partials/quiz.html` and the JSON
//! the learner's browser grades with.

use super::{page, prev_next, Ctx, PageJob, Partial};
use crate::links::relative_url;
use crate::load::{Module, Yaml};
use crate::model::{Answer, FeedbackMode, Question, QuestionType, QuizFile, Scoring};
use crate::paths;
use crate::validate::question_competencies;
use serde_json::{json, Map, Value};

const DEFAULT_PASS: f64 = 0.7;

/// A short, stable fingerprint of a question or case as written, so saved answers can be dropped
/// when the thing they answer has changed (FNV-1a over its parsed form).
pub fn version<T: std::fmt::Debug>(v: &T) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{v:?}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// The version of a question covers what decides how an answer is graded, not the wording of
/// prompts, feedback or explanations: fixing a typo must not wipe learners' answers.
pub fn question_version(q: &Question) -> String {
    let options: Vec<(bool, bool)> = q
        .options
        .iter()
        .flatten()
        .map(|o| (o.correct, o.pin))
        .collect();
    let pairs: Vec<(String, String)> = q
        .pairs
        .iter()
        .flatten()
        .map(|p| (p.left.text(), p.right.text()))
        .collect();
    version(&(
        q.kind,
        q.points,
        options,
        q.answer,
        &q.accept,
        q.reject
            .iter()
            .flatten()
            .map(|r| r.value.text())
            .collect::<Vec<_>>(),
        q.tolerance,
        &q.range,
        &q.items,
        pairs,
        q.distractors.as_ref().map(Vec::len),
        q.scoring,
    ))
}

/// The version a learner's saved answer to `q` is kept under: in a language edition, the
/// source question's (see `Edition::question_versions`).
pub fn learner_version(course: &crate::load::Course, q: &Question) -> String {
    course
        .edition
        .question_versions
        .get(&q.id)
        .cloned()
        .unwrap_or_else(|| question_version(q))
}

/// The version of a case covers its graph and scoring, not its texts.
pub fn case_version(c: &crate::model::CaseFile) -> String {
    type Choices<'a> = Vec<(&'a String, &'a std::collections::BTreeMap<String, f64>)>;
    let nodes: Vec<(&String, Choices)> = c
        .nodes
        .iter()
        .map(|(id, n)| {
            (
                id,
                n.choices.iter().map(|ch| (&ch.next, &ch.effects)).collect(),
            )
        })
        .collect();
    let endings: Vec<(&String, crate::model::Outcome)> =
        c.endings.iter().map(|(id, e)| (id, e.outcome)).collect();
    version(&(&c.start, nodes, endings, c.pass))
}

fn feedback_name(f: Option<FeedbackMode>) -> &'static str {
    match f {
        Some(FeedbackMode::OnSubmit) => "on_submit",
        _ => "immediate",
    }
}

fn scoring_name(s: Option<Scoring>) -> &'static str {
    match s {
        Some(Scoring::Partial) => "partial",
        _ => "all_or_nothing",
    }
}

/// What the page shows (HTML) and what the browser grades with (data), for one question.
fn question(ctx: &Ctx, q: &Question, bank: &QuizFile) -> (Value, Value) {
    let opt_html = |s: &Option<String>| {
        s.as_deref()
            .map(|t| ctx.text_html(t, false))
            .unwrap_or_default()
    };
    let points = q.points.unwrap_or(1.0);
    let options: Vec<Value> = q
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
    let items: Vec<Value> = q
        .items
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, it)| json!({"index": i, "text_html": ctx.text_html(&it.text(), true)}))
        .collect();
    let pairs: Vec<Value> = q
        .pairs
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| json!({"index": i, "left_html": ctx.text_html(&p.left.text(), true)}))
        .collect();
    // Right-hand sides in source order, then the distractors (spec §3.1).
    let rights: Vec<Value> = q
        .pairs
        .iter()
        .flatten()
        .map(|p| p.right.text())
        .chain(q.distractors.iter().flatten().map(|d| d.text()))
        .enumerate()
        .map(|(i, text)| json!({"index": i, "text_html": ctx.text_html(&text, true), "text": text}))
        .collect();
    let prompt_html = ctx.text_html(&q.prompt, false);
    let explanation_html = opt_html(&q.explanation);
    let view = json!({
        "id": q.id,
        "type": q.kind.name(),
        "prompt_html": prompt_html,
        "points": points,
        "difficulty": q.difficulty.unwrap_or(1),
        "explanation_html": explanation_html,
        "options": options,
        "items": items,
        "pairs": pairs,
        "rights": rights,
        "unit": q.unit.clone().unwrap_or_default(),
    });
    let mut data = json!({
        "id": q.id,
        "type": q.kind.name(),
        "points": points,
        "difficulty": q.difficulty.unwrap_or(1),
        "competencies": question_competencies(q, bank),
    });
    let d = data.as_object_mut().expect("json object");
    match q.kind {
        QuestionType::Single | QuestionType::Multiple => {
            d.insert(
                "options".into(),
                json!(options.iter().map(|o| json!({"correct": o["correct"], "pin": o["pin"], "feedback": o["feedback_html"]})).collect::<Vec<_>>()),
            );
        }
        QuestionType::TrueFalse => {
            d.insert(
                "answer".into(),
                json!(matches!(q.answer, Some(Answer::Bool(true)))),
            );
            d.insert("feedback_true".into(), json!(opt_html(&q.feedback_true)));
            d.insert("feedback_false".into(), json!(opt_html(&q.feedback_false)));
        }
        QuestionType::Text => {
            d.insert(
                "accept".into(),
                json!(q
                    .accept
                    .iter()
                    .flatten()
                    .map(|a| a.text())
                    .collect::<Vec<_>>()),
            );
            d.insert(
                "reject".into(),
                json!(q
                    .reject
                    .iter()
                    .flatten()
                    .map(|r| json!({"value": r.value.text(), "feedback": opt_html(&r.feedback)}))
                    .collect::<Vec<_>>()),
            );
        }
        QuestionType::Numeric => {
            if let Some(Answer::Number(n)) = q.answer {
                d.insert("answer".into(), json!(n));
            }
            if let Some(t) = q.tolerance {
                d.insert("tolerance".into(), json!(t));
            }
            if let Some(r) = &q.range {
                d.insert("range".into(), json!(r));
            }
            d.insert("unit".into(), json!(q.unit.clone().unwrap_or_default()));
        }
        QuestionType::Order => {
            d.insert("items".into(), json!(items.len()));
        }
        QuestionType::Match => {
            d.insert("pairs".into(), json!(pairs.len()));
            d.insert("choices".into(), json!(rights.len()));
        }
    }
    if matches!(
        q.kind,
        QuestionType::Multiple | QuestionType::Order | QuestionType::Match
    ) {
        d.insert("scoring".into(), json!(scoring_name(q.scoring)));
    }
    d.insert("explanation".into(), json!(explanation_html));
    data["version"] = json!(learner_version(ctx.course, q));
    (view, data)
}

/// The `quiz` variable of `partials/quiz.html`.
pub fn quiz_value(ctx: &Ctx, quiz: &Yaml<QuizFile>, pick_override: Option<u32>) -> Value {
    // A bank's value depends only on its own file (an assessment's on every bank): reuse it
    // while the file is unchanged.
    // (A one-off build has dropped the texts; its cache lives for that build only, where a
    // bank cannot change, so the id alone is a safe key there.)
    let key = quiz.data.questions.is_some().then(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(quiz.id.as_bytes());
        h.update(ctx.locale.code.as_bytes());
        h.update(quiz.text.as_bytes());
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

fn make_quiz_value(ctx: &Ctx, quiz: &Yaml<QuizFile>, pick_override: Option<u32>) -> Value {
    let q = &quiz.data;
    let course = ctx.course;
    // An assessment shows (and ships) its whole pool; the browser draws per attempt.
    let mut members: Vec<(&Question, &QuizFile, &str)> = Vec::new();
    let mut draws = Value::Null;
    match (&q.questions, &q.draw) {
        (Some(qs), _) => members.extend(qs.iter().map(|x| (x, q, quiz.id.as_str()))),
        (None, Some(draw)) => {
            for bank in &course.quizzes {
                if let Some(qs) = &bank.data.questions {
                    for x in qs {
                        let hit = draw.iter().any(|d| {
                            d.questions.as_ref().is_some_and(|ids| ids.contains(&x.id))
                                || (d.count.is_some()
                                    && d.from.as_ref().is_none_or(|b| b == &bank.id)
                                    && d.competency.as_ref().is_none_or(|c| {
                                        question_competencies(x, &bank.data).contains(c)
                                    })
                                    && (d.from.is_some() || d.competency.is_some())
                                    && d.difficulty
                                        .as_ref()
                                        .is_none_or(|ds| ds.contains(&x.difficulty.unwrap_or(1))))
                        });
                        if hit {
                            members.push((x, &bank.data, bank.id.as_str()));
                        }
                    }
                }
            }
            draws = json!(draw
                .iter()
                .map(|d| json!({
                    "from": d.from, "competency": d.competency, "count": d.count,
                    "difficulty": d.difficulty, "questions": d.questions,
                }))
                .collect::<Vec<_>>());
        }
        _ => {}
    }
    // An assessment's pool names each question's bank, for draws `from:` a bank (spec §2.4).
    let (views, datas): (Vec<Value>, Vec<Value>) = members
        .iter()
        .map(|(x, b, id)| {
            let (view, mut data) = question(ctx, x, b);
            if q.draw.is_some() {
                data["bank"] = json!(id);
            }
            (view, data)
        })
        .unzip();
    let pass = q.pass.unwrap_or(DEFAULT_PASS);
    let pick = pick_override.or(q.pick);
    let kind = if q.draw.is_some() {
        "assessment"
    } else {
        "bank"
    };
    let drawn_count: Option<u32> = q.draw.as_ref().map(|ds| {
        ds.iter()
            .map(|d| {
                d.count.unwrap_or(0) + d.questions.as_ref().map(|x| x.len() as u32).unwrap_or(0)
            })
            .sum()
    });
    let data = json!({
        "id": quiz.id,
        "kind": kind,
        "title": q.title,
        "pass": pass,
        "pick": pick,
        "shuffle": q.shuffle.unwrap_or(true),
        "feedback": feedback_name(q.feedback),
        "attempts": q.attempts.unwrap_or(0),
        "draw": draws,
        "questions": datas,
    });
    json!({
        "id": quiz.id,
        "title": q.title,
        "kind": kind,
        "description_html": q.description.as_deref().map(|d| ctx.text_html(d, false)).unwrap_or_default(),
        "pass_percent": (pass * 100.0).round() as i64,
        "question_count": drawn_count.unwrap_or(views.len() as u32),
        "pick": pick.or(drawn_count),
        "attempts": q.attempts.unwrap_or(0),
        "feedback": feedback_name(q.feedback),
        "questions": views,
        "data_json": crate::html::script_json(&data),
    })
}

pub fn embed(ctx: &Ctx, id: &str, pick: Option<u32>, _path: &str) -> Partial {
    let quiz = ctx
        .course
        .quiz(id)
        .map(|q| quiz_value(ctx, q, pick))
        .unwrap_or(Value::Null);
    Partial {
        template: "partials/quiz.html",
        context: json!({ "quiz": quiz }),
    }
}

/// A quiz or module check page: the quiz without its questions as the page's `quiz`, the
/// whole quiz rendered into the `quiz_html` slot.
fn quiz_job(ctx: &Ctx, quiz: &Yaml<QuizFile>, path: String, mut m: Map<String, Value>) -> PageJob {
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
pub fn quiz_page(ctx: &Ctx, quiz: &Yaml<QuizFile>) -> PageJob {
    let path = paths::quiz(&quiz.id);
    let mut m = ctx.base(&path, "quiz", &quiz.data.title);
    ctx.breadcrumbs(&mut m, &path, &[]);
    let is_final = ctx
        .course
        .config
        .data
        .assessment
        .as_ref()
        .is_some_and(|a| a.quiz == quiz.id);
    if is_final {
        if let Some(fa) = super::final_assessment(ctx, &path) {
            m.insert("final_assessment".into(), fa);
        }
    }
    quiz_job(ctx, quiz, path, m)
}

pub fn check_page(
    ctx: &Ctx,
    md: &Module,
    quiz: &Yaml<QuizFile>,
    order: &super::ReadingOrder,
) -> PageJob {
    let path = paths::check(&md.id);
    let mut m = ctx.base(&path, "check", &quiz.data.title);
    ctx.breadcrumbs(&mut m, &path, &[(&md.front.title, &paths::module(&md.id))]);
    prev_next(&mut m, order, &path);
    m.insert(
        "module".into(),
        json!({"id": md.id, "title": md.front.title, "url": relative_url(&path, &paths::module(&md.id))}),
    );
    quiz_job(ctx, quiz, path, m)
}
