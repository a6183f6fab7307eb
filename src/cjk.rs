//! Chinese (and Japanese) text has no spaces between words, so a line break inside a paragraph
//! must join the two lines directly: `客户\n满意` is `客户满意`, not `客户 满意`. This applies to
//! soft breaks in Markdown and to the spaces YAML makes of line breaks in folded scalars
//! (quiz and case text). Latin text keeps its spaces, and so does a break between a Chinese
//! character and a Latin one (`使用 API`).

use pulldown_cmark::{Event, Tag, TagEnd};

/// Ideographs, kana, bopomofo, CJK punctuation and full-width forms. (Hangul is left out:
/// Korean puts spaces between words.)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation (、。「」)
        | 0x3040..=0x312F    // kana, bopomofo
        | 0x3190..=0x31FF    // kanbun, CJK strokes, kana extensions
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms (，：？（）)
        | 0x20000..=0x3134F  // extensions B–H
    )
}

/// Removes the soft breaks that sit between two CJK characters, looking through inline markup
/// (`**重点**\n说明` joins too).
pub fn join_soft_breaks<T>(events: Vec<(Event<'_>, T)>) -> Vec<(Event<'_>, T)> {
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i].0, Event::SoftBreak)
                && last_char(events[..i].iter().rev().map(|e| &e.0)).is_some_and(is_cjk)
                && first_char(events[i + 1..].iter().map(|e| &e.0)).is_some_and(is_cjk)
        })
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(e, d)| (!d).then_some(e))
        .collect()
}

/// Whether an event is inline markup that text flows through.
fn is_inline_markup(e: &Event) -> bool {
    matches!(
        e,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

fn text_of<'a>(e: &'a Event) -> Option<&'a str> {
    match e {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

fn last_char<'a, 'e: 'a>(mut before: impl Iterator<Item = &'a Event<'e>>) -> Option<char> {
    before
        .find(|e| !is_inline_markup(e))
        .and_then(text_of)
        .and_then(|t| t.chars().next_back())
}

fn first_char<'a, 'e: 'a>(mut after: impl Iterator<Item = &'a Event<'e>>) -> Option<char> {
    after
        .find(|e| !is_inline_markup(e))
        .and_then(text_of)
        .and_then(|t| t.chars().next())
}

/// Quiz and case text from YAML: drops a line break, or the single space a folded scalar made
/// of one, between two CJK characters. Returns the text unchanged (borrowed) when there is none.
pub fn join_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let joinable = |i: usize| {
        matches!(chars[i], ' ' | '\n')
            && i > 0
            && i + 1 < chars.len()
            && is_cjk(chars[i - 1])
            && is_cjk(chars[i + 1])
    };
    if !(0..chars.len()).any(joinable) {
        return text.into();
    }
    (0..chars.len())
        .filter(|&i| !joinable(i))
        .map(|i| chars[i])
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_chinese_characters_go_and_others_stay() {
        assert_eq!(
            join_spaces("先确认 客户的问题。\n然后转人工"),
            "先确认客户的问题。然后转人工"
        );
        assert_eq!(join_spaces("使用 API 接口"), "使用 API 接口");
        assert_eq!(join_spaces("plain English text"), "plain English text");
        assert_eq!(join_spaces("客户，\n请稍等"), "客户，请稍等");
        assert!(matches!(join_spaces("abc"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn punctuation_and_ideographs_are_cjk_latin_is_not() {
        for c in ['客', '。', '，', '「', 'の', '（'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', ' ', '.', '한'] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
