//! Runs the JavaScript tests with Node: unit tests of the learner-side logic (`tests/js/`) and
//! end-to-end tests in headless Chromium (`tests/e2e/`), so `cargo test` is the one test command.
//! Under `CI=true` a missing Node, npm package or Chromium fails the test; on a developer machine
//! without them the test says loudly what it skipped.

use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `Ok(false)` when the tool is missing outside CI (the test is skipped, with a message).
fn require(what: &str, present: bool) -> bool {
    if present {
        return true;
    }
    assert!(!in_ci(), "{what} is required under CI=true");
    eprintln!("SKIPPED: {what} is not installed; install it to run these tests");
    false
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn ensure_npm_packages() -> bool {
    let present = ["playwright-core", "axe-core", "scorm-again"]
        .iter()
        .all(|p| repo().join("node_modules").join(p).exists());
    if present {
        return true;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(repo())
        .status();
    require("npm packages (npm ci)", status.is_ok_and(|s| s.success()))
}

fn node_test(dir: &str, extra: &[&str]) {
    let mut files: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.js"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests in {dir}");
    let out = Command::new("node")
        .arg("--test")
        .args(extra)
        .args(&files)
        .env("SKILLPRESS_BIN", env!("CARGO_BIN_EXE_skillpress"))
        .current_dir(repo())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "node --test {dir} failed:\n{text}");
    assert!(
        !text.contains("# pass 0\n"),
        "no JavaScript test ran in {dir}"
    );
}

#[test]
fn javascript_unit_tests() {
    if !require("node", node_available()) {
        return;
    }
    node_test("tests/js", &[]);
}

#[test]
fn browser_end_to_end_tests() {
    if !require("node", node_available()) || !ensure_npm_packages() {
        return;
    }
    if !require(
        "Chromium at /usr/bin/chromium",
        Path::new("/usr/bin/chromium").exists(),
    ) {
        return;
    }
    node_test("tests/e2e", &["--test-concurrency=1"]);
}
