//! Quiz banks and assessments (spec §2.3, §2.4).

use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{Course, Yaml};
use crate::model::{Answer, Question, QuestionType, QuizFile};
use crate::resolved::question_competencies;
use crate::slug::is_valid_id;
use std::collections::{BTreeMap, BTreeSet};

pub fn check_quizzes(course: &Course, known: &Known, d: &mut Diagnostics) {
    let mut question_ids: BTreeMap<&str, (&str, Option<Pos>)> = BTreeMap::new();
    for quiz in &course.quizzes {
        let file = &quiz.file;
        let q = &quiz.data;
        let at = |p: &str| quiz.spans.locate(p);
        if let Some(pass) = q.pass {
            if !(pass > 0.0 && pass <= 1.0) {
                d.push(
                    Diagnostic::error(
                        file,
                        at("pass"),
                        format!("`pass` is a fraction of the points, from 0 to 1, not {pass}"),
                    )
                    .with_help("0.8 means 80% of the points are needed to pass"),
                );
            }
        }
        check_competency_list(quiz, "competencies", &q.competencies, known, d);
        match (&q.questions, &q.draw) {
            (Some(_), Some(_)) => d.push(
                Diagnostic::error(file, at("draw"), "a quiz file has either `questions:` (a bank) or `draw:` (an assessment), not both")
                    .with_help("move the questions into their own bank and draw from it"),
            ),
            (None, None) => d.push(
                Diagnostic::error(file, at(""), "a quiz file needs `questions:` (a bank) or `draw:` (an assessment)")
                    .with_help("see docs/format.md for both forms"),
            ),
            _ => {}
        }
        if let Some(questions) = &q.questions {
            if questions.is_empty() {
                d.push(Diagnostic::error(
                    file,
                    at("questions"),
                    "the bank has no questions",
                ));
            }
            if let Some(pick) = q.pick {
                if pick == 0 || pick as usize > questions.len() {
                    d.push(
                        Diagnostic::error(
                            file,
                            at("pick"),
                            format!(
                                "`pick: {pick}` but the bank has {} questions",
                                questions.len()
                            ),
                        )
                        .with_help(format!("use a number from 1 to {}", questions.len())),
                    );
                }
            }
            for (i, question) in questions.iter().enumerate() {
                let path = format!("questions.{i}");
                let here = at(&format!("{path}.id"));
                if let Some((other, pos)) = question_ids.get(question.id.as_str()) {
                    let place = match pos {
                        Some(p) => format!("{other}:{}:{}", p.line, p.col),
                        None => other.to_string(),
                    };
                    d.push(
                        Diagnostic::error(file, here, format!("duplicate question id `{}`", question.id))
                            .with_help(format!("it is also used at `{place}`; question ids are unique in the whole course because saved answers are keyed by them")),
                    );
                } else {
                    question_ids.insert(&question.id, (file, here));
                }
                check_question(quiz, &path, question, known, d);
            }
        }
        if q.draw.is_some() && q.pick.is_some() {
            d.push(
                Diagnostic::error(
                    file,
                    at("pick"),
                    "`pick` applies to banks; an assessment draws with `draw:`",
                )
                .with_help("set `count` on each draw instead"),
            );
        }
    }
    for quiz in &course.quizzes {
        if let Some(draws) = &quiz.data.draw {
            check_draws(quiz, draws, course, known, d);
        }
    }
}

fn check_competency_list(
    quiz: &Yaml<QuizFile>,
    path: &str,
    ids: &[String],
    known: &Known,
    d: &mut Diagnostics,
) {
    known.check_competencies(&quiz.file, path, ids, |p| quiz.spans.locate(p), d);
}

/// Which type-specific keys a question has, for the "does not belong to this type" check.
fn present_keys(q: &Question) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut add = |present: bool, key: &'static str| {
        if present {
            keys.push(key)
        }
    };
    add(q.options.is_some(), "options");
    add(q.scoring.is_some(), "scoring");
    add(q.answer.is_some(), "answer");
    add(q.feedback_true.is_some(), "feedback_true");
    add(q.feedback_false.is_some(), "feedback_false");
    add(q.accept.is_some(), "accept");
    add(q.reject.is_some(), "reject");
    add(q.tolerance.is_some(), "tolerance");
    add(q.range.is_some(), "range");
    add(q.unit.is_some(), "unit");
    add(q.items.is_some(), "items");
    add(q.pairs.is_some(), "pairs");
    add(q.distractors.is_some(), "distractors");
    keys
}

fn allowed_keys(t: QuestionType) -> &'static [&'static str] {
    match t {
        QuestionType::Single => &["options"],
        QuestionType::Multiple => &["options", "scoring"],
        QuestionType::TrueFalse => &["answer", "feedback_true", "feedback_false"],
        QuestionType::Text => &["accept", "reject"],
        QuestionType::Numeric => &["answer", "tolerance", "range", "unit"],
        QuestionType::Order => &["items", "scoring"],
        QuestionType::Match => &["pairs", "distractors", "scoring"],
    }
}

fn check_question(
    quiz: &Yaml<QuizFile>,
    path: &str,
    q: &Question,
    known: &Known,
    d: &mut Diagnostics,
) {
    let file = &quiz.file;
    let at = |p: &str| quiz.spans.locate(&format!("{path}.{p}"));
    let here = quiz.spans.locate(path);
    let id = &q.id;
    let t = q.kind.name();
    let err = |pos: Option<Pos>, msg: String| {
        Diagnostic::error(file, pos, format!("{msg} (question `{id}`)"))
    };
    if !is_valid_id(id) {
        d.push(
            err(at("id"), format!("`{id}` is not a valid question id"))
                .with_help("use lower-case letters, digits and `-`, e.g. a bank prefix and a word: `handoff-triggers`"),
        );
    }
    if let Some(comps) = &q.competencies {
        check_competency_list(quiz, &format!("{path}.competencies"), comps, known, d);
    }
    if let Some(diff) = q.difficulty {
        if !(1..=3).contains(&diff) {
            d.push(err(
                at("difficulty"),
                format!("`difficulty` is 1, 2 or 3, not {diff}"),
            ));
        }
    }
    if let Some(points) = q.points {
        if points <= 0.0 || !points.is_finite() {
            d.push(err(
                at("points"),
                format!("`points` must be more than 0, not {points}"),
            ));
        }
    }
    for key in present_keys(q) {
        if !allowed_keys(q.kind).contains(&key) {
            d.push(
                err(at(key), format!("`{key}` is not used by `{t}` questions")).with_help(format!(
                    "a `{t}` question takes: {}",
                    allowed_keys(q.kind).join(", ")
                )),
            );
        }
    }
    match q.kind {
        QuestionType::Single | QuestionType::Multiple => {
            let Some(options) = &q.options else {
                d.push(
                    err(here, format!("a `{t}` question needs `options`"))
                        .with_help("list options as `- { text: …, correct: true }`"),
                );
                return;
            };
            if options.len() < 2 {
                d.push(err(
                    at("options"),
                    "a choice question needs at least two options".into(),
                ));
            }
            let correct = options.iter().filter(|o| o.correct).count();
            if q.kind == QuestionType::Single && correct != 1 {
                let msg = if correct == 0 {
                    "option list has no correct answer".to_string()
                } else {
                    format!("a `single` question has exactly one correct option, this one has {correct}")
                };
                d.push(err(at("options"), msg).with_help(if correct == 0 {
                    "mark the right option with `correct: true`"
                } else {
                    "use `type: multiple` for several right answers"
                }));
            }
            if q.kind == QuestionType::Multiple && correct == 0 {
                d.push(
                    err(at("options"), "option list has no correct answer".into())
                        .with_help("mark the right options with `correct: true`"),
                );
            }
        }
        QuestionType::TrueFalse => match q.answer {
            Some(Answer::Bool(_)) => {}
            Some(Answer::Number(_)) => d.push(err(
                at("answer"),
                "a `true_false` answer is `true` or `false`".into(),
            )),
            None => d.push(err(
                here,
                "a `true_false` question needs `answer: true` or `answer: false`".into(),
            )),
        },
        QuestionType::Text => match &q.accept {
            Some(a) if !a.is_empty() && a.iter().all(|s| !s.text().trim().is_empty()) => {}
            _ => d.push(
                err(
                    at("accept"),
                    "a `text` question needs `accept:` with at least one non-empty answer".into(),
                )
                .with_help("list accepted answers: `accept: [FCR, first contact resolution]`"),
            ),
        },
        QuestionType::Numeric => {
            if let Some(Answer::Bool(_)) = q.answer {
                d.push(err(at("answer"), "a `numeric` answer is a number".into()));
            }
            match (&q.range, q.tolerance, q.answer) {
                (Some(r), _, _) => {
                    if r.len() != 2 || r[0] > r[1] {
                        d.push(err(at("range"), "`range` is two numbers, low then high: `range: [80, 90]`".into()));
                    }
                    if q.tolerance.is_some() {
                        d.push(err(at("tolerance"), "use either `tolerance` or `range`, not both".into()));
                    }
                }
                (None, Some(tol), Some(Answer::Number(_))) => {
                    if tol < 0.0 {
                        d.push(err(at("tolerance"), "`tolerance` cannot be negative".into()));
                    }
                }
                (None, Some(_), _) => d.push(err(here, "a `numeric` question with `tolerance` needs `answer: <number>`".into())),
                (None, None, _) => d.push(
                    err(here, "a `numeric` question needs `tolerance` or `range`".into())
                        .with_help("write `answer: 85` with `tolerance: 0` for an exact answer, or `range: [80, 90]`"),
                ),
            }
        }
        QuestionType::Order => {
            if q.items.as_ref().is_none_or(|i| i.len() < 2) {
                d.push(
                    err(
                        if q.items.is_some() { at("items") } else { here },
                        "an `order` question needs at least two `items`".into(),
                    )
                    .with_help("list the items in their correct order"),
                );
            }
        }
        QuestionType::Match => {
            if q.pairs.as_ref().is_none_or(|p| p.len() < 2) {
                d.push(
                    err(
                        if q.pairs.is_some() { at("pairs") } else { here },
                        "a `match` question needs at least two `pairs`".into(),
                    )
                    .with_help("write `pairs: [{ left: …, right: … }, …]`"),
                );
            }
        }
    }
}

/// A question that an assessment may draw, with what the filters look at.
struct Pooled<'a> {
    id: &'a str,
    bank: &'a str,
    competencies: &'a [String],
    difficulty: u32,
}

fn check_draws(
    quiz: &Yaml<QuizFile>,
    draws: &[crate::model::Draw],
    course: &Course,
    known: &Known,
    d: &mut Diagnostics,
) {
    let file = &quiz.file;
    if draws.is_empty() {
        d.push(
            Diagnostic::error(
                file,
                quiz.spans.locate("draw"),
                "the assessment draws nothing",
            )
            .with_help("add draws such as `- { from: bank-id, count: 3 }`"),
        );
        return;
    }
    let all: Vec<Pooled> = course
        .quizzes
        .iter()
        .filter_map(|b| b.data.questions.as_ref().map(|qs| (b, qs)))
        .flat_map(|(b, qs)| {
            qs.iter().map(move |q| Pooled {
                id: &q.id,
                bank: &b.id,
                competencies: question_competencies(q, &b.data),
                difficulty: q.difficulty.unwrap_or(crate::resolved::DEFAULT_DIFFICULTY),
            })
        })
        .collect();
    // A bank that did not parse has questions we cannot see: counting pools would only produce
    // misleading errors on top of the real one.
    let pools_known = course.broken.quizzes.is_empty();
    let mut fixed: BTreeSet<&str> = BTreeSet::new();
    for (i, draw) in draws.iter().enumerate() {
        if let Some(ids) = &draw.questions {
            for (j, id) in ids.iter().enumerate() {
                if pools_known && !all.iter().any(|p| p.id == id) {
                    d.push(
                        Diagnostic::error(
                            file,
                            quiz.spans.locate(&format!("draw.{i}.questions.{j}")),
                            format!("unknown question `{id}`"),
                        )
                        .with_help(suggest::help(id, all.iter().map(|p| p.id))),
                    );
                }
                fixed.insert(id);
            }
        }
    }
    let mut union: BTreeSet<&str> = BTreeSet::new();
    let mut earlier: Vec<(usize, BTreeSet<&str>)> = Vec::new();
    let mut total = 0usize;
    let mut pools_ok = pools_known;
    for (i, draw) in draws.iter().enumerate() {
        let path = format!("draw.{i}");
        let at = |p: &str| quiz.spans.locate(&format!("{path}.{p}"));
        let here = quiz.spans.locate(&path);
        if draw.questions.is_some() {
            if draw.from.is_some()
                || draw.competency.is_some()
                || draw.count.is_some()
                || draw.difficulty.is_some()
            {
                d.push(
                    Diagnostic::error(
                        file,
                        here,
                        "a draw lists either fixed `questions` or a `count` to draw, not both",
                    )
                    .with_help("split it into two draws"),
                );
            }
            continue;
        }
        let Some(count) = draw.count else {
            d.push(
                Diagnostic::error(
                    file,
                    here,
                    "a draw needs `count` (or a fixed `questions` list)",
                )
                .with_help("for example `- { from: handoff-check, count: 3 }`"),
            );
            pools_ok = false;
            continue;
        };
        if draw.from.is_none() && draw.competency.is_none() {
            d.push(
                Diagnostic::error(
                    file,
                    here,
                    "a draw needs `from` (a bank) or `competency` to say where questions come from",
                )
                .with_help("for example `- { competency: data-insight, count: 4 }`"),
            );
            pools_ok = false;
            continue;
        }
        if let Some(bank) = &draw.from {
            match known.quizzes.get(bank.as_str()) {
                None => {
                    d.push(
                        Diagnostic::error(file, at("from"), format!("unknown quiz bank `{bank}`"))
                            .with_help(suggest::help(
                                bank,
                                known.quizzes.iter().filter(|(_, a)| !**a).map(|(k, _)| *k),
                            )),
                    );
                    pools_ok = false;
                }
                Some(true) => {
                    d.push(
                        Diagnostic::error(
                            file,
                            at("from"),
                            format!("`{bank}` is an assessment; draws come from banks"),
                        )
                        .with_help("name a file with `questions:`"),
                    );
                    pools_ok = false;
                }
                Some(false) => {}
            }
        }
        if let Some(c) = &draw.competency {
            if let Some(e) = known.unknown_competency(file, at("competency"), c) {
                d.push(e);
                pools_ok = false;
            }
        }
        if let Some(diffs) = &draw.difficulty {
            for (j, x) in diffs.iter().enumerate() {
                if !(1..=3).contains(x) {
                    d.push(Diagnostic::error(
                        file,
                        at(&format!("difficulty.{j}")),
                        format!("difficulty is 1, 2 or 3, not {x}"),
                    ));
                }
            }
        }
        let pool: BTreeSet<&str> = all
            .iter()
            .filter(|p| draw.from.as_ref().is_none_or(|b| b == p.bank))
            .filter(|p| {
                draw.competency
                    .as_ref()
                    .is_none_or(|c| p.competencies.contains(c))
            })
            .filter(|p| {
                draw.difficulty
                    .as_ref()
                    .is_none_or(|ds| ds.contains(&p.difficulty))
            })
            .map(|p| p.id)
            .filter(|id| !fixed.contains(id))
            .collect();
        // In the worst case every earlier draw took its questions from this pool's share.
        let taken_before: usize = earlier
            .iter()
            .map(|(c, p): &(usize, BTreeSet<&str>)| (*c).min(p.intersection(&pool).count()))
            .sum();
        if (count as usize) > pool.len() && pools_ok {
            d.push(
                Diagnostic::error(
                    file,
                    at("count"),
                    format!("this draw asks for {count} questions but only {} match it (after the fixed questions)", pool.len()),
                )
                .with_help("lower `count`, widen the filters, or add questions to the bank"),
            );
            pools_ok = false;
        } else if (count as usize) + taken_before > pool.len() && pools_ok {
            d.push(
                Diagnostic::error(
                    file,
                    at("count"),
                    format!(
                        "this draw asks for {count} of {} matching questions, but earlier draws may already have taken {taken_before} of them",
                        pool.len()
                    ),
                )
                .with_help("an attempt could run short; lower a count, or draw from pools that overlap less"),
            );
            pools_ok = false;
        }
        total += count as usize;
        union.extend(pool.iter().copied());
        earlier.push((count as usize, pool));
    }
    if pools_ok && total > union.len() {
        d.push(
            Diagnostic::error(
                file,
                quiz.spans.locate("draw"),
                format!("the draws ask for {total} questions in all, but their pools hold only {} different questions", union.len()),
            )
            .with_help("an attempt could run short; lower the counts or widen the pools"),
        );
    }
}
