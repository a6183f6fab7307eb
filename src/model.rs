//! The course files as authors write them: serde types that mirror the YAML one to one.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with a position rather than a
//! setting that silently does nothing. Meaning (defaults, references, graph rules) is checked in
//! `validate`; these types only describe shape.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseConfig {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// Every language the course is written in, the default first (see `editions`).
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub default_role: Option<String>,
    #[serde(default)]
    pub highlight_theme: Option<String>,
    #[serde(default)]
    pub assessment: Option<AssessmentRef>,
    /// Days after its `reviewed:` date a reply template is due for review (default 365).
    #[serde(default)]
    pub review_every: Option<u32>,
    #[serde(default)]
    pub diagnostic: Option<DiagnosticConfig>,
}

/// `diagnostic:` in `course.yaml`: a self-rating and a few questions per competency, for a
/// learner to start from (docs/format.md, "The diagnostic").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticConfig {
    /// Questions per competency (2 or 3).
    #[serde(default)]
    pub questions: Option<u32>,
    /// What one diagnostic answer counts for, as a share of an answer given elsewhere.
    #[serde(default)]
    pub weight: Option<f64>,
    /// Role id → the competencies its diagnostic covers; without it, every role with every
    /// competency it targets.
    #[serde(default)]
    pub roles: Option<BTreeMap<String, Vec<String>>>,
    /// Competency id → question ids to ask (the build draws the rest).
    #[serde(default)]
    pub pin: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRef {
    pub quiz: String,
    #[serde(default)]
    pub certificate: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub scale: Vec<ScaleLevel>,
    /// As written; `resolved::min_evidence` applies the default.
    #[serde(default)]
    pub min_evidence: Option<u32>,
    pub competencies: Vec<Competency>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub level: u32,
    pub name: String,
    pub min_mastery: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub levels: BTreeMap<u32, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub targets: BTreeMap<String, u32>,
}

/// Front matter of a module's `index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFront {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub competencies: Vec<String>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub quiz: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of a lesson.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFront {
    pub title: String,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub competencies: Option<Vec<String>>,
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of `content/index.md` and of free pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// A free page's description for search engines and link previews; on the home page, the
    /// course description of the file's language (course.yaml has one, in the default language).
    #[serde(default)]
    pub description: Option<String>,
}

/// A file in `quizzes/`: a bank (`questions:`) or an assessment (`draw:`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizFile {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub competencies: Vec<String>,
    #[serde(default)]
    pub pass: Option<f64>,
    #[serde(default)]
    pub pick: Option<u32>,
    #[serde(default)]
    pub shuffle: Option<bool>,
    #[serde(default)]
    pub feedback: Option<FeedbackMode>,
    #[serde(default)]
    pub attempts: Option<u32>,
    #[serde(default)]
    pub questions: Option<Vec<Question>>,
    #[serde(default)]
    pub draw: Option<Vec<Draw>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackMode {
    Immediate,
    OnSubmit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    Single,
    Multiple,
    TrueFalse,
    Text,
    Numeric,
    Order,
    Match,
}

impl QuestionType {
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::TrueFalse => "true_false",
            QuestionType::Text => "text",
            QuestionType::Numeric => "numeric",
            QuestionType::Order => "order",
            QuestionType::Match => "match",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    AllOrNothing,
    Partial,
}

/// One question. All type-specific keys are optional here; `validate` checks that each type has
/// what it needs and nothing that belongs to another type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub prompt: String,
    #[serde(default)]
    pub competencies: Option<Vec<String>>,
    #[serde(default)]
    pub difficulty: Option<u32>,
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub explanation: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub options: Option<Vec<AnswerOption>>,
    #[serde(default)]
    pub scoring: Option<Scoring>,
    #[serde(default)]
    pub answer: Option<Answer>,
    #[serde(default)]
    pub feedback_true: Option<String>,
    #[serde(default)]
    pub feedback_false: Option<String>,
    #[serde(default)]
    pub accept: Option<Vec<Scalar>>,
    #[serde(default)]
    pub reject: Option<Vec<Reject>>,
    #[serde(default)]
    pub tolerance: Option<f64>,
    #[serde(default)]
    pub range: Option<Vec<f64>>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub items: Option<Vec<Scalar>>,
    #[serde(default)]
    pub pairs: Option<Vec<Pair>>,
    #[serde(default)]
    pub distractors: Option<Vec<Scalar>>,
}

/// `answer:` is a boolean for true_false and a number for numeric.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Bool(bool),
    Number(f64),
}

/// Text an author may write unquoted as a number or boolean (`accept: [42]`, `items: [yes]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    pub fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub text: Scalar,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default)]
    pub pin: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reject {
    pub value: Scalar,
    #[serde(default)]
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub left: Scalar,
    pub right: Scalar,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draw {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub competency: Option<String>,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub difficulty: Option<Vec<u32>>,
    #[serde(default)]
    pub questions: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub difficulty: Option<u32>,
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub competencies: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub situation: Option<String>,
    #[serde(default)]
    pub task: Option<String>,
    #[serde(default)]
    pub persona: Option<Persona>,
    #[serde(default)]
    pub dimensions: Option<Vec<Dimension>>,
    pub start: String,
    pub nodes: BTreeMap<String, Node>,
    pub endings: BTreeMap<String, Ending>,
    #[serde(default)]
    pub pass: Option<f64>,
    #[serde(default)]
    pub debrief: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Chat,
    Dm,
    Phone,
    Email,
    Video,
    InPerson,
}

impl Channel {
    pub fn id(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Dm => "dm",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Video => "video",
            Channel::InPerson => "in_person",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: String,
    #[serde(default)]
    pub mood: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub prompt: Option<String>,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Customer,
    Bot,
    Agent,
    System,
    Colleague,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub from: Speaker,
    pub text: Scalar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Best,
    Acceptable,
    Poor,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Scalar,
    pub next: String,
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default)]
    pub effects: BTreeMap<String, f64>,
    #[serde(default)]
    pub quality: Option<Quality>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Partial,
    Fail,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub title: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub text: Option<String>,
}

/// `content/replies/_library.yaml`: the reply library's scenario vocabulary, in filter order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyLibrary {
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub name: String,
}

/// A reply template (`content/replies/<id>.yaml`). Channels and tone are plain text here so a
/// wrong value is reported with the others (and a suggestion) by `validate`, not as a parse
/// failure that hides the rest of the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyFile {
    pub title: String,
    pub scenario: String,
    pub channels: Vec<String>,
    pub tone: String,
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Placeholder name → the label of its field on the fill-in form.
    #[serde(default)]
    pub placeholders: BTreeMap<String, String>,
    pub text: String,
    pub use_when: String,
    pub avoid_when: String,
    #[serde(default)]
    pub cases: Vec<String>,
    /// Rooted links to lessons (`/modules/02-x/01-y`, `.md` optional, anchors allowed).
    #[serde(default)]
    pub lessons: Vec<String>,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub reviewed: Scalar,
}
