//! The last step of `import gift`: the converted bank goes through the checks `check` runs, in a
//! throw-away course of its own, so `import` never writes a bank that `check` rejects (a number
//! that does not fit, a question with one option). Each problem is reported at the GIFT
//! question it comes from.

use crate::diagnostics::{Diagnostic, Pos, Severity};
use crate::discover::Inputs;
use crate::gift::ImportOptions;
use crate::source::SourceFile;

/// A framework that knows the competency the import tags questions with, if any.
fn framework(competency: Option<&str>) -> String {
    let mut text = String::from(
        "scale:\n  - { level: 1, name: Aware, min_mastery: 0.0 }\nmin_evidence: 1\ncompetencies:\n",
    );
    let id = competency.unwrap_or("imported");
    text.push_str(&format!(
        "  - {{ id: {}, name: Imported, description: D, indicators: [I], levels: {{ 1: L }} }}\n",
        serde_json::to_string(id).unwrap_or_default()
    ));
    text.push_str("roles: []\n");
    text
}

/// The errors `check` would report in `yaml` (the bank), moved to the start of the GIFT
/// question (`starts`, in bank order) each is about.
pub fn check_bank(yaml: &str, opts: &ImportOptions, starts: &[Pos]) -> Vec<Diagnostic> {
    let bank_file = format!("quizzes/{}.yaml", opts.bank);
    let inputs = Inputs {
        course_yaml: Some(SourceFile {
            path: "course.yaml".into(),
            text: "id: import-check\ntitle: Import check\n".into(),
        }),
        competencies: Some(SourceFile {
            path: "content/competencies.yaml".into(),
            text: framework(opts.competency).into(),
        }),
        quizzes: vec![SourceFile {
            path: bank_file.clone(),
            text: yaml.into(),
        }],
        ..Inputs::default()
    };
    let load_opts = crate::load::LoadOptions {
        drafts: false,
        labels: crate::locale::Locale::for_language(None).labels(),
        cache: None,
    };
    let (course, mut diags) = crate::load::load(inputs, &load_opts);
    if let Some(course) = &course {
        diags.extend(crate::validate::validate(
            course,
            &crate::paths::site_index(course, &crate::site::page_list(course)),
        ));
    }
    // Where each question starts in the bank, to tell which one an error is in.
    let question_lines: Vec<u32> = crate::yaml::parse::<serde_json::Value>(&bank_file, yaml, 0)
        .map(|(_, spans)| {
            (0..starts.len())
                .map(|i| {
                    spans
                        .locate(&format!("questions.{i}"))
                        .map_or(0, |p| p.line)
                })
                .collect()
        })
        .unwrap_or_default();
    diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error && d.file == bank_file)
        .map(|d| {
            let line = d.line.unwrap_or(0);
            let question = question_lines.iter().rposition(|&l| l > 0 && l <= line);
            let at = question.and_then(|i| starts.get(i).copied());
            Diagnostic::error(
                opts.file,
                at.or(Some(Pos::new(1, 1))),
                format!(
                    "this question would not pass `check` once converted: {}",
                    d.message
                ),
            )
            .with_help("correct the question in the GIFT file, or remove it")
        })
        .collect()
}
