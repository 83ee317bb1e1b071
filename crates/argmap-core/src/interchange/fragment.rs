//! A piece of a map cut out for the clipboard: some subtrees with the edges among them.
//! Pasting turns it into edits that add copies (with fresh ids) under a target.

use std::collections::{HashMap, HashSet};

use crate::edit::Edit;
use crate::map::ArgumentMap;
use crate::model::{Edge, GroupId, Node, NodeId, NodeKind, Relation};

/// Nodes in tree order (every node after the node it hangs from) and the edges whose
/// both ends are among them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fragment {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Fragment {
    /// The subtrees under `roots` (a root inside another root's subtree is taken once).
    pub fn cut(map: &ArgumentMap, roots: &[NodeId]) -> Fragment {
        let order = map.trees_under(roots);
        let seen: HashSet<NodeId> = order.iter().copied().collect();
        let nodes: Vec<Node> = order
            .iter()
            .filter_map(|&id| map.node(id).cloned())
            .collect();
        let edges = map
            .edges()
            .filter(|e| seen.contains(&e.from) && seen.contains(&e.to))
            .cloned()
            .collect();
        Fragment { nodes, edges }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Edits that add a copy of the fragment, with fresh ids, under `target` (or as
    /// free-standing nodes when there is none). Nodes that would have nothing to stand
    /// on become theses (without a target) or supports (a thesis pasted under a node).
    /// `target` comes with its kind, which decides what may hang from it.
    pub fn paste_edits(&self, target: Option<(NodeId, NodeKind)>) -> Vec<Edit> {
        let fresh: HashMap<NodeId, NodeId> =
            self.nodes.iter().map(|n| (n.id, NodeId::new())).collect();
        let mut parent_edge: HashMap<NodeId, &Edge> = HashMap::new();
        for e in &self.edges {
            if e.relation.is_targeting() {
                parent_edge.entry(e.from).or_insert(e);
            }
        }
        let mut edits = Vec::new();
        // The kind each copy ends up with, by original id.
        let mut kinds: HashMap<NodeId, NodeKind> = HashMap::new();
        for n in &self.nodes {
            let mut node = n.clone();
            node.id = fresh[&n.id];
            // A pasted node goes where the layout puts it.
            node.position = None;
            let (to, mut relation) = match parent_edge.get(&n.id) {
                Some(e) if kinds.contains_key(&e.to) => {
                    (Some((fresh[&e.to], kinds[&e.to])), Some(e.relation))
                }
                _ => (target, None),
            };
            match to {
                None if !node.kind.required_relations().is_empty() => node.kind = NodeKind::Thesis,
                Some(_) if node.kind == NodeKind::Thesis => {
                    node.kind = NodeKind::Support;
                    relation = None;
                }
                _ => {}
            }
            if let Some((_, to_kind)) = to {
                let r = relation
                    .or(node.kind.natural_relation())
                    .unwrap_or(Relation::Supports);
                if !r.allows(node.kind, to_kind) {
                    // Under a question or a note, a claim becomes a remark.
                    node.kind = if node.text.trim_end().ends_with('?') {
                        NodeKind::Question
                    } else {
                        NodeKind::Note
                    };
                    relation = Some(Relation::Annotates);
                }
            }
            kinds.insert(n.id, node.kind);
            edits.push(Edit::AddNode {
                node,
                target: to.map(|t| t.0),
                relation,
                after: None,
            });
        }
        // The other edges among the copies: cross-links and contradictions.
        let mut groups: HashMap<GroupId, (NodeId, Vec<NodeId>)> = HashMap::new();
        for e in &self.edges {
            let tree_edge = parent_edge.get(&e.from).is_some_and(|p| p.to == e.to);
            if !tree_edge && e.relation.allows(kinds[&e.from], kinds[&e.to]) {
                edits.push(Edit::Connect {
                    from: fresh[&e.from],
                    to: fresh[&e.to],
                    relation: e.relation,
                });
            }
            if let Some(g) = e.group {
                groups
                    .entry(g)
                    .or_insert_with(|| (fresh[&e.to], Vec::new()))
                    .1
                    .push(fresh[&e.from]);
            }
        }
        let mut groups: Vec<_> = groups.into_values().filter(|(_, p)| p.len() >= 2).collect();
        groups.sort_by_key(|(t, p)| (*t, p.clone()));
        for (target, premises) in groups {
            edits.push(Edit::GroupPremises { target, premises });
        }
        edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;

    #[test]
    fn copying_subtrees_and_pasting_them_anywhere_keeps_the_map_valid() {
        let map = crate::generate::generate(300, 3);
        let grouped = map.edges().filter(|e| e.group.is_some()).count();
        assert!(
            grouped > 0,
            "the generated map has co-premises to carry over"
        );
        let roots: Vec<NodeId> = map
            .nodes()
            .filter(|n| n.kind == NodeKind::Thesis)
            .map(|n| n.id)
            .take(2)
            .collect();
        let frag = Fragment::cut(&map, &roots);
        assert!(frag.nodes.len() > 2);
        // Every node comes after the node it hangs from.
        for (i, n) in frag.nodes.iter().enumerate() {
            if let Some(p) = map.primary_target(n.id).filter(|_| !roots.contains(&n.id)) {
                assert!(frag.nodes[..i].iter().any(|m| m.id == p.to));
            }
        }
        for target in map.nodes().take(40) {
            let mut doc = Document::new(map.clone());
            let before = doc.map().len();
            doc.apply_all(&frag.paste_edits(Some((target.id, target.kind))))
                .unwrap();
            assert_eq!(doc.map().len(), before + frag.nodes.len());
            assert!(doc.map().validate().is_empty());
        }
        let mut doc = Document::new(map.clone());
        doc.apply_all(&frag.paste_edits(None)).unwrap();
        let copied_groups = frag.edges.iter().filter(|e| e.group.is_some()).count();
        assert_eq!(
            doc.map().edges().filter(|e| e.group.is_some()).count(),
            grouped + copied_groups
        );
        // One undo step takes the whole paste back.
        doc.undo().unwrap();
        assert_eq!(doc.map(), &map);
    }
}
