//! Automatic layout: where each box goes, how its text breaks, and the curves between
//! boxes. The one layout engine for both painters (SVG/PNG here, the canvas in the
//! app), so what the screen shows is what an exported image shows.
//!
//! Each root (a thesis, or anything without a target) is the top of a tree drawn from
//! the nodes' primary targets. Beneath a claim come its supports and evidence on one
//! side, its questions and notes in the middle, its objections on the other; the
//! premises of a co-premise group stand side by side in one frame. Every subtree owns
//! a strip of the row it stands in, so boxes never overlap and a change moves only what
//! shares a strip with it. Trees fill bands as words fill lines. Every other edge
//! (cross-links, contradictions) is routed through the gaps between strips and rows.
//!
//! Each tree is laid out on its own and then moved to its place in its band, so a
//! layout kept from before an edit ([`TextCache`]) lays out again only the trees the
//! edit touched.
//!
//! Everything is iterative: a hostile file with a chain 500,000 nodes deep lays out
//! without touching the stack.

// The layout keeps per-node facts in parallel arrays indexed by visiting number; loops
// over that number read better than zipped iterators over five arrays.
#![allow(clippy::needless_range_loop)]

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use argmap_core::{ArgumentMap, GroupId, Node, NodeId, NodeKind, Relation, Revision};
use serde::Serialize;

use crate::font::{Line, Measurer};

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
/// baseline, and the measured line runs from `x` to `x + w`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextRun {
    #[serde(serialize_with = "wire::coord")]
    pub x: f64,
    #[serde(serialize_with = "wire::coord")]
    pub y: f64,
    pub size: f64,
    pub bold: bool,
    pub tone: Tone,
    pub text: String,
    /// The run's measured width.
    #[serde(serialize_with = "wire::coord")]
    pub w: f64,
    /// It reads right to left (its paragraph does): it is set against the box's right
    /// edge, and painters anchor it there (`x + w`), where its first letter is.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rtl: bool,
    /// The system font that sets the whole line, by family name, when the bundled one
    /// lacks some of its letters and that font has them all (font.rs); painters ask
    /// for it first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<Arc<str>>,
    /// A line whose letters come from several fonts (an emoji in a sentence, Hebrew
    /// and an emoji), in the pieces painters set apart, from its left end to its right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pieces: Option<Arc<[TextPiece]>>,
}

/// Part of a line set on its own, in one font and one direction (font.rs, `pieces`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextPiece {
    /// Its left end, from the line's.
    #[serde(serialize_with = "wire::coord")]
    pub x: f64,
    pub text: Box<str>,
    /// Its letters stand from its right end.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rtl: bool,
    /// The system font it is set in, by family name; without one, the bundled font.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<Arc<str>>,
    /// Its letters are colour pictures (emoji), which a PDF draws apart (pdf.rs).
    #[serde(skip)]
    pub colour: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeBox {
    pub id: NodeId,
    pub role: Role,
    #[serde(serialize_with = "wire::coord")]
    pub x: f64,
    #[serde(serialize_with = "wire::coord")]
    pub y: f64,
    #[serde(serialize_with = "wire::coord")]
    pub w: f64,
    #[serde(serialize_with = "wire::coord")]
    pub h: f64,
    /// Shared with the text cache: a layout that reuses a box's text copies no lines.
    pub runs: Arc<[TextRun]>,
    /// Nodes hidden beneath this collapsed node.
    pub hidden: usize,
    pub pinned: bool,
}

impl PartialEq for NodeBox {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
            && self.role == o.role
            && self.x == o.x
            && self.y == o.y
            && self.w == o.w
            && self.h == o.h
            && self.hidden == o.hidden
            && self.pinned == o.pinned
            // Lines from the text cache are shared: the same lines need no comparing.
            && (Arc::ptr_eq(&self.runs, &o.runs) || self.runs == o.runs)
    }
}

impl NodeBox {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// A cubic Bézier from `from`'s box to `to`'s box; the arrow is at the `to` end.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLine {
    pub from: NodeId,
    pub to: NodeId,
    pub relation: Relation,
    /// Drawn from the tree (a node to its primary target), not a cross-link.
    pub primary: bool,
    /// Set when the line leaves a co-premise frame rather than one box.
    pub group: Option<GroupId>,
    /// Cubic Bézier segments end to end: a start point, then three points (two
    /// controls and an end) per segment.
    pub path: Vec<[f64; 2]>,
    /// The corners of the polyline that `path` rounds ([`rounded`]), when it is one (a
    /// routed cross-link). The page is sent these instead of the path and rounds them
    /// the same way (ui/src/route.ts): a fifth of the bytes.
    pub corners: Option<Vec<[f64; 2]>>,
}

/// A line as the page takes it: `corners` in place of `path` where there are some.
impl Serialize for EdgeLine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("EdgeLine", 6)?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("to", &self.to)?;
        st.serialize_field("relation", &self.relation)?;
        st.serialize_field("primary", &self.primary)?;
        st.serialize_field("group", &self.group)?;
        match &self.corners {
            Some(c) => st.serialize_field("corners", &wire::Points(c))?,
            None => st.serialize_field("path", &wire::Points(&self.path))?,
        }
        st.end()
    }
}

/// The frame around the premises of one co-premise group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupBox {
    pub group: GroupId,
    pub relation: Relation,
    #[serde(serialize_with = "wire::coord")]
    pub x: f64,
    #[serde(serialize_with = "wire::coord")]
    pub y: f64,
    #[serde(serialize_with = "wire::coord")]
    pub w: f64,
    #[serde(serialize_with = "wire::coord")]
    pub h: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    #[serde(serialize_with = "wire::coord")]
    pub x: f64,
    #[serde(serialize_with = "wire::coord")]
    pub y: f64,
    #[serde(serialize_with = "wire::coord")]
    pub w: f64,
    #[serde(serialize_with = "wire::coord")]
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

/// A layout as the app keeps it from one edit to the next: each tree's own layout
/// (shared with the [`TextCache`] that lays out the next edit) and where the tree was
/// put, the cross-links and the co-premise frames. An edit that lays out one tree again
/// copies nothing of the others; the whole map's lists of boxes and lines
/// ([`Placement::to_layout`]) are made only when a whole picture is wanted.
#[derive(Clone)]
pub struct Placement(Placed);

#[derive(Clone)]
enum Placed {
    /// A map with pinned boxes, which make way for each other across trees: laid out
    /// whole, with nothing kept.
    Whole(Layout),
    Trees {
        orientation: Orientation,
        bounds: Rect,
        trees: Vec<PlacedTree>,
        /// Cross-links, in the map's order of edges; shared with the routes kept for the
        /// next layout.
        links: Vec<Arc<EdgeLine>>,
        groups: Vec<GroupBox>,
    },
}

/// One tree of a [`Placement`]: its own layout, and what was added to every x and y of
/// it. Two placed trees with the same [`generation`](PlacedTree::generation) hold the
/// same boxes and lines, each moved by its own origin, so a scene diff can tell the page
/// "this tree moved by so much" instead of naming every box and line.
#[derive(Clone)]
pub(crate) struct PlacedTree {
    local: Arc<Local>,
    pub(crate) origin: (f64, f64),
}

impl std::fmt::Debug for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Placed::Whole(l) => f.debug_tuple("Placement").field(l).finish(),
            Placed::Trees { trees, links, .. } => f
                .debug_struct("Placement")
                .field("trees", &trees.len())
                .field("links", &links.len())
                .finish_non_exhaustive(),
        }
    }
}

impl From<Layout> for Placement {
    fn from(l: Layout) -> Placement {
        Placement(Placed::Whole(l))
    }
}

/// `b` moved by `(dx, dy)`.
fn moved_box(b: &NodeBox, dx: f64, dy: f64) -> NodeBox {
    NodeBox {
        x: b.x + dx,
        y: b.y + dy,
        ..b.clone()
    }
}

/// `e` with every point moved by `(dx, dy)`.
fn moved_line(e: &EdgeLine, dx: f64, dy: f64) -> EdgeLine {
    let by = |p: &[f64; 2]| [p[0] + dx, p[1] + dy];
    EdgeLine {
        from: e.from,
        to: e.to,
        relation: e.relation,
        primary: e.primary,
        group: e.group,
        path: e.path.iter().map(by).collect(),
        corners: e.corners.as_ref().map(|c| c.iter().map(by).collect()),
    }
}

impl PlacedTree {
    /// Unique to one laying-out of one tree in this process.
    pub(crate) fn generation(&self) -> u64 {
        self.local.generation
    }

    pub(crate) fn root(&self) -> NodeId {
        self.local.t.order[0]
    }

    /// Its boxes where they are drawn.
    pub(crate) fn boxes(&self) -> impl Iterator<Item = NodeBox> + '_ {
        let (ox, oy) = self.origin;
        self.local.boxes.iter().map(move |b| moved_box(b, ox, oy))
    }

    /// Its own lines (each node's to its parent) where they are drawn.
    pub(crate) fn lines(&self) -> impl Iterator<Item = EdgeLine> + '_ {
        let (ox, oy) = self.origin;
        let lines = self.local.lines.as_ref().map_or(&[][..], |l| &l.0);
        lines.iter().map(move |e| moved_line(e, ox, oy))
    }

    /// The box of `id` where it is drawn, if it is a visible node of this tree.
    pub(crate) fn node_box(&self, id: NodeId) -> Option<NodeBox> {
        let b = &self.local.boxes[*self.local.t.index.get(&id)?];
        Some(moved_box(b, self.origin.0, self.origin.1))
    }
}

impl Placement {
    pub fn orientation(&self) -> Orientation {
        match &self.0 {
            Placed::Whole(l) => l.orientation,
            Placed::Trees { orientation, .. } => *orientation,
        }
    }

    /// Everything drawn, with a margin.
    pub fn bounds(&self) -> Rect {
        match &self.0 {
            Placed::Whole(l) => l.bounds,
            Placed::Trees { bounds, .. } => *bounds,
        }
    }

    pub fn groups(&self) -> &[GroupBox] {
        match &self.0 {
            Placed::Whole(l) => &l.groups,
            Placed::Trees { groups, .. } => groups,
        }
    }

    /// The layout, when the map was laid out whole.
    pub(crate) fn whole(&self) -> Option<&Layout> {
        match &self.0 {
            Placed::Whole(l) => Some(l),
            Placed::Trees { .. } => None,
        }
    }

    /// The trees and the cross-links, unless the map was laid out whole.
    pub(crate) fn trees(&self) -> Option<(&[PlacedTree], &[Arc<EdgeLine>])> {
        match &self.0 {
            Placed::Whole(_) => None,
            Placed::Trees { trees, links, .. } => Some((trees, links)),
        }
    }

    /// The whole map's lists: each tree's boxes and lines in turn, then the
    /// cross-links.
    pub fn to_layout(&self) -> Layout {
        match &self.0 {
            Placed::Whole(l) => l.clone(),
            Placed::Trees {
                orientation,
                bounds,
                trees,
                links,
                groups,
            } => Layout {
                orientation: *orientation,
                bounds: *bounds,
                nodes: trees.iter().flat_map(PlacedTree::boxes).collect(),
                edges: trees
                    .iter()
                    .flat_map(PlacedTree::lines)
                    .chain(links.iter().map(|e| EdgeLine::clone(e)))
                    .collect(),
                groups: groups.clone(),
            },
        }
    }

    pub fn into_layout(self) -> Layout {
        match self.0 {
            Placed::Whole(l) => l,
            _ => self.to_layout(),
        }
    }
}

/// Numbers each laying-out of a tree (see [`PlacedTree::generation`]). Process-wide, so
/// layouts from different caches never share a number.
static GENERATION: AtomicU64 = AtomicU64::new(1);

impl Layout {
    pub fn node(&self, id: NodeId) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// Coordinates go to the app's page with two decimals, as the SVG painter writes them:
/// a hundredth of a pixel at zoom 1, never seen, in a third of the digits of a float's
/// shortest exact form (the reply to an edit of a large map is mostly coordinates).
pub(crate) mod wire {
    use serde::Serializer;

    /// `v` to two decimals (left as it is where that cannot be done exactly).
    pub fn round(v: f64) -> f64 {
        if v.is_finite() && v.abs() < 1e12 {
            (v * 100.0).round() / 100.0
        } else {
            v
        }
    }

    pub fn coord<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(round(*v))
    }

    pub fn points<S: Serializer>(p: &[[f64; 2]], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(p.iter().map(|&[x, y]| [round(x), round(y)]))
    }

    /// Points to two decimals, as a value to serialise.
    pub struct Points<'a>(pub &'a [[f64; 2]]);

    impl serde::Serialize for Points<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            points(self.0, s)
        }
    }
}

// Sizes, in pixels at zoom 1.
const PAD_X: f64 = 12.0;
const PAD_TOP: f64 = 9.0;
const PAD_BOTTOM: f64 = 11.0;
const TEXT_MAX: f64 = 236.0;
const MIN_W: f64 = 132.0;
/// Every box in a stack of leaves is this wide, so a stack never changes width.
const STACK_W: f64 = TEXT_MAX + 2.0 * PAD_X;
/// The lane beside a stack where its lines run up to their parent.
const SPINE: f64 = 18.0;
const LEAF_GAP: f64 = 12.0;
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
/// Bands are at least this wide (the width of a slide at 1×).
const MIN_BAND: f64 = 1280.0;
/// Room above the top band for lines between trees.
const TOP_ROOM: f64 = 40.0;
/// Radius of the rounded corners of routed lines.
const CORNER: f64 = 8.0;
/// Space between routed lines that share a channel.
const LANE: f64 = 3.0;
/// Routed lines in different lanes meet a box this many times their lanes' distance
/// apart, so that their arrowheads do not touch (see [`ARROW_ROOM`]).
const SPREAD: f64 = 6.0;
/// How far outside a strip its channel runs: half the narrowest gap between strips.
const CHANNEL: f64 = PREMISE_GAP / 2.0;
/// Cross-links climb at most this many levels; deeper ones are drawn direct.
const ROUTE_DEPTH: usize = 64;
/// Clearance kept between a box that had to make way and what it made way for.
const SETTLE_GAP: f64 = 12.0;

/// What earlier layouts of a map leave for the next: the text set in each box, so only
/// boxes whose text changed are measured again, and the trees of the last layout, so
/// only trees an edit touched are laid out again. The app keeps one per open map; a
/// layout without one does everything afresh (and gives the same result).
#[derive(Default)]
pub struct TextCache {
    entries: HashMap<NodeId, Setting>,
    /// The trees of the last layout.
    memo: Option<Memo>,
}

/// What a box's text was set from, and what it gave.
struct Setting {
    kind: NodeKind,
    text: String,
    label: Option<String>,
    citation: Option<String>,
    role: Role,
    hidden: usize,
    width: Option<f64>,
    runs: Arc<[TextRun]>,
    w: f64,
    h: f64,
}

impl TextCache {
    /// Runs and size for a node, from the cache when nothing they depend on changed.
    fn set(
        &mut self,
        m: &Measurer,
        node: &Node,
        role: Role,
        hidden: usize,
        width: Option<f64>,
    ) -> (Arc<[TextRun]>, f64, f64) {
        let id = node.id;
        let citation = || {
            node.source
                .as_ref()
                .filter(|_| node.kind == NodeKind::Evidence)
                .map(|s| s.citation())
        };
        if let Some(e) = self.entries.get(&id) {
            if e.kind == node.kind
                && e.role == role
                && e.hidden == hidden
                && e.width == width
                && e.text == node.text
                && e.label == node.label
                && e.citation == citation()
            {
                return (e.runs.clone(), e.w, e.h);
            }
        }
        let (runs, w, h) = set_text(m, node, role, hidden, width);
        self.entries.insert(
            id,
            Setting {
                kind: node.kind,
                text: node.text.clone(),
                label: node.label.clone(),
                citation: citation(),
                role,
                hidden,
                width,
                runs: runs.clone(),
                w,
                h,
            },
        );
        (runs, w, h)
    }

    /// Forgets nodes no longer in the map, once the cache has grown well past it.
    fn prune(&mut self, map: &ArgumentMap) {
        if self.entries.len() > 2 * map.len() + 64 {
            self.entries.retain(|id, _| map.node(*id).is_some());
        }
    }
}

/// Sets a node's text into runs and returns the box size. `width` fixes the box's
/// width (boxes in a stack all have the same).
fn set_text(
    m: &Measurer,
    node: &Node,
    role: Role,
    hidden: usize,
    width: Option<f64>,
) -> (Arc<[TextRun]>, f64, f64) {
    let mut runs = Vec::new();
    let mut y = PAD_TOP;
    let mut widest: f64 = 0.0;
    let mut push = |runs: &mut Vec<TextRun>,
                    y: &mut f64,
                    (size, line): (f64, f64),
                    bold,
                    tone,
                    Line {
                        text,
                        rtl,
                        font,
                        pieces,
                    }: Line| {
        let w = m.width_in(&text, size, bold, font.as_ref());
        widest = widest.max(w);
        let pieces = pieces.map(|pieces| {
            // A right-to-left line stands against its right end.
            let shift = match pieces.last() {
                Some(p) if rtl => w - (p.left + p.w),
                _ => 0.0,
            };
            pieces
                .into_iter()
                .map(|p| TextPiece {
                    x: p.left + shift,
                    text: text[p.range.clone()].into(),
                    rtl: p.rtl,
                    colour: p.is_colour(),
                    font: match p.origin {
                        crate::font::Origin::System(f) => Some(f.family().clone()),
                        _ => None,
                    },
                })
                .collect()
        });
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
            rtl,
            font: font.map(|f| f.family().clone()),
            pieces,
        });
        *y += line;
    };
    push(
        &mut runs,
        &mut y,
        CAPTION,
        true,
        Tone::Caption,
        Line {
            text: role.caption().to_string(),
            rtl: false,
            font: None,
            pieces: None,
        },
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
    let mut w = width.unwrap_or_else(|| (widest + 2.0 * PAD_X).max(MIN_W));
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
            rtl: false,
            font: None,
            pieces: None,
        });
    }
    for r in runs.iter_mut().filter(|r| r.rtl) {
        r.x = w - PAD_X - r.w;
    }
    (runs.into(), w, y + PAD_BOTTOM)
}

/// Sort class of a child beneath its target: reasons for, then remarks, then against.
fn side(kind: NodeKind, relation: Relation) -> u8 {
    match (kind, relation) {
        (_, Relation::Objects) => 2,
        (NodeKind::Question | NodeKind::Note, _) => 1,
        _ => 0,
    }
}

#[derive(Clone, Default)]
struct Tree {
    /// Visible nodes in visiting order (parents before children).
    order: Vec<NodeId>,
    /// Where each is in `order`; filled for one tree laid out on its own, which the
    /// ends of cross-links are looked up in.
    index: HashMap<NodeId, usize>,
    children: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
    group: Vec<Option<GroupId>>,
    /// How each node joins its parent.
    relation: Vec<Relation>,
    side: Vec<u8>,
    hidden: Vec<usize>,
    roots: Vec<usize>,
}

/// A child beneath its primary target, as it sorts: (side, the place of its group's
/// first edge, the place of its edge, its place in the map).
type Kid = (u8, usize, usize, usize);

/// The child entry of the node at `k`, joined to its target by `e`.
fn kid(map: &ArgumentMap, k: usize, kind: NodeKind, e: &argmap_core::Edge) -> Kid {
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
    (side(kind, e.relation), anchor, at, k)
}

/// How the trees are found: the children of each node, and each node's primary edge.
trait Kin {
    fn kids(&self, k: usize) -> &[Kid];
    fn primary(&self, k: usize) -> Option<(Option<GroupId>, Relation)>;
}

/// For the whole map, worked out in one pass over it.
struct AllKin {
    kids: Vec<Vec<Kid>>,
    primary: Vec<Option<(Option<GroupId>, Relation)>>,
    /// Nodes without a (present) target, in map order.
    roots: Vec<usize>,
}

impl AllKin {
    fn new(map: &ArgumentMap) -> AllKin {
        let all = map.len();
        let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); all];
        let mut primary = vec![None; all];
        let mut roots = Vec::new();
        for (k, n) in map.nodes().enumerate() {
            let Some(e) = map.primary_target(n.id) else {
                roots.push(k);
                continue;
            };
            let Some(to) = map.node_index(e.to) else {
                roots.push(k);
                continue;
            };
            primary[k] = Some((e.group, e.relation));
            kids[to].push(kid(map, k, n.kind, e));
        }
        for list in &mut kids {
            list.sort_unstable();
        }
        AllKin {
            kids,
            primary,
            roots,
        }
    }
}

impl Kin for AllKin {
    fn kids(&self, k: usize) -> &[Kid] {
        &self.kids[k]
    }
    fn primary(&self, k: usize) -> Option<(Option<GroupId>, Relation)> {
        self.primary[k]
    }
}

/// For a few trees, asked of the map node by node: what an edit touched.
struct SomeKin {
    kids: HashMap<usize, Vec<Kid>>,
    primary: HashMap<usize, (Option<GroupId>, Relation)>,
}

impl SomeKin {
    /// Everything beneath each of `roots` (map places); `None` when a node is met twice
    /// (a cycle), which the whole-map way handles.
    fn new(map: &ArgumentMap, roots: &[usize]) -> Option<SomeKin> {
        let mut s = SomeKin {
            kids: HashMap::new(),
            primary: HashMap::new(),
        };
        let mut stack: Vec<usize> = roots.to_vec();
        while let Some(k) = stack.pop() {
            let id = map.node_at(k)?.id;
            let mut list = Vec::new();
            for e in map.dependents(id) {
                let Some(p) = map.primary_target(e.from) else {
                    continue;
                };
                if p.key() != e.key() {
                    continue;
                }
                let c = map.node_index(e.from)?;
                let node = map.node_at(c)?;
                list.push(kid(map, c, node.kind, e));
                s.primary.insert(c, (e.group, e.relation));
                stack.push(c);
            }
            list.sort_unstable();
            if s.kids.insert(k, list).is_some() {
                return None;
            }
        }
        Some(s)
    }
}

impl Kin for SomeKin {
    fn kids(&self, k: usize) -> &[Kid] {
        self.kids.get(&k).map_or(&[], |v| v.as_slice())
    }
    fn primary(&self, k: usize) -> Option<(Option<GroupId>, Relation)> {
        self.primary.get(&k).copied()
    }
}

/// One visible tree: collapsed subtrees cut off, a cycle broken where first entered.
/// Returns the tree, each node's place in the map, and every node it holds, the hidden
/// ones too. `seen` marks the nodes taken, by place in the map.
fn grow(
    map: &ArgumentMap,
    kin: &dyn Kin,
    root: usize,
    seen: &mut [bool],
) -> (Tree, Vec<usize>, Vec<NodeId>) {
    let mut t = Tree::default();
    let mut at = Vec::new();
    let mut members = Vec::new();
    seen[root] = true;
    let mut stack = vec![(root, None::<usize>, 0u8)];
    while let Some((k, parent, side)) = stack.pop() {
        let node = map.node_at(k).expect("node exists");
        let i = t.order.len();
        t.order.push(node.id);
        members.push(node.id);
        at.push(k);
        t.children.push(Vec::new());
        t.parent.push(parent);
        let (group, relation) = parent
            .and(kin.primary(k))
            .unwrap_or((None, Relation::Supports));
        t.group.push(group);
        t.relation.push(relation);
        t.side.push(side);
        t.hidden.push(0);
        match parent {
            Some(p) => t.children[p].push(i),
            None => t.roots.push(i),
        }
        if node.collapsed {
            // Everything beneath a collapsed node is hidden, counted once.
            let mut below: Vec<usize> = kin.kids(k).iter().map(|c| c.3).collect();
            while let Some(c) = below.pop() {
                if !seen[c] {
                    seen[c] = true;
                    t.hidden[i] += 1;
                    members.extend(map.node_at(c).map(|n| n.id));
                    below.extend(kin.kids(c).iter().map(|c| c.3));
                }
            }
            continue;
        }
        // Pushed in reverse so they are visited, and so numbered, in order.
        for c in kin.kids(k).iter().rev() {
            if !seen[c.3] {
                seen[c.3] = true;
                stack.push((c.3, Some(i), c.0));
            }
        }
    }
    // Children were numbered as they were visited: in drawing order already.
    (t, at, members)
}

/// What stands side by side in the row beneath a node.
#[derive(Clone, Debug)]
enum UnitKind {
    /// One child with its own strip beneath it.
    Strip,
    /// The premises of one co-premise group, each with its strip.
    Group,
    /// Leaves stacked one above the other, their lines running up a spine beside
    /// them: on the right of the stack of reasons (which comes first), on the left of
    /// the others.
    Stack { spine_right: bool },
}

#[derive(Clone, Debug)]
struct Unit {
    kind: UnitKind,
    members: Vec<usize>,
    /// Across the row.
    breadth: f64,
    /// Down from the row's top.
    depth: f64,
}

/// The geometry of the automatic layout, kept in tree terms (breadth across rows,
/// depth down them) so the lines can be drawn through the gaps it leaves.
#[derive(Clone, Default)]
struct Frame {
    lr: bool,
    /// Where each box starts across and down its row.
    across: Vec<f64>,
    down: Vec<f64>,
    /// Each box's size across and down.
    size_across: Vec<f64>,
    size_down: Vec<f64>,
    /// The strip each node owns (for a stacked leaf: its stack): nothing else is
    /// drawn in it below the top of the node's row.
    strip: Vec<(f64, f64)>,
    /// Where the row beneath each node begins.
    row_top: Vec<f64>,
    /// The units beneath each node.
    units: Vec<Vec<Unit>>,
    /// For stacked leaves: where their spine runs, and on which side.
    spine: Vec<Option<(f64, bool)>>,
    /// Each tree's band and the bands' tops.
    band_of: Vec<usize>,
    band_top: Vec<f64>,
    /// Set for boxes that are not where the automatic layout put them.
    moved: Vec<bool>,
}

impl Frame {
    fn point(&self, across: f64, down: f64) -> [f64; 2] {
        if self.lr {
            [down, across]
        } else {
            [across, down]
        }
    }

    fn bottom(&self, i: usize) -> f64 {
        self.down[i] + self.size_down[i]
    }
}

/// One tree laid out on its own: its root's strip starts at 0 across and its root at 0
/// down. The whole layout puts each tree where its band has room for it; a tree no edit
/// touched is taken as it was.
#[derive(Clone)]
struct Local {
    t: Tree,
    /// Every node of the tree, the hidden ones too.
    members: Vec<NodeId>,
    boxes: Vec<NodeBox>,
    frame: Frame,
    /// The breadth of the root's strip and the depth of the whole tree.
    breadth: f64,
    reach: f64,
    /// The tree's own lines and co-premise frames; laid out only for maps without
    /// pinned nodes (the boxes a pin moves change them).
    lines: Option<(Vec<EdgeLine>, Vec<GroupBox>)>,
    /// Where its boxes, frames and line points reach in its own coordinates, for the
    /// whole map's bounds (with its lines only).
    extent: Option<Extent>,
    /// See [`PlacedTree::generation`].
    generation: u64,
    /// The edges from the tree's visible nodes that are not its own lines: cross-links
    /// (when their other end is in view too), found once per laying-out of the tree
    /// instead of by looking through every edge of the map after every edit.
    links: Vec<(NodeId, NodeId, Relation)>,
}

/// Lays out one tree from [`grow`].
fn lay_tree(
    map: &ArgumentMap,
    measurer: &Measurer,
    lr: bool,
    cache: &mut Option<&mut TextCache>,
    (mut t, at, members): (Tree, Vec<usize>, Vec<NodeId>),
    with_lines: bool,
) -> Local {
    let n = t.order.len();
    // Leaves are stacked when the map is drawn top-down (boxes are wide and short, so
    // left to right they are already a column).
    let stacked: Vec<bool> = (0..n)
        .map(|i| !lr && t.parent[i].is_some() && t.children[i].is_empty() && t.group[i].is_none())
        .collect();

    // Sizes and text.
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(n);
    for i in 0..n {
        let id = t.order[i];
        let node = map.node_at(at[i]).expect("node exists");
        // An objection to an objection is a rebuttal (asked of the map only for a
        // node that heads a tree because a cycle was broken there).
        let role = match (node.kind, t.parent[i]) {
            (NodeKind::Objection, Some(p)) => {
                let target = map.node_at(at[p]).expect("node exists");
                if target.kind == NodeKind::Objection {
                    Role::Rebuttal
                } else {
                    Role::Objection
                }
            }
            (kind, _) => Role::of(map, id, kind),
        };
        let width = stacked[i].then_some(STACK_W);
        let (runs, w, h) = match cache.as_deref_mut() {
            Some(c) => c.set(measurer, node, role, t.hidden[i], width),
            None => set_text(measurer, node, role, t.hidden[i], width),
        };
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
    let size_across: Vec<f64> = boxes.iter().map(|b| if lr { b.h } else { b.w }).collect();
    let size_down: Vec<f64> = boxes.iter().map(|b| if lr { b.w } else { b.h }).collect();

    // Bottom-up: the units beneath each node, its row's breadth, its strip's breadth
    // and how far its subtree reaches down.
    let mut units: Vec<Vec<Unit>> = vec![Vec::new(); n];
    let mut strip = vec![0.0f64; n];
    let mut reach = vec![0.0f64; n];
    let mut row = vec![0.0f64; n];
    for i in (0..n).rev() {
        let mut stacks: [Vec<usize>; 3] = Default::default();
        let mut lists: [Vec<Unit>; 3] = Default::default();
        // Few nodes have co-premises: a list beats a map allocated for every node.
        let mut group_at: Vec<(GroupId, usize, usize)> = Vec::new();
        for &c in &t.children[i] {
            let s = usize::from(t.side[c].min(2));
            if stacked[c] {
                stacks[s].push(c);
                continue;
            }
            let (kind, at) = match t.group[c] {
                Some(g) => match group_at.iter().find(|e| e.0 == g) {
                    Some(&(_, gs, k)) => {
                        lists[gs][k].members.push(c);
                        continue;
                    }
                    None => {
                        group_at.push((g, s, lists[s].len()));
                        (UnitKind::Group, s)
                    }
                },
                None => (UnitKind::Strip, s),
            };
            lists[at].push(Unit {
                kind,
                members: vec![c],
                breadth: 0.0,
                depth: 0.0,
            });
        }
        let stack = |members: Vec<usize>, spine_right: bool| {
            (!members.is_empty()).then_some(Unit {
                kind: UnitKind::Stack { spine_right },
                members,
                breadth: 0.0,
                depth: 0.0,
            })
        };
        let [pro, neutral, con] = stacks;
        let [pro_units, neutral_units, con_units] = lists;
        let mut all: Vec<Unit> = stack(pro, true)
            .into_iter()
            .chain(pro_units)
            .chain(stack(neutral, false))
            .chain(neutral_units)
            .chain(con_units)
            .chain(stack(con, false))
            .collect();
        for u in &mut all {
            let m = &u.members;
            (u.breadth, u.depth) = match u.kind {
                UnitKind::Strip => (strip[m[0]], reach[m[0]]),
                UnitKind::Group => (
                    m.iter().map(|&c| strip[c]).sum::<f64>() + PREMISE_GAP * (m.len() - 1) as f64,
                    m.iter().map(|&c| reach[c]).fold(0.0, f64::max),
                ),
                UnitKind::Stack { .. } => (
                    STACK_W + SPINE,
                    m.iter().map(|&c| size_down[c]).sum::<f64>() + LEAF_GAP * (m.len() - 1) as f64,
                ),
            };
        }
        row[i] = if all.is_empty() {
            0.0
        } else {
            all.iter().map(|u| u.breadth).sum::<f64>() + SIBLING_GAP * (all.len() - 1) as f64
        };
        strip[i] = size_across[i].max(row[i]);
        reach[i] = size_down[i]
            + if all.is_empty() {
                0.0
            } else {
                ROW_GAP + all.iter().map(|u| u.depth).fold(0.0, f64::max)
            };
        units[i] = all;
    }

    // Top-down from the root at 0, 0: each node's strip and box, then its units side
    // by side beneath it.
    let mut across = vec![0.0f64; n];
    let mut down = vec![0.0f64; n];
    let mut strip_at = vec![(0.0f64, 0.0f64); n];
    let mut box_at = vec![0.0f64; n];
    let mut row_top = vec![0.0f64; n];
    let mut spine: Vec<Option<(f64, bool)>> = vec![None; n];
    for (i, list) in units.iter().enumerate() {
        if !stacked[i] {
            strip_at[i] = (across[i], across[i] + strip[i]);
            box_at[i] = across[i] + (strip[i] - size_across[i]) / 2.0;
        }
        let top = down[i] + size_down[i] + ROW_GAP;
        row_top[i] = top;
        let mut at = across[i] + (strip[i] - row[i]) / 2.0;
        for u in list {
            match u.kind {
                UnitKind::Strip | UnitKind::Group => {
                    let mut m_at = at;
                    for &c in &u.members {
                        across[c] = m_at;
                        down[c] = top;
                        m_at += strip[c] + PREMISE_GAP;
                    }
                }
                UnitKind::Stack { spine_right } => {
                    let (left, lane) = if spine_right {
                        (at, at + STACK_W + SPINE / 2.0)
                    } else {
                        (at + SPINE, at + SPINE / 2.0)
                    };
                    let mut d = top;
                    for &c in &u.members {
                        strip_at[c] = (at, at + u.breadth);
                        box_at[c] = left;
                        across[c] = at;
                        down[c] = d;
                        spine[c] = Some((lane, spine_right));
                        d += size_down[c] + LEAF_GAP;
                    }
                }
            }
            at += u.breadth + SIBLING_GAP;
        }
    }
    for i in 0..n {
        let (x, y) = if lr {
            (down[i], box_at[i])
        } else {
            (box_at[i], down[i])
        };
        boxes[i].x = x;
        boxes[i].y = y;
    }
    let frame = Frame {
        lr,
        across: box_at,
        down,
        size_across,
        size_down,
        strip: strip_at,
        row_top,
        units,
        spine,
        band_of: vec![0; n],
        band_top: Vec::new(),
        moved: vec![false; n],
    };
    let lines = with_lines.then(|| tree_lines(&t, &boxes, &frame));
    let extent = lines
        .as_ref()
        .map(|(edges, groups)| Extent::of(&boxes, groups, edges));
    t.index = t.order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut links = Vec::new();
    for (i, &id) in t.order.iter().enumerate() {
        let parent = t.parent[i].map(|p| t.order[p]);
        links.extend(
            map.edges_from(id)
                .filter(|e| {
                    // The tree's own line (a node's parent is its primary target).
                    !(Some(e.to) == parent
                        && e.relation == t.relation[i]
                        && e.relation.is_targeting())
                })
                .map(|e| (e.from, e.to, e.relation)),
        );
    }
    Local {
        breadth: strip[0],
        reach: reach[0],
        t,
        members,
        boxes,
        frame,
        lines,
        extent,
        generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        links,
    }
}

/// Lays out the whole map (see [`layout_with`]).
pub fn layout(map: &ArgumentMap, measurer: &Measurer, options: &LayoutOptions) -> Layout {
    place_inner(map, measurer, options, None).into_layout()
}

/// Lays out the whole map, reusing what `cache` kept from the last layout of the same
/// map: the text of every box whose text did not change, and every tree no change since
/// then touched (when no node is pinned). The result is the same as [`layout`]'s.
///
/// Each root (a thesis, or anything without a target) heads a tree; trees fill bands
/// the way words fill lines. Beneath each node its children stand in a row of units,
/// each owning a vertical strip that nothing else enters: the reasons first, then
/// questions and notes, then the objections. Leaves are stacked (reasons in a stack at
/// the left, objections at the right), every stacked box as wide as the widest box
/// can be, so a new leaf beside others only lengthens its stack downwards and moves no
/// other box in its band. Rows are per parent, so a taller box pushes down only its
/// own subtree. Lines that are not part of the tree are routed through the gaps
/// between strips and rows, around every box.
pub fn layout_with(
    map: &ArgumentMap,
    measurer: &Measurer,
    options: &LayoutOptions,
    cache: &mut TextCache,
) -> Layout {
    place_with(map, measurer, options, cache).into_layout()
}

/// [`layout_with`], kept as trees: what the app keeps between edits, where an edit
/// that lays out one tree again costs nothing for the others.
pub fn place_with(
    map: &ArgumentMap,
    measurer: &Measurer,
    options: &LayoutOptions,
    cache: &mut TextCache,
) -> Placement {
    cache.prune(map);
    place_inner(map, measurer, options, Some(cache))
}

/// The trees of the last layout of a map, for the next one to reuse.
struct Memo {
    revision: Revision,
    lr: bool,
    /// Each tree by its root.
    trees: HashMap<NodeId, Arc<Local>>,
    /// The root of the tree each node is in (hidden nodes too).
    tree_of: HashMap<NodeId, NodeId>,
    /// The cross-links as last routed, by their ends.
    routes: HashMap<(NodeId, NodeId), Routed>,
}

/// A cross-link's line, and what it was routed from: a line whose ends are in the same
/// layouts of their trees, put in the same places, in the same lane, with the same
/// bands around them, is routed the same way again.
struct Routed {
    from: RouteKey,
    line: Arc<EdgeLine>,
}

#[derive(PartialEq)]
struct RouteKey {
    relation: Relation,
    lane: usize,
    /// For each end: its tree's laying-out, its place in it, where the tree was put
    /// and its band.
    ends: [(u64, usize, (f64, f64), usize); 2],
    /// The tops of both ends' bands and of the bands beneath them, which the line's
    /// channels run above.
    bands: [Option<f64>; 4],
}

impl Memo {
    fn fresh(
        map: &ArgumentMap,
        measurer: &Measurer,
        lr: bool,
        cache: &mut Option<&mut TextCache>,
        with_lines: bool,
    ) -> (Memo, Vec<Arc<Local>>) {
        let kin = AllKin::new(map);
        let all = map.len();
        let mut seen = vec![false; all];
        let mut order = Vec::new();
        for root in kin.roots.iter().copied().chain(0..all) {
            if seen[root] {
                continue;
            }
            let grown = grow(map, &kin, root, &mut seen);
            order.push(Arc::new(lay_tree(
                map, measurer, lr, cache, grown, with_lines,
            )));
        }
        let mut memo = Memo {
            revision: map.revision(),
            lr,
            trees: HashMap::with_capacity(order.len()),
            tree_of: HashMap::with_capacity(all),
            routes: HashMap::new(),
        };
        for l in &order {
            let root = l.t.order[0];
            memo.tree_of.extend(l.members.iter().map(|&m| (m, root)));
            memo.trees.insert(root, l.clone());
        }
        (memo, order)
    }

    /// Brings the memo up to the map by laying out again only the trees that changes
    /// since its revision touched. `None` when that cannot be done safely (the memo is
    /// of another map or too old, or a touched tree is part of a cycle): then the
    /// whole map is laid out.
    fn update(
        mut self,
        map: &ArgumentMap,
        measurer: &Measurer,
        cache: &mut Option<&mut TextCache>,
    ) -> Option<(Memo, Vec<Arc<Local>>)> {
        let touched = map.touched_since(self.revision)?;
        // The trees the changes were in, and the roots of the trees they are in now.
        let mut gone: HashSet<NodeId> = HashSet::new();
        let mut roots: Vec<usize> = Vec::new();
        let mut roots_seen: HashSet<NodeId> = HashSet::new();
        let root_of = |id: NodeId| -> Option<Option<(usize, NodeId)>> {
            let mut cur = id;
            for _ in 0..=map.len() {
                match map.primary_target(cur) {
                    Some(e) => cur = e.to,
                    None => return Some(map.node_index(cur).map(|k| (k, cur))),
                }
            }
            None // a cycle
        };
        let mut starts: Vec<NodeId> = Vec::with_capacity(touched.len() * 2);
        for id in touched {
            if let Some(&r) = self.tree_of.get(&id) {
                if gone.insert(r) {
                    starts.push(r);
                }
            }
            starts.push(id);
        }
        for id in starts {
            if !map.contains(id) {
                continue;
            }
            if let Some((k, r)) = root_of(id)? {
                if roots_seen.insert(r) {
                    roots.push(k);
                }
            }
        }
        for r in &gone {
            if let Some(l) = self.trees.remove(r) {
                for m in &l.members {
                    self.tree_of.remove(m);
                }
            }
        }
        let kin = SomeKin::new(map, &roots)?;
        let mut seen = vec![false; map.len()];
        for k in roots {
            let grown = grow(map, &kin, k, &mut seen);
            let root = grown.0.order[0];
            if self.trees.contains_key(&root) {
                // A tree taken as it was holds a touched node: not what changes allow.
                return None;
            }
            for m in &grown.2 {
                if self.tree_of.insert(*m, root).is_some() {
                    // In a tree taken as it was as well: not what the changes allow.
                    return None;
                }
            }
            // With lines: a memo is only updated for a map without pins.
            let l = lay_tree(map, measurer, self.lr, cache, grown, true);
            self.trees.insert(root, Arc::new(l));
        }
        // Every node in exactly one tree (no tree left out a node it should have).
        if self.tree_of.len() != map.len() {
            return None;
        }
        // Drawing order: the roots in map order, then any cycle's first node.
        let mut keyed = self
            .trees
            .keys()
            .map(|&r| Some((map.primary_target(r).is_some(), map.node_index(r)?, r)))
            .collect::<Option<Vec<_>>>()?;
        keyed.sort_unstable();
        let order = keyed
            .into_iter()
            .map(|(_, _, r)| self.trees[&r].clone())
            .collect();
        self.revision = map.revision();
        Some((self, order))
    }
}

fn place_inner(
    map: &ArgumentMap,
    measurer: &Measurer,
    options: &LayoutOptions,
    mut cache: Option<&mut TextCache>,
) -> Placement {
    let lr = options.orientation == Orientation::LeftRight;
    // A pinned box makes others give way wherever it lands: with one, the whole map's
    // lines are drawn after the boxes settle, and nothing is kept for the next time.
    let pinned = map.nodes().any(|n| n.pinned());
    let memo = cache.as_deref_mut().and_then(|c| c.memo.take());
    let (mut memo, trees) = match memo
        .filter(|m| !pinned && m.lr == lr)
        .and_then(|m| m.update(map, measurer, &mut cache))
    {
        Some(done) => done,
        None => Memo::fresh(map, measurer, lr, &mut cache, !pinned),
    };

    // Trees fill bands as words fill lines, keeping the picture near 16:10 (landscape
    // top-down, portrait left-to-right) instead of one endless row of theses.
    let area: f64 = trees.iter().map(|l| (l.breadth + TREE_GAP) * l.reach).sum();
    let aspect = if lr { 1.0 / 1.6 } else { 1.6 };
    let widest = trees.iter().map(|l| l.breadth).fold(0.0, f64::max);
    // A few small trees share one band rather than stand one above the other.
    let band_limit = (area * aspect).sqrt().max(widest).max(MIN_BAND);
    let mut origin = Vec::with_capacity(trees.len());
    let mut band_of_tree = Vec::with_capacity(trees.len());
    let mut band_top: Vec<f64> = Vec::new();
    {
        let mut used = f64::INFINITY;
        let mut top = MARGIN;
        let mut deepest = 0.0f64;
        for l in &trees {
            if used + TREE_GAP + l.breadth > band_limit + MARGIN {
                if !band_top.is_empty() {
                    top += deepest + BAND_GAP;
                }
                band_top.push(top);
                deepest = 0.0;
                used = MARGIN - TREE_GAP;
            }
            band_of_tree.push(band_top.len() - 1);
            origin.push((used + TREE_GAP, top));
            used += TREE_GAP + l.breadth;
            deepest = deepest.max(l.reach);
        }
    }
    // Where each tree starts in the whole map's visiting order.
    let mut base = Vec::with_capacity(trees.len());
    let mut n = 0;
    for l in &trees {
        base.push(n);
        n += l.t.order.len();
    }
    // Cross-links in the map's order of edges (their lanes are numbered in it), each
    // end found through its tree.
    let mut links: Vec<(usize, NodeId, NodeId, Relation)> = trees
        .iter()
        .flat_map(|l| &l.links)
        .filter_map(|&(from, to, relation)| Some((map.edge_index((from, to))?, from, to, relation)))
        .collect();
    links.sort_unstable_by_key(|l| l.0);
    let by_root: HashMap<NodeId, usize> = trees
        .iter()
        .enumerate()
        .map(|(j, l)| (l.t.order[0], j))
        .collect();
    // The tree a visible node is in, and its place there.
    let locate = |id: NodeId| {
        let j = *by_root.get(memo.tree_of.get(&id)?)?;
        Some((j, *trees[j].t.index.get(&id)?))
    };

    let placed = if pinned {
        let (mut layout, (t, f)) = whole(&trees, &origin, &band_of_tree, band_top, lr, map);
        let g = Whole {
            t: &t,
            f: &f,
            boxes: &layout.nodes,
        };
        let index_of = |id| locate(id).map(|(j, k)| base[j] + k);
        let edges = cross_links(&links, index_of, &g, &mut Routes::None);
        layout
            .edges
            .extend(edges.into_iter().map(Arc::unwrap_or_clone));
        layout.bounds = bounds(&layout.nodes, &layout.groups, &layout.edges);
        layout.orientation = options.orientation;
        Placed::Whole(layout)
    } else {
        let g = Forest {
            lr,
            trees: &trees,
            at: &origin,
            band: &band_of_tree,
            band_top: &band_top,
        };
        let mut routes = Routes::Kept {
            old: std::mem::take(&mut memo.routes),
            new: HashMap::with_capacity(links.len()),
        };
        let edges = cross_links(&links, locate, &g, &mut routes);
        if let Routes::Kept { new, .. } = routes {
            memo.routes = new;
        }
        let mut extent = Extent {
            boxes: NOWHERE,
            points: NOWHERE,
        };
        let mut groups = Vec::new();
        let placed: Vec<PlacedTree> = trees
            .into_iter()
            .zip(&origin)
            .map(|(l, &(oa, od))| {
                let at = if lr { (od, oa) } else { (oa, od) };
                if let Some(e) = &l.extent {
                    extent.add(e, at);
                }
                if let Some((_, frames)) = &l.lines {
                    groups.extend(frames.iter().map(|g| GroupBox {
                        x: g.x + at.0,
                        y: g.y + at.1,
                        ..g.clone()
                    }));
                }
                PlacedTree {
                    local: l,
                    origin: at,
                }
            })
            .collect();
        sort_frames(&mut groups);
        for e in &edges {
            extent.add_points(std::slice::from_ref(e));
        }
        Placed::Trees {
            orientation: options.orientation,
            bounds: extent.bounds(),
            trees: placed,
            links: edges,
            groups,
        }
    };
    if let Some(c) = cache
        && !pinned
    {
        c.memo = Some(memo);
    }
    Placement(placed)
}

/// The trees moved to their places, as one tree and one frame for the whole map, their
/// pinned boxes settled and the lines drawn (all but the cross-links): for a map with
/// pins, whose boxes make way for each other across trees.
fn whole(
    trees: &[Arc<Local>],
    origin: &[(f64, f64)],
    band_of_tree: &[usize],
    band_top: Vec<f64>,
    lr: bool,
    map: &ArgumentMap,
) -> (Layout, (Tree, Frame)) {
    let n: usize = trees.iter().map(|l| l.t.order.len()).sum();
    let mut t = Tree {
        order: Vec::with_capacity(n),
        parent: Vec::with_capacity(n),
        group: Vec::with_capacity(n),
        relation: Vec::with_capacity(n),
        hidden: Vec::with_capacity(n),
        ..Tree::default()
    };
    let mut f = Frame {
        lr,
        across: Vec::with_capacity(n),
        down: Vec::with_capacity(n),
        size_across: Vec::with_capacity(n),
        size_down: Vec::with_capacity(n),
        strip: Vec::with_capacity(n),
        row_top: Vec::with_capacity(n),
        spine: Vec::with_capacity(n),
        band_of: Vec::with_capacity(n),
        band_top,
        moved: vec![false; n],
        ..Frame::default()
    };
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(n);
    for (j, l) in trees.iter().enumerate() {
        let base = t.order.len();
        let (oa, od) = origin[j];
        let (ox, oy) = if lr { (od, oa) } else { (oa, od) };
        let lt = &l.t;
        t.order.extend_from_slice(&lt.order);
        t.parent
            .extend(lt.parent.iter().map(|p| p.map(|p| p + base)));
        t.group.extend_from_slice(&lt.group);
        t.relation.extend_from_slice(&lt.relation);
        t.hidden.extend_from_slice(&lt.hidden);
        t.roots.push(base);
        t.children.extend(
            lt.children
                .iter()
                .map(|c| c.iter().map(|&x| x + base).collect()),
        );
        t.side.extend_from_slice(&lt.side);
        let lf = &l.frame;
        f.across.extend(lf.across.iter().map(|a| a + oa));
        f.down.extend(lf.down.iter().map(|d| d + od));
        f.size_across.extend_from_slice(&lf.size_across);
        f.size_down.extend_from_slice(&lf.size_down);
        f.strip
            .extend(lf.strip.iter().map(|&(lo, hi)| (lo + oa, hi + oa)));
        f.row_top.extend(lf.row_top.iter().map(|r| r + od));
        f.spine.extend(
            lf.spine
                .iter()
                .map(|s| s.map(|(lane, right)| (lane + oa, right))),
        );
        f.band_of
            .extend(std::iter::repeat_n(band_of_tree[j], lt.order.len()));
        f.units.extend(lf.units.iter().map(|us| {
            us.iter()
                .map(|u| Unit {
                    kind: u.kind.clone(),
                    members: u.members.iter().map(|&m| m + base).collect(),
                    breadth: u.breadth,
                    depth: u.depth,
                })
                .collect()
        }));
        boxes.extend(l.boxes.iter().map(|b| moved_box(b, ox, oy)));
    }
    settle(map, &t, &mut boxes, &mut f.moved);
    let (edges, groups) = tree_lines(&t, &boxes, &f);
    let layout = Layout {
        orientation: Orientation::default(),
        bounds: Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        },
        nodes: boxes,
        edges,
        groups,
    };
    (layout, (t, f))
}

/// Pinned nodes carry their visible subtree to where the user put them; then every
/// box that would overlap another makes way, downwards: pinned boxes only for pinned
/// boxes placed before them, the rest for anything placed before them, their subtrees
/// following. Marks what moved.
fn settle(map: &ArgumentMap, t: &Tree, boxes: &mut [NodeBox], moved: &mut [bool]) {
    let n = boxes.len();
    let mut any = false;
    for i in 0..n {
        let Some(p) = map.node(t.order[i]).and_then(|nd| nd.position) else {
            continue;
        };
        any = true;
        let (dx, dy) = (p.x - boxes[i].x, p.y - boxes[i].y);
        if dx == 0.0 && dy == 0.0 {
            continue;
        }
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            if j == i {
                // Exactly where it was put (adding the difference could round).
                (boxes[j].x, boxes[j].y) = (p.x, p.y);
            } else {
                boxes[j].x += dx;
                boxes[j].y += dy;
            }
            moved[j] = true;
            stack.extend(t.children[j].iter().copied().filter(|&c| !boxes[c].pinned));
        }
    }
    if !any {
        // The automatic layout never overlaps.
        return;
    }
    // A grid of placed boxes for the overlap checks.
    const CELL: f64 = 256.0;
    let cells = |b: &NodeBox| {
        let (x0, x1) = (
            (b.x / CELL).floor() as i64,
            ((b.x + b.w) / CELL).floor() as i64,
        );
        let (y0, y1) = (
            (b.y / CELL).floor() as i64,
            ((b.y + b.h) / CELL).floor() as i64,
        );
        (x0, x1, y0, y1)
    };
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let mut shift = vec![0.0f64; n];
    let order: Vec<usize> = (0..n)
        .filter(|&i| boxes[i].pinned)
        .chain((0..n).filter(|&i| !boxes[i].pinned))
        .collect();
    for i in order {
        if !boxes[i].pinned {
            if let Some(p) = t.parent[i] {
                boxes[i].y += shift[p];
                shift[i] = shift[p];
            }
        }
        // Bounded: each pass moves the box below at least one placed box.
        for _ in 0..n + 1 {
            let (x0, x1, y0, y1) = cells(&boxes[i]);
            let mut below: Option<f64> = None;
            for cx in x0..=x1 {
                for cy in y0..=y1 {
                    for &j in grid.get(&(cx, cy)).into_iter().flatten() {
                        let (a, b) = (&boxes[i], &boxes[j]);
                        let hit = a.x < b.x + b.w + SETTLE_GAP
                            && b.x < a.x + a.w + SETTLE_GAP
                            && a.y < b.y + b.h + SETTLE_GAP
                            && b.y < a.y + a.h + SETTLE_GAP;
                        if hit {
                            let y = b.y + b.h + SETTLE_GAP;
                            below = Some(below.map_or(y, |v: f64| v.max(y)));
                        }
                    }
                }
            }
            let Some(y) = below else { break };
            shift[i] += y - boxes[i].y;
            boxes[i].y = y;
        }
        if shift[i] != 0.0 {
            moved[i] = true;
        }
        let (x0, x1, y0, y1) = cells(&boxes[i]);
        for cx in x0..=x1 {
            for cy in y0..=y1 {
                grid.entry((cx, cy)).or_default().push(i);
            }
        }
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

/// Where a line from the middle of box `[x, y, w, h]` towards `toward` leaves it.
fn side_point([x, y, w, h]: [f64; 4], toward: [f64; 2]) -> [f64; 2] {
    let c = [x + w / 2.0, y + h / 2.0];
    let (dx, dy) = (toward[0] - c[0], toward[1] - c[1]);
    if dx.abs() * h > dy.abs() * w {
        [if dx > 0.0 { x + w } else { x }, c[1]]
    } else {
        [c[0], if dy > 0.0 { y + h } else { y }]
    }
}

/// A direct curve between two boxes (`[x, y, w, h]`), for lines the gaps cannot carry
/// (boxes the user moved).
fn direct(ba: [f64; 4], bb: [f64; 4]) -> Vec<[f64; 2]> {
    let ca = [bb[0] + bb[2] / 2.0, bb[1] + bb[3] / 2.0];
    let cb = [ba[0] + ba[2] / 2.0, ba[1] + ba[3] / 2.0];
    let pa = side_point(ba, ca);
    let pb = side_point(bb, cb);
    let va = pa[1] == ba[1] || pa[1] == ba[1] + ba[3];
    let vb = pb[1] == bb[1] || pb[1] == bb[1] + bb[3];
    curve(pa, pb, va, vb).to_vec()
}

/// A polyline with its corners rounded, as cubic segments (start point, then three
/// points a segment). Repeated points and straight-through corners are dropped.
pub fn rounded(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut pts: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for &p in points {
        if pts.last() == Some(&p) {
            continue;
        }
        if pts.len() >= 2 {
            let (a, b) = (pts[pts.len() - 2], pts[pts.len() - 1]);
            let cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0]);
            let dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1]);
            if cross.abs() < 1e-9 && dot > 0.0 {
                pts.pop();
            }
        }
        pts.push(p);
    }
    let mut out = vec![pts[0]];
    let line = |out: &mut Vec<[f64; 2]>, a: [f64; 2], b: [f64; 2]| {
        if a != b {
            out.push([a[0] + (b[0] - a[0]) / 3.0, a[1] + (b[1] - a[1]) / 3.0]);
            out.push([
                a[0] + 2.0 * (b[0] - a[0]) / 3.0,
                a[1] + 2.0 * (b[1] - a[1]) / 3.0,
            ]);
            out.push(b);
        }
    };
    let mut at = pts[0];
    for k in 1..pts.len().saturating_sub(1) {
        let (p, q, r) = (pts[k - 1], pts[k], pts[k + 1]);
        let l1 = ((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt();
        let l2 = ((r[0] - q[0]).powi(2) + (r[1] - q[1]).powi(2)).sqrt();
        let rad = CORNER.min(l1 / 2.0).min(l2 / 2.0);
        let a = [
            q[0] - (q[0] - p[0]) / l1 * rad,
            q[1] - (q[1] - p[1]) / l1 * rad,
        ];
        let b = [
            q[0] + (r[0] - q[0]) / l2 * rad,
            q[1] + (r[1] - q[1]) / l2 * rad,
        ];
        line(&mut out, at, a);
        // A quarter circle is close to a cubic with its controls 0.55 of the way in.
        let k = 0.552;
        out.push([a[0] + (q[0] - a[0]) * k, a[1] + (q[1] - a[1]) * k]);
        out.push([b[0] + (q[0] - b[0]) * k, b[1] + (q[1] - b[1]) * k]);
        out.push(b);
        at = b;
    }
    if pts.len() >= 2 {
        line(&mut out, at, pts[pts.len() - 1]);
    } else {
        // A single point: a zero-length segment keeps the path well formed.
        out.extend([pts[0]; 3]);
    }
    out
}

/// Where along a parent's near side the line of its `k`th of `n` units arrives, so
/// arrowheads spread in the order of the units instead of meeting in one point.
fn slot(f: &Frame, p: usize, k: usize, n: usize) -> f64 {
    along(f.across[p], f.size_across[p], (k as f64 + 0.5) / n as f64)
}

/// [`Geo::slots`] of node `p` of a tree laid out in `f`, moved `by` across.
fn slots(t: &Tree, f: &Frame, p: usize, by: f64) -> Vec<(f64, f64)> {
    let n = f.units[p].len();
    f.units[p]
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let head = u.members.first().map(|&m| t.relation[m]) != Some(Relation::Annotates);
            let room = if head { ARROW_ROOM } else { ARROW_ROOM / 2.0 };
            (slot(f, p, k, n) + by, room)
        })
        .collect()
}

/// A point `t` of the way (0 to 1) along the part of a box's side that lines arrive at:
/// the box starting at `start` across and `len` long, less an inset at each end.
fn along(start: f64, len: f64, t: f64) -> f64 {
    let inset = (len * 0.2).min(24.0);
    start + inset + (len - 2.0 * inset) * t
}

/// Co-premise frames in drawing order: by place, left to right, then top to bottom.
fn sort_frames(groups: &mut [GroupBox]) {
    groups.sort_unstable_by(|a, b| {
        (a.x, a.y)
            .partial_cmp(&(b.x, b.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// The lines of a tree (each node to its parent) and its co-premise frames.
fn tree_lines(t: &Tree, boxes: &[NodeBox], f: &Frame) -> (Vec<EdgeLine>, Vec<GroupBox>) {
    let lr = f.lr;
    // Co-premise frames around the visible premises of each group.
    let mut frames: HashMap<GroupId, ([f64; 4], Relation)> = HashMap::new();
    for (i, g) in t.group.iter().enumerate() {
        let Some(g) = g else { continue };
        let b = &boxes[i];
        let rel = t.relation[i];
        let e = frames.entry(*g).or_insert((
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            rel,
        ));
        e.0 = [
            e.0[0].min(b.x),
            e.0[1].min(b.y),
            e.0[2].max(b.x + b.w),
            e.0[3].max(b.y + b.h),
        ];
    }
    let mut groups: Vec<GroupBox> = frames
        .iter()
        .map(|(&group, &(r, relation))| GroupBox {
            group,
            relation,
            x: r[0] - GROUP_PAD,
            y: r[1] - GROUP_PAD,
            w: r[2] - r[0] + 2.0 * GROUP_PAD,
            h: r[3] - r[1] + 2.0 * GROUP_PAD,
        })
        .collect();
    sort_frames(&mut groups);

    let mut edges = Vec::new();
    let mut push = |from: NodeId, to: NodeId, relation, primary, group, path: Vec<[f64; 2]>| {
        edges.push(EdgeLine {
            from,
            to,
            relation,
            primary,
            group,
            path,
            corners: None,
        });
    };
    // Tree lines: each unit's to its parent, arriving at the unit's slot.
    let relation_of = |i: usize| t.relation[i];
    for p in 0..t.order.len() {
        let count = f.units[p].len();
        let parent = &boxes[p];
        for (k, u) in f.units[p].iter().enumerate() {
            let arrive = slot(f, p, k, count);
            let end = f.point(arrive, f.bottom(p));
            // From a point on the row's top into the slot, tangent to both.
            let s_curve = |from: [f64; 2]| curve(from, end, !lr, !lr);
            // From a box's (or frame's) near side to the slot; straight to the middle of
            // the parent's side when either was moved by hand.
            let to_parent = |from: [f64; 2], moved: bool| {
                let to = if !moved && !f.moved[p] {
                    end
                } else if lr {
                    [parent.x + parent.w, parent.y + parent.h / 2.0]
                } else {
                    [parent.x + parent.w / 2.0, parent.y + parent.h]
                };
                curve(from, to, !lr, !lr).to_vec()
            };
            let near = |(x, y, w, h): (f64, f64, f64, f64)| {
                if lr {
                    [x, y + h / 2.0]
                } else {
                    [x + w / 2.0, y]
                }
            };
            let direct_to_parent = |c: usize| {
                let b = &boxes[c];
                to_parent(near((b.x, b.y, b.w, b.h)), f.moved[c])
            };
            match u.kind {
                UnitKind::Strip => {
                    let c = u.members[0];
                    push(
                        boxes[c].id,
                        parent.id,
                        relation_of(c),
                        true,
                        None,
                        direct_to_parent(c),
                    );
                }
                UnitKind::Group => {
                    let c = u.members[0];
                    let g = t.group[c].expect("a group unit has a group");
                    let frame = groups.iter().find(|fr| fr.group == g).expect("frame");
                    let from = near((frame.x, frame.y, frame.w, frame.h));
                    let path = to_parent(from, u.members.iter().any(|&m| f.moved[m]));
                    push(boxes[c].id, parent.id, relation_of(c), true, Some(g), path);
                }
                UnitKind::Stack { .. } => {
                    for &c in &u.members {
                        let path = match f.spine[c] {
                            Some((lane, right)) if !f.moved[c] && !f.moved[p] => {
                                let mid = f.down[c] + f.size_down[c] / 2.0;
                                let leave = if right {
                                    f.across[c] + f.size_across[c]
                                } else {
                                    f.across[c]
                                };
                                let top = f.row_top[p];
                                let mut path = rounded(&[
                                    f.point(leave, mid),
                                    f.point(lane, mid),
                                    f.point(lane, top),
                                ]);
                                path.extend_from_slice(&s_curve(f.point(lane, top))[1..]);
                                path
                            }
                            _ => direct_to_parent(c),
                        };
                        push(boxes[c].id, parent.id, relation_of(c), true, None, path);
                    }
                }
            }
        }
    }
    (edges, groups)
}

/// Cross-links and contradictions between visible boxes, through the gaps.
/// The lines of `links` (edges that are not a tree's own line, in the map's order),
/// each routed between the boxes of its ends when both are in view (`index_of` says
/// where a visible node is in `g`).
fn cross_links<G: Geo>(
    links: &[(usize, NodeId, NodeId, Relation)],
    index_of: impl Fn(NodeId) -> Option<G::Ix>,
    g: &G,
    routes: &mut Routes,
) -> Vec<Arc<EdgeLine>> {
    let mut edges = Vec::with_capacity(links.len());
    let mut ends = Vec::new();
    let mut lane = 0usize;
    for &(_, from, to, relation) in links {
        let (Some(a), Some(b)) = (index_of(from), index_of(to)) else {
            continue;
        };
        if relation != Relation::Annotates {
            ends.push((edges.len(), b, false));
        }
        if relation == Relation::Contradicts {
            // Drawn with an arrow at both ends.
            ends.push((edges.len(), a, true));
        }
        // The middle lane first: a line alone in its channel runs along its middle.
        let offset = [0.0, -LANE, LANE][lane % 3];
        let key = g.route_key(a, b, lane % 3, relation);
        lane += 1;
        if let (Routes::Kept { old, new }, Some(key)) = (&mut *routes, &key)
            && let Some(r) = old.remove(&(from, to)).filter(|r| r.from == *key)
        {
            edges.push(r.line.clone());
            new.insert((from, to), r);
            continue;
        }
        let (path, corners) = match route(g, a, b, offset) {
            Some(points) => (rounded(&points), Some(points)),
            None => (direct(g.rect(a), g.rect(b)), None),
        };
        let line = Arc::new(EdgeLine {
            from,
            to,
            relation,
            primary: false,
            group: None,
            path,
            corners,
        });
        if let (Routes::Kept { new, .. }, Some(key)) = (&mut *routes, key) {
            new.insert(
                (from, to),
                Routed {
                    from: key,
                    line: line.clone(),
                },
            );
        }
        edges.push(line);
    }
    keep_arrows_apart(g, &ends, &mut edges);
    edges
}

/// `x` kept on a box's side that starts at `start` and is `len` long: half an
/// arrowhead's room from either end, or in the middle of a side shorter than that.
fn on_side(x: f64, start: f64, len: f64) -> f64 {
    on_side_within(x, start, len, (ARROW_ROOM / 2.0, ARROW_ROOM / 2.0))
}

/// The evaluation's badge sits on a box's top right corner (status.rs: up to two
/// discs, right to left). Lines keep clear of it: on the right side, this far down from
/// the top at the least...
const BELOW_BADGE: f64 = crate::status::RADIUS + 2.0 + ARROW_ROOM / 2.0;
/// ...and on the top, this far left of the right end.
const LEFT_OF_BADGE: f64 = 2.0 + crate::status::STEP + crate::status::RADIUS + ARROW_ROOM / 2.0;

/// How far from the start and from the end of side `side` of a box (in tree terms, as
/// in [`keep_arrows_apart`]) a line meets it at the least: half an arrowhead's room,
/// and the room the badge needs on the picture's top side and right side.
fn side_margins(lr: bool, side: u8) -> (f64, f64) {
    let half = ARROW_ROOM / 2.0;
    match (lr, side) {
        // The top: top-down its far side, left to right the side before its row.
        (false, 0) | (true, 2) => (half, LEFT_OF_BADGE),
        // The right side: top-down the side after its row, left to right its near side.
        (false, 3) | (true, 1) => (BELOW_BADGE, half),
        _ => (half, half),
    }
}

/// [`on_side`] with these margins from the side's start and end, or in the middle of a
/// side too short for them.
fn on_side_within(x: f64, start: f64, len: f64, (first, last): (f64, f64)) -> f64 {
    let half = len / 2.0;
    x.clamp(start + first.min(half), start + len - last.min(half))
}

/// How far apart (centre to centre) the arrowheads of lines into one side of a box are
/// kept: an arrowhead is seven times its line's width across, 12 to 14 pixels.
const ARROW_ROOM: f64 = 15.0;

/// Moves the ends of routed lines that meet one side of a box too near each other, or
/// too near where the box's own tree lines arrive, along that side to the nearest place
/// with room, so that no arrowhead covers another. Lines in different lanes arrive
/// apart already ([`SPREAD`]); this is for lines in the same lane, and for lines coming
/// up between two subtrees to a box whose sides are short. Done after the routes are
/// taken or kept, as it depends on the other lines: the routes kept for the next layout
/// are as routed. `ends` names each arrowhead: its line (by its place in `edges`), its
/// box, and whether it is at the line's start (a contradiction's).
fn keep_arrows_apart<G: Geo>(g: &G, ends: &[(usize, G::Ix, bool)], edges: &mut [Arc<EdgeLine>]) {
    struct End<I> {
        edge: usize,
        start: bool,
        b: I,
        /// The box's node.
        node: NodeId,
        /// 0 the box's far side (its top, top-down), 1 its near side, 2 and 3 the sides
        /// across its row; in tree terms.
        side: u8,
        at: f64,
    }
    let mut all = Vec::new();
    for &(edge, b, start) in ends {
        let Some(c) = edges[edge].corners.as_deref() else {
            continue;
        };
        let (p, q) = match c {
            [q, p, ..] if start => (p, q),
            [.., p, q] => (p, q),
            _ => continue,
        };
        let (p, q) = (g.in_tree_terms(*p), g.in_tree_terms(*q));
        let (side, at) = if p[0] == q[0] {
            (u8::from(q[1] > g.down(b) + g.size_down(b) / 2.0), q[0])
        } else if p[1] == q[1] {
            (2 + u8::from(q[0] > g.centre(b)), q[1])
        } else {
            continue;
        };
        all.push(End {
            edge,
            start,
            b,
            node: if start {
                edges[edge].from
            } else {
                edges[edge].to
            },
            side,
            at,
        });
    }
    all.sort_by(|x, y| {
        (x.node, x.side)
            .cmp(&(y.node, y.side))
            .then(x.at.total_cmp(&y.at))
            .then(x.edge.cmp(&y.edge))
    });
    for group in all.chunk_by(|x, y| (x.node, x.side) == (y.node, y.side)) {
        let (b, side) = (group[0].b, group[0].side);
        let (start, len) = if side < 2 {
            (g.across(b), g.size_across(b))
        } else {
            (g.down(b), g.size_down(b))
        };
        let (first, last) = side_margins(g.lr(), side);
        let (lo, hi) = (start + first, start + len - last);
        // The tree's own lines arrive at the near side, one a unit.
        let mut taken: Vec<(f64, f64)> = if side == 1 { g.slots(b) } else { Vec::new() };
        for e in group {
            let fits = |x: f64| {
                (lo..=hi).contains(&x)
                    && taken.iter().all(|&(t, room)| (t - x).abs() >= room - 1e-6)
            };
            let nearest = |x: &f64, y: &f64| (x - e.at).abs().total_cmp(&(y - e.at).abs());
            let at = std::iter::once(e.at)
                .chain(taken.iter().flat_map(|&(t, room)| [t - room, t + room]))
                .filter(|&x| fits(x))
                .min_by(nearest)
                .or_else(|| {
                    // No room: the place farthest from the others (an end of the side,
                    // or halfway between two of them).
                    let clear = |x: f64| {
                        taken
                            .iter()
                            .map(|&(t, room)| (t - x).abs() / room)
                            .fold(f64::INFINITY, f64::min)
                    };
                    let mut sorted: Vec<f64> = taken.iter().map(|t| t.0).collect();
                    sorted.sort_by(f64::total_cmp);
                    [lo, hi]
                        .into_iter()
                        .chain(sorted.windows(2).map(|w| (w[0] + w[1]) / 2.0))
                        .filter(|x| (lo..=hi).contains(x))
                        .max_by(|x, y| clear(*x).total_cmp(&clear(*y)).then(nearest(y, x)))
                })
                .unwrap_or(e.at);
            taken.push((at, ARROW_ROOM));
            if at != e.at {
                let line = Arc::make_mut(&mut edges[e.edge]);
                if let Some(corners) = &mut line.corners
                    && move_end(g, corners, e.start, usize::from(side >= 2), at)
                {
                    line.path = rounded(corners);
                }
            }
        }
    }
}

/// Moves the last leg of a routed line (its first, at its `start`) to `to`, in tree
/// terms coordinate `axis` of its two corners: the leg before it, which runs across,
/// gets longer or shorter. Where the legs before run on in line with the last, a step
/// across is put in at the last corner instead. False when the line is a single leg,
/// which is left as it is.
fn move_end(g: &impl Geo, corners: &mut Vec<[f64; 2]>, start: bool, axis: usize, to: f64) -> bool {
    let mut t: Vec<[f64; 2]> = corners.iter().map(|&p| g.in_tree_terms(p)).collect();
    if start {
        t.reverse();
    }
    let n = t.len();
    if n < 3 {
        return false;
    }
    if t[n - 3][axis] != t[n - 2][axis] {
        t[n - 2][axis] = to;
    } else {
        let mut step = t[n - 2];
        step[axis] = to;
        t.insert(n - 1, step);
    }
    let last = t.len() - 1;
    t[last][axis] = to;
    if start {
        t.reverse();
    }
    *corners = t.into_iter().map(|[a, d]| g.point(a, d)).collect();
    true
}

/// Cross-links routed before, to be taken again where nothing they were routed from
/// changed (see [`Routed`]).
enum Routes {
    None,
    Kept {
        old: HashMap<(NodeId, NodeId), Routed>,
        new: HashMap<(NodeId, NodeId), Routed>,
    },
}

/// What routing a cross-link asks of the laid-out map, node by node (a node being its
/// place in the whole map's visiting order): the whole map's own arrays, when boxes
/// were pinned, or else each tree's and where the tree was put, which nothing is
/// copied from per edit.
trait Geo {
    /// Names a node.
    type Ix: Copy + PartialEq;
    fn lr(&self) -> bool;
    fn parent(&self, i: Self::Ix) -> Option<Self::Ix>;
    /// Where the box starts across its row and down.
    fn across(&self, i: Self::Ix) -> f64;
    fn down(&self, i: Self::Ix) -> f64;
    fn size_across(&self, i: Self::Ix) -> f64;
    fn size_down(&self, i: Self::Ix) -> f64;
    /// See [`Frame::strip`], [`Frame::row_top`], [`Frame::spine`].
    fn strip(&self, i: Self::Ix) -> (f64, f64);
    fn row_top(&self, i: Self::Ix) -> f64;
    fn spine(&self, i: Self::Ix) -> Option<(f64, bool)>;
    fn band_of(&self, i: Self::Ix) -> usize;
    fn band_top(&self, band: usize) -> f64;
    /// Where each unit in the row beneath a node spans across (its members' strips):
    /// the gaps between them are clear from that row down to the bottom of the band.
    /// With each span, where along the node's near side its gaps before and after it
    /// are, as fractions for [`along`]: between the slots of its units' lines.
    fn units(&self, i: Self::Ix) -> Vec<Span>;
    /// Where along a node's near side its tree lines arrive (see [`slot`]), each with
    /// the room an arrowhead beside it needs: [`ARROW_ROOM`] from a line with one, half
    /// that from an annotation's, which has none.
    fn slots(&self, i: Self::Ix) -> Vec<(f64, f64)>;
    /// Not where the automatic layout put it.
    fn moved(&self, i: Self::Ix) -> bool;
    /// The box: x, y, width, height.
    fn rect(&self, i: Self::Ix) -> [f64; 4];
    /// What a line from `a` to `b` would be routed from, where that is known.
    fn route_key(&self, _a: Self::Ix, _b: Self::Ix, _lane: usize, _: Relation) -> Option<RouteKey> {
        None
    }

    fn point(&self, across: f64, down: f64) -> [f64; 2] {
        if self.lr() {
            [down, across]
        } else {
            [across, down]
        }
    }

    /// A picture point in tree terms, (across, down): [`Geo::point`] undone.
    fn in_tree_terms(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        if self.lr() { [y, x] } else { [x, y] }
    }

    fn centre(&self, i: Self::Ix) -> f64 {
        self.across(i) + self.size_across(i) / 2.0
    }

    fn bottom(&self, i: Self::Ix) -> f64 {
        self.down(i) + self.size_down(i)
    }

    /// The middle of the gap between a node and the row beneath it.
    fn gap(&self, i: Self::Ix) -> f64 {
        self.row_top(i) - ROW_GAP / 2.0
    }

    /// The channel above a band.
    fn band_channel(&self, band: usize) -> f64 {
        self.band_top(band) - if band == 0 { TOP_ROOM } else { BAND_GAP } / 2.0
    }

    /// A way between the gap under `i` and the band beneath, between its subtrees: the
    /// channel beside a unit beneath `i` that makes the way from `near` (across, in the
    /// gap under `i`) to `far` (across, in the channel beneath the band) shortest, and
    /// of those the nearest to `near`, so that the line runs in the open channel and
    /// not along the row under `i`. With it, where on `i`'s near side a line through
    /// that channel meets `i` between the lines of its units: across, moved `spread`.
    /// None when nothing hangs from `i`.
    fn way_through(
        &self,
        i: Self::Ix,
        near: f64,
        far: f64,
        lane: f64,
        spread: f64,
    ) -> Option<(f64, f64)> {
        let cost = |x: f64| 2.0 * (x - near).abs() + (x - far).abs();
        let (x, t) = self
            .units(i)
            .into_iter()
            .flat_map(|u| {
                [
                    (u.lo - CHANNEL + lane, u.before),
                    (u.hi + CHANNEL + lane, u.after),
                ]
            })
            .min_by(|x, y| cost(x.0).total_cmp(&cost(y.0)))?;
        let (start, len) = (self.across(i), self.size_across(i));
        Some((x, on_side(along(start, len, t) + spread, start, len)))
    }
}

/// Where a unit beneath a node spans across, and where the gaps on either side of it
/// come to the node (see [`Geo::units`]).
struct Span {
    lo: f64,
    hi: f64,
    before: f64,
    after: f64,
}

/// Where each unit beneath node `i` of frame `f` spans across, moved `by`.
fn unit_spans(f: &Frame, i: usize, by: f64) -> Vec<Span> {
    let n = f.units[i].len() as f64;
    f.units[i]
        .iter()
        .enumerate()
        .filter_map(|(k, u)| {
            let (lo, hi) = u
                .members
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &m| {
                    (lo.min(f.strip[m].0 + by), hi.max(f.strip[m].1 + by))
                });
            (lo <= hi).then(|| Span {
                lo,
                hi,
                before: k as f64 / n,
                after: (k + 1) as f64 / n,
            })
        })
        .collect()
}

/// The whole map laid out as one tree and one frame.
struct Whole<'a> {
    t: &'a Tree,
    f: &'a Frame,
    boxes: &'a [NodeBox],
}

impl Geo for Whole<'_> {
    type Ix = usize;

    fn lr(&self) -> bool {
        self.f.lr
    }
    fn parent(&self, i: usize) -> Option<usize> {
        self.t.parent[i]
    }
    fn across(&self, i: usize) -> f64 {
        self.f.across[i]
    }
    fn down(&self, i: usize) -> f64 {
        self.f.down[i]
    }
    fn size_across(&self, i: usize) -> f64 {
        self.f.size_across[i]
    }
    fn size_down(&self, i: usize) -> f64 {
        self.f.size_down[i]
    }
    fn strip(&self, i: usize) -> (f64, f64) {
        self.f.strip[i]
    }
    fn row_top(&self, i: usize) -> f64 {
        self.f.row_top[i]
    }
    fn spine(&self, i: usize) -> Option<(f64, bool)> {
        self.f.spine[i]
    }
    fn band_of(&self, i: usize) -> usize {
        self.f.band_of[i]
    }
    fn band_top(&self, band: usize) -> f64 {
        self.f.band_top[band]
    }
    fn units(&self, i: usize) -> Vec<Span> {
        unit_spans(self.f, i, 0.0)
    }
    fn slots(&self, i: usize) -> Vec<(f64, f64)> {
        slots(self.t, self.f, i, 0.0)
    }
    fn moved(&self, i: usize) -> bool {
        self.f.moved[i]
    }
    fn rect(&self, i: usize) -> [f64; 4] {
        let b = &self.boxes[i];
        [b.x, b.y, b.w, b.h]
    }
}

/// The trees each laid out on its own, each put at its origin (across, down) in its
/// band: a node is named by its tree and its place in it.
struct Forest<'a> {
    lr: bool,
    trees: &'a [Arc<Local>],
    /// Each tree's origin across and down, and its band.
    at: &'a [(f64, f64)],
    band: &'a [usize],
    band_top: &'a [f64],
}

impl Forest<'_> {
    fn frame(&self, (j, k): (usize, usize)) -> (&Frame, usize, (f64, f64)) {
        (&self.trees[j].frame, k, self.at[j])
    }
}

impl Geo for Forest<'_> {
    type Ix = (usize, usize);

    fn lr(&self) -> bool {
        self.lr
    }
    fn parent(&self, (j, k): Self::Ix) -> Option<Self::Ix> {
        self.trees[j].t.parent[k].map(|p| (j, p))
    }
    fn across(&self, i: Self::Ix) -> f64 {
        let (f, k, (oa, _)) = self.frame(i);
        f.across[k] + oa
    }
    fn down(&self, i: Self::Ix) -> f64 {
        let (f, k, (_, od)) = self.frame(i);
        f.down[k] + od
    }
    fn size_across(&self, i: Self::Ix) -> f64 {
        let (f, k, _) = self.frame(i);
        f.size_across[k]
    }
    fn size_down(&self, i: Self::Ix) -> f64 {
        let (f, k, _) = self.frame(i);
        f.size_down[k]
    }
    fn strip(&self, i: Self::Ix) -> (f64, f64) {
        let (f, k, (oa, _)) = self.frame(i);
        let (lo, hi) = f.strip[k];
        (lo + oa, hi + oa)
    }
    fn row_top(&self, i: Self::Ix) -> f64 {
        let (f, k, (_, od)) = self.frame(i);
        f.row_top[k] + od
    }
    fn spine(&self, i: Self::Ix) -> Option<(f64, bool)> {
        let (f, k, (oa, _)) = self.frame(i);
        f.spine[k].map(|(lane, right)| (lane + oa, right))
    }
    fn band_of(&self, (j, _): Self::Ix) -> usize {
        self.band[j]
    }
    fn band_top(&self, band: usize) -> f64 {
        self.band_top[band]
    }
    fn units(&self, i: Self::Ix) -> Vec<Span> {
        let (f, k, (oa, _)) = self.frame(i);
        unit_spans(f, k, oa)
    }
    fn slots(&self, i: Self::Ix) -> Vec<(f64, f64)> {
        let (f, k, (oa, _)) = self.frame(i);
        slots(&self.trees[i.0].t, f, k, oa)
    }
    fn moved(&self, _: Self::Ix) -> bool {
        // Only pins move boxes, and a map with pins is laid out whole.
        false
    }
    fn route_key(
        &self,
        a: Self::Ix,
        b: Self::Ix,
        lane: usize,
        relation: Relation,
    ) -> Option<RouteKey> {
        let end = |(j, k): Self::Ix| (self.trees[j].generation, k, self.at[j], self.band[j]);
        let top = |band: usize| self.band_top.get(band).copied();
        let (ba, bb) = (self.band[a.0], self.band[b.0]);
        Some(RouteKey {
            relation,
            lane,
            ends: [end(a), end(b)],
            bands: [top(ba), top(ba + 1), top(bb), top(bb + 1)],
        })
    }
    fn rect(&self, (j, k): Self::Ix) -> [f64; 4] {
        let b = &self.trees[j].boxes[k];
        let (oa, od) = self.at[j];
        let (ox, oy) = if self.lr { (od, oa) } else { (oa, od) };
        [b.x + ox, b.y + oy, b.w, b.h]
    }
}

/// The way a line from `a` to `b` takes through the gaps between strips and rows, as
/// the corners of a polyline; `None` when a box on the way is not where the automatic
/// layout put it, or the way is deeper than [`ROUTE_DEPTH`].
fn route<G: Geo>(g: &G, a: G::Ix, b: G::Ix, lane: f64) -> Option<Vec<[f64; 2]>> {
    if a == b {
        return None;
    }
    let chain = |mut i: G::Ix| {
        let mut up = vec![i];
        while let Some(p) = g.parent(i) {
            if up.len() > ROUTE_DEPTH {
                return None;
            }
            up.push(p);
            i = p;
        }
        Some(up)
    };
    let (up_a, up_b) = (chain(a)?, chain(b)?);
    if up_a.iter().chain(&up_b).any(|&i| g.moved(i)) {
        return None;
    }
    let meet = up_a.iter().copied().find(|i| up_b.contains(i));
    let target = g.centre(b);
    let outer = |i: G::Ix| {
        let (lo, hi) = g.strip(i);
        match g.spine(i) {
            Some((_, true)) => lo - CHANNEL + lane,
            _ => hi + CHANNEL + lane,
        }
    };
    let nearest = |i: G::Ix, from: f64| {
        let (lo, hi) = g.strip(i);
        let (l, r) = (lo - CHANNEL + lane, hi + CHANNEL + lane);
        if (from - l).abs() <= (from - r).abs() {
            l
        } else {
            r
        }
    };
    // Where a line meets a box, moved along its side by its lane.
    let spread = SPREAD * lane;
    let mid = |i: G::Ix| {
        let (start, len) = (g.down(i), g.size_down(i));
        // The right side (top-down) or the top (left to right), whichever it is.
        let margins = if g.lr() {
            side_margins(true, 2)
        } else {
            side_margins(false, 3)
        };
        on_side_within(start + len / 2.0 + spread, start, len, margins)
    };
    // Where a line leaves or enters a stacked leaf: the side away from its spine.
    let side = |i: G::Ix| match g.spine(i) {
        Some((_, true)) => g.across(i),
        _ => g.across(i) + g.size_across(i),
    };
    // The channel beside the strip of `i` a line runs down from it or up to it, which
    // nothing else uses from its row down, and the side of its box facing that channel:
    // for a stacked leaf, away from its spine; else the side that makes the way between
    // the box and `other` (across, where the line goes on) shortest.
    let beside = |i: G::Ix, other: f64| {
        if g.spine(i).is_some() {
            return (outer(i), side(i));
        }
        let (lo, hi) = g.strip(i);
        let left = (lo - CHANNEL + lane, g.across(i));
        let right = (hi + CHANNEL + lane, g.across(i) + g.size_across(i));
        let length = |(x, end): (f64, f64)| (x - end).abs() + (other - x).abs();
        if length(left) <= length(right) {
            left
        } else {
            right
        }
    };
    let mut pts: Vec<[f64; 2]> = Vec::new();
    let go = |pts: &mut Vec<[f64; 2]>, across: f64, down: f64| pts.push([across, down]);

    // Two leaves in one stack: along its outer channel.
    if g.spine(a).is_some()
        && g.parent(a) == g.parent(b)
        && g.spine(b).map(|s| s.1) == g.spine(a).map(|s| s.1)
    {
        let x = outer(a);
        go(&mut pts, side(a), mid(a));
        go(&mut pts, x, mid(a));
        go(&mut pts, x, mid(b));
        go(&mut pts, side(b), mid(b));
        return Some(finish(g, pts));
    }

    // Leave `a`, into the gap beneath its parent (or beneath `a`, when `b` is below it).
    enum At<I> {
        /// In the gap beneath this node.
        Gap(I),
        /// In the channel above this band.
        Band(usize),
    }
    // Where a line meets the top or bottom of a box (top-down; left to right, its
    // sides): a quarter of the way along from either end. Lines meet a box's far side
    // (its top) at the left quarter, as the evaluation's badge sits on its right end
    // (status.rs).
    let quarter = |i: G::Ix, from_left: bool| {
        let (start, len) = (g.across(i), g.size_across(i));
        let at = if from_left { 0.25 } else { 0.75 };
        on_side(start + len * at + spread, start, len)
    };
    // Where to pass the row of the root `r` (its box is all that row holds of its tree)
    // going up or down at `want`, on the way from `from` to `to`: at `want` when that is
    // clear of the box, else beside the box on the side that makes the way shorter.
    let past = |r: G::Ix, want: f64, from: f64, to: f64| {
        let (l, h) = (g.across(r), g.across(r) + g.size_across(r));
        if want <= l - (CHANNEL - LANE) || want >= h + (CHANNEL - LANE) {
            return want;
        }
        let (left, right) = (l - CHANNEL + lane, h + CHANNEL + lane);
        let length = |x: f64| (x - from).abs() + (to - x).abs();
        if length(left) <= length(right) {
            left
        } else {
            right
        }
    };
    let mut at: At<G::Ix>;
    let mut d;
    if meet == Some(a) {
        let x = quarter(a, false);
        go(&mut pts, x, g.bottom(a));
        d = g.gap(a) + lane;
        go(&mut pts, x, d);
        at = At::Gap(a);
    } else if g.parent(a).is_some() && g.band_of(b) > g.band_of(a) {
        // `b` is in a band below: out of `a`'s side into the channel beside its strip
        // (a stacked leaf's: beside its stack, away from the spine), which nothing uses
        // from `a`'s row down, and straight down to the channel beneath the band.
        // Climbing to the root first ran the line up along the gap under each ancestor,
        // among their own lines, and back down.
        let band = g.band_of(a) + 1;
        let top = *up_b.last().expect("a chain has its node");
        let far = if g.band_of(top) == band {
            g.centre(top)
        } else {
            MARGIN / 2.0 + lane
        };
        // Towards where the line goes on beneath the band: `b`'s tree, or the margin.
        let (x, leave) = beside(a, far);
        go(&mut pts, leave, mid(a));
        go(&mut pts, x, mid(a));
        d = g.band_channel(band) + lane;
        go(&mut pts, x, d);
        at = At::Band(band);
    } else if g.spine(a).is_some() {
        let x = outer(a);
        go(&mut pts, side(a), mid(a));
        go(&mut pts, x, mid(a));
        let p = g.parent(a).expect("a stacked leaf has a parent");
        d = g.gap(p) + lane;
        go(&mut pts, x, d);
        at = At::Gap(p);
    } else if g.parent(a).is_none() && g.band_of(b) > g.band_of(a) {
        // A root with `b` in a band below: out of its bottom between the lines of its
        // subtrees and down between them (or straight down, when nothing hangs from it).
        let band = g.band_of(a) + 1;
        match g.way_through(a, g.centre(a), target, lane, spread) {
            Some((x, leave)) => {
                d = g.gap(a) + lane;
                go(&mut pts, leave, g.bottom(a));
                go(&mut pts, leave, d);
                go(&mut pts, x, d);
            }
            None => go(&mut pts, quarter(a, false), g.bottom(a)),
        }
        let x = pts.last().expect("a point")[0];
        d = g.band_channel(band) + lane;
        go(&mut pts, x, d);
        at = At::Band(band);
    } else {
        let x = quarter(a, true);
        go(&mut pts, x, g.down(a));
        match g.parent(a) {
            Some(p) => {
                d = g.gap(p) + lane;
                at = At::Gap(p);
            }
            None => {
                d = g.band_channel(g.band_of(a)) + lane;
                at = At::Band(g.band_of(a));
            }
        }
        go(&mut pts, x, d);
    }
    // Climb to the node both hang from, or above the tree (a line to a band below left
    // it above).
    while let At::Gap(p) = at {
        if Some(p) == meet {
            break;
        }
        let (lo, hi) = g.strip(p);
        let from = pts.last().map_or(target, |p| p[0]);
        let x = match g.parent(p) {
            // Up past a root, whose box is all its row holds of its tree: straight on
            // when clear of the box.
            None => past(p, from, from, target),
            // Round the side of the strip facing `b`.
            Some(_) if target > (lo + hi) / 2.0 => hi + CHANNEL + lane,
            Some(_) => lo - CHANNEL + lane,
        };
        go(&mut pts, x, d);
        match g.parent(p) {
            Some(q) => {
                d = g.gap(q) + lane;
                at = At::Gap(q);
            }
            None => {
                d = g.band_channel(g.band_of(p)) + lane;
                at = At::Band(g.band_of(p));
            }
        }
        go(&mut pts, x, d);
    }
    // From a band's channel: to the channel just above or below `b`'s band (along the
    // margin when the bands are further apart), then into its tree.
    let top = *up_b.last().expect("a chain has its node");
    if let At::Band(band) = at {
        let home = g.band_of(top);
        let mut from = pts.last().map_or(0.0, |p| p[0]);
        let margin = MARGIN / 2.0 + lane;
        if band > home {
            // `b` is in a band above: in from beneath its band (along the margin from
            // further down).
            if band != home + 1 {
                go(&mut pts, margin, d);
                d = g.band_channel(home + 1) + lane;
                go(&mut pts, margin, d);
                from = margin;
            }
            if top == b {
                // A root: up the gap between two of its subtrees nearest the way (or
                // straight up, when nothing hangs from it), to its bottom. Going round
                // its whole tree framed it in a line.
                let (x, arrive) = g
                    .way_through(b, g.centre(b), from, lane, spread)
                    .unwrap_or((quarter(b, false), quarter(b, false)));
                go(&mut pts, x, d);
                d = g.gap(b) + lane;
                go(&mut pts, x, d);
                go(&mut pts, arrive, d);
                go(&mut pts, arrive, g.bottom(b));
                return Some(finish(g, pts));
            }
            // Any other node: up the channel beside its strip (a stacked leaf's: beside
            // its stack, away from the spine), which nothing uses from its row down,
            // into its side.
            let (x, enter) = beside(b, from);
            go(&mut pts, x, d);
            go(&mut pts, x, mid(b));
            go(&mut pts, enter, mid(b));
            return Some(finish(g, pts));
        }
        // `b` is in this band or one further down: along the margin to the channel
        // above its band.
        if band != home {
            go(&mut pts, margin, d);
            d = g.band_channel(home) + lane;
            go(&mut pts, margin, d);
            from = margin;
        }
        if top == b {
            let x = quarter(b, true);
            go(&mut pts, x, d);
            go(&mut pts, x, g.down(b));
            return Some(finish(g, pts));
        }
        // Down past the root where the way goes on beneath it: beside the strip of the
        // next node down the chain to `b`, or at `b` itself when it hangs from the root.
        let next = match up_b.len() {
            0..=2 if g.spine(b).is_some() => outer(b),
            0..=2 => quarter(b, true),
            n => nearest(up_b[n - 2], from),
        };
        let x = past(top, next, from, next);
        go(&mut pts, x, d);
        d = g.gap(top) + lane;
        go(&mut pts, x, d);
        at = At::Gap(top);
    }
    let At::Gap(q) = at else {
        return None;
    };
    // `b` is the node both hang from: arrive at its far side.
    if q == b {
        let x = quarter(b, true);
        go(&mut pts, x, d);
        go(&mut pts, x, g.bottom(b));
        return Some(finish(g, pts));
    }
    // Down the chain to `b`'s parent, beside each strip on the way.
    let below = up_b.iter().position(|&i| i == q)?;
    for &c in up_b[1..below].iter().rev() {
        let from = pts.last().map_or(0.0, |p| p[0]);
        let x = nearest(c, from);
        go(&mut pts, x, d);
        d = g.gap(c) + lane;
        go(&mut pts, x, d);
    }
    if g.spine(b).is_some() {
        let x = outer(b);
        go(&mut pts, x, d);
        go(&mut pts, x, mid(b));
        go(&mut pts, side(b), mid(b));
    } else {
        let x = quarter(b, true);
        go(&mut pts, x, d);
        go(&mut pts, x, g.down(b));
    }
    Some(finish(g, pts))
}

/// Points in tree terms to picture coordinates.
fn finish(g: &impl Geo, pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    pts.into_iter().map(|[a, d]| g.point(a, d)).collect()
}

/// How far boxes and frames reach, and how far line points do, each as (least x, least
/// y, greatest x, greatest y); infinite when there are none.
#[derive(Clone, Copy, Debug)]
struct Extent {
    boxes: [f64; 4],
    points: [f64; 4],
}

const NOWHERE: [f64; 4] = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

fn reach(r: [f64; 4], (x0, y0, x1, y1): (f64, f64, f64, f64)) -> [f64; 4] {
    [r[0].min(x0), r[1].min(y0), r[2].max(x1), r[3].max(y1)]
}

impl Extent {
    fn of(boxes: &[NodeBox], groups: &[GroupBox], edges: &[EdgeLine]) -> Extent {
        let mut e = Extent {
            boxes: NOWHERE,
            points: NOWHERE,
        };
        for (x, y, w, h) in boxes
            .iter()
            .map(|b| (b.x, b.y, b.w, b.h))
            .chain(groups.iter().map(|g| (g.x, g.y, g.w, g.h)))
        {
            e.boxes = reach(e.boxes, (x, y, x + w, y + h));
        }
        e.add_points(edges);
        e
    }

    fn add_points(&mut self, edges: &[EdgeLine]) {
        for p in edges.iter().flat_map(|e| &e.path) {
            self.points = reach(self.points, (p[0], p[1], p[0], p[1]));
        }
    }

    /// Both moved by `(dx, dy)`, taken in.
    fn add(&mut self, o: &Extent, (dx, dy): (f64, f64)) {
        let by = |r: [f64; 4]| (r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy);
        self.boxes = reach(self.boxes, by(o.boxes));
        self.points = reach(self.points, by(o.points));
    }

    /// The picture's bounds: the boxes, room above them for the lines between trees if
    /// any run there, the lines (which stay in the gaps, but one drawn direct to a box
    /// the user moved may bow out), and a margin. With no line above the boxes (most
    /// single trees, a picture of a part), the margin is the same on every side.
    fn bounds(&self) -> Rect {
        let mut r = self.boxes;
        if !r[0].is_finite() {
            return Rect {
                x: 0.0,
                y: 0.0,
                w: 2.0 * MARGIN,
                h: 2.0 * MARGIN,
            };
        }
        let p = self.points;
        if p[1] < r[1] {
            r[1] -= TOP_ROOM;
        }
        if p[0].is_finite() {
            let half = MARGIN / 2.0;
            r = reach(r, (p[0] + half, p[1] + half, p[2] - half, p[3] - half));
        }
        Rect {
            x: r[0] - MARGIN,
            y: r[1] - MARGIN,
            w: r[2] - r[0] + 2.0 * MARGIN,
            h: r[3] - r[1] + 2.0 * MARGIN,
        }
    }
}

fn bounds(boxes: &[NodeBox], groups: &[GroupBox], edges: &[EdgeLine]) -> Rect {
    Extent::of(boxes, groups, edges).bounds()
}

#[cfg(test)]
mod tests {
    use super::*;
    use argmap_core::{Document, Edit, Point, generate::generate};

    /// The trees of the cached layout, by root.
    fn kept(cache: &TextCache) -> HashMap<NodeId, Arc<Local>> {
        cache.memo.as_ref().expect("a memo").trees.clone()
    }

    #[test]
    fn an_edit_lays_out_again_only_the_tree_it_touched() {
        let mut doc = Document::new(generate(1000, 3));
        let m = Measurer::new();
        let o = LayoutOptions::default();
        let mut cache = TextCache::default();
        layout_with(doc.map(), &m, &o, &mut cache);
        let before = kept(&cache);
        assert!(before.len() > 10, "{} trees", before.len());
        // A leaf under the first thesis.
        let thesis = doc
            .map()
            .nodes()
            .find(|n| n.kind == NodeKind::Thesis)
            .unwrap()
            .id;
        let edit = Edit::AddNode {
            node: Node::new(NodeKind::Objection, "new"),
            target: Some(thesis),
            relation: None,
            after: None,
        };
        doc.apply(&edit).unwrap();
        layout_with(doc.map(), &m, &o, &mut cache);
        let after = kept(&cache);
        assert_eq!(after.len(), before.len());
        let redone: Vec<NodeId> = after
            .iter()
            .filter(|(r, l)| !Arc::ptr_eq(l, &before[*r]))
            .map(|(r, _)| *r)
            .collect();
        assert_eq!(redone, [thesis]);

        // Undone: again only that tree.
        doc.undo();
        layout_with(doc.map(), &m, &o, &mut cache);
        let undone = kept(&cache);
        assert_eq!(
            undone
                .iter()
                .filter(|(r, l)| !Arc::ptr_eq(l, &after[*r]))
                .count(),
            1
        );

        // A pinned node: nothing is kept, and after unpinning everything is laid out
        // afresh, once.
        let pin = |position| Edit::Move {
            id: thesis,
            position,
        };
        doc.apply(&pin(Some(Point { x: 5.0, y: 5.0 }))).unwrap();
        layout_with(doc.map(), &m, &o, &mut cache);
        assert!(cache.memo.is_none());
        doc.apply(&pin(None)).unwrap();
        layout_with(doc.map(), &m, &o, &mut cache);
        let fresh = kept(&cache);
        assert!(fresh.iter().all(|(r, l)| !Arc::ptr_eq(l, &undone[r])));

        // Another map entirely (a clone has a history of its own): laid out afresh.
        let copy = doc.map().clone();
        layout_with(&copy, &m, &o, &mut cache);
        assert!(kept(&cache).iter().all(|(r, l)| !Arc::ptr_eq(l, &fresh[r])));
    }

    /// A cross-link is routed again only when a tree it runs from or to was laid out
    /// again (or moved): the rest are taken from the last layout. Shown by marking every
    /// kept route and then editing one tree's node.
    #[test]
    fn cross_links_are_routed_again_only_from_trees_laid_out_again() {
        let mut doc = Document::new(generate(1000, 3));
        let m = Measurer::new();
        let o = LayoutOptions::default();
        let mut cache = TextCache::default();
        layout_with(doc.map(), &m, &o, &mut cache);
        let marked = vec![[-1.0, -1.0]];
        let memo = cache.memo.as_mut().expect("a memo");
        assert!(memo.routes.len() > 20, "{} routes", memo.routes.len());
        for r in memo.routes.values_mut() {
            // Corners too: a kept line whose arrow is moved apart from another's is
            // drawn again from its corners (keep_arrows_apart), which one point skips.
            let line = Arc::make_mut(&mut r.line);
            line.path = marked.clone();
            line.corners = Some(marked.clone());
        }
        // A note on one end of a cross-link: its tree is laid out again, same size.
        let (&(from, _), _) = memo.routes.iter().next().unwrap();
        let tree = memo.tree_of[&from];
        doc.apply(&Edit::UpdateNode {
            id: from,
            fields: argmap_core::NodeFields {
                notes: Some("a note".into()),
                ..Default::default()
            },
        })
        .unwrap();
        let after = layout_with(doc.map(), &m, &o, &mut cache);
        let memo = cache.memo.as_ref().unwrap();
        let (mut again, mut kept) = (0, 0);
        for e in after.edges.iter().filter(|e| !e.primary) {
            let touches = memo.tree_of[&e.from] == tree || memo.tree_of[&e.to] == tree;
            if touches {
                assert_ne!(e.path, marked, "{} -> {} routed again", e.from, e.to);
                again += 1;
            } else {
                assert_eq!(e.path, marked, "{} -> {} taken as it was", e.from, e.to);
                kept += 1;
            }
        }
        assert!(again >= 1 && kept > 20, "{again} routed again, {kept} kept");
    }
}
