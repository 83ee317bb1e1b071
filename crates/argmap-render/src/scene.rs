//! What the app's page mirrors of the map: every node with its box, every edge with its
//! path, the co-premise frames. The whole scene crosses to the page once, when a map is
//! opened; after an edit only a [`SceneDelta`] does: the nodes and edges whose data or
//! geometry changed, and the ids of those that went away.

use std::collections::HashMap;

use argmap_core::{ArgumentMap, GroupId, Node, NodeId, Relation};
use serde::Serialize;

use crate::layout::{EdgeLine, GroupBox, Layout, NodeBox, Orientation, Rect};

/// A node as the page needs it: the statement, its place in the tree and its box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneNode {
    #[serde(flatten)]
    pub node: Node,
    /// The node it hangs from in the tree (its primary target), if any.
    pub parent: Option<NodeId>,
    /// How it joins that parent.
    pub relation: Option<Relation>,
    /// Its place among its parent's children (or among the top-level nodes), for the
    /// outline.
    pub rank: usize,
    /// Where it is drawn; `None` while hidden inside a collapsed subtree.
    #[serde(rename = "box")]
    pub bbox: Option<NodeBox>,
}

/// The scene, keyed for diffing. Vectors keep the map's order for the first send.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    order: Vec<NodeId>,
    nodes: HashMap<NodeId, SceneNode>,
    edge_order: Vec<(NodeId, NodeId)>,
    edges: HashMap<(NodeId, NodeId), EdgeLine>,
    groups: Vec<GroupBox>,
    bounds: Option<Rect>,
    orientation: Orientation,
}

/// The change from one scene to the next. With `reset`, it is the whole scene and the
/// page drops what it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneDelta {
    pub reset: bool,
    pub nodes: Vec<SceneNode>,
    pub removed_nodes: Vec<NodeId>,
    pub edges: Vec<EdgeLine>,
    /// Edges gone, as (from, to).
    pub removed_edges: Vec<(NodeId, NodeId)>,
    /// Co-premise frames are few: always sent whole.
    pub groups: Vec<GroupBox>,
    pub bounds: Rect,
    pub orientation: Orientation,
}

impl SceneDelta {
    pub fn is_empty(&self) -> bool {
        !self.reset
            && self.nodes.is_empty()
            && self.removed_nodes.is_empty()
            && self.edges.is_empty()
            && self.removed_edges.is_empty()
    }
}

impl Scene {
    /// Builds the scene of `map` drawn as `layout` (which must be the layout of `map`).
    pub fn new(map: &ArgumentMap, layout: &Layout) -> Scene {
        let boxes: HashMap<NodeId, &NodeBox> = layout.nodes.iter().map(|b| (b.id, b)).collect();
        let mut scene = Scene {
            groups: layout.groups.clone(),
            bounds: Some(layout.bounds),
            orientation: layout.orientation,
            ..Scene::default()
        };
        let mut ranks: HashMap<NodeId, usize> = HashMap::new();
        let mut roots = 0;
        for node in map.nodes() {
            for (i, e) in map.dependents(node.id).iter().enumerate() {
                if map.primary_target(e.from).is_some_and(|p| p.to == node.id) {
                    ranks.insert(e.from, i);
                }
            }
            if map.primary_target(node.id).is_none() {
                ranks.insert(node.id, roots);
                roots += 1;
            }
        }
        for node in map.nodes() {
            let primary = map.primary_target(node.id);
            scene.order.push(node.id);
            scene.nodes.insert(
                node.id,
                SceneNode {
                    node: node.clone(),
                    parent: primary.map(|e| e.to),
                    relation: primary.map(|e| e.relation),
                    rank: ranks.get(&node.id).copied().unwrap_or(0),
                    bbox: boxes.get(&node.id).map(|b| (*b).clone()),
                },
            );
        }
        for e in &layout.edges {
            let key = (e.from, e.to);
            if scene.edges.insert(key, e.clone()).is_none() {
                scene.edge_order.push(key);
            }
        }
        scene
    }

    pub fn node(&self, id: NodeId) -> Option<&SceneNode> {
        self.nodes.get(&id)
    }

    /// Everything, for a page that has nothing yet.
    pub fn full(&self) -> SceneDelta {
        SceneDelta {
            reset: true,
            nodes: self.order.iter().map(|id| self.nodes[id].clone()).collect(),
            removed_nodes: Vec::new(),
            edges: self
                .edge_order
                .iter()
                .map(|k| self.edges[k].clone())
                .collect(),
            removed_edges: Vec::new(),
            groups: self.groups.clone(),
            bounds: self.bounds.unwrap_or(Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            }),
            orientation: self.orientation,
        }
    }

    /// What a page showing `self` needs to show `next`.
    pub fn diff(&self, next: &Scene) -> SceneDelta {
        let nodes = next
            .order
            .iter()
            .filter(|id| self.nodes.get(id) != next.nodes.get(id))
            .map(|id| next.nodes[id].clone())
            .collect();
        let removed_nodes = self
            .order
            .iter()
            .filter(|id| !next.nodes.contains_key(id))
            .copied()
            .collect();
        let edges = next
            .edge_order
            .iter()
            .filter(|k| self.edges.get(k) != next.edges.get(k))
            .map(|k| next.edges[k].clone())
            .collect();
        let removed_edges = self
            .edge_order
            .iter()
            .filter(|k| !next.edges.contains_key(k))
            .copied()
            .collect();
        SceneDelta {
            reset: false,
            nodes,
            removed_nodes,
            edges,
            removed_edges,
            groups: next.groups.clone(),
            bounds: next.bounds.unwrap_or(Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            }),
            orientation: next.orientation,
        }
    }

    /// The co-premise groups on the map, for tests and the outline.
    pub fn group_ids(&self) -> Vec<GroupId> {
        self.groups.iter().map(|g| g.group).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Measurer;
    use crate::layout::LayoutOptions;
    use argmap_core::{Document, Edit, NodeFields, NodeKind, format};

    fn sample() -> ArgumentMap {
        let bytes = include_bytes!("../../../examples/scaling-debate.map");
        format::load_bytes(bytes, &Default::default()).unwrap()
    }

    fn scene(map: &ArgumentMap, m: &Measurer) -> Scene {
        Scene::new(map, &crate::layout(map, m, &LayoutOptions::default()))
    }

    /// The page's copy: nodes and edges by key.
    type Page = (
        HashMap<NodeId, SceneNode>,
        HashMap<(NodeId, NodeId), EdgeLine>,
    );

    /// Applies a delta to a page-side copy, the way ui/src/scene.ts does.
    fn apply(page: &mut Page, d: &SceneDelta) {
        if d.reset {
            page.0.clear();
            page.1.clear();
        }
        for id in &d.removed_nodes {
            page.0.remove(id);
        }
        for k in &d.removed_edges {
            page.1.remove(k);
        }
        for n in &d.nodes {
            page.0.insert(n.node.id, n.clone());
        }
        for e in &d.edges {
            page.1.insert((e.from, e.to), e.clone());
        }
    }

    #[test]
    fn a_text_edit_sends_only_what_changed_and_deltas_rebuild_the_scene() {
        let m = Measurer::new();
        let mut doc = Document::new(sample());
        let first = scene(doc.map(), &m);
        let mut page = Default::default();
        apply(&mut page, &first.full());
        assert_eq!(page.0.len(), doc.map().len());

        // Change the text of a leaf: its box grows, so it and perhaps its neighbours
        // move, but nowhere near the whole map is resent.
        let leaf = doc
            .map()
            .nodes()
            .find(|n| n.kind == NodeKind::Evidence)
            .unwrap()
            .id;
        doc.apply(&Edit::UpdateNode {
            id: leaf,
            fields: NodeFields {
                text: Some("Short.".into()),
                ..Default::default()
            },
        })
        .unwrap();
        let second = scene(doc.map(), &m);
        let delta = first.diff(&second);
        assert!(
            delta
                .nodes
                .iter()
                .any(|n| n.node.id == leaf && n.node.text == "Short.")
        );
        assert!(
            delta.nodes.len() < doc.map().len() / 2,
            "{} of {} nodes resent",
            delta.nodes.len(),
            doc.map().len()
        );
        apply(&mut page, &delta);

        // Delete a subtree, then undo it: the page ends up equal to a fresh full scene.
        let thesis = doc
            .map()
            .nodes()
            .find(|n| n.kind == NodeKind::Thesis)
            .unwrap()
            .id;
        doc.apply(&Edit::DeleteSubtree { id: thesis }).unwrap();
        let third = scene(doc.map(), &m);
        let d = second.diff(&third);
        assert!(d.removed_nodes.contains(&thesis));
        assert!(!d.removed_edges.is_empty());
        apply(&mut page, &d);
        assert_eq!(page.0.len(), doc.map().len());
        assert_eq!(page.1, third.edges);

        doc.undo().unwrap();
        let fourth = scene(doc.map(), &m);
        apply(&mut page, &third.diff(&fourth));
        assert_eq!(page.0, fourth.nodes);
        assert_eq!(page.1, fourth.edges);
    }

    #[test]
    fn nothing_changed_is_an_empty_delta() {
        let m = Measurer::new();
        let map = sample();
        let a = scene(&map, &m);
        let b = scene(&map, &m);
        assert!(a.diff(&b).is_empty());
    }

    #[test]
    fn nodes_carry_their_parent_and_relation() {
        let m = Measurer::new();
        let map = sample();
        let s = scene(&map, &m).full();
        let theses = s.nodes.iter().filter(|n| n.node.kind == NodeKind::Thesis);
        assert!(theses.clone().all(|n| n.parent.is_none()));
        let objection = s
            .nodes
            .iter()
            .find(|n| n.node.kind == NodeKind::Objection)
            .unwrap();
        assert_eq!(objection.relation, Some(Relation::Objects));
        assert!(objection.parent.is_some());
    }
}
