//! `skillpress import gift`: Moodle's GIFT question format → a quiz bank.
//!
//! GIFT is loosely specified (see docs/format.md): questions are separated by blank lines, `//`
//! starts a comment line, `$CATEGORY:` sets the category of the questions after it, and each
//! question is `::title:: [format] stem { answers }`. The answer block decides the type. What a
//! quiz bank cannot say (essays, descriptions, several blanks, partial-credit text answers) is
//! reported with its line and left out, never dropped silently.

mod question;
mod syntax;
#[cfg(test)]
mod tests;

use crate::diagnostics::{Diagnostic, Pos};
use question::{question, Context};
use serde::Serialize;
use std::collections::BTreeSet;
use syntax::{chunks, pos_in};

#[derive(Debug, Serialize)]
struct Bank {
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    competencies: Vec<String>,
    questions: Vec<Question>,
}

#[derive(Debug, Serialize, Default)]
struct Question {
    /// The GIFT `::title::`, for the id.
    #[serde(skip)]
    title: Option<String>,
    /// Where the question starts in the GIFT file, for errors found in the converted bank.
    #[serde(skip)]
    at: Pos,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    prompt: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scoring: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback_true: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback_false: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accept: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reject: Option<Vec<Reject>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<[serde_json::Value; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<Vec<Pair>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distractors: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct Choice {
    text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    correct: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<String>,
}

#[derive(Debug, Serialize)]
struct Reject {
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<String>,
}

#[derive(Debug, Serialize)]
struct Pair {
    left: String,
    right: String,
}

/// The result of an import: the bank as YAML text, and what was left out (as warnings).
#[derive(Debug)]
pub struct Imported {
    pub yaml: String,
    pub question_count: usize,
    pub skipped: Vec<Diagnostic>,
}

/// What the command line passes in.
pub struct ImportOptions<'a> {
    /// The GIFT file's name as shown in messages.
    pub file: &'a str,
    pub bank: &'a str,
    pub title: &'a str,
    pub competency: Option<&'a str>,
}

/// Converts a GIFT file's text into a quiz bank.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Imported, Vec<Diagnostic>> {
    let text = text.replace("\r\n", "\n");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut cx = Context {
        opts,
        skipped: Vec::new(),
        errors: Vec::new(),
        ids: BTreeSet::new(),
        category: None,
        count: 0,
    };
    let mut questions = Vec::new();
    for chunk in chunks(text) {
        if let Some(cat) = chunk.text.trim().strip_prefix("$CATEGORY:") {
            let cat = cat.trim();
            let cat = cat.strip_prefix("$course$/").unwrap_or(cat);
            let cat = cat.strip_prefix("top/").unwrap_or(cat);
            cx.category = (!cat.is_empty()).then(|| cat.to_string());
            continue;
        }
        if let Some(mut q) = question(&mut cx, &chunk) {
            q.id = cx.unique_id(q.title.clone().as_deref());
            q.at = pos_in(&chunk, 0);
            questions.push(q);
        }
    }
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    if questions.is_empty() {
        return Err(vec![Diagnostic::error(
            opts.file,
            None,
            "no question could be imported",
        )
        .with_help("see the skipped questions above")]);
    }
    let count = questions.len();
    let bank = Bank {
        title: opts.title.to_string(),
        competencies: opts
            .competency
            .map(|c| vec![c.to_string()])
            .unwrap_or_default(),
        questions,
    };
    let yaml = crate::yaml::to_string(&bank).map_err(|e| {
        vec![Diagnostic::error(
            opts.file,
            None,
            format!("cannot write the bank: {e}"),
        )]
    })?;
    // The promise of `import`: what it writes passes `check`. Whatever the conversion above
    // missed is found by the checks themselves and reported at its question.
    let starts: Vec<Pos> = bank.questions.iter().map(|q| q.at).collect();
    let rejected = crate::gift_check::check_bank(&yaml, opts, &starts);
    if !rejected.is_empty() {
        return Err(rejected);
    }
    Ok(Imported {
        yaml: format!(
            "# Imported from {} by `skillpress import gift`.\n{yaml}",
            opts.file
        ),
        question_count: count,
        skipped: cx.skipped,
    })
}
