//! The diagnostic (`course.yaml` `diagnostic:`): which competencies each role's diagnostic
//! covers and which questions it asks about each, drawn once when the site is built, so every
//! learner of a build gets the same questions and a rebuild of the same course the same page.

use crate::load::Course;
use crate::model::{DiagnosticConfig, Framework};
use std::collections::BTreeSet;

/// Questions per competency when `questions:` is not written.
pub const DEFAULT_QUESTIONS: u32 = 2;
/// The evidence weight of a diagnostic answer when `weight:` is not written: like any answer.
pub const DEFAULT_WEIGHT: f64 = 1.0;
/// What the page's time estimate allows for one question and for one self-rating.
pub const SECONDS_PER_QUESTION: u32 = 30;
pub const SECONDS_PER_RATING: u32 = 20;

/// The diagnostic as built.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan<'a> {
    pub per_competency: u32,
    pub weight: f64,
    /// The roles with a diagnostic, in the framework's order.
    pub roles: Vec<RolePlan<'a>>,
    /// Every competency some role's diagnostic covers, in the framework's order.
    pub competencies: Vec<CompetencyPlan<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RolePlan<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// In the framework's order.
    pub competencies: Vec<&'a str>,
    /// The estimated time: questions and self-ratings, rounded up to whole minutes.
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompetencyPlan<'a> {
    pub id: &'a str,
    /// Question ids: the pinned ones as written, then the drawn ones.
    pub questions: Vec<&'a str>,
    /// How many bank questions are tagged with the competency (what the draw could take).
    pub tagged: usize,
}

/// The competencies each role's diagnostic covers: `roles:` as written (unknown ids left out:
/// validation reports them), else every role with each competency it targets.
pub fn role_competencies<'a>(
    cfg: &'a DiagnosticConfig,
    fw: &'a Framework,
) -> Vec<(&'a str, &'a str, Vec<&'a str>)> {
    let in_order = |wanted: &dyn Fn(&str) -> bool| -> Vec<&'a str> {
        fw.competencies
            .iter()
            .map(|c| c.id.as_str())
            .filter(|c| wanted(c))
            .collect()
    };
    fw.roles
        .iter()
        .filter_map(|r| {
            let comps = match &cfg.roles {
                Some(map) => {
                    let listed = map.get(&r.id)?;
                    in_order(&|c| listed.iter().any(|x| x == c))
                }
                None => in_order(&|c| r.targets.contains_key(c)),
            };
            Some((r.id.as_str(), r.name.as_str(), comps))
        })
        .collect()
}

/// The diagnostic of a course, or `None` when it has none (or no framework).
pub fn plan(course: &Course) -> Option<Plan<'_>> {
    let cfg = course.config.data.diagnostic.as_ref()?;
    let fw = &course.framework.as_ref()?.data;
    let per_competency = cfg.questions.unwrap_or(DEFAULT_QUESTIONS);
    let roles = role_competencies(cfg, fw);
    let covered: BTreeSet<&str> = roles.iter().flat_map(|r| r.2.iter().copied()).collect();

    // Every bank question with the competencies it assesses, in course order.
    let bank_questions: Vec<(&str, &[String])> = course
        .quizzes
        .iter()
        .filter(|q| q.data.draw.is_none())
        .flat_map(|bank| {
            bank.data
                .questions
                .iter()
                .flatten()
                .map(move |q| (q.id.as_str(), super::question_competencies(q, &bank.data)))
        })
        .collect();
    let exists = |id: &str| bank_questions.iter().any(|(q, _)| *q == id);
    // Pinned questions are reserved first, so the draw for another competency cannot take one.
    let mut used: BTreeSet<&str> = cfg
        .pin
        .values()
        .flatten()
        .map(String::as_str)
        .filter(|id| exists(id))
        .collect();
    let mut competencies = Vec::new();
    for c in fw
        .competencies
        .iter()
        .filter(|c| covered.contains(c.id.as_str()))
    {
        let id = c.id.as_str();
        let mut questions: Vec<&str> = cfg
            .pin
            .get(id)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|q| exists(q))
            .fold(Vec::new(), |mut v, q| {
                if !v.contains(&q) {
                    v.push(q);
                }
                v
            });
        let mut tagged: Vec<&str> = bank_questions
            .iter()
            .filter(|(_, comps)| comps.iter().any(|x| x == id))
            .map(|(q, _)| *q)
            .collect();
        let tagged_count = tagged.len();
        // A fixed shuffle: ordered by a hash of competency and question, so the draw spreads
        // over the banks and stays the same from build to build.
        tagged.sort_by_key(|q| (draw_key(id, q), *q));
        for q in tagged {
            if questions.len() >= per_competency as usize {
                break;
            }
            if used.insert(q) {
                questions.push(q);
            }
        }
        competencies.push(CompetencyPlan {
            id,
            questions,
            tagged: tagged_count,
        });
    }
    let count_of = |c: &str| {
        competencies
            .iter()
            .find(|p| p.id == c)
            .map_or(0, |p| p.questions.len() as u32)
    };
    let roles = roles
        .into_iter()
        .map(|(id, name, comps)| {
            let questions: u32 = comps.iter().map(|c| count_of(c)).sum();
            let seconds =
                questions * SECONDS_PER_QUESTION + comps.len() as u32 * SECONDS_PER_RATING;
            RolePlan {
                id,
                name,
                competencies: comps,
                minutes: seconds.div_ceil(60),
            }
        })
        .collect();
    Some(Plan {
        per_competency,
        weight: cfg.weight.unwrap_or(DEFAULT_WEIGHT),
        roles,
        competencies,
    })
}

/// FNV-1a of `competency \n question`.
fn draw_key(competency: &str, question: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in competency
        .bytes()
        .chain(std::iter::once(b'\n'))
        .chain(question.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
