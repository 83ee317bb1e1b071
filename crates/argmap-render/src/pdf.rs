//! Vector PDF: the SVG painter's drawing, parsed by usvg (with the bundled font) and
//! written by svg2pdf. Text stays text (the font is subset and embedded), so the PDF
//! is small, sharp at any zoom, and its statements can be searched and copied. Colour
//! emoji are the exception: drawn as pictures, over the rest, the words of their lines
//! staying text.

use std::collections::HashSet;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use resvg::usvg;

use crate::font;
use crate::layout::Layout;
use crate::raster::{RasterError, for_each_glyph, parse_svg};
use crate::svg::{self, Part, SvgOptions};

/// Lays the page out at 96 pixels to the inch, the SVG's CSS pixels: a box 240 pixels
/// wide is 2.5 inches on paper.
const DPI: f32 = 96.0;

/// The longest side of a page PDF readers take, in units (ISO 32000-1, annex C; Acrobat
/// refuses a larger page). The generated 1k map's page is 14,312 points wide.
const MAX_SIDE: f32 = 14_400.0;

pub fn to_pdf(layout: &Layout, options: &SvgOptions) -> Result<Vec<u8>, RasterError> {
    // The font comes from the font database usvg is given, so the SVG need not carry it.
    let options = SvgOptions {
        embed_font: false,
        map_json: None,
        ..options.clone()
    };
    // svg2pdf embeds fonts by their outlines, and failed on a colour emoji font (Noto
    // Color Emoji has pictures instead): "An error occurred while subsetting a font".
    // The colour letters (pieces of their lines of their own, layout.rs) are drawn
    // apart, as pictures, over the rest of the drawing, whose text stays text.
    let colour = layout
        .nodes
        .iter()
        .any(|n| n.runs.iter().any(svg::colour_line));
    let parts: &[Part] = if colour {
        &[Part::ButColourLetters, Part::ColourLetters]
    } else {
        &[Part::All]
    };
    let failed =
        |e: svg2pdf::ConversionError| RasterError::Svg(format!("cannot write the PDF: {e}"));
    let mut next = Ref::new(1);
    let (catalog, pages, page, content, info) = (
        next.bump(),
        next.bump(),
        next.bump(),
        next.bump(),
        next.bump(),
    );
    // Each part as one form, placed on a page of its size by a document of our own:
    // svg2pdf's whole-document call writes no title.
    let mut forms = Vec::new();
    let mut size = None;
    for &part in parts {
        let tree = parse_svg(&svg::to_svg_part(layout, &options, part))?;
        let conversion = svg2pdf::ConversionOptions {
            // Should a colour letter still come through where the layout did not
            // expect one, that part too is drawn as shapes rather than fail.
            embed_text: part != Part::ColourLetters && !draws_in_colour(&tree),
            ..svg2pdf::ConversionOptions::default()
        };
        let (drawing, form) = svg2pdf::to_chunk(&tree, conversion).map_err(failed)?;
        let mut renumbered = std::collections::HashMap::new();
        let drawing = drawing.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
        forms.push((drawing, renumbered[&form]));
        size.get_or_insert(tree.size());
    }
    let size = size.expect("at least one part");

    // A page wider or taller than readers take is measured in larger units instead.
    let unit = (size.width().max(size.height()) * 72.0 / DPI / MAX_SIDE)
        .ceil()
        .max(1.0);
    let (w, h) = (
        size.width() * 72.0 / DPI / unit,
        size.height() * 72.0 / DPI / unit,
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
    let names: Vec<String> = (0..forms.len()).map(|i| format!("D{i}")).collect();
    let mut resources = p.resources();
    let mut x_objects = resources.x_objects();
    for (name, (_, form)) in names.iter().zip(&forms) {
        x_objects.pair(Name(name.as_bytes()), *form);
    }
    x_objects.finish();
    resources.finish();
    p.finish();
    let mut c = Content::new();
    // Each form is one point square: scaled to the page, the later over the earlier.
    c.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
    for name in &names {
        c.x_object(Name(name.as_bytes()));
    }
    pdf.stream(content, &c.finish());
    for (drawing, _) in &forms {
        pdf.extend(drawing);
    }
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

    #[test]
    fn only_the_emoji_of_a_line_are_drawn_apart_the_rest_of_it_stays_text() {
        let emoji_font = crate::font::fonts()
            .faces()
            .any(|f| f.families.iter().any(|(n, _)| n == "Noto Color Emoji"));
        assert!(
            emoji_font,
            "Noto Color Emoji is not installed: run scripts/deps.sh"
        );
        // The whole line with the rocket was drawn as shapes: its words could not be
        // searched or copied in the PDF.
        let thesis = argmap_core::Node::new(argmap_core::NodeKind::Thesis, "Launch 🚀 now");
        let map = argmap_core::ArgumentMap::from_parts(
            argmap_core::MapMeta::titled("One"),
            vec![thesis],
            vec![],
        )
        .unwrap();
        let layout = crate::layout(&map, &Measurer::new(), &LayoutOptions::default());
        let o = SvgOptions::default();
        let letters = |part| {
            let tree = parse_svg(&svg::to_svg_part(&layout, &o, part)).unwrap();
            let mut out = Vec::new();
            for_each_glyph(&tree, |g| out.push((g.text.clone(), g.transform().tx)));
            out
        };
        let (text, colour) = (
            letters(Part::ButColourLetters),
            letters(Part::ColourLetters),
        );
        let word =
            |glyphs: &[(String, f32)]| glyphs.iter().map(|(t, _)| t.as_str()).collect::<String>();
        assert_eq!(word(&colour), "🚀", "the colour part holds the emoji alone");
        // The caption, then the line's words on either side of the rocket's gap.
        assert_eq!(word(&text), "THESISLaunch  now");
        // Both parts put each letter where the whole drawing does.
        let all = letters(Part::All);
        for (t, x) in text.iter().chain(&colour) {
            assert!(
                all.iter().any(|(u, y)| u == t && (x - y).abs() < 0.01),
                "{t} at {x}"
            );
        }
    }
}
