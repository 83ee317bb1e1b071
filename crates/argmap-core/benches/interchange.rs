//! Importing other formats (issue 6). Targets: a 5k-statement Argdown file in < 100 ms,
//! a 5k-node AIF file in < 50 ms. The files are Argmap's own writing of `argmap gen`
//! maps (every kind, co-premise groups, contradictions, cross-links).

use argmap_core::FileLimits;
use argmap_core::generate::generate;
use argmap_core::interchange::{aif, argdown, kialo};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn interchange(c: &mut Criterion) {
    let limits = FileLimits::default();
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    for n in [1_000usize, 5_000] {
        let map = generate(n, 1);
        let ad = argdown::write(&map);
        let json = aif::write(&map);
        let k = kialo::write(&map);
        group.bench_with_input(BenchmarkId::new("argdown", n), &ad, |b, t| {
            b.iter(|| argdown::read(t, &limits).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("aif", n), &json, |b, t| {
            b.iter(|| aif::read(t, &limits).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("kialo", n), &k, |b, t| {
            b.iter(|| kialo::read(t, &limits).unwrap())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("export");
    group.sample_size(20);
    let map = generate(5_000, 1);
    group.bench_function("argdown/5000", |b| b.iter(|| argdown::write(&map)));
    group.bench_function("aif/5000", |b| b.iter(|| aif::write(&map)));
    group.finish();
}

criterion_group!(benches, interchange);
criterion_main!(benches);
