//! Maps no user would draw but a shared file can hold, through the whole drawing: any
//! shape the format allows (several targets, cycles, contradictions, co-premises,
//! collapsed nodes inside collapsed ones, pins at the edge of the allowed range, on top
//! of each other and on top of the automatic layout) with texts chosen to break line
//! breaking and escaping. Both orientations lay out without a panic and without an
//! overlap; every line ends on its boxes; SVG, PNG and PDF come out (or the PNG is
//! refused as too big) and the SVG parses.

use argmap_core::{
    ArgumentMap, Edge, GroupId, MapMeta, Node, NodeId, NodeKind, Point, Relation, format,
};
use argmap_render::export::{Format, PictureOptions, export_picture};
use argmap_render::font::Measurer;
use argmap_render::layout::{Layout, LayoutOptions, NodeBox, Orientation, layout};
use argmap_render::{ExportError, RasterError, SvgOptions, to_svg};
use proptest::prelude::*;

/// Texts that have broken text setting or escaping somewhere.
const TEXTS: &[&str] = &[
    "",
    " ",
    "A plain claim.",
    "\n\n\n",
    "tab\there\tand\tthere",
    "<script>alert(1)</script> ]]> & \"quotes\" 'apostrophes'",
    "\u{202E}reversed\u{202C} and \u{200F}RTL mark\u{200E}",
    "\u{0627}\u{0644}\u{0639}\u{0631}\u{0628}\u{064A}\u{0629} \u{05E2}\u{05D1}\u{05E8}\u{05D9}\u{05EA}",
    "e\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301} stacked marks",
    "zero\u{200B}width\u{200B}spaces\u{FEFF}and\u{2060}joiners",
    "👩‍👩‍👧‍👦🏳️‍🌈 emoji 🇺🇦",
    "\u{0000}\u{0001}\u{001F}\u{007F} controls",
    "\u{D7FF}\u{E000}\u{FFFD}\u{10FFFF} edges of Unicode",
    "漢字かな交じり文で書かれた、とても長い一文。句読点のない文章が続く場合もある",
];

fn text(pick: usize, long: u8) -> String {
    match long {
        // One word far wider than a box.
        0 => "W".repeat(3000),
        // The most text the format allows, in words.
        1 => "word ".repeat(2000),
        _ => TEXTS[pick % TEXTS.len()].to_string(),
    }
}

/// Positions a pin can take: the range's ends, zero, and where the layout puts boxes.
fn coordinate(pick: u8, fine: f64) -> f64 {
    match pick % 6 {
        0 => 10_000_000.0,
        1 => -10_000_000.0,
        2 => 0.0,
        _ => fine,
    }
}

/// A pin: for x and y, which kind of coordinate and where a fine one goes.
type Pin = (u8, f64, u8, f64);

#[derive(Debug, Clone)]
struct NodeSpec {
    kind: u8,
    text: usize,
    long: u8,
    pin: Option<Pin>,
    collapsed: bool,
    labelled: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    nodes: Vec<NodeSpec>,
    targets: Vec<(usize, usize, bool)>,
    contradictions: Vec<(usize, usize)>,
    groups: Vec<(usize, Vec<usize>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let node = (
        0u8..6,
        any::<usize>(),
        0u8..40,
        prop::option::weighted(
            0.15,
            (
                any::<u8>(),
                -3000.0f64..3000.0,
                any::<u8>(),
                -3000.0f64..3000.0,
            ),
        ),
        prop::bool::weighted(0.15),
        any::<bool>(),
    )
        .prop_map(|(kind, text, long, pin, collapsed, labelled)| NodeSpec {
            kind,
            text,
            long,
            pin,
            collapsed,
            labelled,
        });
    (
        prop::collection::vec(node, 1..40),
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<bool>()), 0..60),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..6),
        prop::collection::vec(
            (any::<usize>(), prop::collection::vec(any::<usize>(), 2..4)),
            0..4,
        ),
    )
        .prop_map(|(nodes, targets, contradictions, groups)| Spec {
            nodes,
            targets,
            contradictions,
            groups,
        })
}

fn id(i: usize) -> NodeId {
    NodeId::from_random_bytes((i as u128 + 1).to_le_bytes())
}

/// The map a spec describes, made valid: every reason gets a target it may have, edges
/// the rules forbid are left out.
fn build(s: &Spec) -> ArgumentMap {
    let n = s.nodes.len();
    let mut nodes = Vec::with_capacity(n);
    for (i, spec) in s.nodes.iter().enumerate() {
        let kind = NodeKind::ALL[usize::from(spec.kind) % NodeKind::ALL.len()];
        let mut node = Node::with_id(id(i), kind, text(spec.text, spec.long));
        node.label = spec.labelled.then(|| text(spec.text / 7, 9));
        node.position = spec.pin.map(|(a, x, b, y)| Point {
            x: coordinate(a, x),
            y: coordinate(b, y),
        });
        node.collapsed = spec.collapsed;
        nodes.push(node);
    }
    let kind = |i: usize| nodes[i].kind;
    let claim = |k: NodeKind| !matches!(k, NodeKind::Question | NodeKind::Note);
    let mut pairs = std::collections::HashSet::new();
    let mut edges = Vec::new();
    // A relation `from` may have to `to`, if any.
    let relation = |from: usize, to: usize, objects: bool| -> Option<Relation> {
        if from == to {
            return None;
        }
        match kind(from) {
            NodeKind::Question | NodeKind::Note => Some(Relation::Annotates),
            _ if !claim(kind(to)) => None,
            NodeKind::Support => Some(Relation::Supports),
            NodeKind::Objection => Some(Relation::Objects),
            NodeKind::Evidence if objects => Some(Relation::Objects),
            NodeKind::Evidence => Some(Relation::Supports),
            NodeKind::Thesis => None,
        }
    };
    // Co-premise groups first, so that each premise's edge in a group is its first.
    for (g, &(to, ref premises)) in s.groups.iter().enumerate() {
        let to = to % n;
        let members: Vec<(usize, Relation)> = premises
            .iter()
            .map(|p| p % n)
            .filter(|&p| matches!(kind(p), NodeKind::Support | NodeKind::Objection))
            .filter(|&p| kind(p) == kind(premises[0] % n))
            .filter(|&p| !pairs.contains(&(p, to)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter_map(|p| relation(p, to, false).map(|r| (p, r)))
            .collect();
        if members.len() < 2 {
            continue;
        }
        let group = GroupId::from_random_bytes((g as u128 + 1000).to_le_bytes());
        for (p, r) in members {
            pairs.insert((p, to));
            let mut e = Edge::new(id(p), id(to), r);
            e.group = Some(group);
            edges.push(e);
        }
    }
    for &(from, to, objects) in &s.targets {
        let (from, to) = (from % n, to % n);
        if pairs.contains(&(from, to)) {
            continue;
        }
        if let Some(r) = relation(from, to, objects) {
            pairs.insert((from, to));
            edges.push(Edge::new(id(from), id(to), r));
        }
    }
    // Every reason targets something: the node before it that it may bear on, if any.
    let mut keep = vec![true; n];
    for (i, kept) in keep.iter_mut().enumerate() {
        let needs = matches!(
            kind(i),
            NodeKind::Support | NodeKind::Objection | NodeKind::Evidence
        );
        if !needs || pairs.iter().any(|&(f, _)| f == i) {
            continue;
        }
        match (0..n)
            .filter(|&j| j != i)
            .find_map(|j| relation(i, j, false).map(|r| (j, r)))
        {
            Some((j, r)) => {
                pairs.insert((i, j));
                edges.push(Edge::new(id(i), id(j), r));
            }
            None => *kept = false,
        }
    }
    let mut seen = std::collections::HashSet::new();
    for &(a, b) in &s.contradictions {
        let (a, b) = (a % n, b % n);
        if a != b
            && claim(kind(a))
            && claim(kind(b))
            && !pairs.contains(&(a, b))
            && !pairs.contains(&(b, a))
            && seen.insert((a.min(b), a.max(b)))
        {
            pairs.insert((a, b));
            edges.push(Edge::new(id(a), id(b), Relation::Contradicts));
        }
    }
    let dropped: std::collections::HashSet<NodeId> = (0..n).filter(|&i| !keep[i]).map(id).collect();
    nodes.retain(|node| !dropped.contains(&node.id));
    edges.retain(|e| !dropped.contains(&e.from) && !dropped.contains(&e.to));
    ArgumentMap::from_parts(MapMeta::titled("hostile <&> ]]>"), nodes, edges)
        .unwrap_or_else(|e| panic!("the spec builds a valid map: {e}"))
}

fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn near_box(b: &NodeBox, p: [f64; 2]) -> bool {
    let slack = 0.5;
    p[0] >= b.x - slack
        && p[0] <= b.x + b.w + slack
        && p[1] >= b.y - slack
        && p[1] <= b.y + b.h + slack
}

fn check(map: &ArgumentMap, l: &Layout) -> Result<(), TestCaseError> {
    for n in &l.nodes {
        prop_assert!(
            n.x.is_finite() && n.y.is_finite() && n.w > 0.0 && n.h > 0.0,
            "{:?}",
            n.id
        );
        prop_assert!(map.contains(n.id));
    }
    // Boxes the user pinned onto each other are theirs to overlap; no other pair may.
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            prop_assert!(
                (a.pinned && b.pinned) || !overlap(a, b),
                "{:?} overlaps {:?}",
                (a.id, a.x, a.y, a.w, a.h, a.pinned),
                (b.id, b.x, b.y, b.w, b.h, b.pinned)
            );
        }
    }
    let by_id: std::collections::HashMap<_, _> = l.nodes.iter().map(|n| (n.id, n)).collect();
    for e in &l.edges {
        prop_assert!(e.path.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        prop_assert!(
            near_box(by_id[&e.to], e.path[e.path.len() - 1]),
            "line end off its box: {:?}",
            e
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_map_the_format_allows_is_drawn_and_exported(s in spec()) {
        let map = build(&s);
        let json = format::to_compact_string(&map);
        let m = Measurer::new();
        for orientation in [Orientation::TopDown, Orientation::LeftRight] {
            let l = layout(&map, &m, &LayoutOptions { orientation });
            check(&map, &l)?;
            let svg = to_svg(&l, &SvgOptions {
                theme: argmap_render::theme::DARK,
                transparent: false,
                padding: 24.0,
                embed_font: false,
                map_json: Some(json.clone()),
                title: Some(map.meta().title.clone()),
                badges: Default::default(),
            });
            argmap_render::raster::parse_svg(&svg).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = argmap_render::embed::open_bytes(svg.as_bytes(), &Default::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &map);
        }
        let l = layout(&map, &m, &LayoutOptions::default());
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Png, Format::Pdf] {
            let path = dir.path().join(format!("map.{}", format.extension()));
            let o = PictureOptions { scale: 0.25, ..PictureOptions::default() };
            match export_picture(&l, format, &o, &path) {
                Ok(()) => prop_assert!(std::fs::metadata(&path).unwrap().len() > 0),
                // Pins 20,000,000 apart make a picture too big to paint: refused, with
                // the reason, and nothing written.
                Err(ExportError::Draw(RasterError::TooLarge { .. })) => prop_assert!(!path.exists()),
                Err(e) => prop_assert!(false, "{format:?}: {e}"),
            }
        }
    }
}
