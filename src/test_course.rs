//! Small courses made in memory, for unit tests of the stages after parsing.

use crate::discover::{Inputs, ModuleDir};
use crate::load::{self, Course, LoadOptions};
use crate::locale::Locale;
use crate::source::SourceFile;

pub fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        text: text.into(),
    }
}

pub const FRAMEWORK: &str = "scale:
  - { level: 1, name: Aware, min_mastery: 0.0 }
  - { level: 2, name: Practising, min_mastery: 0.5 }
competencies:
  - { id: listening, name: Listening }
  - { id: writing, name: Writing }
roles:
  - { id: agent, name: Agent, targets: { listening: 2 } }
  - { id: lead, name: Lead, targets: { writing: 2 } }
";

pub const BANK: &str = "title: Basics check
competencies: [listening]
questions:
  - id: plain
    type: true_false
    prompt: Listening first?
    answer: true
  - id: own
    type: multiple
    prompt: Which?
    competencies: [writing]
    points: 3
    difficulty: 2
    scoring: partial
    options:
      - { text: A, correct: true }
      - { text: B }
";

/// A course from (course.yaml's extra lines, quiz files, case files, lesson front matter).
pub fn course(
    config: &str,
    quizzes: &[(&str, &str)],
    cases: &[(&str, &str)],
    lesson: &str,
) -> Course {
    let inputs = Inputs {
        course_yaml: Some(file("course.yaml", &format!("id: t\ntitle: T\n{config}"))),
        competencies: Some(file("content/competencies.yaml", FRAMEWORK)),
        modules: vec![ModuleDir {
            folder: "01-basics".into(),
            index: Some(file(
                "content/modules/01-basics/index.md",
                "---\ntitle: Basics\ncompetencies: [listening]\nquiz: basics-check\n---\nText.\n",
            )),
            lessons: vec![
                file(
                    "content/modules/01-basics/01-first.md",
                    "---\ntitle: First\n---\nText.\n",
                ),
                file(
                    "content/modules/01-basics/02-second.md",
                    &format!("---\ntitle: Second\n{lesson}---\nText.\n"),
                ),
            ],
            assets: Vec::new(),
        }],
        quizzes: quizzes
            .iter()
            .map(|(name, text)| file(&format!("quizzes/{name}.yaml"), text))
            .collect(),
        cases: cases
            .iter()
            .map(|(name, text)| file(&format!("content/cases/{name}.yaml"), text))
            .collect(),
        ..Inputs::default()
    };
    let opts = LoadOptions {
        drafts: false,
        labels: Locale::for_language(None).labels(),
        cache: None,
    };
    let (course, diags) = load::load(inputs, &opts);
    assert!(!diags.has_errors(), "{diags:?}");
    course.expect("the course parses")
}
