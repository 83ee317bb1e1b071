//! Renders an SVG to an 8-bit RGBA PNG of a given size: `make icons` builds the app's
//! icons from icons/icon.svg with it, so they come from our own renderer.
//! Usage: rasterize IN.svg SIZE OUT.png

use resvg::tiny_skia;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, size, output] = args.as_slice() else {
        eprintln!("usage: rasterize IN.svg SIZE OUT.png");
        std::process::exit(2);
    };
    let size: u32 = size.parse().expect("SIZE is a whole number");
    let svg = std::fs::read_to_string(input).expect("the SVG reads");
    let tree = argmap_render::raster::parse_svg(&svg).expect("the SVG parses");
    let mut pixmap = tiny_skia::Pixmap::new(size, size).expect("a non-empty size");
    let scale = size as f32 / tree.size().width();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.save_png(output).expect("the PNG writes");
}
