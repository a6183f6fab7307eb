//! `skillpress import gift`: every GIFT construct converted (golden YAML), what cannot be
//! converted reported with its line, malformed files rejected with `file:line:col`, and the
//! imported bank passing `check` and building into a playable quiz page.

mod common;
use common::*;

#[test]
fn realistic_gift_file_imports_to_golden_yaml() {
    let dir = fixture("minimal");
    std::fs::copy(
        fixtures().join("gift/customer-service.gift"),
        dir.join("customer-service.gift"),
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "import",
            "gift",
            "customer-service.gift",
            "--competency",
            "listening",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Imported 13 questions into quizzes/customer-service.yaml (5 not converted, see above)\n"
    );
    golden(&fixtures().join("gift/expected.stderr"), &stderr(&out));
    let yaml = std::fs::read_to_string(dir.join("quizzes/customer-service.yaml")).unwrap();
    golden(&fixtures().join("gift/expected.yaml"), &yaml);

    // The bank passes `check` (a warning that nothing uses it is fine) and builds.
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains(": error:"), "{}", stderr(&out));
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.join("public/quizzes/customer-service.html")).unwrap();
    for id in [
        "customer-service-hand-off-trigger",
        "customer-service-metric-match",
        "customer-service-same-title-2",
        "customer-service-missing-word",
    ] {
        assert!(
            page.contains(&format!("data-question=\"{id}\"")),
            "{id} missing from the quiz page"
        );
    }
    // Importing again over an existing bank is refused.
    let out = run(&dir, &["import", "gift", "customer-service.gift"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
}

#[test]
fn malformed_gift_gives_file_line_errors_and_writes_nothing() {
    let dir = scratch("gift-bad");
    std::fs::copy(fixtures().join("gift/bad.gift"), dir.join("bad.gift")).unwrap();
    let out = run(
        &dir,
        &[
            "import",
            "gift",
            "bad.gift",
            "--bank",
            "bad-bank",
            "--out",
            "bank.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "bad.gift:4:5: error: bad weight `%abc%`\n  = help: a weight is a percentage from -100 to 100, such as `%50%`\n\
         bad.gift:8:36: error: the answer block `{` is never closed\n  = help: end the answers with `}`; escape a literal brace as `\\{`\n\
         error: bad.gift could not be converted; nothing was written\n"
    );
    assert!(!dir.join("bank.yaml").exists());
}

#[test]
fn bad_bank_id_and_missing_file_are_usage_errors() {
    let dir = scratch("gift-usage");
    assert_eq!(
        run(&dir, &["import", "gift", "nope.gift"]).status.code(),
        Some(2)
    );
    std::fs::write(dir.join("x.gift"), "Q {T}\n").unwrap();
    let out = run(&dir, &["import", "gift", "x.gift", "--bank", "Bad Id"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a valid bank id"));
}
