//! The data the pages give the browser (quiz, case, framework, navigation), as golden files in
//! tests/js/fixtures/: the node tests in tests/js/data.test.js feed them to the real grading,
//! mastery and case logic, so a change of shape on the Rust side fails a JavaScript test.
//! Each file is also compared with what the built pages embed, so the golden files are the
//! pages' data and not a copy that could drift. `BLESS=1 cargo test --test browser_data`
//! rewrites them.

mod common;

use common::*;
use skillpress::build::{self, BuildOptions, EditionData};
use std::path::Path;

/// Builds `dir` and checks every edition's data against its pages; returns the editions.
fn editions_of(dir: &Path) -> Vec<EditionData> {
    let opts = BuildOptions {
        root: dir.to_path_buf(),
        ..BuildOptions::default()
    };
    let editions = build::browser_data(&opts).expect("the fixture is valid");
    let out = dir.join("public");
    let o = run(dir, &["build", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for e in &editions {
        let read = |p: &str| std::fs::read_to_string(out.join(&e.prefix).join(p)).unwrap();
        for (name, json) in &e.data {
            let (embedded, page) = match name.split_once('-') {
                Some(("quiz", id)) => (
                    format!("id=\"quiz-data-{id}\">{json}</script>"),
                    format!("quizzes/{id}.html"),
                ),
                Some(("case", id)) => (
                    format!("id=\"case-data-{id}\">{json}</script>"),
                    format!("cases/{id}.html"),
                ),
                _ if name == "framework" => (
                    format!("id=\"framework-data\">{json}</script>"),
                    "competencies.html".to_string(),
                ),
                _ => (
                    format!("window.skillpressNav = {json};\n"),
                    "assets/nav.js".to_string(),
                ),
            };
            assert!(
                read(&page).contains(&embedded),
                "{}{page} does not embed the data of {name}",
                e.prefix
            );
        }
    }
    editions
}

/// Compares (or, when blessing, writes) one edition's data as tests/js/fixtures/<folder>/.
fn golden_files(e: &EditionData, folder: &str) {
    for (name, json) in &e.data {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
        golden(
            &repo().join(format!("tests/js/fixtures/{folder}/{name}.json")),
            &pretty,
        );
    }
}

fn names(e: &EditionData) -> Vec<&str> {
    e.data.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn browser_data_of_the_full_fixture_matches_the_golden_files_and_the_pages() {
    let editions = editions_of(&fixture("full"));
    assert_eq!(editions.len(), 1);
    assert_eq!(
        names(&editions[0]),
        [
            "quiz-final",
            "quiz-listening-check",
            "case-refund",
            "framework",
            "nav"
        ]
    );
    golden_files(&editions[0], "full");
}

/// The zh-CN edition of a two-language course: translated texts, the English edition's
/// question versions (progress carries across languages) and URLs relative to its own folder.
#[test]
fn browser_data_of_the_zh_cn_edition_matches_the_golden_files_and_its_pages() {
    let editions = editions_of(&fixture("two-languages"));
    let langs: Vec<&str> = editions.iter().map(|e| e.lang.as_str()).collect();
    assert_eq!(langs, ["en", "zh-CN"]);
    let (en, zh) = (&editions[0], &editions[1]);
    assert_eq!(zh.prefix, "zh-CN/");
    assert_eq!(
        names(zh),
        ["quiz-basics-check", "case-refund", "framework", "nav"]
    );
    assert_eq!(names(en), names(zh));
    golden_files(zh, "two-languages-zh-CN");
    // The same data apart from texts: a quiz's questions keep the English versions.
    let quiz =
        |e: &EditionData| -> serde_json::Value { serde_json::from_str(&e.data[0].1).unwrap() };
    let versions = |q: &serde_json::Value| -> Vec<String> {
        q["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["version"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(versions(&quiz(en)), versions(&quiz(zh)));
    assert_ne!(quiz(en)["title"], quiz(zh)["title"]);
}
