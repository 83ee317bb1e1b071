//! PNG export: the SVG painter's output rendered by resvg with the bundled font, written
//! with a pHYs chunk (so the DPI matches the scale) and, unless asked not to, the map
//! itself in a compressed iTXt chunk.

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use crate::font;
use crate::layout::{Layout, Rect};
use crate::svg::{SvgOptions, to_svg, view_box, view_box_of};
use crate::theme::Theme;

/// The keyword of the PNG text chunk that carries the map.
pub const PNG_KEYWORD: &str = "argmap";
/// The largest image rendered: 100 megapixels is 400 MB of pixels.
pub const MAX_PIXELS: f64 = 100_000_000.0;

#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    #[error(
        "the image would be {width} × {height} pixels ({mp:.0} megapixels); the limit is {limit:.0}. {hint}",
        mp = *.width as f64 * *.height as f64 / 1e6,
        limit = MAX_PIXELS / 1e6
    )]
    TooLarge {
        width: u64,
        height: u64,
        hint: String,
    },
    #[error("the scale must be from 0.25 to 4, not {0}")]
    BadScale(f32),
    #[error("cannot draw the map: {0}")]
    Svg(String),
    #[error("cannot write the PNG: {0}")]
    Encode(String),
}

#[derive(Clone, Debug)]
pub struct PngOptions {
    pub scale: f32,
    pub theme: Theme,
    pub transparent: bool,
    pub padding: f64,
    /// The map's .map JSON, to carry inside the picture.
    pub map_json: Option<String>,
    /// The evaluation's badges to draw; empty for a plain drawing.
    pub badges: crate::status::Badges,
    /// The picture's title (a PNG "Title" text, which viewers and file managers show).
    pub title: Option<String>,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            scale: 1.0,
            theme: crate::theme::LIGHT,
            transparent: false,
            padding: crate::layout::MARGIN,
            map_json: None,
            badges: Default::default(),
            title: None,
        }
    }
}

/// Parses an SVG with the bundled fonts, as both the PNG and the text-as-paths SVG
/// export need.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, RasterError> {
    // usvg stops looking for fonts for a line's missing letters at the first letter no
    // font has: "✅ needs new ideas ⚠" drew both as boxes, though DejaVu Sans has ⚠. For
    // such a letter the resolver offers, one at a time, the other fonts this SVG's text
    // falls back to, and usvg takes from each the letters it has.
    let needed = font::fallbacks_in(svg);
    let options = usvg::Options {
        fontdb: font::fonts(),
        font_family: font::FAMILY.to_string(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(move |c, used, db| {
                // Looking through every font for one nobody has is done once, not at
                // every offer.
                let found = if font::nobody_draws(c) {
                    None
                } else {
                    // Only the character is asked about here, not the selector after
                    // it: the SVG names the font of each stretch a letter's selector
                    // moved (svg.rs), and usvg takes that font first.
                    font::fallback(c, font::shows_as_emoji(c), used, db)
                };
                found.or_else(|| needed.iter().copied().find(|id| !used.contains(id)))
            }),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RasterError::Svg(e.to_string()))
}

/// Calls `f` with each glyph usvg set for the drawing's text, in drawing order.
pub fn for_each_glyph(tree: &usvg::Tree, mut f: impl FnMut(&usvg::layout::PositionedGlyph)) {
    fn walk(g: &usvg::Group, f: &mut impl FnMut(&usvg::layout::PositionedGlyph)) {
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => walk(g, f),
                usvg::Node::Text(t) => t
                    .layouted()
                    .iter()
                    .flat_map(|s| &s.positioned_glyphs)
                    .for_each(&mut *f),
                _ => {}
            }
        }
    }
    walk(tree.root(), &mut f);
}

/// The size in pixels of the PNG for a layout at a scale, or why it would be too big.
pub fn png_size(layout: &Layout, padding: f64, scale: f32) -> Result<(u32, u32), RasterError> {
    png_size_of(layout.bounds, padding, scale)
}

/// A PNG's size at one scale, and whether the painter makes one that big.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PngSize {
    pub scale: f32,
    pub width: u64,
    pub height: u64,
    pub fits: bool,
}

/// The PNG's sizes at several scales, for a choice of scale (the app's export dialog).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PngSizes {
    /// One for each scale asked about within 0.25 to 4, in the order asked.
    pub sizes: Vec<PngSize>,
    /// The painter's budget.
    pub limit_megapixels: f64,
    /// The largest picture put on the clipboard ([`CLIPBOARD_PIXELS`]).
    pub clipboard_megapixels: f64,
}

/// The PNG's size at each of `scales` for a layout with these bounds, as [`png_size`]
/// decides it.
pub fn png_sizes(bounds: Rect, padding: f64, scales: &[f32]) -> PngSizes {
    let sizes = scales
        .iter()
        .filter_map(|&scale| match png_size_of(bounds, padding, scale) {
            Ok((w, h)) => Some(PngSize {
                scale,
                width: w.into(),
                height: h.into(),
                fits: true,
            }),
            Err(RasterError::TooLarge { width, height, .. }) => Some(PngSize {
                scale,
                width,
                height,
                fits: false,
            }),
            Err(_) => None,
        })
        .collect();
    PngSizes {
        sizes,
        limit_megapixels: MAX_PIXELS / 1e6,
        clipboard_megapixels: CLIPBOARD_PIXELS / 1e6,
    }
}

fn png_size_of(bounds: Rect, padding: f64, scale: f32) -> Result<(u32, u32), RasterError> {
    if !(0.25..=4.0).contains(&scale) {
        return Err(RasterError::BadScale(scale));
    }
    let (_, _, w, h) = view_box_of(bounds, padding);
    let (pw, ph) = ((w * scale as f64).ceil(), (h * scale as f64).ceil());
    if pw * ph > MAX_PIXELS || pw > u32::MAX as f64 || ph > u32::MAX as f64 {
        let fit = ((MAX_PIXELS / (w * h)).sqrt() * 10.0).floor() / 10.0;
        let hint = if fit >= 0.25 {
            format!("A scale of {fit} would fit.")
        } else {
            "No scale fits: export SVG instead.".to_string()
        };
        return Err(RasterError::TooLarge {
            width: pw as u64,
            height: ph as u64,
            hint,
        });
    }
    Ok((pw as u32, ph as u32))
}

pub fn to_png(layout: &Layout, o: &PngOptions) -> Result<Vec<u8>, RasterError> {
    let (width, height) = png_size(layout, o.padding, o.scale)?;
    render(layout, o, width, height)
}

/// The largest picture put on the clipboard: 25 megapixels (100 MB of pixels, which the
/// clipboard then holds as a PNG for whoever pastes).
pub const CLIPBOARD_PIXELS: f64 = 25_000_000.0;

/// The scale of a picture for the clipboard, to paste into a slide or a document: twice
/// the screen's if that fits [`CLIPBOARD_PIXELS`], else the largest of 1, ½ and ¼ that
/// does; None if none does (export it instead).
pub fn clipboard_scale(layout: &Layout, padding: f64) -> Option<f32> {
    [2.0f32, 1.0, 0.5, 0.25]
        .into_iter()
        .find(|&s| fits_clipboard(layout, padding, s))
}

/// Whether the picture at `scale` is one the clipboard takes ([`CLIPBOARD_PIXELS`]).
pub fn fits_clipboard(layout: &Layout, padding: f64, scale: f32) -> bool {
    png_size_of(layout.bounds, padding, scale)
        .is_ok_and(|(w, h)| w as f64 * h as f64 <= CLIPBOARD_PIXELS)
}

/// The picture's pixels, as [`to_png`] draws them, unencoded: width, height and straight
/// (not premultiplied) RGBA rows, for the clipboard.
pub fn to_rgba(layout: &Layout, o: &PngOptions) -> Result<(u32, u32, Vec<u8>), RasterError> {
    let (width, height) = png_size(layout, o.padding, o.scale)?;
    Ok((width, height, pixels(layout, o, width, height)?))
}

/// The version of the way [`thumbnail`] draws: raise it when thumbnails change, and the
/// library draws the ones it keeps again (2: boxes outlined on whole pixels).
pub const THUMBNAIL_STYLE: u32 = 2;

/// A small picture of a whole map for the list of recent maps, fitted into `max_w` ×
/// `max_h` pixels: its boxes and lines without their text (unreadable at this size, and
/// the slow part to draw). Most maps need a smaller scale than that, at which the
/// painter's outlines and lines fade to nothing (the sample's thumbnail was pale boxes
/// on white, a 10,000-node map's blank): they are drawn as their boxes alone, each
/// outlined with a whole pixel in its kind's colour, or a block of that colour when too
/// small to outline.
pub fn thumbnail(
    layout: &Layout,
    max_w: u32,
    max_h: u32,
    theme: Theme,
) -> Result<Vec<u8>, RasterError> {
    let padding = crate::layout::MARGIN;
    let (vx, vy, w, h) = view_box(layout, padding);
    let scale = (max_w as f64 / w).min(max_h as f64 / h).min(0.5);
    let (pw, ph) = (
        ((w * scale).ceil() as u32).clamp(1, max_w.max(1)),
        ((h * scale).ceil() as u32).clamp(1, max_h.max(1)),
    );
    // Below this scale the painter's box outlines (1.5 units) are under half a pixel.
    if scale < 0.3 {
        return silhouette(layout, (vx, vy, scale), pw, ph, theme);
    }
    let mut bare = layout.clone();
    for n in &mut bare.nodes {
        n.runs = Arc::from([]);
    }
    let o = PngOptions {
        scale: scale as f32,
        theme,
        padding,
        ..PngOptions::default()
    };
    render(&bare, &o, pw, ph)
}

/// The map's boxes on the theme's background, on whole pixels and at least one: each
/// filled with its kind's fill inside a one-pixel outline of its kind's colour, or a
/// block of that colour when under four pixels. `(vx, vy)` is the map's point at the
/// picture's corner.
fn silhouette(
    layout: &Layout,
    (vx, vy, scale): (f64, f64, f64),
    width: u32,
    height: u32,
    theme: Theme,
) -> Result<Vec<u8>, RasterError> {
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| RasterError::Encode("cannot allocate the image".into()))?;
    pixmap.fill(colour(theme.background));
    let mut paint = tiny_skia::Paint::default();
    let fill = |pixmap: &mut tiny_skia::Pixmap, paint: &tiny_skia::Paint, x, y, w, h| {
        if let Some(r) = tiny_skia::Rect::from_xywh(x, y, w, h) {
            pixmap.fill_rect(r, paint, tiny_skia::Transform::identity(), None);
        }
    };
    for n in &layout.nodes {
        let style = theme.kind(n.role);
        // On whole pixels, so outlines are crisp.
        let (x, y) = (((n.x - vx) * scale).round(), ((n.y - vy) * scale).round());
        let (w, h) = (
            (n.w * scale).round().max(1.0),
            (n.h * scale).round().max(1.0),
        );
        let (x, y, w, h) = (x as f32, y as f32, w as f32, h as f32);
        paint.set_color(colour(style.stroke));
        fill(&mut pixmap, &paint, x, y, w, h);
        if w >= 4.0 && h >= 4.0 {
            paint.set_color(colour(style.fill));
            fill(&mut pixmap, &paint, x + 1.0, y + 1.0, w - 2.0, h - 2.0);
        }
    }
    pixmap
        .encode_png()
        .map_err(|e| RasterError::Encode(e.to_string()))
}

/// A theme colour ("#rrggbb", as every theme colour is: see the test) for tiny-skia;
/// grey for anything else.
fn colour(hex: &str) -> tiny_skia::Color {
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128)
    };
    tiny_skia::Color::from_rgba8(byte(1), byte(3), byte(5), 255)
}

/// The picture's straight RGBA pixels.
fn pixels(
    layout: &Layout,
    o: &PngOptions,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, RasterError> {
    let svg = to_svg(
        layout,
        &SvgOptions {
            theme: o.theme,
            transparent: o.transparent,
            padding: o.padding,
            // resvg takes its fonts from the font database, not from CSS.
            embed_font: false,
            map_json: None,
            title: None,
            badges: o.badges.clone(),
        },
    );
    let tree = parse_svg(&svg)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| RasterError::Encode("cannot allocate the image".into()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(o.scale, o.scale),
        &mut pixmap.as_mut(),
    );

    // tiny-skia keeps premultiplied colour; PNG wants it straight. Converted where the
    // pixels lie: a second buffer would be as big again (400 MB at the pixel limit).
    for px in pixmap.data_mut().chunks_exact_mut(4) {
        if px[3] == u8::MAX {
            continue;
        }
        let c = tiny_skia::PremultipliedColorU8::from_rgba(px[0], px[1], px[2], px[3])
            .map_or(tiny_skia::ColorU8::from_rgba(0, 0, 0, 0), |p| {
                p.demultiply()
            });
        px.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(pixmap.take())
}

fn render(
    layout: &Layout,
    o: &PngOptions,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, RasterError> {
    let rgba = pixels(layout, o, width, height)?;
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        // Measured on the sample (3585 × 2356, `Balanced` = level 6 with adaptive filters:
        // 748 KB in 248 ms): level 2 with the Up filter gives 763 KB in 119 ms. Maps are
        // mostly flat colour in rows, which Up turns into runs of zeros; the adaptive
        // choice per row bought nothing but time. (Level 1 was 29 ms but 1.03 MB.)
        // Since then flate2 compresses with zlib-rs instead of miniz_oxide (see
        // Cargo.toml): the sample's whole export 397 -> 276 ms, the PNG 771 -> 792 KB;
        // levels 3 and 4 were no faster than 2 here and 1 made 1.25 MB.
        enc.set_deflate_compression(png::DeflateCompression::Level(2));
        enc.set_filter(png::Filter::Up);
        // 96 DPI at scale 1, so a 2× export prints at the same size, twice as sharp.
        let ppm = (96.0 / 0.0254 * o.scale as f64).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc
            .write_header()
            .map_err(|e| RasterError::Encode(e.to_string()))?;
        let text = |e: png::EncodingError| RasterError::Encode(e.to_string());
        if let Some(title) = o.title.as_deref().filter(|t| !t.is_empty()) {
            // International text: any title, in UTF-8.
            writer
                .write_text_chunk(&png::text_metadata::ITXtChunk::new("Title", title))
                .map_err(text)?;
        }
        writer
            .write_text_chunk(&png::text_metadata::TEXtChunk::new("Software", "Argmap"))
            .map_err(text)?;
        if let Some(json) = &o.map_json {
            // Before the pixels, so a reader finds it without decoding the image.
            let mut chunk = png::text_metadata::ITXtChunk::new(PNG_KEYWORD, json);
            // The flag, not compress_text(), is what makes the encoder deflate it.
            chunk.compressed = true;
            writer
                .write_text_chunk(&chunk)
                .map_err(|e| RasterError::Encode(e.to_string()))?;
        }
        writer
            .write_image_data(&rgba)
            .map_err(|e| RasterError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| RasterError::Encode(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colours_a_thumbnail_draws_with_are_read_exactly() {
        use crate::layout::Role;
        let roles = [
            Role::Thesis,
            Role::Support,
            Role::Objection,
            Role::Rebuttal,
            Role::Evidence,
            Role::Question,
            Role::Note,
        ];
        for theme in [crate::theme::LIGHT, crate::theme::DARK] {
            let used = roles
                .iter()
                .flat_map(|&r| [theme.kind(r).stroke, theme.kind(r).fill])
                .chain([theme.background]);
            for hex in used {
                let c = colour(hex).to_color_u8();
                let back = format!("#{:02x}{:02x}{:02x}", c.red(), c.green(), c.blue());
                assert_eq!(back, hex.to_ascii_lowercase(), "{}", theme.name);
            }
        }
        assert_eq!(colour("rgb(1,2,3)").to_color_u8().red(), 128);
    }
}
