//! The library's targets (issue 5), measured with its own clock so it can print p50 and
//! p95 rather than means:
//! - autosave cost per edit on a 10k-node map (< 2 ms): `record` of an added leaf and of
//!   a text edit, the journal folding into a snapshot every 500 entries included;
//! - search over 1,000 maps / 100k statements (p95 < 20 ms);
//! - opening that library and listing its recent maps (< 200 ms).
//!
//! Run: `cargo bench -p argmap-store --bench store` (or `make bench-store`).

use std::time::{Duration, Instant};

use argmap_core::generate::generate;
use argmap_core::{Document, Edit, Node, NodeFields, NodeKind};
use argmap_store::Library;

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i].as_secs_f64() * 1e3
}

fn report(name: &str, samples: &mut [Duration]) {
    println!(
        "{name:<44} p50 {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   (n={})",
        percentile(samples, 0.5),
        percentile(samples, 0.95),
        percentile(samples, 1.0),
        samples.len()
    );
}

fn autosave(dir: &std::path::Path) {
    let mut lib = Library::open(&dir.join("autosave.db")).unwrap().library;
    let mut doc = Document::new(generate(10_000, 1));
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), false).unwrap();
    let targets: Vec<_> = doc
        .map()
        .nodes()
        .filter(|n| n.kind.is_claim())
        .map(|n| n.id)
        .step_by(7)
        .take(1000)
        .collect();
    let mut add = Vec::new();
    let mut text = Vec::new();
    for (i, &t) in targets.iter().enumerate() {
        let p = doc
            .apply(&Edit::AddNode {
                node: Node::new(NodeKind::Objection, format!("objection number {i}")),
                target: Some(t),
                relation: None,
                after: None,
            })
            .unwrap();
        let start = Instant::now();
        lib.record(draft, map, &[p], doc.map(), true).unwrap();
        add.push(start.elapsed());
        let p = doc
            .apply(&Edit::UpdateNode {
                id: t,
                fields: NodeFields {
                    text: Some(format!("rewritten statement {i}")),
                    ..Default::default()
                },
            })
            .unwrap();
        let start = Instant::now();
        lib.record(draft, map, &[p], doc.map(), true).unwrap();
        text.push(start.elapsed());
    }
    let mut all: Vec<Duration> = add.iter().chain(&text).copied().collect();
    report("autosave 10k map: add a leaf", &mut add);
    report("autosave 10k map: edit a text", &mut text);
    report("autosave 10k map: all 2,000 edits", &mut all);
}

fn big_library(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("big.db");
    let mut lib = Library::open(&path).unwrap().library;
    let start = Instant::now();
    for i in 0..1000u64 {
        let map = generate(100, i + 1);
        let file = dir.join(format!("map-{i}.map"));
        argmap_core::format::save_file(&map, &file).unwrap();
        lib.track(Some(&file), &map).unwrap();
    }
    println!(
        "built a library of 1,000 maps / {} statements in {:.1} s",
        1000 * 100,
        start.elapsed().as_secs_f64()
    );
    path
}

fn search(path: &std::path::Path) {
    let lib = Library::open(path).unwrap().library;
    // Generated statements draw on a small vocabulary, so single words match a large
    // share of the library: the hard case for ranking.
    let queries = [
        (
            "two words",
            vec![
                "scaling limits",
                "reasoning benchmarks",
                "diffusion economics",
                "synthetic data",
                "agents deployment",
            ],
        ),
        (
            "one common word",
            vec!["reasoning", "models", "deployment", "benchmarks", "scaling"],
        ),
        (
            "prefix while typing",
            vec!["reas", "bench", "diffu", "synth", "deplo"],
        ),
        (
            "rare word",
            vec!["unobtainium", "zebra", "quasar", "xylophone", "nebula"],
        ),
    ];
    let mut all = Vec::new();
    for (name, qs) in queries {
        let mut samples = Vec::new();
        for _ in 0..20 {
            for q in &qs {
                let start = Instant::now();
                let hits = lib.search(q, 20).unwrap();
                samples.push(start.elapsed());
                std::hint::black_box(hits);
            }
        }
        all.extend(samples.iter().copied());
        report(&format!("search 100k statements: {name}"), &mut samples);
    }
    report("search 100k statements: all queries", &mut all);
}

fn open(path: &std::path::Path) {
    let mut samples = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let lib = Library::open(path).unwrap().library;
        let recent = lib.recent(50).unwrap();
        samples.push(start.elapsed());
        assert_eq!(recent.len(), 50);
    }
    report("open the 1,000-map library + recent(50)", &mut samples);
}

fn main() {
    // cargo bench passes --bench; anything else (cargo test --benches) runs nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    autosave(dir.path());
    let big = big_library(dir.path());
    search(&big);
    open(&big);
}
