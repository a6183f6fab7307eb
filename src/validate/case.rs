//! Case studies (spec §2.5): references, dimensions and the graph.

use super::{suggest, Known};
use crate::case_graph;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Course;
use crate::model::Outcome;
use crate::slug::is_valid_id;
use std::collections::BTreeSet;

pub fn check_cases(course: &Course, known: &Known, d: &mut Diagnostics) {
    for case in &course.cases {
        let file = &case.file;
        let c = &case.data;
        let at = |p: &str| case.spans.locate(p);
        known.check_competencies(file, "competencies", &c.competencies, at, d);
        if let Some(diff) = c.difficulty {
            if !(1..=3).contains(&diff) {
                d.push(Diagnostic::error(
                    file,
                    at("difficulty"),
                    format!("`difficulty` is 1, 2 or 3, not {diff}"),
                ));
            }
        }
        if let Some(pass) = c.pass {
            if !(pass > 0.0 && pass <= 1.0) {
                d.push(
                    Diagnostic::error(
                        file,
                        at("pass"),
                        format!("`pass` is a fraction of the best score, from 0 to 1, not {pass}"),
                    )
                    .with_help("0.7 means the run must score 70% of the best path"),
                );
            }
        }
        let dims: BTreeSet<&str> = match &c.dimensions {
            Some(ds) => {
                let mut seen = BTreeSet::new();
                for (i, dim) in ds.iter().enumerate() {
                    if !is_valid_id(&dim.id) {
                        d.push(
                            Diagnostic::error(
                                file,
                                at(&format!("dimensions.{i}.id")),
                                format!("`{}` is not a valid dimension id", dim.id),
                            )
                            .with_help("use lower-case letters, digits and `-`"),
                        );
                    }
                    if !seen.insert(dim.id.as_str()) {
                        d.push(Diagnostic::error(
                            file,
                            at(&format!("dimensions.{i}.id")),
                            format!("duplicate dimension `{}`", dim.id),
                        ));
                    }
                }
                seen
            }
            None => crate::resolved::DEFAULT_DIMENSIONS
                .iter()
                .map(|(id, _)| *id)
                .collect(),
        };
        for id in c.endings.keys() {
            if c.nodes.contains_key(id) {
                d.push(
                    Diagnostic::error(
                        file,
                        at(&format!("endings.{id}")),
                        format!("`{id}` is both a node and an ending"),
                    )
                    .with_help("give the ending another id"),
                );
            }
        }
        for id in c.nodes.keys().chain(c.endings.keys()) {
            if !is_valid_id(id) {
                let path = if c.nodes.contains_key(id) {
                    "nodes"
                } else {
                    "endings"
                };
                d.push(
                    Diagnostic::error(
                        file,
                        at(&format!("{path}.{id}")),
                        format!("`{id}` is not a valid node or ending id"),
                    )
                    .with_help("use lower-case letters, digits and `-`"),
                );
            }
        }
        let targets = || c.nodes.keys().chain(c.endings.keys()).map(|s| s.as_str());
        if !c.nodes.contains_key(&c.start) {
            let msg = if c.endings.contains_key(&c.start) {
                format!(
                    "`start` names the ending `{}`; it must name a node",
                    c.start
                )
            } else {
                format!("`start` names no node: `{}`", c.start)
            };
            d.push(
                Diagnostic::error(file, case.spans.locate_value("start"), msg)
                    .with_help(suggest::help(&c.start, c.nodes.keys().map(|s| s.as_str()))),
            );
        }
        let mut graph_ok = c.nodes.contains_key(&c.start);
        for (id, node) in &c.nodes {
            let npath = format!("nodes.{id}");
            if node.choices.is_empty() {
                d.push(
                    Diagnostic::error(file, at(&npath), format!("node `{id}` has no choices"))
                        .with_help("every node offers at least one choice; to end the case, point a choice at an ending"),
                );
                graph_ok = false;
            }
            for (i, choice) in node.choices.iter().enumerate() {
                let cpath = format!("{npath}.choices.{i}");
                if !c.nodes.contains_key(&choice.next) && !c.endings.contains_key(&choice.next) {
                    d.push(
                        Diagnostic::error(
                            file,
                            case.spans.locate_value(&format!("{cpath}.next")),
                            format!("`next` names no node or ending: `{}`", choice.next),
                        )
                        .with_help(suggest::help(&choice.next, targets())),
                    );
                }
                for dim in choice.effects.keys() {
                    if !dims.contains(dim.as_str()) {
                        let help = if c.dimensions.is_none() {
                            "declare it under `dimensions:`, or use the defaults: satisfaction, efficiency, compliance".to_string()
                        } else {
                            suggest::help(dim, dims.iter().copied())
                        };
                        d.push(
                            Diagnostic::error(
                                file,
                                at(&format!("{cpath}.effects.{dim}")),
                                format!("effect on undeclared dimension `{dim}`"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
        }
        if c.endings.is_empty() {
            d.push(
                Diagnostic::error(file, at("endings"), "the case has no endings")
                    .with_help("add at least one ending under `endings:`"),
            );
            graph_ok = false;
        }
        if !graph_ok {
            continue;
        }
        if c.nodes.len() > case_graph::MAX_NODES {
            d.push(
                Diagnostic::error(
                    file,
                    at("nodes"),
                    format!(
                        "the case has {} nodes; a case may have at most {}",
                        c.nodes.len(),
                        case_graph::MAX_NODES
                    ),
                )
                .with_help("split it into smaller cases"),
            );
            continue;
        }
        let reachable = case_graph::reachable(c);
        for id in c.nodes.keys().filter(|k| !reachable.contains(*k)) {
            d.push(
                Diagnostic::error(
                    file,
                    at(&format!("nodes.{id}")),
                    format!("node `{id}` cannot be reached from `start`"),
                )
                .with_help("point a choice at it with `next`, or remove it"),
            );
        }
        let dead_ends = case_graph::dead_ends(c);
        for id in &dead_ends {
            d.push(
                Diagnostic::error(
                    file,
                    at(&format!("nodes.{id}")),
                    format!("no ending can be reached from node `{id}`"),
                )
                .with_help("give some choice on this path a `next` that leads to an ending"),
            );
        }
        match case_graph::best_path(c) {
            // A dead end leaves paths that score nothing; it is the error to fix first.
            None if !dead_ends.is_empty() => {}
            None => d.push(
                Diagnostic::error(file, at("nodes"), "the case has too many paths to score")
                    .with_help("split it into smaller cases; the best score is computed over every path"),
            ),
            Some((best, _)) if best <= 0.0 => d.push(
                Diagnostic::error(file, at("nodes"), format!("the best path scores {best}; a run's score is a fraction of it, so it must be above 0"))
                    .with_help("give good choices positive `effects`"),
            ),
            Some(_) => {}
        }
        if !c.endings.values().any(|e| e.outcome == Outcome::Success) {
            d.push(
                Diagnostic::warning(
                    file,
                    at("endings"),
                    "no ending is marked `outcome: success`",
                )
                .with_help("learners need to see what a good resolution looks like"),
            );
        }
        if let (Some((marked, ending)), Some((best, _))) =
            (case_graph::marked_best_walk(c), case_graph::best_path(c))
        {
            let pass = crate::resolved::pass_mark(c.pass);
            if best > 0.0 && marked / best < pass {
                d.push(
                    Diagnostic::warning(
                        file,
                        at("pass"),
                        format!("following the choices marked `best` scores {:.0}% of the best path, below the pass mark", 100.0 * marked / best),
                    )
                    .with_help("check the effects of the `best` choices, or lower `pass`"),
                );
            }
            if c.endings
                .get(&ending)
                .is_some_and(|e| e.outcome == Outcome::Fail)
            {
                d.push(
                    Diagnostic::warning(file, at(&format!("endings.{ending}")), format!("following the choices marked `best` ends in the failing ending `{ending}`"))
                        .with_help("the best choices should lead to a good ending"),
                );
            }
        }
    }
}
