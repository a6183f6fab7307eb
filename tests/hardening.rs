//! Issue #13: inputs an attacker or an unlucky author can produce. Each test failed before its
//! fix: symbolic links, unreadable files, YAML bombs, forged diagnostics, GIFT numbers that do
//! not fit, case graphs whose real problem is a dead end, oversized files.

mod common;
use common::*;
use std::fs;
use std::path::Path;

const LESSON: &str = "content/modules/01-basics/01-first.md";

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Every `: error:` line of a run.
fn error_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
#[test]
fn links_out_of_the_course_are_refused_by_every_command_and_leak_nothing() {
    use std::os::unix::fs::symlink;
    let outside = scratch("outside");
    write(&outside, "secret.txt", "TOP SECRET");
    write(&outside, "dir/inner.txt", "ALSO SECRET");
    let dir = fixture("minimal");
    symlink(
        outside.join("secret.txt"),
        dir.join("content/modules/01-basics/leak.txt"),
    )
    .unwrap();
    fs::create_dir_all(dir.join("static")).unwrap();
    symlink(outside.join("dir"), dir.join("static/linked")).unwrap();
    symlink("/etc", dir.join("static/etc")).unwrap();
    for args in [
        &["check"][..],
        &["build"],
        &["export", "scorm", "--out", "x.zip"],
    ] {
        let out = run(&dir, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        for path in [
            "content/modules/01-basics/leak.txt",
            "static/linked",
            "static/etc",
        ] {
            assert!(
                err.contains(&format!(
                    "{path}: error: this symbolic link points outside the course"
                )),
                "{args:?}: {path} not reported:\n{err}"
            );
        }
    }
    assert!(!dir.join("public").exists() && !dir.join("x.zip").exists());
}

#[cfg(unix)]
#[test]
fn links_inside_the_course_are_followed() {
    use std::os::unix::fs::symlink;
    let dir = fixture("minimal");
    write(&dir, "media/logo.svg", "<svg/>");
    write(&dir, "media/set/a.txt", "a");
    fs::create_dir_all(dir.join("static")).unwrap();
    symlink(dir.join("media/logo.svg"), dir.join("static/logo.svg")).unwrap();
    symlink("../media/set", dir.join("static/set")).unwrap();
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.join("public/logo.svg")).unwrap(),
        "<svg/>"
    );
    assert_eq!(
        fs::read_to_string(dir.join("public/set/a.txt")).unwrap(),
        "a"
    );
    assert!(!fs::symlink_metadata(dir.join("public/logo.svg"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte_and_nothing_else() {
    let dir = fixture("minimal");
    let course = fs::read_to_string(dir.join("course.yaml")).unwrap();
    // Latin-1 é (0xE9) on line 2, column 22: `title: Minimal course\xE9`.
    let mut bytes = course.into_bytes();
    let at = bytes.windows(6).position(|w| w == b"course").unwrap() + 6;
    bytes.insert(at, 0xE9);
    write(&dir, "course.yaml", &bytes);
    // And a lesson in GBK, linked from the module page.
    write(&dir, LESSON, b"---\ntitle: First\n---\n\xc4\xe3\xba\xc3\n");
    for cmd in ["check", "build"] {
        let out = run(&dir, &[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert_eq!(
            error_lines(&err),
            [
                format!("{LESSON}:4:1: error: the file is not valid UTF-8 text (byte 0xC4 here)"),
                "course.yaml:2:22: error: the file is not valid UTF-8 text (byte 0xE9 here)"
                    .to_string(),
            ],
            "{cmd}: {err}"
        );
    }
    // `import gift` says the same and exits 1, like `check` and `build`.
    write(&dir, "legacy.gift", b"::q:: Caf\xe9? {T}\n");
    let out = run(&dir, &["import", "gift", "legacy.gift"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("legacy.gift:1:10: error: the file is not valid UTF-8 text"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn yaml_bombs_and_deep_nesting_get_a_line_at_once() {
    let dir = fixture("minimal");
    let mut bomb =
        String::from("title: Bomb\nquestions: []\ndescription: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in "bcdefghi".chars() {
        bomb.push_str(&format!(
            "x{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
        prev = name;
    }
    write(&dir, "quizzes/bomb.yaml", bomb);
    let n = 50_000;
    write(
        &dir,
        "quizzes/deep.yaml",
        format!(
            "title: Deep\nquestions: {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let out = run(&dir, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("quizzes/bomb.yaml:7:"), "{err}");
    assert!(err.contains("aliases (`*name`) copy more than"), "{err}");
    assert!(
        err.contains("quizzes/deep.yaml:2:76: error: more than 64 `[` or `{` are open here"),
        "{err}"
    );
}

#[test]
fn author_text_cannot_forge_terminal_output() {
    let dir = fixture("minimal");
    let key = "k".repeat(100_000);
    write(
        &dir,
        "quizzes/forged.yaml",
        "title: F\nquestions: []\n\"x\\e[2J\\rcheck: 0 errors, 0 warnings\\nok\": 1\n",
    );
    write(
        &dir,
        "quizzes/long.yaml",
        format!("title: L\nquestions: []\n{key}: 2\n"),
    );
    for format in ["human", "json"] {
        let out = run(&dir, &["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains('\u{1b}') && !all.contains('\r'), "{all}");
        assert!(
            !all.lines()
                .any(|l| l.starts_with("ok") || l.starts_with("check: 0")),
            "{all}"
        );
        assert!(
            all.lines().all(|l| l.len() < 2_000),
            "a line of {} bytes",
            all.lines().map(str::len).max().unwrap()
        );
    }
}

#[test]
fn import_gift_never_writes_a_bank_that_check_rejects() {
    let dir = fixture("minimal");
    write(
        &dir,
        "bad.gift",
        "::big:: How big? {#1e400:0.5}\n\n::range:: Range? {#1..1e400}\n\n::fine:: Fine? {T}\n",
    );
    let out = run(&dir, &["import", "gift", "bad.gift"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines = error_lines(&err);
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("bad.gift:1:19: error: cannot read the number"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("bad.gift:3:19: error: cannot read the numeric range"),
        "{err}"
    );
    assert!(!dir.join("quizzes/bad.yaml").exists());
    // What converts but breaks a rule of quiz banks is found by the checks themselves.
    write(
        &dir,
        "one.gift",
        "::fine:: Fine? {T}\n\n::one:: Pick {~%100%only}\n",
    );
    let out = run(&dir, &["import", "gift", "one.gift"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        error_lines(&err),
        ["one.gift:3:1: error: this question would not pass `check` once converted: a choice question needs at least two options (question `one-one`)"],
        "{err}"
    );
    assert!(!dir.join("quizzes/one.yaml").exists());
}

#[test]
fn a_dead_end_is_reported_as_such_not_as_too_many_paths() {
    // A loop of 24 fully connected nodes (too many paths to try) that no choice leaves.
    let dir = fixture("minimal");
    let mut case = String::from("title: Maze\nstart: n0\nnodes:\n");
    for i in 0..24 {
        case.push_str(&format!("  n{i}:\n    choices:\n"));
        for j in 0..24 {
            if i != j {
                case.push_str(&format!(
                    "      - {{ text: go, next: n{j}, effects: {{ satisfaction: 1 }} }}\n"
                ));
            }
        }
    }
    case.push_str("endings:\n  done: { title: Done, outcome: success }\n");
    write(&dir, "content/cases/maze.yaml", case);
    let out = run(&dir, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no ending can be reached from node `n0`"),
        "{err}"
    );
    assert!(!err.contains("too many paths"), "{err}");
}

#[test]
fn an_oversized_text_file_is_refused_at_once() {
    let dir = fixture("minimal");
    let mut lesson = String::from("---\ntitle: Huge\n---\n");
    while lesson.len() <= 5 * 1024 * 1024 {
        lesson.push_str(&"All work and no play. ".repeat(1_000));
        lesson.push('\n');
    }
    write(&dir, "content/modules/01-basics/02-huge.md", lesson);
    let out = run(&dir, &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        error_lines(&err),
        ["content/modules/01-basics/02-huge.md:1:1: error: the file is 5.0 MB; a text file of a course may be at most 4 MB"],
        "{err}"
    );
}
