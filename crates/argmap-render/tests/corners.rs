//! The page rounds a routed line's corners itself (ui/src/route.ts), so that what crosses
//! IPC is the polyline, not its curve. Both sides are held to the same pairs of corners
//! and curves, ui/test/fixtures/corners.json: this test checks them against the
//! layout's `rounded`, and ui/test/route.test.ts checks the page's port against them.
//! `ARGMAP_REGENERATE_REFERENCES=1` writes the pairs afresh from real layouts.

use argmap_core::FileLimits;
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, layout, rounded};

type Points = Vec<[f64; 2]>;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../ui/test/fixtures/corners.json"
);

fn sample() -> argmap_core::ArgumentMap {
    argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &FileLimits::default(),
    )
    .unwrap()
}

/// Routed lines of real maps, and polylines that take each branch of `rounded`.
fn cases() -> Vec<Points> {
    let sample = sample();
    let mut out: Vec<Points> = Vec::new();
    for map in [sample, argmap_core::generate::generate(300, 3)] {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        out.extend(l.edges.iter().filter_map(|e| e.corners.clone()).take(8));
    }
    out.extend([
        // One point.
        vec![[5.0, 5.0]],
        // Repeated points, and a point straight on from the last two.
        vec![
            [0.0, 0.0],
            [0.0, 0.0],
            [40.0, 0.0],
            [80.0, 0.0],
            [80.0, 50.0],
        ],
        // Legs shorter than two radii, a slant, and a turn back the way it came.
        vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 5.0],
            [33.3, 45.7],
            [10.0, 45.7],
            [60.0, 45.7],
        ],
    ]);
    out
}

#[test]
fn the_page_is_held_to_the_curves_the_layout_rounds_from_corners() {
    if std::env::var_os("ARGMAP_REGENERATE_REFERENCES").is_some() {
        let pairs: Vec<serde_json::Value> = cases()
            .into_iter()
            .map(|c| serde_json::json!({ "path": rounded(&c), "corners": c }))
            .collect();
        std::fs::write(FIXTURE, serde_json::to_string(&pairs).unwrap() + "\n").unwrap();
    }
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture is committed");
    let pairs: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(
        pairs.len() >= 10,
        "routed lines of real maps and the edge cases"
    );
    let points = |v: &serde_json::Value| -> Points { serde_json::from_value(v.clone()).unwrap() };
    for (k, pair) in pairs.iter().enumerate() {
        let (corners, path) = (points(&pair["corners"]), points(&pair["path"]));
        let ours = rounded(&corners);
        assert_eq!(ours.len(), path.len(), "pair {k}");
        for (a, b) in ours.iter().zip(&path) {
            assert!(
                (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9,
                "pair {k}: {a:?} against {b:?}"
            );
        }
    }
}

#[test]
fn a_routed_line_crosses_ipc_as_its_corners_and_any_other_as_its_path() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let routed = l.edges.iter().find(|e| e.corners.is_some()).unwrap();
    let v = serde_json::to_value(routed).unwrap();
    assert!(v.get("path").is_none());
    let corners: Points = serde_json::from_value(v["corners"].clone()).unwrap();
    assert_eq!(corners.len(), routed.corners.as_ref().unwrap().len());
    assert_eq!(rounded(routed.corners.as_ref().unwrap()), routed.path);
    let tree_line = l.edges.iter().find(|e| e.primary).unwrap();
    let v = serde_json::to_value(tree_line).unwrap();
    assert!(v.get("corners").is_none());
    assert_eq!(v["path"].as_array().unwrap().len(), tree_line.path.len());
}
