//! The bundled example course meets the floor its issue sets: at least 8 modules and 24
//! lessons; at least 8 case studies, each with at least 4 decision nodes, 3 endings and feedback
//! on every choice; at least 8 quiz banks with 100 questions using every question type; a final
//! assessment drawing by bank and by competency; the brief's 17 competencies and 4 roles; every
//! competency trained by a module and assessed by at least 4 questions or a case.

mod common;

use skillpress::discover::discover;
use skillpress::load::{load, LoadOptions};
use skillpress::validate::question_competencies;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn example_course_meets_its_content_floor() {
    let inputs = discover(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (course, diags) = load(inputs, &LoadOptions::default());
    assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
    let course = course.unwrap();

    assert!(
        course.modules.len() >= 8,
        "{} modules",
        course.modules.len()
    );
    let lessons: usize = course.modules.iter().map(|m| m.lessons.len()).sum();
    assert!(lessons >= 24, "{lessons} lessons");

    assert!(course.cases.len() >= 8, "{} cases", course.cases.len());
    for case in &course.cases {
        let c = &case.data;
        assert!(
            c.nodes.len() >= 4,
            "{}: {} decision nodes",
            case.id,
            c.nodes.len()
        );
        assert!(
            c.endings.len() >= 3,
            "{}: {} endings",
            case.id,
            c.endings.len()
        );
        for (id, node) in &c.nodes {
            for (i, choice) in node.choices.iter().enumerate() {
                assert!(
                    choice
                        .feedback
                        .as_deref()
                        .is_some_and(|f| !f.trim().is_empty()),
                    "{}: node {id} choice {i} has no feedback",
                    case.id
                );
            }
        }
    }

    let banks: Vec<_> = course
        .quizzes
        .iter()
        .filter(|q| q.data.questions.is_some())
        .collect();
    assert!(banks.len() >= 8, "{} banks", banks.len());
    let questions: Vec<_> = banks
        .iter()
        .flat_map(|b| b.data.questions.iter().flatten().map(move |q| (q, &b.data)))
        .collect();
    assert!(questions.len() >= 100, "{} questions", questions.len());
    let types: BTreeSet<&str> = questions.iter().map(|(q, _)| q.kind.name()).collect();
    assert_eq!(types.len(), 7, "question types used: {types:?}");

    let config = &course.config.data;
    let final_id = &config.assessment.as_ref().expect("a final assessment").quiz;
    let final_quiz = course
        .quizzes
        .iter()
        .find(|q| &q.id == final_id)
        .expect("the final assessment exists");
    let draws = final_quiz
        .data
        .draw
        .as_ref()
        .expect("the final assessment draws");
    assert!(draws.iter().any(|d| d.from.is_some()), "draws by bank");
    assert!(
        draws.iter().any(|d| d.competency.is_some()),
        "draws by competency"
    );

    let fw = &course.framework.as_ref().unwrap().data;
    assert_eq!(fw.competencies.len(), 17);
    assert_eq!(fw.roles.len(), 4);
    let mut assessed: BTreeMap<&str, usize> = BTreeMap::new();
    for (q, bank) in &questions {
        for c in question_competencies(q, bank) {
            *assessed.entry(c.as_str()).or_default() += 1;
        }
    }
    let in_cases: BTreeSet<&str> = course
        .cases
        .iter()
        .flat_map(|c| c.data.competencies.iter().map(String::as_str))
        .collect();
    for c in &fw.competencies {
        assert!(
            course
                .modules
                .iter()
                .any(|m| m.front.competencies.contains(&c.id)),
            "no module trains {}",
            c.id
        );
        let n = assessed.get(c.id.as_str()).copied().unwrap_or(0);
        assert!(
            n >= 4 || in_cases.contains(c.id.as_str()),
            "{} is assessed by {n} questions and no case",
            c.id
        );
        for r in &fw.roles {
            assert!(
                r.targets.contains_key(&c.id),
                "role {} has no target for {}",
                r.id,
                c.id
            );
        }
    }
}

/// `skillpress check` on the example course, human and JSON output with exit codes, against
/// tests/example_course.check (`BLESS=1` rewrites it).
#[test]
fn example_course_check_output_is_golden() {
    let root = common::repo();
    let mut text = String::new();
    for args in [vec!["check"], vec!["check", "--format", "json"]] {
        let out = common::run(&root, &args);
        text.push_str(&format!(
            "$ skillpress {}\nexit {}\n--- stdout\n{}--- stderr\n{}",
            args.join(" "),
            out.status.code().unwrap_or(-1),
            common::stdout(&out),
            common::stderr(&out)
        ));
    }
    common::golden(&root.join("tests/example_course.check"), &text);
}
