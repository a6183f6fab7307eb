//! Quizzes nothing uses.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Course;
use crate::validate::Known;
use std::collections::BTreeSet;

pub(super) fn unused_quizzes(course: &Course, known: &Known, d: &mut Diagnostics) {
    let b = &course.broken;
    if !b.files.is_empty() || !b.modules.is_empty() || !b.quizzes.is_empty() {
        return;
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for m in &course.modules {
        if let Some(q) = &m.front.quiz {
            used.insert(q);
        }
    }
    for doc in super::reachability::docs(course) {
        for e in &doc.rendered.embeds {
            if e.name == "quiz" {
                if let Some(id) = e.args.get("id") {
                    used.insert(id);
                }
            }
        }
    }
    if let Some(a) = &course.config.data.assessment {
        used.insert(&a.quiz);
    }
    // Banks an assessment draws from, by name, by question or through its filters.
    for quiz in &course.quizzes {
        for draw in quiz.data.draw.iter().flatten() {
            if let Some(from) = &draw.from {
                used.insert(from);
            }
            for bank in &course.quizzes {
                let Some(questions) = &bank.data.questions else {
                    continue;
                };
                let fixed = draw
                    .questions
                    .iter()
                    .flatten()
                    .any(|id| questions.iter().any(|q| &q.id == id));
                let filtered = draw.from.is_none()
                    && (draw.competency.is_some() || draw.difficulty.is_some())
                    && questions.iter().any(|q| {
                        draw.competency.as_ref().is_none_or(|c| {
                            crate::resolved::question_competencies(q, &bank.data).contains(c)
                        }) && draw.difficulty.as_ref().is_none_or(|ds| {
                            ds.contains(
                                &q.difficulty.unwrap_or(crate::resolved::DEFAULT_DIFFICULTY),
                            )
                        })
                    });
                if fixed || filtered {
                    used.insert(&bank.id);
                }
            }
        }
    }
    // A reference to an unknown quiz is an error already, and may be a typo for an unused one.
    if used.iter().any(|id| !known.quizzes.contains_key(id)) {
        return;
    }
    for q in &course.quizzes {
        if used.contains(q.id.as_str()) {
            continue;
        }
        let what = if q.data.draw.is_some() {
            "assessment"
        } else {
            "quiz bank"
        };
        d.push(
            Diagnostic::warning(
                &q.file,
                q.spans.locate("title"),
                format!("{what} `{}` is not used: no module `quiz:`, embed, assessment draw or course assessment names it", q.id),
            )
            .with_help(format!(
                "its page is built but nothing links to it; add `quiz: {}` to a module, embed it with `{{{{ quiz(id=\"{}\") }}}}`, or delete the file",
                q.id, q.id
            )),
        );
    }
}
