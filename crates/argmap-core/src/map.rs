//! `ArgumentMap` owns the graph and keeps its invariants. It changes only by patches,
//! and every patch is checked twice: against the state it expects to find (so a stale
//! or foreign patch is refused before anything moves) and against the invariants of
//! everything it touched (so a patch that would break the map is rolled back).
//!
//! Invariants, each checked by [`ArgumentMap::validate`] and after every patch:
//! - no edge joins a node to itself, and at most one edge joins an ordered pair of
//!   nodes; a contradiction joins an unordered pair at most once;
//! - supports and objections join claims (thesis, support, objection, evidence),
//!   contradictions join claims, and only questions and notes annotate;
//! - a support keeps at least one `supports` edge, an objection at least one `objects`
//!   edge, a piece of evidence at least one of either: none of them floats free;
//! - the edges of a co-premise group share their target and relation (supports or
//!   objects), and a group has at least two premises;
//! - texts are within [`limits`](crate::limits) and pinned positions are finite.
//!
//! Cycles, mutual objections included, are legal: nothing here walks the graph in a
//! way that needs it to be acyclic.

use std::collections::HashSet;

use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};

use crate::limits;
use crate::model::{Edge, EdgeKey, GroupId, MapMeta, Node, NodeId, NodeKind, Relation};
use crate::patch::{Patch, Placed};

/// A broken invariant, naming the node or edge it is about.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Violation {
    #[error("node {0} is joined to itself")]
    SelfLoop(NodeId),
    #[error("this {kind} has no target: a {kind} must {needs} another node")]
    MissingTarget {
        node: NodeId,
        kind: NodeKind,
        needs: &'static str,
    },
    #[error("a {from_kind} cannot {} a {to_kind}", relation_verb(*.relation))]
    RelationNotAllowed {
        from: NodeId,
        to: NodeId,
        relation: Relation,
        from_kind: NodeKind,
        to_kind: NodeKind,
    },
    #[error("nodes {0} and {1} are joined more than once")]
    DuplicateEdge(NodeId, NodeId),
    #[error("co-premise group {group} has only one premise; a group needs two or more")]
    LoneCoPremise { group: GroupId, edge: EdgeKey },
    #[error("co-premise group {group} mixes targets or relations; its premises must all {} the same node", relation_verb(*.relation))]
    MixedGroup {
        group: GroupId,
        edge: EdgeKey,
        relation: Relation,
    },
    #[error("a {relation} edge cannot be part of a co-premise group")]
    UngroupableRelation { edge: EdgeKey, relation: Relation },
    #[error("{field} is {len} characters long; the limit is {limit}")]
    TextTooLong {
        node: Option<NodeId>,
        /// The field's path within its node (or the map): `text`, `source.quote`, `tags[2]`.
        field: String,
        len: usize,
        limit: usize,
    },
    #[error("node {node} has {count} tags; the limit is {limit}")]
    TooManyTags {
        node: NodeId,
        count: usize,
        limit: usize,
    },
    #[error("the position of node {node} is not a finite point within ±{limit}")]
    BadPosition { node: NodeId, limit: f64 },
}

/// What a violation is about, for saying where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Node(NodeId),
    Edge(EdgeKey),
    Meta,
}

impl Violation {
    pub fn subject(&self) -> Subject {
        match self {
            Violation::SelfLoop(n) => Subject::Edge((*n, *n)),
            Violation::MissingTarget { node, .. }
            | Violation::TooManyTags { node, .. }
            | Violation::BadPosition { node, .. } => Subject::Node(*node),
            Violation::TextTooLong { node: Some(n), .. } => Subject::Node(*n),
            Violation::TextTooLong { node: None, .. } => Subject::Meta,
            Violation::RelationNotAllowed { from, to, .. } => Subject::Edge((*from, *to)),
            Violation::DuplicateEdge(a, b) => Subject::Edge((*a, *b)),
            Violation::LoneCoPremise { edge, .. }
            | Violation::MixedGroup { edge, .. }
            | Violation::UngroupableRelation { edge, .. } => Subject::Edge(*edge),
        }
    }
}

fn relation_verb(r: Relation) -> &'static str {
    match r {
        Relation::Supports => "support",
        Relation::Objects => "object to",
        Relation::Contradicts => "contradict",
        Relation::Annotates => "annotate",
    }
}

/// Why a patch was not applied. The map is unchanged in either case.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PatchError {
    /// The patch was made for another state of the map (or is malformed).
    #[error("the change does not fit the map as it is: {0}")]
    Stale(String),
    #[error(transparent)]
    Violation(#[from] Violation),
}

fn stale(msg: impl Into<String>) -> PatchError {
    PatchError::Stale(msg.into())
}

/// A point in one map's history, for caches of what is derived from the map (the
/// layout): with [`ArgumentMap::touched_since`], such a cache redoes only what the
/// changes since then touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revision {
    lineage: u64,
    count: u64,
}

/// How many touched nodes a map remembers; a cache older than that starts afresh.
const JOURNAL_CAP: usize = 1 << 16;

/// The nodes each change to a map touched. A map starts a lineage of its own when it is
/// made and when it is cloned, so a revision is never taken for one of another map.
#[derive(Debug)]
struct Journal {
    lineage: u64,
    count: u64,
    /// The first change whose nodes are all still listed.
    first: u64,
    /// (change, node), oldest first.
    touched: std::collections::VecDeque<(u64, NodeId)>,
}

impl Default for Journal {
    fn default() -> Self {
        static LINEAGES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Journal {
            lineage: LINEAGES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            count: 0,
            first: 1,
            touched: Default::default(),
        }
    }
}

impl Clone for Journal {
    /// A clone goes its own way: what is cached for the original is not for it.
    fn clone(&self) -> Self {
        Journal::default()
    }
}

impl Journal {
    /// Records a change: its nodes, and for each edge both of its ends.
    fn record(&mut self, p: &Patch) {
        self.count += 1;
        let c = self.count;
        let nodes = (p.nodes_removed.iter().chain(&p.nodes_added)).map(|n| n.item.id);
        let updated = p.nodes_updated.iter().map(|n| n.after.id);
        let edges = (p.edges_removed.iter().chain(&p.edges_added))
            .map(|e| &e.item)
            .chain(p.edges_updated.iter().flat_map(|e| [&e.before, &e.after]))
            .flat_map(|e| [e.from, e.to]);
        self.touched
            .extend(nodes.chain(updated).chain(edges).map(|id| (c, id)));
        while self.touched.len() > JOURNAL_CAP {
            if let Some((old, _)) = self.touched.pop_front() {
                self.first = self.first.max(old + 1);
            }
        }
    }
}

/// An argument map: nodes, the edges between them, and the map's metadata, kept valid.
#[derive(Clone, Debug, Default)]
pub struct ArgumentMap {
    journal: Journal,
    meta: MapMeta,
    extra: crate::model::Extra,
    graph: StableGraph<Node, Edge>,
    /// Node order (the file's order) and the id → graph index map.
    nodes: IndexMap<NodeId, NodeIndex, foldhash::fast::RandomState>,
    edges: IndexMap<EdgeKey, EdgeIndex, foldhash::fast::RandomState>,
    groups: foldhash::HashMap<GroupId, Vec<EdgeKey>>,
}

impl PartialEq for ArgumentMap {
    /// Two maps are equal when they hold the same records in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && self.extra == other.extra
            && self.nodes().eq(other.nodes())
            && self.edges().eq(other.edges())
    }
}

impl ArgumentMap {
    pub fn new(meta: MapMeta) -> ArgumentMap {
        ArgumentMap {
            meta,
            ..ArgumentMap::default()
        }
    }

    /// Builds a map from records, checking every invariant. Used by the file loader and
    /// the generators; the order of `nodes` and `edges` is kept.
    pub fn from_parts(
        meta: MapMeta,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
    ) -> Result<ArgumentMap, BuildError> {
        let map = ArgumentMap::from_parts_unchecked(meta, nodes, edges)?;
        if let Some(v) = map.validate().into_iter().next() {
            return Err(BuildError::Violation(v));
        }
        Ok(map)
    }

    /// Builds the graph, refusing only what cannot be built (duplicate ids, dangling
    /// and repeated edges); the invariants are for the caller to check.
    pub(crate) fn from_parts_unchecked(
        meta: MapMeta,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
    ) -> Result<ArgumentMap, BuildError> {
        let mut map = ArgumentMap::new(meta);
        map.nodes.reserve(nodes.len());
        map.edges.reserve(edges.len());
        for (i, node) in nodes.into_iter().enumerate() {
            if map.nodes.contains_key(&node.id) {
                return Err(BuildError::DuplicateId {
                    index: i,
                    id: node.id,
                });
            }
            let id = node.id;
            let ni = map.graph.add_node(node);
            map.nodes.insert(id, ni);
        }
        for (i, edge) in edges.into_iter().enumerate() {
            let (Some(&a), Some(&b)) = (map.nodes.get(&edge.from), map.nodes.get(&edge.to)) else {
                let (end, missing) = if map.nodes.contains_key(&edge.from) {
                    ("to", edge.to)
                } else {
                    ("from", edge.from)
                };
                return Err(BuildError::DanglingEdge {
                    index: i,
                    end,
                    missing,
                });
            };
            let key = edge.key();
            if map.edges.contains_key(&key) {
                return Err(BuildError::DuplicateEdge { index: i });
            }
            map.group_add(&edge);
            let ei = map.graph.add_edge(a, b, edge);
            map.edges.insert(key, ei);
        }
        Ok(map)
    }

    pub fn meta(&self) -> &MapMeta {
        &self.meta
    }

    /// Top-level fields of the file this build does not know; written back unchanged.
    pub fn extra(&self) -> &crate::model::Extra {
        &self.extra
    }

    pub(crate) fn set_extra(&mut self, extra: crate::model::Extra) {
        self.extra = extra;
    }

    /// Sets the map's creation and modification times. Not an edit: the times describe
    /// the file, and are stamped when it is created and saved.
    pub fn stamp(
        &mut self,
        created: Option<time::OffsetDateTime>,
        modified: Option<time::OffsetDateTime>,
    ) {
        if created.is_some() {
            self.meta.created = created;
        }
        self.meta.modified = modified;
    }

    /// Where the map's history stands now.
    pub fn revision(&self) -> Revision {
        Revision {
            lineage: self.journal.lineage,
            count: self.journal.count,
        }
    }

    /// Every node a change since `since` added, removed or changed, or gave or took an
    /// edge (each possibly more than once); `None` when that is no longer known (a
    /// revision of another map, or too old).
    pub fn touched_since(&self, since: Revision) -> Option<Vec<NodeId>> {
        let j = &self.journal;
        if since.lineage != j.lineage || since.count > j.count || since.count + 1 < j.first {
            return None;
        }
        Some(
            j.touched
                .iter()
                .rev()
                .take_while(|(c, _)| *c > since.count)
                .map(|&(_, id)| id)
                .collect(),
        )
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn contains(&self, id: NodeId) -> bool {
        self.nodes.contains_key(&id)
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(&id).map(|&ni| &self.graph[ni])
    }

    /// The nodes, in the map's order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = &Node> + '_ {
        self.nodes.values().map(|&ni| &self.graph[ni])
    }

    /// The nodes with no target (no support, objection or annotation edge out), in the
    /// map's order: the top level of the outline and the roots of the layout's trees.
    /// The same as the nodes whose [`primary_target`](Self::primary_target) is `None`,
    /// found without ordering anyone's edges.
    pub fn top_level(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes.values().filter_map(|&ni| {
            let targets = self
                .graph
                .edges_directed(ni, Direction::Outgoing)
                .any(|e| e.weight().relation.is_targeting());
            (!targets).then(|| &self.graph[ni])
        })
    }

    /// The edges, in the map's order.
    pub fn edges(&self) -> impl ExactSizeIterator<Item = &Edge> + '_ {
        self.edges.values().map(|&ei| &self.graph[ei])
    }

    pub fn edge(&self, from: NodeId, to: NodeId) -> Option<&Edge> {
        self.edges.get(&(from, to)).map(|&ei| &self.graph[ei])
    }

    /// Every edge from `id`, in no particular order (cheaper than the sorted lists
    /// below when the caller orders them itself, or not at all).
    pub fn edges_from(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        self.nodes.get(&id).into_iter().flat_map(move |&ni| {
            self.graph
                .edges_directed(ni, Direction::Outgoing)
                .map(|e| e.weight())
        })
    }

    /// Every edge with the positions of its ends in the map's order (as
    /// [`node_index`](Self::node_index) gives them), in the map's order of edges: for a
    /// pass over the whole map that would otherwise look each end up by its id.
    pub fn edges_by_position(&self) -> impl Iterator<Item = (usize, usize, &Edge)> + '_ {
        use petgraph::visit::NodeIndexable;
        let mut at = vec![usize::MAX; self.graph.node_bound()];
        for (i, ni) in self.nodes.values().enumerate() {
            at[ni.index()] = i;
        }
        self.edges.values().filter_map(move |&ei| {
            let (a, b) = self.graph.edge_endpoints(ei)?;
            Some((at[a.index()], at[b.index()], &self.graph[ei]))
        })
    }

    /// Position of a node in the map's order.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        self.nodes.get_index_of(&id)
    }

    pub fn edge_index(&self, key: EdgeKey) -> Option<usize> {
        self.edges.get_index_of(&key)
    }

    pub fn node_at(&self, index: usize) -> Option<&Node> {
        self.nodes.get_index(index).map(|(_, &ni)| &self.graph[ni])
    }

    pub fn edge_at(&self, index: usize) -> Option<&Edge> {
        self.edges.get_index(index).map(|(_, &ei)| &self.graph[ei])
    }

    fn sorted_edges(&self, id: NodeId, dir: Direction, keep: impl Fn(&Edge) -> bool) -> Vec<&Edge> {
        let Some(&ni) = self.nodes.get(&id) else {
            return Vec::new();
        };
        let mut out: Vec<(usize, &Edge)> = self
            .graph
            .edges_directed(ni, dir)
            .map(|e| e.weight())
            .filter(|e| keep(e))
            .map(|e| (self.edges.get_index_of(&e.key()).unwrap_or(usize::MAX), e))
            .collect();
        out.sort_unstable_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, e)| e).collect()
    }

    /// The edges from `id` to what it is about (supports, objects, annotates), in order.
    pub fn targets(&self, id: NodeId) -> Vec<&Edge> {
        self.sorted_edges(id, Direction::Outgoing, |e| e.relation.is_targeting())
    }

    /// The first of [`targets`](Self::targets): the node's parent in the drawn tree.
    pub fn primary_target(&self, id: NodeId) -> Option<&Edge> {
        let &ni = self.nodes.get(&id)?;
        self.graph
            .edges_directed(ni, Direction::Outgoing)
            .map(|e| e.weight())
            .filter(|e| e.relation.is_targeting())
            .min_by_key(|e| self.edges.get_index_of(&e.key()))
    }

    /// The edges from the nodes that are about `id` (its supports, objections, evidence,
    /// questions and notes), in order.
    pub fn dependents(&self, id: NodeId) -> Vec<&Edge> {
        self.sorted_edges(id, Direction::Incoming, |e| e.relation.is_targeting())
    }

    /// The nodes of the drawn trees under `roots` (each node under its
    /// [`primary_target`](Self::primary_target)), in tree order: every node after the
    /// node it hangs from, children in order. Each node once, though roots lie inside
    /// each other or the map argues in a circle; ids not on the map are skipped. (What
    /// a deletion takes is [`subtree`](Self::subtree): also the nodes left with nothing
    /// to stand on.)
    pub fn trees_under(&self, roots: &[NodeId]) -> Vec<NodeId> {
        let mut seen = HashSet::new();
        let mut order = Vec::new();
        for &root in roots.iter().filter(|&&r| self.contains(r)) {
            let mut stack = vec![root];
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                order.push(id);
                // Children in reverse so that they pop in order.
                let kids: Vec<NodeId> = self
                    .dependents(id)
                    .iter()
                    .filter(|e| self.primary_target(e.from).is_some_and(|p| p.to == id))
                    .map(|e| e.from)
                    .collect();
                stack.extend(kids.into_iter().rev());
            }
        }
        order
    }

    /// The contradictions `id` takes part in, either direction, in order.
    pub fn contradictions(&self, id: NodeId) -> Vec<&Edge> {
        let mut out = self.sorted_edges(id, Direction::Outgoing, |e| {
            e.relation == Relation::Contradicts
        });
        out.extend(self.sorted_edges(id, Direction::Incoming, |e| {
            e.relation == Relation::Contradicts
        }));
        out.sort_unstable_by_key(|e| self.edges.get_index_of(&e.key()));
        out
    }

    /// Every edge touching `id`, in order.
    pub fn incident_edges(&self, id: NodeId) -> Vec<&Edge> {
        let mut out = self.sorted_edges(id, Direction::Outgoing, |_| true);
        out.extend(self.sorted_edges(id, Direction::Incoming, |_| true));
        out.sort_unstable_by_key(|e| self.edges.get_index_of(&e.key()));
        out
    }

    /// The premises' edges of a co-premise group, in order.
    pub fn group(&self, group: GroupId) -> Vec<&Edge> {
        let mut out: Vec<&Edge> = self
            .groups
            .get(&group)
            .into_iter()
            .flatten()
            .filter_map(|k| self.edge(k.0, k.1))
            .collect();
        out.sort_unstable_by_key(|e| self.edges.get_index_of(&e.key()));
        out
    }

    /// An objection to an objection is drawn, captioned and counted as a rebuttal.
    pub fn is_rebuttal(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(|n| n.kind == NodeKind::Objection)
            && self
                .primary_target(id)
                .and_then(|e| self.node(e.to))
                .is_some_and(|t| t.kind == NodeKind::Objection)
    }

    // ---- invariants ----------------------------------------------------------------

    /// Every broken invariant, at most [`limits::MAX_REPORTED`] of them, in map order.
    pub fn validate(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        for &id in self.nodes.keys() {
            if let Err(v) = self.check_node(id) {
                out.push(v);
            }
            if out.len() >= limits::MAX_REPORTED {
                return out;
            }
        }
        for &key in self.edges.keys() {
            if let Err(v) = self.check_edge(key) {
                out.push(v);
            }
            if out.len() >= limits::MAX_REPORTED {
                return out;
            }
        }
        for (&g, members) in &self.groups {
            if let Err(v) = self.check_group(g, members) {
                out.push(v);
            }
        }
        if let Err(v) = self.check_meta() {
            out.push(v);
        }
        out.truncate(limits::MAX_REPORTED);
        out
    }

    fn check_meta(&self) -> Result<(), Violation> {
        limits::check_text(None, "title", &self.meta.title, limits::MAX_TEXT_CHARS)?;
        limits::check_text(
            None,
            "description",
            &self.meta.description,
            limits::MAX_NOTES_CHARS,
        )?;
        for (i, a) in self.meta.authors.iter().enumerate() {
            limits::check_text(None, &format!("authors[{i}]"), a, limits::MAX_TEXT_CHARS)?;
        }
        Ok(())
    }

    /// The node's own invariants: its texts, its position, and that it has a target if
    /// its kind needs one.
    fn check_node(&self, id: NodeId) -> Result<(), Violation> {
        let node = self.node(id).expect("checked node exists");
        limits::check_node_texts(node)?;
        if let Some(p) = node.position {
            let ok = |v: f64| v.is_finite() && v.abs() <= limits::MAX_COORDINATE;
            if !ok(p.x) || !ok(p.y) {
                return Err(Violation::BadPosition {
                    node: id,
                    limit: limits::MAX_COORDINATE,
                });
            }
        }
        let needs = node.kind.required_relations();
        if !needs.is_empty() {
            let ni = self.nodes[&id];
            let has = self
                .graph
                .edges_directed(ni, Direction::Outgoing)
                .any(|e| needs.contains(&e.weight().relation));
            if !has {
                return Err(Violation::MissingTarget {
                    node: id,
                    kind: node.kind,
                    needs: match node.kind {
                        NodeKind::Support => "support",
                        NodeKind::Objection => "object to",
                        _ => "support or object to",
                    },
                });
            }
        }
        Ok(())
    }

    fn check_edge(&self, key: EdgeKey) -> Result<(), Violation> {
        let edge = self.edge(key.0, key.1).expect("checked edge exists");
        if edge.from == edge.to {
            return Err(Violation::SelfLoop(edge.from));
        }
        let from_kind = self.node(edge.from).expect("edge end exists").kind;
        let to_kind = self.node(edge.to).expect("edge end exists").kind;
        if !edge.relation.allows(from_kind, to_kind) {
            return Err(Violation::RelationNotAllowed {
                from: edge.from,
                to: edge.to,
                relation: edge.relation,
                from_kind,
                to_kind,
            });
        }
        if let Some(rev) = self.edge(edge.to, edge.from)
            && (rev.relation == Relation::Contradicts || edge.relation == Relation::Contradicts)
        {
            return Err(Violation::DuplicateEdge(edge.from, edge.to));
        }
        if edge.group.is_some() && !edge.relation.groupable() {
            return Err(Violation::UngroupableRelation {
                edge: key,
                relation: edge.relation,
            });
        }
        Ok(())
    }

    fn check_group(&self, group: GroupId, members: &[EdgeKey]) -> Result<(), Violation> {
        let first = members.iter().min_by_key(|k| self.edges.get_index_of(*k));
        let Some(&first) = first else { return Ok(()) };
        if members.len() < 2 {
            return Err(Violation::LoneCoPremise { group, edge: first });
        }
        let head = self.edge(first.0, first.1).expect("group member exists");
        for k in members {
            let e = self.edge(k.0, k.1).expect("group member exists");
            if e.to != head.to || e.relation != head.relation {
                return Err(Violation::MixedGroup {
                    group,
                    edge: *k,
                    relation: head.relation,
                });
            }
        }
        Ok(())
    }

    /// Checks what a just-applied patch touched.
    fn check_touched(&self, p: &Patch) -> Result<(), Violation> {
        let mut nodes: HashSet<NodeId> = HashSet::new();
        let mut edges: HashSet<EdgeKey> = HashSet::new();
        let mut groups: HashSet<GroupId> = HashSet::new();
        for n in p.nodes_added.iter().map(|n| &n.item) {
            nodes.insert(n.id);
        }
        for c in &p.nodes_updated {
            nodes.insert(c.after.id);
            // A changed kind changes which edges are legal.
            for e in self.incident_edges(c.after.id) {
                edges.insert(e.key());
            }
        }
        let edge_changes = p
            .edges_removed
            .iter()
            .chain(&p.edges_added)
            .map(|e| &e.item)
            .chain(p.edges_updated.iter().flat_map(|c| [&c.before, &c.after]));
        for e in edge_changes {
            nodes.insert(e.from);
            nodes.insert(e.to);
            groups.extend(e.group);
        }
        for e in p.edges_added.iter().map(|e| &e.item) {
            edges.insert(e.key());
        }
        for c in &p.edges_updated {
            edges.insert(c.after.key());
        }
        for id in nodes {
            if self.contains(id) {
                self.check_node(id)?;
            }
        }
        for key in edges {
            if self.edges.contains_key(&key) {
                self.check_edge(key)?;
            }
        }
        for g in groups {
            if let Some(members) = self.groups.get(&g) {
                self.check_group(g, members)?;
            }
        }
        if p.meta.is_some() {
            self.check_meta()?;
        }
        Ok(())
    }

    // ---- change ------------------------------------------------------------------

    /// Applies a patch, or changes nothing and says why.
    pub fn apply(&mut self, patch: &Patch) -> Result<(), PatchError> {
        self.precheck(patch)?;
        self.mutate(patch);
        if let Err(v) = self.check_touched(patch) {
            // The reverse of a patch that just applied always applies.
            self.mutate(&patch.reversed());
            return Err(v.into());
        }
        Ok(())
    }

    /// Refuses a patch whose expectations of the current state do not hold, so that
    /// `mutate` cannot fail half-way.
    fn precheck(&self, p: &Patch) -> Result<(), PatchError> {
        let mut removed_edges = HashSet::new();
        for pe in &p.edges_removed {
            let k = pe.item.key();
            match self.edges.get_full(&k) {
                Some((i, _, &ei)) if i == pe.at && self.graph[ei] == pe.item => {}
                _ => return Err(stale(format!("edge {} → {} is not as expected", k.0, k.1))),
            }
            if !removed_edges.insert(k) {
                return Err(stale(format!("edge {} → {} is removed twice", k.0, k.1)));
            }
        }
        let mut removed_nodes = HashSet::new();
        for pn in &p.nodes_removed {
            let id = pn.item.id;
            match self.nodes.get_full(&id) {
                Some((i, _, &ni)) if i == pn.at && self.graph[ni] == pn.item => {}
                _ => return Err(stale(format!("node {id} is not as expected"))),
            }
            if !removed_nodes.insert(id) {
                return Err(stale(format!("node {id} is removed twice")));
            }
        }
        for &id in &removed_nodes {
            let ni = self.nodes[&id];
            let kept = self
                .graph
                .edges_directed(ni, Direction::Outgoing)
                .chain(self.graph.edges_directed(ni, Direction::Incoming))
                .find(|e| !removed_edges.contains(&e.weight().key()));
            if let Some(e) = kept {
                let k = e.weight().key();
                return Err(stale(format!(
                    "node {id} is removed but its edge {} → {} is kept",
                    k.0, k.1
                )));
            }
        }
        let mut updated = HashSet::new();
        for c in &p.nodes_updated {
            let id = c.before.id;
            if c.after.id != id {
                return Err(stale("an update changes a node's id"));
            }
            if removed_nodes.contains(&id) || !updated.insert(id) {
                return Err(stale(format!("node {id} is changed twice")));
            }
            if self.node(id) != Some(&c.before) {
                return Err(stale(format!("node {id} is not as expected")));
            }
        }
        let mut added = HashSet::new();
        for pn in &p.nodes_added {
            let id = pn.item.id;
            if self.nodes.contains_key(&id) || !added.insert(id) {
                return Err(stale(format!("node {id} is already on the map")));
            }
        }
        check_positions(
            p.nodes_added.iter().map(|n| n.at),
            self.nodes.len() - removed_nodes.len(),
        )?;
        let mut updated_edges = HashSet::new();
        for c in &p.edges_updated {
            let k = c.before.key();
            if c.after.key() != k {
                return Err(stale("an edge update changes the edge's ends"));
            }
            if removed_edges.contains(&k) || !updated_edges.insert(k) {
                return Err(stale(format!("edge {} → {} is changed twice", k.0, k.1)));
            }
            if self.edge(k.0, k.1) != Some(&c.before) {
                return Err(stale(format!("edge {} → {} is not as expected", k.0, k.1)));
            }
        }
        let mut added_edges = HashSet::new();
        let present = |id: &NodeId| {
            (self.nodes.contains_key(id) && !removed_nodes.contains(id)) || added.contains(id)
        };
        for pe in &p.edges_added {
            let k = pe.item.key();
            let exists = self.edges.contains_key(&k) && !removed_edges.contains(&k);
            if exists || !added_edges.insert(k) {
                return Err(PatchError::Violation(Violation::DuplicateEdge(k.0, k.1)));
            }
            if !present(&k.0) || !present(&k.1) {
                return Err(stale(format!(
                    "edge {} → {} joins a node that is not on the map",
                    k.0, k.1
                )));
            }
        }
        check_positions(
            p.edges_added.iter().map(|e| e.at),
            self.edges.len() - removed_edges.len(),
        )?;
        if let Some(m) = &p.meta
            && m.before != self.meta.texts()
        {
            return Err(stale("the map's details are not as expected"));
        }
        Ok(())
    }

    /// Carries out a prechecked patch. Cannot fail.
    fn mutate(&mut self, p: &Patch) {
        self.journal.record(p);
        let mut removed_edges: Vec<&Placed<Edge>> = p.edges_removed.iter().collect();
        removed_edges.sort_unstable_by_key(|e| std::cmp::Reverse(e.at));
        for pe in removed_edges {
            let (_, ei) = self.edges.shift_remove_index(pe.at).expect("prechecked");
            let e = self.graph.remove_edge(ei).expect("prechecked");
            self.group_remove(&e);
        }
        let mut removed_nodes: Vec<&Placed<Node>> = p.nodes_removed.iter().collect();
        removed_nodes.sort_unstable_by_key(|n| std::cmp::Reverse(n.at));
        for pn in removed_nodes {
            let (_, ni) = self.nodes.shift_remove_index(pn.at).expect("prechecked");
            self.graph.remove_node(ni);
        }
        for c in &p.nodes_updated {
            let ni = self.nodes[&c.after.id];
            self.graph[ni] = c.after.clone();
        }
        let mut added_nodes: Vec<&Placed<Node>> = p.nodes_added.iter().collect();
        added_nodes.sort_unstable_by_key(|n| n.at);
        for pn in added_nodes {
            let ni = self.graph.add_node(pn.item.clone());
            self.nodes.shift_insert(pn.at, pn.item.id, ni);
        }
        for c in &p.edges_updated {
            let ei = self.edges[&c.after.key()];
            self.group_remove(&c.before);
            self.group_add(&c.after);
            self.graph[ei] = c.after.clone();
        }
        let mut added_edges: Vec<&Placed<Edge>> = p.edges_added.iter().collect();
        added_edges.sort_unstable_by_key(|e| e.at);
        for pe in added_edges {
            let e = &pe.item;
            let ei = self
                .graph
                .add_edge(self.nodes[&e.from], self.nodes[&e.to], e.clone());
            self.edges.shift_insert(pe.at, e.key(), ei);
            self.group_add(e);
        }
        if let Some(m) = &p.meta {
            self.meta.set_texts(&m.after);
        }
    }

    fn group_add(&mut self, e: &Edge) {
        if let Some(g) = e.group {
            self.groups.entry(g).or_default().push(e.key());
        }
    }

    fn group_remove(&mut self, e: &Edge) {
        if let Some(g) = e.group
            && let Some(members) = self.groups.get_mut(&g)
        {
            members.retain(|k| *k != e.key());
            if members.is_empty() {
                self.groups.remove(&g);
            }
        }
    }
}

/// Additions are inserted in ascending order of position; each must land within the
/// list as it is at that moment.
fn check_positions(ats: impl Iterator<Item = usize>, len: usize) -> Result<(), PatchError> {
    let mut ats: Vec<usize> = ats.collect();
    ats.sort_unstable();
    for (k, at) in ats.into_iter().enumerate() {
        if at > len + k {
            return Err(stale(format!("position {at} is past the end")));
        }
    }
    Ok(())
}

/// Why records could not be built into a map.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("node {id} appears twice (again at position {index})")]
    DuplicateId { index: usize, id: NodeId },
    #[error("edge {index}: its `{end}` node {missing} is not on the map")]
    DanglingEdge {
        index: usize,
        end: &'static str,
        missing: NodeId,
    },
    #[error("this edge joins the same two nodes as an earlier one")]
    DuplicateEdge { index: usize },
    #[error(transparent)]
    Violation(Violation),
}
