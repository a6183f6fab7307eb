//! One GIFT question chunk → a quiz bank question; the answer block decides its type.

use super::syntax::*;
use super::{Choice, ImportOptions, Pair, Question};
use crate::diagnostics::{Diagnostic, Pos};
use crate::slug::slugify;
use std::collections::BTreeSet;

pub(super) struct Context<'a> {
    pub(super) opts: &'a ImportOptions<'a>,
    pub(super) skipped: Vec<Diagnostic>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) ids: BTreeSet<String>,
    pub(super) category: Option<String>,
    pub(super) count: usize,
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

    pub(super) fn unique_id(&mut self, title: Option<&str>) -> String {
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
pub(super) fn question(cx: &mut Context, chunk: &Chunk) -> Option<Question> {
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
