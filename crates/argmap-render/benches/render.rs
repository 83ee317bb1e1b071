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
            let _ = argmap_render::raster::fonts();
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
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
