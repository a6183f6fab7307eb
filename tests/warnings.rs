//! `check` as the authors' quality gate: every warning class has a fixture (an overlay on
//! `minimal`) whose `expected.stderr` is the exact output. Warnings never fail `check` (exit 0)
//! unless `--deny-warnings` (exit 1); each has a position and a help line, in both formats.

mod common;
use common::*;

fn check_fixture(name: &str) {
    let dir = fixture(name);
    let out = run(&dir, &["check"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{name}: check exits 0\n{text}");
    golden(&fixtures().join(name).join("expected.stderr"), &text);
    assert!(text.contains(": warning: "), "{name}: no warning\n{text}");
    assert!(!text.contains(": error: "), "{name}: errors\n{text}");

    let out = run(&dir, &["check", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: --deny-warnings exits 1"
    );

    let out = run(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty(), "{name}: json lists the warnings");
    for w in items {
        assert_eq!(w["severity"], "warning", "{name}: {w}");
        assert!(
            w["line"].as_u64().is_some() && w["column"].as_u64().is_some(),
            "{name}: position in {w}"
        );
        assert!(
            w["help"].as_str().is_some_and(|h| !h.is_empty()),
            "{name}: help in {w}"
        );
    }

    // Warnings do not stop a build.
    let out = run(&dir, &["build", "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: build\n{}",
        stderr(&out)
    );
}

macro_rules! warning_classes {
    ($($test:ident => $name:literal,)*) => {
        $(#[test] fn $test() { check_fixture($name); })*
    };
}

warning_classes! {
    a_missing_translation_falls_back => "warn-missing-translation",
    personal_data_in_cases_and_quizzes => "warn-personal-data",
    competency_no_module_trains => "warn-untrained-competency",
    competency_too_few_questions_and_cases => "warn-under-assessed-competency",
    role_target_above_the_scale => "warn-role-target",
    content_no_navigation_reaches => "warn-unreachable",
    quiz_nothing_uses => "warn-unused-quiz",
    image_without_alt_text => "warn-image-alt",
    bare_url_where_a_link_was_meant => "warn-bare-url",
    shuffled_option_that_depends_on_its_position => "warn-positional-option",
    case_without_a_successful_ending => "warn-case-no-success",
    case_whose_best_path_fails => "warn-case-best-path",
    reply_past_its_review_and_with_personal_data => "warn-reply-review",
}

#[test]
fn the_example_course_has_no_warnings() {
    let out = run(&repo(), &["check", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the example course must stay at zero warnings:\n{}",
        stderr(&out)
    );
}

#[test]
fn the_chinese_fixture_has_no_warnings() {
    let dir = fixture("zh");
    let out = run(&dir, &["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn drafts_flag_publishes_the_module_and_the_warning_goes() {
    let dir = fixture("warn-unreachable");
    let out = run(&dir, &["check", "--drafts"]);
    assert!(!stderr(&out).contains("draft: false"), "{}", stderr(&out));
}
