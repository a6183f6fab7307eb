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
