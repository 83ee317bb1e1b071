//! Layout properties over random maps, and what the painters make of them.

use argmap_core::generate::generate;
use argmap_core::{ArgumentMap, Document, Edit, MapMeta, Node, NodeKind, Point};
use argmap_render::font::Measurer;
use argmap_render::layout::{Layout, LayoutOptions, NodeBox, Orientation, layout};
use proptest::prelude::*;

fn lay(map: &ArgumentMap, orientation: Orientation) -> Layout {
    layout(map, &Measurer::new(), &LayoutOptions { orientation })
}

fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn on_border(b: &NodeBox, p: [f64; 2], slack: f64) -> bool {
    let inside_x = p[0] >= b.x - slack && p[0] <= b.x + b.w + slack;
    let inside_y = p[1] >= b.y - slack && p[1] <= b.y + b.h + slack;
    let near_x = (p[0] - b.x).abs() <= slack || (p[0] - b.x - b.w).abs() <= slack;
    let near_y = (p[1] - b.y).abs() <= slack || (p[1] - b.y - b.h).abs() <= slack;
    inside_x && inside_y && (near_x || near_y)
}

/// No two boxes overlap (a sweep over x keeps this fast on large maps).
fn assert_no_overlap(l: &Layout) {
    let mut order: Vec<&NodeBox> = l.nodes.iter().collect();
    order.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (i, a) in order.iter().enumerate() {
        for b in order[i + 1..].iter().take_while(|b| b.x < a.x + a.w) {
            assert!(
                !overlap(a, b),
                "{:?} overlaps {:?}",
                (a.id, a.x, a.y, a.w, a.h),
                (b.id, b.x, b.y, b.w, b.h)
            );
        }
    }
}

#[test]
fn the_sample_lays_out_every_node_without_overlap_and_near_landscape() {
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &Default::default(),
    )
    .unwrap();
    let l = lay(&map, Orientation::TopDown);
    assert_eq!(l.nodes.len(), map.len());
    assert_no_overlap(&l);
    let aspect = l.bounds.w / l.bounds.h;
    assert!(
        (0.8..2.5).contains(&aspect),
        "aspect {aspect}: {:?}",
        l.bounds
    );
}

#[test]
fn a_collapsed_node_hides_its_subtree_and_counts_it() {
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &Default::default(),
    )
    .unwrap();
    let thesis = map
        .nodes()
        .find(|n| n.label.as_deref() == Some("Scaling is over"))
        .unwrap()
        .id;
    let below = map.subtree(thesis).len() - 1;
    let mut doc = Document::new(map);
    doc.apply(&Edit::SetCollapsed {
        id: thesis,
        collapsed: true,
    })
    .unwrap();
    let l = lay(doc.map(), Orientation::TopDown);
    let b = l.node(thesis).unwrap();
    assert_eq!(b.hidden, below);
    assert!(b.runs.iter().any(|r| r.text == format!("+{below}")));
    assert_eq!(l.nodes.len(), doc.map().len() - below);
}

#[test]
fn a_pinned_node_stays_where_the_user_put_it() {
    let mut doc = Document::new(generate(40, 3));
    let id = doc.map().node_at(5).unwrap().id;
    doc.apply(&Edit::Move {
        id,
        position: Some(Point {
            x: -500.0,
            y: 1234.5,
        }),
    })
    .unwrap();
    let l = lay(doc.map(), Orientation::TopDown);
    let b = l.node(id).unwrap();
    assert_eq!((b.x, b.y), (-500.0, 1234.5));
    assert!(b.pinned);
    assert!(l.bounds.x <= -500.0, "the bounds take in the pinned node");
}

#[test]
fn a_chain_deeper_than_any_stack_lays_out() {
    let mut map_nodes = vec![Node::new(NodeKind::Thesis, "root")];
    let mut edges = Vec::new();
    for i in 0..200_000 {
        let n = Node::new(NodeKind::Objection, format!("o{i}"));
        edges.push(argmap_core::Edge::new(
            n.id,
            map_nodes.last().unwrap().id,
            argmap_core::Relation::Objects,
        ));
        map_nodes.push(n);
    }
    let map = ArgumentMap::from_parts(MapMeta::titled("deep"), map_nodes, edges).unwrap();
    let l = lay(&map, Orientation::TopDown);
    assert_eq!(l.nodes.len(), 200_001);
}

#[test]
fn mutual_objections_and_rootless_cycles_are_drawn() {
    let a = Node::new(NodeKind::Objection, "a");
    let b = Node::new(NodeKind::Objection, "b");
    let edges = vec![
        argmap_core::Edge::new(a.id, b.id, argmap_core::Relation::Objects),
        argmap_core::Edge::new(b.id, a.id, argmap_core::Relation::Objects),
    ];
    let map = ArgumentMap::from_parts(MapMeta::titled("cycle"), vec![a, b], edges).unwrap();
    let l = lay(&map, Orientation::TopDown);
    assert_eq!(l.nodes.len(), 2);
    assert_eq!(l.edges.len(), 2, "one tree edge and one cross-link");
    assert_no_overlap(&l);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn boxes_never_overlap_and_edges_end_on_their_boxes(size in 1usize..400, seed in any::<u64>(), lr in any::<bool>()) {
        let map = generate(size, seed);
        let l = lay(&map, if lr { Orientation::LeftRight } else { Orientation::TopDown });
        prop_assert_eq!(l.nodes.len(), map.len());
        assert_no_overlap(&l);
        let by_id: std::collections::HashMap<_, _> = l.nodes.iter().map(|n| (n.id, n)).collect();
        for e in &l.edges {
            let [start, .., end] = e.path;
            prop_assert!(on_border(by_id[&e.to], end, 0.5), "edge end off its target: {:?}", e);
            match e.group {
                Some(g) => {
                    let f = l.groups.iter().find(|f| f.group == g).unwrap();
                    let frame = NodeBox { id: e.from, role: by_id[&e.from].role, x: f.x, y: f.y, w: f.w, h: f.h, runs: vec![], hidden: 0, pinned: false };
                    prop_assert!(on_border(&frame, start, 0.5), "group edge start off its frame: {:?}", e);
                }
                None => prop_assert!(on_border(by_id[&e.from], start, 0.5), "edge start off its box: {:?}", e),
            }
        }
        for n in &l.nodes {
            prop_assert!(n.x >= l.bounds.x && n.y >= l.bounds.y);
            prop_assert!(n.x + n.w <= l.bounds.x + l.bounds.w && n.y + n.h <= l.bounds.y + l.bounds.h);
        }
    }

    #[test]
    fn the_same_map_gives_the_same_layout_and_bytes(size in 1usize..200, seed in any::<u64>()) {
        let map = generate(size, seed);
        let a = lay(&map, Orientation::TopDown);
        let b = lay(&map, Orientation::TopDown);
        prop_assert_eq!(&a, &b);
        let o = argmap_render::SvgOptions { embed_font: false, ..Default::default() };
        prop_assert_eq!(argmap_render::to_svg(&a, &o), argmap_render::to_svg(&b, &o));
    }
}
