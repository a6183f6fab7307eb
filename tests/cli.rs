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
    let differ = differing_files(&a, &b);
    assert!(differ.is_empty(), "{differ:?} differ");
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

/// Runs `skillpress ARGS` on a pseudo-terminal (util-linux `script`), as an author at a terminal
/// does; returns everything the terminal showed.
fn run_on_terminal(dir: &std::path::Path, args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_skillpress");
    let cmd = format!("cd '{}' && '{bin}' {args}", dir.display());
    let out = std::process::Command::new("script")
        .args(["-qfec", &cmd, "/dev/null"])
        .env("SKILLPRESS_PROGRESS_DELAY_MS", "0")
        .output();
    match out {
        Ok(o) => {
            assert!(o.status.success(), "{}", stderr(&o));
            stdout(&o)
        }
        Err(e) => panic!("this test needs util-linux `script` (apt-get install bsdutils): {e}"),
    }
}

#[test]
fn a_long_build_at_a_terminal_shows_progress_and_erases_it() {
    // Enough lessons that rendering spans several frames of the display, even in a debug build.
    let dir = fixture("minimal");
    let module = dir.join("content/modules/01-basics");
    for i in 2..400 {
        std::fs::write(
            module.join(format!("{i:03}-extra-{i}.md")),
            format!(
                "---\ntitle: Extra {i}\n---\n## Part\n\n{}\n",
                "Words to render. ".repeat(200)
            ),
        )
        .unwrap();
    }
    let shown = run_on_terminal(&dir, "build");
    assert!(shown.contains("\r\x1b[KRendering pages "), "{shown:?}");
    let total = shown
        .split("Rendering pages ")
        .nth(1)
        .and_then(|s| s.split(['\r', '\n']).next())
        .and_then(|s| s.split('/').nth(1))
        .unwrap_or_default()
        .to_string();
    assert!(
        total.trim().parse::<usize>().unwrap_or(0) > 400,
        "{shown:?}"
    );
    // The line is erased before the summary, which stands on a clean line.
    let before_summary = shown.split("Built ").next().unwrap();
    assert!(before_summary.ends_with("\r\x1b[K"), "{shown:?}");
    // Quiet: nothing but what was asked for.
    let quiet = run_on_terminal(&dir, "build --quiet");
    assert!(!quiet.contains('\x1b'), "{quiet:?}");
}
