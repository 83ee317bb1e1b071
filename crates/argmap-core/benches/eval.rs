//! Evaluation of generated maps (issue 7). Target: 10k nodes in < 5 ms.

use std::collections::HashMap;

use argmap_core::eval::evaluate;
use argmap_core::generate::generate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn eval(c: &mut Criterion) {
    let mut group = c.benchmark_group("eval");
    group.sample_size(20);
    for n in [1_000usize, 10_000, 100_000] {
        let map = generate(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &map, |b, map| {
            b.iter(|| evaluate(map, &HashMap::new()))
        });
    }
    group.finish();
}

criterion_group!(benches, eval);
criterion_main!(benches);
