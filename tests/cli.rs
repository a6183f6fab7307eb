//! The binary as a user runs it: help, version, usage errors, exit codes, `new`.

mod common;
use common::*;

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let out = run(&repo(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for cmd in ["build", "check", "new"] {
        assert!(text.contains(cmd), "{cmd} missing from --help");
    }
    assert!(text.contains("Exit codes"));
    let out = run(&repo(), &["build", "--help"]);
    assert!(stdout(&out).contains("--base-url"));
}

#[test]
fn version_is_printed() {
    let out = run(&repo(), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("skillpress "));
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["bild"][..],
        &["build", "--nope"],
        &["check", "--format", "xml"],
        &[],
    ] {
        let out = run(&repo(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_missing_course_folder_is_an_io_error() {
    let out = run(&repo(), &["build", "--root", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: `no/such/folder` is not a folder; pass the course folder (the one with course.yaml) with --root\n");
}

#[test]
fn a_folder_without_course_yaml_is_a_content_error() {
    let dir = scratch("empty");
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("course.yaml: error: no `course.yaml` in the course folder"));
}

#[test]
fn output_folder_containing_the_course_is_refused() {
    let dir = fixture("minimal");
    let out = run(&dir, &["build", "--out", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("contains the course itself"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_course_passes_check_and_builds() {
    let dir = scratch("new");
    let out = run(&dir, &["new", "my-course"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let course = dir.join("my-course");
    let out = run(&course, &["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "check: 0 errors, 0 warnings\n");
    let out = run(&course, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(course
        .join("public/modules/getting-started/listening-first.html")
        .exists());
    // Not into a folder that has files.
    let out = run(&dir, &["new", "my-course"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eject_theme_writes_the_default_theme_and_builds_the_same_site() {
    let dir = scratch("eject");
    assert_eq!(run(&dir, &["new", "plain"]).status.code(), Some(0));
    assert_eq!(
        run(&dir, &["new", "ejected", "--eject-theme"])
            .status
            .code(),
        Some(0)
    );
    assert!(dir.join("ejected/templates/base.html").exists());
    assert!(dir.join("ejected/static/assets/skillpress.css").exists());
    for name in ["plain", "ejected"] {
        let out = run(&dir.join(name), &["build"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let (a, b) = (dir.join("plain/public"), dir.join("ejected/public"));
    assert_eq!(tree(&a), tree(&b));
    for f in tree(&a) {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn warnings_fail_check_only_with_deny_warnings() {
    let dir = fixture("minimal");
    std::fs::write(
        dir.join("content/modules/01-basics/01-first.md"),
        "---\ntitle: First\n---\n![](missing-alt.svg)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/modules/01-basics/missing-alt.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/modules/01-basics/index.md"),
        "---\ntitle: Basics\ncompetencies: [listening]\nquiz: basics-check\n---\n",
    )
    .unwrap();
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: image `missing-alt.svg` has no alt text"));
    let out = run(&dir, &["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
    // Warnings never fail a build.
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("1 warning"));
}
