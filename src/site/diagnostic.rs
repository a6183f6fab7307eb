//! `diagnostic.html`: per competency a self-rating against the framework's level descriptors,
//! then the questions the build drew for it, each competency's questions played as one quiz by
//! quiz.js (their answers are saved as diagnostic evidence, docs/learner.md).

use super::{page, quizzes, Ctx, PageJob};
use crate::paths;
use serde_json::{json, Value};

/// The quiz id of a competency's diagnostic questions. `:` is never part of a course id, so it
/// cannot meet a quiz of the course in the saved state.
pub fn quiz_id(competency: &str) -> String {
    format!("diagnostic:{competency}")
}

/// `diagnostic.html`; the page list has it only for a course with a diagnostic and a framework.
pub fn page_job(ctx: &Ctx) -> PageJob {
    let path = paths::DIAGNOSTIC;
    let title = ctx.locale.t("diagnostic_title");
    let mut m = ctx.base(path, "diagnostic", &title);
    ctx.breadcrumbs(&mut m, path, &[]);
    let (Some(plan), Some(fw)) = (&ctx.model.diagnostic, &ctx.course.framework) else {
        return page(path.to_string(), "diagnostic.html", m);
    };
    let fw = &fw.data;
    let competencies: Vec<Value> = plan
        .competencies
        .iter()
        .filter_map(|cp| {
            let c = fw.competencies.iter().find(|c| c.id == cp.id)?;
            let roles: Vec<&str> = plan
                .roles
                .iter()
                .filter(|r| r.competencies.contains(&cp.id))
                .map(|r| r.id)
                .collect();
            // Every level of the scale, with this competency's descriptor when it has one.
            let levels: Vec<Value> = fw
                .scale
                .iter()
                .map(|s| {
                    json!({
                        "level": s.level,
                        "name": s.name,
                        "text": c.levels.get(&s.level).cloned().unwrap_or_default(),
                    })
                })
                .collect();
            let questions: Vec<_> = cp
                .questions
                .iter()
                .filter_map(|q| ctx.model.bank_question(q))
                .collect();
            let id = quiz_id(cp.id);
            Some(json!({
                "id": c.id,
                "name": c.name,
                "description_html": c.description.as_deref().map(|d| ctx.text_html(d, false)).unwrap_or_default(),
                "roles": roles.join(" "),
                "levels": levels,
                "quiz": quizzes::diagnostic_quiz_value(ctx, &id, &c.name, &questions),
            }))
        })
        .collect();
    m.insert(
        "diagnostic".into(),
        json!({
            "questions": plan.per_competency,
            "roles": plan.roles.iter().map(|r| json!({
                "id": r.id,
                "name": r.name,
                "minutes": r.minutes,
                "competencies": r.competencies.len(),
            })).collect::<Vec<_>>(),
            "competencies": competencies,
        }),
    );
    m.insert("default_role".into(), json!(ctx.model.default_role));
    m.insert("framework_json".into(), Value::String(ctx.framework_json()));
    page(path.to_string(), "diagnostic.html", m)
}
