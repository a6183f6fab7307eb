//! Language editions of a course (`languages: [en, zh-CN]`): a translation lives beside its
//! source as `name.<lang>.md` / `name.<lang>.yaml`. Discovery sets translations aside by their
//! names; here each declared language gets its own `Inputs`, with every source replaced by its
//! translation where there is one (the default language's text stands in where there is not).
//! Pure data to data: nothing here reads the disk.

use crate::diagnostics::{Diagnostic, Pos};
use crate::discover::Inputs;
use crate::source::SourceFile;
use std::collections::{BTreeMap, BTreeSet};

/// A translated text file, set aside by discovery.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The language suffix as written, e.g. `zh-CN`.
    pub lang: String,
    /// The source's path (the translation's path without the suffix).
    pub source: String,
    pub file: SourceFile,
}

/// Which language a built edition is in, and what it shares with the others.
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// This edition's language; empty for a course that declares none.
    pub lang: String,
    /// Every declared language, the default first (empty or one entry: a one-language course).
    pub languages: Vec<String>,
    /// Source paths shown in the default language because their translation is missing.
    pub fallbacks: BTreeSet<String>,
    /// Question id → the version of the default language's question (set by the build for
    /// the other editions). Saved answers are kept by version; a translated question, whose
    /// text answers and item texts differ, must have its source's version so that progress
    /// carries across languages.
    pub question_versions: BTreeMap<String, String>,
    /// The site's `base_url` (set by the build); a translated edition's own `base_url` has its
    /// folder added, for its canonical links and sitemap.
    pub site_base_url: Option<String>,
}

impl Edition {
    /// Whether this is the default language's edition (written at the site root).
    pub fn is_default(&self) -> bool {
        self.languages.first().is_none_or(|l| *l == self.lang)
    }

    /// Where this edition is written, relative to the site root: `""` or `zh-CN/`.
    pub fn prefix(&self) -> String {
        if self.is_default() {
            String::new()
        } else {
            format!("{}/", self.lang)
        }
    }

    pub fn default_lang(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("")
    }
}

/// Whether `tag` looks like a language tag used as a file suffix: `en`, `zh-CN`, `zh-Hant`,
/// `es-419`. Two lower-case letters then at most two subtags (region, script or UN region), so
/// ordinary dotted names (`notes.old.md`, `v1.2.md`) are not taken for translations.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    if primary.len() != 2 || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    rest.len() <= 2
        && rest.iter().all(|s| {
            (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
                || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
                || (s.len() == 4
                    && s.as_bytes()[0].is_ascii_uppercase()
                    && s.bytes().skip(1).all(|b| b.is_ascii_lowercase()))
        })
}

/// For a text file named like a translation (`dir/01-a.zh-CN.md`): the source's path
/// (`dir/01-a.md`) and the language. Other files (images: `flow.zh-CN.svg`) are ordinary assets.
pub fn split_suffix(path: &str) -> Option<(String, &str)> {
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(ext, "md" | "yaml" | "yml") {
        return None;
    }
    let (base, tag) = stem.rsplit_once('.')?;
    if base.is_empty() || !is_language_tag(tag) {
        return None;
    }
    Some((format!("{dir}{base}.{ext}"), tag))
}

/// The source path a file stands for: a translation's source, or the path itself.
pub fn source_path(path: &str) -> std::borrow::Cow<'_, str> {
    match split_suffix(path) {
        Some((source, _)) => source.into(),
        None => path.into(),
    }
}

/// The path of `source`'s translation into `lang`.
pub fn translation_path(source: &str, lang: &str) -> String {
    match source.rsplit_once('.') {
        Some((base, ext)) if !base.ends_with('/') => format!("{base}.{lang}.{ext}"),
        _ => format!("{source}.{lang}"),
    }
}

/// The course's languages from `course.yaml`: `languages`, else `language`, else none.
pub fn declared(language: Option<&str>, languages: Option<&[String]>) -> Vec<String> {
    match (languages, language) {
        (Some(list), _) if !list.is_empty() => list.to_vec(),
        (_, Some(one)) => vec![one.to_string()],
        _ => Vec::new(),
    }
}

/// One `Inputs` per language, the default first, and the problems with the translations
/// (a translation with no source or in an undeclared language is an error; a missing one is a
/// warning). A course with one language (or none) gets one edition and no warnings.
pub fn split(
    mut inputs: Inputs,
    languages: &[String],
) -> (Vec<(Edition, Inputs)>, Vec<Diagnostic>) {
    let translations = std::mem::take(&mut inputs.translations);
    let mut problems = Vec::new();
    let default = languages.first().cloned().unwrap_or_default();
    let sources: BTreeSet<String> = inputs.content_files().map(|f| f.path.clone()).collect();
    // language → source path → translation
    let mut by_lang: BTreeMap<&str, BTreeMap<&str, &Translation>> = BTreeMap::new();
    for t in &translations {
        let declared = languages.contains(&t.lang);
        if t.lang == default {
            problems.push(
                Diagnostic::error(
                    &t.file.path,
                    Some(Pos::new(1, 1)),
                    format!("`{}` is the course's default language, whose files have no language suffix", t.lang),
                )
                .with_help(format!("rename it to `{}` (the default language's edition is the source)", t.source)),
            );
        } else if !declared {
            let mut list: Vec<&str> = Vec::new();
            for l in languages
                .iter()
                .map(String::as_str)
                .chain([t.lang.as_str()])
            {
                if !list.contains(&l) {
                    list.push(l);
                }
            }
            if languages.is_empty() {
                list.insert(0, "en");
            }
            let list = format!("languages: [{}]", list.join(", "));
            problems.push(
                Diagnostic::error(
                    &t.file.path,
                    Some(Pos::new(1, 1)),
                    format!("this file is a translation into `{}`, a language the course does not declare", t.lang),
                )
                .with_help(format!("declare it in course.yaml (`{list}`), or rename the file if `.{}` is not a language", t.lang)),
            );
        } else if !sources.contains(&t.source) {
            problems.push(
                Diagnostic::error(
                    &t.file.path,
                    Some(Pos::new(1, 1)),
                    format!("this translation has no source: `{}` does not exist", t.source),
                )
                .with_help(format!(
                    "a translation sits beside the {default} file it translates and has the same name plus `.{}`; rename it, or add `{}`",
                    t.lang, t.source
                )),
            );
        } else {
            by_lang.entry(&t.lang).or_default().insert(&t.source, t);
        }
    }
    let mut editions = Vec::new();
    // A language listed twice is reported by validation; it gets one edition.
    let mut others: Vec<&String> = Vec::new();
    for lang in languages.iter().skip(1) {
        if *lang != default && !others.contains(&lang) {
            others.push(lang);
        }
    }
    for lang in others {
        let found = by_lang.remove(lang.as_str()).unwrap_or_default();
        let mut edition_inputs = inputs.clone();
        let mut fallbacks = BTreeSet::new();
        for f in edition_inputs.content_files_mut() {
            match found.get(f.path.as_str()) {
                Some(t) => *f = t.file.clone(),
                None => {
                    problems.push(
                        Diagnostic::warning(
                            &f.path,
                            Some(Pos::new(1, 1)),
                            format!(
                                "no {lang} translation of this file: `{}` is missing",
                                translation_path(&f.path, lang)
                            ),
                        )
                        .with_help(format!(
                            "add the translation; until then the {lang} edition shows this page in {default}, marked as such"
                        )),
                    );
                    fallbacks.insert(f.path.clone());
                }
            }
        }
        editions.push((
            Edition {
                lang: lang.clone(),
                languages: languages.to_vec(),
                fallbacks,
                question_versions: BTreeMap::new(),
                site_base_url: None,
            },
            edition_inputs,
        ));
    }
    editions.insert(
        0,
        (
            Edition {
                lang: default,
                languages: languages.to_vec(),
                fallbacks: BTreeSet::new(),
                question_versions: BTreeMap::new(),
                site_base_url: None,
            },
            inputs,
        ),
    );
    (editions, problems)
}

/// What a checked edition changes in its course's settings (after validation, which checks
/// `course.yaml` as written): its language; the course description of the home page's front
/// matter where it has one (in every edition, so each language can have its own); in a
/// translated edition, the course's title (its home page's, since `course.yaml` is shared and
/// holds the default language's) and the `base_url` with its folder added, for its canonical
/// links and sitemap.
pub fn apply_settings(course: &mut crate::load::Course) {
    let cfg = &mut course.config.data;
    if !course.edition.lang.is_empty() {
        cfg.language = Some(course.edition.lang.clone());
    }
    course.edition.site_base_url = cfg.base_url.clone();
    // The home page of this language: in a translated edition only its translation (a fallback
    // to the default language's home page keeps the course.yaml title and description).
    let default = course.edition.is_default();
    let home = course
        .home
        .as_ref()
        .filter(|h| default || split_suffix(&h.doc.file).is_some());
    if let Some(description) = home.and_then(|h| h.front.description.clone()) {
        cfg.description = Some(description);
    }
    if default {
        return;
    }
    if let Some(title) = home.and_then(|h| h.front.title.clone()) {
        cfg.title = title;
    }
    if let Some(base) = &mut cfg.base_url {
        *base = format!("{}/{}", base.trim_end_matches('/'), course.edition.prefix());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: "".into(),
        }
    }

    fn translation(path: &str) -> Translation {
        let (source, lang) = split_suffix(path).unwrap();
        Translation {
            lang: lang.into(),
            source,
            file: file(path),
        }
    }

    #[test]
    fn language_suffixes_are_recognised_and_ordinary_dots_are_not() {
        assert_eq!(
            split_suffix("content/modules/01-a/02-b.zh-CN.md"),
            Some(("content/modules/01-a/02-b.md".into(), "zh-CN"))
        );
        assert_eq!(
            split_suffix("quizzes/basics.fr.yaml"),
            Some(("quizzes/basics.fr.yaml".replace(".fr", ""), "fr"))
        );
        for tag in ["en", "zh-CN", "zh-Hant", "zh-Hant-TW", "es-419"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for name in [
            "flow.zh-CN.svg",
            "notes.old.md",
            "v1.2.md",
            "a.EN.md",
            "a.zh-cn.md",
            "index.md",
            ".en.md",
        ] {
            assert_eq!(split_suffix(name), None, "{name}");
        }
        assert_eq!(source_path("content/index.zh-CN.md"), "content/index.md");
        assert_eq!(source_path("content/index.md"), "content/index.md");
        assert_eq!(
            translation_path("quizzes/basics.yaml", "zh-CN"),
            "quizzes/basics.zh-CN.yaml"
        );
    }

    #[test]
    fn each_language_gets_its_translations_and_falls_back_to_the_source() {
        let inputs = Inputs {
            quizzes: vec![file("quizzes/a.yaml"), file("quizzes/b.yaml")],
            translations: vec![
                translation("quizzes/a.zh-CN.yaml"),
                translation("quizzes/c.zh-CN.yaml"),
                translation("quizzes/a.fr.yaml"),
            ],
            ..Inputs::default()
        };
        let langs = vec!["en".to_string(), "zh-CN".to_string()];
        let (editions, problems) = split(inputs, &langs);
        assert_eq!(editions.len(), 2);
        let (en, en_inputs) = &editions[0];
        assert!(en.is_default());
        assert_eq!(en.prefix(), "");
        assert_eq!(en_inputs.quizzes[0].path, "quizzes/a.yaml");
        let (zh, zh_inputs) = &editions[1];
        assert_eq!(zh.prefix(), "zh-CN/");
        let paths: Vec<&str> = zh_inputs.quizzes.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["quizzes/a.zh-CN.yaml", "quizzes/b.yaml"]);
        assert!(zh.fallbacks.contains("quizzes/b.yaml"));
        let said: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said
            .iter()
            .any(|(f, m)| *f == "quizzes/c.zh-CN.yaml" && m.contains("no source")));
        assert!(said
            .iter()
            .any(|(f, m)| *f == "quizzes/a.fr.yaml" && m.contains("does not declare")));
        assert!(said
            .iter()
            .any(|(f, m)| *f == "quizzes/b.yaml" && m.contains("quizzes/b.zh-CN.yaml")));
    }

    #[test]
    fn a_one_language_course_has_one_edition() {
        let inputs = Inputs {
            quizzes: vec![file("quizzes/a.yaml")],
            ..Inputs::default()
        };
        let (editions, problems) = split(inputs, &["en".to_string()]);
        assert_eq!(editions.len(), 1);
        assert!(problems.is_empty());
        let (editions, _) = split(Inputs::default(), &[]);
        assert!(editions[0].0.is_default());
    }
}
