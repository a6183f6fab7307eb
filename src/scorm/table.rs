//! The course table the SCORM adapter gets as `window.skillpressScorm`: lessons, modules,
//! questions, quizzes and cases in a fixed order, so suspend data can refer to them by position
//! (see the comment at the top of adapter.js). Made from the resolved model.

use crate::resolved::{Model, QuizKind};
use crate::site::{PageEntry, Subject};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// What the package needs to know about the course.
#[derive(Debug, Clone)]
pub struct Table {
    pub value: Value,
    /// The final assessment's pass mark (0–1).
    pub pass: Option<f64>,
    /// The course's id and title, for the manifest and the default file name.
    pub id: String,
    pub title: String,
}

/// FNV-1a over the text, folded to the 18 bits that three base64 digits hold.
pub(super) fn fingerprint(parts: &[String]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(b'\n')) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    (h ^ (h >> 18)) & 0x3_ffff
}

/// The table of the course whose pages are `pages` (its lessons are the page list's).
pub fn course_table(model: &Model, pages: &[PageEntry]) -> Table {
    let course = model.course;
    let assessment = model.assessment_quiz();

    // Course order: module checks as the modules come, the final assessment, then the rest by id.
    let mut by_id: Vec<usize> = (0..model.quizzes.len()).collect();
    by_id.sort_by_key(|&i| model.quizzes[i].id);
    let mut quiz_order: Vec<usize> = Vec::new();
    let mut seen = BTreeSet::new();
    let checks = model.modules.iter().filter_map(|m| m.check);
    for i in checks.chain(model.assessment.map(|a| a.quiz)).chain(by_id) {
        if seen.insert(i) {
            quiz_order.push(i);
        }
    }
    let position = |i: usize| quiz_order.iter().position(|q| *q == i);

    // Lessons in page-list order, each module's indices into them.
    let mut lessons: Vec<String> = Vec::new();
    let mut of_module: Vec<Vec<usize>> = vec![Vec::new(); model.modules.len()];
    for p in pages {
        if let Subject::Lesson { module, lesson } = p.subject {
            let md = model.modules[module].source;
            of_module[module].push(lessons.len());
            lessons.push(format!("{}/{}", md.id, md.lessons[lesson].id));
        }
    }
    let mut modules: Vec<Value> = Vec::new();
    for (m, indices) in model.modules.iter().zip(of_module) {
        let check = m.check.and_then(position).map(|i| i as i64).unwrap_or(-1);
        modules.push(json!([indices, check]));
    }

    // Questions: each bank's, in its order, banks in the order above, then assessments' pools.
    let mut questions: Vec<(&str, f64, &str)> = Vec::new();
    let mut seen_q = BTreeSet::new();
    let banks_first = quiz_order
        .iter()
        .filter(|&&i| model.quizzes[i].kind == QuizKind::Bank)
        .chain(
            quiz_order
                .iter()
                .filter(|&&i| model.quizzes[i].kind == QuizKind::Assessment),
        );
    for &i in banks_first {
        for q in &model.quizzes[i].questions {
            if seen_q.insert(q.source.id.as_str()) {
                questions.push((&q.source.id, q.points, &q.version));
            }
        }
    }

    let mut cases: Vec<_> = model.cases.iter().collect();
    cases.sort_by_key(|c| c.id);
    let case_rows: Vec<(&str, &str, f64, Vec<&str>)> = cases
        .iter()
        .map(|c| {
            (
                c.id,
                c.version.as_str(),
                c.best,
                c.source.data.endings.keys().map(String::as_str).collect(),
            )
        })
        .collect();

    // The diagnostic: the competencies it covers and the questions it asks, in the page's order.
    let diagnostic = model.diagnostic.as_ref().map(|p| {
        let competencies: Vec<&str> = p.competencies.iter().map(|c| c.id).collect();
        let questions: Vec<(&str, f64, &str)> = p
            .competencies
            .iter()
            .flat_map(|c| c.questions.iter())
            .filter_map(|id| model.bank_question(id))
            .map(|q| (q.source.id.as_str(), q.points, q.version.as_str()))
            .collect();
        (competencies, questions)
    });

    let quiz_ids: Vec<String> = quiz_order
        .iter()
        .map(|&i| model.quizzes[i].id.to_string())
        .collect();
    let mut fp = json!({
        "lessons": fingerprint(&lessons),
        "questions": fingerprint(&questions.iter().map(|(id, p, v)| format!("{id}\t{p}\t{v}")).collect::<Vec<_>>()),
        "quizzes": fingerprint(&quiz_ids),
        "cases": fingerprint(&case_rows.iter().map(|(id, v, b, e)| format!("{id}\t{v}\t{b}\t{}", e.join(" "))).collect::<Vec<_>>()),
    });
    if let Some((cs, qs)) = &diagnostic {
        let rows = cs
            .iter()
            .map(|c| c.to_string())
            .chain(qs.iter().map(|(id, p, v)| format!("{id}\t{p}\t{v}")))
            .collect::<Vec<_>>();
        fp["diagnostic"] = json!(fingerprint(&rows));
    }
    let mut value = json!({
        "format": 1,
        "mastery": super::DEFAULT_MASTERY,
        "assessment": assessment.map(|q| q.id),
        "lessons": lessons,
        "modules": modules,
        "questions": questions.iter().map(|(id, p, v)| json!([id, p, v])).collect::<Vec<_>>(),
        "quizzes": quiz_order.iter().map(|&i| json!([model.quizzes[i].id, model.quizzes[i].attempts])).collect::<Vec<_>>(),
        "cases": case_rows.iter().map(|(id, v, b, e)| json!([id, v, b, e])).collect::<Vec<_>>(),
        "fp": fp,
    });
    if let Some((cs, qs)) = diagnostic {
        value["diagnostic"] = json!({
            "competencies": cs,
            "questions": qs.iter().map(|(id, p, v)| json!([id, p, v])).collect::<Vec<_>>(),
        });
    }
    Table {
        value,
        pass: assessment.map(|q| q.pass),
        id: course.config.data.id.clone(),
        title: course.config.data.title.clone(),
    }
}
