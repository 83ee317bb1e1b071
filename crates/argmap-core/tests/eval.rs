//! Evaluation: the classic examples of abstract argumentation with their known grounded
//! labellings, and properties over random maps: the labelling is a complete labelling
//! (conflict-free, every "in" defended, every "out" beaten, every "undecided" neither).

use std::collections::HashMap;

use argmap_core::eval::{Acceptance, Label, evaluate};
use argmap_core::generate::generate;
use argmap_core::{
    ArgumentMap, Assumption, Document, Edge, Edit, GroupId, MapMeta, Node, NodeId, NodeKind,
    Relation,
};
use proptest::prelude::*;

#[path = "support/hostile.rs"]
mod hostile;

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

fn preferred(
    map: &ArgumentMap,
    ids: &HashMap<String, NodeId>,
    names: &[&str],
) -> Vec<Option<Acceptance>> {
    let e = evaluate(map);
    names
        .iter()
        .map(|n| e.get(ids[*n]).unwrap().preferred)
        .collect()
}

fn labels(map: &ArgumentMap, ids: &HashMap<String, NodeId>, names: &[&str]) -> Vec<Label> {
    let e = evaluate(map);
    names.iter().map(|n| e.label(ids[*n]).unwrap()).collect()
}

use Acceptance::{Credulous, Rejected, Sceptical};
use Label::{In, Out, Undecided as Und};
use NodeKind::{Objection as O, Support as S, Thesis as T};
use Relation::{Contradicts as X, Objects as Obj, Supports as Sup};

#[test]
fn an_unattacked_thesis_stands_and_is_flagged_unsupported_until_a_reason_stands() {
    let (map, ids) = build(&[("t", T)], &[]);
    let e = evaluate(&map);
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
    let e = evaluate(&map);
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
    let e = evaluate(&map);
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
    let e = evaluate(&map);
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
    // An odd cycle has no non-empty admissible set: its only preferred extension is empty,
    // and t (attacked by a, which no admissible set can answer for) is out of it too.
    assert_eq!(
        preferred(&map, &ids, &["a", "b", "c", "t"]),
        [Some(Rejected); 4]
    );
    assert!(
        e.explain(&map, ids["a"])
            .unwrap()
            .ends_with("it falls however the conflict is resolved (preferred semantics)")
    );

    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O)],
        &[("a", "t", Obj), ("b", "a", Obj), ("a", "b", Obj)],
    );
    assert_eq!(labels(&map, &ids, &["a", "b", "t"]), [Und, Und, Und]);
    // An even cycle resolves either way: {a} or {b, t}.
    assert_eq!(
        preferred(&map, &ids, &["a", "b", "t"]),
        [Some(Credulous); 3]
    );
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
    assert_eq!(
        preferred(&map, &ids, &["a", "b", "c", "d"]),
        [
            Some(Credulous),
            Some(Credulous),
            Some(Rejected),
            Some(Sceptical)
        ]
    );
    assert_eq!(
        evaluate(&map).explain(&map, ids["d"]).unwrap(),
        "undecided: it hangs on ‘a’, which is in an unresolved cycle; it stands however the \
         conflict is resolved (preferred semantics); nothing that supports it stands"
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
    let e = evaluate(&map);
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
    let e = evaluate(&map);
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
    // Unsettled, a and b attack each other: both undecided, and so is t.
    assert_eq!(labels(&map, &ids, &["a", "b", "t"]), [Und, Und, Und]);
    let mut doc = Document::new(map);
    let assume = |id, assume| Edit::Assume { id, assume };
    doc.apply(&assume(ids["b"], Some(Assumption::Accepted)))
        .unwrap();
    let e = evaluate(doc.map());
    assert_eq!(
        [e.label(ids["b"]), e.label(ids["a"]), e.label(ids["t"])],
        [Some(In), Some(Out), Some(In)]
    );
    assert!(e.get(ids["b"]).unwrap().assumed);
    assert_eq!(
        e.explain(doc.map(), ids["b"]).unwrap(),
        "accepted by assumption"
    );
    doc.apply(&assume(ids["t"], Some(Assumption::Rejected)))
        .unwrap();
    let e = evaluate(doc.map());
    assert_eq!(e.label(ids["t"]), Some(Out));
    assert_eq!(
        e.explain(doc.map(), ids["t"]).unwrap(),
        "rejected by assumption; nothing that supports it stands"
    );
    // Undo takes the assumption back; the file keeps it.
    let saved = argmap_core::to_bytes(doc.map());
    assert!(String::from_utf8_lossy(&saved).contains("\"assume\": \"rejected\""));
    let reread = argmap_core::load_bytes(&saved, &Default::default()).unwrap();
    assert_eq!(evaluate(&reread).label(ids["t"]), Some(Out));
    doc.undo().unwrap();
    assert_eq!(evaluate(doc.map()).label(ids["t"]), Some(In));
    doc.apply(&assume(ids["b"], None)).unwrap();
    assert_eq!(labels(doc.map(), &ids, &["a", "b", "t"]), [Und, Und, Und]);
}

#[test]
fn the_sample_debate_evaluates_as_a_reader_would_expect() {
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &Default::default(),
    )
    .unwrap();
    let e = evaluate(&map);
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
        "undecided: in an unresolved conflict with ‘Scaling continues’; it stands on some \
         resolutions of the conflict, not all (preferred semantics)"
    );
    assert_eq!(e.get(over).unwrap().preferred, Some(Credulous));
    assert_eq!(e.preferred_gave_up, 0);
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
    let e = evaluate(map);
    let label = |id: NodeId| e.label(id).unwrap();
    let all = attacks(map);
    for s in &e.statuses {
        // A claim the user settled has the status they gave it, whatever attacks it.
        match map.node(s.id).and_then(|n| n.assume) {
            Some(argmap_core::Assumption::Accepted) => {
                prop_assert_eq!(s.label, In);
                continue;
            }
            Some(argmap_core::Assumption::Rejected) => {
                prop_assert_eq!(s.label, Out);
                continue;
            }
            None => {}
        }
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

/// Every preferred extension of a small map, by trying every set of claims: the maximal
/// sets that are conflict-free and answer every attack on their members.
fn brute_force_preferred(map: &ArgumentMap) -> Vec<Vec<NodeId>> {
    let claims: Vec<NodeId> = map
        .nodes()
        .filter(|n| n.kind.is_claim())
        .map(|n| n.id)
        .collect();
    assert!(claims.len() <= 16, "brute force is for small maps");
    let bit = |id: NodeId| 1u32 << claims.iter().position(|&c| c == id).unwrap();
    let all: Vec<(u32, u32)> = attacks(map)
        .into_iter()
        .map(|(m, t)| (m.into_iter().fold(0, |b, id| b | bit(id)), bit(t)))
        .collect();
    let admissible = |set: u32| {
        let conflict = all.iter().any(|&(m, t)| m & set == m && t & set != 0);
        let beaten = all
            .iter()
            .filter(|&&(m, _)| m & set == m)
            .fold(0, |b, &(_, t)| b | t);
        !conflict && all.iter().all(|&(m, t)| t & set == 0 || m & beaten != 0)
    };
    let adm: Vec<u32> = (0..1u32 << claims.len())
        .filter(|&s| admissible(s))
        .collect();
    adm.iter()
        .filter(|&&a| !adm.iter().any(|&b| b != a && b & a == a))
        .map(|&set| {
            (0..claims.len())
                .filter(|k| set & 1 << k != 0)
                .map(|k| claims[k])
                .collect()
        })
        .collect()
}

/// Grounded ⊆ every preferred extension, and the evaluator's sceptical and credulous
/// answers are exactly those of the brute force.
fn assert_preferred(map: &ArgumentMap) -> Result<(), TestCaseError> {
    let e = evaluate(map);
    prop_assert_eq!(e.preferred_gave_up, 0);
    let exts = brute_force_preferred(map);
    prop_assert!(!exts.is_empty());
    for s in &e.statuses {
        let inside = exts.iter().filter(|x| x.contains(&s.id)).count();
        if s.label == In {
            prop_assert_eq!(
                inside,
                exts.len(),
                "grounded claim missing from a preferred extension"
            );
        }
        let expected = if inside == exts.len() {
            Sceptical
        } else if inside > 0 {
            Credulous
        } else {
            Rejected
        };
        prop_assert_eq!(s.preferred, Some(expected), "{:?}", e.explain(map, s.id));
    }
    Ok(())
}

/// A map of objections with many random extra attacks: cycles of every length, mutual
/// attacks (two-cycles) among them.
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
            || edges
                .iter()
                .any(|e| (e.from, e.to) == (nodes[a].id, nodes[b].id))
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
    fn preferred_acceptance_matches_brute_force(size in 2usize..12, seed in any::<u64>(), extra in 0usize..30, groups in 0usize..3) {
        let map = with_groups(tangled(size, seed, extra), groups, seed);
        assert_preferred(&map)?;
    }

    /// Any map the format allows (support/hostile.rs): assumptions on some claims too;
    /// every claim is labelled, soundly, and says why.
    #[test]
    fn any_map_gets_a_complete_labelling_and_reasons(s in hostile::spec(), assume in proptest::collection::vec(any::<Option<bool>>(), 0..40)) {
        let mut map = hostile::build(&s);
        let ids: Vec<NodeId> = map.nodes().map(|n| n.id).collect();
        let mut doc = argmap_core::Document::new(map);
        for (id, a) in ids.iter().zip(assume) {
            let assume = a.map(|ok| if ok { argmap_core::Assumption::Accepted } else { argmap_core::Assumption::Rejected });
            let _ = doc.apply(&argmap_core::Edit::Assume { id: *id, assume });
        }
        map = doc.into_map();
        assert_complete(&map)?;
        let e = evaluate(&map);
        for n in map.nodes().filter(|n| n.kind.is_claim()) {
            let why = e.explain(&map, n.id);
            prop_assert!(why.as_deref().is_some_and(|w| !w.is_empty()), "{:?}", n.id);
        }
        let _ = argmap_core::stats::stats(&map);
    }

    /// The app skips evaluating after an edit `changed_by` calls harmless: over random
    /// editing sessions (support/hostile.rs), such an edit, undo or redo leaves every
    /// status as it was.
    #[test]
    fn what_changed_by_calls_harmless_changes_no_status(
        s in hostile::spec(),
        steps in proptest::collection::vec((any::<usize>(), any::<usize>(), 0u8..16, "[a-z ]{0,20}"), 1..12),
    ) {
        let mut doc = argmap_core::Document::new(hostile::build(&s));
        for (a, b, what, text) in steps {
            let before = evaluate(doc.map()).statuses;
            let patches = match hostile::step(doc.map(), a, b, what, &text) {
                None => break,
                Some(hostile::Step::Apply(edit)) => doc.apply(&edit).map(|p| vec![p]).unwrap_or_default(),
                Some(hostile::Step::Undo) => doc.undo().unwrap_or_default(),
                Some(hostile::Step::Redo) => doc.redo().unwrap_or_default(),
            };
            if !argmap_core::eval::changed_by(&patches) {
                prop_assert_eq!(evaluate(doc.map()).statuses, before, "{:?}", patches);
            }
        }
    }

    #[test]
    fn tangled_maps_get_a_complete_labelling(size in 2usize..80, seed in any::<u64>(), extra in 0usize..120) {
        assert_complete(&tangled(size, seed, extra))?;
    }

    /// Through random edits, the statuses kept by applying each evaluation's changes to
    /// the last ones (as the app's page does) are the statuses evaluated afresh, and a
    /// change names only what differs.
    #[test]
    fn changes_since_the_last_evaluation_bring_its_statuses_up_to_date(
        size in 1usize..120,
        seed in any::<u64>(),
        edits in proptest::collection::vec((0usize..1000, 0usize..1000, 0u8..5), 1..12),
    ) {
        let mut doc = Document::new(generate(size, seed));
        let mut last = evaluate(doc.map());
        let mut shown: HashMap<NodeId, argmap_core::eval::Status> =
            last.statuses.iter().map(|s| (s.id, s.clone())).collect();
        for (a, b, what) in edits {
            let map = doc.map();
            if map.is_empty() {
                break;
            }
            let id = map.node_at(a % map.len()).unwrap().id;
            let to = map.node_at(b % map.len()).unwrap().id;
            let edit = match what {
                0 => Edit::AddNode { node: Node::new(NodeKind::Objection, "new"), target: Some(id), relation: None, after: None },
                1 => Edit::DeleteSubtree { id },
                2 => Edit::Connect { from: id, to, relation: Relation::Contradicts },
                3 => Edit::ChangeKind { id, kind: NodeKind::Question },
                _ => Edit::AddNode { node: Node::new(NodeKind::Thesis, "thesis"), target: None, relation: None, after: Some(id) },
            };
            if doc.apply(&edit).is_err() {
                continue;
            }
            let now = evaluate(doc.map());
            let (changed, gone) = now.changes_since(&last);
            for s in &changed {
                prop_assert!(shown.get(&s.id) != Some(*s), "{:?}: {} sent unchanged", edit, s.id);
                shown.insert(s.id, (*s).clone());
            }
            for id in &gone {
                prop_assert!(shown.remove(id).is_some(), "{:?}: {} gone but never shown", edit, id);
            }
            let fresh: HashMap<NodeId, argmap_core::eval::Status> =
                now.statuses.iter().map(|s| (s.id, s.clone())).collect();
            prop_assert_eq!(&shown, &fresh, "after {:?}", edit);
            last = now;
        }
    }
}

/// Joins up to `count` pairs of single objections that share a target into co-premise
/// groups, so collective attacks are exercised too.
fn with_groups(map: ArgumentMap, count: usize, seed: u64) -> ArgumentMap {
    let mut edges: Vec<Edge> = map.edges().cloned().collect();
    let mut made = 0;
    let mut skip = (seed % 3) as usize;
    for i in 0..edges.len() {
        if made == count {
            break;
        }
        if edges[i].relation != Obj || edges[i].group.is_some() {
            continue;
        }
        let Some(j) = (i + 1..edges.len()).find(|&j| {
            edges[j].to == edges[i].to && edges[j].relation == Obj && edges[j].group.is_none()
        }) else {
            continue;
        };
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let g = GroupId::new();
        edges[i].group = Some(g);
        edges[j].group = Some(g);
        made += 1;
    }
    let nodes: Vec<Node> = map.nodes().cloned().collect();
    ArgumentMap::from_parts(map.meta().clone(), nodes, edges).unwrap()
}

#[test]
fn the_preferred_search_gives_up_on_a_huge_tangle_and_says_so() {
    let map = tangled(300, 7, 900);
    let e = evaluate(&map);
    assert!(e.preferred_gave_up > 0);
    let lost = e
        .statuses
        .iter()
        .find(|s| s.label == Und && s.preferred.is_none())
        .expect("an undecided claim left unresolved");
    assert!(
        e.explain(&map, lost.id)
            .unwrap()
            .contains("the conflict is too tangled to resolve exactly"),
    );
    // The grounded labelling is still complete.
    assert_complete(&map).unwrap();
}

#[test]
fn unanswered_objections_are_those_standing_with_nothing_against_them() {
    // t <- a (objection) <- b (rebuttal); c objects to t too; s supports t.
    let (map, ids) = build(
        &[("t", T), ("a", O), ("b", O), ("c", O), ("s", S)],
        &[
            ("a", "t", Obj),
            ("b", "a", Obj),
            ("c", "t", Obj),
            ("s", "t", Sup),
        ],
    );
    let e = evaluate(&map);
    let unanswered: Vec<&str> = ["t", "a", "b", "c", "s"]
        .into_iter()
        .filter(|n| e.get(ids[*n]).unwrap().unanswered)
        .collect();
    assert_eq!(unanswered, ["b", "c"]);
    // Rejecting c by assumption answers it.
    let mut doc = Document::new(map);
    doc.apply(&Edit::Assume {
        id: ids["c"],
        assume: Some(Assumption::Rejected),
    })
    .unwrap();
    let e = evaluate(doc.map());
    assert!(!e.get(ids["c"]).unwrap().unanswered);
    assert_eq!(e.label(ids["t"]), Some(In));
}

#[test]
fn only_edits_to_what_evaluation_reads_are_said_to_change_it() {
    use argmap_core::eval::changed_by;
    use argmap_core::{Document, Edit, Node, NodeFields, Point};
    let map = generate(300, 7);
    let claim = map
        .nodes()
        .find(|n| n.kind == NodeKind::Support)
        .unwrap()
        .id;
    let thesis = map.nodes().find(|n| n.kind == NodeKind::Thesis).unwrap().id;
    let statuses = |d: &Document| evaluate(d.map()).statuses;
    let cases: Vec<(Edit, bool)> = vec![
        (
            Edit::UpdateNode {
                id: claim,
                fields: NodeFields {
                    text: Some("Other words".into()),
                    notes: Some("a note".into()),
                    ..Default::default()
                },
            },
            false,
        ),
        (
            Edit::Move {
                id: claim,
                position: Some(Point { x: 10.0, y: 20.0 }),
            },
            false,
        ),
        (
            Edit::SetCollapsed {
                id: thesis,
                collapsed: true,
            },
            false,
        ),
        (
            Edit::Assume {
                id: claim,
                assume: Some(argmap_core::Assumption::Rejected),
            },
            true,
        ),
        (
            Edit::ChangeKind {
                id: claim,
                kind: NodeKind::Objection,
            },
            true,
        ),
        (
            Edit::AddNode {
                node: Node::new(NodeKind::Objection, "new"),
                target: Some(thesis),
                relation: None,
                after: None,
            },
            true,
        ),
    ];
    for (edit, changes) in cases {
        let mut doc = Document::new(map.clone());
        let before = statuses(&doc);
        let p = doc.apply(&edit).unwrap();
        assert_eq!(changed_by(&[p]), changes, "{edit:?}");
        // What is said not to change the evaluation does not.
        if !changes {
            assert!(statuses(&doc) == before, "{edit:?} changed the evaluation");
        }
    }
}
