//! The case library, case pages and case cards.

use super::{page, Ctx, PageJob, Partial};
use crate::case_graph;
use crate::links::relative_url;
use crate::load::Yaml;
use crate::model::{CaseFile, Outcome};
use crate::paths;
use crate::validate::DEFAULT_DIMENSIONS;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn channel_label(ctx: &Ctx, case: &CaseFile) -> (String, String) {
    match case.channel {
        Some(c) => (
            c.id().to_string(),
            ctx.locale.t(&format!("channel_{}", c.id())),
        ),
        None => (String::new(), String::new()),
    }
}

/// The fields of a case card, with URLs relative to `from`.
pub fn card(ctx: &Ctx, case: &Yaml<CaseFile>, from: &str) -> Value {
    let c = &case.data;
    let (channel, label) = channel_label(ctx, c);
    json!({
        "id": case.id,
        "title": c.title,
        "summary": c.summary.clone().unwrap_or_default(),
        "url": relative_url(from, &paths::case(&case.id)),
        "channel": channel,
        "channel_label": label,
        "difficulty": c.difficulty.unwrap_or(1),
        "duration": c.duration,
        "competencies": ctx.competency_refs(&c.competencies),
    })
}

pub fn card_partial(ctx: &Ctx, id: &str, from: &str) -> Partial {
    let card = ctx
        .course
        .cases
        .iter()
        .find(|c| c.id == id)
        .map(|c| card(ctx, c, from))
        .unwrap_or(Value::Null);
    Partial {
        template: "partials/case_card.html",
        context: json!({ "card": card }),
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Success => "success",
        Outcome::Partial => "partial",
        Outcome::Fail => "fail",
    }
}

/// What the case player needs: the graph, texts as sanitised HTML, the best score.
fn case_data(ctx: &Ctx, case: &Yaml<CaseFile>) -> Value {
    let c = &case.data;
    let md = |s: &Option<String>| {
        s.as_deref()
            .map(|t| ctx.text_html(t, false))
            .unwrap_or_default()
    };
    let dimensions: Vec<Value> = match &c.dimensions {
        Some(ds) => ds
            .iter()
            .map(|d| json!({"id": d.id, "name": d.name}))
            .collect(),
        None => DEFAULT_DIMENSIONS
            .iter()
            .map(|(id, _)| json!({"id": id, "name": ctx.locale.t(&format!("dimension_{id}"))}))
            .collect(),
    };
    let nodes: BTreeMap<&str, Value> = c
        .nodes
        .iter()
        .map(|(id, n)| {
            (
                id.as_str(),
                json!({
                    "messages": n.messages.iter().map(|m| json!({"from": m.from, "html": ctx.text_html(&m.text.text(), false)})).collect::<Vec<_>>(),
                    "prompt": n.prompt.clone().unwrap_or_default(),
                    "choices": n.choices.iter().map(|ch| json!({
                        "html": ctx.text_html(&ch.text.text(), true),
                        "next": ch.next,
                        "feedback": md(&ch.feedback),
                        "effects": ch.effects,
                        "quality": ch.quality,
                    })).collect::<Vec<_>>(),
                }),
            )
        })
        .collect();
    let endings: BTreeMap<&str, Value> = c
        .endings
        .iter()
        .map(|(id, e)| {
            (
                id.as_str(),
                json!({"title": e.title, "outcome": outcome(e.outcome), "html": md(&e.text)}),
            )
        })
        .collect();
    let (best, best_path) = case_graph::best_path(c).unwrap_or((0.0, Vec::new()));
    let mut data = json!({
        "id": case.id,
        "title": c.title,
        "competencies": c.competencies,
        "persona": c.persona.as_ref().map(|p| json!({"name": p.name, "mood": p.mood})),
        "dimensions": dimensions,
        "start": c.start,
        "nodes": nodes,
        "endings": endings,
        "pass": c.pass.unwrap_or(0.7),
        "best": best,
        "best_path": best_path.iter().map(|(n, i)| json!([n, i])).collect::<Vec<_>>(),
        "debrief": md(&c.debrief),
    });
    data["version"] = json!(super::quizzes::case_version(c));
    data
}

pub fn pages(ctx: &Ctx, pages: &mut Vec<PageJob>) {
    let course = ctx.course;
    let library_title = ctx.locale.t("case_library");
    // The library.
    let path = paths::CASES;
    let mut m = ctx.base(path, "cases", &library_title);
    ctx.breadcrumbs(&mut m, path, &[]);
    m.insert(
        "cases".into(),
        Value::Array(course.cases.iter().map(|c| card(ctx, c, path)).collect()),
    );
    let mut comps: Vec<String> = course
        .cases
        .iter()
        .flat_map(|c| c.data.competencies.clone())
        .collect();
    comps.sort();
    comps.dedup();
    let fw_order: Vec<&str> = course
        .framework
        .as_ref()
        .map(|f| f.data.competencies.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();
    comps.sort_by_key(|c| fw_order.iter().position(|x| x == c).unwrap_or(usize::MAX));
    let mut channels: Vec<(String, String)> = course
        .cases
        .iter()
        .map(|c| channel_label(ctx, &c.data))
        .filter(|(id, _)| !id.is_empty())
        .collect();
    channels.sort();
    channels.dedup();
    m.insert(
        "filters".into(),
        json!({
            "competencies": ctx.competency_refs(&comps),
            "channels": channels.iter().map(|(id, label)| json!({"id": id, "label": label})).collect::<Vec<_>>(),
        }),
    );
    pages.push(page(path.to_string(), "cases.html", m));

    for case in &course.cases {
        let c = &case.data;
        let path = paths::case(&case.id);
        let mut m = ctx.base(&path, "case", &c.title);
        ctx.breadcrumbs(&mut m, &path, &[(&library_title, paths::CASES)]);
        let md = |s: &Option<String>| {
            s.as_deref()
                .map(|t| ctx.text_html(t, false))
                .unwrap_or_default()
        };
        let data = case_data(ctx, case);
        let mut value = card(ctx, case, &path);
        let o = value.as_object_mut().expect("json object");
        o.insert("situation_html".into(), json!(md(&c.situation)));
        o.insert("task_html".into(), json!(md(&c.task)));
        o.insert("debrief_html".into(), json!(md(&c.debrief)));
        o.insert(
            "persona".into(),
            match &c.persona {
                Some(p) => json!({"name": p.name, "mood": p.mood.clone().unwrap_or_default(), "profile_html": md(&p.profile)}),
                None => Value::Null,
            },
        );
        o.insert("dimensions".into(), data["dimensions"].clone());
        o.insert(
            "pass_percent".into(),
            json!((c.pass.unwrap_or(0.7) * 100.0).round() as i64),
        );
        o.insert("node_count".into(), json!(c.nodes.len()));
        o.insert("ending_count".into(), json!(c.endings.len()));
        o.insert("data_json".into(), json!(crate::html::script_json(&data)));
        m.insert("case".into(), value.clone());
        let mut job = page(path, "case.html", m);
        job.slots.push((
            "case_html".into(),
            Partial {
                template: "partials/case_player.html",
                context: json!({ "case": value }),
            },
        ));
        pages.push(job);
    }
}
