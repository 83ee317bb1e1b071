//! Load (parse + validate + build) and save of generated maps of 1k, 10k and 100k
//! nodes. Targets (issue 2): 10k load < 30 ms and save < 30 ms; 100k load < 400 ms.
//! Peak memory is measured by scripts/bench-core.sh, which runs the CLI under
//! /usr/bin/time.

use argmap_core::FileLimits;
use argmap_core::format::{load_bytes, save_file, to_bytes};
use argmap_core::generate::generate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn file(c: &mut Criterion) {
    let mut group = c.benchmark_group("file");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    for n in [1_000usize, 10_000, 100_000] {
        let map = generate(n, 1);
        let bytes = to_bytes(&map);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("load", n), &bytes, |b, bytes| {
            b.iter(|| load_bytes(bytes, &FileLimits::default()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("serialize", n), &map, |b, map| {
            b.iter(|| to_bytes(map))
        });
        let path = dir.path().join(format!("{n}.map"));
        group.bench_with_input(BenchmarkId::new("save", n), &map, |b, map| {
            b.iter(|| save_file(map, &path).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, file);
criterion_main!(benches);
