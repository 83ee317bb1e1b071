//! Vector PDF: the SVG painter's drawing, parsed by usvg (with the bundled font) and
//! written by svg2pdf. Text stays text (the font is subset and embedded), so the PDF
//! is small, sharp at any zoom, and its statements can be searched and copied.

use std::collections::HashSet;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use resvg::usvg;

use crate::font;
use crate::layout::Layout;
use crate::raster::{RasterError, for_each_glyph, parse_svg};
use crate::svg::{SvgOptions, to_svg};

/// Lays the page out at 96 pixels to the inch, the SVG's CSS pixels: a box 240 pixels
/// wide is 2.5 inches on paper.
const DPI: f32 = 96.0;

/// The longest side of a page PDF readers take, in units (ISO 32000-1, annex C; Acrobat
/// refuses a larger page). The generated 1k map's page is 14,312 points wide.
const MAX_SIDE: f32 = 14_400.0;

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
    let failed =
        |e: svg2pdf::ConversionError| RasterError::Svg(format!("cannot write the PDF: {e}"));
    // The drawing as one form, placed on a page of its size by a document of our own:
    // svg2pdf's whole-document call writes no title.
    // Text stays text, unless a colour font draws some of it (an emoji, on a desktop
    // with Noto Color Emoji): svg2pdf can only embed outlines, and failed on such a
    // font. Then the text is drawn as shapes, colour glyphs as their pictures, and the
    // page looks as the PNG does, though its text can no longer be searched.
    let conversion = svg2pdf::ConversionOptions {
        embed_text: !draws_in_colour(&tree),
        ..svg2pdf::ConversionOptions::default()
    };
    let (drawing, form) = svg2pdf::to_chunk(&tree, conversion).map_err(failed)?;
    let mut next = Ref::new(1);
    let (catalog, pages, page, content, info) = (
        next.bump(),
        next.bump(),
        next.bump(),
        next.bump(),
        next.bump(),
    );
    let mut renumbered = std::collections::HashMap::new();
    let drawing = drawing.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
    let form = renumbered[&form];

    // A page wider or taller than readers take is measured in larger units instead.
    let unit = (tree.size().width().max(tree.size().height()) * 72.0 / DPI / MAX_SIDE)
        .ceil()
        .max(1.0);
    let (w, h) = (
        tree.size().width() * 72.0 / DPI / unit,
        tree.size().height() * 72.0 / DPI / unit,
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, w, h));
    if unit > 1.0 {
        p.user_unit(unit);
    }
    p.parent(pages);
    // As svg2pdf's own pages: the page blends what is drawn with opacity (a defeated
    // statement) as an isolated group in sRGB.
    p.group()
        .transparency()
        .isolated(true)
        .knockout(false)
        .color_space()
        .srgb();
    p.contents(content);
    p.resources().x_objects().pair(Name(b"D"), form);
    p.finish();
    let mut c = Content::new();
    // The form is one point square: scaled to the page.
    c.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(Name(b"D"));
    pdf.stream(content, &c.finish());
    pdf.extend(&drawing);
    let mut about = pdf.document_info(info);
    if let Some(title) = options.title.as_deref().filter(|t| !t.is_empty()) {
        about.title(TextStr(title));
    }
    about
        .creator(TextStr("Argmap"))
        .producer(TextStr("svg2pdf"));
    about.finish();
    Ok(pdf.finish())
}

/// Whether any text in the drawing is set in a font whose glyphs are pictures or
/// colour layers rather than outlines alone.
fn draws_in_colour(tree: &usvg::Tree) -> bool {
    let mut fonts = HashSet::new();
    for_each_glyph(tree, |g| {
        fonts.insert(g.font);
    });
    fonts
        .into_iter()
        .any(|id| font::is_colour(tree.fontdb(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::font::Measurer;
    use crate::layout::LayoutOptions;

    #[test]
    fn a_page_too_large_for_readers_is_measured_in_larger_units() {
        // A drawing 40,000 pixels wide: 30,000 points, so units of 3 points.
        let layout = Layout {
            orientation: Default::default(),
            bounds: crate::layout::Rect {
                x: 0.0,
                y: 0.0,
                w: 40_000.0,
                h: 1_000.0,
            },
            nodes: Vec::new(),
            edges: Vec::new(),
            groups: Vec::new(),
        };
        let pdf = to_pdf(&layout, &SvgOptions::default()).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/UserUnit 3"), "a unit of 3 points");
        assert!(
            text.contains("/MediaBox [0 0 10000 250]"),
            "the page in those units"
        );
    }

    #[test]
    fn the_sample_map_becomes_a_one_page_pdf_with_its_text_and_font() {
        let map = argmap_core::format::load_bytes(
            include_bytes!("../../../examples/scaling-debate.map"),
            &Default::default(),
        )
        .unwrap();
        let layout = crate::layout(&map, &Measurer::new(), &LayoutOptions::default());
        let pdf = to_pdf(
            &layout,
            &SvgOptions {
                title: Some("Is the age of AI scaling over?".into()),
                ..SvgOptions::default()
            },
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("NotoSans-Regular") && text.contains("NotoSans-Bold"),
            "the bundled font is embedded"
        );
        // A viewer shows the map's title, not the file's name.
        assert!(
            text.contains("/Title (Is the age of AI scaling over?)"),
            "the title is in the document's information"
        );
        assert!(text.contains("/Creator (Argmap)"));
        assert!(
            text.contains("/S /Transparency") && text.contains("/CalRGB"),
            "the page is a transparency group in sRGB"
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
