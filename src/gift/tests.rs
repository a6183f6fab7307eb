use super::*;

fn run(gift: &str) -> Result<Imported, Vec<Diagnostic>> {
    import(
        gift,
        &ImportOptions {
            file: "q.gift",
            bank: "b",
            title: "B",
            competency: None,
        },
    )
}

#[test]
fn recognises_every_type() {
    let out = run(
        "::Capital:: What is the capital? {=Paris ~London#No ~Rome}\n\n\
        Pick two {~%50%A ~%50%B ~%-100%C}\n\nThe sky is blue {T#Look up#Yes}\n\n\
        Who? {=no one =nobody}\n\nHow much? {#1822:5}\n\nRange {#1820..1825}\n\n\
        Match {=a -> 1 =b -> 2 =-> 3}\n",
    )
    .unwrap();
    for t in [
        "type: single",
        "type: multiple",
        "scoring: partial",
        "type: true_false",
        "type: text",
        "type: numeric",
        "tolerance: 5",
        "- 1820",
        "type: match",
        "distractors",
    ] {
        assert!(out.yaml.contains(t), "{t} missing:\n{}", out.yaml);
    }
    assert!(out.yaml.contains("id: b-capital"));
    assert_eq!(out.question_count, 7);
}

#[test]
fn escapes_and_feedback() {
    let out = run("Is 1 \\= 1? {=Yes\\: it is#Right ~No#Wrong ####Equality.}\n").unwrap();
    assert!(out.yaml.contains("Is 1 = 1?"), "{}", out.yaml);
    assert!(
        out.yaml.contains("'Yes: it is'") || out.yaml.contains("\"Yes: it is\""),
        "{}",
        out.yaml
    );
    assert!(out.yaml.contains("explanation: Equality."));
}

#[test]
fn unclosed_brace_and_bad_weight_are_errors_with_lines() {
    let errs = run("First {=a ~b}\n\nSecond {=a ~b\n").unwrap_err();
    assert_eq!(errs[0].line, Some(3));
    assert!(errs[0].message.contains("never closed"));
    let errs = run("\n\nQ {~%abc%a =b}\n").unwrap_err();
    assert_eq!((errs[0].line, errs[0].column), (Some(3), Some(6)));
    assert!(errs[0].message.contains("bad weight"));
}

#[test]
fn unsupported_questions_are_reported_not_dropped() {
    let out =
        run("Essay {}\n\nJust a description.\n\nTwo {=a ~b} blanks {=c ~d}\n\nOK {T}\n").unwrap();
    assert_eq!(out.question_count, 1);
    assert_eq!(out.skipped.len(), 3);
    assert_eq!(out.skipped[0].line, Some(1));
    assert_eq!(out.skipped[2].line, Some(5));
}

#[test]
fn titles_become_unique_ids_and_categories_tags() {
    let out = run("$CATEGORY: $course$/top/Refunds\n\n::Same:: A {T}\n\n::Same:: B {F}\n").unwrap();
    assert!(out.yaml.contains("id: b-same\n"));
    assert!(out.yaml.contains("id: b-same-2\n"));
    assert!(out.yaml.contains("- Refunds"));
}

#[test]
fn missing_word_becomes_a_blank() {
    let out = run("Customers want {=fast ~slow} answers.\n").unwrap();
    assert!(
        out.yaml.contains("Customers want _____ answers."),
        "{}",
        out.yaml
    );
}
