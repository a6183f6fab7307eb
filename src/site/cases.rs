//! The case library, case pages and case cards.

use super::{page, Ctx, PageJob, Partial};
use crate::links::relative_url;
use crate::model::CaseFile;
use crate::paths;
use crate::resolved::{self, data};
use serde_json::{json, Value};

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
pub fn card(ctx: &Ctx, case: &resolved::Case, from: &str) -> Value {
    let c = &case.source.data;
    let (channel, label) = channel_label(ctx, c);
    json!({
        "id": case.id,
        "title": c.title,
        "summary": c.summary.clone().unwrap_or_default(),
        "url": relative_url(from, &paths::case(case.id)),
        "channel": channel,
        "channel_label": label,
        "difficulty": case.difficulty,
        "duration": c.duration,
        "competencies": ctx.competency_refs(&c.competencies),
    })
}

pub fn card_partial(ctx: &Ctx, id: &str, from: &str) -> Partial {
    let card = ctx
        .model
        .case(id)
        .map(|c| card(ctx, c, from))
        .unwrap_or(Value::Null);
    Partial {
        template: "partials/case_card.html",
        context: json!({ "card": card }),
    }
}

/// `cases/index.html`: every case as a card, with filters.
pub fn library_page(ctx: &Ctx) -> PageJob {
    let course = ctx.course;
    let library_title = ctx.locale.t("case_library");
    // The library.
    let path = paths::CASES;
    let mut m = ctx.base(path, "cases", &library_title);
    ctx.breadcrumbs(&mut m, path, &[]);
    m.insert(
        "cases".into(),
        Value::Array(ctx.model.cases.iter().map(|c| card(ctx, c, path)).collect()),
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
    page(path.to_string(), "cases.html", m)
}

/// `cases/<id>.html`: the case and its player.
pub fn case_page(ctx: &Ctx, case: &resolved::Case) -> PageJob {
    let library_title = ctx.locale.t("case_library");
    let html = |t: &str, inline: bool| ctx.text_html(t, inline);
    {
        let c = &case.source.data;
        let path = paths::case(case.id);
        let mut m = ctx.base(&path, "case", &c.title);
        ctx.breadcrumbs(&mut m, &path, &[(&library_title, paths::CASES)]);
        let md = |s: &Option<String>| {
            s.as_deref()
                .map(|t| ctx.text_html(t, false))
                .unwrap_or_default()
        };
        let data = data::case(case, &html);
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
        o.insert("dimensions".into(), json!(case.dimensions));
        o.insert(
            "pass_percent".into(),
            json!((case.pass * 100.0).round() as i64),
        );
        o.insert("node_count".into(), json!(c.nodes.len()));
        o.insert("ending_count".into(), json!(c.endings.len()));
        o.insert("data_json".into(), json!(crate::html::script_json(&data)));
        o.insert(
            "replies".into(),
            super::replies::for_case(ctx, case.id, &path),
        );
        m.insert("case".into(), value.clone());
        let mut job = page(path, "case.html", m);
        job.slots.push((
            "case_html".into(),
            Partial {
                template: "partials/case_player.html",
                context: json!({ "case": value }),
            },
        ));
        job
    }
}
