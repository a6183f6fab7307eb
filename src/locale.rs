//! Interface strings of the theme, one table per language (`src/locale/*.json`), chosen by the
//! course's `language`. Templates see them as `t`; the Markdown renderer takes its labels here.

use crate::markdown::Labels;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLES: [(&str, &str); 2] = [
    ("en", include_str!("locale/en.json")),
    ("zh-CN", include_str!("locale/zh-CN.json")),
];

#[derive(Debug)]
pub struct Locale {
    pub code: &'static str,
    pub strings: BTreeMap<String, String>,
}

fn all() -> &'static Vec<Locale> {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    ALL.get_or_init(|| {
        TABLES
            .iter()
            .map(|(code, json)| Locale {
                code,
                // The tables are compiled in and checked by a unit test, so they always parse.
                strings: serde_json::from_str(json).unwrap_or_default(),
            })
            .collect()
    })
}

impl Locale {
    pub fn get(code: &str) -> Option<&'static Locale> {
        all().iter().find(|l| l.code == code)
    }

    /// The course's locale, English when unset or unknown (validation reports unknown codes).
    pub fn for_language(code: Option<&str>) -> &'static Locale {
        code.and_then(Locale::get)
            .or_else(|| Locale::get("en"))
            .expect("the English table is compiled in")
    }

    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn labels(&self) -> Labels {
        Labels {
            callouts: [
                self.t("callout_note"),
                self.t("callout_tip"),
                self.t("callout_important"),
                self.t("callout_warning"),
                self.t("callout_caution"),
            ],
            section_link: self.t("link_to_section"),
            colon: self.t("punct_colon"),
            task_done: self.t("task_done"),
            task_open: self.t("task_open"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_table_parses_and_has_the_same_keys() {
        let mut key_sets = Vec::new();
        for (code, json) in TABLES {
            let map: BTreeMap<String, String> =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{code}: {e}"));
            key_sets.push((code, map.keys().cloned().collect::<BTreeSet<_>>()));
        }
        let (first, keys) = &key_sets[0];
        for (code, other) in &key_sets[1..] {
            let missing: Vec<_> = keys.symmetric_difference(other).collect();
            assert!(
                missing.is_empty(),
                "{first} and {code} differ in {missing:?}"
            );
        }
    }

    #[test]
    fn markdown_labels_are_translated() {
        for key in [
            "callout_note",
            "callout_tip",
            "callout_important",
            "callout_warning",
            "callout_caution",
            "link_to_section",
            "punct_colon",
            "task_done",
            "task_open",
        ] {
            for (code, _) in TABLES {
                let l = Locale::get(code).unwrap();
                assert!(l.strings.contains_key(key), "{code} lacks {key}");
            }
        }
    }
}
