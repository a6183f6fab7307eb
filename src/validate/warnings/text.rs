//! Bare URLs in Markdown, and options whose meaning depends on their position.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Course;
use crate::model::QuestionType;

pub(super) fn bare_urls(course: &Course, d: &mut Diagnostics) {
    for doc in super::reachability::docs(course) {
        for (offset, url) in &doc.rendered.bare_urls {
            let url = url.trim_end_matches([
                '.', ',', ';', ':', '!', '?', ')', '\'', '"', '。', '，', '）',
            ]);
            let from = doc.body_offset + offset;
            let at = doc.text[from.min(doc.text.len())..]
                .find(url)
                .map(|i| doc.lines.pos(&doc.text, from + i))
                .unwrap_or_else(|| doc.pos(*offset));
            d.push(
                Diagnostic::warning(
                    &doc.file,
                    Some(at),
                    format!("the bare URL `{url}` is shown as plain text, not as a link"),
                )
                .with_help(format!(
                    "write it as a link: `<{url}>` or `[what it is]({url})`"
                )),
            );
        }
    }
}

// ---- options whose meaning depends on their position -------------------------------------------

fn fold_lower(s: &str) -> String {
    s.chars()
        .map(crate::search::tokenize::fold)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why an option's text only makes sense in its place: it points at the options above or below,
/// or names other options by their letter.
pub fn positional_phrase(text: &str) -> bool {
    let t = fold_lower(text);
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let phrase = words.join(" ");
    // "all of the above", "none of the above", "both of the above", "all the above", "the
    // above answers", "none above" (and the same with "below"); not "above the limit".
    for place in ["above", "below"] {
        for (i, w) in words.iter().enumerate() {
            if *w != place {
                continue;
            }
            let before = if i > 0 { words[i - 1] } else { "" };
            let after = words.get(i + 1).copied().unwrap_or("");
            let options = [
                "",
                "option",
                "options",
                "answer",
                "answers",
                "choice",
                "choices",
                "statement",
                "statements",
                "are",
                "is",
            ];
            if (before == "the" || matches!(before, "all" | "none" | "both" | "neither"))
                && options.contains(&after)
            {
                return true;
            }
        }
    }
    if phrase.contains("of the above") || phrase.contains("of the below") {
        return true;
    }
    let trimmed = t.trim();
    if ["以上", "上述", "上面", "前面", "前述", "以下"]
        .iter()
        .any(|p| trimmed.starts_with(p))
    {
        return true;
    }
    if [
        "以上都",
        "以上皆",
        "以上均",
        "以上全",
        "以上各",
        "以上选项",
        "以上答案",
        "以上说法",
        "上述",
    ]
    .iter()
    .any(|p| t.contains(p))
    {
        return true;
    }
    // Letters naming options: "both A and B", "A, B and C", "A 和 B", "选项A".
    if t.contains("选项a") || t.contains("选项b") || t.contains("选项c") || t.contains("选项d")
    {
        return true;
    }
    let chars: Vec<char> = t.chars().collect();
    let is_label = |i: usize| {
        ('a'..='e').contains(&chars[i])
            && (i == 0 || !chars[i - 1].is_ascii_alphabetic())
            && (i + 1 == chars.len() || !chars[i + 1].is_ascii_alphabetic())
    };
    let labels: Vec<usize> = (0..chars.len()).filter(|i| is_label(*i)).collect();
    labels.windows(2).any(|w| {
        if chars[w[0]] == chars[w[1]] {
            return false;
        }
        let between: String = chars[w[0] + 1..w[1]]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        matches!(
            between.as_str(),
            "and" | "or" | "&" | "," | "、" | "和" | "与" | "及" | "或" | ",and" | "以及"
        )
    })
}

pub(super) fn positional_options(course: &Course, d: &mut Diagnostics) {
    for quiz in &course.quizzes {
        if quiz.data.shuffle == Some(false) {
            continue;
        }
        for (i, q) in quiz.data.questions.iter().flatten().enumerate() {
            if !matches!(q.kind, QuestionType::Single | QuestionType::Multiple) {
                continue;
            }
            for (j, o) in q.options.iter().flatten().enumerate() {
                let text = o.text.text();
                if o.pin || !positional_phrase(&text) {
                    continue;
                }
                d.push(
                    Diagnostic::warning(
                        &quiz.file,
                        quiz.spans.locate_value(&format!("questions.{i}.options.{j}.text")),
                        format!(
                            "option \"{}\" depends on its position, but the bank shuffles options (question `{}`)",
                            text.trim(),
                            q.id
                        ),
                    )
                    .with_help("add `pin: true` to the option to keep it in place, or set `shuffle: false` on the bank"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_phrases() {
        for p in [
            "All of the above",
            "None of the above.",
            "Both A and B",
            "A, B",
            "a & c",
            "以上都对",
            "以上都不对",
            "以上皆是",
            "上述选项均不正确",
            "A和B",
            "选项A与选项C",
            "ＮＯＮＥ ＯＦ ＴＨＥ ＡＢＯＶＥ",
            "All the above",
            "The above answers are all wrong",
            "Neither above",
        ] {
            assert!(positional_phrase(p), "{p}");
        }
        for p in [
            "All of these apply",
            "Escalate to a supervisor",
            "三天以上",
            "Plan A",
            "Say sorry and wait",
            "a and the",
            "Run an A/B test on the greeting",
            "Speed above everything else",
            "Approving refunds above the policy limit",
            "a threshold below which refunds are automatic",
            "Reviews static goals module futures for keys header a and a.",
        ] {
            assert!(!positional_phrase(p), "{p}");
        }
    }
}
