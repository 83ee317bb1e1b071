//! The random leaf insertions the stability figures are measured over: shared by the
//! layout test that measures them and `examples/stability.rs` that prints them
//! (`#[path = ...] mod insertions;`), so both count the same thing.

use argmap_core::{ArgumentMap, NodeId, NodeKind};

/// Up to `tries` leaves (a support, an objection or evidence) to add under random
/// claims of `map`, chosen from `seed` the same way every time; picks that land on a
/// statement that takes no reasons are skipped.
pub fn insertions(map: &ArgumentMap, seed: u64, tries: usize) -> Vec<(NodeId, NodeKind)> {
    let ids: Vec<NodeId> = map.nodes().map(|n| n.id).collect();
    let mut rng = seed.wrapping_mul(0x9E3779B97F4A7C15);
    let mut out = Vec::new();
    for _ in 0..tries {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let t = ids[(rng % ids.len() as u64) as usize];
        let kind =
            [NodeKind::Support, NodeKind::Objection, NodeKind::Evidence][(rng >> 20) as usize % 3];
        if matches!(
            map.node(t).map(|n| n.kind),
            Some(NodeKind::Thesis | NodeKind::Support | NodeKind::Objection)
        ) {
            out.push((t, kind));
        }
    }
    out
}
