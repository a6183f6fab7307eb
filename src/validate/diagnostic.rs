//! `diagnostic:` in `course.yaml`: its settings, the roles and competencies it names, the
//! pinned questions, and whether every competency it covers has enough questions for the draw.

use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Course;
use crate::resolved::diagnostic::{self, DEFAULT_QUESTIONS};
use crate::resolved::question_competencies;
use std::collections::BTreeMap;

pub fn check(course: &Course, known: &Known, d: &mut Diagnostics) {
    let c = &course.config;
    let Some(cfg) = &c.data.diagnostic else {
        return;
    };
    let file = &c.file;
    let at = |path: &str| c.spans.locate(path);
    let value_at = |path: &str| c.spans.locate_value(path);
    let per = cfg.questions.unwrap_or(DEFAULT_QUESTIONS);
    if !(2..=3).contains(&per) {
        d.push(
            Diagnostic::error(file, value_at("diagnostic.questions"), format!("`questions` must be 2 or 3, not {per}"))
                .with_help("the diagnostic asks this many questions per competency: 2 keeps it short, 3 measures more surely"),
        );
    }
    if let Some(w) = cfg.weight {
        if !(w > 0.0 && w <= 1.0) {
            d.push(
                Diagnostic::error(file, value_at("diagnostic.weight"), format!("`weight` must be more than 0 and at most 1, not {w}"))
                    .with_help("a diagnostic answer counts this share of an answer given elsewhere; 1 counts it the same"),
            );
        }
    }
    if course
        .framework
        .as_ref()
        .is_none_or(|f| f.data.competencies.is_empty())
    {
        if !course.broken.framework {
            d.push(
                Diagnostic::error(
                    file,
                    at("diagnostic"),
                    "a diagnostic needs competencies, and the course has none",
                )
                .with_help(
                    "list competencies in `content/competencies.yaml`, or remove `diagnostic:`",
                ),
            );
        }
        return;
    }
    let checkable = known.competencies_checkable();
    if let Some(roles) = &cfg.roles {
        if roles.is_empty() {
            d.push(
                Diagnostic::error(file, at("diagnostic.roles"), "`roles` lists no role")
                    .with_help("name each role with the competencies its diagnostic covers, e.g. `agent: [data-insight, smart-tools]`, or remove `roles` to cover every role's targets"),
            );
        }
        for (role, comps) in roles {
            let key = format!("diagnostic.roles.{role}");
            if checkable && !known.roles.contains(role.as_str()) {
                d.push(
                    Diagnostic::error(file, at(&key), format!("unknown role `{role}`"))
                        .with_help(suggest::help(role, known.roles.iter().copied())),
                );
            }
            if comps.is_empty() {
                d.push(
                    Diagnostic::error(
                        file,
                        at(&key),
                        format!("the diagnostic of `{role}` covers no competency"),
                    )
                    .with_help("list the competencies it should cover, or leave the role out"),
                );
            }
            known.check_competencies(file, &key, comps, |p| value_at(p), d);
        }
    }
    // Pinned questions.
    let bank_question = |id: &str| {
        course
            .quizzes
            .iter()
            .filter(|q| q.data.draw.is_none())
            .find_map(|bank| {
                bank.data
                    .questions
                    .iter()
                    .flatten()
                    .find(|q| q.id == id)
                    .map(|q| (q, bank))
            })
    };
    let plan = diagnostic::plan(course);
    let covered = |id: &str| {
        plan.as_ref()
            .is_some_and(|p| p.competencies.iter().any(|c| c.id == id))
    };
    let mut pinned_by: BTreeMap<&str, &str> = BTreeMap::new();
    for (comp, ids) in &cfg.pin {
        let key = format!("diagnostic.pin.{comp}");
        if let Some(e) = known.unknown_competency(file, at(&key), comp) {
            d.push(e);
            continue;
        }
        if checkable && !covered(comp) {
            d.push(
                Diagnostic::error(
                    file,
                    at(&key),
                    format!("`{comp}` is pinned but no role's diagnostic covers it"),
                )
                .with_help("add it to a role under `diagnostic.roles`, or remove the pin"),
            );
        }
        if ids.len() > per as usize {
            d.push(
                Diagnostic::error(
                    file,
                    at(&key),
                    format!(
                        "{} questions are pinned for `{comp}`, but the diagnostic asks {per}",
                        ids.len()
                    ),
                )
                .with_help("pin at most `questions` ids per competency"),
            );
        }
        for (i, id) in ids.iter().enumerate() {
            let pos = value_at(&format!("{key}.{i}"));
            match bank_question(id) {
                None if !course.broken.quizzes.is_empty() => {}
                None => d.push(
                    Diagnostic::error(file, pos, format!("unknown question `{id}`")).with_help(
                        format!(
                            "pin a question of a bank (a file with `questions:`); {}",
                            suggest::help(
                                id,
                                course
                                    .quizzes
                                    .iter()
                                    .filter(|q| q.data.draw.is_none())
                                    .flat_map(|q| q
                                        .data
                                        .questions
                                        .iter()
                                        .flatten()
                                        .map(|x| x.id.as_str()))
                            )
                        ),
                    ),
                ),
                Some((q, bank)) => {
                    if !question_competencies(q, &bank.data).contains(comp) {
                        d.push(
                            Diagnostic::error(file, pos, format!("question `{id}` is not tagged with `{comp}`"))
                                .with_help(format!("pin a question that assesses `{comp}`, or add `{comp}` to the question's `competencies` in `{}`", bank.file)),
                        );
                    }
                    if let Some(other) = pinned_by.insert(id.as_str(), comp.as_str()) {
                        d.push(
                            Diagnostic::error(
                                file,
                                pos,
                                if other == comp {
                                    format!("question `{id}` is pinned twice for `{comp}`")
                                } else {
                                    format!("question `{id}` is pinned for `{other}` and again for `{comp}`")
                                },
                            )
                            .with_help(
                                "a question is asked once in the diagnostic; pin another one here",
                            ),
                        );
                    }
                }
            }
        }
    }
    // Enough questions for the draw. Skipped while a quiz file is broken: its questions are
    // missing from the count.
    let Some(plan) = plan else { return };
    if !course.broken.quizzes.is_empty() || !(2..=3).contains(&per) {
        return;
    }
    for cp in &plan.competencies {
        if cp.questions.len() >= per as usize {
            continue;
        }
        // Point at the role entry that asks for the competency, else at `questions`.
        let pos = cfg
            .roles
            .iter()
            .flatten()
            .find_map(|(role, comps)| {
                let i = comps.iter().position(|x| x == cp.id)?;
                value_at(&format!("diagnostic.roles.{role}.{i}"))
            })
            .or_else(|| value_at("diagnostic.questions"))
            .or_else(|| at("diagnostic"));
        let taken = if cp.tagged > cp.questions.len() {
            format!(
                " ({} of them are already asked for other competencies)",
                cp.tagged - cp.questions.len()
            )
        } else {
            String::new()
        };
        d.push(
            Diagnostic::error(
                file,
                pos,
                format!(
                    "the diagnostic asks {per} questions on `{}`, but only {} can be drawn: {} bank question{} tagged with it{taken}",
                    cp.id,
                    cp.questions.len(),
                    cp.tagged,
                    if cp.tagged == 1 { " is" } else { "s are" },
                ),
            )
            .with_help(format!(
                "tag more bank questions with `{}`, lower `diagnostic.questions`, or leave `{}` out of the diagnostic",
                cp.id, cp.id
            )),
        );
    }
}
