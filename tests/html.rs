//! Every page skillpress writes is valid HTML. The Nu HTML checker (vnu, the engine of the W3C
//! validator, pinned in package.json as the npm package `vnu-jar`) checks the built example
//! course and the `full`, `zh` and `two-languages` fixtures (every kind of embed, under and
//! between headings; a Chinese course; a course with two editions); any error or warning fails
//! the test, with the checker's messages. vnu needs a Java runtime (Debian's
//! `default-jre-headless`, installed by .ci/run): under `CI=true` a missing Java or vnu fails the
//! test, elsewhere it is skipped with a message, as the browser tests are (tests/js.rs).

mod common;

use common::{bin, fixture, repo, scratch};
use std::path::{Path, PathBuf};
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `false` when the tool is missing outside CI (the test is skipped, with a message).
fn require(what: &str, present: bool) -> bool {
    if present {
        return true;
    }
    assert!(!in_ci(), "{what} is required under CI=true");
    eprintln!("SKIPPED: {what} is not installed; install it to check the HTML");
    false
}

fn java_available() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The pinned vnu.jar, installed with the other npm packages (`npm ci`) when missing.
fn vnu_jar() -> Option<PathBuf> {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.exists() {
        let _ = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(repo())
            .status();
    }
    require("vnu-jar (npm ci)", jar.exists()).then_some(jar)
}

fn build(root: &Path, out: &Path) {
    let o = bin()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build of {} failed: {}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_built_page_is_valid_html() {
    if !require(
        "Java (apt-get install default-jre-headless)",
        java_available(),
    ) {
        return;
    }
    let Some(jar) = vnu_jar() else { return };

    let out = scratch("html");
    let mut sites = vec![out.join("example")];
    build(&repo(), &sites[0]);
    for name in ["full", "zh", "two-languages"] {
        let site = out.join(name);
        build(&fixture(name), &site);
        sites.push(site);
    }

    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--skip-non-html"])
        .args(&sites)
        .output()
        .unwrap();
    // vnu writes its report to stderr; messages of type "info" without a subtype are notes.
    let report: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu did not report JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let problems: Vec<String> = report["messages"]
        .as_array()
        .expect("vnu's report has messages")
        .iter()
        .filter(|m| m["type"] != "info" || m["subType"] == "warning")
        .map(|m| {
            format!(
                "{}:{}: {} {}: {}",
                m["url"].as_str().unwrap_or("?").trim_start_matches("file:"),
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["subType"].as_str().unwrap_or(""),
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    let pages = sites
        .iter()
        .flat_map(|s| walkdir::WalkDir::new(s).into_iter().filter_map(Result::ok))
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    println!("vnu checked {pages} pages: {} problems", problems.len());
    assert!(pages > 90, "only {pages} pages were checked");
    assert!(
        problems.is_empty(),
        "vnu found {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
