//! Maps no user would draw but a shared file can hold: any shape the format allows
//! (several targets, cycles, contradictions, co-premise groups, collapsed nodes inside
//! collapsed ones, pins at the edge of the allowed range and on top of each other) with
//! texts chosen to break line setting, escaping and other tools' syntax; and random
//! editing sessions on them ([`step`]). Shared by the tests of argmap-core (format,
//! interchange, evaluation), argmap-render (layout, export, scene deltas) and
//! argmap-store (the library): `#[path = ...] mod hostile;`.
#![allow(dead_code)]

use argmap_core::{ArgumentMap, Edge, GroupId, MapMeta, Node, NodeId, NodeKind, Point, Relation};
use proptest::prelude::*;

/// Texts that have broken text setting or escaping somewhere.
pub const TEXTS: &[&str] = &[
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
    // After a letter of the bundled font: usvg merged the emoji font's one picture for a
    // sequence into the other font's letters, and panicked (linebender/resvg#732).
    "Team 👩‍🔬 wins 👍🏽 from 🇺🇦 with y\u{0306} and ❤\u{FE0F}\u{FE0E}",
    "\u{0000}\u{0001}\u{001F}\u{007F} controls",
    "\u{D7FF}\u{E000}\u{FFFD}\u{10FFFF} edges of Unicode",
    "漢字かな交じり文で書かれた、とても長い一文。句読点のない文章が続く場合もある",
];

pub fn text(pick: usize, long: u8) -> String {
    match long {
        // One word far wider than a box.
        0 => "W".repeat(3000),
        // The most text the format allows, in words.
        1 => "word ".repeat(2000),
        _ => TEXTS[pick % TEXTS.len()].to_string(),
    }
}

/// Positions a pin can take: the range's ends, zero, and where the layout puts boxes.
pub fn coordinate(pick: u8, fine: f64) -> f64 {
    match pick % 6 {
        0 => 10_000_000.0,
        1 => -10_000_000.0,
        2 => 0.0,
        _ => fine,
    }
}

/// A pin: for x and y, which kind of coordinate and where a fine one goes.
pub type Pin = (u8, f64, u8, f64);

#[derive(Debug, Clone)]
pub struct NodeSpec {
    pub kind: u8,
    pub text: usize,
    pub long: u8,
    pub pin: Option<Pin>,
    pub collapsed: bool,
    pub labelled: bool,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub nodes: Vec<NodeSpec>,
    pub targets: Vec<(usize, usize, bool)>,
    pub contradictions: Vec<(usize, usize)>,
    pub groups: Vec<(usize, Vec<usize>)>,
}

pub fn spec() -> impl Strategy<Value = Spec> {
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

/// The `i`th node's id: the same in every run, and told apart in debug output (which
/// shows an id's last eight digits).
pub fn id(i: usize) -> NodeId {
    NodeId::from_random_bytes((i as u128 + 1).to_be_bytes())
}

/// The map a spec describes, made valid: every reason gets a target it may have, edges
/// the rules forbid are left out.
pub fn build(s: &Spec) -> ArgumentMap {
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

/// One step of a random editing session (a few per test case: the size of an edit
/// does not matter).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Step {
    Apply(argmap_core::Edit),
    Undo,
    Redo,
}

/// The `what`th kind of step (there are 16): every kind of edit, on the nodes at `a`
/// and `b` (taken modulo the map's size) with `text`; or undo, or redo. `None` on an
/// empty map. An edit the map refuses changes nothing.
pub fn step(map: &ArgumentMap, a: usize, b: usize, what: u8, text: &str) -> Option<Step> {
    use argmap_core::{Edit, NodeFields};
    if map.is_empty() {
        return None;
    }
    let id = map.node_at(a % map.len())?.id;
    let to = map.node_at(b % map.len())?.id;
    let collapsed = map.node(id)?.collapsed;
    let text = text.to_string();
    let add = |kind, target| Edit::AddNode {
        node: Node::new(kind, text.clone()),
        target,
        relation: None,
        after: None,
    };
    Some(Step::Apply(match what % 16 {
        0 => Edit::UpdateNode {
            id,
            fields: NodeFields {
                text: Some(text),
                ..Default::default()
            },
        },
        1 => Edit::UpdateNode {
            id,
            fields: NodeFields {
                label: Some(text),
                ..Default::default()
            },
        },
        2 => add(NodeKind::Objection, Some(id)),
        3 => Edit::DeleteSubtree { id },
        4 => add(NodeKind::Thesis, None),
        5 => Edit::Reattach { id, target: to },
        6 => Edit::SetCollapsed {
            id,
            collapsed: !collapsed,
        },
        7 => Edit::ChangeKind {
            id,
            kind: [NodeKind::Objection, NodeKind::Support, NodeKind::Question][text.len() % 3],
        },
        8 => Edit::Connect {
            from: id,
            to,
            relation: Relation::Contradicts,
        },
        9 => Edit::Connect {
            from: id,
            to,
            relation: Relation::Supports,
        },
        10 => Edit::Disconnect {
            from: id,
            to: map.primary_target(id).map_or(to, |e| e.to),
        },
        11 => Edit::DeleteNode { id },
        12 => Edit::Move {
            id,
            position: (text.len() % 2 == 0).then_some(Point {
                x: text.len() as f64 * 7.0,
                y: 40.0,
            }),
        },
        13 => return Some(Step::Undo),
        14 => return Some(Step::Redo),
        _ => add(NodeKind::Support, Some(id)),
    }))
}
