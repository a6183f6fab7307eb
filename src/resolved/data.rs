//! The data the learner's browser receives, one `Serialize` struct per kind: a quiz
//! (`#quiz-data-<id>`, read by grading.js and quiz.js), a case (`#case-data-<id>`, case.js), the
//! framework (`#framework-data`, mastery.js and progress.js) and the navigation
//! (`assets/nav.js`, skillpress.js). Their schema is documented in docs/learner.md; the golden
//! files in tests/js/fixtures/ are made from these structs and fed to the JavaScript by the node
//! tests, so the two sides cannot drift apart.
//!
//! Fields are declared in alphabetical order: that is the order the JSON has always had (the
//! pages are byte-identical to those made from untyped maps before), and it keeps the JSON
//! stable.
//!
//! Texts that are Markdown arrive as HTML: the caller passes `html(text, inline)`, the site
//! stage's sanitising renderer.

use super::{Case, Dimension, Model, Question, Quiz};
use crate::model::{Answer, FeedbackMode, Outcome, Quality, QuestionType, Scoring, Speaker};
use crate::paths;
use serde::Serialize;
use std::collections::BTreeMap;

/// Markdown text → sanitised HTML (`inline`: no paragraph around it).
pub type Html<'h> = &'h dyn Fn(&str, bool) -> String;

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

fn optional_html(html: Html, text: &Option<String>) -> String {
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

/// `#case-data-<id>`: what the case player needs: the graph, texts as HTML, the best score.
#[derive(Debug, Serialize)]
pub struct CaseData<'a> {
    pub best: f64,
    /// (node id, choice index) of each step of the best path.
    pub best_path: Vec<(&'a str, usize)>,
    pub competencies: &'a [String],
    pub debrief: String,
    pub dimensions: &'a [Dimension],
    pub endings: BTreeMap<&'a str, EndingData<'a>>,
    pub id: &'a str,
    pub nodes: BTreeMap<&'a str, NodeData<'a>>,
    pub pass: f64,
    pub persona: Option<PersonaData<'a>>,
    pub start: &'a str,
    pub title: &'a str,
    pub version: &'a str,
}

impl Serialize for Dimension {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Dimension", 2)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.end()
    }
}

#[derive(Debug, Serialize)]
pub struct EndingData<'a> {
    pub html: String,
    pub outcome: Outcome,
    pub title: &'a str,
}

#[derive(Debug, Serialize)]
pub struct NodeData<'a> {
    pub choices: Vec<ChoiceData<'a>>,
    pub messages: Vec<MessageData>,
    pub prompt: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ChoiceData<'a> {
    pub effects: &'a BTreeMap<String, f64>,
    pub feedback: String,
    pub html: String,
    pub next: &'a str,
    pub quality: Option<Quality>,
}

#[derive(Debug, Serialize)]
pub struct MessageData {
    pub from: Speaker,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct PersonaData<'a> {
    pub mood: Option<&'a str>,
    pub name: &'a str,
}

pub fn case<'a>(k: &'a Case<'a>, html: Html) -> CaseData<'a> {
    let c = &k.source.data;
    CaseData {
        best: k.best,
        best_path: k.best_path.iter().map(|(n, i)| (n.as_str(), *i)).collect(),
        competencies: &c.competencies,
        debrief: optional_html(html, &c.debrief),
        dimensions: &k.dimensions,
        endings: c
            .endings
            .iter()
            .map(|(id, e)| {
                (
                    id.as_str(),
                    EndingData {
                        html: optional_html(html, &e.text),
                        outcome: e.outcome,
                        title: &e.title,
                    },
                )
            })
            .collect(),
        id: k.id,
        nodes: c
            .nodes
            .iter()
            .map(|(id, n)| {
                (
                    id.as_str(),
                    NodeData {
                        choices: n
                            .choices
                            .iter()
                            .map(|ch| ChoiceData {
                                effects: &ch.effects,
                                feedback: optional_html(html, &ch.feedback),
                                html: html(&ch.text.text(), true),
                                next: &ch.next,
                                quality: ch.quality,
                            })
                            .collect(),
                        messages: n
                            .messages
                            .iter()
                            .map(|m| MessageData {
                                from: m.from,
                                html: html(&m.text.text(), false),
                            })
                            .collect(),
                        prompt: n.prompt.as_deref().unwrap_or_default(),
                    },
                )
            })
            .collect(),
        pass: k.pass,
        persona: c.persona.as_ref().map(|p| PersonaData {
            mood: p.mood.as_deref(),
            name: &p.name,
        }),
        start: &c.start,
        title: &c.title,
        version: &k.version,
    }
}

/// `#framework-data`: what the browser estimates levels and shows progress with. URLs are
/// relative to the site root.
#[derive(Debug, Serialize)]
pub struct FrameworkData<'a> {
    pub cases: BTreeMap<&'a str, CaseEvidence<'a>>,
    pub competencies: Vec<NamedRef<'a>>,
    pub default_role: &'a str,
    pub min_evidence: u32,
    pub modules: Vec<ModuleData<'a>>,
    /// Every bank question's points and competencies: the evidence for the level estimate.
    pub questions: BTreeMap<&'a str, QuestionEvidence<'a>>,
    /// Titles and pages of every quiz, for the history on the progress page.
    pub quizzes: BTreeMap<&'a str, PageRef<'a>>,
    pub roles: Vec<RoleData<'a>>,
    pub scale: Vec<ScaleData<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CaseEvidence<'a> {
    pub best: f64,
    pub competencies: &'a [String],
    /// Ending id → title.
    pub endings: BTreeMap<&'a str, &'a str>,
    pub title: &'a str,
    pub url: String,
    pub version: &'a str,
}

#[derive(Debug, Serialize)]
pub struct NamedRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ModuleData<'a> {
    pub competencies: &'a [String],
    pub id: &'a str,
    pub lessons: Vec<&'a str>,
    pub prerequisites: &'a [String],
    pub quiz: Option<&'a str>,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct QuestionEvidence<'a> {
    pub competencies: &'a [String],
    pub points: f64,
    pub version: &'a str,
}

#[derive(Debug, Serialize)]
pub struct PageRef<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct RoleData<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Competency id → target level.
    pub targets: &'a BTreeMap<String, u32>,
}

#[derive(Debug, Serialize)]
pub struct ScaleData<'a> {
    pub level: u32,
    pub min_mastery: f64,
    pub name: &'a str,
}

/// The framework data; `None` for a course without a framework (the JSON is then `null`).
pub fn framework<'a>(model: &'a Model<'a>) -> Option<FrameworkData<'a>> {
    let course = model.course;
    let fw = &course.framework.as_ref()?.data;
    let mut questions = BTreeMap::new();
    for q in model.quizzes.iter().filter(|q| q.draw.is_none()) {
        for x in &q.questions {
            questions.insert(
                x.source.id.as_str(),
                QuestionEvidence {
                    competencies: x.competencies,
                    points: x.points,
                    version: &x.version,
                },
            );
        }
    }
    Some(FrameworkData {
        cases: model
            .cases
            .iter()
            .map(|c| {
                (
                    c.id,
                    CaseEvidence {
                        best: c.best,
                        competencies: &c.source.data.competencies,
                        endings: c
                            .source
                            .data
                            .endings
                            .iter()
                            .map(|(id, e)| (id.as_str(), e.title.as_str()))
                            .collect(),
                        title: &c.source.data.title,
                        url: paths::case(c.id),
                        version: &c.version,
                    },
                )
            })
            .collect(),
        competencies: fw
            .competencies
            .iter()
            .map(|c| NamedRef {
                id: &c.id,
                name: &c.name,
            })
            .collect(),
        default_role: &model.default_role,
        min_evidence: fw.min_evidence,
        modules: course
            .modules
            .iter()
            .map(|m| ModuleData {
                competencies: &m.front.competencies,
                id: &m.id,
                lessons: m.lessons.iter().map(|l| l.id.as_str()).collect(),
                prerequisites: &m.front.prerequisites,
                quiz: m.front.quiz.as_deref(),
                title: &m.front.title,
                url: paths::module(&m.id),
            })
            .collect(),
        questions,
        quizzes: model
            .quizzes
            .iter()
            .map(|q| {
                (
                    q.id,
                    PageRef {
                        title: &q.source.data.title,
                        url: paths::quiz(q.id),
                    },
                )
            })
            .collect(),
        roles: fw
            .roles
            .iter()
            .map(|r| RoleData {
                id: &r.id,
                name: &r.name,
                targets: &r.targets,
            })
            .collect(),
        scale: fw
            .scale
            .iter()
            .map(|s| ScaleData {
                level: s.level,
                min_mastery: s.min_mastery,
                name: &s.name,
            })
            .collect(),
    })
}

/// `assets/nav.js`: `window.skillpressNav`, every URL relative to the site root.
#[derive(Debug, Serialize)]
pub struct NavData<'a> {
    /// The site's other pages: `cases`, `competencies`, `progress` (titles from the interface
    /// strings, so empty here), `assessment`, then each free `page`.
    pub links: Vec<NavLink<'a>>,
    pub modules: Vec<NavModule<'a>>,
}

#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    pub kind: &'static str,
    pub title: Option<&'a str>,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavModule<'a> {
    pub check: Option<NavCheck<'a>>,
    pub id: &'a str,
    pub lessons: Vec<NavLesson<'a>>,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavCheck<'a> {
    pub quiz: &'a str,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavLesson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
}

pub fn nav<'a>(model: &'a Model<'a>) -> NavData<'a> {
    let course = model.course;
    let mut links = vec![
        NavLink {
            kind: "cases",
            title: Some(""),
            url: paths::CASES.to_string(),
        },
        NavLink {
            kind: "competencies",
            title: Some(""),
            url: paths::COMPETENCIES.to_string(),
        },
        NavLink {
            kind: "progress",
            title: Some(""),
            url: paths::PROGRESS.to_string(),
        },
    ];
    if let Some(q) = model.assessment_quiz() {
        links.push(NavLink {
            kind: "assessment",
            title: Some(&q.source.data.title),
            url: paths::quiz(q.id),
        });
    }
    for p in &course.pages {
        links.push(NavLink {
            kind: "page",
            title: p.front.title.as_deref(),
            url: paths::page(&p.id),
        });
    }
    NavData {
        links,
        modules: model
            .modules
            .iter()
            .map(|m| {
                let md = m.source;
                NavModule {
                    check: m.check.map(|i| {
                        let q = &model.quizzes[i];
                        NavCheck {
                            quiz: q.id,
                            title: &q.source.data.title,
                            url: paths::check(&md.id),
                        }
                    }),
                    id: &md.id,
                    lessons: md
                        .lessons
                        .iter()
                        .map(|l| NavLesson {
                            id: &l.id,
                            title: &l.front.title,
                            url: paths::lesson(&md.id, &l.id),
                        })
                        .collect(),
                    title: &md.front.title,
                    url: paths::module(&md.id),
                }
            })
            .collect(),
    }
}
