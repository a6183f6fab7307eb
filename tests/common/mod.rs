//! Test helpers: fixture courses copied to a fresh folder, the binary run as a user runs it, and
//! golden files (`BLESS=1 cargo test` rewrites them).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A fresh, empty folder under the target dir (kept after the test for inspection).
pub fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies a fixture; an `err-*` fixture is an overlay on `minimal`. Files named `expected*` and
/// the `expected/` folder are not part of the course.
pub fn fixture(name: &str) -> PathBuf {
    let dir = scratch(name);
    if name.starts_with("err-") || name.starts_with("warn-") {
        copy_dir(&fixtures().join("minimal"), &dir);
    }
    copy_dir(&fixtures().join(name), &dir);
    let _ = std::fs::remove_dir_all(dir.join("expected"));
    for f in ["expected.stderr", "expected.json"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    dir
}

/// The binary, with the build's date pinned (`SOURCE_DATE_EPOCH`, 2026-12-01): the replies'
/// review warning depends on the date, and a test's result must not.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillpress"));
    cmd.env("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH);
    cmd
}

/// 2026-12-01T00:00:00Z.
pub const BUILD_DATE_EPOCH: &str = "1796083200";

/// Runs `skillpress ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some()
}

/// Compares `actual` with the golden file, or rewrites it under `BLESS=1`.
pub fn golden(path: &Path, actual: &str) {
    let actual = actual.replace("\r\n", "\n");
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n  expected: {a}\n  actual:   {b}", i + 1))
            .collect();
        panic!(
            "{} differs from the output ({} vs {} lines)\n{}\n(run with BLESS=1 to accept the new output)",
            path.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Every file under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

/// The files that differ between the folders `a` and `b`: present in one only, or with other
/// bytes (relative paths, sorted). Empty when the two trees are byte for byte the same.
pub fn differing_files(a: &Path, b: &Path) -> Vec<String> {
    let mut paths = tree(a);
    paths.extend(tree(b));
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|f| std::fs::read(a.join(f)).ok() != std::fs::read(b.join(f)).ok())
        .collect()
}

/// An edit of the two-languages fixture's Chinese first lesson that changes its title (its
/// edition's navigation): (file, the title line, the new title line).
pub fn zh_title_edit(course: &Path) -> (PathBuf, String, String) {
    let file = course.join("content/modules/01-basics/01-first.zh-CN.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    let changed = format!("{title}（新）");
    (file, title.to_string(), changed)
}

/// The part of a page between `<main` and `</main>`, for golden files that should not churn
/// with every change to the page chrome.
pub fn main_part(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.rfind("</main>").map(|i| i + 7).unwrap_or(html.len());
    html[start..end].to_string()
}
