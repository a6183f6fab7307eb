//! GIFT syntax: a file cut into question chunks, escapes, answer blocks and numbers.

use crate::diagnostics::{Diagnostic, Pos};

/// One answer of an answer block: `=` or `~`, an optional `%weight%`, text, feedback.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub(super) right: bool,
    pub(super) weight: Option<f64>,
    pub(super) text: String,
    pub(super) feedback: Option<String>,
}

pub(super) struct Chunk {
    /// 1-based line of the chunk's first line.
    pub(super) line: u32,
    pub(super) text: String,
}

/// Position of a byte offset inside a chunk, in the file.
pub(super) fn pos_in(chunk: &Chunk, offset: usize) -> Pos {
    let before = &chunk.text[..offset.min(chunk.text.len())];
    let line = chunk.line + before.matches('\n').count() as u32;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u32
        + 1;
    Pos::new(line, col)
}

/// Splits the file into question chunks at blank lines, dropping `//` comment lines.
pub(super) fn chunks(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut current: Option<Chunk> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.is_empty() {
            if let Some(c) = current.take() {
                out.push(c);
            }
            continue;
        }
        // A category line is a chunk of its own even without a blank line after it.
        if trimmed.starts_with("$CATEGORY:") {
            if let Some(c) = current.take() {
                out.push(c);
            }
            out.push(Chunk {
                line: n,
                text: trimmed.to_string(),
            });
            continue;
        }
        match &mut current {
            Some(c) => {
                c.text.push('\n');
                c.text.push_str(line);
            }
            None => {
                current = Some(Chunk {
                    line: n,
                    text: line.to_string(),
                })
            }
        }
    }
    if let Some(c) = current {
        out.push(c);
    }
    out
}

/// Byte offset of the first unescaped occurrence of `pat` at or after `from`.
pub(super) fn find_unescaped(s: &str, pat: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < s.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if s[i..].starts_with(pat) {
            return Some(i);
        }
        i += s[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    None
}

/// Removes GIFT escapes: `\~ \= \# \{ \} \: \\` become the character, `\n` a line break.
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Splits the answer block into answers at unescaped `=` and `~`.
pub(super) fn split_answers(
    block: &str,
    base: usize,
    chunk: &Chunk,
) -> Result<Vec<Answer>, Diagnostic> {
    let mut starts = Vec::new();
    let bytes = block.as_bytes();
    let mut i = 0;
    while i < block.len() {
        match bytes[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'=' | b'~' => {
                // `->` in matching pairs is not an answer start.
                starts.push(i);
            }
            _ => {}
        }
        i += block[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    let mut answers = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(block.len());
        let raw = &block[s + 1..end];
        let right = bytes[s] == b'=';
        let (weight, rest, rest_at) = match raw.strip_prefix('%') {
            Some(after) => {
                let close = after.find('%').ok_or_else(|| {
                    Diagnostic::error(
                        "",
                        Some(pos_in(chunk, base + s + 1)),
                        "a weight `%…%` is not closed",
                    )
                    .with_help("write weights as `~%50%answer`")
                })?;
                let w = after[..close].trim();
                let value: f64 = w.parse().map_err(|_| {
                    Diagnostic::error(
                        "",
                        Some(pos_in(chunk, base + s + 2)),
                        format!("bad weight `%{w}%`"),
                    )
                    .with_help("a weight is a percentage from -100 to 100, such as `%50%`")
                })?;
                if !(-100.0..=100.0).contains(&value) {
                    return Err(Diagnostic::error(
                        "",
                        Some(pos_in(chunk, base + s + 2)),
                        format!("bad weight `%{w}%`"),
                    )
                    .with_help("a weight is a percentage from -100 to 100"));
                }
                (Some(value), &after[close + 1..], s + 2 + close + 1)
            }
            None => (None, raw, s + 1),
        };
        let _ = rest_at;
        let (text, feedback) = match find_unescaped(rest, "#", 0) {
            Some(h) => (&rest[..h], Some(unescape(&rest[h + 1..]))),
            None => (rest, None),
        };
        answers.push(Answer {
            right,
            weight,
            text: unescape(text),
            feedback: feedback.filter(|f| !f.is_empty()),
        });
    }
    Ok(answers)
}

/// A finite number: `1e400`, `inf` and `NaN` parse as floats but have no place in a bank (they
/// were written as `null`).
pub(super) fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `85` or `85:2` → (answer, tolerance).
pub(super) fn value_and_tolerance(text: &str) -> Option<(serde_json::Value, serde_json::Value)> {
    let (v, tol) = text.split_once(':').unwrap_or((text, "0"));
    Some((num(parse_number(v)?), num(parse_number(tol)?.abs())))
}

pub(super) fn unreadable_number(chunk: &Chunk, at: usize, text: &str, help: &str) -> Diagnostic {
    Diagnostic::error(
        "",
        Some(pos_in(chunk, at)),
        format!("cannot read the number `{}`", text.trim()),
    )
    .with_help(help)
}

/// A number for the YAML: `75`, not `75.0`, when it is whole.
pub(super) fn num(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        serde_json::json!(v as i64)
    } else {
        serde_json::json!(v)
    }
}
