//! `course.yaml` and `content/competencies.yaml`.

use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Course;
use crate::slug::is_valid_id;
use std::collections::BTreeSet;

/// `languages:` — supported, each once, the default first (and equal to `language` if both).
fn check_languages(course: &Course, list: &[String], d: &mut Diagnostics) {
    let c = &course.config;
    let at = |path: &str| c.spans.locate(path);
    if list.is_empty() {
        d.push(
            Diagnostic::error(&c.file, at("languages"), "`languages` is empty")
                .with_help("list the course's languages, the default first, e.g. `languages: [en, zh-CN]`, or remove the key"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, lang) in list.iter().enumerate() {
        let here = at(&format!("languages.{i}"));
        if crate::locale::Locale::get(lang).is_none() {
            d.push(
                Diagnostic::error(&c.file, here, format!("unsupported language `{lang}`"))
                    .with_help("use `en` or `zh-CN`"),
            );
        } else if !seen.insert(lang.as_str()) {
            d.push(
                Diagnostic::error(
                    &c.file,
                    here,
                    format!("`{lang}` is listed twice in `languages`"),
                )
                .with_help("list each language once"),
            );
        }
    }
    if let (Some(one), Some(first)) = (&c.data.language, list.first()) {
        if one != first {
            d.push(
                Diagnostic::error(
                    &c.file,
                    at("language"),
                    format!("`language: {one}` contradicts `languages`, whose first (default) language is `{first}`"),
                )
                .with_help("remove `language` (the first of `languages` is the default), or make them agree"),
            );
        }
    }
}

pub fn check_config(course: &Course, known: &Known, d: &mut Diagnostics) {
    let c = &course.config;
    let at = |path: &str| c.spans.locate(path);
    if !is_valid_id(&c.data.id) {
        d.push(
            Diagnostic::error(&c.file, at("id"), format!("`{}` is not a valid course id", c.data.id))
                .with_help(format!(
                    "use lower-case letters, digits and `-`, e.g. `{}`; learners' progress is saved under it, so choose it once",
                    crate::slug::slugify(&c.data.id)
                )),
        );
    }
    if let Some(lang) = &c.data.language {
        if crate::locale::Locale::get(lang).is_none() {
            d.push(
                Diagnostic::error(
                    &c.file,
                    at("language"),
                    format!("unsupported language `{lang}`"),
                )
                .with_help("use `en` or `zh-CN`"),
            );
        }
    }
    if let Some(list) = &c.data.languages {
        check_languages(course, list, d);
    }
    if let Some(url) = &c.data.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            d.push(
                Diagnostic::error(&c.file, at("base_url"), format!("`base_url` must be an absolute http(s) URL, not `{url}`"))
                    .with_help("for example `https://training.example.com/cs/`; links in the site stay relative either way"),
            );
        }
    }
    if let Some(role) = &c.data.default_role {
        if !known.roles.contains(role.as_str()) && known.competencies_checkable() {
            d.push(
                Diagnostic::error(
                    &c.file,
                    at("default_role"),
                    format!("unknown role `{role}`"),
                )
                .with_help(suggest::help(role, known.roles.iter().copied())),
            );
        }
    }
    if let Some(theme) = &c.data.highlight_theme {
        if !crate::highlight::theme_exists(theme) {
            d.push(
                Diagnostic::error(
                    &c.file,
                    at("highlight_theme"),
                    format!("unknown highlight theme `{theme}`"),
                )
                .with_help(format!(
                    "themes: {}",
                    crate::highlight::theme_names().join(", ")
                )),
            );
        }
    }
    if let Some(a) = &c.data.assessment {
        if !known.quizzes.contains_key(a.quiz.as_str()) {
            d.push(
                Diagnostic::error(
                    &c.file,
                    c.spans.locate_value("assessment.quiz"),
                    format!("unknown quiz `{}`", a.quiz),
                )
                .with_help(suggest::help(&a.quiz, known.quizzes.keys().copied())),
            );
        }
    }
}

pub fn check_framework(course: &Course, d: &mut Diagnostics) {
    let Some(fw) = &course.framework else { return };
    let file = &fw.file;
    let f = &fw.data;
    if f.scale.is_empty() {
        d.push(
            Diagnostic::error(
                file,
                fw.spans.locate("scale"),
                "the proficiency scale is empty",
            )
            .with_help("list levels such as `- { level: 1, name: Aware, min_mastery: 0.0 }`"),
        );
    }
    for (i, pair) in f.scale.windows(2).enumerate() {
        if pair[1].level <= pair[0].level {
            d.push(Diagnostic::error(
                file,
                fw.spans.locate(&format!("scale.{}.level", i + 1)),
                format!(
                    "scale levels must ascend: level {} follows level {}",
                    pair[1].level, pair[0].level
                ),
            ));
        }
        if pair[1].min_mastery < pair[0].min_mastery {
            d.push(Diagnostic::error(
                file,
                fw.spans.locate(&format!("scale.{}.min_mastery", i + 1)),
                format!(
                    "`min_mastery` must not decrease up the scale: {} after {}",
                    pair[1].min_mastery, pair[0].min_mastery
                ),
            ));
        }
    }
    for (i, s) in f.scale.iter().enumerate() {
        if !(0.0..=1.0).contains(&s.min_mastery) {
            d.push(
                Diagnostic::error(
                    file,
                    fw.spans.locate(&format!("scale.{i}.min_mastery")),
                    format!(
                        "`min_mastery` is a fraction from 0 to 1, not {}",
                        s.min_mastery
                    ),
                )
                .with_help("0.7 means 70% of the evidence"),
            );
        }
    }
    if f.min_evidence == Some(0) {
        d.push(
            Diagnostic::error(
                file,
                fw.spans.locate("min_evidence"),
                "`min_evidence` must be at least 1",
            )
            .with_help("it is how many graded items are needed before a level is shown"),
        );
    }
    let levels: BTreeSet<u32> = f.scale.iter().map(|s| s.level).collect();
    let mut seen = BTreeSet::new();
    for (i, c) in f.competencies.iter().enumerate() {
        let path = format!("competencies.{i}");
        if !is_valid_id(&c.id) {
            d.push(
                Diagnostic::error(
                    file,
                    fw.spans.locate(&format!("{path}.id")),
                    format!("`{}` is not a valid competency id", c.id),
                )
                .with_help("use lower-case letters, digits and `-`"),
            );
        }
        if !seen.insert(c.id.as_str()) {
            d.push(Diagnostic::error(
                file,
                fw.spans.locate(&format!("{path}.id")),
                format!("duplicate competency id `{}`", c.id),
            ));
        }
        for level in c.levels.keys() {
            if !levels.contains(level) {
                d.push(
                    Diagnostic::error(
                        file,
                        fw.spans.locate(&format!("{path}.levels.{level}")),
                        format!("competency `{}` describes level {level}, which the scale does not have", c.id),
                    )
                    .with_help(format!(
                        "scale levels: {}",
                        levels.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
    }
    let mut roles = BTreeSet::new();
    let max = levels.iter().max().copied();
    for (i, r) in f.roles.iter().enumerate() {
        let path = format!("roles.{i}");
        if !is_valid_id(&r.id) {
            d.push(
                Diagnostic::error(
                    file,
                    fw.spans.locate(&format!("{path}.id")),
                    format!("`{}` is not a valid role id", r.id),
                )
                .with_help("use lower-case letters, digits and `-`"),
            );
        }
        if !roles.insert(r.id.as_str()) {
            d.push(Diagnostic::error(
                file,
                fw.spans.locate(&format!("{path}.id")),
                format!("duplicate role id `{}`", r.id),
            ));
        }
        for (comp, level) in &r.targets {
            let at = fw.spans.locate(&format!("{path}.targets.{comp}"));
            if !seen.contains(comp.as_str()) {
                d.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!("role `{}` targets unknown competency `{comp}`", r.id),
                    )
                    .with_help(suggest::help(comp, seen.iter().copied())),
                );
            }
            if let Some(min) = levels.iter().min().copied() {
                if *level < min {
                    d.push(
                        Diagnostic::warning(file, at, format!("role `{}` targets level {level} in `{comp}`, below the scale's lowest level {min}", r.id))
                            .with_help("leave the competency out of `targets` if the role does not need it"),
                    );
                }
            }
            if let Some(max) = max {
                if *level > max {
                    d.push(
                        Diagnostic::warning(
                            file,
                            at,
                            format!("role `{}` targets level {level} in `{comp}`, above the scale's top level {max}", r.id),
                        )
                        .with_help(format!("use a level from the scale (1 to {max})")),
                    );
                }
            }
        }
    }
}
