//! The search tokeniser. One definition, written twice: here for the index and in
//! `static/assets/search.js` (`SkillpressSearch.tokenize`) for the query. `tests/search.rs` runs
//! both over the same strings and requires identical output, so index and query never disagree.
//!
//! The rules, in order:
//!
//! 1. **Fold** each character: full-width ASCII (U+FF01–U+FF5E) becomes its half-width form, the
//!    ideographic space (U+3000) a space; then the character is lower-cased (Unicode, one
//!    character at a time).
//! 2. **Classify** it: *CJK* (Han ideographs, Hiragana, Katakana, `々〆〇`), *word* (Unicode
//!    alphabetic or numeric, not CJK), or *separator* (everything else). An apostrophe (`'` or
//!    `’`) between two word characters is dropped, so `customer's` reads as `customers`.
//! 3. A run of **word** characters is one token: kept when it is 2 to 32 characters long or a
//!    single digit, then stemmed (below).
//! 4. A run of **CJK** characters of length n gives, for each character i, the single character
//!    (an *auxiliary* token when n ≥ 2) followed by the pair i, i+1 when there is one. A query
//!    needs every non-auxiliary token; auxiliary tokens let a one-character query find text.
//! 5. **Positions** count words and pairs: a word takes one position; a CJK run starting at p
//!    puts character and pair i at p + i and moves on by max(n − 1, 1), so the pairs of a phrase,
//!    like the words of a phrase, have consecutive positions.
//!
//! Stemming (English, deliberately small; it only has to be the same on both sides): a word of
//! `a`–`z` longer than 3 letters loses `ies`/`ied` → `y`, `sses` → `ss`, else a final `s`
//! (not after `s`, `u` or `i`); then `ing` or `ed` when at least 3 letters with a vowel remain
//! (undoubling a final double consonant other than `l`, `s`, `z`); then a final `e`.

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub pos: u32,
    /// A single CJK character inside a longer run: indexed, not required by a query.
    pub aux: bool,
}

const MAX_WORD: usize = 32;

/// Full-width ASCII to half-width, ideographic space to space.
pub fn fold(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Han ideographs (all blocks and extensions), Hiragana, Katakana and the CJK iteration marks.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007
        | 0x3040..=0x309F
        | 0x30A0..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x3134F)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Sep,
}

fn classify(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphabetic() || c.is_numeric() {
        Class::Word
    } else {
        Class::Sep
    }
}

/// The folded, lower-cased characters of `text`.
fn normalise(text: &str, out: &mut Vec<char>) {
    out.clear();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_cjk(c) {
            out.push(c);
        } else {
            out.extend(fold(c).to_lowercase());
        }
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The small English stemmer described in the module documentation.
pub fn stem(word: &str) -> String {
    stem_into(word, &mut Vec::new()).to_string()
}

/// [`stem`] without allocating for each word: the stem is built in `w` (scratch space the caller
/// reuses) and returned from there, or `word` itself is returned when the rules do not apply.
fn stem_into<'a>(word: &'a str, w: &'a mut Vec<u8>) -> &'a str {
    let b = word.as_bytes();
    if b.len() <= 3 || !b.iter().all(|c| c.is_ascii_lowercase()) {
        return word;
    }
    w.clear();
    w.extend_from_slice(b);
    // Plurals and -ied.
    if (w.ends_with(b"ies") || w.ends_with(b"ied")) && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push(b'y');
    } else if w.ends_with(b"sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") && !w.ends_with(b"us") && !w.ends_with(b"is")
    {
        w.pop();
    }
    // -ing, -ed.
    for suffix in [&b"ing"[..], &b"ed"[..]] {
        if w.ends_with(suffix) {
            let rest = w.len() - suffix.len();
            if rest >= 3 && w[..rest].iter().any(|c| is_vowel(*c)) {
                w.truncate(rest);
                let n = w.len();
                if n >= 2
                    && w[n - 1] == w[n - 2]
                    && !is_vowel(w[n - 1])
                    && !b"lsz".contains(&w[n - 1])
                {
                    w.pop();
                }
            }
            break;
        }
    }
    if w.len() > 3 && w.ends_with(b"e") {
        w.pop();
    }
    // Only ASCII letters were kept or added.
    std::str::from_utf8(w).unwrap_or(word)
}

/// Every token of `text`, in order (see the module documentation for the rules).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, &mut Vec::new(), |text, pos, aux| {
        tokens.push(Token {
            text: text.to_string(),
            pos,
            aux,
        })
    });
    tokens
}

/// [`tokenize`] without allocating: calls `f(text, pos, aux)` for every token, in order.
/// `buf` is scratch space the caller may reuse between calls.
pub fn for_each_token(text: &str, buf: &mut Vec<char>, mut f: impl FnMut(&str, u32, bool)) {
    normalise(text, buf);
    let chars = &buf[..];
    let mut word = String::new();
    let mut stemmed = Vec::new();
    let mut cjk = [0u8; 8];
    let mut pos: u32 = 0;
    let mut i = 0;
    let n = chars.len();
    while i < n {
        match classify(chars[i]) {
            Class::Sep => i += 1,
            Class::Word => {
                word.clear();
                while i < n {
                    let c = chars[i];
                    if classify(c) == Class::Word {
                        word.push(c);
                        i += 1;
                    } else if (c == '\'' || c == '\u{2019}')
                        && !word.is_empty()
                        && i + 1 < n
                        && classify(chars[i + 1]) == Class::Word
                    {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let len = word.chars().count();
                let single_digit = len == 1 && word.chars().all(|c| c.is_ascii_digit());
                if (2..=MAX_WORD).contains(&len) || single_digit {
                    if word.len() <= 3 {
                        f(&word, pos, false);
                    } else {
                        f(stem_into(&word, &mut stemmed), pos, false);
                    }
                    pos += 1;
                }
            }
            Class::Cjk => {
                let start = i;
                while i < n && classify(chars[i]) == Class::Cjk {
                    i += 1;
                }
                let run = &chars[start..i];
                let len = run.len();
                for (k, c) in run.iter().enumerate() {
                    let a = c.len_utf8();
                    c.encode_utf8(&mut cjk[..a]);
                    let one = std::str::from_utf8(&cjk[..a]).unwrap_or_default();
                    f(one, pos + k as u32, len >= 2);
                    if k + 1 < len {
                        let b = run[k + 1].len_utf8();
                        run[k + 1].encode_utf8(&mut cjk[a..a + b]);
                        let pair = std::str::from_utf8(&cjk[..a + b]).unwrap_or_default();
                        f(pair, pos + k as u32, false);
                    }
                }
                pos += (len as u32 - 1).max(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    fn required(s: &str) -> Vec<String> {
        tokenize(s)
            .into_iter()
            .filter(|t| !t.aux)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn latin_words_are_lower_cased_and_stemmed() {
        assert_eq!(
            texts("Customers escalated, escalating; Escalates!"),
            ["customer", "escalat", "escalat", "escalat"]
        );
        assert_eq!(texts("Replies replied reply"), ["reply", "reply", "reply"]);
        assert_eq!(
            texts("status analysis classes"),
            ["status", "analysis", "class"]
        );
        assert_eq!(texts("stopped calling"), ["stop", "call"]);
        assert_eq!(texts("the bot"), ["the", "bot"]);
        // Single letters are dropped, single digits kept; apostrophes join.
        assert_eq!(texts("a 5 b customer's don’t"), ["5", "customer", "dont"]);
    }

    #[test]
    fn han_text_gives_pairs_and_single_characters() {
        let t = tokenize("转人工");
        let got: Vec<(&str, u32, bool)> =
            t.iter().map(|t| (t.text.as_str(), t.pos, t.aux)).collect();
        assert_eq!(
            got,
            [
                ("转", 0, true),
                ("转人", 0, false),
                ("人", 1, true),
                ("人工", 1, false),
                ("工", 2, true)
            ]
        );
        // A single character is required, not auxiliary.
        let one = tokenize("率");
        assert_eq!(one.len(), 1);
        assert!(!one[0].aux);
    }

    #[test]
    fn mixed_chinese_and_english_split_at_the_script_boundary() {
        assert_eq!(
            required("首次解决率FCR"),
            ["首次", "次解", "解决", "决率", "fcr"]
        );
        assert_eq!(
            required("客户满意度（CSAT）是"),
            ["客户", "户满", "满意", "意度", "csat", "是"]
        );
        // Positions: pairs of a run are consecutive, and the next word follows the last pair.
        let t: Vec<(String, u32)> = tokenize("提升FCR和CSAT")
            .into_iter()
            .filter(|t| !t.aux)
            .map(|t| (t.text, t.pos))
            .collect();
        assert_eq!(
            t,
            [
                ("提升".to_string(), 0),
                ("fcr".to_string(), 1),
                ("和".to_string(), 2),
                ("csat".to_string(), 3)
            ]
        );
    }

    #[test]
    fn punctuation_separates_runs() {
        assert_eq!(required("情绪，安抚。"), ["情绪", "安抚"]);
        assert_eq!(required("hand-off: e-mail"), ["hand", "off", "mail"]);
        assert!(tokenize("…—！？、").is_empty());
    }

    #[test]
    fn full_width_letters_and_digits_fold_to_half_width() {
        assert_eq!(texts("ＦＣＲ　８０％"), ["fcr", "80"]);
        assert_eq!(texts("ＣＳＡＴ"), texts("csat"));
        assert_eq!(required("满意度９０分"), ["满意", "意度", "90", "分"]);
    }

    #[test]
    fn stemming_into_a_reused_buffer_matches_stemming_alone() {
        let mut buf = Vec::new();
        for w in [
            "escalating",
            "replies",
            "classes",
            "stopped",
            "status",
            "débuted",
            "ab",
            "mode",
        ] {
            let expected = stem(w);
            assert_eq!(stem_into(w, &mut buf), expected, "{w}");
        }
        assert_eq!(stem("escalating"), "escalat");
        assert_eq!(
            stem("débuted"),
            "débuted",
            "non-ASCII words are not stemmed"
        );
    }

    #[test]
    fn long_words_are_left_out() {
        let long = "x".repeat(33);
        assert!(tokenize(&long).is_empty());
        assert_eq!(texts(&"y".repeat(32)).len(), 1);
    }
}
