//! Maps no user would draw but a shared file can hold (support/hostile.rs in
//! argmap-core's tests), through the whole drawing. Both orientations lay out without a
//! panic and without an overlap; every line ends on its boxes; SVG, PNG and PDF come
//! out (or the PNG is refused as too big) and the SVG parses and gives the map back.

#[path = "../../argmap-core/tests/support/hostile.rs"]
mod hostile;

use argmap_core::{ArgumentMap, format};
use argmap_render::export::{Format, PictureOptions, export_picture};
use argmap_render::font::Measurer;
use argmap_render::layout::{Layout, LayoutOptions, NodeBox, Orientation, layout};
use argmap_render::{ExportError, RasterError, SvgOptions, to_svg};
use hostile::{build, spec};
use proptest::prelude::*;

fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn near_box(b: &NodeBox, p: [f64; 2]) -> bool {
    let slack = 0.5;
    p[0] >= b.x - slack
        && p[0] <= b.x + b.w + slack
        && p[1] >= b.y - slack
        && p[1] <= b.y + b.h + slack
}

fn check(map: &ArgumentMap, l: &Layout) -> Result<(), TestCaseError> {
    for n in &l.nodes {
        prop_assert!(
            n.x.is_finite() && n.y.is_finite() && n.w > 0.0 && n.h > 0.0,
            "{:?}",
            n.id
        );
        prop_assert!(map.contains(n.id));
    }
    // Boxes the user pinned onto each other are theirs to overlap; no other pair may.
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            prop_assert!(
                (a.pinned && b.pinned) || !overlap(a, b),
                "{:?} overlaps {:?}",
                (a.id, a.x, a.y, a.w, a.h, a.pinned),
                (b.id, b.x, b.y, b.w, b.h, b.pinned)
            );
        }
    }
    let by_id: std::collections::HashMap<_, _> = l.nodes.iter().map(|n| (n.id, n)).collect();
    for e in &l.edges {
        prop_assert!(e.path.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        prop_assert!(
            near_box(by_id[&e.to], e.path[e.path.len() - 1]),
            "line end off its box: {:?}",
            e
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_map_the_format_allows_is_drawn_and_exported(s in spec()) {
        let map = build(&s);
        let json = format::to_compact_string(&map);
        let m = Measurer::new();
        for orientation in [Orientation::TopDown, Orientation::LeftRight] {
            let l = layout(&map, &m, &LayoutOptions { orientation });
            check(&map, &l)?;
            let svg = to_svg(&l, &SvgOptions {
                theme: argmap_render::theme::DARK,
                transparent: false,
                padding: 24.0,
                embed_font: false,
                map_json: Some(json.clone()),
                title: Some(map.meta().title.clone()),
                badges: Default::default(),
            });
            argmap_render::raster::parse_svg(&svg).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = argmap_render::embed::open_bytes(svg.as_bytes(), &Default::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &map);
        }
        let l = layout(&map, &m, &LayoutOptions::default());
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Png, Format::Pdf] {
            let path = dir.path().join(format!("map.{}", format.extension()));
            // Titled with a statement's text (a map's title is any text too), the map
            // inside.
            let title = map.nodes().next().map(|n| n.text.clone());
            let o = PictureOptions { scale: 0.25, title, map_json: Some(json.clone()), ..PictureOptions::default() };
            match export_picture(&l, format, &o, &path) {
                Ok(()) if format == Format::Png => {
                    let back = argmap_render::embed::open_bytes(&std::fs::read(&path).unwrap(), &Default::default())
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(&back, &map);
                }
                Ok(()) => prop_assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-")),
                // Pins 20,000,000 apart make a picture too big to paint: refused, with
                // the reason, and nothing written.
                Err(ExportError::Draw(RasterError::TooLarge { .. })) => prop_assert!(!path.exists()),
                Err(e) => prop_assert!(false, "{format:?}: {e}"),
            }
        }
    }
}

/// Letters that have set text apart in one renderer or another: Latin, digits and
/// brackets, Hebrew and Arabic with their marks, CJK, emoji with skin tones, joiners,
/// flags' halves, tags and variation selectors, a keycap mark, bidi controls.
const LETTERS: &[&str] = &[
    "a",
    "W",
    " ",
    "1",
    "(",
    ")",
    ",",
    "—",
    "ש",
    "ל",
    "\u{05B8}",
    "ع",
    "ل",
    "\u{064E}",
    "漢",
    "😀",
    "👍",
    "🏽",
    "\u{200D}",
    "\u{FE0F}",
    "\u{FE0E}",
    "❤",
    "⚠",
    "🇺",
    "🇦",
    "\u{0301}",
    "\u{20E3}",
    "\u{E0067}",
    "\u{202E}",
    "\u{200F}",
    "\u{2067}",
    "\u{FFFD}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// usvg panicked on an emoji sequence after other letters (linebender/resvg#732);
    /// any mix of these letters is laid out, its pieces hold the whole line, and it is
    /// drawn to SVG, PNG and PDF.
    #[test]
    fn any_mix_of_scripts_marks_and_emoji_is_set_and_drawn(
        letters in proptest::collection::vec(proptest::sample::select(LETTERS), 1..40)
    ) {
        let text = letters.concat();
        let node = argmap_core::Node::new(argmap_core::NodeKind::Thesis, text.clone());
        let map = ArgumentMap::from_parts(argmap_core::MapMeta::titled("Mix"), vec![node], vec![]).unwrap();
        let l = layout(&map, &Measurer::new(), &LayoutOptions::default());
        for r in l.nodes[0].runs.iter() {
            if let Some(pieces) = &r.pieces {
                // Every letter in exactly one piece; the pieces from left to right.
                let mut held: Vec<char> = pieces.iter().flat_map(|p| p.text.chars()).collect();
                let mut all: Vec<char> = r.text.chars().collect();
                held.sort_unstable();
                all.sort_unstable();
                prop_assert_eq!(held, all, "{:?}", r.text);
                prop_assert!(pieces.windows(2).all(|w| w[0].x <= w[1].x), "{:?}", pieces);
                prop_assert!(r.font.is_none());
            }
        }
        argmap_render::raster::parse_svg(&to_svg(&l, &SvgOptions::default()))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Png, Format::Pdf] {
            let path = dir.path().join(format!("mix.{}", format.extension()));
            let o = PictureOptions { scale: 0.5, ..PictureOptions::default() };
            export_picture(&l, format, &o, &path).map_err(|e| TestCaseError::fail(format!("{format:?}: {e}")))?;
        }
    }
}
