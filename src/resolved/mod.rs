//! The course as every stage after validation reads it: each default applied here, once, and
//! each reference resolved to the thing it names. The site, search, SCORM and `check` read this
//! model, never the raw YAML types' `Option`s, so a default cannot differ between two outputs.
//!
//! Made by [`resolve`] from a course that passed validation (`build` calls it right after
//! `validate::validate`); a reference that does not resolve is left out rather than reported,
//! because validation has already reported it.

pub mod data;
pub mod diagnostic;
#[cfg(test)]
mod tests;

use crate::load::{Course, Module, Yaml};
use crate::locale::Locale;
use crate::model::{self, CaseFile, Draw, FeedbackMode, QuizFile, ReplyFile, Scoring};

/// The pass mark of a quiz or case that does not set `pass:` (spec §2.3, §2.5).
pub const DEFAULT_PASS: f64 = 0.7;
/// A question's points when it does not set `points:`.
pub const DEFAULT_POINTS: f64 = 1.0;
/// A quiz's `attempts` when it does not set any: 0, no limit.
pub const DEFAULT_ATTEMPTS: u32 = 0;
/// How many graded items a competency needs before its level is shown, when the framework
/// does not set `min_evidence:` (spec §2.7).
pub const DEFAULT_MIN_EVIDENCE: u32 = 3;
/// A question's or case's difficulty when it does not set `difficulty:`.
pub const DEFAULT_DIFFICULTY: u32 = 1;
/// A case's scoring dimensions when it does not list its own: ids and the interface-string
/// keys of their names.
pub const DEFAULT_DIMENSIONS: [(&str, &str); 3] = [
    ("satisfaction", "dimension_satisfaction"),
    ("efficiency", "dimension_efficiency"),
    ("compliance", "dimension_compliance"),
];

/// `pass:` as written, or the default: the one place the pass mark is defaulted.
pub fn pass_mark(given: Option<f64>) -> f64 {
    given.unwrap_or(DEFAULT_PASS)
}

/// The framework's `min_evidence:` as written, or the default: the one place it is defaulted.
pub fn min_evidence(fw: &model::Framework) -> u32 {
    fw.min_evidence.unwrap_or(DEFAULT_MIN_EVIDENCE)
}

/// The resolved course. Borrows the parsed course for texts (titles, prompts, Markdown) and adds
/// what is derived: defaults, inherited competencies, assessment pools, best paths, versions.
pub struct Model<'a> {
    pub course: &'a Course,
    /// Every quiz, in the course's quiz order.
    pub quizzes: Vec<Quiz<'a>>,
    /// Every case, in the course's case order.
    pub cases: Vec<Case<'a>>,
    /// Every reply template, in the library's order (by scenario, then file name).
    pub replies: Vec<Reply<'a>>,
    /// Every module with its lessons' competencies resolved.
    pub modules: Vec<ModuleInfo<'a>>,
    /// `course.yaml`'s `default_role`, else the framework's first role, else empty.
    pub default_role: String,
    /// The final assessment (`course.yaml`'s `assessment.quiz`), when it names a quiz.
    pub assessment: Option<Assessment<'a>>,
    /// The diagnostic (`course.yaml`'s `diagnostic:`) with its questions drawn.
    pub diagnostic: Option<diagnostic::Plan<'a>>,
}

/// The course's final assessment.
#[derive(Debug, Clone, Copy)]
pub struct Assessment<'a> {
    /// Index into `Model::quizzes`.
    pub quiz: usize,
    pub id: &'a str,
    pub certificate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKind {
    /// A file with `questions:`.
    Bank,
    /// A file with `draw:`: each attempt draws from the banks' questions.
    Assessment,
}

impl QuizKind {
    pub fn name(self) -> &'static str {
        match self {
            QuizKind::Bank => "bank",
            QuizKind::Assessment => "assessment",
        }
    }
}

pub struct Quiz<'a> {
    pub id: &'a str,
    pub source: &'a Yaml<QuizFile>,
    pub kind: QuizKind,
    pub pass: f64,
    pub pick: Option<u32>,
    pub shuffle: bool,
    pub feedback: FeedbackMode,
    /// 0: no limit.
    pub attempts: u32,
    /// A bank's questions; an assessment's pool (every question a draw can take), in bank order.
    pub questions: Vec<Question<'a>>,
    /// An assessment's draws.
    pub draw: Option<&'a [Draw]>,
    /// How many questions an attempt of an assessment has.
    pub drawn_count: Option<u32>,
}

pub struct Question<'a> {
    pub source: &'a model::Question,
    /// The id of the bank the question is written in.
    pub bank: &'a str,
    pub points: f64,
    pub difficulty: u32,
    /// Its own `competencies:`, else its bank's.
    pub competencies: &'a [String],
    pub scoring: Scoring,
    /// Changes when what decides grading changes (see `question_version`).
    pub version: String,
}

pub struct Case<'a> {
    pub id: &'a str,
    pub source: &'a Yaml<CaseFile>,
    pub pass: f64,
    pub difficulty: u32,
    /// Its own dimensions, else the default three with names in the course's language.
    pub dimensions: Vec<Dimension>,
    /// The best path's score and steps (node id, choice index).
    pub best: f64,
    pub best_path: Vec<(String, usize)>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub id: String,
    pub name: String,
}

/// A reply template with its scenario's name, its placeholders in the order the text uses them,
/// and its related lessons as the source files they name.
pub struct Reply<'a> {
    pub id: &'a str,
    pub source: &'a Yaml<ReplyFile>,
    /// The scenario's name from `_library.yaml`, else its id.
    pub scenario_name: &'a str,
    /// (name, form label), in order of first use in the text.
    pub placeholders: Vec<(&'a str, &'a str)>,
    /// Each `lessons:` link as a rooted source link (`/modules/x/y.md#a`).
    pub lessons: Vec<String>,
}

pub struct ModuleInfo<'a> {
    pub source: &'a Module,
    /// Each lesson's competencies: its own, else its module's.
    pub lesson_competencies: Vec<&'a [String]>,
    /// The module's check (index into `Model::quizzes`), when its `quiz:` names one.
    pub check: Option<usize>,
}

impl<'a> Model<'a> {
    pub fn quiz(&self, id: &str) -> Option<&Quiz<'a>> {
        self.quizzes.iter().find(|q| q.id == id)
    }

    pub fn case(&self, id: &str) -> Option<&Case<'a>> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// A bank question by id.
    pub fn bank_question(&self, id: &str) -> Option<&Question<'a>> {
        self.quizzes
            .iter()
            .filter(|q| q.kind == QuizKind::Bank)
            .flat_map(|q| q.questions.iter())
            .find(|q| q.source.id == id)
    }

    pub fn reply(&self, id: &str) -> Option<&Reply<'a>> {
        self.replies.iter().find(|r| r.id == id)
    }

    pub fn assessment_quiz(&self) -> Option<&Quiz<'a>> {
        self.assessment.map(|a| &self.quizzes[a.quiz])
    }

    /// The locale of the course's language.
    pub fn locale(&self) -> &'static Locale {
        Locale::for_language(self.course.config.data.language.as_deref())
    }
}

/// The resolved model of a validated course.
pub fn resolve(course: &Course) -> Model<'_> {
    let locale = Locale::for_language(course.config.data.language.as_deref());
    let quizzes: Vec<Quiz> = course.quizzes.iter().map(|q| quiz(course, q)).collect();
    let position = |id: &str| quizzes.iter().position(|q| q.id == id);
    let modules = course
        .modules
        .iter()
        .map(|m| ModuleInfo {
            source: m,
            lesson_competencies: m
                .lessons
                .iter()
                .map(|l| {
                    l.front
                        .competencies
                        .as_deref()
                        .unwrap_or(&m.front.competencies)
                })
                .collect(),
            check: m.front.quiz.as_deref().and_then(position),
        })
        .collect();
    let assessment = course.config.data.assessment.as_ref().and_then(|a| {
        position(&a.quiz).map(|i| Assessment {
            quiz: i,
            id: quizzes[i].id,
            certificate: a.certificate,
        })
    });
    let default_role = course
        .config
        .data
        .default_role
        .clone()
        .or_else(|| {
            course
                .framework
                .as_ref()
                .and_then(|f| f.data.roles.first().map(|r| r.id.clone()))
        })
        .unwrap_or_default();
    Model {
        course,
        cases: course.cases.iter().map(|c| case(c, locale)).collect(),
        quizzes,
        replies: course.replies.iter().map(|r| reply(course, r)).collect(),
        modules,
        default_role,
        assessment,
        diagnostic: diagnostic::plan(course),
    }
}

fn question<'a>(course: &Course, q: &'a model::Question, bank: &'a Yaml<QuizFile>) -> Question<'a> {
    Question {
        source: q,
        bank: &bank.id,
        points: q.points.unwrap_or(DEFAULT_POINTS),
        difficulty: q.difficulty.unwrap_or(DEFAULT_DIFFICULTY),
        competencies: question_competencies(q, &bank.data),
        scoring: q.scoring.unwrap_or(Scoring::AllOrNothing),
        version: learner_version(course, q),
    }
}

/// The version a learner's saved answer to `q` is kept under: in a translated edition, the
/// default language's question's (see `Edition::question_versions`), whose text answers and
/// item texts differ from the translation's, so that progress carries across languages.
fn learner_version(course: &Course, q: &model::Question) -> String {
    course
        .edition
        .question_versions
        .get(&q.id)
        .cloned()
        .unwrap_or_else(|| question_version(q))
}

/// Every question's version by question id: the default edition's, which the other editions
/// carry (see `Edition::question_versions`).
pub fn question_versions(course: &Course) -> std::collections::BTreeMap<String, String> {
    course
        .quizzes
        .iter()
        .flat_map(|b| b.data.questions.iter().flatten())
        .map(|q| (q.id.clone(), question_version(q)))
        .collect()
}

/// The competencies a question assesses: its own, else its bank's.
pub fn question_competencies<'a>(q: &'a model::Question, bank: &'a QuizFile) -> &'a [String] {
    q.competencies.as_deref().unwrap_or(&bank.competencies)
}

/// Whether a draw can take `q` (written in `bank`) into an assessment's pool (spec §2.4): it
/// names the question, or it counts questions from its bank and competency and difficulties.
pub fn draw_takes(d: &Draw, q: &model::Question, bank: &Yaml<QuizFile>) -> bool {
    d.questions.as_ref().is_some_and(|ids| ids.contains(&q.id))
        || (d.count.is_some()
            && d.from.as_ref().is_none_or(|b| b == &bank.id)
            && d.competency
                .as_ref()
                .is_none_or(|c| question_competencies(q, &bank.data).contains(c))
            && (d.from.is_some() || d.competency.is_some())
            && d.difficulty
                .as_ref()
                .is_none_or(|ds| ds.contains(&q.difficulty.unwrap_or(DEFAULT_DIFFICULTY))))
}

fn quiz<'a>(course: &'a Course, file: &'a Yaml<QuizFile>) -> Quiz<'a> {
    let q = &file.data;
    let mut questions = Vec::new();
    match (&q.questions, &q.draw) {
        (Some(qs), _) => questions.extend(qs.iter().map(|x| question(course, x, file))),
        (None, Some(draw)) => {
            for bank in &course.quizzes {
                for x in bank.data.questions.iter().flatten() {
                    if draw.iter().any(|d| draw_takes(d, x, bank)) {
                        questions.push(question(course, x, bank));
                    }
                }
            }
        }
        _ => {}
    }
    let kind = if q.draw.is_some() {
        QuizKind::Assessment
    } else {
        QuizKind::Bank
    };
    Quiz {
        id: &file.id,
        source: file,
        kind,
        pass: pass_mark(q.pass),
        pick: q.pick,
        shuffle: q.shuffle.unwrap_or(true),
        feedback: q.feedback.unwrap_or(FeedbackMode::Immediate),
        attempts: q.attempts.unwrap_or(DEFAULT_ATTEMPTS),
        questions,
        draw: q.draw.as_deref(),
        drawn_count: q.draw.as_ref().map(|ds| {
            ds.iter()
                .map(|d| d.count.unwrap_or(0) + d.questions.as_ref().map_or(0, |x| x.len() as u32))
                .sum()
        }),
    }
}

fn case<'a>(file: &'a Yaml<CaseFile>, locale: &Locale) -> Case<'a> {
    let c = &file.data;
    let dimensions = match &c.dimensions {
        Some(ds) => ds
            .iter()
            .map(|d| Dimension {
                id: d.id.clone(),
                name: d.name.clone(),
            })
            .collect(),
        None => DEFAULT_DIMENSIONS
            .iter()
            .map(|(id, key)| Dimension {
                id: id.to_string(),
                name: locale.t(key),
            })
            .collect(),
    };
    let (best, best_path) = crate::case_graph::best_path(c).unwrap_or((0.0, Vec::new()));
    Case {
        id: &file.id,
        source: file,
        pass: pass_mark(c.pass),
        difficulty: c.difficulty.unwrap_or(DEFAULT_DIFFICULTY),
        dimensions,
        best,
        best_path,
        version: case_version(c),
    }
}

fn reply<'a>(course: &'a Course, file: &'a Yaml<ReplyFile>) -> Reply<'a> {
    let r = &file.data;
    let scenario_name = course
        .reply_library
        .as_ref()
        .and_then(|l| l.data.scenarios.iter().find(|s| s.id == r.scenario))
        .map_or(r.scenario.as_str(), |s| s.name.as_str());
    Reply {
        id: &file.id,
        source: file,
        scenario_name,
        placeholders: crate::replies::placeholder_names(&r.text)
            .into_iter()
            .filter_map(|name| r.placeholders.get_key_value(name))
            .map(|(name, label)| (name.as_str(), label.as_str()))
            .collect(),
        lessons: r
            .lessons
            .iter()
            .map(|l| crate::replies::lesson_source(l))
            .collect(),
    }
}

/// A short, stable fingerprint of a question or case as written, so saved answers can be dropped
/// when the thing they answer has changed (FNV-1a over its parsed form).
fn version<T: std::fmt::Debug>(v: &T) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{v:?}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// The version of a question covers what decides how an answer is graded, not the wording of
/// prompts, feedback or explanations: fixing a typo must not wipe learners' answers.
pub fn question_version(q: &model::Question) -> String {
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

/// The version of a case covers its graph and scoring, not its texts.
pub fn case_version(c: &CaseFile) -> String {
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
    let endings: Vec<(&String, model::Outcome)> =
        c.endings.iter().map(|(id, e)| (id, e.outcome)).collect();
    version(&(&c.start, nodes, endings, c.pass))
}
