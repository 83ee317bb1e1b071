//! Reference images, in the manner of resvg's own tests: small maps, each testing one
//! thing, rendered to PNG and compared with committed pictures that a person has looked
//! at. A mismatch writes expected | actual | diff pictures and names them.
//!
//! After a deliberate change to the drawing, regenerate and look at every picture:
//!     ARGMAP_REGENERATE_REFERENCES=1 cargo test -p argmap-render --test reference

use std::path::{Path, PathBuf};

use argmap_core::interchange::outline;
use argmap_core::{ArgumentMap, Document, Edit, MapMeta, NodeId, Point, Relation};
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, Orientation, layout};
use argmap_render::theme::{DARK, LIGHT};
use argmap_render::{PngOptions, Theme, to_png};

/// A channel may differ by this much (anti-aliasing across rasteriser builds)...
const CHANNEL_TOLERANCE: u8 = 24;
/// ...and this share of pixels may differ by more.
const PIXEL_TOLERANCE: f64 = 0.002;

fn map(text: &str) -> Document {
    let (fragment, report) = outline::read(text);
    assert!(report.is_empty(), "{report:?}");
    let mut doc = Document::new(ArgumentMap::new(MapMeta::titled("reference")));
    doc.apply_all(&fragment.paste_edits(None)).unwrap();
    doc
}

fn id(doc: &Document, text: &str) -> NodeId {
    doc.map()
        .nodes()
        .find(|n| n.text == text)
        .unwrap_or_else(|| panic!("no node {text:?}"))
        .id
}

fn connect(d: &mut Document, a: &str, b: &str, relation: Relation) {
    let (from, to) = (id(d, a), id(d, b));
    d.apply(&Edit::Connect { from, to, relation }).unwrap();
}

fn contradict(d: &mut Document, a: &str, b: &str) {
    connect(d, a, b, Relation::Contradicts);
}

struct Case {
    name: &'static str,
    doc: Document,
    theme: Theme,
    orientation: Orientation,
    /// Draw the evaluation's badges.
    evaluate: bool,
}

fn case(name: &'static str, doc: Document) -> Case {
    Case {
        name,
        doc,
        theme: LIGHT,
        orientation: Orientation::TopDown,
        evaluate: false,
    }
}

fn cases() -> Vec<Case> {
    let support_objection = "- Scaling is over\n  - Pro: There is only one internet\n  - Con: Synthetic data will fill the gap\n";
    let mut cases = vec![
        case("thesis-alone", map("- The age of scaling is over\n")),
        case("support-and-objection", map(support_objection)),
        case(
            "rebuttal-chain",
            map(
                "- Scaling is over\n  - Con: RL is the new scaling\n    - Rebuttal: RL has no clean trend\n      - Rebuttal: Trends take years to see\n",
            ),
        ),
        case(
            "evidence-with-source",
            map(
                "- Scaling is over\n  - Evidence: Pre-training has hit a ceiling (Dwarkesh Podcast; Ilya Sutskever; Dec 2025)\n",
            ),
        ),
        case(
            "question-and-note",
            map(
                "- Scaling is over\n  - Question: What would falsify it?\n  - Note: Two camps use the word differently\n",
            ),
        ),
        case(
            "wrapping-and-scripts",
            map(
                "- A long statement that has to wrap over several lines, with averyveryveryverylongwordthatcannotbreak, then Greek: η εποχή της κλιμάκωσης, and Cyrillic: эпоха масштабирования\n",
            ),
        ),
        // Hebrew and Arabic (from a system font: DejaVu Sans, scripts/deps.sh) set from
        // the right and read from there, the year and the quoted name in their places;
        // an English objection beside them, set from the left.
        case(
            "right-to-left",
            map(
                "- עידן ההגדלה של מודלי השפה הסתיים בשנת 2024 ואין דרך חזרה\n  - Pro: قال \"GPT-4\" إن عصر التوسع قد انتهى\n  - Con: Labs keep spending on bigger runs\n",
            ),
        ),
    ];

    let mut d = map(
        "- Scaling is over\n  - Pro: Data is exhausted\n  - Pro: Compute is exhausted\n  - Con: Labs keep spending\n",
    );
    let t = id(&d, "Scaling is over");
    let premises = vec![id(&d, "Data is exhausted"), id(&d, "Compute is exhausted")];
    d.apply(&Edit::GroupPremises {
        target: t,
        premises,
    })
    .unwrap();
    cases.push(case("co-premises", d));

    let mut d = map("- Scaling is over\n- Scaling continues\n");
    contradict(&mut d, "Scaling is over", "Scaling continues");
    cases.push(case("contradiction", d));

    let mut d = map(
        "- Scaling is over\n  - Pro: One internet\n    - Evidence: Sutskever said so\n    - Con: Synthetic data\n  - Con: RL scaling\n",
    );
    let n = id(&d, "One internet");
    d.apply(&Edit::SetCollapsed {
        id: n,
        collapsed: true,
    })
    .unwrap();
    cases.push(case("collapsed-badge", d));

    let mut d = map(support_objection);
    let n = id(&d, "There is only one internet");
    d.apply(&Edit::Move {
        id: n,
        position: Some(Point {
            x: -260.0,
            y: 220.0,
        }),
    })
    .unwrap();
    cases.push(case("pinned-node", d));

    // Every badge: ✓ stands (one settled by assumption: a square), ✗ defeated (faded,
    // dashed), ? undecided (the contradiction), ! unsupported thesis.
    let mut d = map(
        "- Scaling is over\n  - Pro: One internet\n  - Con: Synthetic data\n    - Con: Synthetic data is unsolved\n- Scaling continues\n",
    );
    contradict(&mut d, "Scaling is over", "Scaling continues");
    d.apply(&Edit::Assume {
        id: id(&d, "One internet"),
        assume: Some(argmap_core::Assumption::Accepted),
    })
    .unwrap();
    cases.push(Case {
        evaluate: true,
        ..case("evaluation-badges", d)
    });

    cases.push(Case {
        theme: DARK,
        ..case("dark-theme", map(support_objection))
    });
    cases.push(Case {
        orientation: Orientation::LeftRight,
        ..case("left-to-right", map(support_objection))
    });

    // Lines between trees in two bands run between the subtrees of the root they join,
    // not round its whole tree: up to "Scaling is over" from the band beneath, down
    // from one of its reasons to "Age of research".
    let mut d = map(
        "- Scaling is over\n  - Pro: Data is exhausted\n    - Evidence: One internet\n  - Pro: Energy is scarce\n    - Evidence: Grid queues\n  - Con: Labs keep spending\n    - Rebuttal: Spending is not progress\n- Scaling continues\n  - Pro: Benchmarks keep rising\n    - Evidence: Leaderboards\n  - Con: Benchmarks are gamed\n    - Rebuttal: Held-out tests rise too\n- Age of research\n  - Pro: Ideas are scarce\n    - Evidence: Few new architectures\n  - Pro: Compute is plentiful\n    - Evidence: Cheaper chips\n  - Con: Research is slow\n    - Rebuttal: Slow is not stopped\n",
    );
    connect(
        &mut d,
        "Compute is plentiful",
        "Scaling is over",
        Relation::Supports,
    );
    connect(
        &mut d,
        "Energy is scarce",
        "Age of research",
        Relation::Supports,
    );
    contradict(&mut d, "Age of research", "Scaling is over");
    cases.push(case("lines-between-bands", d));
    cases
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, buf)
}

fn encode(w: u32, h: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(rgba).unwrap();
    writer.finish().unwrap();
    out
}

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// Expected, actual and a diff (differing pixels red over a faded expected), side by side.
fn side_by_side(w: u32, h: u32, expected: &[u8], actual: &[u8]) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let mut out = vec![255u8; w * 3 * h * 4];
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) * 4;
            let e = &expected[i..i + 4];
            let a = &actual[i..i + 4];
            let differs = e
                .iter()
                .zip(a)
                .any(|(p, q)| p.abs_diff(*q) > CHANNEL_TOLERANCE);
            let row = y * w * 3;
            out[(row + x) * 4..(row + x) * 4 + 4].copy_from_slice(e);
            out[(row + w + x) * 4..(row + w + x) * 4 + 4].copy_from_slice(a);
            let d = if differs {
                [220, 0, 0, 255]
            } else {
                [e[0] / 4 + 190, e[1] / 4 + 190, e[2] / 4 + 190, 255]
            };
            out[(row + 2 * w + x) * 4..(row + 2 * w + x) * 4 + 4].copy_from_slice(&d);
        }
    }
    encode((w * 3) as u32, h as u32, &out)
}

#[test]
fn pictures_match_their_references() {
    let regenerate = std::env::var_os("ARGMAP_REGENERATE_REFERENCES").is_some();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reference-diffs");
    let m = Measurer::new();
    let mut failures = Vec::new();
    for c in cases() {
        let l = layout(
            c.doc.map(),
            &m,
            &LayoutOptions {
                orientation: c.orientation,
            },
        );
        let png = to_png(
            &l,
            &PngOptions {
                theme: c.theme,
                badges: if c.evaluate {
                    argmap_render::status::badges(&argmap_core::eval::evaluate(c.doc.map()))
                } else {
                    Default::default()
                },
                ..PngOptions::default()
            },
        )
        .unwrap();
        let path = reference_dir().join(format!("{}.png", c.name));
        if regenerate {
            std::fs::create_dir_all(reference_dir()).unwrap();
            std::fs::write(&path, &png).unwrap();
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; regenerate with ARGMAP_REGENERATE_REFERENCES=1",
                path.display()
            )
        });
        let (ew, eh, e) = decode(&expected);
        let (aw, ah, a) = decode(&png);
        if (ew, eh) != (aw, ah) {
            failures.push(format!("{}: {aw}×{ah}, expected {ew}×{eh}", c.name));
            std::fs::create_dir_all(&out_dir).unwrap();
            std::fs::write(out_dir.join(format!("{}-actual.png", c.name)), &png).unwrap();
            continue;
        }
        let differing = e
            .chunks(4)
            .zip(a.chunks(4))
            .filter(|(p, q)| {
                p.iter()
                    .zip(q.iter())
                    .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
            })
            .count();
        let share = differing as f64 / (ew as f64 * eh as f64);
        if share > PIXEL_TOLERANCE {
            std::fs::create_dir_all(&out_dir).unwrap();
            let diff = out_dir.join(format!("{}-expected-actual-diff.png", c.name));
            std::fs::write(&diff, side_by_side(ew, eh, &e, &a)).unwrap();
            failures.push(format!(
                "{}: {:.2}% of pixels differ; see {}",
                c.name,
                share * 100.0,
                diff.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "pictures differ from their references:\n{}",
        failures.join("\n")
    );
}
