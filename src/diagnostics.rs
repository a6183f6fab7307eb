//! Problems found in a course, reported compiler-style as `path:line:col: error: message`.
//!
//! Every stage pushes into a [`Diagnostics`] collector instead of stopping at the first problem, so
//! one run of `check` or `build` shows the author everything that needs fixing.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A position in a source file: 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the course root, with `/` separators.
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// Lower-case start, no trailing period.
    pub message: String,
    pub help: Option<String>,
}

/// The longest quoted snippet of author text a diagnostic repeats whole (in characters).
pub const MAX_SNIPPET: usize = 80;
/// The longest message or help a diagnostic prints (in characters).
pub const MAX_MESSAGE: usize = 1_000;

/// Makes text from a course safe to print in a diagnostic: control characters (line breaks, the
/// escape that starts terminal sequences, carriage returns that overprint a line) and the Unicode
/// marks that reorder text are written as escapes, so a crafted file cannot clear the screen or
/// print a fake line; a `code` snippet longer than [`MAX_SNIPPET`] characters, and a whole text
/// longer than [`MAX_MESSAGE`], are shortened. `keep_indented_breaks` keeps a line break followed
/// by the six-space indent of a help's continuation lines: it cannot start a line of its own.
pub fn sanitize(text: &str, keep_indented_breaks: bool) -> String {
    let needs_work = text.chars().count() > MAX_SNIPPET
        || text.chars().any(|c| c.is_control() || is_reordering(c));
    if !needs_work {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(4 * MAX_MESSAGE));
    let mut rest = text;
    let mut in_code = false;
    while !rest.is_empty() {
        let end = rest.find('`').unwrap_or(rest.len());
        let part = &rest[..end];
        if in_code && part.chars().count() > MAX_SNIPPET {
            let head: String = part.chars().take(MAX_SNIPPET - 20).collect();
            escape_into(&mut out, &head, false);
            out.push_str(&format!("… ({} characters)", part.chars().count()));
        } else {
            // Outside backticks, a long run without spaces (a quoted value) is cut the same way.
            let mut cut = String::with_capacity(part.len().min(4 * MAX_MESSAGE));
            for word in part.split_inclusive(' ') {
                let n = word.chars().count();
                if n > MAX_SNIPPET {
                    cut.extend(word.chars().take(MAX_SNIPPET - 20));
                    cut.push_str(&format!("… ({n} characters)"));
                    if word.ends_with(' ') {
                        cut.push(' ');
                    }
                } else {
                    cut.push_str(word);
                }
            }
            escape_into(&mut out, &cut, keep_indented_breaks && !in_code);
        }
        if end < rest.len() {
            out.push('`');
            in_code = !in_code;
            rest = &rest[end + 1..];
        } else {
            rest = "";
        }
    }
    if out.chars().count() > MAX_MESSAGE {
        out = out.chars().take(MAX_MESSAGE).collect::<String>() + "… (shortened)";
    }
    out
}

/// Bidirectional overrides and isolates: they can make printed text read differently.
fn is_reordering(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

fn escape_into(out: &mut String, text: &str, keep_indented_breaks: bool) {
    for (i, c) in text.char_indices() {
        match c {
            '\n' if keep_indented_breaks && text[i + 1..].starts_with("      ") => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_reordering(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: sanitize(&file.into(), false),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.col),
            message: sanitize(&message.into(), false),
            help: None,
        }
    }

    pub fn warning(file: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(sanitize(&help.into(), true));
        self
    }

    fn sort_key(&self) -> (&str, u32, u32, Severity, &str) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Collects every problem of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file and position, duplicates removed, so output is stable whatever order the
    /// (parallel) stages found them in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// In each of `files` (files that could not be read as they are), keeps only the problems
    /// in `causes` (what made them unreadable): any other problem there follows from the damage.
    pub fn keep_only_first_cause(
        &mut self,
        files: &std::collections::BTreeSet<String>,
        causes: &[Diagnostic],
    ) {
        if files.is_empty() {
            return;
        }
        self.items
            .retain(|d| !files.contains(&d.file) || causes.contains(d));
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The human-readable report: one diagnostic per line, then a count.
pub fn render_human(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out
}

pub fn render_json(diags: &[Diagnostic]) -> String {
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_string())
}

/// "1 warning", "3 warnings" (English words: messages are in English).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "2 errors, 1 warning"
pub fn summary(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_compiler_style_line_with_help() {
        let d = Diagnostic::error("quizzes/a.yaml", Some(Pos::new(14, 7)), "no correct answer")
            .with_help("mark one option `correct: true`");
        assert_eq!(
            d.to_string(),
            "quizzes/a.yaml:14:7: error: no correct answer\n  = help: mark one option `correct: true`"
        );
    }

    #[test]
    fn file_only_diagnostic_has_no_numbers() {
        let d = Diagnostic::warning("course.yaml", None, "x");
        assert_eq!(d.to_string(), "course.yaml: warning: x");
    }

    #[test]
    fn sorted_by_file_then_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b", Some(Pos::new(1, 1)), "m"));
        ds.push(Diagnostic::error("a", Some(Pos::new(9, 1)), "m"));
        ds.push(Diagnostic::error("a", Some(Pos::new(2, 1)), "m"));
        let lines: Vec<_> = ds.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            ["a:2:1: error: m", "a:9:1: error: m", "b:1:1: error: m"]
        );
    }

    #[test]
    fn author_text_cannot_forge_lines_or_control_the_terminal() {
        let d = Diagnostic::error(
            "quizzes/a.yaml",
            Some(Pos::new(1, 1)),
            "unknown field `x\n\u{1b}[2Jok: all good\r\u{202e}`",
        )
        .with_help("did you mean `y\n      z`?\n      ---");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "quizzes/a.yaml:1:1: error: unknown field `x\\n\\u{1b}[2Jok: all good\\r\\u{202e}`\n  = help: did you mean `y\\n      z`?\n      ---"
        );
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn long_snippets_are_shortened() {
        let key = "k".repeat(100_000);
        let d = Diagnostic::error(
            "a.yaml",
            None,
            format!("unknown field `{key}`, expected `title`"),
        );
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(
            d.message
                .ends_with("… (100000 characters)`, expected `title`"),
            "{}",
            d.message
        );
        let d = Diagnostic::error(
            "a.yaml",
            None,
            format!("found the text \"{key}\", expected a number"),
        );
        assert!(
            d.message
                .ends_with("… (100004 characters) expected a number"),
            "{}",
            d.message
        );
        let words = "word ".repeat(1_000);
        let d = Diagnostic::error("a.yaml", None, words);
        assert!(d.message.chars().count() <= MAX_MESSAGE + 20);
    }

    #[test]
    fn summary_pluralises() {
        assert_eq!(summary(1, 0), "1 error, 0 warnings");
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
    }
}
