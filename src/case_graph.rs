//! The arithmetic of a branching case: reachability, dead ends and the best possible score.
//!
//! The best score is the highest sum of choice effects over all paths from `start` to an ending
//! that visit no node twice (spec §2.5). Cases are small, so a depth-first search is fine; the
//! search is bounded so a pathological graph reports an error instead of running for ever.

use crate::model::{CaseFile, Choice};
use std::collections::{BTreeMap, BTreeSet};

/// How many path steps the best-score search may take before giving up.
const SEARCH_LIMIT: usize = 2_000_000;

/// The sum of a choice's effects over every dimension.
pub fn choice_score(choice: &Choice) -> f64 {
    choice.effects.values().sum()
}

/// Nodes reachable from `start` (nodes only; endings are not nodes).
pub fn reachable(case: &CaseFile) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![case.start.clone()];
    while let Some(id) = stack.pop() {
        if let Some(node) = case.nodes.get(&id) {
            if seen.insert(id) {
                for c in &node.choices {
                    stack.push(c.next.clone());
                }
            }
        }
    }
    seen
}

/// Nodes from which no ending can be reached.
pub fn dead_ends(case: &CaseFile) -> BTreeSet<String> {
    // Backwards from the endings: a node is live when any choice leads to an ending or a live node.
    let mut live: BTreeSet<&str> = BTreeSet::new();
    loop {
        let before = live.len();
        for (id, node) in &case.nodes {
            if !live.contains(id.as_str())
                && node
                    .choices
                    .iter()
                    .any(|c| case.endings.contains_key(&c.next) || live.contains(c.next.as_str()))
            {
                live.insert(id);
            }
        }
        if live.len() == before {
            break;
        }
    }
    case.nodes
        .keys()
        .filter(|k| !live.contains(k.as_str()))
        .cloned()
        .collect()
}

/// The best total score and one path that reaches it (choice indices), or `None` when no ending
/// is reachable or the search limit was hit.
pub fn best_path(case: &CaseFile) -> Option<(f64, Vec<(String, usize)>)> {
    struct Search<'a> {
        case: &'a CaseFile,
        steps: usize,
        best: Option<(f64, Vec<(String, usize)>)>,
        path: Vec<(String, usize)>,
        on_path: BTreeMap<&'a str, ()>,
    }
    impl<'a> Search<'a> {
        fn go(&mut self, node_id: &'a str, score: f64) -> bool {
            self.steps += 1;
            if self.steps > SEARCH_LIMIT {
                return false;
            }
            let Some(node) = self.case.nodes.get(node_id) else {
                return true;
            };
            self.on_path.insert(node_id, ());
            for (i, c) in node.choices.iter().enumerate() {
                let s = score + choice_score(c);
                self.path.push((node_id.to_string(), i));
                if self.case.endings.contains_key(&c.next) {
                    if self.best.as_ref().is_none_or(|(b, _)| s > *b) {
                        self.best = Some((s, self.path.clone()));
                    }
                } else if self.case.nodes.contains_key(&c.next)
                    && !self.on_path.contains_key(c.next.as_str())
                    && !self.go(&c.next, s)
                {
                    return false;
                }
                self.path.pop();
            }
            self.on_path.remove(node_id);
            true
        }
    }
    let mut s = Search {
        case,
        steps: 0,
        best: None,
        path: Vec::new(),
        on_path: BTreeMap::new(),
    };
    if !s.go(&case.start, 0.0) {
        return None;
    }
    s.best
}

/// Follows the choices marked `quality: best` from the start; returns the score and the ending
/// reached, or `None` if that walk loops or leaves the graph.
pub fn marked_best_walk(case: &CaseFile) -> Option<(f64, String)> {
    let mut node_id = case.start.clone();
    let mut score = 0.0;
    let mut seen = BTreeSet::new();
    loop {
        if !seen.insert(node_id.clone()) {
            return None;
        }
        let node = case.nodes.get(&node_id)?;
        let choice = node
            .choices
            .iter()
            .find(|c| c.quality == Some(crate::model::Quality::Best))?;
        score += choice_score(choice);
        if case.endings.contains_key(&choice.next) {
            return Some((score, choice.next.clone()));
        }
        node_id = choice.next.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(yaml: &str) -> CaseFile {
        serde_yaml::from_str(yaml).unwrap()
    }

    const CASE: &str = r#"
title: T
start: a
nodes:
  a:
    choices:
      - { text: good, next: b, effects: { satisfaction: 2 } }
      - { text: bad, next: fail, effects: { satisfaction: -1 } }
  b:
    choices:
      - { text: loop, next: a, effects: { satisfaction: 5 } }
      - { text: end, next: win, effects: { satisfaction: 1, compliance: 1 } }
  orphan:
    choices:
      - { text: x, next: orphan }
endings:
  win: { title: W, outcome: success }
  fail: { title: F, outcome: fail }
"#;

    #[test]
    fn best_path_ignores_loops() {
        let (best, path) = best_path(&case(CASE)).unwrap();
        assert_eq!(best, 4.0);
        assert_eq!(path, vec![("a".to_string(), 0), ("b".to_string(), 1)]);
    }

    #[test]
    fn finds_unreachable_nodes_and_dead_ends() {
        let c = case(CASE);
        let r = reachable(&c);
        assert!(r.contains("a") && r.contains("b") && !r.contains("orphan"));
        assert_eq!(dead_ends(&c), BTreeSet::from(["orphan".to_string()]));
    }
}
