//! `#framework-data` (`FrameworkData`).

use crate::paths;
use crate::resolved::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// `#framework-data`: what the browser estimates levels and shows progress with. URLs are
/// relative to the site root.
#[derive(Debug, Serialize)]
pub struct FrameworkData<'a> {
    pub cases: BTreeMap<&'a str, CaseEvidence<'a>>,
    pub competencies: Vec<NamedRef<'a>>,
    pub default_role: &'a str,
    /// The diagnostic, when `course.yaml` has one.
    pub diagnostic: Option<DiagnosticData<'a>>,
    /// The final assessment's quiz id (`course.yaml`'s `assessment.quiz`), if any.
    #[serde(rename = "final")]
    pub final_assessment: Option<&'a str>,
    pub min_evidence: u32,
    pub modules: Vec<ModuleData<'a>>,
    /// Every bank question's points and competencies: the evidence for the level estimate.
    pub questions: BTreeMap<&'a str, QuestionEvidence<'a>>,
    /// Titles, pages and kinds of every quiz, for the history on the progress page and the
    /// team page's completion.
    pub quizzes: BTreeMap<String, QuizRef<'a>>,
    pub roles: Vec<RoleData<'a>>,
    pub scale: Vec<ScaleData<'a>>,
}

/// What mastery.js needs to weigh diagnostic answers and to know when a competency's
/// diagnostic is complete.
#[derive(Debug, Serialize)]
pub struct DiagnosticData<'a> {
    /// Competency id → the ids of the questions the diagnostic asks on it.
    pub competencies: BTreeMap<&'a str, &'a [&'a str]>,
    /// Role id → the competencies its diagnostic covers, in the framework's order.
    pub roles: BTreeMap<&'a str, &'a [&'a str]>,
    pub url: &'static str,
    /// What one diagnostic answer counts for, as a share of an answer given elsewhere.
    pub weight: f64,
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
    /// The question type (`single`, `multiple`, …): the team page folds answers by it.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub version: &'a str,
}

#[derive(Debug, Serialize)]
pub struct QuizRef<'a> {
    /// `bank` or `assessment`; `diagnostic` for a competency's diagnostic questions.
    pub kind: &'static str,
    pub title: std::borrow::Cow<'a, str>,
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
                    kind: x.source.kind.name(),
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
        diagnostic: model.diagnostic.as_ref().map(|p| DiagnosticData {
            competencies: p
                .competencies
                .iter()
                .map(|c| (c.id, c.questions.as_slice()))
                .collect(),
            roles: p
                .roles
                .iter()
                .map(|r| (r.id, r.competencies.as_slice()))
                .collect(),
            url: paths::DIAGNOSTIC,
            weight: p.weight,
        }),
        final_assessment: model.assessment.map(|a| a.id),
        min_evidence: crate::resolved::min_evidence(fw),
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
                    q.id.to_string(),
                    QuizRef {
                        kind: q.kind.name(),
                        title: q.source.data.title.as_str().into(),
                        url: paths::quiz(q.id),
                    },
                )
            })
            // Each competency's diagnostic questions are a quiz of their own in the saved state
            // (`diagnostic:<competency>`): the progress page's history names them.
            .chain(model.diagnostic.iter().flat_map(|p| {
                p.competencies.iter().map(|c| {
                    let name = fw
                        .competencies
                        .iter()
                        .find(|x| x.id == c.id)
                        .map_or(c.id, |x| x.name.as_str());
                    (
                        format!("diagnostic:{}", c.id),
                        QuizRef {
                            kind: "diagnostic",
                            title: format!("{} · {name}", model.locale().t("diagnostic")).into(),
                            url: paths::DIAGNOSTIC.to_string(),
                        },
                    )
                })
            }))
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
