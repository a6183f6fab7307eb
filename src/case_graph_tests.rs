use super::*;
use crate::model::{Ending, Node, Outcome};
use proptest::prelude::*;

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

/// A case built from `(next, score)` lists: node `n{i}`, ending `end` (a `next` of `None`).
fn graph_case(nodes: &[Vec<(Option<usize>, i32)>]) -> CaseFile {
    let mut c =
        case("title: T\nstart: n0\nnodes: {}\nendings: { end: { title: E, outcome: success } }\n");
    for (i, choices) in nodes.iter().enumerate() {
        let yaml = choices
            .iter()
            .map(|(next, s)| {
                let next = next.map_or("end".to_string(), |n| format!("n{n}"));
                format!("- {{ text: x, next: {next}, effects: {{ satisfaction: {s} }} }}\n")
            })
            .collect::<String>();
        let node: Node = serde_yaml::from_str(&format!("choices:\n{yaml}")).unwrap();
        c.nodes.insert(format!("n{i}"), node);
    }
    let _: &Ending = &c.endings["end"];
    assert_eq!(c.endings["end"].outcome, Outcome::Success);
    c
}

#[test]
fn a_chain_of_100000_nodes_is_scored_without_exhausting_the_stack() {
    let n = 100_000;
    let nodes: Vec<_> = (0..n)
        .map(|i| vec![(if i + 1 < n { Some(i + 1) } else { None }, 1)])
        .collect();
    // The test thread has a small stack (2 MiB), as the build's rayon workers do.
    let (score, path) = best_path(&graph_case(&nodes)).unwrap();
    assert_eq!((score, path.len()), (n as f64, n));
    assert!(dead_ends(&graph_case(&nodes)).is_empty());
}

#[test]
fn a_30_node_acyclic_case_with_a_million_paths_is_scored_exactly() {
    // Each node offers the next and the one after: Fibonacci(31) ≈ 1.3 million paths for the
    // old search's 2-million-step budget to exhaust. The best jumps two nodes at a time
    // (14 × 3 to n28), steps to n29 (1) and leaves with the bonus (3).
    let n = 30;
    let nodes: Vec<_> = (0..n)
        .map(|i| {
            let to = |k: usize| if i + k < n { Some(i + k) } else { None };
            vec![(to(1), 1), (to(2), 3)]
        })
        .collect();
    let (score, path) = best_path(&graph_case(&nodes)).unwrap();
    assert_eq!(score, 46.0);
    assert_eq!(path.len(), 16);
}

#[test]
fn dead_ends_behind_a_long_chain_are_all_found() {
    // n0 → n1 → … → n19999 → n0: a loop with no way out, every node dead.
    let n = 20_000;
    let nodes: Vec<_> = (0..n).map(|i| vec![(Some((i + 1) % n), 1)]).collect();
    let c = graph_case(&nodes);
    assert_eq!(dead_ends(&c).len(), n);
    assert_eq!(best_path(&c), None);
}

/// Every simple path from the start, the definition of the spec; exponential, for small graphs.
fn brute_force(nodes: &[Vec<(Option<usize>, i32)>]) -> Option<f64> {
    fn go(
        nodes: &[Vec<(Option<usize>, i32)>],
        v: usize,
        score: f64,
        on_path: &mut Vec<bool>,
        best: &mut Option<f64>,
    ) {
        on_path[v] = true;
        for &(next, s) in &nodes[v] {
            let total = score + s as f64;
            match next {
                None => {
                    if best.is_none_or(|b| total > b) {
                        *best = Some(total);
                    }
                }
                Some(w) if !on_path[w] => go(nodes, w, total, on_path, best),
                Some(_) => {}
            }
        }
        on_path[v] = false;
    }
    let mut best = None;
    go(nodes, 0, 0.0, &mut vec![false; nodes.len()], &mut best);
    best
}

fn small_graph() -> impl Strategy<Value = Vec<Vec<(Option<usize>, i32)>>> {
    (1usize..9).prop_flat_map(|n| {
        let choice = (prop::option::weighted(0.8, 0..n), -5i32..10);
        prop::collection::vec(prop::collection::vec(choice, 1..4), n)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn best_path_equals_brute_force_on_small_graphs(nodes in small_graph()) {
        let c = graph_case(&nodes);
        let found = best_path(&c);
        prop_assert_eq!(found.as_ref().map(|(s, _)| *s), brute_force(&nodes));
        if let Some((score, path)) = found {
            // The path is a real simple path from the start whose choices add up to the score.
            let mut seen = BTreeSet::new();
            let mut at = "n0".to_string();
            let mut sum = 0.0;
            for (i, (node, choice)) in path.iter().enumerate() {
                prop_assert_eq!(node, &at);
                prop_assert!(seen.insert(node.clone()), "node {} visited twice", node);
                let ch = &c.nodes[node].choices[*choice];
                sum += choice_score(ch);
                if i + 1 == path.len() {
                    prop_assert_eq!(ch.next.as_str(), "end");
                } else {
                    at = ch.next.clone();
                }
            }
            prop_assert_eq!(sum, score);
        }
    }

    #[test]
    fn dead_ends_are_the_nodes_that_reach_no_ending(nodes in small_graph()) {
        let c = graph_case(&nodes);
        let dead = dead_ends(&c);
        for i in 0..nodes.len() {
            // Reaches an ending iff the brute force from that node finds a path.
            let mut rotated = nodes.clone();
            rotated.swap(0, i);
            for choices in &mut rotated {
                for (next, _) in choices.iter_mut() {
                    *next = next.map(|w| if w == 0 { i } else if w == i { 0 } else { w });
                }
            }
            let live = brute_force(&rotated).is_some();
            prop_assert_eq!(dead.contains(&format!("n{i}")), !live);
        }
    }
}
