//! Issue #13, defect 5, as a property: any GIFT file `import gift` accepts yields a bank that
//! passes the checks of `check` (read back from disk as a course file, like `check` reads it).
//! The GIFT files are random assemblies of every construct, with the numbers, weights and
//! option counts that broke the importer before (`1e400`, a single weighted option, …).

mod common;
use common::*;
use proptest::prelude::*;
use skillpress::diagnostics::Severity;
use skillpress::gift::{import, ImportOptions};
use std::path::Path;

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        (-100.0f64..100.0).prop_map(|x| format!("{x:.2}")),
        Just("1e400".to_string()),
        Just("-1e400".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("0".to_string()),
        Just("1e15".to_string()),
        Just("x".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Yes".to_string()),
        Just("No".to_string()),
        Just("客服".to_string()),
        Just("a \\{b\\}".to_string()),
        Just("".to_string()),
        Just(" ".to_string()),
        "[a-z]{1,8}",
    ]
}

fn weight() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        (-100i32..=100).prop_map(|w| format!("%{w}%")),
        Just("%50.5%".to_string()),
    ]
}

/// One answer block.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("T".to_string()),
        Just("FALSE#wrong#right".to_string()),
        Just("".to_string()),
        number().prop_map(|n| format!("#{n}")),
        (number(), number()).prop_map(|(a, b)| format!("#{a}:{b}")),
        (number(), number()).prop_map(|(a, b)| format!("#{a}..{b}")),
        (number(), weight()).prop_map(|(a, w)| format!("#={w}{a} ~%50%{a}")),
        prop::collection::vec((prop::bool::ANY, weight(), text()), 1..5).prop_map(|answers| {
            answers
                .into_iter()
                .map(|(right, w, t)| format!(" {}{w}{t}", if right { '=' } else { '~' }))
                .collect()
        }),
        prop::collection::vec((text(), text()), 1..4).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(a, b)| format!(" ={a} -> {b}"))
                .collect()
        }),
    ]
}

fn gift_file() -> impl Strategy<Value = String> {
    let question = (
        prop::option::of("[a-z ]{1,10}"),
        text(),
        block(),
        prop::bool::ANY,
    )
        .prop_map(|(title, stem, block, missing_word)| {
            let title = title.map(|t| format!("::{t}::")).unwrap_or_default();
            if missing_word {
                format!("{title}Say {{{block}}} now.\n")
            } else {
                format!("{title}{stem} {{{block}}}\n")
            }
        });
    (
        prop::option::of(Just("$CATEGORY: $course$/top/Imported\n\n".to_string())),
        prop::collection::vec(question, 1..6),
    )
        .prop_map(|(category, qs)| category.unwrap_or_default() + &qs.join("\n"))
}

/// The errors `check`'s parse and validation stages report for the course at `root`.
fn check_errors(root: &Path) -> Vec<String> {
    let inputs = skillpress::discover::discover(root).unwrap();
    let opts = skillpress::load::LoadOptions {
        drafts: false,
        labels: skillpress::locale::Locale::for_language(None).labels(),
        cache: None,
    };
    let (course, mut diags) = skillpress::load::load(inputs, &opts);
    if let Some(course) = &course {
        diags.extend(skillpress::validate::validate(
            course,
            &skillpress::paths::site_index(course, &skillpress::site::page_list(course)),
        ));
    }
    diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn an_accepted_gift_file_gives_a_bank_check_accepts(gift in gift_file()) {
        let opts = ImportOptions { file: "in.gift", bank: "imported", title: "Imported", competency: Some("listening") };
        if let Ok(imported) = import(&gift, &opts) {
            let dir = fixture("minimal");
            std::fs::write(dir.join("quizzes/imported.yaml"), &imported.yaml).unwrap();
            let errors = check_errors(&dir);
            prop_assert!(errors.is_empty(), "GIFT:\n{}\nYAML:\n{}\nerrors:\n{}", gift, imported.yaml, errors.join("\n"));
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
