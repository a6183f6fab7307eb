//! `#quiz-data-<id>` (`QuizData`).

use super::Html;
use crate::model::{Answer, FeedbackMode, QuestionType, Scoring};
use crate::resolved::{Question, Quiz};
use serde::Serialize;

/// `#quiz-data-<id>`: what the browser grades a quiz with.
#[derive(Debug, Serialize)]
pub struct QuizData<'a> {
    /// 0: no limit.
    pub attempts: u32,
    /// An assessment's draws; `null` for a bank.
    pub draw: Option<Vec<DrawData<'a>>>,
    pub feedback: FeedbackMode,
    pub id: &'a str,
    /// `bank` or `assessment`.
    pub kind: &'static str,
    pub pass: f64,
    pub pick: Option<u32>,
    pub questions: Vec<QuestionData<'a>>,
    pub shuffle: bool,
    pub title: &'a str,
}

#[derive(Debug, Serialize)]
pub struct DrawData<'a> {
    pub competency: Option<&'a str>,
    pub count: Option<u32>,
    pub difficulty: Option<&'a [u32]>,
    pub from: Option<&'a str>,
    pub questions: Option<&'a [String]>,
}

/// One question: the keys every question has, then those of its type (absent otherwise).
#[derive(Debug, Serialize)]
pub struct QuestionData<'a> {
    /// text: accepted answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<Vec<String>>,
    /// true_false: a boolean; numeric: a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerData>,
    /// In an assessment's pool: the bank the question is written in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<&'a str>,
    /// match: the number of right-hand sides (pairs' rights, then distractors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<usize>,
    pub competencies: &'a [String],
    pub difficulty: u32,
    pub explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_false: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_true: Option<String>,
    pub id: &'a str,
    /// order: the number of items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<OptionData>>,
    /// match: the number of pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<usize>,
    pub points: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<&'a [f64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reject: Option<Vec<RejectData>>,
    /// multiple, order, match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// numeric only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub version: &'a str,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum AnswerData {
    Bool(bool),
    Number(f64),
}

#[derive(Debug, Serialize)]
pub struct OptionData {
    pub correct: bool,
    pub feedback: String,
    pub pin: bool,
}

#[derive(Debug, Serialize)]
pub struct RejectData {
    pub feedback: String,
    pub value: String,
}

pub(super) fn optional_html(html: Html, text: &Option<String>) -> String {
    text.as_deref().map(|t| html(t, false)).unwrap_or_default()
}

/// A question's data; `in_pool`: it is part of an assessment's pool (it then names its bank).
pub fn question<'a>(q: &'a Question<'a>, in_pool: bool, html: Html) -> QuestionData<'a> {
    let s = q.source;
    let mut d = QuestionData {
        accept: None,
        answer: None,
        bank: in_pool.then_some(q.bank),
        choices: None,
        competencies: q.competencies,
        difficulty: q.difficulty,
        explanation: optional_html(html, &s.explanation),
        feedback_false: None,
        feedback_true: None,
        id: &s.id,
        items: None,
        options: None,
        pairs: None,
        points: q.points,
        range: None,
        reject: None,
        scoring: None,
        tolerance: None,
        kind: s.kind,
        unit: None,
        version: &q.version,
    };
    match s.kind {
        QuestionType::Single | QuestionType::Multiple => {
            d.options = Some(
                s.options
                    .iter()
                    .flatten()
                    .map(|o| OptionData {
                        correct: o.correct,
                        feedback: optional_html(html, &o.feedback),
                        pin: o.pin,
                    })
                    .collect(),
            );
        }
        QuestionType::TrueFalse => {
            d.answer = Some(AnswerData::Bool(matches!(
                s.answer,
                Some(Answer::Bool(true))
            )));
            d.feedback_true = Some(optional_html(html, &s.feedback_true));
            d.feedback_false = Some(optional_html(html, &s.feedback_false));
        }
        QuestionType::Text => {
            d.accept = Some(s.accept.iter().flatten().map(|a| a.text()).collect());
            d.reject = Some(
                s.reject
                    .iter()
                    .flatten()
                    .map(|r| RejectData {
                        feedback: optional_html(html, &r.feedback),
                        value: r.value.text(),
                    })
                    .collect(),
            );
        }
        QuestionType::Numeric => {
            if let Some(Answer::Number(n)) = s.answer {
                d.answer = Some(AnswerData::Number(n));
            }
            d.tolerance = s.tolerance;
            d.range = s.range.as_deref();
            d.unit = Some(s.unit.clone().unwrap_or_default());
        }
        QuestionType::Order => d.items = Some(s.items.as_ref().map_or(0, Vec::len)),
        QuestionType::Match => {
            let pairs = s.pairs.as_ref().map_or(0, Vec::len);
            d.pairs = Some(pairs);
            d.choices = Some(pairs + s.distractors.as_ref().map_or(0, Vec::len));
        }
    }
    if matches!(
        s.kind,
        QuestionType::Multiple | QuestionType::Order | QuestionType::Match
    ) {
        d.scoring = Some(q.scoring);
    }
    d
}

/// A quiz's data; `pick` overrides the quiz's own (an embed's `pick=`).
pub fn quiz<'a>(q: &'a Quiz<'a>, pick: Option<u32>, html: Html) -> QuizData<'a> {
    let in_pool = q.draw.is_some();
    QuizData {
        attempts: q.attempts,
        draw: q.draw.map(|ds| {
            ds.iter()
                .map(|d| DrawData {
                    competency: d.competency.as_deref(),
                    count: d.count,
                    difficulty: d.difficulty.as_deref(),
                    from: d.from.as_deref(),
                    questions: d.questions.as_deref(),
                })
                .collect()
        }),
        feedback: q.feedback,
        id: q.id,
        kind: q.kind.name(),
        pass: q.pass,
        pick: pick.or(q.pick),
        questions: q
            .questions
            .iter()
            .map(|x| question(x, in_pool, html))
            .collect(),
        shuffle: q.shuffle,
        title: &q.source.data.title,
    }
}

/// The data of one competency's diagnostic questions, shown as a bank: the drawn questions,
/// checked when the learner submits them all (answers without feedback in between measure
/// best), with the default pass mark and no attempt limit (a diagnostic is not passed or failed).
pub fn diagnostic<'a>(
    id: &'a str,
    title: &'a str,
    questions: &[&'a Question<'a>],
    html: Html,
) -> QuizData<'a> {
    QuizData {
        attempts: crate::resolved::DEFAULT_ATTEMPTS,
        draw: None,
        feedback: FeedbackMode::OnSubmit,
        id,
        kind: crate::resolved::QuizKind::Bank.name(),
        pass: crate::resolved::pass_mark(None),
        pick: None,
        questions: questions.iter().map(|q| question(q, false, html)).collect(),
        shuffle: true,
        title,
    }
}
