//! `skillpress import gift`: Moodle's GIFT question format → a quiz bank.
//!
//! GIFT is loosely specified (see docs/format.md): questions are separated by blank lines, `//`
//! starts a comment line, `$CATEGORY:` sets the category of the questions after it, and each
//! question is `::title:: [format] stem { answers }`. The answer block decides the type. What a
//! quiz bank cannot say (essays, descriptions, several blanks, partial-credit text answers) is
//! reported with its line and left out, never dropped silently.

use crate::diagnostics::{Diagnostic, Pos};
use crate::slug::slugify;
use serde::Serialize;
use std::collections::BTreeSet;

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

/// One answer of an answer block: `=` or `~`, an optional `%weight%`, text, feedback.
#[derive(Debug, Clone)]
struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

struct Chunk {
    /// 1-based line of the chunk's first line.
    line: u32,
    text: String,
}

/// Position of a byte offset inside a chunk, in the file.
fn pos_in(chunk: &Chunk, offset: usize) -> Pos {
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
fn chunks(text: &str) -> Vec<Chunk> {
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
fn find_unescaped(s: &str, pat: &str, from: usize) -> Option<usize> {
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
fn unescape(s: &str) -> String {
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
fn split_answers(block: &str, base: usize, chunk: &Chunk) -> Result<Vec<Answer>, Diagnostic> {
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
fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `85` or `85:2` → (answer, tolerance).
fn value_and_tolerance(text: &str) -> Option<(serde_json::Value, serde_json::Value)> {
    let (v, tol) = text.split_once(':').unwrap_or((text, "0"));
    Some((num(parse_number(v)?), num(parse_number(tol)?.abs())))
}

fn unreadable_number(chunk: &Chunk, at: usize, text: &str, help: &str) -> Diagnostic {
    Diagnostic::error(
        "",
        Some(pos_in(chunk, at)),
        format!("cannot read the number `{}`", text.trim()),
    )
    .with_help(help)
}

/// A number for the YAML: `75`, not `75.0`, when it is whole.
fn num(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        serde_json::json!(v as i64)
    } else {
        serde_json::json!(v)
    }
}

struct Context<'a> {
    opts: &'a ImportOptions<'a>,
    skipped: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    ids: BTreeSet<String>,
    category: Option<String>,
    count: usize,
}

impl Context<'_> {
    fn skip(&mut self, pos: Pos, why: &str) {
        self.skipped.push(
            Diagnostic::warning(self.opts.file, Some(pos), format!("skipped: {why}"))
                .with_help("quiz banks have no such question type; add it by hand if you need it"),
        );
    }

    fn error(&mut self, mut d: Diagnostic) {
        d.file = self.opts.file.to_string();
        self.errors.push(d);
    }

    /// Reports an error at `at` and gives up on the question.
    fn fail<T>(
        &mut self,
        at: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Option<T> {
        self.error(Diagnostic::error(self.opts.file, Some(at), message).with_help(help));
        None
    }

    fn unique_id(&mut self, title: Option<&str>) -> String {
        self.count += 1;
        let base = title
            .map(slugify)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{}-{s}", self.opts.bank))
            .unwrap_or_else(|| format!("{}-q{}", self.opts.bank, self.count));
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

/// Converts one question chunk; `None` when it was skipped or wrong (already reported).
fn question(cx: &mut Context, chunk: &Chunk) -> Option<Question> {
    let text = chunk.text.as_str();
    let mut at = 0;
    let mut title = None;
    if text.trim_start().starts_with("::") {
        let start = text.find("::").unwrap_or(0) + 2;
        match find_unescaped(text, "::", start) {
            Some(end) => {
                title = Some(unescape(&text[start..end]));
                at = end + 2;
            }
            None => {
                return cx.fail(
                    pos_in(chunk, start - 2),
                    "the title `::…::` is not closed",
                    "end the title with `::`",
                );
            }
        }
    }
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start().len();
    let mut at_stem = at + lead;
    let mut html = false;
    for fmt in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if text[at_stem..].starts_with(fmt) {
            html = fmt == "[html]";
            at_stem += fmt.len();
        }
    }
    let Some(open) = find_unescaped(text, "{", at_stem) else {
        cx.skip(
            pos_in(chunk, 0),
            "a description (text without an answer block) is not a question",
        );
        return None;
    };
    let Some(close) = find_unescaped(text, "}", open + 1) else {
        return cx.fail(
            pos_in(chunk, open),
            "the answer block `{` is never closed",
            "end the answers with `}`; escape a literal brace as `\\{`",
        );
    };
    let after = &text[close + 1..];
    if find_unescaped(after, "{", 0).is_some() {
        cx.skip(
            pos_in(chunk, 0),
            "a missing-word question with several blanks",
        );
        return None;
    }
    let mut stem = unescape(&text[at_stem..open]);
    let tail = unescape(after);
    if !tail.is_empty() {
        stem = format!("{stem} _____ {tail}");
    }
    if html {
        stem = crate::html::strip_tags(
            &stem
                .replace("<br>", "\n")
                .replace("<br/>", "\n")
                .replace("<br />", "\n"),
        );
    }
    let block_raw = &text[open + 1..close];
    let (block, general) = match find_unescaped(block_raw, "####", 0) {
        Some(g) => (&block_raw[..g], Some(unescape(&block_raw[g + 4..]))),
        None => (block_raw, None),
    };
    let base = open + 1;
    let trimmed = block.trim();
    let here = pos_in(chunk, 0);
    let mut q = Question {
        title,
        prompt: stem,
        explanation: general.filter(|g| !g.is_empty()),
        tags: cx.category.iter().cloned().collect(),
        ..Question::default()
    };
    if trimmed.is_empty() {
        cx.skip(
            here,
            "an essay question (an empty answer block) needs a person to grade it",
        );
        return None;
    }
    if let Some(numeric) = trimmed.strip_prefix('#') {
        q.kind = "numeric";
        if !(numeric.contains('=') || numeric.contains('~')) {
            let (value_part, _feedback) = match find_unescaped(numeric, "#", 0) {
                Some(h) => (&numeric[..h], Some(&numeric[h + 1..])),
                None => (numeric, None),
            };
            if let Some((lo, hi)) = value_part.split_once("..") {
                match (parse_number(lo), parse_number(hi)) {
                    (Some(a), Some(b)) => q.range = Some([num(a.min(b)), num(a.max(b))]),
                    _ => {
                        return cx.fail(
                            pos_in(chunk, base),
                            format!("cannot read the numeric range `{}`", value_part.trim()),
                            "write `{#80..90}`",
                        );
                    }
                }
            } else {
                match value_and_tolerance(value_part) {
                    Some((v, t)) => (q.answer, q.tolerance) = (Some(v), Some(t)),
                    None => {
                        cx.error(unreadable_number(
                            chunk,
                            base,
                            value_part,
                            "write `{#85}`, `{#85:2}` or `{#80..90}`",
                        ));
                        return None;
                    }
                }
            }
        } else {
            let answers = match split_answers(numeric, base + 1, chunk) {
                Ok(a) => a,
                Err(d) => {
                    cx.error(d);
                    return None;
                }
            };
            let full: Vec<&Answer> = answers
                .iter()
                .filter(|a| a.right && a.weight.is_none_or(|w| w >= 100.0))
                .collect();
            let Some(best) = full.first() else {
                cx.skip(here, "a numeric question without a fully right answer");
                return None;
            };
            match value_and_tolerance(&best.text) {
                Some((v, t)) => (q.answer, q.tolerance) = (Some(v), Some(t)),
                None => {
                    cx.error(unreadable_number(chunk, base, &best.text, "write `=85:2`"));
                    return None;
                }
            }
            if answers.len() > full.len() {
                cx.skipped.push(
                    Diagnostic::warning(cx.opts.file, Some(here), "partial-credit numeric answers were left out; only the fully right answer is kept")
                        .with_help("quiz banks give a numeric answer full credit within its tolerance"),
                );
            }
        }
        return Some(q);
    }
    let upper = trimmed
        .split('#')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase();
    if matches!(upper.as_str(), "T" | "TRUE" | "F" | "FALSE")
        && !trimmed.contains('=')
        && !trimmed.contains('~')
    {
        q.kind = "true_false";
        let value = upper.starts_with('T');
        q.answer = Some(serde_json::json!(value));
        // `{T#shown when wrong#shown when right}`.
        let feedbacks: Vec<String> = match find_unescaped(trimmed, "#", 0) {
            Some(h) => {
                let rest = &trimmed[h + 1..];
                match find_unescaped(rest, "#", 0) {
                    Some(h2) => vec![unescape(&rest[..h2]), unescape(&rest[h2 + 1..])],
                    None => vec![unescape(rest)],
                }
            }
            None => vec![],
        };
        let wrong = feedbacks.first().cloned().filter(|s| !s.is_empty());
        let right = feedbacks.get(1).cloned().filter(|s| !s.is_empty());
        if value {
            q.feedback_true = right;
            q.feedback_false = wrong;
        } else {
            q.feedback_false = right;
            q.feedback_true = wrong;
        }
        return Some(q);
    }
    let answers = match split_answers(block, base, chunk) {
        Ok(a) => a,
        Err(d) => {
            cx.error(d);
            return None;
        }
    };
    if answers.is_empty() {
        return cx.fail(
            pos_in(chunk, base),
            "cannot read the answers",
            "start each answer with `=` (right) or `~` (wrong)",
        );
    }
    let is_match = answers.iter().all(|a| a.right) && answers.iter().any(|a| a.text.contains("->"));
    if is_match {
        q.kind = "match";
        let mut pairs = Vec::new();
        let mut distractors = Vec::new();
        for a in &answers {
            let Some((l, r)) = a.text.split_once("->") else {
                return cx.fail(
                    pos_in(chunk, base),
                    format!("matching answer `{}` has no `->`", a.text),
                    "write each pair as `=left -> right`",
                );
            };
            let (l, r) = (l.trim().to_string(), r.trim().to_string());
            if l.is_empty() {
                distractors.push(r);
            } else {
                pairs.push(Pair { left: l, right: r });
            }
        }
        if pairs.len() < 2 {
            return cx.fail(
                pos_in(chunk, base),
                "a matching question needs at least two pairs",
                "add pairs as `=left -> right`",
            );
        }
        q.pairs = Some(pairs);
        q.distractors = (!distractors.is_empty()).then_some(distractors);
        return Some(q);
    }
    let has_wrong = answers.iter().any(|a| !a.right);
    if has_wrong || answers.iter().any(|a| a.weight.is_some() && !a.right) {
        // Choice question. With `=` answers it is single choice; with weights only, multiple.
        let weighted = answers.iter().any(|a| a.weight.is_some());
        let right_count = answers.iter().filter(|a| a.right).count();
        if right_count == 1 && !weighted {
            q.kind = "single";
            q.options = Some(
                answers
                    .iter()
                    .map(|a| Choice {
                        text: a.text.clone(),
                        correct: a.right,
                        feedback: a.feedback.clone(),
                    })
                    .collect(),
            );
        } else {
            q.kind = "multiple";
            let correct = |a: &Answer| a.weight.map(|w| w > 0.0).unwrap_or(a.right);
            if !answers.iter().any(correct) {
                return cx.fail(
                    pos_in(chunk, base),
                    "no answer has a positive weight",
                    "mark right answers with `=` or a positive weight such as `~%50%`",
                );
            }
            q.scoring = weighted.then_some("partial");
            q.options = Some(
                answers
                    .iter()
                    .map(|a| Choice {
                        text: a.text.clone(),
                        correct: correct(a),
                        feedback: a.feedback.clone(),
                    })
                    .collect(),
            );
        }
        return Some(q);
    }
    // Only `=` answers: short answer; every fully right one is accepted.
    q.kind = "text";
    let accept: Vec<String> = answers
        .iter()
        .filter(|a| a.weight.is_none_or(|w| w >= 100.0))
        .map(|a| a.text.clone())
        .collect();
    let partial = answers.len() - accept.len();
    if accept.is_empty() {
        cx.skip(here, "a short-answer question without a fully right answer");
        return None;
    }
    if partial > 0 {
        cx.skipped.push(
            Diagnostic::warning(
                cx.opts.file,
                Some(here),
                format!(
                    "{partial} partial-credit answer(s) left out; text answers are right or wrong"
                ),
            )
            .with_help("add them to `accept` if they should count as right"),
        );
    }
    q.accept = Some(accept);
    Some(q)
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

#[cfg(test)]
mod tests {
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
        let out = run("Essay {}\n\nJust a description.\n\nTwo {=a ~b} blanks {=c ~d}\n\nOK {T}\n")
            .unwrap();
        assert_eq!(out.question_count, 1);
        assert_eq!(out.skipped.len(), 3);
        assert_eq!(out.skipped[0].line, Some(1));
        assert_eq!(out.skipped[2].line, Some(5));
    }

    #[test]
    fn titles_become_unique_ids_and_categories_tags() {
        let out =
            run("$CATEGORY: $course$/top/Refunds\n\n::Same:: A {T}\n\n::Same:: B {F}\n").unwrap();
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
}
