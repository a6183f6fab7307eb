//! The reply-template library (`content/replies/`): scenarios, channels, tones, competencies,
//! placeholders, related cases and lessons, and the review date.

use super::content::link_diagnostic;
use super::warnings::locate_in;
use super::{suggest, Known};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{LinkError, SiteIndex};
use crate::load::{Course, Yaml};
use crate::model::ReplyFile;
use crate::replies::{self, Day, CHANNELS, DEFAULT_REVIEW_DAYS, TONES};
use crate::slug::is_valid_id;
use std::collections::BTreeSet;

pub fn check_replies(course: &Course, known: &Known, index: &SiteIndex, d: &mut Diagnostics) {
    let scenarios = check_library(course, d);
    let config = &course.config;
    let review_every = match config.data.review_every {
        Some(0) => {
            d.push(
                Diagnostic::error(
                    &config.file,
                    config.spans.locate_value("review_every"),
                    "`review_every` is a number of days, at least 1",
                )
                .with_help(
                    "write how often reply templates are reviewed, e.g. `review_every: 180`",
                ),
            );
            None
        }
        Some(days) => Some(days),
        None => Some(DEFAULT_REVIEW_DAYS),
    };
    for reply in &course.replies {
        check_vocabulary(reply, scenarios.as_ref(), d);
        let at = |p: &str| reply.spans.locate(p);
        let r = &reply.data;
        known.check_competencies(&reply.file, "competencies", &r.competencies, at, d);
        check_placeholders(reply, d);
        for (i, id) in r.cases.iter().enumerate() {
            if !known.cases.contains(id.as_str()) {
                d.push(
                    Diagnostic::error(
                        &reply.file,
                        at(&format!("cases.{i}")),
                        format!("unknown case `{id}`"),
                    )
                    .with_help(suggest::help(id, known.cases.iter().copied())),
                );
            }
        }
        for (i, link) in r.lessons.iter().enumerate() {
            check_lesson_link(reply, &format!("lessons.{i}"), link, index, d);
        }
        check_reviewed(reply, course.today, review_every, d);
    }
}

/// `_library.yaml`'s scenarios: valid, unique ids with names. Returns the ids replies may use,
/// or `None` when any id is accepted (no library file) or none can be checked (it did not parse).
fn check_library<'a>(course: &'a Course, d: &mut Diagnostics) -> Option<BTreeSet<&'a str>> {
    let lib = course.reply_library.as_ref()?;
    let mut ids = BTreeSet::new();
    for (i, s) in lib.data.scenarios.iter().enumerate() {
        let at = lib.spans.locate(&format!("scenarios.{i}.id"));
        if !is_valid_id(&s.id) {
            d.push(
                Diagnostic::error(
                    &lib.file,
                    at,
                    format!("`{}` is not a valid scenario id", s.id),
                )
                .with_help("use lower-case letters, digits and `-`"),
            );
        }
        if !ids.insert(s.id.as_str()) {
            d.push(
                Diagnostic::error(&lib.file, at, format!("duplicate scenario `{}`", s.id))
                    .with_help("each scenario is listed once"),
            );
        }
    }
    Some(ids)
}

fn check_vocabulary(
    reply: &Yaml<ReplyFile>,
    scenarios: Option<&BTreeSet<&str>>,
    d: &mut Diagnostics,
) {
    let r = &reply.data;
    let file = &reply.file;
    let scenario_at = reply.spans.locate_value("scenario");
    match scenarios {
        Some(known) if !known.contains(r.scenario.as_str()) => d.push(
            Diagnostic::error(file, scenario_at, format!("unknown scenario `{}`", r.scenario))
                .with_help(if known.is_empty() {
                    "list the scenarios in `content/replies/_library.yaml`".to_string()
                } else {
                    suggest::help(&r.scenario, known.iter().copied())
                }),
        ),
        None if !is_valid_id(&r.scenario) => d.push(
            Diagnostic::error(file, scenario_at, format!("`{}` is not a valid scenario id", r.scenario))
                .with_help("use lower-case letters, digits and `-` (and list the scenarios in `content/replies/_library.yaml`)"),
        ),
        _ => {}
    }
    if r.channels.is_empty() {
        d.push(
            Diagnostic::error(
                file,
                reply.spans.locate("channels"),
                "a reply has at least one channel",
            )
            .with_help(format!("the channels are {}", list(&CHANNELS))),
        );
    }
    for (i, c) in r.channels.iter().enumerate() {
        if !CHANNELS.contains(&c.as_str()) {
            d.push(
                Diagnostic::error(
                    file,
                    reply.spans.locate(&format!("channels.{i}")),
                    format!("unknown channel `{c}`"),
                )
                .with_help(suggest::help(c, CHANNELS)),
            );
        }
    }
    if !TONES.contains(&r.tone.as_str()) {
        d.push(
            Diagnostic::error(
                file,
                reply.spans.locate_value("tone"),
                format!("unknown tone `{}`", r.tone),
            )
            .with_help(suggest::help(&r.tone, TONES)),
        );
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every `{name}` in the text is declared under `placeholders:`, and every declared one is used.
fn check_placeholders(reply: &Yaml<ReplyFile>, d: &mut Diagnostics) {
    let r = &reply.data;
    let used = replies::placeholder_names(&r.text);
    for name in r.placeholders.keys() {
        let at = reply.spans.locate(&format!("placeholders.{name}"));
        if !replies::is_placeholder_name(name) {
            d.push(
                Diagnostic::error(&reply.file, at, format!("`{name}` is not a valid placeholder name"))
                    .with_help("use a lower-case letter, then lower-case letters, digits and `_`, e.g. `order_id`"),
            );
        } else if !used.contains(&name.as_str()) {
            d.push(
                Diagnostic::error(
                    &reply.file,
                    at,
                    format!("the placeholder `{name}` is declared but `text` does not use it"),
                )
                .with_help(format!(
                    "write `{{{name}}}` where it goes in `text`, or remove it from `placeholders`"
                )),
            );
        }
    }
    for name in used {
        if !r.placeholders.contains_key(name) {
            let needle = format!("{{{name}}}");
            d.push(
                Diagnostic::error(
                    &reply.file,
                    locate_in(reply, "text", &needle),
                    format!("the placeholder `{needle}` is used in `text` but not declared"),
                )
                .with_help(format!(
                    "add `{name}: <label for the fill-in form>` under `placeholders`"
                )),
            );
        }
    }
}

/// A related lesson: a rooted link to a lesson or module page, `.md` optional.
fn check_lesson_link(
    reply: &Yaml<ReplyFile>,
    path: &str,
    link: &str,
    index: &SiteIndex,
    d: &mut Diagnostics,
) {
    let at = reply.spans.locate(path);
    if !link.starts_with('/') || link.starts_with("//") {
        d.push(
            Diagnostic::error(&reply.file, at, format!("the lesson link `{link}` does not start with `/`"))
                .with_help("write it from `content/`: `/modules/02-working-with-the-bot/02-taking-over-a-conversation`"),
        );
        return;
    }
    match index.resolve("content/", &replies::lesson_source(link)) {
        Ok(crate::links::Resolved::Internal { output, .. }) if !output.starts_with("modules/") => d.push(
            Diagnostic::error(&reply.file, at, format!("`{link}` is not a lesson"))
                .with_help("`lessons` lists lessons and module overviews, e.g. `/modules/02-x/01-y`"),
        ),
        Ok(_) => {}
        Err(LinkError::NoSuchFile { path }) => d.push(
            Diagnostic::error(&reply.file, at, format!("broken link: `{path}` does not exist"))
                .with_help("write the lesson's path from `content/`: `/modules/02-x/01-y` (`.md` may be left out)"),
        ),
        Err(e) => d.push(link_diagnostic(&reply.file, at, e)),
    }
}

/// `reviewed:` is a date, and not older than the review interval on the build's date.
fn check_reviewed(
    reply: &Yaml<ReplyFile>,
    today: Option<Day>,
    every: Option<u32>,
    d: &mut Diagnostics,
) {
    let written = reply.data.reviewed.text();
    let at = reply.spans.locate_value("reviewed");
    let Some(day) = Day::parse(&written) else {
        d.push(
            Diagnostic::error(
                &reply.file,
                at,
                format!("`reviewed` is a date written YYYY-MM-DD, not `{written}`"),
            )
            .with_help("write the day the wording was last reviewed, e.g. `reviewed: 2026-10-01`"),
        );
        return;
    };
    let (Some(today), Some(every)) = (today, every) else {
        return;
    };
    let age = today.0 - day.0;
    if age > i64::from(every) {
        d.push(
            Diagnostic::warning(
                &reply.file,
                at,
                format!("this reply was last reviewed {age} days ago ({written}); replies are reviewed every {every} days"),
            )
            .with_help("check the wording is still right and set `reviewed:` to today's date (`review_every:` in course.yaml sets the interval)"),
        );
    }
}
