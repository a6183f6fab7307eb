//! Competencies no module trains, or that too few questions and cases assess.

use crate::diagnostics::{plural, Diagnostic, Diagnostics};
use crate::load::Course;
use crate::validate::Known;
use std::collections::HashSet;

/// Whether some competency reference is unknown (already an error; a typo there would make
/// the competency it meant look untrained).
fn unknown_competency_reference(course: &Course, known: &Known) -> bool {
    let mut refs: Vec<&String> = Vec::new();
    for m in &course.modules {
        refs.extend(&m.front.competencies);
        for l in &m.lessons {
            refs.extend(l.front.competencies.iter().flatten());
        }
    }
    for q in &course.quizzes {
        refs.extend(&q.data.competencies);
        for qu in q.data.questions.iter().flatten() {
            refs.extend(qu.competencies.iter().flatten());
        }
        refs.extend(
            q.data
                .draw
                .iter()
                .flatten()
                .filter_map(|d| d.competency.as_ref()),
        );
    }
    for c in &course.cases {
        refs.extend(&c.data.competencies);
    }
    refs.iter()
        .any(|r| !known.competencies.contains(r.as_str()))
}

pub(super) fn competency_coverage(course: &Course, known: &Known, d: &mut Diagnostics) {
    let Some(fw) = &course.framework else { return };
    if !known.competencies_checkable() || unknown_competency_reference(course, known) {
        return;
    }
    let b = &course.broken;
    // A hash set: only asked whether it holds each competency (a sorted set of every
    // lesson's competencies was sorted again on every dev-server rebuild).
    let trained: HashSet<&str> = course
        .modules
        .iter()
        .flat_map(|m| {
            m.front.competencies.iter().chain(
                m.lessons
                    .iter()
                    .flat_map(|l| l.front.competencies.iter().flatten()),
            )
        })
        .map(String::as_str)
        .collect();
    // Validation rejects 0, but warnings are gathered even when there are errors.
    let need = crate::resolved::min_evidence(&fw.data).max(1) as usize;
    for (i, c) in fw.data.competencies.iter().enumerate() {
        let at = fw.spans.locate(&format!("competencies.{i}.id"));
        if b.modules.is_empty() && !trained.contains(c.id.as_str()) {
            d.push(
                Diagnostic::warning(&fw.file, at, format!("no module trains competency `{}`", c.id))
                    .with_help(format!(
                        "add `{}` to the `competencies:` of the modules that teach it, or remove it from the framework",
                        c.id
                    )),
            );
        }
        if !(b.quizzes.is_empty() && b.cases.is_empty()) {
            continue;
        }
        let questions = course
            .quizzes
            .iter()
            .flat_map(|q| {
                q.data
                    .questions
                    .iter()
                    .flatten()
                    .map(move |qu| (qu, &q.data))
            })
            .filter(|(qu, bank)| crate::resolved::question_competencies(qu, bank).contains(&c.id))
            .count();
        let cases = course
            .cases
            .iter()
            .filter(|k| k.data.competencies.contains(&c.id))
            .count();
        if questions + cases < need {
            d.push(
                Diagnostic::warning(
                    &fw.file,
                    at,
                    format!(
                        "competency `{}` is assessed by {} and {}; the map needs {need} (`min_evidence`) to show a level",
                        c.id,
                        plural(questions, "question"),
                        plural(cases, "case")
                    ),
                )
                .with_help(format!(
                    "tag more questions or cases with `{}`, or lower `min_evidence`",
                    c.id
                )),
            );
        }
    }
}
