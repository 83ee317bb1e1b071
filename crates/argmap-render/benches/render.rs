//! Layout, SVG, PNG and PDF export of generated maps of 100, 1k and 10k nodes. Targets
//! (issue 3): layout of 1k < 5 ms and 10k < 60 ms; SVG of 1k < 20 ms; PNG of 1k
//! < 500 ms. scripts/bench-render.sh adds peak memory and the Graphviz comparison.

use argmap_core::generate::generate;
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, layout};
use argmap_render::{PngOptions, SvgOptions, to_png, to_svg};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    let m = Measurer::new();
    for n in [100usize, 1_000, 10_000] {
        let map = generate(n, 1);
        group.bench_with_input(BenchmarkId::new("layout", n), &map, |b, map| {
            b.iter(|| layout(map, &m, &LayoutOptions::default()))
        });
        let l = layout(&map, &m, &LayoutOptions::default());
        let o = SvgOptions {
            embed_font: false,
            ..SvgOptions::default()
        };
        group.bench_with_input(BenchmarkId::new("svg", n), &l, |b, l| {
            b.iter(|| to_svg(l, &o))
        });
        if n <= 1_000 {
            let o = SvgOptions::default();
            group.bench_with_input(BenchmarkId::new("pdf", n), &l, |b, l| {
                b.iter(|| argmap_render::to_pdf(l, &o).unwrap())
            });
        }
        if n <= 1_000 {
            // Warm the font database once; it is loaded once per process.
            let _ = argmap_render::font::fonts();
            // Scale 1 where it fits the pixel budget, else the largest scale that does
            // (a 1k-node map at scale 1 is over 200 megapixels: see docs/benchmarks.md).
            let scale = [1.0f32, 0.75, 0.5, 0.4, 0.3, 0.25]
                .into_iter()
                .find(|&s| argmap_render::raster::png_size(&l, 24.0, s).is_ok())
                .unwrap();
            let id = BenchmarkId::new(format!("png@{scale}"), n);
            group.bench_with_input(id, &l, |b, l| {
                b.iter(|| {
                    to_png(
                        l,
                        &PngOptions {
                            scale,
                            ..PngOptions::default()
                        },
                    )
                    .unwrap()
                })
            });
        }
    }
    // The same 1k map in Hebrew letters: Noto Sans has none, so every paragraph is
    // measured in a system font, shaped (font.rs), and read right to left.
    let map = generate(1_000, 1);
    let hebrew = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                'a'..='z' => char::from_u32(0x5D0 + (c as u32 - 'a' as u32)).unwrap(),
                'A'..='Z' => char::from_u32(0x5D0 + (c as u32 - 'A' as u32)).unwrap(),
                _ => c,
            })
            .collect()
    };
    let nodes = map.nodes().cloned().map(|mut n| {
        n.text = hebrew(&n.text);
        n
    });
    let map = argmap_core::ArgumentMap::from_parts(
        map.meta().clone(),
        nodes.collect(),
        map.edges().cloned().collect(),
    )
    .unwrap();
    let _ = layout(&map, &m, &LayoutOptions::default());
    group.bench_with_input(BenchmarkId::new("layout-hebrew", 1_000), &map, |b, map| {
        b.iter(|| layout(map, &m, &LayoutOptions::default()))
    });
    group.finish();
}

/// The Rust half of an edit's round trip in the app: apply the edit, lay the map out,
/// build the scene, diff it against the last one and serialise the delta for IPC.
fn edit_round_trip(c: &mut Criterion) {
    use argmap_core::{Document, Edit, Node, NodeKind};
    use argmap_render::Scene;
    let mut group = c.benchmark_group("edit");
    group.sample_size(10);
    let m = Measurer::new();
    for n in [1_000usize, 5_000, 10_000] {
        let map = generate(n, 1);
        let target = map.nodes().find(|n| n.kind == NodeKind::Thesis).unwrap().id;
        let mut doc = Document::new(map);
        // The app keeps the text it set for each box between edits.
        let mut cache = argmap_render::TextCache::default();
        let shown = Scene::new(argmap_render::place_with(
            doc.map(),
            &m,
            &LayoutOptions::default(),
            &mut cache,
        ));
        // One edit up to the bytes that cross IPC: add a leaf, lay out, diff, serialise.
        let add_leaf = |doc: &mut Document, cache: &mut argmap_render::TextCache| {
            let node = Node::new(NodeKind::Objection, "");
            let edit = Edit::AddNode {
                node,
                target: Some(target),
                relation: None,
                after: None,
            };
            let p = doc.apply(&edit).unwrap();
            let next = Scene::new(argmap_render::place_with(
                doc.map(),
                &m,
                &LayoutOptions::default(),
                cache,
            ));
            let delta = shown.diff(&next, doc.map(), &[p]);
            let bytes = serde_json::to_vec(&delta).unwrap();
            (delta, bytes)
        };
        // Timed: the edit. Not timed: the undo that puts the map back for the next one.
        group.bench_function(BenchmarkId::new("add_leaf", n), |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let t0 = std::time::Instant::now();
                    std::hint::black_box(add_leaf(&mut doc, &mut cache));
                    total += t0.elapsed();
                    doc.undo();
                }
                total
            })
        });
        // How much of the map one such edit resends.
        let (delta, bytes) = add_leaf(&mut doc, &mut cache);
        eprintln!(
            "edit/add_leaf/{n}: delta resends {} of {} nodes whole and moves {}, resends {} lines whole and shifts {}, {} bytes of JSON",
            delta.nodes.len(),
            n + 1,
            delta.moved.len(),
            delta.edges.len(),
            delta.shifted.len(),
            bytes.len()
        );
        doc.undo();
    }
    group.finish();
}

criterion_group!(benches, render, edit_round_trip);
criterion_main!(benches);
