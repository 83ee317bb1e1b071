//! Exports: valid and inert whatever the map says, the map travels inside and comes back
//! identical, and hostile pictures get clear errors.

use argmap_core::format::to_bytes;
use argmap_core::{ArgumentMap, Edge, FileLimits, MapMeta, Node, NodeKind, Relation, Source};
use argmap_render::embed::{OpenError, open_bytes};
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, layout};
use argmap_render::{PngOptions, RasterError, SvgOptions, to_png, to_svg, write_svg};

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "]]><![CDATA[ & &amp; \"quoted\" 'single'",
    "<img src=x onerror=alert(1)>",
    "\u{202E}right-to-left override \u{200F}שלום עולם",
    "emoji 🧠🔥 and a control \u{0007} char \u{FFFF}",
    "averyveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanybreak",
];

fn hostile_map() -> ArgumentMap {
    let thesis = Node::new(NodeKind::Thesis, HOSTILE[0]);
    let mut nodes = vec![thesis.clone()];
    let mut edges = Vec::new();
    for (i, text) in HOSTILE.iter().enumerate().skip(1) {
        let mut n = Node::new(
            if i % 2 == 0 {
                NodeKind::Support
            } else {
                NodeKind::Objection
            },
            *text,
        );
        n.label = Some(format!("label {text}"));
        edges.push(Edge::new(
            n.id,
            thesis.id,
            n.kind.natural_relation().unwrap(),
        ));
        nodes.push(n);
    }
    let ev = Node::new(NodeKind::Evidence, "evidence").with_source(Source {
        title: Some("</text><script>x</script>".into()),
        author: Some("A & B".into()),
        ..Source::default()
    });
    edges.push(Edge::new(ev.id, thesis.id, Relation::Supports));
    nodes.push(ev);
    let mut meta = MapMeta::titled("<title>& \"map\"");
    meta.description = "]]>".into();
    ArgumentMap::from_parts(meta, nodes, edges).unwrap()
}

fn sample() -> ArgumentMap {
    argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &FileLimits::default(),
    )
    .unwrap()
}

fn json(map: &ArgumentMap) -> String {
    String::from_utf8(to_bytes(map)).unwrap()
}

#[test]
fn hostile_text_gives_valid_inert_svg() {
    let map = hostile_map();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let svg = to_svg(
        &l,
        &SvgOptions {
            map_json: Some(json(&map)),
            title: Some(map.meta().title.clone()),
            ..Default::default()
        },
    );
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    for bad in ["script", "img", "foreignObject"] {
        assert!(
            !names.contains(&bad),
            "a <{bad}> element came out of user text"
        );
    }
    let texts: String = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .collect();
    assert!(
        texts.contains("<script>alert(1)</script>"),
        "the text is shown as text"
    );
    assert!(
        texts.contains('\u{FFFD}'),
        "the control character is replaced"
    );
    argmap_render::raster::parse_svg(&svg).expect("usvg parses it");
    // And the map inside comes back exactly, hostile strings and all.
    assert_eq!(
        open_bytes(svg.as_bytes(), &FileLimits::default()).unwrap(),
        map
    );
}

#[test]
fn an_svg_written_as_it_is_made_is_the_same_picture() {
    for (map, evaluate) in [(hostile_map(), false), (sample(), true)] {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let o = SvgOptions {
            map_json: Some(json(&map)),
            title: Some(map.meta().title.clone()),
            badges: if evaluate {
                argmap_render::status::badges(&argmap_core::eval::evaluate(&map))
            } else {
                Default::default()
            },
            ..Default::default()
        };
        let mut streamed = Vec::new();
        write_svg(&l, &o, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), to_svg(&l, &o));
    }
}

/// A writer that takes `room` bytes and then fails, as a full disk does.
struct FullDisk {
    room: usize,
    took: usize,
}

impl std::io::Write for FullDisk {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.took == self.room {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        let n = b.len().min(self.room - self.took);
        self.took += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_svg_that_cannot_be_written_says_why() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let o = SvgOptions {
        map_json: Some(json(&map)),
        ..Default::default()
    };
    let whole = to_svg(&l, &o).len();
    // Failing in the middle (past the buffer, so while painting) and at the very end
    // (the last flush).
    for room in [whole / 2, whole - 1] {
        let mut disk = FullDisk { room, took: 0 };
        let e = write_svg(&l, &o, &mut disk).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "room {room}");
        assert_eq!(disk.took, room);
    }
    let mut disk = FullDisk {
        room: whole,
        took: 0,
    };
    write_svg(&l, &o, &mut disk).unwrap();
    assert_eq!(disk.took, whole);
}

/// The faces an SVG embeds, by weight, decoded from their data URLs.
fn embedded_faces(svg: &str) -> Vec<(u16, Vec<u8>)> {
    use base64::Engine;
    svg.split("@font-face{")
        .skip(1)
        .map(|rule| {
            let weight = rule.split("font-weight:").nth(1).unwrap()[..3]
                .parse()
                .unwrap();
            let data = rule
                .split("base64,")
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap();
            let ttf = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            (weight, ttf)
        })
        .collect()
}

#[test]
fn the_embedded_font_holds_every_character_drawn_in_it_and_little_else() {
    for map in [sample(), hostile_map()] {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let svg = to_svg(&l, &SvgOptions::default());
        let faces = embedded_faces(&svg);
        assert_eq!(faces.iter().map(|f| f.0).collect::<Vec<_>>(), [400, 700]);
        for (weight, ttf) in &faces {
            let bold = *weight == 700;
            let whole = ttf_parser::Face::parse(
                if bold {
                    argmap_render::font::BOLD
                } else {
                    argmap_render::font::REGULAR
                },
                0,
            )
            .unwrap();
            let part = ttf_parser::Face::parse(ttf, 0).expect("the embedded face parses");
            assert!(ttf.len() < 60_000, "{weight}: {} bytes", ttf.len());
            let has = |f: &ttf_parser::Face, c| f.glyph_index(c).is_some_and(|g| g.0 != 0);
            let drawn: Vec<char> = l
                .nodes
                .iter()
                .flat_map(|n| n.runs.iter())
                // Lines a system font sets whole are drawn in it, not in the bundled one.
                .filter(|r| r.bold == bold && r.font.is_none())
                .flat_map(|r| r.text.chars())
                .collect();
            assert!(!drawn.is_empty());
            for c in drawn {
                // What the bundled font has is embedded; the rest (Hebrew, emoji) is left
                // to the viewer's own fonts instead of drawn as the empty-box glyph.
                assert_eq!(has(&part, c), has(&whole, c), "{weight}: {c:?}");
            }
        }
    }
    // The sample's SVG was 1.48 MB when it carried both faces whole.
    let l = layout(&sample(), &Measurer::new(), &LayoutOptions::default());
    let svg = to_svg(&l, &SvgOptions::default());
    assert!(svg.len() < 250_000, "{} bytes", svg.len());
    // A map with no text at all embeds no face.
    let empty = ArgumentMap::from_parts(MapMeta::titled("empty"), vec![], vec![]).unwrap();
    let l = layout(&empty, &Measurer::new(), &LayoutOptions::default());
    assert!(embedded_faces(&to_svg(&l, &SvgOptions::default())).is_empty());
}

#[test]
fn png_carries_the_map_and_gives_it_back_identical() {
    for map in [sample(), hostile_map()] {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let png = to_png(
            &l,
            &PngOptions {
                map_json: Some(json(&map)),
                ..Default::default()
            },
        )
        .unwrap();
        let plain = to_png(&l, &PngOptions::default()).unwrap();
        assert!(
            png.len() - plain.len() < json(&map).len() / 2,
            "the map is stored compressed"
        );
        let back = open_bytes(&png, &FileLimits::default()).unwrap();
        assert_eq!(back, map);
        assert_eq!(to_bytes(&back), to_bytes(&map));
    }
}

#[test]
fn svg_with_text_as_paths_still_carries_the_map() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let j = json(&map);
    let svg = to_svg(
        &l,
        &SvgOptions {
            embed_font: false,
            map_json: Some(j.clone()),
            ..Default::default()
        },
    );
    let paths = argmap_render::svg::text_to_paths(&svg, Some(&j)).unwrap();
    assert!(!paths.contains("<text"), "the text became paths");
    assert_eq!(
        open_bytes(paths.as_bytes(), &FileLimits::default()).unwrap(),
        map
    );
}

#[test]
fn a_png_names_its_map_and_the_program_that_drew_it() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let title = "L'âge du « scaling » est-il fini ? — 规模化";
    let png = to_png(
        &l,
        &PngOptions {
            title: Some(title.into()),
            map_json: Some(json(&map)),
            ..Default::default()
        },
    )
    .unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap();
    let info = reader.info();
    let titles: Vec<String> = info
        .utf8_text
        .iter()
        .filter(|c| c.keyword == "Title")
        .map(|c| c.get_text().unwrap())
        .collect();
    assert_eq!(titles, [title]);
    assert!(
        info.uncompressed_latin1_text
            .iter()
            .any(|c| c.keyword == "Software" && c.text == "Argmap")
    );
    // The map still comes back from it.
    assert_eq!(open_bytes(&png, &FileLimits::default()).unwrap(), map);
}

#[test]
fn png_size_scale_dpi_and_transparency() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let (w1, h1) = argmap_render::raster::png_size(&l, 24.0, 1.0).unwrap();
    let png = to_png(
        &l,
        &PngOptions {
            scale: 2.0,
            transparent: true,
            ..Default::default()
        },
    )
    .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!(
        (info.width, info.height),
        (argmap_render::raster::png_size(&l, 24.0, 2.0).unwrap())
    );
    assert!(
        (info.width as i64 - 2 * w1 as i64).abs() <= 1
            && (info.height as i64 - 2 * h1 as i64).abs() <= 1
    );
    let dims = info.pixel_dims.expect("a pHYs chunk");
    assert_eq!(
        dims.xppu,
        (96.0f64 / 0.0254 * 2.0).round() as u32,
        "192 DPI at scale 2"
    );
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    assert_eq!(buf[3], 0, "the corner is transparent");
    assert!(buf.chunks(4).any(|p| p[3] == 255), "and the map is drawn");
}

#[test]
fn an_image_over_the_pixel_budget_is_refused_with_a_scale_that_fits() {
    let map = argmap_core::generate::generate(1_000, 1);
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let err = to_png(
        &l,
        &PngOptions {
            scale: 4.0,
            ..Default::default()
        },
    )
    .unwrap_err();
    let RasterError::TooLarge { hint, .. } = &err else {
        panic!("{err}")
    };
    let fit: f32 = hint
        .trim_start_matches("A scale of ")
        .trim_end_matches(" would fit.")
        .parse()
        .unwrap_or_else(|_| panic!("{hint}"));
    assert!(
        argmap_render::raster::png_size(&l, 24.0, fit).is_ok(),
        "the suggested scale fits"
    );
    assert!(err.to_string().contains("megapixels"), "{err}");
}

#[test]
fn the_sizes_offered_for_a_png_are_the_sizes_the_painter_makes_or_refuses() {
    // The export dialog states these, and offers only what fits.
    let scales = [0.5, 1.0, 2.0, 3.0, 4.0, 8.0];
    for (map, padding) in [
        (sample(), 24.0),
        (sample(), 60.0),
        (argmap_core::generate::generate(1_000, 1), 0.0),
    ] {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let offered = argmap_render::raster::png_sizes(l.bounds, padding, &scales);
        assert_eq!(offered.limit_megapixels, 100.0);
        // A scale the painter takes no PNG at is not offered.
        assert_eq!(
            offered.sizes.iter().map(|s| s.scale).collect::<Vec<_>>(),
            &scales[..5]
        );
        for s in &offered.sizes {
            match argmap_render::raster::png_size(&l, padding, s.scale) {
                Ok((w, h)) => {
                    assert!(s.fits);
                    assert_eq!((s.width, s.height), (w.into(), h.into()));
                }
                Err(RasterError::TooLarge { width, height, .. }) => {
                    assert!(!s.fits);
                    assert_eq!((s.width, s.height), (width, height));
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
    // The sample fits up to 3x; the 1k map only at 1/2x.
    let fitting = |map| {
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let o = argmap_render::raster::png_sizes(l.bounds, 24.0, &scales);
        o.sizes
            .iter()
            .filter(|s| s.fits)
            .map(|s| s.scale)
            .collect::<Vec<_>>()
    };
    assert_eq!(fitting(sample()), [0.5, 1.0, 2.0, 3.0]);
    assert_eq!(fitting(argmap_core::generate::generate(1_000, 1)), [0.5]);
}

#[test]
fn a_png_without_a_map_says_so() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let png = to_png(&l, &PngOptions::default()).unwrap();
    let err = open_bytes(&png, &FileLimits::default()).unwrap_err();
    assert!(matches!(err, OpenError::NoMapInside("PNG")), "{err}");
    assert!(err.to_string().contains("no argument map inside"), "{err}");
    let err = open_bytes(b"\x89PNG\r\n\x1a\ngarbage", &FileLimits::default()).unwrap_err();
    assert_eq!(err.code(), "bad-image", "{err}");
    let err = open_bytes(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        &FileLimits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, OpenError::NoMapInside("SVG")), "{err}");
}

#[test]
fn a_pdf_a_photo_or_an_archive_is_named_not_read_as_broken_json() {
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("debate.pdf");
    argmap_render::export_picture(&l, argmap_render::Format::Pdf, &Default::default(), &pdf)
        .unwrap();
    let err = argmap_render::open_path(&pdf, &FileLimits::default()).unwrap_err();
    assert_eq!(err.code(), "not-a-map");
    assert_eq!(
        err.to_string(),
        "this is a PDF document, not an argument map: Argmap opens .map files, and the PNG \
         and SVG pictures it exports with the map inside"
    );
    for (bytes, kind) in [
        (&b"\xFF\xD8\xFF\xE0\x00\x10JFIF"[..], "JPEG picture"),
        (b"GIF89a\x01\x00", "GIF picture"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP picture"),
        (b"PK\x03\x04\x14\x00", "ZIP archive (or an office document)"),
    ] {
        let err = open_bytes(bytes, &FileLimits::default()).unwrap_err();
        assert!(matches!(err, OpenError::NotAMap(k) if k == kind), "{err}");
    }
    // What is not one of them is still read as a map, and says where it breaks.
    let err = open_bytes(b"RIFF1234WAVE", &FileLimits::default()).unwrap_err();
    assert_eq!(err.code(), "not-json", "{err}");
}

#[test]
fn a_decompression_bomb_is_stopped_at_the_cap() {
    // 8 MB of spaces compress to a few kilobytes; the cap here is 1 MB.
    let bomb = " ".repeat(8 << 20);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 1, 1);
        enc.set_color(png::ColorType::Rgba);
        let mut w = enc.write_header().unwrap();
        let mut chunk = png::text_metadata::ITXtChunk::new("argmap", &bomb);
        chunk.compressed = true;
        w.write_text_chunk(&chunk).unwrap();
        w.write_image_data(&[0, 0, 0, 0]).unwrap();
        w.finish().unwrap();
    }
    assert!(out.len() < 100_000, "the bomb is small: {}", out.len());
    let limits = FileLimits {
        max_bytes: 1 << 20,
        ..FileLimits::default()
    };
    let err = open_bytes(&out, &limits).unwrap_err();
    assert!(matches!(err, OpenError::MapTooLarge(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "the map inside this picture is larger than 1048576 bytes"
    );
}

#[test]
fn damaged_compressed_text_is_a_damaged_png_not_a_big_map() {
    // Found by the property test below: any damage to the map's compressed text was
    // reported as "the map inside this picture is larger than 67108864 bytes".
    let (png, _) = pictures();
    let mut bytes = png.clone();
    let at = bytes.windows(6).position(|w| w == b"argmap").unwrap();
    // Past the chunk's header fields, into the deflate stream: flip its bytes.
    for b in &mut bytes[at + 20..at + 40] {
        *b ^= 0x5A;
    }
    fix_crcs(&mut bytes);
    let err = open_bytes(&bytes, &FileLimits::default()).unwrap_err();
    assert_eq!(err.code(), "bad-image", "{err}");
    assert!(
        err.to_string()
            .starts_with("this PNG is damaged: the map's compressed text cannot be read"),
        "{err}"
    );
}

#[test]
fn a_broken_map_inside_a_picture_says_what_is_wrong_with_it() {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata><m:map xmlns:m=\"{}\">{{\"format\":\"argmap\",\"version\":9}}</m:map></metadata></svg>",
        argmap_render::svg::MAP_NAMESPACE
    );
    let err = open_bytes(svg.as_bytes(), &FileLimits::default()).unwrap_err();
    assert_eq!(err.code(), "too-new", "{err}");
    assert!(
        err.to_string()
            .starts_with("the map inside this picture cannot be opened"),
        "{err}"
    );
}

#[test]
fn thumbnails_fit_their_box_whatever_the_size_of_the_map() {
    let m = argmap_render::font::Measurer::new();
    for n in [1usize, 60, 2000] {
        let map = argmap_core::generate::generate(n, 3);
        let l = argmap_render::layout(&map, &m, &Default::default());
        let png =
            argmap_render::raster::thumbnail(&l, 240, 150, argmap_render::theme::LIGHT).unwrap();
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(
            w <= 240 && h <= 150 && (w == 240 || h == 150 || n == 1),
            "{n} nodes: {w}×{h}"
        );
        assert!(w > 0 && h > 0);
        // Something to see: pixels far from the white background (the kinds' colours).
        // Drawn at these scales by the painter, 60 and 2,000 nodes gave none.
        let share = strong_pixels(&png);
        assert!(
            share >= 0.01,
            "{n} nodes: {:.1}% of the thumbnail shows anything",
            share * 100.0
        );
    }
}

/// The share of a PNG's pixels far from white: a sum of the three channels' distances
/// from 255 of at least 150.
fn strong_pixels(png: &[u8]) -> f64 {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let strong = pixels
        .chunks_exact(channels)
        .filter(|p| p[..3].iter().map(|&c| 255 - u32::from(c)).sum::<u32>() >= 150)
        .count();
    strong as f64 / (pixels.len() / channels) as f64
}

/// A small map's PNG and SVG, each with the map inside: made once for the property test.
fn pictures() -> &'static (Vec<u8>, Vec<u8>) {
    static PICTURES: std::sync::OnceLock<(Vec<u8>, Vec<u8>)> = std::sync::OnceLock::new();
    PICTURES.get_or_init(|| {
        let map = argmap_core::generate::generate(8, 1);
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        let map_json = Some(argmap_core::format::to_compact_string(&map));
        let png = to_png(
            &l,
            &PngOptions {
                scale: 0.25,
                map_json: map_json.clone(),
                ..PngOptions::default()
            },
        )
        .unwrap();
        let svg = to_svg(
            &l,
            &SvgOptions {
                theme: argmap_render::theme::LIGHT,
                transparent: false,
                padding: 24.0,
                embed_font: false,
                map_json,
                title: None,
                badges: Default::default(),
            },
        );
        (png, svg.into_bytes())
    })
}

/// CRC-32 as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Gives every whole chunk of a PNG its right CRC again, so that a damaged chunk is
/// read (and its damage met deeper: in the compressed text, the JSON, the map) instead
/// of refused at its checksum.
fn fix_crcs(png: &mut [u8]) {
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let Some(end) = (at + 8).checked_add(len).filter(|&e| e + 4 <= png.len()) else {
            return;
        };
        let crc = crc32(&png[at + 4..end]);
        png[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        at = end + 4;
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Damaged pictures (bytes changed, added, taken away, the file cut short; in a
    /// PNG, mostly in the chunks before the pixels, where the map is, with the checksums
    /// made right again) open as a valid map or give an error that says what is wrong:
    /// never a panic.
    #[test]
    fn damaged_pictures_open_or_say_why(
        svg in proptest::prelude::any::<bool>(),
        head in proptest::prelude::any::<bool>(),
        crcs in proptest::prelude::any::<bool>(),
        cut in proptest::option::of(proptest::prelude::any::<proptest::sample::Index>()),
        edits in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>(), 0..3u8), 1..8),
    ) {
        let (png, svg_bytes) = pictures();
        let mut bytes = if svg { svg_bytes.clone() } else { png.clone() };
        // The map's chunk comes before the pixels: most damage goes there.
        let reach = if head && !svg { bytes.len().min(4096) } else { bytes.len() };
        for (at, byte, how) in edits {
            let i = at.index(reach.min(bytes.len()).max(1));
            match how {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        if crcs && !svg {
            fix_crcs(&mut bytes);
        }
        match open_bytes(&bytes, &FileLimits::default()) {
            Ok(map) => proptest::prop_assert!(map.validate().is_empty()),
            Err(e) => {
                proptest::prop_assert!(!e.to_string().is_empty());
                proptest::prop_assert!(!e.code().is_empty());
            }
        }
    }
}

#[test]
fn opening_a_device_is_refused_before_it_is_read() {
    // /dev/zero says its size is 0 and never ends: read whole, it would fill the memory.
    let err = argmap_render::open_path(std::path::Path::new("/dev/zero"), &FileLimits::default())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read the file: it is not a regular file (a device or a pipe)"
    );
}

#[test]
fn a_picture_is_told_from_a_map_by_its_first_bytes_past_blank_lines() {
    // An exported SVG that an editor saved with blank lines first opens as the picture
    // it is (the first 8 bytes, all the loader once looked at, are blank).
    let dir = tempfile::tempdir().unwrap();
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &FileLimits::default(),
    )
    .unwrap();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let svg = to_svg(
        &l,
        &SvgOptions {
            map_json: Some(argmap_core::format::to_compact_string(&map)),
            ..SvgOptions::default()
        },
    );
    // Without its XML declaration (which must come first), blank lines may lead.
    let body = svg.split_once("?>").unwrap().1;
    let path = dir.path().join("debate.svg");
    std::fs::write(&path, format!("\n\n\n\n\n\n\n\n\n\n{body}")).unwrap();
    let svg_kind = Some(argmap_render::embed::Sniffed::Svg);
    assert_eq!(argmap_render::embed::sniff_path(&path), svg_kind);
    let back = argmap_render::open_path(&path, &FileLimits::default()).unwrap();
    assert_eq!(to_bytes(&back), to_bytes(&map));
    // With it, the file is not XML: said of the SVG, not "not JSON" of a .map.
    std::fs::write(&path, format!("\n\n\n\n\n\n\n\n\n\n{svg}")).unwrap();
    assert_eq!(argmap_render::embed::sniff_path(&path), svg_kind);
    let err = argmap_render::open_path(&path, &FileLimits::default()).unwrap_err();
    assert!(
        matches!(err, OpenError::BadImage { kind: "SVG", .. }),
        "{err}"
    );
}

#[test]
fn the_clipboards_picture_is_the_exported_pngs_pixels_at_a_scale_that_fits() {
    use argmap_render::raster::{CLIPBOARD_PIXELS, clipboard_scale, to_rgba};
    let map = sample();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let pad = argmap_render::layout::MARGIN;
    // The sample at 2× is 34 megapixels: 1× it is.
    assert_eq!(clipboard_scale(&l, pad), Some(1.0));
    let o = PngOptions {
        scale: 1.0,
        theme: argmap_render::theme::DARK,
        transparent: true,
        ..PngOptions::default()
    };
    let (w, h, rgba) = to_rgba(&l, &o).unwrap();
    let png = to_png(&l, &o).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (w, h));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert!(buf[..info.buffer_size()] == rgba[..], "the same pixels");
    // A part of it, at twice the screen's; the largest that fits for a big map; and
    // none for one too big to paste anywhere.
    let part = argmap_core::excerpt::excerpt(&map, &[map.nodes().nth(1).unwrap().id]).unwrap();
    let small = layout(&part, &Measurer::new(), &LayoutOptions::default());
    assert_eq!(clipboard_scale(&small, pad), Some(2.0));
    let big = layout(
        &argmap_core::generate::generate(1_000, 1),
        &Measurer::new(),
        &LayoutOptions::default(),
    );
    let scale = clipboard_scale(&big, pad).unwrap();
    let (bw, bh) = argmap_render::raster::png_size(&big, pad, scale).unwrap();
    assert!(f64::from(bw) * f64::from(bh) <= CLIPBOARD_PIXELS);
    let (bw, bh) = argmap_render::raster::png_size(&big, pad, scale * 2.0).unwrap_or((u32::MAX, 1));
    assert!(
        f64::from(bw) * f64::from(bh) > CLIPBOARD_PIXELS,
        "the largest that fits"
    );
    let huge = layout(
        &argmap_core::generate::generate(10_000, 1),
        &Measurer::new(),
        &LayoutOptions::default(),
    );
    assert_eq!(clipboard_scale(&huge, pad), None);
}

/// A statement in Hebrew that wraps, with a year in its second line, beside one in
/// English. Noto Sans has no Hebrew: a system font (DejaVu Sans, scripts/deps.sh) draws it.
fn right_to_left_map() -> ArgumentMap {
    let hebrew = Node::new(
        NodeKind::Thesis,
        "עידן ההגדלה של מודלי השפה הסתיים בשנת 2024 ואין דרך חזרה",
    );
    let english = Node::new(NodeKind::Support, "Pretraining data has run out");
    let edge = Edge::new(english.id, hebrew.id, Relation::Supports);
    ArgumentMap::from_parts(MapMeta::titled("RTL"), vec![hebrew, english], vec![edge]).unwrap()
}

#[test]
fn a_line_that_reads_right_to_left_is_set_from_its_box_s_right_edge() {
    use argmap_render::layout::{Role, Tone};
    use resvg::usvg;
    let map = right_to_left_map();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let svg = to_svg(&l, &SvgOptions::default());
    let tree = argmap_render::raster::parse_svg(&svg).unwrap();
    /// What usvg set for a line of text: the line, its glyphs (cluster text, x, glyph
    /// id) and the right edge of its ink, in the box's coordinates.
    type Drawn = (String, Vec<(String, f32, u16)>, f32);
    fn texts(g: &usvg::Group, out: &mut Vec<Drawn>) {
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => texts(g, out),
                usvg::Node::Text(t) => {
                    let line: String = t
                        .chunks()
                        .iter()
                        .map(|c| c.text())
                        .collect::<String>()
                        .replace(['\u{202B}', '\u{202C}'], "");
                    let glyphs = t
                        .layouted()
                        .iter()
                        .flat_map(|s| &s.positioned_glyphs)
                        .map(|g| (g.text.clone(), g.transform().tx, g.id.0))
                        .collect();
                    out.push((line, glyphs, t.bounding_box().right()));
                }
                _ => {}
            }
        }
    }
    let mut drawn = Vec::new();
    texts(tree.root(), &mut drawn);
    let set = |text: &str| {
        drawn
            .iter()
            .find(|(line, ..)| line == text)
            .unwrap_or_else(|| panic!("{text:?} is not drawn: {drawn:?}"))
    };

    let of = |role| l.nodes.iter().find(|n| n.role == role).unwrap();
    let thesis = of(Role::Thesis);
    let body: Vec<_> = thesis
        .runs
        .iter()
        .filter(|r| r.tone == Tone::Body)
        .collect();
    assert!(body.len() >= 2, "the statement wraps: {body:?}");
    for r in &body {
        assert!(r.rtl, "{r:?}");
        // Set against the right edge, the widest line filling the box.
        assert_eq!(r.x + r.w, thesis.w - 12.0, "{r:?}");
        assert!(r.x >= 12.0 - 1e-9, "{r:?}");
        let (_, glyphs, right) = set(&r.text);
        assert!(
            (right - (r.x + r.w) as f32).abs() <= 2.0,
            "{:?} ends at {right}, its box's text at {}",
            r.text,
            r.x + r.w
        );
        // Every letter has a glyph: neither Hebrew nor the direction marks are drawn as
        // boxes.
        assert!(
            glyphs.iter().all(|&(_, _, id)| id != 0),
            "{:?}: {glyphs:?}",
            r.text
        );
    }
    let shorter = body.iter().map(|r| r.w).fold(f64::INFINITY, f64::min);
    assert!(
        shorter < thesis.w - 40.0,
        "a line shorter than the box: {body:?}"
    );
    // It reads from the right: the line's first word is right of the year after it.
    let with_year = body.iter().find(|r| r.text.contains("2024")).unwrap();
    let (_, glyphs, _) = set(&with_year.text);
    let x_of = |c: &str| glyphs.iter().find(|(t, ..)| t.starts_with(c)).unwrap().1;
    // Its first letter that is in it once.
    let line = &with_year.text;
    let first = line
        .chars()
        .find(|&c| line.matches(c).count() == 1)
        .unwrap()
        .to_string();
    assert!(
        x_of(&first) > x_of("2"),
        "{first} at {}, 2024 at {}: {glyphs:?}",
        x_of(&first),
        x_of("2")
    );

    // The English one is set from the left, as ever.
    for r in of(Role::Support)
        .runs
        .iter()
        .filter(|r| r.tone == Tone::Body)
    {
        assert!(!r.rtl && r.x == 12.0, "{r:?}");
        let (_, glyphs, _) = set(&r.text);
        assert!(glyphs[0].1 >= 12.0 && glyphs[0].1 < 13.0, "{glyphs:?}");
    }
}

#[test]
fn a_letter_no_font_has_does_not_keep_the_letters_after_it_from_their_fonts() {
    // U+0378 is assigned to nothing, so no font has it. Noto Sans has no ⚠; DejaVu Sans
    // (scripts/deps.sh) has. usvg gave up on the line's other missing letters at the
    // first one no font has, and drew the ⚠ as a box too.
    let l = thesis_layout("Scaling is over \u{378} new ideas ⚠ needed");
    let tree = drawing(&l);
    let drawn = drawn_glyphs(&tree);
    let of = |c: &str| drawn.iter().find(|(t, ..)| t == c).cloned();
    let (_, none, _) = of("\u{378}").expect("the unassigned letter is on the line");
    assert_eq!(none, 0, "nothing draws U+0378: the box of its font");
    let (_, sign, font) = of("⚠").expect("the sign is on the line");
    assert_ne!(sign, 0, "⚠ is drawn from a font that has it, not as a box");
    let db = tree.fontdb();
    let family = &db.face(font).unwrap().families[0].0;
    assert_eq!(
        family, "DejaVu Sans",
        "the font a desktop would take ⚠ from"
    );
    let (_, s, noto) = of("S").unwrap();
    assert_ne!(s, 0);
    assert_eq!(
        db.face(noto).unwrap().families[0].0,
        "Noto Sans",
        "the rest stays in Noto Sans"
    );
}

/// The layout of a map of one thesis.
fn thesis_layout(text: &str) -> argmap_render::Layout {
    let thesis = Node::new(NodeKind::Thesis, text);
    let map = ArgumentMap::from_parts(MapMeta::titled("One"), vec![thesis], vec![]).unwrap();
    layout(&map, &Measurer::new(), &LayoutOptions::default())
}

/// Fails unless a colour emoji font is installed (scripts/deps.sh installs Noto Color
/// Emoji, as most desktops have).
fn needs_colour_emoji_font() {
    let installed = argmap_render::font::fonts().faces().any(|f| {
        f.families
            .iter()
            .any(|(name, _)| name == "Noto Color Emoji")
    });
    assert!(
        installed,
        "Noto Color Emoji is not installed: run scripts/deps.sh"
    );
}

/// The first line of a box's statement.
fn body(n: &argmap_render::layout::NodeBox) -> &argmap_render::layout::TextRun {
    n.runs
        .iter()
        .find(|r| r.tone == argmap_render::layout::Tone::Body)
        .unwrap()
}

/// Pixels of the first box's statement line (below its caption) that are strongly
/// coloured: the theme's text there is near black on a pale fill.
fn coloured_pixels_in_statement(l: &argmap_render::Layout) -> usize {
    let o = PngOptions {
        scale: 2.0,
        ..PngOptions::default()
    };
    let (w, _, rgba) = argmap_render::raster::to_rgba(l, &o).unwrap();
    let (vx, vy, ..) = argmap_render::svg::view_box(l, o.padding);
    let n = &l.nodes[0];
    let body = body(n);
    let px = |x: f64| (x * f64::from(o.scale)).round() as usize;
    let (top, bottom) = (n.y + body.y - body.size - vy, n.y + body.y + 4.0 - vy);
    let (left, right) = (n.x + 4.0 - vx, n.x + n.w - 4.0 - vx);
    let mut count = 0;
    for y in px(top)..px(bottom) {
        for x in px(left)..px(right) {
            let p = &rgba[4 * (y * w as usize + x)..][..3];
            let (hi, lo) = (p.iter().max().unwrap(), p.iter().min().unwrap());
            if hi - lo > 100 {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn a_colour_emoji_is_drawn_in_colour_in_the_png() {
    needs_colour_emoji_font();
    // Its glyphs are PNG pictures inside the font, which resvg drew only with its
    // raster-images feature: without it the rocket was a gap.
    let with = coloured_pixels_in_statement(&thesis_layout("Launch 🚀 now"));
    let without = coloured_pixels_in_statement(&thesis_layout("Launch it now"));
    assert_eq!(
        without, 0,
        "the statement's text alone has no strong colour"
    );
    assert!(
        with > 100,
        "the rocket is drawn in colour: {with} coloured pixels"
    );
}

#[test]
fn a_map_with_colour_emoji_exports_to_pdf_with_them_in_colour_and_its_text_as_text() {
    needs_colour_emoji_font();
    // svg2pdf embeds fonts by their outlines, and refused Noto Color Emoji (pictures,
    // no outlines): "An error occurred while subsetting a font", and no PDF at all.
    let map = hostile_map();
    let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
    let pdf = argmap_render::to_pdf(&l, &SvgOptions::default()).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("/Subtype /Image"),
        "the emoji, as the font's pictures"
    );
    assert!(
        text.contains("/FontFile2"),
        "the other lines' text stays text, its font embedded"
    );
    // The lines with emoji are drawn apart, over the rest: two forms on the page.
    assert!(
        text.contains("/D0 ") && text.contains("/D1 "),
        "two drawings"
    );
    // Without colour glyphs the text stays text, with its font.
    let l = thesis_layout("Scaling is over ⚠ for now");
    let pdf = argmap_render::to_pdf(&l, &SvgOptions::default()).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("/FontFile2"),
        "the fonts embedded, the text searchable"
    );
    assert!(!text.contains("/Subtype /Image"));
    assert!(!text.contains("/D1 "), "one drawing");
}

/// The SVG painter's drawing of a layout, as usvg reads it (for the PNG and the PDF).
fn drawing(l: &argmap_render::Layout) -> resvg::usvg::Tree {
    argmap_render::raster::parse_svg(&to_svg(l, &SvgOptions::default())).unwrap()
}

/// The family of the font usvg drew `letter` with, the first time the drawing has it.
fn family_of(tree: &resvg::usvg::Tree, letter: &str) -> String {
    let (_, glyph, font) = drawn_glyphs(tree)
        .into_iter()
        .find(|(t, ..)| t == letter)
        .unwrap();
    assert_ne!(glyph, 0, "{letter} is drawn");
    tree.fontdb().face(font).unwrap().families[0].0.clone()
}

/// Each glyph usvg set for the text of a drawing: its text, glyph id and font.
fn drawn_glyphs(tree: &resvg::usvg::Tree) -> Vec<(String, u16, resvg::usvg::fontdb::ID)> {
    let mut out = Vec::new();
    argmap_render::raster::for_each_glyph(tree, |g| out.push((g.text.clone(), g.id.0, g.font)));
    out
}

#[test]
fn an_emoji_comes_from_a_colour_font_and_a_text_symbol_from_a_text_font() {
    needs_colour_emoji_font();
    // DejaVu Sans, found first, has both 😀 and ⚠ (in black); Noto Color Emoji has both
    // in colour. Browsers show 😀 as a picture and ⚠ as text (Unicode's
    // Emoji_Presentation), and so the canvas did while the export drew 😀 in black.
    let family = |text: &str, letter: &str| family_of(&drawing(&thesis_layout(text)), letter);
    assert_eq!(
        family("Scaling is over 😀 for now", "😀"),
        "Noto Color Emoji"
    );
    assert_eq!(family("Scaling is over ⚠ for now", "⚠"), "DejaVu Sans");
    // After a colour emoji on the same line: usvg took every missing letter the first
    // fallback font had, so the ⚠ came in colour too, until each stretch of letters
    // named its font in the SVG.
    assert_eq!(
        family("Done ✅ and careful ⚠ now", "✅"),
        "Noto Color Emoji"
    );
    assert_eq!(family("Done ✅ and careful ⚠ now", "⚠"), "DejaVu Sans");
    assert_eq!(
        family("Careful ⚠ and done ✅ now", "✅"),
        "Noto Color Emoji"
    );
}

#[test]
fn the_letters_the_bundled_font_lacks_name_their_font_in_the_svg() {
    needs_colour_emoji_font();
    // A browser opening the SVG takes each from the font the layout measured it in.
    // No one font has every letter of this line, so it is set piece by piece, each
    // piece where the layout measured it, the letters the bundled font lacks naming
    // their font; the names are escaped like any text.
    let text = "Ship it 🚀 <now> & ⚠";
    let l = thesis_layout(text);
    let svg = to_svg(&l, &SvgOptions::default());
    let line = svg.lines().find(|l| l.contains("Ship it")).unwrap();
    let family =
        |f: &str| format!(" font-family=\"&apos;{f}&apos;, &apos;Noto Sans&apos;, sans-serif\"");
    let m = Measurer::new();
    let body = body(&l.nodes[0]);
    let at = |before: &str| format!("{:.2}", body.x + m.width(before, body.size, false));
    let expected = format!(
        "<tspan x=\"{}\">Ship it </tspan><tspan x=\"{}\"{}>🚀</tspan><tspan x=\"{}\"> &lt;now&gt; &amp; </tspan><tspan x=\"{}\"{}>⚠</tspan></text>",
        at(""),
        at("Ship it "),
        family("Noto Color Emoji"),
        at("Ship it 🚀"),
        at("Ship it 🚀 <now> & "),
        family("DejaVu Sans")
    );
    assert!(line.ends_with(&expected), "{line}\n{expected}");
    // The pieces fill the line as the layout measured it.
    assert!((m.width(text, body.size, false) - body.w).abs() < 1e-9);
    argmap_render::raster::parse_svg(&svg).expect("usvg reads it");
}

#[test]
fn a_symbol_asked_for_as_an_emoji_is_drawn_in_colour_and_one_asked_for_as_text_is_not() {
    needs_colour_emoji_font();
    // ❤ is text by default (DejaVu Sans draws it in black); followed by VARIATION
    // SELECTOR-16 it asks to be a picture, as browsers and so the canvas draw it. The
    // export drew it in black from DejaVu Sans, and measured it in that font.
    let picture = thesis_layout("We \u{2764}\u{FE0F} maps");
    let text = thesis_layout("We \u{2764} maps");
    let asked_as_text = thesis_layout("We \u{2764}\u{FE0E} maps");
    assert!(
        coloured_pixels_in_statement(&picture) > 100,
        "the heart with VS16 is drawn in colour"
    );
    assert_eq!(coloured_pixels_in_statement(&text), 0, "a black heart");
    assert_eq!(
        coloured_pixels_in_statement(&asked_as_text),
        0,
        "a black heart"
    );
    // And the other way: 😀 is a picture by default, and text when VS15 asks for it.
    assert!(coloured_pixels_in_statement(&thesis_layout("So \u{1F600} then")) > 100);
    assert_eq!(
        coloured_pixels_in_statement(&thesis_layout("So \u{1F600}\u{FE0E} then")),
        0
    );
    // The SVG names the colour font for the heart with VS16 only.
    let svg = |l: &argmap_render::Layout| to_svg(l, &SvgOptions::default());
    assert!(svg(&picture).contains("Noto Color Emoji"));
    assert!(!svg(&text).contains("Noto Color Emoji"));
}

#[test]
fn an_emoji_sequence_is_measured_and_drawn_as_one_picture() {
    needs_colour_emoji_font();
    let m = Measurer::new();
    let one = m.width("\u{1F52C}", 14.0, false);
    // A woman scientist (woman, joiner, microscope), a thumb with a skin tone, a flag
    // (two regional indicators), a family (four people joined): each one picture in
    // Noto Color Emoji, which the layout measured as two to four.
    for sequence in [
        "\u{1F469}\u{200D}\u{1F52C}",
        "\u{1F44D}\u{1F3FD}",
        "\u{1F1FA}\u{1F1E6}",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    ] {
        let w = m.width(sequence, 14.0, false);
        assert!(
            (w - one).abs() < 0.5,
            "{sequence}: {w} wide, one emoji is {one}"
        );
        // usvg draws it as one glyph of the colour font, where the layout made room
        // for one.
        let l = thesis_layout(&format!("Team {sequence} wins"));
        let tree = drawing(&l);
        let glyphs: Vec<_> = drawn_glyphs(&tree)
            .into_iter()
            .filter(|(t, ..)| !t.is_ascii())
            .collect();
        assert_eq!(glyphs.len(), 1, "{sequence}: {glyphs:?}");
        assert_eq!(
            tree.fontdb().face(glyphs[0].2).unwrap().families[0].0,
            "Noto Color Emoji"
        );
    }
}

#[test]
fn a_word_too_long_for_its_line_is_never_broken_inside_an_emoji_or_a_letter_with_marks() {
    let m = Measurer::new();
    // Broken between code points, the scientist lost her microscope to the next line,
    // and a Devanagari letter its vowel sign.
    for unit in [
        "\u{1F469}\u{200D}\u{1F52C}",
        "\u{1F44D}\u{1F3FD}",
        "e\u{301}",
        "\u{915}\u{93F}",
    ] {
        let word = unit.repeat(40);
        let lines = m.wrap(&word, 14.0, false, 60.0);
        assert!(lines.len() > 1, "{unit}: the word is broken");
        for l in &lines {
            assert!(
                !l.text.is_empty()
                    && l.text.len() % unit.len() == 0
                    && l.text == unit.repeat(l.text.len() / unit.len()),
                "{unit}: a line {:?}",
                l.text
            );
        }
    }
}

#[test]
fn a_line_whose_letters_come_from_two_system_fonts_names_each_for_its_own() {
    needs_colour_emoji_font();
    // DejaVu Sans has both the Hebrew and a black 😀, so the line was set whole in it
    // and the emoji came out in black, where a browser draws it in colour.
    let l = thesis_layout("שלום \u{1F600} עולם");
    let body = body(&l.nodes[0]);
    assert_eq!(body.font, None, "not set whole in one font");
    assert!(
        coloured_pixels_in_statement(&l) > 100,
        "the emoji in colour"
    );
    let tree = drawing(&l);
    assert_eq!(family_of(&tree, "\u{1F600}"), "Noto Color Emoji");
    assert_eq!(family_of(&tree, "ש"), "DejaVu Sans");
    // Read from the right: shalom, the emoji, olam (each letter once in the line).
    let x = |letter: &str| {
        let mut at = None;
        argmap_render::raster::for_each_glyph(&tree, |g| {
            if g.text == letter {
                at = Some(g.transform().tx);
            }
        });
        at.unwrap()
    };
    let xs: Vec<f32> = ["ש", "\u{1F600}", "ע"].iter().map(|l| x(l)).collect();
    assert!(xs.windows(2).all(|w| w[0] > w[1]), "from the right: {xs:?}");
}

#[test]
fn digits_beside_an_emoji_come_from_the_text_font() {
    needs_colour_emoji_font();
    // Noto Color Emoji has the digits and a space (for keycaps), so "🚀 2024" was set
    // whole in it: its digits came out grey and an emoji's width apart.
    let m = Measurer::new();
    let l = thesis_layout("🚀 2024");
    let body = body(&l.nodes[0]);
    assert_eq!(body.font, None);
    let expected = m.width("🚀", 14.0, false) + m.width(" 2024", 14.0, false);
    assert!((body.w - expected).abs() < 1e-9, "{} vs {expected}", body.w);
    let tree = drawing(&l);
    for (text, _, font) in drawn_glyphs(&tree) {
        let family = &tree.fontdb().face(font).unwrap().families[0].0;
        let expected = if text == "🚀" {
            "Noto Color Emoji"
        } else {
            "Noto Sans"
        };
        assert_eq!(family, expected, "{text}");
    }
}

#[test]
fn a_right_to_left_line_set_piece_by_piece_reads_from_its_right_end() {
    needs_colour_emoji_font();
    // Every letter of this line reads right to left, so from the right the letters
    // stand in the order they are written. The ", " between the two words is a piece
    // of its own (Noto Sans has it, DejaVu Sans the Hebrew): usvg set its space back
    // left to right as a line's trailing space (rule L1), and the comma stood on the
    // wrong side of it.
    let text = "אב, גד \u{1F600} הו";
    let l = thesis_layout(text);
    let tree = drawing(&l);
    let mut glyphs = Vec::new();
    argmap_render::raster::for_each_glyph(&tree, |g| {
        // The body line: below the caption, and letters, not marks.
        if g.transform().ty > 30.0
            && !g
                .text
                .chars()
                .all(|c| matches!(c, '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}'))
        {
            glyphs.push((g.transform().tx, g.text.clone()));
        }
    });
    glyphs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let from_the_right: String = glyphs.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(from_the_right, text);
}
