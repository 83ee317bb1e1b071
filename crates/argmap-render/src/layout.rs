//! Automatic layout: where each box goes, how its text breaks, and the curves between
//! boxes. The one layout engine for both painters (SVG/PNG here, the canvas in the
//! app), so what the screen shows is what an exported image shows.
//!
//! Each root (a thesis, or anything without a target) is the top of a tree drawn from
//! the nodes' primary targets. Beneath a claim come its supports and evidence on one
//! side, its questions and notes in the middle, its objections on the other; the
//! premises of a co-premise group stand side by side in one frame. Trees are tidy trees
//! in rows: subtrees are packed by their contours (Reingold–Tilford), so boxes never
//! overlap and a change moves as little as the contours allow. Every other edge
//! (cross-links, contradictions) is drawn as an extra curve.
//!
//! Everything is iterative: a hostile file with a chain 500,000 nodes deep lays out
//! without touching the stack.

// The layout keeps per-node facts in parallel arrays indexed by visiting number; loops
// over that number read better than zipped iterators over five arrays.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;

use argmap_core::{ArgumentMap, GroupId, NodeId, NodeKind, Relation};
use serde::Serialize;

use crate::font::Measurer;

/// What a box is drawn as: its kind, with objections to objections told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Thesis,
    Support,
    Objection,
    Rebuttal,
    Evidence,
    Question,
    Note,
}

impl Role {
    pub fn caption(self) -> &'static str {
        match self {
            Role::Thesis => "THESIS",
            Role::Support => "SUPPORT",
            Role::Objection => "OBJECTION",
            Role::Rebuttal => "REBUTTAL",
            Role::Evidence => "EVIDENCE",
            Role::Question => "QUESTION",
            Role::Note => "NOTE",
        }
    }

    fn of(map: &ArgumentMap, id: NodeId, kind: NodeKind) -> Role {
        match kind {
            NodeKind::Thesis => Role::Thesis,
            NodeKind::Support => Role::Support,
            NodeKind::Objection if map.is_rebuttal(id) => Role::Rebuttal,
            NodeKind::Objection => Role::Objection,
            NodeKind::Evidence => Role::Evidence,
            NodeKind::Question => Role::Question,
            NodeKind::Note => Role::Note,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Orientation {
    /// Theses on top, reasons beneath.
    #[default]
    TopDown,
    /// Theses on the left, reasons to the right.
    LeftRight,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct LayoutOptions {
    pub orientation: Orientation,
}

/// How a run of text is set. Painters map these to the same font, size and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// The small kind caption, in the kind's colour.
    Caption,
    /// A node's label, bold.
    Label,
    /// The statement itself.
    Body,
    /// An evidence's source line.
    Source,
    /// The count of a collapsed subtree.
    Badge,
}

/// One line of text, positioned relative to its box's top-left corner; `y` is the
/// baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextRun {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub bold: bool,
    pub tone: Tone,
    pub text: String,
    /// The run's measured width.
    pub w: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    pub id: NodeId,
    pub role: Role,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub runs: Vec<TextRun>,
    /// Nodes hidden beneath this collapsed node.
    pub hidden: usize,
    pub pinned: bool,
}

impl NodeBox {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// A cubic Bézier from `from`'s box to `to`'s box; the arrow is at the `to` end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeLine {
    pub from: NodeId,
    pub to: NodeId,
    pub relation: Relation,
    /// Drawn from the tree (a node to its primary target), not a cross-link.
    pub primary: bool,
    /// Set when the line leaves a co-premise frame rather than one box.
    pub group: Option<GroupId>,
    pub path: [[f64; 2]; 4],
}

/// The frame around the premises of one co-premise group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupBox {
    pub group: GroupId,
    pub relation: Relation,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    pub orientation: Orientation,
    /// Everything drawn, with a margin.
    pub bounds: Rect,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgeLine>,
    pub groups: Vec<GroupBox>,
}

impl Layout {
    pub fn node(&self, id: NodeId) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

// Sizes, in pixels at zoom 1.
const PAD_X: f64 = 12.0;
const PAD_TOP: f64 = 9.0;
const PAD_BOTTOM: f64 = 11.0;
const TEXT_MAX: f64 = 236.0;
const MIN_W: f64 = 132.0;
const CAPTION: (f64, f64) = (10.0, 15.0); // size, line height
const LABEL: (f64, f64) = (13.0, 18.0);
const BODY: (f64, f64) = (14.0, 20.0);
const SOURCE: (f64, f64) = (11.0, 15.0);
const SIBLING_GAP: f64 = 20.0;
const PREMISE_GAP: f64 = 10.0;
const TREE_GAP: f64 = 56.0;
const BAND_GAP: f64 = 96.0;
const ROW_GAP: f64 = 56.0;
const GROUP_PAD: f64 = 6.0;
pub const MARGIN: f64 = 24.0;

/// Sets a node's text into runs and returns the box size.
fn set_text(
    m: &Measurer,
    map: &ArgumentMap,
    id: NodeId,
    role: Role,
    hidden: usize,
) -> (Vec<TextRun>, f64, f64) {
    let node = map.node(id).expect("laid-out node exists");
    let mut runs = Vec::new();
    let mut y = PAD_TOP;
    let mut widest: f64 = 0.0;
    let mut push = |runs: &mut Vec<TextRun>,
                    y: &mut f64,
                    (size, line): (f64, f64),
                    bold,
                    tone,
                    text: String| {
        let w = m.width(&text, size, bold);
        widest = widest.max(w);
        // The glyphs' body, about 1.07 of the size in Noto Sans, centred in the line.
        let baseline = *y + (line - size) / 2.0 + size * 0.86;
        runs.push(TextRun {
            x: PAD_X,
            y: baseline,
            size,
            bold,
            tone,
            text,
            w,
        });
        *y += line;
    };
    push(
        &mut runs,
        &mut y,
        CAPTION,
        true,
        Tone::Caption,
        role.caption().to_string(),
    );
    if let Some(label) = node.label.as_deref().filter(|l| !l.is_empty()) {
        for line in m.wrap(label, LABEL.0, true, TEXT_MAX) {
            push(&mut runs, &mut y, LABEL, true, Tone::Label, line);
        }
    }
    for line in m.wrap(&node.text, BODY.0, false, TEXT_MAX) {
        push(&mut runs, &mut y, BODY, false, Tone::Body, line);
    }
    if let Some(source) = node
        .source
        .as_ref()
        .filter(|_| node.kind == NodeKind::Evidence)
    {
        let citation = source.citation();
        if !citation.is_empty() {
            y += 4.0;
            for line in m.wrap(&format!("— {citation}"), SOURCE.0, false, TEXT_MAX) {
                push(&mut runs, &mut y, SOURCE, false, Tone::Source, line);
            }
        }
    }
    let mut w = (widest + 2.0 * PAD_X).max(MIN_W);
    if hidden > 0 {
        // The badge sits on the caption line, at the right.
        let badge = format!("+{hidden}");
        let bw = m.width(&badge, CAPTION.0, true);
        let caption_w = m.width(role.caption(), CAPTION.0, true);
        w = w.max(2.0 * PAD_X + caption_w + 16.0 + bw);
        runs.push(TextRun {
            x: w - PAD_X - bw,
            y: runs[0].y,
            size: CAPTION.0,
            bold: true,
            tone: Tone::Badge,
            text: badge,
            w: bw,
        });
    }
    (runs, w, y + PAD_BOTTOM)
}

/// Sort class of a child beneath its target: reasons for, then remarks, then against.
fn side(kind: NodeKind, relation: Relation) -> u8 {
    match (kind, relation) {
        (_, Relation::Objects) => 2,
        (NodeKind::Question | NodeKind::Note, _) => 1,
        _ => 0,
    }
}

struct Tree {
    /// Visible nodes in visiting order (parents before children).
    order: Vec<NodeId>,
    index: HashMap<NodeId, usize>,
    children: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
    depth: Vec<usize>,
    group: Vec<Option<GroupId>>,
    hidden: Vec<usize>,
    roots: Vec<usize>,
}

/// The visible forest: primary-target trees, collapsed subtrees cut off, cycles broken
/// where first entered.
fn forest(map: &ArgumentMap) -> Tree {
    // Children by primary target, in the order they are drawn.
    let mut kids: HashMap<NodeId, Vec<(u8, usize, usize, NodeId)>> = HashMap::new();
    let mut roots = Vec::new();
    for n in map.nodes() {
        match map.primary_target(n.id) {
            Some(e) => {
                let at = map.edge_index(e.key()).unwrap_or(usize::MAX);
                // Co-premises stay together, at the place of their first premise.
                let anchor = e
                    .group
                    .map(|g| {
                        map.group(g)
                            .iter()
                            .filter_map(|m| map.edge_index(m.key()))
                            .min()
                            .unwrap_or(at)
                    })
                    .unwrap_or(at);
                kids.entry(e.to)
                    .or_default()
                    .push((side(n.kind, e.relation), anchor, at, n.id));
            }
            None => roots.push(n.id),
        }
    }
    for list in kids.values_mut() {
        list.sort_unstable();
    }
    let mut t = Tree {
        order: Vec::new(),
        index: HashMap::new(),
        children: Vec::new(),
        parent: Vec::new(),
        depth: Vec::new(),
        group: Vec::new(),
        hidden: Vec::new(),
        roots: Vec::new(),
    };
    let mut seen: std::collections::HashSet<NodeId> = std::collections::HashSet::new();
    // Everything beneath a collapsed node is hidden, counted once.
    let count_hidden = |start: NodeId, seen: &mut std::collections::HashSet<NodeId>| {
        let mut n = 0;
        let mut stack: Vec<NodeId> = kids
            .get(&start)
            .into_iter()
            .flatten()
            .map(|k| k.3)
            .collect();
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                n += 1;
                stack.extend(kids.get(&id).into_iter().flatten().map(|k| k.3));
            }
        }
        n
    };
    let later: Vec<NodeId> = map.nodes().map(|n| n.id).collect();
    let starts = roots.into_iter().chain(later);
    for root in starts {
        if !seen.insert(root) {
            continue;
        }
        let mut stack = vec![(root, None::<usize>, 0usize)];
        while let Some((id, parent, depth)) = stack.pop() {
            let i = t.order.len();
            t.order.push(id);
            t.index.insert(id, i);
            t.children.push(Vec::new());
            t.parent.push(parent);
            t.depth.push(depth);
            t.group.push(map.primary_target(id).and_then(|e| e.group));
            t.hidden.push(0);
            match parent {
                Some(p) => t.children[p].push(i),
                None => t.roots.push(i),
            }
            let node = map.node(id).expect("node exists");
            if node.collapsed {
                t.hidden[i] = count_hidden(id, &mut seen);
                continue;
            }
            let list = kids.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            // Pushed in reverse so they are visited, and so numbered, in order.
            for k in list.iter().rev() {
                if seen.insert(k.3) {
                    stack.push((k.3, Some(i), depth + 1));
                }
            }
        }
    }
    // Children were numbered as they were visited: in drawing order already.
    t
}

/// Lays out the whole map.
pub fn layout(map: &ArgumentMap, measurer: &Measurer, options: &LayoutOptions) -> Layout {
    let lr = options.orientation == Orientation::LeftRight;
    let t = forest(map);
    let n = t.order.len();

    // Sizes and text.
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(n);
    for i in 0..n {
        let id = t.order[i];
        let node = map.node(id).expect("node exists");
        let role = Role::of(map, id, node.kind);
        let (runs, w, h) = set_text(measurer, map, id, role, t.hidden[i]);
        boxes.push(NodeBox {
            id,
            role,
            x: 0.0,
            y: 0.0,
            w,
            h,
            runs,
            hidden: t.hidden[i],
            pinned: node.pinned(),
        });
    }
    // Breadth runs along a row, thickness across it (down the page when top-down).
    let breadth = |b: &NodeBox| if lr { b.h } else { b.w };
    let thick = |b: &NodeBox| if lr { b.w } else { b.h };

    // Post-order contour packing: rel[i] is a node's centre relative to its parent's.
    let mut rel = vec![0.0f64; n];
    let mut contour: Vec<Contour> = vec![Contour::default(); n];
    // Parents precede children in `order`, so reverse order is a valid post-order.
    for i in (0..n).rev() {
        let half = breadth(&boxes[i]) / 2.0;
        let ch = &t.children[i];
        if ch.is_empty() {
            contour[i] = Contour::leaf(half);
            continue;
        }
        let (mut acc, offs) = pack(ch, &mut contour, |a, b| {
            if t.group[a].is_some() && t.group[a] == t.group[b] {
                PREMISE_GAP
            } else {
                SIBLING_GAP
            }
        });
        let mid = (offs[0] + offs[offs.len() - 1]) / 2.0;
        for (k, &c) in ch.iter().enumerate() {
            rel[c] = offs[k] - mid;
        }
        acc.off -= mid;
        acc.push_top((-half, half));
        contour[i] = acc;
    }

    // Each node's tree, and each tree's rows (how thick its depth d is).
    let roots = t.roots.len();
    let mut tree_of = vec![0usize; n];
    let mut tree_rows: Vec<Vec<f64>> = vec![Vec::new(); roots];
    let mut rank = 0;
    for i in 0..n {
        tree_of[i] = match t.parent[i] {
            Some(p) => tree_of[p],
            None => {
                rank += 1;
                rank - 1
            }
        };
        let rows = &mut tree_rows[tree_of[i]];
        if rows.len() <= t.depth[i] {
            rows.resize(t.depth[i] + 1, 0.0);
        }
        rows[t.depth[i]] = rows[t.depth[i]].max(thick(&boxes[i]));
    }
    let tree_extent: Vec<(f64, f64)> = t.roots.iter().map(|&r| contour[r].extent()).collect();
    let tree_depth: Vec<f64> = tree_rows
        .iter()
        .map(|r| r.iter().sum::<f64>() + ROW_GAP * r.len() as f64)
        .collect();

    // Trees fill bands as words fill lines, keeping the picture near 16:10 (landscape
    // top-down, portrait left-to-right) instead of one endless row of theses.
    let area: f64 = (0..roots)
        .map(|k| (tree_extent[k].1 - tree_extent[k].0 + TREE_GAP) * tree_depth[k])
        .sum();
    let aspect = if lr { 1.0 / 1.6 } else { 1.6 };
    let widest = tree_extent.iter().map(|e| e.1 - e.0).fold(0.0, f64::max);
    let band_limit = (area * aspect).sqrt().max(widest);
    let mut bands: Vec<Vec<usize>> = Vec::new();
    let mut used = f64::INFINITY;
    for k in 0..roots {
        let b = tree_extent[k].1 - tree_extent[k].0;
        if used + TREE_GAP + b > band_limit {
            bands.push(Vec::new());
            used = -TREE_GAP;
        }
        bands.last_mut().expect("a band was started").push(k);
        used += TREE_GAP + b;
    }

    let mut centre = vec![0.0f64; n];
    let mut rows_of_tree: Vec<usize> = vec![0; roots];
    let mut band_rows: Vec<Vec<f64>> = Vec::new();
    let mut band_top = MARGIN;
    for band in &bands {
        let band_roots: Vec<usize> = band.iter().map(|&k| t.roots[k]).collect();
        let (_, offs) = pack(&band_roots, &mut contour, |_, _| TREE_GAP);
        let left = band
            .iter()
            .zip(&offs)
            .map(|(&k, o)| o + tree_extent[k].0)
            .fold(f64::INFINITY, f64::min);
        for (&k, o) in band.iter().zip(&offs) {
            centre[t.roots[k]] = o - left + MARGIN;
        }
        // The band's rows: each depth as thick as its thickest box in the band.
        let depth = band.iter().map(|&k| tree_rows[k].len()).max().unwrap_or(0);
        let mut sizes = vec![0.0f64; depth];
        for &k in band {
            for (d, &size) in tree_rows[k].iter().enumerate() {
                sizes[d] = sizes[d].max(size);
            }
            rows_of_tree[k] = band_rows.len();
        }
        let mut pos = Vec::with_capacity(depth);
        let mut y = band_top;
        for size in &sizes {
            pos.push(y);
            y += size + ROW_GAP;
        }
        band_rows.push(pos);
        band_top = y - ROW_GAP + BAND_GAP;
    }
    for i in 0..n {
        if let Some(p) = t.parent[i] {
            centre[i] = centre[p] + rel[i];
        }
        let b = centre[i] - breadth(&boxes[i]) / 2.0;
        let d = band_rows[rows_of_tree[tree_of[i]]][t.depth[i]];
        if lr {
            boxes[i].x = d;
            boxes[i].y = b;
        } else {
            boxes[i].x = b;
            boxes[i].y = d;
        }
    }

    // Pinned nodes carry their visible subtree to where the user put them.
    for i in 0..n {
        let Some(p) = map.node(t.order[i]).and_then(|nd| nd.position) else {
            continue;
        };
        let (dx, dy) = (p.x - boxes[i].x, p.y - boxes[i].y);
        if dx == 0.0 && dy == 0.0 {
            continue;
        }
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            boxes[j].x += dx;
            boxes[j].y += dy;
            stack.extend(t.children[j].iter().copied().filter(|&c| !boxes[c].pinned));
        }
    }

    let (edges, groups) = connect(map, &t, &boxes, lr);
    let bounds = bounds(&boxes, &groups);
    Layout {
        orientation: options.orientation,
        bounds,
        nodes: boxes,
        edges,
        groups,
    }
}

/// The left and right extent of a subtree at each depth below its root. Levels are
/// stored deepest first, so adding a parent's level is a push, and positions carry a
/// lazy offset, so moving a subtree is one addition: packing is linear even for a chain
/// of half a million nodes.
#[derive(Clone, Debug, Default)]
struct Contour {
    levels: Vec<(f64, f64)>,
    off: f64,
}

impl Contour {
    fn leaf(half: f64) -> Contour {
        Contour {
            levels: vec![(-half, half)],
            off: 0.0,
        }
    }

    fn depth(&self) -> usize {
        self.levels.len()
    }

    /// Extent at `d` levels below the top.
    fn at(&self, d: usize) -> (f64, f64) {
        let (l, r) = self.levels[self.levels.len() - 1 - d];
        (l + self.off, r + self.off)
    }

    fn set(&mut self, d: usize, (l, r): (f64, f64)) {
        let i = self.levels.len() - 1 - d;
        self.levels[i] = (l - self.off, r - self.off);
    }

    /// Puts a new top level above the others.
    fn push_top(&mut self, (l, r): (f64, f64)) {
        self.levels.push((l - self.off, r - self.off));
    }

    fn extent(&self) -> (f64, f64) {
        self.levels
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |e, &(l, r)| {
                (e.0.min(l + self.off), e.1.max(r + self.off))
            })
    }
}

/// Packs subtrees side by side as close as their contours allow. Returns the merged
/// contour and each subtree's offset. The subtrees' contours are consumed.
fn pack(
    items: &[usize],
    contour: &mut [Contour],
    gap: impl Fn(usize, usize) -> f64,
) -> (Contour, Vec<f64>) {
    let mut offs = Vec::with_capacity(items.len());
    let Some(&first) = items.first() else {
        return (Contour::default(), offs);
    };
    let mut acc = std::mem::take(&mut contour[first]);
    offs.push(0.0);
    for w in items.windows(2) {
        let (prev, c) = (w[0], w[1]);
        let mut next = std::mem::take(&mut contour[c]);
        let g = gap(prev, c);
        let common = acc.depth().min(next.depth());
        let shift = (0..common)
            .map(|d| acc.at(d).1 - next.at(d).0 + g)
            .fold(f64::NEG_INFINITY, f64::max);
        next.off += shift;
        // Merge the shallower into the deeper.
        if next.depth() > acc.depth() {
            std::mem::swap(&mut acc, &mut next);
        }
        for d in 0..next.depth() {
            let (a, b) = (acc.at(d), next.at(d));
            acc.set(d, (a.0.min(b.0), a.1.max(b.1)));
        }
        offs.push(shift);
    }
    (acc, offs)
}

fn side_point(b: &NodeBox, toward: [f64; 2]) -> [f64; 2] {
    let c = [b.x + b.w / 2.0, b.y + b.h / 2.0];
    let (dx, dy) = (toward[0] - c[0], toward[1] - c[1]);
    if dx.abs() * b.h > dy.abs() * b.w {
        [if dx > 0.0 { b.x + b.w } else { b.x }, c[1]]
    } else {
        [c[0], if dy > 0.0 { b.y + b.h } else { b.y }]
    }
}

/// A curve leaving `a` towards `b`, tangent to the side it leaves from.
fn curve(a: [f64; 2], b: [f64; 2], a_vertical: bool, b_vertical: bool) -> [[f64; 2]; 4] {
    let k = 0.5;
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let c1 = if a_vertical {
        [a[0], a[1] + dy * k]
    } else {
        [a[0] + dx * k, a[1]]
    };
    let c2 = if b_vertical {
        [b[0], b[1] - dy * k]
    } else {
        [b[0] - dx * k, b[1]]
    };
    [a, c1, c2, b]
}

fn connect(
    map: &ArgumentMap,
    t: &Tree,
    boxes: &[NodeBox],
    lr: bool,
) -> (Vec<EdgeLine>, Vec<GroupBox>) {
    let mut edges = Vec::new();
    // Co-premise frames around the visible premises of each group.
    let mut frames: HashMap<GroupId, (usize, [f64; 4], Relation, NodeId)> = HashMap::new();
    for (i, g) in t.group.iter().enumerate() {
        let (Some(g), Some(p)) = (g, t.parent[i]) else {
            continue;
        };
        let b = &boxes[i];
        let rel = map
            .primary_target(b.id)
            .map_or(Relation::Supports, |e| e.relation);
        let e = frames.entry(*g).or_insert((
            p,
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            rel,
            b.id,
        ));
        e.1 = [
            e.1[0].min(b.x),
            e.1[1].min(b.y),
            e.1[2].max(b.x + b.w),
            e.1[3].max(b.y + b.h),
        ];
    }
    let mut groups: Vec<GroupBox> = frames
        .iter()
        .map(|(&group, &(_, r, relation, _))| GroupBox {
            group,
            relation,
            x: r[0] - GROUP_PAD,
            y: r[1] - GROUP_PAD,
            w: r[2] - r[0] + 2.0 * GROUP_PAD,
            h: r[3] - r[1] + 2.0 * GROUP_PAD,
        })
        .collect();
    groups.sort_unstable_by(|a, b| {
        (a.x, a.y)
            .partial_cmp(&(b.x, b.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // Tree edges: child to parent, one per group. Arrowheads spread along the parent's
    // edge in the order of the children, so they do not all meet in one point.
    let mut lines_into: Vec<usize> = vec![0; t.order.len()];
    let mut slot: Vec<usize> = vec![0; t.order.len()];
    {
        let mut counted = std::collections::HashSet::new();
        for i in 0..t.order.len() {
            let Some(p) = t.parent[i] else { continue };
            if t.group[i].is_none_or(|g| counted.insert(g)) {
                slot[i] = lines_into[p];
                lines_into[p] += 1;
            }
        }
    }
    let attach = |p: usize, i: usize, along: f64, len: f64| {
        let n = lines_into[p] as f64;
        let inset = (len * 0.2).min(24.0);
        along + inset + (len - 2.0 * inset) * (slot[i] as f64 + 0.5) / n
    };
    let mut drawn_groups = std::collections::HashSet::new();
    for i in 0..t.order.len() {
        let Some(p) = t.parent[i] else { continue };
        let (child, parent) = (&boxes[i], &boxes[p]);
        let primary = map.primary_target(child.id).expect("a child has a target");
        let (from_rect, group) = match t.group[i] {
            Some(g) => {
                if !drawn_groups.insert(g) {
                    continue;
                }
                let f = groups.iter().find(|f| f.group == g).expect("frame exists");
                ((f.x, f.y, f.w, f.h), Some(g))
            }
            None => ((child.x, child.y, child.w, child.h), None),
        };
        let path = if lr {
            let a = [from_rect.0, from_rect.1 + from_rect.3 / 2.0];
            let b = [parent.x + parent.w, attach(p, i, parent.y, parent.h)];
            curve(a, b, false, false)
        } else {
            let a = [from_rect.0 + from_rect.2 / 2.0, from_rect.1];
            let b = [attach(p, i, parent.x, parent.w), parent.y + parent.h];
            curve(a, b, true, true)
        };
        edges.push(EdgeLine {
            from: child.id,
            to: parent.id,
            relation: primary.relation,
            primary: true,
            group,
            path,
        });
    }
    // Cross-links and contradictions between visible boxes.
    for e in map.edges() {
        let (Some(&a), Some(&b)) = (t.index.get(&e.from), t.index.get(&e.to)) else {
            continue;
        };
        if t.parent[a] == Some(b) && map.primary_target(e.from).is_some_and(|p| p.to == e.to) {
            continue;
        }
        let (ba, bb) = (&boxes[a], &boxes[b]);
        let path = if ba.y == bb.y && !lr {
            // Peers in one row: arc over the top.
            let pa = [ba.x + ba.w / 2.0, ba.y];
            let pb = [bb.x + bb.w / 2.0, bb.y];
            let lift = 18.0 + (pa[0] - pb[0]).abs().min(400.0) * 0.08;
            [pa, [pa[0], pa[1] - lift], [pb[0], pb[1] - lift], pb]
        } else {
            let ca = [bb.x + bb.w / 2.0, bb.y + bb.h / 2.0];
            let cb = [ba.x + ba.w / 2.0, ba.y + ba.h / 2.0];
            let pa = side_point(ba, ca);
            let pb = side_point(bb, cb);
            let va = pa[1] == ba.y || pa[1] == ba.y + ba.h;
            let vb = pb[1] == bb.y || pb[1] == bb.y + bb.h;
            curve(pa, pb, va, vb)
        };
        edges.push(EdgeLine {
            from: e.from,
            to: e.to,
            relation: e.relation,
            primary: false,
            group: None,
            path,
        });
    }
    (edges, groups)
}

fn bounds(boxes: &[NodeBox], groups: &[GroupBox]) -> Rect {
    let mut r = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for b in boxes
        .iter()
        .map(|b| (b.x, b.y, b.w, b.h))
        .chain(groups.iter().map(|g| (g.x, g.y, g.w, g.h)))
    {
        r = [
            r[0].min(b.0),
            r[1].min(b.1),
            r[2].max(b.0 + b.2),
            r[3].max(b.1 + b.3),
        ];
    }
    if !r[0].is_finite() {
        return Rect {
            x: 0.0,
            y: 0.0,
            w: 2.0 * MARGIN,
            h: 2.0 * MARGIN,
        };
    }
    // Room above the top row for arcs between peers.
    let top = 40.0;
    Rect {
        x: r[0] - MARGIN,
        y: r[1] - MARGIN - top,
        w: r[2] - r[0] + 2.0 * MARGIN,
        h: r[3] - r[1] + 2.0 * MARGIN + top,
    }
}
