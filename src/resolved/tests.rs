//! Defaults and inheritance of the resolved model, on small courses made in memory.

use super::*;
use crate::test_course::{course, BANK};

fn basic() -> Course {
    course("", &[("basics-check", BANK)], &[], "")
}

#[test]
fn a_quiz_without_settings_gets_the_documented_defaults() {
    let c = basic();
    let m = resolve(&c);
    let q = m.quiz("basics-check").unwrap();
    assert_eq!(q.kind, QuizKind::Bank);
    assert_eq!(q.pass, 0.7);
    assert_eq!(q.attempts, 0);
    assert!(q.shuffle);
    assert_eq!(q.feedback, FeedbackMode::Immediate);
    assert_eq!(q.pick, None);
    assert_eq!(q.drawn_count, None);
}

#[test]
fn settings_written_in_the_quiz_win_over_defaults() {
    let bank =
        format!("{BANK}pass: 0.85\nattempts: 2\nshuffle: false\nfeedback: on_submit\npick: 1\n");
    let c = course("", &[("basics-check", &bank)], &[], "");
    let m = resolve(&c);
    let q = m.quiz("basics-check").unwrap();
    assert_eq!(q.pass, 0.85);
    assert_eq!(q.attempts, 2);
    assert!(!q.shuffle);
    assert_eq!(q.feedback, FeedbackMode::OnSubmit);
    assert_eq!(q.pick, Some(1));
}

#[test]
fn questions_inherit_their_banks_competencies_and_default_points() {
    let c = basic();
    let m = resolve(&c);
    let q = m.quiz("basics-check").unwrap();
    let plain = &q.questions[0];
    assert_eq!(plain.competencies, ["listening"]);
    assert_eq!(plain.points, 1.0);
    assert_eq!(plain.difficulty, 1);
    assert_eq!(plain.scoring, Scoring::AllOrNothing);
    assert_eq!(plain.bank, "basics-check");
    let own = &q.questions[1];
    assert_eq!(own.competencies, ["writing"]);
    assert_eq!(own.points, 3.0);
    assert_eq!(own.difficulty, 2);
    assert_eq!(own.scoring, Scoring::Partial);
}

#[test]
fn an_assessment_pool_holds_what_its_draws_can_take() {
    let fin = "title: Final
draw:
  - { competency: writing, count: 1 }
  - { questions: [plain] }
";
    let c = course(
        "assessment: { quiz: final }\n",
        &[("basics-check", BANK), ("final", fin)],
        &[],
        "",
    );
    let m = resolve(&c);
    let q = m.quiz("final").unwrap();
    assert_eq!(q.kind, QuizKind::Assessment);
    let ids: Vec<&str> = q.questions.iter().map(|x| x.source.id.as_str()).collect();
    // Bank order, not draw order; each question once.
    assert_eq!(ids, ["plain", "own"]);
    assert!(q.questions.iter().all(|x| x.bank == "basics-check"));
    assert_eq!(q.drawn_count, Some(2));
    assert_eq!(q.pass, DEFAULT_PASS);
    let a = m.assessment.unwrap();
    assert_eq!((a.id, a.certificate), ("final", false));
    assert_eq!(m.assessment_quiz().unwrap().id, "final");
}

#[test]
fn lessons_inherit_their_modules_competencies_unless_they_list_their_own() {
    let c = course(
        "",
        &[("basics-check", BANK)],
        &[],
        "competencies: [writing]\n",
    );
    let m = resolve(&c);
    let md = &m.modules[0];
    assert_eq!(md.lesson_competencies[0], ["listening"]);
    assert_eq!(md.lesson_competencies[1], ["writing"]);
    assert_eq!(md.check, Some(0));
}

#[test]
fn the_default_role_is_the_courses_else_the_frameworks_first() {
    let c = basic();
    assert_eq!(resolve(&c).default_role, "agent");
    let c = course("default_role: lead\n", &[("basics-check", BANK)], &[], "");
    assert_eq!(resolve(&c).default_role, "lead");
}

const CASE: &str = "title: Refund
competencies: [listening]
start: opening
nodes:
  opening:
    choices:
      - { text: Ask, next: good, effects: { satisfaction: 2 }, quality: best }
      - { text: Argue, next: bad, effects: { satisfaction: -1 } }
endings:
  good: { title: Solved, outcome: success }
  bad: { title: Lost, outcome: fail }
";

#[test]
fn a_case_gets_the_default_pass_mark_difficulty_and_dimensions_in_the_courses_language() {
    let c = course(
        "language: zh-CN\n",
        &[("basics-check", BANK)],
        &[("refund", CASE)],
        "",
    );
    let m = resolve(&c);
    let k = m.case("refund").unwrap();
    assert_eq!(k.pass, 0.7);
    assert_eq!(k.difficulty, 1);
    let zh = Locale::for_language(Some("zh-CN"));
    let ids: Vec<&str> = k.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["satisfaction", "efficiency", "compliance"]);
    assert_eq!(k.dimensions[0].name, zh.t("dimension_satisfaction"));
    assert_ne!(k.dimensions[0].name, "Customer satisfaction");
    assert_eq!(k.best, 2.0);
    assert_eq!(k.best_path, [("opening".to_string(), 0)]);
}

#[test]
fn a_case_keeps_its_own_pass_mark_and_dimensions() {
    let case = format!(
        "{CASE}pass: 0.5\ndifficulty: 3\ndimensions:\n  - {{ id: satisfaction, name: Mood }}\n"
    );
    let c = course("", &[("basics-check", BANK)], &[("refund", &case)], "");
    let m = resolve(&c);
    let k = m.case("refund").unwrap();
    assert_eq!(k.pass, 0.5);
    assert_eq!(k.difficulty, 3);
    assert_eq!(
        k.dimensions,
        [Dimension {
            id: "satisfaction".into(),
            name: "Mood".into()
        }]
    );
}

#[test]
fn versions_ignore_wording_but_not_grading() {
    let c = basic();
    let reworded = BANK.replace("Listening first?", "Is listening first?");
    let c2 = course("", &[("basics-check", &reworded)], &[], "");
    let regraded = BANK.replace("answer: true", "answer: false");
    let c3 = course("", &[("basics-check", &regraded)], &[], "");
    let v = |c: &Course| resolve(c).quizzes[0].questions[0].version.clone();
    assert_eq!(v(&c), v(&c2));
    assert_ne!(v(&c), v(&c3));
}

#[test]
fn min_evidence_is_defaulted_once_and_the_browser_gets_the_resolved_value() {
    // test_course's framework writes no `min_evidence:`.
    let c = basic();
    let fw = &c.framework.as_ref().unwrap().data;
    assert_eq!(fw.min_evidence, None);
    assert_eq!(min_evidence(fw), DEFAULT_MIN_EVIDENCE);
    assert_eq!(DEFAULT_MIN_EVIDENCE, 3, "spec §2.7");
    let m = resolve(&c);
    assert_eq!(data::framework(&m).unwrap().min_evidence, 3);

    let written: model::Framework = serde_yaml::from_str(&format!(
        "{}min_evidence: 5\n",
        crate::test_course::FRAMEWORK
    ))
    .unwrap();
    assert_eq!(min_evidence(&written), 5);
}

#[test]
fn the_browsers_quiz_data_carries_every_default_applied() {
    let c = basic();
    let m = resolve(&c);
    let q = m.quiz("basics-check").unwrap();
    let d = data::quiz(q, None, &|t: &str, _| t.to_string());
    assert_eq!(d.attempts, DEFAULT_ATTEMPTS);
    assert_eq!(d.pass, DEFAULT_PASS);
    assert!(d.shuffle);
    // Points and difficulty default per question; the bank's competencies are inherited.
    assert_eq!(d.questions[0].points, DEFAULT_POINTS);
    assert_eq!(d.questions[0].difficulty, DEFAULT_DIFFICULTY);
    assert_eq!(d.questions[0].competencies, ["listening"]);
    assert_eq!(d.questions[1].points, 3.0);
    assert_eq!(d.questions[1].competencies, ["writing"]);
    // A multiple-choice question always says how it is scored; a true/false one never does.
    assert_eq!(d.questions[0].scoring, None);
    assert_eq!(d.questions[1].scoring, Some(Scoring::Partial));
}

#[test]
fn a_diagnostic_without_settings_gets_its_defaults() {
    let c = course("diagnostic: {}\n", &[("basics-check", BANK)], &[], "");
    let m = resolve(&c);
    let p = m.diagnostic.as_ref().unwrap();
    assert_eq!(p.weight, diagnostic::DEFAULT_WEIGHT);
    assert_eq!(p.per_competency, diagnostic::DEFAULT_QUESTIONS);
    assert_eq!(data::framework(&m).unwrap().diagnostic.unwrap().weight, 1.0);
}
