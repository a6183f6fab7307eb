//! Every class of bad input yields its exact `file:line:col` diagnostics and exit code 1, and
//! leaves an existing site untouched. The expected text is the fixture's `expected.stderr`.

mod common;
use common::*;

fn check_fixture(name: &str) {
    let dir = fixture(name);
    // A site from an earlier, good build must survive the failed one byte for byte.
    std::fs::create_dir_all(dir.join("public")).unwrap();
    std::fs::write(dir.join("public/index.html"), "old site").unwrap();
    let out = run(&dir, &["build"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: build should fail with 1\n{}",
        stderr(&out)
    );
    golden(
        &fixtures().join(name).join("expected.stderr"),
        &stderr(&out),
    );
    assert!(stdout(&out).is_empty(), "{name}: nothing on stdout");
    assert_eq!(
        tree(&dir.join("public")),
        ["index.html"],
        "{name}: output folder changed"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("public/index.html")).unwrap(),
        "old site"
    );
    // `check` reports the same problems.
    let out = run(&dir, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: check should fail with 1"
    );
    let text = stderr(&out);
    assert!(!text.contains("panicked"), "{text}");
}

macro_rules! bad_input {
    ($($test:ident => $name:literal,)*) => {
        $(#[test] fn $test() { check_fixture($name); })*
    };
}

bad_input! {
    yaml_syntax_error_points_at_the_line => "err-yaml-syntax",
    front_matter_errors_count_lines_in_the_markdown_file => "err-front-matter",
    unknown_keys_are_errors => "err-unknown-key",
    duplicate_ids_are_errors => "err-duplicate-id",
    unknown_references_suggest_the_right_id => "err-unknown-reference",
    broken_links_and_anchors_are_errors => "err-broken-link",
    question_type_rules => "err-question-rules",
    case_graph_rules => "err-case-graph",
    assessment_that_could_run_short => "err-assessment-draw",
    diagnostic_roles_pins_and_draw => "err-diagnostic",
    diagnostic_settings => "err-diagnostic-settings",
    diagnostic_without_competencies => "err-diagnostic-no-competencies",
    template_errors_name_the_template => "err-template",
    template_failing_on_a_page_fails_check_too => "err-template-render",
    links_in_quiz_texts_are_checked => "err-text-links",
    a_module_file_named_like_a_page => "err-asset-clash",
    translations_must_match_their_sources => "err-translation-mismatch",
    translation_files_need_a_source_and_a_declared_language => "err-translation-files",
    reply_templates_vocabulary_placeholders_and_links => "err-replies",
}

#[test]
fn json_format_lists_every_diagnostic() {
    let dir = fixture("err-unknown-reference");
    let out = run(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 9);
    let first = &arr[0];
    for key in ["severity", "file", "line", "column", "message", "help"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/modules/01-basics/index.md");
    assert_eq!(first["line"], 3);
}

#[test]
fn no_input_prints_a_rust_type_name_or_panics() {
    // Wrong types in every kind of file.
    let dir = fixture("minimal");
    std::fs::write(dir.join("course.yaml"), "id: [a]\ntitle: {x: 1}\n").unwrap();
    std::fs::write(
        dir.join("quizzes/basics-check.yaml"),
        "title: T\nquestions: 3\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/competencies.yaml"), "- a\n- b\n").unwrap();
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    for rust in [
        "u32", "i64", "f64", "String", "Vec<", "struct ", "Option<", "panicked", "enum ",
    ] {
        assert!(!text.contains(rust), "`{rust}` in:\n{text}");
    }
}

/// Every file and folder under `dir` with the file's bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_template_that_fails_while_pages_render_leaves_the_old_site_exactly() {
    // The template compiles; it fails on lesson pages only, while other pages (all changed by
    // the new title) have already been rendered and staged for writing.
    let dir = fixture("minimal");
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&dir.join("public"));
    let course = std::fs::read_to_string(dir.join("course.yaml")).unwrap();
    std::fs::write(
        dir.join("course.yaml"),
        course.replacen("title:", "title: Renamed", 1),
    )
    .unwrap();
    copy_dir(&fixtures().join("err-template-render"), &dir);
    std::fs::remove_file(dir.join("expected.stderr")).unwrap();
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    golden(
        &fixtures().join("err-template-render/expected.stderr"),
        &stderr(&out),
    );
    assert!(
        snapshot(&dir.join("public")) == before,
        "the failed build changed the output folder"
    );
    // A first build that fails leaves no output folder behind.
    std::fs::remove_dir_all(dir.join("public")).unwrap();
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("public").exists());
}
