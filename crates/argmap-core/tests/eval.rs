//! Evaluation: the classic examples of abstract argumentation with their known grounded
//! labellings, and properties over random maps: the labelling is a complete labelling
//! (conflict-free, every "in" defended, every "out" beaten, every "undecided" neither).

use std::collections::HashMap;

use argmap_core::eval::{Label, evaluate};
use argmap_core::generate::generate;
use argmap_core::{ArgumentMap, Edge, GroupId, MapMeta, Node, NodeId, NodeKind, Relation};
use proptest::prelude::*;

/// Builds a map from (name, kind) nodes and (from, to, relation) edges.
fn build(
    nodes: &[(&str, NodeKind)],
    edges: &[(&str, &str, Relation)],
) -> (ArgumentMap, HashMap<String, NodeId>) {
    let made: Vec<Node> = nodes
        .iter()
        .map(|(name, kind)| Node::new(*kind, *name))
        .collect();
    let ids: HashMap<String, NodeId> = made.iter().map(|n| (n.text.clone(), n.id)).collect();
    let edges = edges
        .iter()
        .map(|(a, b, r)| Edge::new(ids[*a], ids[*b], *r))
        .collect();
    (
        ArgumentMap::from_parts(MapMeta::titled("t"), made, edges).unwrap(),
        ids,
    )
}

fn labels(map: &ArgumentMap, ids: &HashMap<String, NodeId>, names: &[&str]) -> Vec<Label> {
    let e = evaluate(map, &HashMap::new());
    names.iter().map(|n| e.label(ids[*n]).unwrap()).collect()
}

use Label::{In, Out, Undecided as Und};
use NodeKind::{Objection as O, Support as S, Thesis as T};
use Relation::{Contradicts as X, Objects as Obj, Supports as Sup};

#[test]
fn an_unattacked_thesis_stands_and_is_flagged_unsupported_until_a_reason_stands() {
    let (map, ids) = build(&[("t", T)], &[]);
    let e = evaluate(&map, &HashMap::new());
    let s = e.get(ids["t"]).unwrap();
    assert_eq!((s.label, s.unsupported), (In, true));
    assert_eq!(
        e.explain(&map, ids["t"]).unwrap(),
        "stands: nothing objects to it; nothing that supports it stands"
    );

    let (map, ids) = build(
        &[("t", T), ("s", S), ("o", O)],
        &[("s", "t", Sup), ("o", "s", Obj)],
    );
    let e = evaluate(&map, &HashMap::new());
    assert_eq!(e.label(ids["s"]), Some(Out));
    assert!(
        e.get(ids["t"]).unwrap().unsupported,
        "its only reason is defeated"
    );
}

#[test]
fn reinstatement_chains_alternate() {
    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O), ("c", O)],
        &[("a", "t", Obj), ("b", "a", Obj), ("c", "b", Obj)],
    );
    assert_eq!(
        labels(&map, &ids, &["c", "b", "a", "t"]),
        [In, Out, In, Out]
    );
    let e = evaluate(&map, &HashMap::new());
    assert_eq!(
        e.explain(&map, ids["t"]).unwrap(),
        "defeated by objection ‘a’, which stands; nothing that supports it stands"
    );
    assert_eq!(
        e.explain(&map, ids["b"]).unwrap(),
        "defeated by rebuttal ‘c’, which no one has answered"
    );
    assert_eq!(
        e.explain(&map, ids["a"]).unwrap(),
        "stands: its one objection is answered: rebuttal ‘b’ is answered by rebuttal ‘c’"
    );
}

#[test]
fn odd_and_even_cycles_are_undecided_in_the_grounded_labelling() {
    // a -> b -> c -> a, and a objects to t.
    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O), ("c", O)],
        &[
            ("a", "t", Obj),
            ("b", "a", Obj),
            ("c", "b", Obj),
            ("a", "c", Obj),
        ],
    );
    assert_eq!(
        labels(&map, &ids, &["a", "b", "c", "t"]),
        [Und, Und, Und, Und]
    );
    let e = evaluate(&map, &HashMap::new());
    assert!(
        e.explain(&map, ids["a"])
            .unwrap()
            .starts_with("undecided: in an unresolved conflict with")
    );
    assert!(
        e.explain(&map, ids["t"])
            .unwrap()
            .starts_with("undecided: it hangs on ‘a’"),
        "{}",
        e.explain(&map, ids["t"]).unwrap()
    );

    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O)],
        &[("a", "t", Obj), ("b", "a", Obj), ("a", "b", Obj)],
    );
    assert_eq!(labels(&map, &ids, &["a", "b", "t"]), [Und, Und, Und]);
}

#[test]
fn contradicting_theses_are_a_mutual_attack_settled_by_a_third_party() {
    let (map, ids) = build(&[("p", T), ("q", T)], &[("p", "q", X)]);
    assert_eq!(labels(&map, &ids, &["p", "q"]), [Und, Und]);
    let (map, ids) = build(
        &[("p", T), ("q", T), ("o", O)],
        &[("p", "q", X), ("o", "q", Obj)],
    );
    assert_eq!(labels(&map, &ids, &["o", "q", "p"]), [In, Out, In]);
}

#[test]
fn floating_reinstatement_stays_undecided_under_grounded_semantics() {
    // a and b attack each other and both attack c; c attacks d. Under preferred
    // semantics d is sceptically accepted; the grounded labelling leaves it undecided.
    let (map, ids) = build(
        &[("d", T), ("c", O), ("a", O), ("b", O)],
        &[
            ("c", "d", Obj),
            ("a", "c", Obj),
            ("b", "c", Obj),
            ("a", "b", Obj),
            ("b", "a", Obj),
        ],
    );
    assert_eq!(
        labels(&map, &ids, &["a", "b", "c", "d"]),
        [Und, Und, Und, Und]
    );
}

#[test]
fn a_self_attacking_argument_cannot_be_drawn() {
    // The map forbids self-loops, so the classic self-attacker has no drawing; the
    // nearest is an objection in a two-cycle with its own rebuttal, which is undecided.
    let o = Node::new(O, "o");
    let t = Node::new(T, "t");
    let bad = ArgumentMap::from_parts(
        MapMeta::titled("t"),
        vec![t.clone(), o.clone()],
        vec![Edge::new(o.id, o.id, Obj)],
    );
    assert!(bad.is_err());
}

#[test]
fn co_premises_attack_together_and_fall_when_any_premise_falls() {
    let p1 = Node::new(O, "p1");
    let p2 = Node::new(O, "p2");
    let t = Node::new(T, "t");
    let r = Node::new(O, "r");
    let g = GroupId::new();
    let grouped = |from: &Node| Edge {
        group: Some(g),
        ..Edge::new(from.id, t.id, Obj)
    };
    let edges = vec![grouped(&p1), grouped(&p2)];
    let map = ArgumentMap::from_parts(
        MapMeta::titled("g"),
        vec![t.clone(), p1.clone(), p2.clone()],
        edges.clone(),
    )
    .unwrap();
    let e = evaluate(&map, &HashMap::new());
    assert_eq!(e.label(t.id), Some(Out));
    assert_eq!(
        e.explain(&map, t.id).unwrap(),
        "defeated by the co-premises ‘p1’ and ‘p2’, which no one has answered; nothing that supports it stands"
    );

    let mut edges = edges;
    edges.push(Edge::new(r.id, p2.id, Obj));
    let map = ArgumentMap::from_parts(
        MapMeta::titled("g"),
        vec![t.clone(), p1.clone(), p2.clone(), r.clone()],
        edges,
    )
    .unwrap();
    let e = evaluate(&map, &HashMap::new());
    assert_eq!(
        [e.label(p1.id), e.label(p2.id), e.label(t.id)],
        [Some(In), Some(Out), Some(In)]
    );
}

#[test]
fn assumptions_override_and_flow_through() {
    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O)],
        &[("a", "t", Obj), ("b", "a", Obj), ("a", "b", Obj)],
    );
    let e = evaluate(&map, &HashMap::from([(ids["b"], true)]));
    assert_eq!(
        [e.label(ids["b"]), e.label(ids["a"]), e.label(ids["t"])],
        [Some(In), Some(Out), Some(In)]
    );
    assert_eq!(e.explain(&map, ids["b"]).unwrap(), "accepted by assumption");
    let e = evaluate(&map, &HashMap::from([(ids["t"], false)]));
    assert_eq!(e.label(ids["t"]), Some(Out));
}

#[test]
fn the_sample_debate_evaluates_as_a_reader_would_expect() {
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &Default::default(),
    )
    .unwrap();
    let e = evaluate(&map, &HashMap::new());
    let claims = map.nodes().filter(|n| n.kind.is_claim()).count();
    assert_eq!(e.statuses.len(), claims);
    // Every rebuttal in the sample is unanswered, so each stands and defeats its objection.
    for n in map.nodes().filter(|n| map.is_rebuttal(n.id)) {
        let s = e.get(n.id).unwrap();
        assert!(
            s.label == In || map.dependents(n.id).iter().any(|d| d.relation == Obj),
            "{}: {:?}",
            n.text,
            e.explain(&map, n.id)
        );
    }
    for s in &e.statuses {
        assert!(!e.explain(&map, s.id).unwrap().is_empty());
    }
    // The two contradicting theses at the top of the debate: neither defeats the other.
    let over = map
        .nodes()
        .find(|n| n.label.as_deref() == Some("Scaling is over"))
        .unwrap()
        .id;
    assert_eq!(e.label(over), Some(Und));
    assert_eq!(
        e.explain(&map, over).unwrap(),
        "undecided: in an unresolved conflict with ‘Scaling continues’"
    );
}

/// The attacks of a map, as the evaluator reads them: (members, target).
fn attacks(map: &ArgumentMap) -> Vec<(Vec<NodeId>, NodeId)> {
    let mut out: Vec<(Vec<NodeId>, NodeId)> = Vec::new();
    let mut groups: HashMap<GroupId, usize> = HashMap::new();
    for e in map.edges() {
        let claim = |id: NodeId| map.node(id).is_some_and(|n| n.kind.is_claim());
        if !(claim(e.from) && claim(e.to)) {
            continue;
        }
        match (e.relation, e.group) {
            (Relation::Objects, Some(g)) => {
                let i = *groups.entry(g).or_insert_with(|| {
                    out.push((Vec::new(), e.to));
                    out.len() - 1
                });
                out[i].0.push(e.from);
            }
            (Relation::Objects, None) => out.push((vec![e.from], e.to)),
            (Relation::Contradicts, _) => {
                out.push((vec![e.from], e.to));
                out.push((vec![e.to], e.from));
            }
            _ => {}
        }
    }
    out
}

fn assert_complete(map: &ArgumentMap) -> Result<(), TestCaseError> {
    let e = evaluate(map, &HashMap::new());
    let label = |id: NodeId| e.label(id).unwrap();
    let all = attacks(map);
    for s in &e.statuses {
        let mine: Vec<&(Vec<NodeId>, NodeId)> = all.iter().filter(|a| a.1 == s.id).collect();
        let whole = mine.iter().any(|a| a.0.iter().all(|&m| label(m) == In));
        let broken = mine.iter().all(|a| a.0.iter().any(|&m| label(m) == Out));
        match s.label {
            // Conflict-free and defended: no standing attack on it, each attack beaten.
            In => prop_assert!(
                !whole && broken,
                "in but not defended: {:?}",
                e.explain(map, s.id)
            ),
            Out => prop_assert!(whole, "out without a standing attack"),
            Und => prop_assert!(!whole && !broken, "undecided but settled"),
        }
    }
    Ok(())
}

/// A map of objections with many random extra attacks: cycles of every length.
fn tangled(size: usize, seed: u64, extra: usize) -> ArgumentMap {
    let mut x = seed;
    let mut next = move |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    };
    let mut nodes = vec![Node::new(T, "root")];
    let mut edges: Vec<Edge> = Vec::new();
    for i in 1..size {
        let o = Node::new(O, format!("o{i}"));
        edges.push(Edge::new(o.id, nodes[next(i)].id, Obj));
        nodes.push(o);
    }
    for _ in 0..extra {
        let (a, b) = (next(size), next(size));
        if a == 0
            || a == b
            || edges.iter().any(|e| {
                (e.from, e.to) == (nodes[a].id, nodes[b].id)
                    || (e.from, e.to) == (nodes[b].id, nodes[a].id)
            })
        {
            continue;
        }
        edges.push(Edge::new(nodes[a].id, nodes[b].id, Obj));
    }
    ArgumentMap::from_parts(MapMeta::titled("tangle"), nodes, edges).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_maps_get_a_complete_labelling(size in 1usize..600, seed in any::<u64>()) {
        assert_complete(&generate(size, seed))?;
    }

    #[test]
    fn tangled_maps_get_a_complete_labelling(size in 2usize..80, seed in any::<u64>(), extra in 0usize..120) {
        assert_complete(&tangled(size, seed, extra))?;
    }
}
