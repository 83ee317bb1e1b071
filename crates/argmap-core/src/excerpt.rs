//! A part of a map as a map of its own, for a picture of one line of argument (a slide
//! needs one objection and its answers, not the whole debate): the statements chosen,
//! everything that hangs from them, and the chain of claims above each, up to its
//! thesis, so that the picture says what the part is about.

use std::collections::HashSet;

use crate::map::{ArgumentMap, BuildError};
use crate::model::{GroupId, NodeId};

/// The excerpt of `map` under `roots`: every statement in their subtrees (as the layout
/// draws them: each node under its first target), and the claims each root answers, up
/// to its thesis, without their other reasons. Edges among the statements kept come
/// along (cross-links and contradictions included); a co-premise group left with one
/// member becomes a plain reason.
///
/// Pinned positions are dropped: they place a node within the whole map, and kept in a
/// part of it they would leave the picture mostly empty. The claims above the roots are
/// shown expanded even if collapsed in the map (else the part would be hidden under
/// them); what is collapsed within the part stays collapsed. Ids, texts and everything
/// else are the map's own, so the map's evaluation can be drawn on the excerpt.
///
/// Ids not on the map are ignored; with none left, the excerpt has no statements.
pub fn excerpt(map: &ArgumentMap, roots: &[NodeId]) -> Result<ArgumentMap, BuildError> {
    let parent = |id: NodeId| map.primary_target(id).map(|e| e.to);
    let below: HashSet<NodeId> = map.trees_under(roots).into_iter().collect();
    let mut above: HashSet<NodeId> = HashSet::new();
    for &root in roots {
        let mut at = if map.contains(root) {
            parent(root)
        } else {
            None
        };
        // A map may argue in a circle: each claim is visited once.
        while let Some(id) = at.filter(|id| !below.contains(id) && above.insert(*id)) {
            at = parent(id);
        }
    }
    let nodes = map
        .nodes()
        .filter(|n| below.contains(&n.id) || above.contains(&n.id))
        .map(|n| {
            let mut n = n.clone();
            n.position = None;
            if above.contains(&n.id) {
                n.collapsed = false;
            }
            n
        })
        .collect();
    let kept = |id: &NodeId| below.contains(id) || above.contains(id);
    let mut edges: Vec<_> = map
        .edges()
        .filter(|e| kept(&e.from) && kept(&e.to))
        .cloned()
        .collect();
    // Groups that lost all their premises but one.
    let mut members: std::collections::HashMap<GroupId, usize> = Default::default();
    for g in edges.iter().filter_map(|e| e.group) {
        *members.entry(g).or_default() += 1;
    }
    for e in &mut edges {
        if e.group.is_some_and(|g| members[&g] < 2) {
            e.group = None;
        }
    }
    ArgumentMap::from_parts(map.meta().clone(), nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, MapMeta, Node, NodeKind, Point, Relation};

    fn node(kind: NodeKind, text: &str) -> Node {
        Node::new(kind, text)
    }

    /// thesis T ← support S ← objection O ← rebuttal R; T ← objection P (a sibling of
    /// S); S and a second support S2 of T are co-premises; O also objects to P
    /// (a cross-link); a second thesis U contradicts T.
    fn map() -> (ArgumentMap, [NodeId; 7]) {
        let t = node(NodeKind::Thesis, "T");
        let s = node(NodeKind::Support, "S");
        let s2 = node(NodeKind::Support, "S2");
        let o = node(NodeKind::Objection, "O");
        let r = node(NodeKind::Objection, "R");
        let p = node(NodeKind::Objection, "P");
        let u = node(NodeKind::Thesis, "U");
        let ids = [t.id, s.id, s2.id, o.id, r.id, p.id, u.id];
        let g = GroupId::new();
        let grouped = |from, to| {
            let mut e = Edge::new(from, to, Relation::Supports);
            e.group = Some(g);
            e
        };
        let edges = vec![
            grouped(s.id, t.id),
            grouped(s2.id, t.id),
            Edge::new(o.id, s.id, Relation::Objects),
            Edge::new(r.id, o.id, Relation::Objects),
            Edge::new(p.id, t.id, Relation::Objects),
            Edge::new(o.id, p.id, Relation::Objects),
            Edge::new(u.id, t.id, Relation::Contradicts),
        ];
        let mut t = t;
        t.collapsed = true;
        t.position = Some(Point { x: 500.0, y: 40.0 });
        let mut o = o;
        o.collapsed = true;
        let nodes = vec![t, s, s2, o, r, p, u];
        (
            ArgumentMap::from_parts(MapMeta::titled("Debate"), nodes, edges).unwrap(),
            ids,
        )
    }

    fn ids(m: &ArgumentMap) -> Vec<&str> {
        m.nodes().map(|n| n.text.as_str()).collect()
    }

    #[test]
    fn a_reason_comes_with_what_hangs_from_it_and_the_claims_above_it() {
        let (m, [t, s, _s2, o, r, ..]) = map();
        let x = excerpt(&m, &[s]).unwrap();
        assert_eq!(ids(&x), ["T", "S", "O", "R"]);
        assert_eq!(x.meta().title, "Debate");
        // S's group lost S2: S is a plain support now.
        assert_eq!(x.edge(s, t).unwrap().group, None);
        assert!(x.edge(o, s).is_some() && x.edge(r, o).is_some());
        // The thesis above is shown open and where the layout puts it; the objection
        // collapsed inside the part stays collapsed.
        assert!(!x.node(t).unwrap().collapsed);
        assert_eq!(x.node(t).unwrap().position, None);
        assert!(x.node(o).unwrap().collapsed);
        // The same statements, ids and texts as the map.
        for n in x.nodes() {
            assert_eq!(n.text, m.node(n.id).unwrap().text);
        }
    }

    #[test]
    fn edges_among_the_kept_statements_come_along_and_no_others() {
        let (m, [t, s, s2, o, _r, p, u]) = map();
        // O objects to S (its tree parent) and to P: with P in the excerpt, both lines.
        let x = excerpt(&m, &[s, p]).unwrap();
        assert_eq!(ids(&x), ["T", "S", "O", "R", "P"]);
        assert!(x.edge(o, p).is_some());
        assert!(x.edge(u, t).is_none() && !x.contains(u) && !x.contains(s2));
        // Both co-premises chosen: the group stays a group.
        let both = excerpt(&m, &[s, s2]).unwrap();
        assert!(both.edge(s, t).unwrap().group.is_some());
        assert_eq!(
            both.edge(s, t).unwrap().group,
            both.edge(s2, t).unwrap().group
        );
        // Both theses: their contradiction too.
        let all = excerpt(&m, &[t, u]).unwrap();
        assert_eq!(all.len(), m.len());
        assert_eq!(all.edge_count(), m.edge_count());
    }

    #[test]
    fn unknown_ids_are_ignored_and_a_root_inside_another_is_taken_once() {
        let (m, [t, s, _, o, ..]) = map();
        assert!(excerpt(&m, &[NodeId::new()]).unwrap().is_empty());
        let x = excerpt(&m, &[o, NodeId::new(), s, o]).unwrap();
        assert_eq!(ids(&x), ["T", "S", "O", "R"]);
        // A thesis chosen with one of its reasons: the whole thesis, as it is, except
        // for its pin (its collapse is its own, inside the part).
        let whole = excerpt(&m, &[s, t]).unwrap();
        assert_eq!(whole.len(), m.len() - 1, "all but the other thesis");
        assert!(whole.node(t).unwrap().collapsed);
    }
}
