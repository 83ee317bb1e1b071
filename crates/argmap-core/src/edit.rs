//! Edits are what a user does to a map; each is planned into a [`Patch`] against the
//! map as it is, and the patch is what gets applied, undone, sent to the UI and
//! journalled. [`Document`] keeps the map with its undo and redo history.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::map::{ArgumentMap, PatchError};
use crate::model::{
    Assumption, Edge, EdgeKey, GroupId, MetaTexts, Node, NodeId, NodeKind, Point, Relation, Source,
};
use crate::patch::{Change, Patch, Placed};

/// One user action on a map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Adds `node`, joined to `target` by `relation` (by default the relation natural to
    /// the node's kind). With `after`, the node goes right after that sibling.
    AddNode {
        node: Node,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<NodeId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relation: Option<Relation>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<NodeId>,
    },
    /// Changes a node's texts; fields left out are kept.
    UpdateNode {
        id: NodeId,
        #[serde(flatten)]
        fields: NodeFields,
    },
    /// Pins a node at a position, or with `None` returns it to the automatic layout.
    Move {
        id: NodeId,
        position: Option<Point>,
    },
    SetCollapsed {
        id: NodeId,
        collapsed: bool,
    },
    /// Settles a claim as accepted or rejected for the evaluation, or with `None`
    /// leaves it to the map again.
    Assume {
        id: NodeId,
        #[serde(default)]
        assume: Option<Assumption>,
    },
    /// Moves a node under another target, keeping its relation.
    Reattach {
        id: NodeId,
        target: NodeId,
    },
    /// Deletes one node. Refused while other nodes depend on it alone.
    DeleteNode {
        id: NodeId,
    },
    /// Deletes a node and everything drawn beneath it.
    DeleteSubtree {
        id: NodeId,
    },
    ChangeKind {
        id: NodeId,
        kind: NodeKind,
    },
    Connect {
        from: NodeId,
        to: NodeId,
        relation: Relation,
    },
    Disconnect {
        from: NodeId,
        to: NodeId,
    },
    /// Makes reasons that share a target into co-premises of one reason.
    GroupPremises {
        target: NodeId,
        premises: Vec<NodeId>,
    },
    Ungroup {
        group: GroupId,
    },
    EditMeta {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authors: Option<Vec<String>>,
    },
}

/// New values for a node's texts. `None` keeps a field; an empty label or an empty
/// source clears it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Why an edit was refused. The map is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no node {0} on the map")]
    NoSuchNode(NodeId),
    #[error("there is no edge from {0} to {1}")]
    NoSuchEdge(NodeId, NodeId),
    #[error("there is no co-premise group {0}")]
    NoSuchGroup(GroupId),
    #[error(
        "{count} other node{} would be left with nothing to stand on; delete the whole subtree, or reattach {} first",
        if *.count == 1 { "" } else { "s" },
        if *.count == 1 { "it" } else { "them" }
    )]
    HasDependents { id: NodeId, count: usize },
    #[error("a thesis stands on its own; connect it to another node instead")]
    NothingToReattach(NodeId),
    #[error("a {0} needs a relation to join its target")]
    NoRelation(NodeKind),
    #[error("only claims can be accepted or rejected; a {0} takes no side")]
    NotAClaim(NodeKind),
    #[error("co-premises are two or more reasons with the same target and relation")]
    NotCoPremises,
    #[error("a {kind} cannot be argued for or against, and {count} edge{} would have to go", if *.count == 1 { "" } else { "s" })]
    KindHasArguments { kind: NodeKind, count: usize },
    #[error(transparent)]
    Patch(#[from] PatchError),
}

impl EditError {
    /// A short, stable name the UI can act on.
    pub fn code(&self) -> &'static str {
        match self {
            EditError::NoSuchNode(_) | EditError::NoSuchEdge(..) | EditError::NoSuchGroup(_) => {
                "not-found"
            }
            EditError::HasDependents { .. } => "has-dependents",
            EditError::Patch(PatchError::Stale(_)) => "stale",
            _ => "invalid",
        }
    }
}

impl ArgumentMap {
    fn require(&self, id: NodeId) -> Result<&Node, EditError> {
        self.node(id).ok_or(EditError::NoSuchNode(id))
    }

    fn placed_node(&self, id: NodeId) -> Placed<Node> {
        Placed {
            at: self.node_index(id).expect("node exists"),
            item: self.node(id).expect("node exists").clone(),
        }
    }

    fn placed_edge(&self, key: EdgeKey) -> Placed<Edge> {
        Placed {
            at: self.edge_index(key).expect("edge exists"),
            item: self.edge(key.0, key.1).expect("edge exists").clone(),
        }
    }

    fn update_node(&self, id: NodeId, change: impl FnOnce(&mut Node)) -> Result<Patch, EditError> {
        let before = self.require(id)?;
        let mut after = before.clone();
        change(&mut after);
        let mut p = Patch::default();
        if &after != before {
            p.nodes_updated.push(Change {
                before: before.clone(),
                after,
            });
        }
        Ok(p)
    }

    /// Plans an edit: the patch that carries it out, not yet applied.
    pub fn plan(&self, edit: &Edit) -> Result<Patch, EditError> {
        match edit {
            Edit::AddNode {
                node,
                target,
                relation,
                after,
            } => self.plan_add(node, *target, *relation, *after),
            Edit::UpdateNode { id, fields } => self.update_node(*id, |n| {
                if let Some(t) = &fields.text {
                    n.text = t.clone();
                }
                if let Some(l) = &fields.label {
                    n.label = (!l.is_empty()).then(|| l.clone());
                }
                if let Some(notes) = &fields.notes {
                    n.notes = notes.clone();
                }
                if let Some(tags) = &fields.tags {
                    n.tags = tags.clone();
                }
                if let Some(s) = &fields.source {
                    n.source = (!s.is_empty()).then(|| s.clone());
                }
            }),
            Edit::Move { id, position } => self.update_node(*id, |n| n.position = *position),
            Edit::SetCollapsed { id, collapsed } => {
                self.update_node(*id, |n| n.collapsed = *collapsed)
            }
            Edit::Assume { id, assume } => {
                let kind = self.require(*id)?.kind;
                if assume.is_some() && !kind.is_claim() {
                    return Err(EditError::NotAClaim(kind));
                }
                self.update_node(*id, |n| n.assume = *assume)
            }
            Edit::Reattach { id, target } => self.plan_reattach(*id, *target),
            Edit::DeleteNode { id } => {
                self.require(*id)?;
                let count = self.sole_dependents(*id);
                if count > 0 {
                    return Err(EditError::HasDependents { id: *id, count });
                }
                Ok(self.removal(&HashSet::from([*id]), &[]))
            }
            Edit::DeleteSubtree { id } => {
                self.require(*id)?;
                Ok(self.removal(&self.subtree(*id), &[]))
            }
            Edit::ChangeKind { id, kind } => self.plan_change_kind(*id, *kind),
            Edit::Connect { from, to, relation } => {
                self.require(*from)?;
                self.require(*to)?;
                let mut p = Patch::default();
                p.edges_added.push(Placed {
                    at: self.edge_count(),
                    item: Edge::new(*from, *to, *relation),
                });
                Ok(p)
            }
            Edit::Disconnect { from, to } => {
                if self.edge(*from, *to).is_none() {
                    return Err(EditError::NoSuchEdge(*from, *to));
                }
                Ok(self.removal(&HashSet::new(), &[(*from, *to)]))
            }
            Edit::GroupPremises { target, premises } => self.plan_group(*target, premises),
            Edit::Ungroup { group } => {
                let members = self.group(*group);
                if members.is_empty() {
                    return Err(EditError::NoSuchGroup(*group));
                }
                let mut p = Patch::default();
                for e in members {
                    p.update_edge(
                        e,
                        Edge {
                            group: None,
                            ..e.clone()
                        },
                    );
                }
                Ok(p)
            }
            Edit::EditMeta {
                title,
                description,
                authors,
            } => {
                let before = self.meta().texts();
                let after = MetaTexts {
                    title: title.clone().unwrap_or_else(|| before.title.clone()),
                    description: description
                        .clone()
                        .unwrap_or_else(|| before.description.clone()),
                    authors: authors.clone().unwrap_or_else(|| before.authors.clone()),
                };
                let mut p = Patch::default();
                if after != before {
                    p.meta = Some(Change { before, after });
                }
                Ok(p)
            }
        }
    }

    fn plan_add(
        &self,
        node: &Node,
        target: Option<NodeId>,
        relation: Option<Relation>,
        after: Option<NodeId>,
    ) -> Result<Patch, EditError> {
        let mut p = Patch::default();
        let sibling = after.map(|a| self.require(a).map(|_| a)).transpose()?;
        let node_at = sibling
            .and_then(|s| self.node_index(s))
            .map_or(self.len(), |i| i + 1);
        p.nodes_added.push(Placed {
            at: node_at,
            item: node.clone(),
        });
        if let Some(target) = target {
            self.require(target)?;
            let relation = relation
                .or(node.kind.natural_relation())
                .ok_or(EditError::NoRelation(node.kind))?;
            let edge_at = sibling
                .and_then(|s| self.edge_index((s, target)))
                .map_or(self.edge_count(), |i| i + 1);
            p.edges_added.push(Placed {
                at: edge_at,
                item: Edge::new(node.id, target, relation),
            });
        }
        Ok(p)
    }

    fn plan_reattach(&self, id: NodeId, target: NodeId) -> Result<Patch, EditError> {
        let node = self.require(id)?;
        self.require(target)?;
        let mut p = Patch::default();
        let Some(primary) = self.primary_target(id) else {
            let relation = node
                .kind
                .natural_relation()
                .ok_or(EditError::NothingToReattach(id))?;
            p.edges_added.push(Placed {
                at: self.edge_count(),
                item: Edge::new(id, target, relation),
            });
            return Ok(p);
        };
        if primary.to == target {
            return Ok(p);
        }
        let at = self.edge_index(primary.key()).expect("edge exists");
        p.edges_removed.push(self.placed_edge(primary.key()));
        // A link the node already had to the new target becomes its primary one.
        if self.edge(id, target).is_some() {
            p.edges_removed.push(self.placed_edge((id, target)));
        }
        p.edges_added.push(Placed {
            at,
            item: Edge {
                to: target,
                group: None,
                ..primary.clone()
            },
        });
        self.settle_groups(&mut p);
        Ok(p)
    }

    /// How many nodes would lose their last target if `id` went.
    fn sole_dependents(&self, id: NodeId) -> usize {
        self.dependents(id)
            .iter()
            .filter(|e| {
                let d = self.node(e.from).expect("edge end exists");
                let needs = d.kind.required_relations();
                let others = self.targets(e.from).into_iter().filter(|t| t.to != id);
                if needs.is_empty() {
                    // A question or note about this node alone goes with it.
                    !d.kind.is_claim() && others.count() == 0
                } else {
                    !others.into_iter().any(|t| needs.contains(&t.relation))
                }
            })
            .count()
    }

    /// The node and everything drawn beneath it: nodes whose primary target is in the
    /// subtree, and nodes whose every required target is.
    pub fn subtree(&self, root: NodeId) -> HashSet<NodeId> {
        let mut set = HashSet::from([root]);
        let mut work = vec![root];
        while let Some(n) = work.pop() {
            for e in self.dependents(n) {
                let d = e.from;
                if set.contains(&d) {
                    continue;
                }
                let primary_inside = self.primary_target(d).is_some_and(|p| set.contains(&p.to));
                let needs = self
                    .node(d)
                    .expect("edge end exists")
                    .kind
                    .required_relations();
                let stranded = !needs.is_empty()
                    && self
                        .targets(d)
                        .iter()
                        .filter(|t| needs.contains(&t.relation))
                        .all(|t| set.contains(&t.to));
                if primary_inside || stranded {
                    set.insert(d);
                    work.push(d);
                }
            }
        }
        set
    }

    /// Removes `nodes` with all their edges, and the `edges` named.
    fn removal(&self, nodes: &HashSet<NodeId>, edges: &[EdgeKey]) -> Patch {
        let mut p = Patch::default();
        let mut keys: BTreeSet<(usize, EdgeKey)> = BTreeSet::new();
        for &k in edges {
            keys.insert((self.edge_index(k).expect("edge exists"), k));
        }
        let mut placed_nodes: Vec<Placed<Node>> = Vec::with_capacity(nodes.len());
        for &id in nodes {
            for e in self.incident_edges(id) {
                keys.insert((self.edge_index(e.key()).expect("edge exists"), e.key()));
            }
            placed_nodes.push(self.placed_node(id));
        }
        placed_nodes.sort_unstable_by_key(|n| n.at);
        p.nodes_removed = placed_nodes;
        p.edges_removed = keys.into_iter().map(|(_, k)| self.placed_edge(k)).collect();
        self.settle_groups(&mut p);
        p
    }

    /// A co-premise group left with one premise by a patch is no group: clear it.
    fn settle_groups(&self, p: &mut Patch) {
        let removed: HashSet<EdgeKey> = p.edges_removed.iter().map(|e| e.item.key()).collect();
        let touched: BTreeSet<GroupId> = p
            .edges_removed
            .iter()
            .filter_map(|e| e.item.group)
            .chain(p.edges_updated.iter().filter_map(|c| c.before.group))
            .collect();
        for g in touched {
            let remaining: Vec<(Edge, Edge)> = self
                .group(g)
                .into_iter()
                .filter(|e| !removed.contains(&e.key()))
                .map(|e| (e.clone(), p.updated_edge(e.key()).unwrap_or(e).clone()))
                .filter(|(_, now)| now.group == Some(g))
                .collect();
            if remaining.len() < 2 {
                for (before, now) in remaining {
                    p.update_edge(&before, Edge { group: None, ..now });
                }
            }
        }
    }

    fn plan_change_kind(&self, id: NodeId, kind: NodeKind) -> Result<Patch, EditError> {
        let node = self.require(id)?;
        let mut p = self.update_node(id, |n| n.kind = kind)?;
        if node.kind == kind {
            return Ok(p);
        }
        let flip = |p: &mut Patch, e: &Edge, relation: Relation| {
            if e.relation != relation {
                p.update_edge(
                    e,
                    Edge {
                        relation,
                        group: None,
                        ..e.clone()
                    },
                );
            }
        };
        if !kind.is_claim() {
            // Questions and notes take no side: nothing may argue for or against them,
            // and what they pointed at, they now annotate.
            let argued = self
                .incident_edges(id)
                .into_iter()
                .filter(|e| {
                    e.relation != Relation::Annotates
                        && (e.to == id || e.relation == Relation::Contradicts)
                })
                .count();
            if argued > 0 {
                return Err(EditError::KindHasArguments {
                    kind,
                    count: argued,
                });
            }
            for e in self.targets(id) {
                flip(&mut p, e, Relation::Annotates);
            }
        } else if !node.kind.is_claim() {
            let relation = kind.natural_relation().unwrap_or(Relation::Supports);
            for e in self.targets(id) {
                flip(&mut p, e, relation);
            }
        } else if let (Some(relation), Some(primary)) =
            (kind.natural_relation(), self.primary_target(id))
            && matches!(kind, NodeKind::Support | NodeKind::Objection)
        {
            flip(&mut p, primary, relation);
        }
        self.settle_groups(&mut p);
        Ok(p)
    }

    fn plan_group(&self, target: NodeId, premises: &[NodeId]) -> Result<Patch, EditError> {
        self.require(target)?;
        let distinct: BTreeSet<NodeId> = premises.iter().copied().collect();
        if distinct.len() < 2 {
            return Err(EditError::NotCoPremises);
        }
        let mut edges = Vec::new();
        for &premise in premises {
            self.require(premise)?;
            let e = self
                .edge(premise, target)
                .ok_or(EditError::NoSuchEdge(premise, target))?;
            edges.push(e);
        }
        let relation = edges[0].relation;
        if !relation.groupable() || edges.iter().any(|e| e.relation != relation) {
            return Err(EditError::NotCoPremises);
        }
        let group = GroupId::new();
        let mut p = Patch::default();
        for e in edges {
            p.update_edge(
                e,
                Edge {
                    group: Some(group),
                    ..e.clone()
                },
            );
        }
        self.settle_groups(&mut p);
        Ok(p)
    }

    /// Plans and applies an edit.
    pub fn edit(&mut self, edit: &Edit) -> Result<Patch, EditError> {
        let patch = self.plan(edit)?;
        self.apply(&patch)?;
        Ok(patch)
    }
}

/// Undo history keeps at most this many steps.
pub const UNDO_LIMIT: usize = 10_000;

/// A map being edited: the map, its undo and redo stacks, and whether it has changed
/// since it was last saved. One undo step may hold several patches (a paste, a drag of
/// several nodes); they are undone together.
#[derive(Clone, Debug, Default)]
pub struct Document {
    map: ArgumentMap,
    undo: Vec<Vec<Patch>>,
    redo: Vec<Vec<Patch>>,
    /// The undo depth at the last save; `None` when that state can no longer be reached.
    saved_at: Option<usize>,
}

impl Document {
    pub fn new(map: ArgumentMap) -> Document {
        Document {
            map,
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at: Some(0),
        }
    }

    pub fn map(&self) -> &ArgumentMap {
        &self.map
    }

    /// Stamps the map's times without making an undo step (see [`ArgumentMap::stamp`]).
    pub fn map_mut_for_stamp(&mut self) -> &mut ArgumentMap {
        &mut self.map
    }

    pub fn into_map(self) -> ArgumentMap {
        self.map
    }

    /// Applies one edit as one undo step.
    pub fn apply(&mut self, edit: &Edit) -> Result<Patch, EditError> {
        let mut patches = self.apply_all(std::slice::from_ref(edit))?;
        Ok(patches.pop().unwrap_or_default())
    }

    /// Applies several edits as one undo step: all of them, or none.
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<Vec<Patch>, EditError> {
        let mut done: Vec<Patch> = Vec::with_capacity(edits.len());
        for edit in edits {
            match self.map.edit(edit) {
                Ok(p) => done.push(p),
                Err(e) => {
                    for p in done.iter().rev() {
                        self.map
                            .apply(&p.reversed())
                            .expect("the reverse of an applied patch applies");
                    }
                    return Err(e);
                }
            }
        }
        done.retain(|p| !p.is_empty());
        if !done.is_empty() {
            if self.saved_at.is_some_and(|s| s > self.undo.len()) {
                self.saved_at = None;
            }
            self.undo.push(done.clone());
            self.redo.clear();
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
                self.saved_at = self.saved_at.and_then(|s| s.checked_sub(1));
            }
        }
        Ok(done)
    }

    /// Applies edits as part of the last undo step, so that one undo takes back both:
    /// adding a node and then typing its text is one step for the user. With nothing
    /// to amend (or after an undo), it is a step of its own.
    pub fn amend(&mut self, edits: &[Edit]) -> Result<Vec<Patch>, EditError> {
        if self.undo.is_empty() || !self.redo.is_empty() {
            return self.apply_all(edits);
        }
        let depth = self.undo.len();
        let last = self.undo.pop().expect("checked above");
        let saved_at = self.saved_at;
        match self.apply_all(edits) {
            Ok(done) => {
                let mut step = last;
                if !done.is_empty() {
                    step.extend(self.undo.pop().expect("apply_all pushed a step"));
                }
                self.undo.push(step);
                // The state after the amended step is new: if it was the saved one, the
                // saved state can no longer be reached by undo and redo.
                self.saved_at = match saved_at {
                    Some(s) if s >= depth && !done.is_empty() => None,
                    s => s,
                };
                Ok(done)
            }
            Err(e) => {
                self.undo.push(last);
                self.saved_at = saved_at;
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step; returns the patches applied to do so, in order.
    pub fn undo(&mut self) -> Option<Vec<Patch>> {
        let step = self.undo.pop()?;
        let applied: Vec<Patch> = step.iter().rev().map(Patch::reversed).collect();
        for p in &applied {
            self.map
                .apply(p)
                .expect("undo applies to the state it was made in");
        }
        self.redo.push(step);
        Some(applied)
    }

    /// Redoes the last undone step; returns the patches applied, in order.
    pub fn redo(&mut self) -> Option<Vec<Patch>> {
        let step = self.redo.pop()?;
        for p in &step {
            self.map
                .apply(p)
                .expect("redo applies to the state it was undone to");
        }
        self.undo.push(step.clone());
        Some(step)
    }

    /// Whether the map differs from what was last saved (or loaded).
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.undo.len());
    }

    /// The map holds work not in any file (a map recovered after a crash).
    pub fn mark_unsaved(&mut self) {
        self.saved_at = None;
    }
}
