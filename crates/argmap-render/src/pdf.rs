//! Vector PDF: the SVG painter's drawing, parsed by usvg (with the bundled font) and
//! written by svg2pdf. Text stays text (the font is subset and embedded), so the PDF
//! is small, sharp at any zoom, and its statements can be searched and copied.

use crate::layout::Layout;
use crate::raster::{RasterError, parse_svg};
use crate::svg::{SvgOptions, to_svg};

/// Lays the page out at 96 pixels to the inch, the SVG's CSS pixels: a box 240 pixels
/// wide is 2.5 inches on paper.
const DPI: f32 = 96.0;

pub fn to_pdf(layout: &Layout, options: &SvgOptions) -> Result<Vec<u8>, RasterError> {
    // The font comes from the font database usvg is given, so the SVG need not carry it.
    let svg = to_svg(
        layout,
        &SvgOptions {
            embed_font: false,
            map_json: None,
            ..options.clone()
        },
    );
    let tree = parse_svg(&svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: DPI },
    )
    .map_err(|e| RasterError::Svg(format!("cannot write the PDF: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Measurer;
    use crate::layout::LayoutOptions;

    #[test]
    fn the_sample_map_becomes_a_one_page_pdf_with_its_text_and_font() {
        let map = argmap_core::format::load_bytes(
            include_bytes!("../../../examples/scaling-debate.map"),
            &Default::default(),
        )
        .unwrap();
        let layout = crate::layout(&map, &Measurer::new(), &LayoutOptions::default());
        let pdf = to_pdf(&layout, &SvgOptions::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("NotoSans-Regular") && text.contains("NotoSans-Bold"),
            "the bundled font is embedded"
        );
        let boxes: Vec<&str> = text.split("/MediaBox [").skip(1).collect();
        assert_eq!(boxes.len(), 1, "one page");
        let nums: Vec<f64> = boxes[0]
            .split(']')
            .next()
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        // The page is the drawing's size at 96 dpi, in points.
        assert!(
            (nums[2] - layout.bounds.w * 0.75).abs() < 1.0,
            "{nums:?} vs {:?}",
            layout.bounds
        );
        assert!(
            (nums[3] - layout.bounds.h * 0.75).abs() < 1.0,
            "{nums:?} vs {:?}",
            layout.bounds
        );
    }
}
