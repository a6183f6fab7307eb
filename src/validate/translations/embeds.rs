//! A translated Markdown page embeds the same quizzes, cases and replies as its source. The
//! embeds are what a learner answers and plays on the page, so an edition without one (or with
//! one more) is a different course in that language, and the omission is easy to make when a
//! translator rewrites a paragraph around an embed.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Doc;
use std::collections::BTreeMap;

/// Reports each embed (`name` and `id`) that `translated` has more or fewer times than `source`.
pub fn check(translated: &Doc, source: &Doc, d: &mut Diagnostics) {
    let here = by_key(translated);
    let there = by_key(source);
    for (key, offsets) in &here {
        let wanted = there.get(key).map_or(0, Vec::len);
        // The occurrences beyond the source's count are the extra ones.
        for &offset in offsets.iter().skip(wanted) {
            d.push(
                Diagnostic::error(
                    &translated.file,
                    Some(translated.pos(offset)),
                    format!(
                        "{} is not embedded {} in the source `{}`",
                        show(key),
                        if wanted == 0 { "at all" } else { "as often" },
                        source.file
                    ),
                )
                .with_help("a translation embeds what its source embeds; remove this embed or add it to the source too"),
            );
        }
    }
    for (key, offsets) in &there {
        let have = here.get(key).map_or(0, Vec::len);
        for &offset in offsets.iter().skip(have) {
            let at = source.pos(offset);
            d.push(
                Diagnostic::error(
                    &translated.file,
                    Some(translated.pos(0)),
                    format!(
                        "{} of the source `{}` (line {}) is missing here",
                        show(key),
                        source.file,
                        at.line
                    ),
                )
                .with_help("embed it at the matching place of the translation, on its own line"),
            );
        }
    }
}

/// Embeds by (name, id), each with the offsets it stands at, in order.
fn by_key(doc: &Doc) -> BTreeMap<(&str, &str), Vec<usize>> {
    let mut map: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for e in &doc.rendered.embeds {
        // An embed without an id is reported by the content checks; it has nothing to compare.
        if let Some(id) = e.args.get("id") {
            map.entry((e.name.as_str(), id.as_str()))
                .or_default()
                .push(e.offset);
        }
    }
    map
}

fn show((name, id): &(&str, &str)) -> String {
    format!("`{{{{ {name}(id=\"{id}\") }}}}`")
}
