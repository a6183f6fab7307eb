//! The competency map page: the framework rendered in full, and the data the browser needs to
//! estimate levels (spec §2.7).

use super::{page, Ctx, PageJob};
use crate::links::relative_url;
use crate::paths;
use serde_json::{json, Value};

/// `competencies.html`; the page list has it only for a course with a framework.
pub fn page_job(ctx: &Ctx) -> PageJob {
    let course = ctx.course;
    let fw = course.framework.as_ref().map(|f| &f.data);
    let fw = fw.expect("the page list has a competency map only for a course with a framework");
    let path = paths::COMPETENCIES;
    let mut m = ctx.base(path, "competencies", &ctx.locale.t("competency_map"));
    ctx.breadcrumbs(&mut m, path, &[]);
    let scale_name = |level: u32| {
        fw.scale
            .iter()
            .find(|s| s.level == level)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let modules_for = |id: &str| -> Vec<Value> {
        course
            .modules
            .iter()
            .filter(|md| md.front.competencies.iter().any(|c| c == id))
            .map(|md| json!({"id": md.id, "title": md.front.title, "url": relative_url(path, &paths::module(&md.id))}))
            .collect()
    };
    // Groups in order of first appearance; competencies without a group go last. The lists
    // are moved into the context, not passed to `json!` (which would serialise each again: at
    // 1,000 modules that copying made this one page a sixth of a dev-server rebuild).
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for c in &fw.competencies {
        let group = c.group.clone().unwrap_or_default();
        let mut value = json!({
            "id": c.id,
            "name": c.name,
            "description_html": c.description.as_deref().map(|d| ctx.text_html(d, false)).unwrap_or_default(),
            "indicators": c.indicators,
            "levels": c.levels.iter().map(|(l, text)| json!({"level": l, "name": scale_name(*l), "text": text})).collect::<Vec<_>>(),
        });
        value["modules"] = Value::Array(modules_for(&c.id));
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(value),
            None => groups.push((group, vec![value])),
        }
    }
    if let Some(i) = groups.iter().position(|(g, _)| g.is_empty()) {
        let ungrouped = groups.remove(i);
        groups.push(ungrouped);
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(name, cs)| {
            let mut group = json!({ "name": name });
            group["competencies"] = Value::Array(cs);
            group
        })
        .collect();
    let mut framework = json!({
        "scale": fw.scale,
        "min_evidence": crate::resolved::min_evidence(fw),
    });
    framework["groups"] = Value::Array(groups);
    m.insert("framework".into(), framework);
    let roles: Vec<Value> = fw
        .roles
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "targets": fw.competencies.iter().filter_map(|c| r.targets.get(&c.id).map(|l| json!({"competency": c.id, "level": l}))).collect::<Vec<_>>(),
            })
        })
        .collect();
    m.insert("roles".into(), Value::Array(roles));
    m.insert("default_role".into(), json!(ctx.model.default_role));

    m.insert("framework_json".into(), Value::String(ctx.framework_json()));
    page(path.to_string(), "competencies.html", m)
}
