//! What the app's page mirrors of the map: every node with its box, every edge with its
//! path, the co-premise frames. The whole scene crosses to the page once, when a map is
//! opened; after an edit only a [`SceneDelta`] does: the nodes and edges whose data or
//! geometry changed, the ids of those that went away, and one offset for each tree the
//! layout took whole from before the edit but moved (a tree that widens pushes the
//! trees beside it over: at 10,000 nodes, some 700 boxes and lines named one by one).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use argmap_core::{ArgumentMap, Node, NodeId, Patch, Relation};
use serde::Serialize;

use crate::layout::{
    EdgeLine, GroupBox, Layout, NodeBox, Orientation, PlacedTree, Placement, Rect,
};

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

/// What the page shows: the layout, kept as its trees. It holds no copy of the map's
/// statements: which of those changed is known from the edit's patches.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    placement: Option<Placement>,
    /// The whole map's lists of boxes and lines, made when first asked for (to send
    /// the whole scene, or to compare with a map laid out whole); a diff of two
    /// layouts kept as trees compares only the trees an edit laid out again.
    flat: OnceCell<Layout>,
    /// Where each node's box is in `flat`, made when first asked for.
    boxes: OnceCell<HashMap<NodeId, usize>>,
    /// Each top-level node's place among them, made when first asked for and passed on
    /// to the next scene while no node joins or leaves the top level.
    roots: OnceCell<Arc<HashMap<NodeId, usize>>>,
}

/// The change from one scene to the next. With `reset`, it is the whole scene and the
/// page drops what it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneDelta {
    pub reset: bool,
    pub nodes: Vec<SceneNode>,
    /// Boxes that only moved: (id, x, y). Most of what an edit changes is this, and
    /// it is a few bytes each instead of a whole node with its lines of text.
    #[serde(serialize_with = "moved_boxes")]
    pub moved: Vec<(NodeId, f64, f64)>,
    pub removed_nodes: Vec<NodeId>,
    pub edges: Vec<EdgeLine>,
    /// Edges gone, as (from, to).
    pub removed_edges: Vec<(NodeId, NodeId)>,
    /// Edges that only moved, every point by the same offset: (from, to, dx, dy). A
    /// subtree that shifts takes its lines along, and a routed line is many points.
    pub shifted: Vec<(NodeId, NodeId, f64, f64)>,
    /// Whole trees that only moved: (root, dx, dy). Every box of the tree beneath
    /// `root` (its nodes by their parents, as the scene's nodes name them) and every
    /// line from one of those nodes to its parent moves by the offset. The page applies
    /// these first, to what it shows before the rest of the delta: a node of such a tree
    /// that is also resent comes with its new box.
    pub moved_trees: Vec<(NodeId, f64, f64)>,
    /// Co-premise frames are few: always sent whole.
    pub groups: Vec<GroupBox>,
    pub bounds: Rect,
    pub orientation: Orientation,
}

/// Where boxes moved to, with two decimals like every coordinate sent (offsets, which
/// the page adds up, go exactly).
fn moved_boxes<S: serde::Serializer>(m: &[(NodeId, f64, f64)], s: S) -> Result<S::Ok, S::Error> {
    use crate::layout::wire::round;
    s.collect_seq(m.iter().map(|&(id, x, y)| (id, round(x), round(y))))
}

impl SceneDelta {
    pub fn is_empty(&self) -> bool {
        !self.reset
            && self.nodes.is_empty()
            && self.moved.is_empty()
            && self.removed_nodes.is_empty()
            && self.edges.is_empty()
            && self.removed_edges.is_empty()
            && self.shifted.is_empty()
            && self.moved_trees.is_empty()
    }
}

/// A node's place in the tree: its primary target, the relation, and its index among
/// that target's dependents (or among the top-level nodes).
fn place(map: &ArgumentMap, id: NodeId) -> (Option<NodeId>, Option<Relation>, usize) {
    match map.primary_target(id) {
        Some(p) => {
            let rank = map
                .dependents(p.to)
                .iter()
                .position(|e| e.from == id)
                .unwrap_or(0);
            (Some(p.to), Some(p.relation), rank)
        }
        None => (None, None, 0),
    }
}

impl Scene {
    /// The scene of a layout (of the map the deltas will be asked about).
    pub fn new(layout: impl Into<Placement>) -> Scene {
        Scene {
            placement: Some(layout.into()),
            flat: OnceCell::new(),
            boxes: OnceCell::new(),
            roots: OnceCell::new(),
        }
    }

    /// The bounds of everything drawn (the layout's margin included).
    pub fn bounds(&self) -> Rect {
        self.placement.as_ref().map_or(EMPTY, Placement::bounds)
    }

    /// The whole map's lists.
    fn layout(&self) -> &Layout {
        if let Some(l) = self.placement.as_ref().and_then(Placement::whole) {
            return l;
        }
        self.flat.get_or_init(|| match &self.placement {
            Some(p) => p.to_layout(),
            None => Layout {
                orientation: Orientation::default(),
                bounds: EMPTY,
                nodes: Vec::new(),
                edges: Vec::new(),
                groups: Vec::new(),
            },
        })
    }

    fn box_index(&self) -> &HashMap<NodeId, usize> {
        self.boxes.get_or_init(|| {
            let l = self.layout();
            l.nodes.iter().enumerate().map(|(i, b)| (b.id, i)).collect()
        })
    }

    fn node_box(&self, id: NodeId) -> Option<&NodeBox> {
        self.box_index().get(&id).map(|&i| &self.layout().nodes[i])
    }

    fn scene_node<'a>(
        map: &ArgumentMap,
        id: NodeId,
        bbox: Option<&NodeBox>,
        roots: &dyn Fn() -> &'a HashMap<NodeId, usize>,
    ) -> Option<SceneNode> {
        let node = map.node(id)?;
        let (parent, relation, rank) = place(map, id);
        Some(SceneNode {
            node: node.clone(),
            parent,
            relation,
            rank: if parent.is_none() {
                roots().get(&id).copied().unwrap_or(0)
            } else {
                rank
            },
            bbox: bbox.cloned(),
        })
    }

    fn roots(map: &ArgumentMap) -> HashMap<NodeId, usize> {
        map.top_level()
            .enumerate()
            .map(|(i, n)| (n.id, i))
            .collect()
    }

    fn frame(&self, reset: bool) -> SceneDelta {
        let p = self.placement.as_ref();
        SceneDelta {
            reset,
            nodes: Vec::new(),
            moved: Vec::new(),
            removed_nodes: Vec::new(),
            edges: Vec::new(),
            removed_edges: Vec::new(),
            shifted: Vec::new(),
            moved_trees: Vec::new(),
            groups: p.map(|p| p.groups().to_vec()).unwrap_or_default(),
            bounds: p.map_or(EMPTY, Placement::bounds),
            orientation: p.map(Placement::orientation).unwrap_or_default(),
        }
    }

    /// Everything, for a page that has nothing yet. `map` is the map laid out.
    pub fn full(&self, map: &ArgumentMap) -> SceneDelta {
        let roots = self.roots.get_or_init(|| Arc::new(Scene::roots(map)));
        let mut d = self.frame(true);
        d.nodes = map
            .nodes()
            .filter_map(|n| Scene::scene_node(map, n.id, self.node_box(n.id), &|| roots))
            .collect();
        d.edges = self.layout().edges.clone();
        d
    }

    /// What a page showing `self` needs to show `next`, the layout of `map` after
    /// `patches` were applied to the map `self` was laid out from. Statements are resent
    /// when a patch touched them (or their place among their siblings); boxes and edges
    /// when their geometry changed.
    pub fn diff(&self, next: &Scene, map: &ArgumentMap, patches: &[Patch]) -> SceneDelta {
        let mut touched: HashSet<NodeId> = HashSet::new();
        let mut removed: HashSet<NodeId> = HashSet::new();
        let mut parents: HashSet<NodeId> = HashSet::new();
        let mut roots_changed = false;
        // The top level's order changes only when a node joins or leaves it.
        let added: HashSet<NodeId> = patches
            .iter()
            .flat_map(|p| &p.nodes_added)
            .map(|n| n.item.id)
            .collect();
        let targeting_removed: HashSet<NodeId> = patches
            .iter()
            .flat_map(|p| &p.edges_removed)
            .filter(|e| e.item.relation.is_targeting())
            .map(|e| e.item.from)
            .collect();
        for p in patches {
            for n in &p.nodes_removed {
                removed.insert(n.item.id);
                // It was on the top level unless the same change cut it from a target.
                roots_changed |= !targeting_removed.contains(&n.item.id);
            }
            for n in &p.nodes_added {
                touched.insert(n.item.id);
                roots_changed |= map.primary_target(n.item.id).is_none();
            }
            for c in &p.nodes_updated {
                touched.insert(c.after.id);
            }
            for e in &p.edges_added {
                touched.insert(e.item.from);
                parents.insert(e.item.to);
                // Its first targeting edge takes a node off the top level (a node added
                // with the edge was never on it).
                roots_changed |= e.item.relation.is_targeting()
                    && map.targets(e.item.from).len() == 1
                    && !added.contains(&e.item.from);
            }
            for e in &p.edges_removed {
                touched.insert(e.item.from);
                parents.insert(e.item.to);
                // Its last targeting edge gone, a node joins the top level.
                roots_changed |= e.item.relation.is_targeting()
                    && map.contains(e.item.from)
                    && map.targets(e.item.from).is_empty();
            }
            for c in &p.edges_updated {
                touched.insert(c.after.from);
                parents.insert(c.after.to);
            }
        }
        // Siblings shift rank when one joins or leaves.
        for p in parents {
            touched.insert(p);
            touched.extend(map.dependents(p).iter().map(|e| e.from));
        }
        // The top level's ranks, needed only when a top-level node is resent.
        if !roots_changed && let Some(r) = self.roots.get() {
            let _ = next.roots.set(r.clone());
        }
        let roots = || &**next.roots.get_or_init(|| Arc::new(Scene::roots(map)));
        if roots_changed {
            touched.extend(roots().keys().copied());
        }
        let mut d = next.frame(false);
        // Trees the new layout took whole from the old one: nothing in them is compared,
        // and one that moved goes to the page as one offset. What is left is compared
        // box by box and line by line.
        let split = match (
            self.placement.as_ref().and_then(Placement::trees),
            next.placement.as_ref().and_then(Placement::trees),
        ) {
            (Some(old), Some(new)) => Split::trees(old, new, map),
            _ => Split {
                kept: Vec::new(),
                old_nodes: self.layout().nodes.iter().map(Cow::Borrowed).collect(),
                old_edges: self.layout().edges.iter().map(Cow::Borrowed).collect(),
                new_nodes: next.layout().nodes.iter().map(Cow::Borrowed).collect(),
                new_edges: next.layout().edges.iter().map(Cow::Borrowed).collect(),
            },
        };
        for k in &split.kept {
            if let Some((dx, dy)) = k.moved {
                d.moved_trees.push((k.tree.root(), dx, dy));
            }
        }
        let (old_nodes, new_nodes) = (&split.old_nodes, &split.new_nodes);
        // Boxes: the new layout's walked beside the old one's. An edit leaves most boxes
        // in the same order, a few places along, so each is looked for first where the
        // last one was found.
        let mut touched_boxes: HashMap<NodeId, &NodeBox> = HashMap::default();
        let mut walk = Walk::new(old_nodes, |b: &Cow<NodeBox>| b.id);
        for (i, b) in new_nodes.iter().enumerate() {
            let at = walk.find(i, b);
            if touched.contains(&b.id) {
                // Resent whole, with its box where it is now.
                touched_boxes.insert(b.id, b);
                continue;
            }
            match at.map(|j| &*old_nodes[j]) {
                Some(a) if a == &**b => {}
                Some(a)
                    if NodeBox {
                        x: b.x,
                        y: b.y,
                        ..a.clone()
                    } == **b =>
                {
                    d.moved.push((b.id, b.x, b.y))
                }
                _ => d
                    .nodes
                    .extend(Scene::scene_node(map, b.id, Some(b), &roots)),
            }
        }
        // Boxes gone from view with their node still on the map (folded away).
        for (a, _) in old_nodes.iter().zip(&walk.seen).filter(|(_, s)| !**s) {
            if !touched.contains(&a.id) {
                d.nodes.extend(Scene::scene_node(map, a.id, None, &roots));
            }
        }
        // Touched nodes are sent whole, in map order; those in kept trees with the box
        // their tree has now.
        let in_kept = split.kept_boxes(
            map,
            touched
                .iter()
                .copied()
                .filter(|id| !touched_boxes.contains_key(id)),
        );
        let mut resend: Vec<(usize, NodeId)> = touched
            .iter()
            .filter_map(|&id| Some((map.node_index(id)?, id)))
            .collect();
        resend.sort_unstable();
        for (_, id) in resend {
            let bbox = touched_boxes.get(&id).copied().or_else(|| in_kept.get(&id));
            d.nodes.extend(Scene::scene_node(map, id, bbox, &roots));
        }
        d.removed_nodes = removed
            .into_iter()
            .filter(|id| !map.contains(*id))
            .collect();
        d.removed_nodes.sort_unstable();
        // Lines, walked the same way.
        let (old_edges, new_edges) = (&split.old_edges, &split.new_edges);
        let mut walk = Walk::new(old_edges, |e: &Cow<EdgeLine>| (e.from, e.to));
        for (i, e) in new_edges.iter().enumerate() {
            let at = walk.find(i, e);
            let Some(j) = at else {
                d.edges.push(e.clone().into_owned());
                continue;
            };
            let b = &old_edges[j];
            if b != e {
                match shift(b, e) {
                    Some((dx, dy)) => d.shifted.push((e.from, e.to, dx, dy)),
                    None => d.edges.push(e.clone().into_owned()),
                }
            }
        }
        d.removed_edges = old_edges
            .iter()
            .zip(&walk.seen)
            .filter(|(_, s)| !**s)
            .map(|(e, _)| (e.from, e.to))
            .collect();
        d
    }
}

const EMPTY: Rect = Rect {
    x: 0.0,
    y: 0.0,
    w: 0.0,
    h: 0.0,
};

/// Two layouts split for a diff: the trees the new one took whole from the old one,
/// and the boxes and lines of everything else.
struct Split<'a> {
    kept: Vec<Kept<'a>>,
    old_nodes: Vec<Cow<'a, NodeBox>>,
    old_edges: Vec<Cow<'a, EdgeLine>>,
    new_nodes: Vec<Cow<'a, NodeBox>>,
    new_edges: Vec<Cow<'a, EdgeLine>>,
}

/// A tree the new layout took whole from the old one.
struct Kept<'a> {
    tree: &'a PlacedTree,
    /// How far it moved, if it did.
    moved: Option<(f64, f64)>,
}

impl<'a> Split<'a> {
    /// The trees of `new` that are trees of `old` as they were, and the rest. One that
    /// moved is kept only if its root heads a tree on the page too (has no target): the
    /// page finds the tree's nodes from its root by their parents, and the root of a
    /// tree the layout cut out of a cycle has a parent.
    fn trees(
        (old, old_links): (&'a [PlacedTree], &'a [Arc<EdgeLine>]),
        (new, new_links): (&'a [PlacedTree], &'a [Arc<EdgeLine>]),
        map: &ArgumentMap,
    ) -> Split<'a> {
        let before: HashMap<u64, &PlacedTree> = old.iter().map(|t| (t.generation(), t)).collect();
        let mut taken: HashSet<u64> = HashSet::with_capacity(new.len());
        let mut kept = Vec::with_capacity(new.len());
        let (mut new_nodes, mut new_edges) = (Vec::new(), Vec::new());
        for t in new {
            let moved = |o: &PlacedTree| {
                (o.origin != t.origin).then_some((t.origin.0 - o.origin.0, t.origin.1 - o.origin.1))
            };
            match before.get(&t.generation()) {
                Some(o) if o.origin == t.origin || map.primary_target(t.root()).is_none() => {
                    taken.insert(t.generation());
                    kept.push(Kept {
                        tree: t,
                        moved: moved(o),
                    });
                }
                _ => {
                    new_nodes.extend(t.boxes().map(Cow::Owned));
                    new_edges.extend(t.lines().map(Cow::Owned));
                }
            }
        }
        let (mut old_nodes, mut old_edges) = (Vec::new(), Vec::new());
        for o in old.iter().filter(|o| !taken.contains(&o.generation())) {
            old_nodes.extend(o.boxes().map(Cow::Owned));
            old_edges.extend(o.lines().map(Cow::Owned));
        }
        old_edges.extend(old_links.iter().map(|e| Cow::Borrowed(&**e)));
        new_edges.extend(new_links.iter().map(|e| Cow::Borrowed(&**e)));
        Split {
            kept,
            old_nodes,
            old_edges,
            new_nodes,
            new_edges,
        }
    }

    /// The boxes of those of `ids` that are visible nodes of kept trees, each found by
    /// climbing its primary targets to the root of the tree it is in.
    fn kept_boxes(
        &self,
        map: &ArgumentMap,
        ids: impl Iterator<Item = NodeId>,
    ) -> HashMap<NodeId, NodeBox> {
        let mut found = HashMap::new();
        if self.kept.is_empty() {
            return found;
        }
        let kept: HashMap<NodeId, &PlacedTree> =
            self.kept.iter().map(|k| (k.tree.root(), k.tree)).collect();
        for id in ids {
            let mut at = id;
            // Its tree's root is above it, or it is the root. (A node in a cycle that
            // is not in a kept tree climbs round until the count runs out: the cycle
            // is all in one tree, laid out again.)
            for _ in 0..=map.len() {
                if let Some(t) = kept.get(&at) {
                    found.extend(t.node_box(id).map(|b| (id, b)));
                    break;
                }
                match map.primary_target(at) {
                    Some(e) => at = e.to,
                    None => break,
                }
            }
        }
        found
    }
}

/// A walk along a new list beside the old one: each item is looked for first as many
/// places along as the last one was found, then by key; what was found is marked.
struct Walk<'a, T, K> {
    old: &'a [T],
    key: fn(&T) -> K,
    along: isize,
    seen: Vec<bool>,
    /// Where each old item is, by key; made when first needed.
    index: OnceCell<HashMap<K, usize>>,
}

impl<'a, T, K: std::hash::Hash + Eq> Walk<'a, T, K> {
    fn new(old: &'a [T], key: fn(&T) -> K) -> Self {
        Walk {
            old,
            key,
            along: 0,
            seen: vec![false; old.len()],
            index: OnceCell::new(),
        }
    }

    /// Where the new list's item `i`, `item`, is in the old one.
    fn find(&mut self, i: usize, item: &T) -> Option<usize> {
        let k = (self.key)(item);
        let at = usize::try_from(i as isize + self.along)
            .ok()
            .filter(|&j| self.old.get(j).is_some_and(|o| (self.key)(o) == k))
            .or_else(|| {
                self.index
                    .get_or_init(|| {
                        let key = self.key;
                        self.old
                            .iter()
                            .enumerate()
                            .map(|(i, o)| (key(o), i))
                            .collect()
                    })
                    .get(&k)
                    .copied()
            })?;
        self.seen[at] = true;
        self.along = at as isize - i as isize;
        Some(at)
    }
}

/// How far apart (in pixels, per coordinate) the page's copy of a shifted line may land
/// from where the layout put it: float rounding, never visible.
const SHIFT_EPSILON: f64 = 1e-6;

/// The offset that takes `a` to `b` when `b` is `a` moved as a whole. The page adds it
/// to each point; the layout computes each point afresh, so the two may differ in the
/// last bits of a float (no more than [`SHIFT_EPSILON`]).
fn shift(a: &EdgeLine, b: &EdgeLine) -> Option<(f64, f64)> {
    if a.relation != b.relation
        || a.primary != b.primary
        || a.group != b.group
        || a.path.len() != b.path.len()
    {
        return None;
    }
    let [x0, y0] = a.path.first()?;
    let [x1, y1] = b.path.first()?;
    let (dx, dy) = (x1 - x0, y1 - y0);
    let shifted = |p: &[[f64; 2]], q: &[[f64; 2]]| {
        p.len() == q.len()
            && p.iter().zip(q).all(|([ax, ay], [bx, by])| {
                (ax + dx - bx).abs() <= SHIFT_EPSILON && (ay + dy - by).abs() <= SHIFT_EPSILON
            })
    };
    // The page keeps a routed line's corners, not its path: they must have moved with
    // it too. (Collinear corners can move along the line and leave the path as it was.)
    let corners = match (&a.corners, &b.corners) {
        (None, None) => true,
        (Some(p), Some(q)) => shifted(p, q),
        _ => false,
    };
    (corners && shifted(&a.path, &b.path)).then_some((dx, dy))
}

/// Maps of any shape a file can hold, for the tests (shared with argmap-core's).
#[cfg(test)]
#[path = "../../argmap-core/tests/support/hostile.rs"]
mod hostile;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Measurer;
    use crate::layout::LayoutOptions;
    use argmap_core::{Document, Edit, NodeFields, NodeKind, Point, format};

    fn sample() -> ArgumentMap {
        let bytes = include_bytes!("../../../examples/scaling-debate.map");
        format::load_bytes(bytes, &Default::default()).unwrap()
    }

    fn scene(map: &ArgumentMap, m: &Measurer) -> Scene {
        Scene::new(crate::layout(map, m, &LayoutOptions::default()))
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
        // Whole trees first, found from their roots by the parents the page knows.
        for &(root, dx, dy) in &d.moved_trees {
            let mut children: HashMap<NodeId, Vec<NodeId>> = HashMap::default();
            for n in page.0.values() {
                if let Some(p) = n.parent {
                    children.entry(p).or_default().push(n.node.id);
                }
            }
            let mut seen = HashSet::new();
            let mut stack = vec![root];
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(b) = page.0.get_mut(&id).and_then(|n| n.bbox.as_mut()) {
                    (b.x, b.y) = (b.x + dx, b.y + dy);
                }
                for &c in children.get(&id).into_iter().flatten() {
                    if let Some(e) = page.1.get_mut(&(c, id)) {
                        shift_by(e, dx, dy);
                    }
                    stack.push(c);
                }
            }
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
        for (id, x, y) in &d.moved {
            let b = page
                .0
                .get_mut(id)
                .and_then(|n| n.bbox.as_mut())
                .expect("a moved box is on the page");
            (b.x, b.y) = (*x, *y);
        }
        for e in &d.edges {
            page.1.insert((e.from, e.to), e.clone());
        }
        for &(from, to, dx, dy) in &d.shifted {
            let e = page
                .1
                .get_mut(&(from, to))
                .expect("a shifted edge is on the page");
            shift_by(e, dx, dy);
        }
    }

    /// A line moved whole, as the page moves it: its points and its corners alike.
    fn shift_by(e: &mut EdgeLine, dx: f64, dy: f64) {
        for p in e.path.iter_mut().chain(e.corners.iter_mut().flatten()) {
            *p = [p[0] + dx, p[1] + dy];
        }
    }

    fn page_of(d: &SceneDelta) -> Page {
        let mut p = Page::default();
        apply(&mut p, d);
        p
    }

    /// Drives a document through edits, keeping a page copy up to date with deltas only,
    /// and checks after each step that it equals a page built from scratch. Laid out as
    /// the app does, keeping the last layout's trees (`cache`), or afresh each time.
    struct Harness {
        doc: Document,
        shown: Scene,
        page: Page,
        m: Measurer,
        cache: Option<crate::TextCache>,
        resent: Vec<usize>,
        moved: Vec<usize>,
        moved_trees: Vec<usize>,
        last: Option<SceneDelta>,
    }

    impl Harness {
        fn new(map: ArgumentMap) -> Harness {
            Harness::with_cache(map, true)
        }

        fn with_cache(map: ArgumentMap, cached: bool) -> Harness {
            let m = Measurer::new();
            let mut cache = cached.then(crate::TextCache::default);
            let shown = Harness::scene_of(&map, &m, &mut cache);
            let page = page_of(&shown.full(&map));
            assert_eq!(page.0.len(), map.len());
            Harness {
                doc: Document::new(map),
                shown,
                page,
                m,
                cache,
                resent: Vec::new(),
                moved: Vec::new(),
                moved_trees: Vec::new(),
                last: None,
            }
        }

        fn scene_of(
            map: &ArgumentMap,
            m: &Measurer,
            cache: &mut Option<crate::TextCache>,
        ) -> Scene {
            match cache {
                Some(c) => Scene::new(crate::place_with(map, m, &LayoutOptions::default(), c)),
                None => scene(map, m),
            }
        }

        fn step(&mut self, patches: Vec<Patch>, what: &str) {
            let next = Harness::scene_of(self.doc.map(), &self.m, &mut self.cache);
            let d = self.shown.diff(&next, self.doc.map(), &patches);
            self.resent.push(d.nodes.len());
            self.moved.push(d.moved.len());
            self.moved_trees.push(d.moved_trees.len());
            apply(&mut self.page, &d);
            self.last = Some(d);
            self.shown = next;
            // The reference is a scene made afresh: nothing passed on from the last one.
            let fresh = page_of(&scene(self.doc.map(), &self.m).full(self.doc.map()));
            assert_eq!(self.page.0.len(), fresh.0.len(), "after {what}: node count");
            for (id, n) in &fresh.0 {
                let mine = self.page.0.get(id).expect("the page has every node");
                // A box moved with its tree is where the layout put it to within float
                // rounding, as a shifted line is.
                let near = |a: &Option<NodeBox>, b: &Option<NodeBox>| match (a, b) {
                    (Some(a), Some(b)) => {
                        (a.x - b.x).abs() <= SHIFT_EPSILON
                            && (a.y - b.y).abs() <= SHIFT_EPSILON
                            && NodeBox {
                                x: b.x,
                                y: b.y,
                                ..a.clone()
                            } == *b
                    }
                    (a, b) => a == b,
                };
                assert!(
                    near(&mine.bbox, &n.bbox)
                        && SceneNode {
                            bbox: None,
                            ..mine.clone()
                        } == SceneNode {
                            bbox: None,
                            ..n.clone()
                        },
                    "after {what}: node {id}: {mine:?} != {n:?}"
                );
            }
            assert_eq!(self.page.1.len(), fresh.1.len(), "after {what}: edge count");
            for (k, e) in &fresh.1 {
                let mine = self.page.1.get(k).expect("the page has every edge");
                assert!(
                    shift(mine, e).is_some_and(|(dx, dy)| {
                        dx.abs() <= SHIFT_EPSILON && dy.abs() <= SHIFT_EPSILON
                    }),
                    "after {what}: edge {k:?}"
                );
                // The corners the page rounds itself are where the fresh layout has them.
                let near = |a: &[[f64; 2]], b: &[[f64; 2]]| {
                    a.len() == b.len()
                        && a.iter().zip(b).all(|(p, q)| {
                            (p[0] - q[0]).abs() <= SHIFT_EPSILON
                                && (p[1] - q[1]).abs() <= SHIFT_EPSILON
                        })
                };
                match (&mine.corners, &e.corners) {
                    (None, None) => {}
                    (Some(a), Some(b)) if near(a, b) => {}
                    _ => panic!(
                        "after {what}: corners of edge {k:?}: page {:?}, fresh {:?}",
                        mine.corners, e.corners
                    ),
                }
            }
        }

        fn edit(&mut self, e: Edit) {
            let what = format!("{e:?}");
            let p = self
                .doc
                .apply(&e)
                .unwrap_or_else(|err| panic!("{what}: {err}"));
            self.step(vec![p], &what);
        }

        fn undo(&mut self) {
            let p = self.doc.undo().unwrap();
            self.step(p, "undo");
        }

        fn redo(&mut self) {
            let p = self.doc.redo().unwrap();
            self.step(p, "redo");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

        /// On generated maps, through random edits (those refused change nothing and
        /// are skipped), the page kept by deltas equals a page built afresh.
        #[test]
        fn deltas_keep_a_page_equal_to_a_fresh_one_through_random_edits(
            size in 2usize..150,
            seed in proptest::prelude::any::<u64>(),
            edits in proptest::collection::vec((0usize..1000, 0usize..1000, 0u8..16, "[a-z ]{0,60}"), 1..10),
        ) {
            deltas_through(Harness::with_cache(argmap_core::generate::generate(size, seed), seed % 2 == 0), edits);
        }

        /// The same from maps of any shape a file can hold (argmap-core's
        /// tests/support/hostile.rs).
        #[test]
        fn deltas_keep_a_page_equal_to_a_fresh_one_from_any_map(
            s in hostile::spec(),
            cached in proptest::prelude::any::<bool>(),
            edits in proptest::collection::vec((0usize..1000, 0usize..1000, 0u8..16, "[a-z ]{0,60}"), 1..10),
        ) {
            deltas_through(Harness::with_cache(hostile::build(&s), cached), edits);
        }
    }

    use super::hostile;

    /// Takes each step (see hostile::step; edits refused change nothing and are
    /// skipped) and holds the page kept by deltas to a fresh one after each.
    fn deltas_through(mut h: Harness, steps: Vec<(usize, usize, u8, String)>) {
        for (a, b, what, text) in steps {
            let Some(step) = hostile::step(h.doc.map(), a, b, what, &text) else {
                break;
            };
            match step {
                hostile::Step::Apply(edit) => {
                    if let Ok(p) = h.doc.apply(&edit) {
                        h.step(vec![p], &format!("{edit:?}"));
                    }
                }
                hostile::Step::Undo if h.doc.can_undo() => h.undo(),
                hostile::Step::Redo if h.doc.can_redo() => h.redo(),
                _ => {}
            }
        }
    }

    #[test]
    fn a_routed_line_whose_corners_slid_along_it_is_resent_not_shifted() {
        // Found by the hostile maps: a line lost the lane it shared with a deleted one,
        // so its middle corners moved along the straight line; the path (what is drawn)
        // was the same and the line went as a shift of nothing, leaving the page with
        // the old corners.
        let id = |n: u8| NodeId::from_random_bytes([n; 16]);
        let line = |mid: f64| EdgeLine {
            from: id(1),
            to: id(2),
            relation: Relation::Supports,
            primary: false,
            group: None,
            path: vec![[10.0, 0.0], [10.0, 20.0], [10.0, 40.0], [10.0, 60.0]],
            corners: Some(vec![[10.0, 0.0], [10.0, mid], [10.0, mid], [10.0, 60.0]]),
        };
        assert_eq!(shift(&line(28.0), &line(25.0)), None);
        assert_eq!(shift(&line(28.0), &line(28.0)), Some((0.0, 0.0)));
        let mut moved = line(28.0);
        for p in moved
            .path
            .iter_mut()
            .chain(moved.corners.iter_mut().flatten())
        {
            p[0] += 5.0;
            p[1] -= 3.0;
        }
        assert_eq!(shift(&line(28.0), &moved), Some((5.0, -3.0)));
    }

    fn find(doc: &Document, kind: NodeKind, nth: usize) -> NodeId {
        doc.map()
            .nodes()
            .filter(|n| n.kind == kind)
            .nth(nth)
            .unwrap()
            .id
    }

    #[test]
    fn deltas_keep_the_page_equal_to_a_fresh_scene_through_every_kind_of_edit() {
        let mut h = Harness::new(sample());
        let leaf = find(&h.doc, NodeKind::Evidence, 0);
        let thesis = find(&h.doc, NodeKind::Thesis, 0);
        let other = find(&h.doc, NodeKind::Thesis, 1);
        let objection = find(&h.doc, NodeKind::Objection, 0);
        let support = find(&h.doc, NodeKind::Support, 2);
        h.edit(Edit::UpdateNode {
            id: leaf,
            fields: NodeFields {
                text: Some("Short.".into()),
                ..Default::default()
            },
        });
        let new = argmap_core::Node::new(NodeKind::Objection, "new");
        let new_id = new.id;
        h.edit(Edit::AddNode {
            node: new,
            target: Some(thesis),
            relation: None,
            after: None,
        });
        h.edit(Edit::AddNode {
            node: argmap_core::Node::new(NodeKind::Thesis, "free"),
            target: None,
            relation: None,
            after: None,
        });
        h.edit(Edit::ChangeKind {
            id: new_id,
            kind: NodeKind::Support,
        });
        h.edit(Edit::Reattach {
            id: new_id,
            target: other,
        });
        h.edit(Edit::Connect {
            from: support,
            to: other,
            relation: Relation::Objects,
        });
        h.edit(Edit::Move {
            id: support,
            position: Some(Point {
                x: -400.0,
                y: 900.0,
            }),
        });
        h.edit(Edit::SetCollapsed {
            id: thesis,
            collapsed: true,
        });
        h.edit(Edit::SetCollapsed {
            id: thesis,
            collapsed: false,
        });
        // A free question, placed right after the first thesis so that the top-level
        // ranks after it shift, joins a thesis (leaving the top level) and leaves again.
        let q = argmap_core::Node::new(NodeKind::Question, "free question?");
        let qid = q.id;
        h.edit(Edit::AddNode {
            node: q,
            target: None,
            relation: None,
            after: Some(thesis),
        });
        h.edit(Edit::Connect {
            from: qid,
            to: thesis,
            relation: Relation::Annotates,
        });
        h.edit(Edit::Disconnect {
            from: qid,
            to: thesis,
        });
        h.edit(Edit::DeleteSubtree { id: objection });
        for _ in 0..5 {
            h.undo();
        }
        for _ in 0..3 {
            h.redo();
        }
        h.edit(Edit::DeleteSubtree { id: thesis });
        h.undo();
    }

    #[test]
    fn a_text_edit_resends_a_small_part_of_the_map() {
        let mut h = Harness::new(sample());
        // The first of two pieces of evidence stacked beneath one support.
        let leaf = h
            .doc
            .map()
            .nodes()
            .find(|n| n.text.starts_with("Human labour is valuable"))
            .unwrap()
            .id;
        h.edit(Edit::UpdateNode {
            id: leaf,
            fields: NodeFields {
                notes: Some("a note".into()),
                ..Default::default()
            },
        });
        assert_eq!(
            h.resent,
            [1],
            "notes do not move any box: only that node is resent"
        );
        h.edit(Edit::UpdateNode {
            id: leaf,
            fields: NodeFields {
                text: Some("Short.".into()),
                ..Default::default()
            },
        });
        // New text makes its box shorter, so the node goes whole; the one leaf stacked
        // beneath it moves up, and nothing else moves.
        assert_eq!(h.resent[1], 1, "only the edited node is resent whole");
        assert_eq!(h.moved[1], 1, "only the leaf beneath it moves");
    }

    #[test]
    fn lines_that_only_moved_go_as_an_offset() {
        let m = Measurer::new();
        let mut doc = Document::new(sample());
        let map = doc.map();
        // A claim's first objection adds a unit to its row: what stands right of it in
        // that row shifts, lines and all.
        let target = map
            .nodes()
            .find(|n| {
                n.kind == NodeKind::Support
                    && !map
                        .dependents(n.id)
                        .iter()
                        .any(|e| e.relation == Relation::Objects)
            })
            .expect("a support nothing objects to")
            .id;
        let before = scene(map, &m);
        let p = doc
            .apply(&Edit::AddNode {
                node: argmap_core::Node::new(NodeKind::Objection, "An objection"),
                target: Some(target),
                relation: None,
                after: None,
            })
            .unwrap();
        let after = scene(doc.map(), &m);
        let d = before.diff(&after, doc.map(), &[p]);
        let offset = |id| {
            let (a, b) = (before.node_box(id)?, after.node_box(id)?);
            Some((b.x - a.x, b.y - a.y))
        };
        assert!(!d.moved.is_empty(), "the insertion moved boxes");
        assert!(
            !d.shifted.is_empty(),
            "lines of moved boxes went as offsets"
        );
        let near = |a: Option<(f64, f64)>, (dx, dy): (f64, f64)| {
            a.is_some_and(|(x, y)| (x - dx).abs() < 1e-6 && (y - dy).abs() < 1e-6)
        };
        for &(from, to, dx, dy) in &d.shifted {
            assert!(near(offset(from), (dx, dy)), "{from} moved with its line");
            assert!(near(offset(to), (dx, dy)), "{to} moved with its line");
        }
        // A line between two boxes that moved alike is never sent whole.
        for e in d.edges.iter().filter(|e| e.primary) {
            let (a, b) = (offset(e.from), offset(e.to));
            assert!(
                a.is_none() || b.is_none_or(|b| !near(a, b)),
                "{} -> {} moved by {a:?} at both ends but was sent whole",
                e.from,
                e.to
            );
        }
    }

    /// With the last layout kept (as the app keeps it), a tree the edit did not touch
    /// but that moves to make room goes to the page as one offset: none of its boxes
    /// or lines is named, and the page built from that equals a fresh one.
    #[test]
    fn trees_that_only_moved_go_as_one_offset() {
        // Four theses side by side, each with one support beneath.
        let mut doc = Document::new(ArgumentMap::new(Default::default()));
        let mut theses = Vec::new();
        for k in 0..4 {
            let t = argmap_core::Node::new(NodeKind::Thesis, format!("Thesis {k}"));
            let s = argmap_core::Node::new(NodeKind::Support, format!("Support {k}"));
            theses.push(t.id);
            let tid = t.id;
            for (node, target) in [(t, None), (s, Some(tid))] {
                let edit = Edit::AddNode {
                    node,
                    target,
                    relation: None,
                    after: None,
                };
                doc.apply(&edit).unwrap();
            }
        }
        let mut h = Harness::new(doc.map().clone());
        let tree = |h: &Harness, k: usize| h.doc.map().subtree(theses[k]);
        // The first thesis's first objection widens its tree: the three after it move
        // over, whole.
        h.edit(Edit::AddNode {
            node: argmap_core::Node::new(NodeKind::Objection, "An objection"),
            target: Some(theses[0]),
            relation: None,
            after: None,
        });
        for step in ["add", "undo", "redo"] {
            match step {
                "undo" => h.undo(),
                "redo" => h.redo(),
                _ => {}
            }
            let d = h.last.as_ref().unwrap();
            let roots: Vec<NodeId> = d.moved_trees.iter().map(|t| t.0).collect();
            assert_eq!(
                roots,
                theses[1..],
                "{step}: the three trees after it moved whole"
            );
            assert!(
                d.moved_trees.iter().all(|t| t.1 != 0.0 || t.2 != 0.0),
                "{step}: each by an offset"
            );
            let first = tree(&h, 0);
            assert!(
                d.moved.iter().all(|m| first.contains(&m.0))
                    && d.nodes.iter().all(|n| first.contains(&n.node.id)),
                "{step}: no box of a tree that moved whole is named"
            );
            assert!(
                d.shifted.is_empty() && d.edges.iter().all(|e| first.contains(&e.from)),
                "{step}: nor any of its lines"
            );
        }
        // Laid out again with nothing changed, nothing moves.
        let next = Harness::scene_of(h.doc.map(), &h.m, &mut h.cache);
        assert!(h.shown.diff(&next, h.doc.map(), &[]).is_empty());
    }

    #[test]
    fn nothing_changed_is_an_empty_delta() {
        let m = Measurer::new();
        let map = sample();
        assert!(scene(&map, &m).diff(&scene(&map, &m), &map, &[]).is_empty());
    }

    #[test]
    fn nodes_carry_their_parent_relation_and_rank() {
        let m = Measurer::new();
        let map = sample();
        let s = scene(&map, &m).full(&map);
        let theses: Vec<&SceneNode> = s
            .nodes
            .iter()
            .filter(|n| n.node.kind == NodeKind::Thesis)
            .collect();
        assert!(theses.iter().all(|n| n.parent.is_none()));
        assert_eq!(
            theses.iter().map(|n| n.rank).collect::<Vec<_>>(),
            (0..theses.len()).collect::<Vec<_>>()
        );
        let objection = s
            .nodes
            .iter()
            .find(|n| n.node.kind == NodeKind::Objection)
            .unwrap();
        assert_eq!(objection.relation, Some(Relation::Objects));
        let parent = objection.parent.unwrap();
        let rank = map
            .dependents(parent)
            .iter()
            .position(|e| e.from == objection.node.id)
            .unwrap();
        assert_eq!(objection.rank, rank);
    }
}
