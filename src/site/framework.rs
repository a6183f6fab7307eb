//! The competency map page: the framework rendered in full, and the data the browser needs to
//! estimate levels (spec §2.7).

use super::{page, Ctx, PageJob};
use crate::links::relative_url;
use crate::paths;
use crate::validate::question_competencies;
use serde_json::{json, Map, Value};

pub fn page_job(ctx: &Ctx) -> Option<PageJob> {
    let course = ctx.course;
    let fw = &course.framework.as_ref()?.data;
    let path = paths::COMPETENCIES;
    let mut m = ctx.base(path, "competencies", &ctx.locale.t("competency_map"));
    ctx.breadcrumbs(&mut m, path, &[]);
    let scale_name = |level: u32| {
        fw.scale
            .iter()
            .find(|s| s.level == level)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let modules_for = |id: &str| -> Vec<Value> {
        course
            .modules
            .iter()
            .filter(|md| md.front.competencies.iter().any(|c| c == id))
            .map(|md| json!({"id": md.id, "title": md.front.title, "url": relative_url(path, &paths::module(&md.id))}))
            .collect()
    };
    // Groups in order of first appearance; competencies without a group go last.
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for c in &fw.competencies {
        let group = c.group.clone().unwrap_or_default();
        let value = json!({
            "id": c.id,
            "name": c.name,
            "description_html": c.description.as_deref().map(|d| ctx.text_html(d, false)).unwrap_or_default(),
            "indicators": c.indicators,
            "levels": c.levels.iter().map(|(l, text)| json!({"level": l, "name": scale_name(*l), "text": text})).collect::<Vec<_>>(),
            "modules": modules_for(&c.id),
        });
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(value),
            None => groups.push((group, vec![value])),
        }
    }
    if let Some(i) = groups.iter().position(|(g, _)| g.is_empty()) {
        let ungrouped = groups.remove(i);
        groups.push(ungrouped);
    }
    m.insert(
        "framework".into(),
        json!({
            "scale": fw.scale,
            "min_evidence": fw.min_evidence,
            "groups": groups.iter().map(|(name, cs)| json!({"name": name, "competencies": cs})).collect::<Vec<_>>(),
        }),
    );
    let roles: Vec<Value> = fw
        .roles
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "targets": fw.competencies.iter().filter_map(|c| r.targets.get(&c.id).map(|l| json!({"competency": c.id, "level": l}))).collect::<Vec<_>>(),
            })
        })
        .collect();
    m.insert("roles".into(), Value::Array(roles));
    let default_role = default_role(ctx);
    m.insert("default_role".into(), json!(default_role));

    m.insert("framework_json".into(), json!(ctx.framework_json()));
    Some(page(path.to_string(), "competencies.html", m))
}

/// What the browser needs to estimate levels (docs/learner.md): embedded as `#framework-data`
/// in the competency map and the progress page. URLs are relative to the site root.
pub fn data(ctx: &Ctx, default_role: &str) -> Value {
    let course = ctx.course;
    let fw = match course.framework.as_ref() {
        Some(f) => &f.data,
        None => return Value::Null,
    };
    // Evidence sources for the level estimate: every question's points and competencies, every
    // case's competencies and best score, every module's competencies and order.
    let mut questions = Map::new();
    for bank in &course.quizzes {
        for q in bank.data.questions.iter().flatten() {
            questions.insert(
                q.id.clone(),
                json!({
                    "points": q.points.unwrap_or(1.0),
                    "competencies": question_competencies(q, &bank.data),
                    "version": super::quizzes::learner_version(course, q),
                }),
            );
        }
    }
    let mut cases = Map::new();
    for c in &course.cases {
        let best = crate::case_graph::best_path(&c.data)
            .map(|(b, _)| b)
            .unwrap_or(0.0);
        cases.insert(
            c.id.clone(),
            json!({"competencies": c.data.competencies, "best": best, "version": super::quizzes::case_version(&c.data),
                   "title": c.data.title, "url": paths::case(&c.id),
                   "endings": c.data.endings.iter().map(|(id, e)| (id.clone(), json!(e.title))).collect::<Map<_, _>>()}),
        );
    }
    // Titles and pages of every quiz, for the history on the progress page.
    let quizzes: Map<String, Value> = course
        .quizzes
        .iter()
        .map(|q| {
            (
                q.id.clone(),
                json!({"title": q.data.title, "url": paths::quiz(&q.id)}),
            )
        })
        .collect();
    json!({
        "scale": fw.scale,
        "min_evidence": fw.min_evidence,
        "competencies": fw.competencies.iter().map(|c| json!({"id": c.id, "name": c.name})).collect::<Vec<_>>(),
        "roles": fw.roles.iter().map(|r| json!({"id": r.id, "name": r.name, "targets": r.targets})).collect::<Vec<_>>(),
        "default_role": default_role,
        "modules": course.modules.iter().map(|md| json!({
            "id": md.id,
            "title": md.front.title,
            "url": paths::module(&md.id),
            "competencies": md.front.competencies,
            "prerequisites": md.front.prerequisites,
            "lessons": md.lessons.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
            "quiz": md.front.quiz,
        })).collect::<Vec<_>>(),
        "questions": questions,
        "cases": cases,
        "quizzes": quizzes,
    })
}

/// The default role: the course's, else the first role of the framework.
pub fn default_role(ctx: &Ctx) -> String {
    ctx.course
        .config
        .data
        .default_role
        .clone()
        .or_else(|| {
            ctx.course
                .framework
                .as_ref()
                .and_then(|f| f.data.roles.first().map(|r| r.id.clone()))
        })
        .unwrap_or_default()
}

pub fn add_page(ctx: &Ctx, pages: &mut Vec<PageJob>) {
    if let Some(job) = page_job(ctx) {
        pages.push(job);
    }
}
