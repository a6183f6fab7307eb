//! The data the pages give the browser (quiz, case, framework, navigation), as golden files in
//! tests/js/fixtures/: the node tests in tests/js/data.test.js feed them to the real grading,
//! mastery and case logic, so a change of shape on the Rust side fails a JavaScript test.
//! Each file is also compared with what the built pages embed, so the golden files are the
//! pages' data and not a copy that could drift. `BLESS=1 cargo test --test browser_data`
//! rewrites them.

mod common;

use common::*;
use skillpress::build::{self, BuildOptions};

#[test]
fn browser_data_of_the_full_fixture_matches_the_golden_files_and_the_pages() {
    let dir = fixture("full");
    let opts = BuildOptions {
        root: dir.clone(),
        ..BuildOptions::default()
    };
    let data = build::browser_data(&opts).expect("the fixture is valid");
    let names: Vec<&str> = data.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "quiz-final",
            "quiz-listening-check",
            "case-refund",
            "framework",
            "nav"
        ]
    );
    let out = dir.join("public");
    let o = run(&dir, &["build", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    for (name, json) in &data {
        let embedded = match name.split_once('-') {
            Some(("quiz", id)) => format!("id=\"quiz-data-{id}\">{json}</script>"),
            Some(("case", id)) => format!("id=\"case-data-{id}\">{json}</script>"),
            _ if name == "framework" => format!("id=\"framework-data\">{json}</script>"),
            _ => format!("window.skillpressNav = {json};\n"),
        };
        let page = match name.split_once('-') {
            Some(("quiz", id)) => format!("quizzes/{id}.html"),
            Some(("case", id)) => format!("cases/{id}.html"),
            _ if name == "framework" => "competencies.html".to_string(),
            _ => "assets/nav.js".to_string(),
        };
        assert!(
            read(&page).contains(&embedded),
            "{page} does not embed the data of {name}"
        );
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
        golden(
            &repo().join(format!("tests/js/fixtures/full/{name}.json")),
            &pretty,
        );
    }
}
