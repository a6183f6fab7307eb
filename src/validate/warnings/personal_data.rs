//! Personal data in cases and quizzes: mobile numbers, ID-card and bank-card numbers,
//! e-mail addresses (masked forms and reserved example domains are fine).

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{Course, Yaml};
use crate::model::QuizFile;
use crate::source::LineIndex;

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
pub(in crate::validate) fn locate_in<T>(y: &Yaml<T>, path: &str, needle: &str) -> Option<Pos> {
    let at = y.spans.locate_value(path)?;
    let from = offset_of(&y.text, at);
    match y.text[from..].find(needle) {
        Some(i) => Some(LineIndex::new(&y.text).pos(&y.text, from + i)),
        None => Some(at),
    }
}

fn scan<T>(
    y: &Yaml<T>,
    what: &str,
    strings: &[(String, String)],
    help: fn(PersonalKind) -> &'static str,
    d: &mut Diagnostics,
) {
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
                .with_help(help(f.kind)),
            );
        }
    }
}

pub(in crate::validate) fn case_strings(c: &crate::model::CaseFile) -> Vec<(String, String)> {
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

pub(in crate::validate) fn quiz_strings(q: &QuizFile) -> Vec<(String, String)> {
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

pub(super) fn personal_data(course: &Course, d: &mut Diagnostics) {
    for c in &course.cases {
        scan(c, "the case", &case_strings(&c.data), PersonalKind::help, d);
    }
    for q in &course.quizzes {
        scan(q, "the quiz", &quiz_strings(&q.data), PersonalKind::help, d);
    }
    for r in &course.replies {
        scan(r, "the reply", &reply_strings(&r.data), reply_help, d);
    }
}

/// A reply template is sent to customers as it is: real data belongs in a placeholder.
fn reply_help(kind: PersonalKind) -> &'static str {
    match kind {
        PersonalKind::Email => "a reply template is sent as it is: put the address in a placeholder (`{email}`) or use one at `example.com`",
        _ => "a reply template is sent as it is: put the number in a placeholder (`{phone}`) or mask it (`138****0000`)",
    }
}

/// The texts of a reply that may carry personal data, with their paths.
fn reply_strings(r: &crate::model::ReplyFile) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        ("title".into(), r.title.clone()),
        ("text".into(), r.text.clone()),
        ("use_when".into(), r.use_when.clone()),
        ("avoid_when".into(), r.avoid_when.clone()),
    ];
    for (name, label) in &r.placeholders {
        v.push((format!("placeholders.{name}"), label.clone()));
    }
    v
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
    fn offsets_from_positions() {
        let text = "a: 1\nbb: 转人工 x\n";
        assert_eq!(offset_of(text, Pos::new(2, 5)), "a: 1\nbb: ".len());
        assert_eq!(&text[offset_of(text, Pos::new(2, 8))..], " x\n");
    }
}
