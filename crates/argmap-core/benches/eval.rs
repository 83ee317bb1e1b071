//! Evaluation of generated maps (issue 7). Target: 10k nodes in < 5 ms.
//!
//! `eval/N` is a generated map as it comes; `eval-conflicts/N` adds N/50 contradictions
//! between random claims, so the preferred search has many undecided parts to resolve.

use argmap_core::eval::evaluate;
use argmap_core::generate::generate;
use argmap_core::{ArgumentMap, Document, Edit, NodeId, Relation};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn with_conflicts(map: ArgumentMap, count: usize) -> ArgumentMap {
    let claims: Vec<NodeId> = map
        .nodes()
        .filter(|n| n.kind.is_claim())
        .map(|n| n.id)
        .collect();
    let mut doc = Document::new(map);
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % claims.len() as u64) as usize
    };
    let mut made = 0;
    while made < count {
        let (a, b) = (claims[next()], claims[next()]);
        let edit = Edit::Connect {
            from: a,
            to: b,
            relation: Relation::Contradicts,
        };
        if a != b && doc.apply(&edit).is_ok() {
            made += 1;
        }
    }
    doc.into_map()
}

fn eval(c: &mut Criterion) {
    let mut group = c.benchmark_group("eval");
    group.sample_size(20);
    for n in [1_000usize, 10_000, 100_000] {
        let map = generate(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &map, |b, map| {
            b.iter(|| evaluate(map))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("eval-conflicts");
    group.sample_size(20);
    for n in [1_000usize, 10_000] {
        let map = with_conflicts(generate(n, 1), n / 50);
        let e = evaluate(&map);
        let undecided = e
            .statuses
            .iter()
            .filter(|s| s.label == argmap_core::eval::Label::Undecided)
            .count();
        eprintln!(
            "eval-conflicts/{n}: {undecided} undecided claims, {} parts given up",
            e.preferred_gave_up
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &map, |b, map| {
            b.iter(|| evaluate(map))
        });
    }
    group.finish();
}

criterion_group!(benches, eval);
criterion_main!(benches);
