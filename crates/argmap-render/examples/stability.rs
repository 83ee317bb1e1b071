//! How much adding a leaf moves, over random generated maps and random leaves: the
//! figures in docs/benchmarks.md. Run: `cargo run --release -p argmap-render --example stability`.
use argmap_core::generate::generate;
use argmap_core::{Document, Edit, Node};
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, layout};
use std::collections::HashSet;

#[path = "../tests/support/insertions.rs"]
mod insertions;

fn main() {
    let m = Measurer::new();
    let o = LayoutOptions::default();
    for size in [200usize, 1000] {
        let (mut tries, mut strict, mut moved_total, mut none_moved) =
            (0usize, 0usize, 0usize, 0usize);
        // Insertions that moved another tree, and that moved a box of their own tree
        // outside the allowed subtree.
        let (mut other_trees, mut own_tree) = (0usize, 0usize);
        // Of those that moved another tree: only other trees moved (nothing of its own
        // outside the subtree), and how the other trees moved (across, down, or both).
        let (mut only_other, mut across, mut down, mut both) = (0usize, 0usize, 0usize, 0usize);
        let mut moved_all: Vec<usize> = Vec::new();
        for seed in 1..=10u64 {
            let map = generate(size, seed);
            let before = layout(&map, &m, &o);
            for (t, kind) in insertions::insertions(&map, seed, 40) {
                let mut doc = Document::new(map.clone());
                let leaf = Node::new(kind, "A new leaf");
                if doc
                    .apply(&Edit::AddNode {
                        node: leaf,
                        target: Some(t),
                        relation: None,
                        after: None,
                    })
                    .is_err()
                {
                    continue;
                }
                let after = layout(doc.map(), &m, &o);
                // Allowed to move: the subtree of the target's parent (of the target when it heads a tree).
                let top = map.primary_target(t).map(|e| e.to).unwrap_or(t);
                let allowed: HashSet<_> = map.subtree(top).into_iter().collect();
                let root_of = |mut id| {
                    while let Some(e) = map.primary_target(id) {
                        id = e.to;
                    }
                    id
                };
                let own_root = root_of(t);
                let (mut moved_other_tree, mut moved_own_tree) = (false, false);
                let (mut other_across, mut other_down) = (false, false);
                let mut moved = 0;
                let mut outside = 0;
                for b in &before.nodes {
                    let a = after.nodes.iter().find(|n| n.id == b.id).unwrap();
                    if (a.x, a.y) != (b.x, b.y) {
                        moved += 1;
                        if !allowed.contains(&b.id) {
                            outside += 1;
                            if root_of(b.id) == own_root {
                                moved_own_tree = true;
                            } else {
                                moved_other_tree = true;
                                other_across |= a.x != b.x;
                                other_down |= a.y != b.y;
                            }
                        }
                    }
                }
                tries += 1;
                if moved_other_tree {
                    only_other += usize::from(!moved_own_tree);
                    match (other_across, other_down) {
                        (true, true) => both += 1,
                        (true, false) => across += 1,
                        _ => down += 1,
                    }
                }
                other_trees += usize::from(moved_other_tree);
                own_tree += usize::from(moved_own_tree);
                if outside == 0 {
                    strict += 1;
                }
                if moved == 0 {
                    none_moved += 1;
                }
                moved_total += moved;
                moved_all.push(moved);
            }
        }
        moved_all.sort();
        println!(
            "{size} nodes: {tries} leaf insertions; nothing outside the target's parent's subtree moved in {strict} ({:.0}%); no other box moved in {none_moved} ({:.0}%); boxes moved: mean {:.1}, median {}, p90 {}",
            100.0 * strict as f64 / tries as f64,
            100.0 * none_moved as f64 / tries as f64,
            moved_total as f64 / tries as f64,
            moved_all[moved_all.len() / 2],
            moved_all[moved_all.len() * 9 / 10]
        );
        println!(
            "  of the others: another tree moved in {other_trees}, a box of the same tree outside the subtree in {own_tree}"
        );
        println!(
            "  of those that moved another tree: only other trees in {only_other}; the other trees moved across only in {across}, down only in {down}, both in {both}"
        );
    }
}
