//! `check`'s quality warnings: things that build fine but make a worse course. They never change
//! the exit code unless `--deny-warnings`. (Other warnings live next to the rule they belong to:
//! image alt text in `content.rs`, role targets in `framework.rs`, case endings in `case.rs`.)
//!
//! - personal data in cases and quizzes: mainland-China mobile numbers, 18-character ID-card
//!   numbers with a valid check digit, Luhn-valid 13–19 digit card numbers, e-mail addresses
//!   (masked forms such as `138****0000` and addresses at reserved example domains are fine);
//! - a competency no module trains, or that fewer questions and cases assess than the map needs
//!   to show a level (`min_evidence`, 3 by default);
//! - content no navigation reaches. Every module and lesson that is built is in the sidebar, on
//!   the home or module page and in the previous/next order, so what can be unreachable is:
//!   a lesson that says `draft: false` inside a draft module (it is left out with the module),
//!   and a Markdown file in a module's subfolder (copied as a plain file, not a lesson) that no
//!   page links to;
//! - a quiz nothing uses: no module `quiz:`, embed, assessment draw, or course assessment;
//! - a bare URL in Markdown, shown as text where a link was meant;
//! - an unpinned option whose text depends on its position ("none of the above", "以上都对",
//!   "both A and B") in a bank that shuffles options.

use super::Known;
use crate::diagnostics::{plural, Diagnostic, Diagnostics, Pos};
use crate::links::{Resolved, SiteIndex};
use crate::load::{Course, Doc, Yaml};
use crate::model::{QuestionType, QuizFile};
use crate::paths;
use crate::source::LineIndex;
use std::collections::BTreeSet;

pub fn check(course: &Course, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    personal_data(course, d);
    competency_coverage(course, known, d);
    unreachable(course, index, d);
    unused_quizzes(course, known, d);
    bare_urls(course, d);
    positional_options(course, d);
}

// ---- personal data ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalKind {
    Mobile,
    IdCard,
    BankCard,
    Email,
}

impl PersonalKind {
    fn what(self) -> &'static str {
        match self {
            PersonalKind::Mobile => "a mobile phone number",
            PersonalKind::IdCard => "an ID-card number",
            PersonalKind::BankCard => "a bank-card number",
            PersonalKind::Email => "an e-mail address",
        }
    }

    fn help(self) -> &'static str {
        match self {
            PersonalKind::Email => "cases and quizzes must be de-identified: use a made-up address at `example.com`",
            _ => "cases and quizzes must be de-identified: mask it (`138****0000`) or use an obviously made-up value",
        }
    }
}

/// Something that looks like personal data: byte range in the text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: PersonalKind,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A maximal run of digits (an ID card's final `X` included), with its byte range.
struct Group {
    start: usize,
    end: usize,
    digits: String,
}

fn digit_groups(text: &str) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let Some(v) = digit(c) else { continue };
        let mut g = Group {
            start: i,
            end: i + c.len_utf8(),
            digits: char::from_digit(v, 10)
                .map(String::from)
                .unwrap_or_default(),
        };
        while let Some(&(j, c)) = chars.peek() {
            if let Some(v) = digit(c) {
                g.digits.push(char::from_digit(v, 10).unwrap_or('0'));
                g.end = j + c.len_utf8();
                chars.next();
            } else if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') {
                // Only as the last character of an ID-card number.
                let after = text[j + c.len_utf8()..].chars().next();
                if after.is_none_or(|a| !a.is_alphanumeric()) {
                    g.digits.push('X');
                    g.end = j + c.len_utf8();
                    chars.next();
                }
                break;
            } else {
                break;
            }
        }
        // A digit run glued to letters (an order id like `A1234…`) is not a number on its own.
        let before = text[..g.start].chars().next_back();
        let after = text[g.end..].chars().next();
        if before.is_some_and(|b| b.is_ascii_alphabetic())
            || after.is_some_and(|a| a.is_ascii_alphabetic())
        {
            continue;
        }
        groups.push(g);
    }
    groups
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// 17 digits and a check character (GB 11643).
fn is_id_card(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(c, w)| (*c - b'0') as u32 * w)
        .sum();
    b[17] == b"10X98765432"[(sum % 11) as usize]
}

fn luhn(d: &str) -> bool {
    let mut sum = 0;
    for (i, c) in d.bytes().rev().enumerate() {
        let mut v = (c - b'0') as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn is_bank_card(d: &str) -> bool {
    (13..=19).contains(&d.len())
        && d.bytes().all(|c| c.is_ascii_digit())
        && !d.starts_with('0')
        && luhn(d)
}

/// Groups `i..i+k` joined by single spaces or hyphens, as (digits, group lengths).
fn joined(text: &str, groups: &[Group], i: usize, k: usize) -> Option<(String, Vec<usize>)> {
    let mut digits = String::new();
    let mut lens = Vec::new();
    for (n, g) in groups[i..i + k].iter().enumerate() {
        if n > 0 {
            let gap = &text[groups[i + n - 1].end..g.start];
            if !matches!(gap, " " | "-") {
                return None;
            }
        }
        digits.push_str(&g.digits);
        lens.push(g.digits.len());
    }
    Some((digits, lens))
}

fn find_emails(text: &str, out: &mut Vec<Found>) {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && (b[e - 1] == b'.' || b[e - 1] == b'-') {
            e -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        if s == at || e <= at + 1 {
            continue;
        }
        let host = text[at + 1..e].to_ascii_lowercase();
        let Some((_, tld)) = host.rsplit_once('.') else {
            continue;
        };
        if tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // Reserved for documentation and tests (RFC 2606): obviously not a real person's.
        let reserved = ["example.com", "example.net", "example.org"]
            .iter()
            .any(|r| host == *r || host.ends_with(&format!(".{r}")))
            || ["example", "test", "invalid", "localhost"].contains(&tld);
        if !reserved {
            out.push(Found {
                start: s,
                end: e,
                kind: PersonalKind::Email,
            });
        }
    }
}

/// Everything in `text` that looks like personal data.
pub fn find_personal_data(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let groups = digit_groups(text);
    let mut i = 0;
    'groups: while i < groups.len() {
        // Longest first: a card written in groups of four, an ID card in 6-8-4, a phone in 3-4-4.
        for k in (1..=5.min(groups.len() - i)).rev() {
            let Some((digits, lens)) = joined(text, &groups, i, k) else {
                continue;
            };
            let kind = if (k == 1 || lens == [6, 8, 4]) && is_id_card(&digits) {
                Some(PersonalKind::IdCard)
            } else if (k == 1 || lens == [3, 4, 4]) && is_mobile(&digits) {
                Some(PersonalKind::Mobile)
            } else if (k == 1 || lens[..k - 1].iter().all(|l| *l == 4 || *l == 6))
                && is_bank_card(&digits)
            {
                Some(PersonalKind::BankCard)
            } else {
                None
            };
            if let Some(kind) = kind {
                out.push(Found {
                    start: groups[i].start,
                    end: groups[i + k - 1].end,
                    kind,
                });
                i += k;
                continue 'groups;
            }
        }
        i += 1;
    }
    find_emails(text, &mut out);
    out.sort_by_key(|f| f.start);
    out
}

/// The found text with its middle hidden, so the warning does not repeat the data in CI logs.
fn masked(s: &str, kind: PersonalKind) -> String {
    if kind == PersonalKind::Email {
        let (user, host) = s.split_once('@').unwrap_or((s, ""));
        let first: String = user.chars().take(1).collect();
        return format!("{first}***@{host}");
    }
    let chars: Vec<char> = s.chars().collect();
    let keep_end = if kind == PersonalKind::Mobile { 4 } else { 2 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 3 || i + keep_end >= chars.len() || !c.is_ascii_digit() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, pos: Pos) -> usize {
    let mut line_start = 0;
    for _ in 1..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    text[line_start..]
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map(|(i, _)| line_start + i)
        .unwrap_or(text.len())
}

/// Where `needle` (found in the value at `path`) is in the file: searched from the value's
/// start, so it is exact for every YAML style; the value's own position otherwise.
pub(super) fn locate_in<T>(y: &Yaml<T>, path: &str, needle: &str) -> Option<Pos> {
    let at = y.spans.locate_value(path)?;
    let from = offset_of(&y.text, at);
    match y.text[from..].find(needle) {
        Some(i) => Some(LineIndex::new(&y.text).pos(&y.text, from + i)),
        None => Some(at),
    }
}

fn scan<T>(y: &Yaml<T>, what: &str, strings: &[(String, String)], d: &mut Diagnostics) {
    for (path, s) in strings {
        for f in find_personal_data(s) {
            let hit = &s[f.start..f.end];
            d.push(
                Diagnostic::warning(
                    &y.file,
                    locate_in(y, path, hit),
                    format!(
                        "{what} contains what looks like {} (`{}`)",
                        f.kind.what(),
                        masked(hit, f.kind)
                    ),
                )
                .with_help(f.kind.help()),
            );
        }
    }
}

pub(super) fn case_strings(c: &crate::model::CaseFile) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![("title".into(), c.title.clone())];
    let mut opt = |path: String, s: &Option<String>| {
        if let Some(s) = s {
            v.push((path, s.clone()));
        }
    };
    opt("summary".into(), &c.summary);
    opt("situation".into(), &c.situation);
    opt("task".into(), &c.task);
    opt("debrief".into(), &c.debrief);
    if let Some(p) = &c.persona {
        opt("persona.name".into(), &Some(p.name.clone()));
        opt("persona.mood".into(), &p.mood);
        opt("persona.profile".into(), &p.profile);
    }
    for (id, n) in &c.nodes {
        for (i, m) in n.messages.iter().enumerate() {
            opt(
                format!("nodes.{id}.messages.{i}.text"),
                &Some(m.text.text()),
            );
        }
        opt(format!("nodes.{id}.prompt"), &n.prompt);
        for (i, ch) in n.choices.iter().enumerate() {
            opt(
                format!("nodes.{id}.choices.{i}.text"),
                &Some(ch.text.text()),
            );
            opt(format!("nodes.{id}.choices.{i}.feedback"), &ch.feedback);
        }
    }
    for (id, e) in &c.endings {
        opt(format!("endings.{id}.title"), &Some(e.title.clone()));
        opt(format!("endings.{id}.text"), &e.text);
    }
    for (i, t) in c.tags.iter().enumerate() {
        opt(format!("tags.{i}"), &Some(t.clone()));
    }
    v
}

pub(super) fn quiz_strings(q: &QuizFile) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![("title".into(), q.title.clone())];
    if let Some(s) = &q.description {
        v.push(("description".into(), s.clone()));
    }
    for (i, qu) in q.questions.iter().flatten().enumerate() {
        let p = format!("questions.{i}");
        let mut add = |k: String, s: String| v.push((format!("{p}.{k}"), s));
        add("prompt".into(), qu.prompt.clone());
        for (k, s) in [
            ("explanation", &qu.explanation),
            ("feedback_true", &qu.feedback_true),
            ("feedback_false", &qu.feedback_false),
            ("unit", &qu.unit),
        ] {
            if let Some(s) = s {
                add(k.into(), s.clone());
            }
        }
        for (j, o) in qu.options.iter().flatten().enumerate() {
            add(format!("options.{j}.text"), o.text.text());
            if let Some(f) = &o.feedback {
                add(format!("options.{j}.feedback"), f.clone());
            }
        }
        for (key, list) in [
            ("accept", &qu.accept),
            ("items", &qu.items),
            ("distractors", &qu.distractors),
        ] {
            for (j, s) in list.iter().flatten().enumerate() {
                add(format!("{key}.{j}"), s.text());
            }
        }
        for (j, r) in qu.reject.iter().flatten().enumerate() {
            add(format!("reject.{j}.value"), r.value.text());
            if let Some(f) = &r.feedback {
                add(format!("reject.{j}.feedback"), f.clone());
            }
        }
        for (j, pair) in qu.pairs.iter().flatten().enumerate() {
            add(format!("pairs.{j}.left"), pair.left.text());
            add(format!("pairs.{j}.right"), pair.right.text());
        }
    }
    v
}

fn personal_data(course: &Course, d: &mut Diagnostics) {
    for c in &course.cases {
        scan(c, "the case", &case_strings(&c.data), d);
    }
    for q in &course.quizzes {
        scan(q, "the quiz", &quiz_strings(&q.data), d);
    }
}

// ---- competencies ---------------------------------------------------------------------------

/// Whether some competency reference is unknown (already an error; a typo there would make
/// the competency it meant look untrained).
fn unknown_competency_reference(course: &Course, known: &Known) -> bool {
    let mut refs: Vec<&String> = Vec::new();
    for m in &course.modules {
        refs.extend(&m.front.competencies);
        for l in &m.lessons {
            refs.extend(l.front.competencies.iter().flatten());
        }
    }
    for q in &course.quizzes {
        refs.extend(&q.data.competencies);
        for qu in q.data.questions.iter().flatten() {
            refs.extend(qu.competencies.iter().flatten());
        }
        refs.extend(
            q.data
                .draw
                .iter()
                .flatten()
                .filter_map(|d| d.competency.as_ref()),
        );
    }
    for c in &course.cases {
        refs.extend(&c.data.competencies);
    }
    refs.iter()
        .any(|r| !known.competencies.contains(r.as_str()))
}

fn competency_coverage(course: &Course, known: &Known, d: &mut Diagnostics) {
    let Some(fw) = &course.framework else { return };
    if !known.competencies_checkable() || unknown_competency_reference(course, known) {
        return;
    }
    let b = &course.broken;
    let trained: BTreeSet<&str> = course
        .modules
        .iter()
        .flat_map(|m| {
            m.front.competencies.iter().chain(
                m.lessons
                    .iter()
                    .flat_map(|l| l.front.competencies.iter().flatten()),
            )
        })
        .map(String::as_str)
        .collect();
    let need = fw.data.min_evidence.max(1) as usize;
    for (i, c) in fw.data.competencies.iter().enumerate() {
        let at = fw.spans.locate(&format!("competencies.{i}.id"));
        if b.modules.is_empty() && !trained.contains(c.id.as_str()) {
            d.push(
                Diagnostic::warning(&fw.file, at, format!("no module trains competency `{}`", c.id))
                    .with_help(format!(
                        "add `{}` to the `competencies:` of the modules that teach it, or remove it from the framework",
                        c.id
                    )),
            );
        }
        if !(b.quizzes.is_empty() && b.cases.is_empty()) {
            continue;
        }
        let questions = course
            .quizzes
            .iter()
            .flat_map(|q| {
                q.data
                    .questions
                    .iter()
                    .flatten()
                    .map(move |qu| (qu, &q.data))
            })
            .filter(|(qu, bank)| super::question_competencies(qu, bank).contains(&c.id))
            .count();
        let cases = course
            .cases
            .iter()
            .filter(|k| k.data.competencies.contains(&c.id))
            .count();
        if questions + cases < need {
            d.push(
                Diagnostic::warning(
                    &fw.file,
                    at,
                    format!(
                        "competency `{}` is assessed by {} and {}; the map needs {need} (`min_evidence`) to show a level",
                        c.id,
                        plural(questions, "question"),
                        plural(cases, "case")
                    ),
                )
                .with_help(format!(
                    "tag more questions or cases with `{}`, or lower `min_evidence`",
                    c.id
                )),
            );
        }
    }
}

// ---- reachability -----------------------------------------------------------------------------

/// Every Markdown document with its output path.
fn docs(course: &Course) -> Vec<&Doc> {
    let mut v: Vec<&Doc> = Vec::new();
    if let Some(h) = &course.home {
        v.push(&h.doc);
    }
    for m in &course.modules {
        v.push(&m.doc);
        v.extend(m.lessons.iter().map(|l| &l.doc));
    }
    v.extend(course.pages.iter().map(|p| &p.doc));
    v
}

fn unreachable(course: &Course, index: &SiteIndex, d: &mut Diagnostics) {
    for (file, at) in &course.undrafted_lessons {
        d.push(
            Diagnostic::warning(
                file,
                *at,
                "this lesson says `draft: false`, but its module is a draft, so the lesson is left out and nothing reaches it",
            )
            .with_help("publish the module (remove `draft: true` from its `index.md`), or build with `--drafts` to preview both"),
        );
    }
    let mut linked: BTreeSet<String> = BTreeSet::new();
    for doc in docs(course) {
        for link in &doc.rendered.links {
            if let Ok(Resolved::Internal { output, .. }) = index.resolve(&doc.file, &link.dest) {
                linked.insert(output);
            }
        }
    }
    for m in &course.modules {
        let prefix = format!("content/modules/{}/", m.folder);
        for a in &m.assets {
            let inner = a.path.strip_prefix(&prefix).unwrap_or(&a.path);
            if !a.path.to_ascii_lowercase().ends_with(".md") || !inner.contains('/') {
                continue;
            }
            if !linked.contains(&paths::module_asset(&m.id, &m.folder, &a.path)) {
                d.push(
                    Diagnostic::warning(
                        &a.path,
                        Some(Pos::new(1, 1)),
                        "this Markdown file is in a subfolder of the module, so it is not a lesson: it is copied as a plain file and nothing links to it",
                    )
                    .with_help(format!(
                        "move it into `{prefix}` to make it a lesson, or link to it from a lesson"
                    )),
                );
            }
        }
    }
}

// ---- unused quizzes --------------------------------------------------------------------------

fn unused_quizzes(course: &Course, known: &Known, d: &mut Diagnostics) {
    let b = &course.broken;
    if !b.files.is_empty() || !b.modules.is_empty() || !b.quizzes.is_empty() {
        return;
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for m in &course.modules {
        if let Some(q) = &m.front.quiz {
            used.insert(q);
        }
    }
    for doc in docs(course) {
        for e in &doc.rendered.embeds {
            if e.name == "quiz" {
                if let Some(id) = e.args.get("id") {
                    used.insert(id);
                }
            }
        }
    }
    if let Some(a) = &course.config.data.assessment {
        used.insert(&a.quiz);
    }
    // Banks an assessment draws from, by name, by question or through its filters.
    for quiz in &course.quizzes {
        for draw in quiz.data.draw.iter().flatten() {
            if let Some(from) = &draw.from {
                used.insert(from);
            }
            for bank in &course.quizzes {
                let Some(questions) = &bank.data.questions else {
                    continue;
                };
                let fixed = draw
                    .questions
                    .iter()
                    .flatten()
                    .any(|id| questions.iter().any(|q| &q.id == id));
                let filtered = draw.from.is_none()
                    && (draw.competency.is_some() || draw.difficulty.is_some())
                    && questions.iter().any(|q| {
                        draw.competency
                            .as_ref()
                            .is_none_or(|c| super::question_competencies(q, &bank.data).contains(c))
                            && draw.difficulty.as_ref().is_none_or(|ds| {
                                ds.contains(
                                    &q.difficulty.unwrap_or(crate::resolved::DEFAULT_DIFFICULTY),
                                )
                            })
                    });
                if fixed || filtered {
                    used.insert(&bank.id);
                }
            }
        }
    }
    // A reference to an unknown quiz is an error already, and may be a typo for an unused one.
    if used.iter().any(|id| !known.quizzes.contains_key(id)) {
        return;
    }
    for q in &course.quizzes {
        if used.contains(q.id.as_str()) {
            continue;
        }
        let what = if q.data.draw.is_some() {
            "assessment"
        } else {
            "quiz bank"
        };
        d.push(
            Diagnostic::warning(
                &q.file,
                q.spans.locate("title"),
                format!("{what} `{}` is not used: no module `quiz:`, embed, assessment draw or course assessment names it", q.id),
            )
            .with_help(format!(
                "its page is built but nothing links to it; add `quiz: {}` to a module, embed it with `{{{{ quiz(id=\"{}\") }}}}`, or delete the file",
                q.id, q.id
            )),
        );
    }
}

// ---- bare URLs --------------------------------------------------------------------------------

fn bare_urls(course: &Course, d: &mut Diagnostics) {
    for doc in docs(course) {
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

fn positional_options(course: &Course, d: &mut Diagnostics) {
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

    fn kinds(s: &str) -> Vec<(PersonalKind, &str)> {
        find_personal_data(s)
            .into_iter()
            .map(|f| (f.kind, &s[f.start..f.end]))
            .collect()
    }

    #[test]
    fn mobile_numbers_plain_and_grouped_but_not_masked() {
        use PersonalKind::*;
        assert_eq!(kinds("请拨打13812345678联系"), [(Mobile, "13812345678")]);
        assert_eq!(kinds("call 138-1234-5678 now"), [(Mobile, "138-1234-5678")]);
        assert_eq!(
            kinds("手机：１３９１２３４５６７８"),
            [(Mobile, "１３９１２３４５６７８")]
        );
        assert!(kinds("138****0000 or 138 **** 0000").is_empty());
        assert!(
            kinds("12812345678 and 138123456789").is_empty(),
            "wrong prefix, too long"
        );
        assert!(kinds("order A13812345678").is_empty(), "part of an id");
    }

    #[test]
    fn id_cards_need_a_valid_check_digit() {
        use PersonalKind::*;
        assert_eq!(
            kinds("身份证11010519491231002X。"),
            [(IdCard, "11010519491231002X")]
        );
        assert_eq!(
            kinds("110105 19491231 002x"),
            [(IdCard, "110105 19491231 002x")]
        );
        // Same digits, wrong check character: not an ID card (and not Luhn-valid either).
        assert!(kinds("110105194912310021")
            .iter()
            .all(|(k, _)| *k != IdCard));
        assert!(kinds("110105********002X").is_empty());
    }

    #[test]
    fn bank_cards_need_luhn() {
        use PersonalKind::*;
        assert_eq!(
            kinds("卡号 4111 1111 1111 1111 已绑定"),
            [(BankCard, "4111 1111 1111 1111")]
        );
        assert_eq!(
            kinds("6222021234567890128"),
            [(BankCard, "6222021234567890128")]
        );
        assert!(kinds("4111 1111 1111 1112").is_empty());
        assert!(kinds("6222 **** **** 0128").is_empty());
        assert!(kinds("order 2024-05-01 12:30").is_empty());
    }

    #[test]
    fn email_addresses_except_reserved_domains() {
        use PersonalKind::*;
        assert_eq!(
            kinds("写信给 zhang.san@qq.com。"),
            [(Email, "zhang.san@qq.com")]
        );
        assert_eq!(
            kinds("mail li@company.cn, thanks"),
            [(Email, "li@company.cn")]
        );
        assert!(kinds("support@example.com, a@b.test, @handle, x@localhost").is_empty());
    }

    #[test]
    fn masks_hide_the_middle() {
        assert_eq!(masked("13812345678", PersonalKind::Mobile), "138****5678");
        assert_eq!(masked("zhang@qq.com", PersonalKind::Email), "z***@qq.com");
        assert_eq!(
            masked("4111 1111 1111 1111", PersonalKind::BankCard),
            "411* **** **** **11"
        );
    }

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

    #[test]
    fn offsets_from_positions() {
        let text = "a: 1\nbb: 转人工 x\n";
        assert_eq!(offset_of(text, Pos::new(2, 5)), "a: 1\nbb: ".len());
        assert_eq!(&text[offset_of(text, Pos::new(2, 8))..], " x\n");
    }
}
