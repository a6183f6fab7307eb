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

impl Diagnostic {
    pub fn error(file: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.col),
            message: message.into(),
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
        self.help = Some(help.into());
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
    fn summary_pluralises() {
        assert_eq!(summary(1, 0), "1 error, 0 warnings");
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
    }
}
