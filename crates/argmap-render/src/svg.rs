//! The SVG painter. Self-contained: the font travels inside as a data URI (or, by
//! choice, the text is turned into paths), and the map itself can travel in
//! `<metadata>`, so the picture reopens as an editable map. Every user string is
//! escaped, and characters XML cannot hold are replaced, so any map gives valid,
//! inert SVG.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::io;

use base64::Engine;

use crate::font;
use crate::layout::{Layout, MARGIN, Rect, Tone};
use crate::status::{self, Badges, Mark};
use crate::theme::Theme;

/// A coordinate written as `{:.2}` writes it, without the general float formatter:
/// its exact mode took a sixth of an SVG export's time. Two decimals are a hundredth
/// of a pixel at scale 1. Every coordinate written per box, line or badge goes through
/// it; the few written once per picture (the view box) keep `{:.2}`.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        if !x.is_finite() || x.abs() >= 1e12 {
            return write!(f, "{x:.2}");
        }
        // Digits written right to left into a buffer: `write!` with integer arguments
        // went through the padding machinery for each part.
        let c = (x * 100.0).round() as i64;
        let mut v = c.unsigned_abs();
        let mut buf = [0u8; 24];
        let mut i = buf.len();
        for k in 0.. {
            if k == 2 {
                i -= 1;
                buf[i] = b'.';
            }
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if k >= 2 && v == 0 {
                break;
            }
        }
        if c < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        // Only ASCII digits, '.' and '-' were written.
        f.write_str(std::str::from_utf8(&buf[i..]).unwrap_or_default())
    }
}

/// A number written as `{}` writes it (its shortest form), taking the common case, a
/// whole number such as a font size or a line width, without the float formatter.
struct Short(f64);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
            write!(f, "{}", x as i64)
        } else {
            write!(f, "{x}")
        }
    }
}

/// A line's own `font-family` attribute, when a system font sets it: the family as a
/// CSS string, then the bundled font and sans-serif for a viewer without it.
struct Family<'a>(Option<&'a str>);

impl std::fmt::Display for Family<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(family) = self.0 else {
            return Ok(());
        };
        let quoted = family.replace('\\', "\\\\").replace('\'', "\\'");
        write!(
            f,
            " font-family=\"{}\"",
            XmlText(&format!("'{quoted}', '{}', sans-serif", font::FAMILY))
        )
    }
}

/// What a right-to-left line of text is written between: right-to-left embedding and
/// pop directional formatting, as character references so they show in the source.
const RIGHT_TO_LEFT: (&str, &str) = ("&#x202B;", "&#x202C;");

/// The namespace of the `<metadata>` element that carries the map.
pub const MAP_NAMESPACE: &str = "urn:argmap:map";

#[derive(Clone, Debug)]
pub struct SvgOptions {
    pub theme: Theme,
    pub transparent: bool,
    /// Space around the drawing, in pixels.
    pub padding: f64,
    /// Embed the bundled font so text stays text; without it, viewers use their own
    /// "Noto Sans" or a fallback.
    pub embed_font: bool,
    /// The map's .map JSON, to carry inside the picture.
    pub map_json: Option<String>,
    pub title: Option<String>,
    /// The evaluation's badges to draw; empty for a plain drawing.
    pub badges: Badges,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            theme: crate::theme::LIGHT,
            transparent: false,
            padding: MARGIN,
            embed_font: true,
            map_json: None,
            title: None,
            badges: Badges::new(),
        }
    }
}

/// The `<metadata>` element carrying the map's .map JSON, escaped for XML. Characters
/// XML cannot hold are legal in JSON strings, so they are written as JSON `\u` escapes:
/// the map comes back exactly.
fn metadata(out: &mut impl Write, json: &str) {
    let _ = write!(
        out,
        "<metadata><argmap:map xmlns:argmap=\"{MAP_NAMESPACE}\" media-type=\"{}\">",
        argmap_core::format::MEDIA_TYPE,
    );
    // Scanned as bytes, through a table: every character to escape starts with a byte
    // no other character's UTF-8 holds, except 0xEF (U+FFFE and U+FFFF are EF BF BE and
    // EF BF BF), which is looked at further.
    const SPECIAL: [bool; 256] = argmap_core::interchange::xml_special_bytes(false);
    let b = json.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| SPECIAL[c as usize]) {
        i += k;
        let len = match b[i] {
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => 3,
            0xEF => {
                i += 1;
                continue;
            }
            _ => 1,
        };
        let _ = out.write_str(&json[plain..i]);
        let _ = match b[i] {
            b'&' => out.write_str("&amp;"),
            b'<' => out.write_str("&lt;"),
            b'>' => out.write_str("&gt;"),
            _ => {
                let c = json[i..i + len].chars().next().map_or(0, |c| c as u32);
                write!(out, "\\u{c:04x}")
            }
        };
        i += len;
        plain = i;
    }
    let _ = out.write_str(&json[plain..]);
    let _ = out.write_str("</argmap:map></metadata>");
}

use argmap_core::interchange::XmlText;

fn dash(d: &[f64]) -> String {
    if d.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = d.iter().map(|&v| Short(v).to_string()).collect();
    format!(" stroke-dasharray=\"{}\"", parts.join(" "))
}

/// A line's dash pattern, anchored at its arrow (lines into one stack share their
/// last stretch and must dash it alike; the canvas does the same).
fn line_dash(d: &[f64], e: &crate::layout::EdgeLine) -> String {
    if d.is_empty() {
        return String::new();
    }
    // A pattern of odd length repeats twice before it starts again.
    let period = d.iter().sum::<f64>() * if d.len() % 2 == 1 { 2.0 } else { 1.0 };
    let offset = if period > 0.0 {
        (period - length(&e.path).rem_euclid(period)).rem_euclid(period)
    } else {
        0.0
    };
    format!("{} stroke-dashoffset=\"{offset:.2}\"", dash(d))
}

/// The length of a path of cubic segments: straight ones exactly, curved ones along
/// 12 chords (well under a pixel short on these gentle curves).
fn length(path: &[[f64; 2]]) -> f64 {
    let dist = |a: [f64; 2], b: [f64; 2]| ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
    let mut total = 0.0;
    for s in path.windows(4).step_by(3) {
        let chord = dist(s[0], s[3]);
        if (dist(s[0], s[1]) + dist(s[1], s[2]) + dist(s[2], s[3]) - chord).abs() < 1e-9 {
            total += chord;
            continue;
        }
        let mut prev = s[0];
        for k in 1..=12 {
            let t = k as f64 / 12.0;
            let u = 1.0 - t;
            let p = [
                u * u * u * s[0][0]
                    + 3.0 * u * u * t * s[1][0]
                    + 3.0 * u * t * t * s[2][0]
                    + t * t * t * s[3][0],
                u * u * u * s[0][1]
                    + 3.0 * u * u * t * s[1][1]
                    + 3.0 * u * t * t * s[2][1]
                    + t * t * t * s[3][1],
            ];
            total += ((p[0] - prev[0]).powi(2) + (p[1] - prev[1]).powi(2)).sqrt();
            prev = p;
        }
    }
    total
}

/// The distinct characters of many strings: a bit per character of the Basic
/// Multilingual Plane, a set for the rest (a tree insert per character of a large map's
/// text took longer than the subsetting).
struct Chars {
    bmp: Vec<u64>,
    rest: BTreeSet<char>,
}

impl Default for Chars {
    fn default() -> Self {
        Chars {
            bmp: vec![0; 0x10000 / 64],
            rest: BTreeSet::new(),
        }
    }
}

impl Chars {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            let k = c as usize;
            match self.bmp.get_mut(k / 64) {
                Some(word) => *word |= 1 << (k % 64),
                None => {
                    self.rest.insert(c);
                }
            }
        }
    }

    fn into_set(self) -> BTreeSet<char> {
        let mut set = self.rest;
        for (i, &word) in self.bmp.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                let k = i * 64 + w.trailing_zeros() as usize;
                set.extend(char::from_u32(k as u32));
                w &= w - 1;
            }
        }
        set
    }
}

/// The viewBox: the drawing's extent (the layout's bounds less its own margin) grown by
/// the padding asked for.
pub fn view_box(layout: &Layout, padding: f64) -> (f64, f64, f64, f64) {
    view_box_of(layout.bounds, padding)
}

/// [`view_box`] of a layout with these bounds.
pub fn view_box_of(b: Rect, padding: f64) -> (f64, f64, f64, f64) {
    let grow = padding - MARGIN;
    (
        b.x - grow,
        b.y - grow,
        (b.w + 2.0 * grow).max(1.0),
        (b.h + 2.0 * grow).max(1.0),
    )
}

/// Which letters a drawing holds. A PDF is made of two (pdf.rs): svg2pdf embeds fonts
/// by their outlines, and a colour emoji font has pictures instead, so the colour
/// letters are drawn apart, as pictures, over the rest, whose text stays text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    All,
    /// Everything but the colour letters.
    ButColourLetters,
    /// Only the colour letters, in their places.
    ColourLetters,
}

/// Whether a line has letters drawn from a colour font (an emoji).
pub(crate) fn colour_line(r: &crate::layout::TextRun) -> bool {
    // A line set whole in one font is never set in a colour one (font.rs, font_for).
    r.pieces.iter().flat_map(|p| p.iter()).any(|p| p.colour)
}

/// [`to_svg`] of one [`Part`] of the drawing.
pub(crate) fn to_svg_part(layout: &Layout, o: &SvgOptions, part: Part) -> String {
    let mut s = String::with_capacity(65_536 + layout.nodes.len() * 1400);
    paint(&mut s, layout, o, part);
    s
}

/// The picture as a string.
pub fn to_svg(layout: &Layout, o: &SvgOptions) -> String {
    // About 1.2 kB of drawing per box at 1k boxes, the map's JSON, and the fonts: one
    // allocation instead of copying the picture as it grows.
    let mut s = String::with_capacity(
        65_536
            + layout.nodes.len() * 1400
            + o.map_json.as_ref().map_or(0, |j| j.len() + j.len() / 16),
    );
    paint(&mut s, layout, o, Part::All);
    s
}

/// Writes the picture to `w` as it is made, through a buffer, instead of holding all of
/// it in memory first (the 10k-node map's SVG is 14 MB). The first error writing stops
/// the picture and is returned.
pub fn write_svg(layout: &Layout, o: &SvgOptions, w: impl io::Write) -> io::Result<()> {
    let mut out = IoSink {
        inner: io::BufWriter::with_capacity(64 * 1024, w),
        error: None,
    };
    paint(&mut out, layout, o, Part::All);
    match out.error {
        Some(e) => Err(e),
        None => io::Write::flush(&mut out.inner),
    }
}

/// `fmt::Write` over an `io::Write`, keeping the first error, which `fmt::Error` cannot
/// carry; once one happened nothing more is written.
struct IoSink<W: io::Write> {
    inner: io::BufWriter<W>,
    error: Option<io::Error>,
}

impl<W: io::Write> Write for IoSink<W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.error.is_some() {
            return Err(std::fmt::Error);
        }
        io::Write::write_all(&mut self.inner, s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// Draws the picture into `s`. Errors writing are the sink's to keep (a `String`
/// has none; see [`IoSink`]), so each write's result is not looked at here.
fn paint(s: &mut impl Write, layout: &Layout, o: &SvgOptions, part: Part) {
    let t = &o.theme;
    let (vx, vy, vw, vh) = view_box(layout, o.padding);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{vw:.0}\" height=\"{vh:.0}\" viewBox=\"{vx:.2} {vy:.2} {vw:.2} {vh:.2}\">\n"
    );
    if part == Part::ColourLetters {
        paint_colour_letters(s, layout, o);
        let _ = s.write_str("</svg>\n");
        return;
    }
    if let Some(title) = &o.title {
        let _ = writeln!(s, "<title>{}</title>", XmlText(title));
    }
    if let Some(json) = &o.map_json {
        metadata(s, json);
        let _ = s.write_char('\n');
    }
    let _ = s.write_str("<defs>\n");
    if o.embed_font {
        // Each weight cut down to the characters drawn in it.
        let mut regular = Chars::default();
        let mut bold = Chars::default();
        // Not a line set in a system font.
        for r in layout.nodes.iter().flat_map(|n| n.runs.iter()) {
            if r.font.is_none() {
                if r.bold { &mut bold } else { &mut regular }.add(&r.text);
            }
        }
        if !o.badges.is_empty() {
            bold.add("?!");
        }
        let (regular, bold) = (regular.into_set(), bold.into_set());
        let b64 = base64::engine::general_purpose::STANDARD;
        let faces = [(400, false, regular), (700, true, bold)]
            .into_iter()
            .filter_map(|(weight, b, chars)| Some((weight, font::subset(b, chars)?)))
            .collect::<Vec<_>>();
        if !faces.is_empty() {
            let _ = s.write_str("<style>");
            for (weight, ttf) in faces {
                let _ = write!(
                    s,
                    "@font-face{{font-family:'{f}';font-weight:{weight};src:url(data:font/ttf;base64,{})}}",
                    b64.encode(ttf),
                    f = font::FAMILY
                );
            }
            let _ = s.write_str("</style>\n");
        }
    }
    for (name, line) in [
        ("supports", &t.supports),
        ("objects", &t.objects),
        ("contradicts", &t.contradicts),
    ] {
        let _ = writeln!(
            s,
            "<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            line.colour
        );
    }
    let _ = s.write_str("</defs>\n");
    if !o.transparent {
        let _ = writeln!(
            s,
            "<rect x=\"{vx:.2}\" y=\"{vy:.2}\" width=\"{vw:.2}\" height=\"{vh:.2}\" fill=\"{}\"/>",
            t.background
        );
    }
    let _ = s.write_str("<g class=\"groups\">\n");
    for g in &layout.groups {
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.25\" stroke-dasharray=\"5 3\"/>",
            N(g.x),
            N(g.y),
            N(g.w),
            N(g.h),
            t.group
        );
    }
    let _ = s.write_str("</g>\n<g class=\"edges\" fill=\"none\">\n");
    for e in &layout.edges {
        let line = t.line(e.relation);
        let mut d = format!("M{},{}", N(e.path[0][0]), N(e.path[0][1]));
        for seg in e.path[1..].chunks_exact(3) {
            let _ = write!(
                d,
                " C{},{} {},{} {},{}",
                N(seg[0][0]),
                N(seg[0][1]),
                N(seg[1][0]),
                N(seg[1][1]),
                N(seg[2][0]),
                N(seg[2][1])
            );
        }
        let markers = match e.relation {
            argmap_core::Relation::Supports => " marker-end=\"url(#arrow-supports)\"".to_string(),
            argmap_core::Relation::Objects => " marker-end=\"url(#arrow-objects)\"".to_string(),
            argmap_core::Relation::Contradicts => {
                " marker-start=\"url(#arrow-contradicts)\" marker-end=\"url(#arrow-contradicts)\""
                    .to_string()
            }
            argmap_core::Relation::Annotates => String::new(),
        };
        let _ = writeln!(
            s,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>",
            line.colour,
            Short(line.width),
            line_dash(line.dash, e),
            markers
        );
    }
    // What every line of text shares is said once, on the group.
    let _ = writeln!(
        s,
        "</g>\n<g class=\"nodes\" font-family=\"'{}', sans-serif\" xml:space=\"preserve\">",
        font::FAMILY
    );
    for n in &layout.nodes {
        let k = t.kind(n.role);
        let defeated = open_node(s, n, o);
        let _ = writeln!(
            s,
            "<rect width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>",
            N(n.w),
            N(n.h),
            k.fill,
            k.stroke,
            if defeated {
                dash(&status::DEFEATED_DASH)
            } else {
                String::new()
            }
        );
        for r in n.runs.iter() {
            if r.tone == Tone::Badge {
                let bw = r.w + 10.0;
                let _ = writeln!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\" fill=\"{}\"/>",
                    N(r.x - 5.0),
                    N(r.y - r.size),
                    N(bw),
                    N(r.size + 4.0),
                    t.badge_fill
                );
            }
            text_line(s, r, k, t, part);
        }
        let _ = s.write_str("</g>\n");
    }
    let _ = s.write_str("</g>\n");
    if !o.badges.is_empty() {
        let _ = s.write_str("<g class=\"badges\">\n");
        for n in &layout.nodes {
            if let Some(b) = o.badges.get(&n.id) {
                for m in status::marks(n, b, t) {
                    badge(s, &m, t);
                }
            }
        }
        let _ = s.write_str("</g>\n");
    }
    let _ = s.write_str("</svg>\n");
}

/// Opens a box's group, at its place, faded when the evaluation defeats it; says
/// whether it does.
fn open_node(s: &mut impl Write, n: &crate::layout::NodeBox, o: &SvgOptions) -> bool {
    let defeated = o
        .badges
        .get(&n.id)
        .is_some_and(|b| b.label == argmap_core::eval::Label::Out);
    let _ = writeln!(
        s,
        "<g transform=\"translate({},{})\"{}>",
        N(n.x),
        N(n.y),
        if defeated {
            format!(" opacity=\"{}\"", status::DEFEATED_OPACITY)
        } else {
            String::new()
        }
    );
    defeated
}

/// One line of a box's text, or of it the letters `part` holds.
fn text_line(
    s: &mut impl Write,
    r: &crate::layout::TextRun,
    k: &crate::theme::KindStyle,
    t: &crate::theme::Theme,
    part: Part,
) {
    let colour = match r.tone {
        Tone::Caption => k.caption,
        Tone::Label | Tone::Body => t.text,
        Tone::Source => t.muted,
        Tone::Badge => t.badge_text,
    };
    let weight = if r.bold { " font-weight=\"700\"" } else { "" };
    // A line of letters from several fonts is set piece by piece, each piece in its
    // font at the place the layout measured for it.
    let Some(pieces) = &r.pieces else {
        // Set whole in one font, never a colour one.
        if part == Part::ColourLetters {
            return;
        }
        // A right-to-left line is anchored at its right end, and embedded right to
        // left (U+202B ... U+202C) rather than given `direction="rtl"`: usvg reads
        // every text left to right whatever its direction, and so would the PNG and
        // the PDF. Browsers and usvg both order it from the right with the marks, as
        // the canvas does (paint.ts).
        let (x, anchor, (open, close)) = if r.rtl {
            (r.x + r.w, " text-anchor=\"end\"", RIGHT_TO_LEFT)
        } else {
            (r.x, "", ("", ""))
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\"{} font-size=\"{}\"{weight}{anchor} fill=\"{colour}\">{open}{}{close}</text>",
            N(x),
            N(r.y),
            Family(r.font.as_deref()),
            Short(r.size),
            XmlText(&r.text),
        );
        return;
    };
    let wanted = |p: &&crate::layout::TextPiece| match part {
        Part::All => true,
        Part::ButColourLetters => !p.colour,
        Part::ColourLetters => p.colour,
    };
    if !pieces.iter().any(|p| wanted(&p)) {
        return;
    }
    // Each piece is a text chunk of its own (it has an `x`), which usvg and browsers
    // set apart from the others: one font, one direction.
    let _ = write!(
        s,
        "<text y=\"{}\" font-size=\"{}\"{weight} fill=\"{colour}\">",
        N(r.y),
        Short(r.size),
    );
    for p in pieces.iter().filter(wanted) {
        // Right-to-left override (U+202E ... U+202C): every letter of the piece reads
        // from its right end, as the bidi algorithm ordered them on the line. A
        // right-to-left mark ends it, so that a space at its end is not set back left
        // to right as a line's trailing spaces are (rule L1): usvg drew the ", " after
        // a Hebrew word as ", " where the canvas drew " ,".
        let (open, close) = if p.rtl {
            ("&#x202E;", "&#x200F;&#x202C;")
        } else {
            ("", "")
        };
        let _ = write!(
            s,
            "<tspan x=\"{}\"{}>{open}{}{close}</tspan>",
            N(r.x + p.x),
            Family(p.font.as_deref()),
            XmlText(&p.text)
        );
    }
    let _ = s.write_str("</text>\n");
}

/// The colour letters alone, each in its place in its box (its box's group, so a
/// defeated box's letters are faded alike).
fn paint_colour_letters(s: &mut impl Write, layout: &Layout, o: &SvgOptions) {
    let t = &o.theme;
    let _ = writeln!(
        s,
        "<g class=\"nodes\" font-family=\"'{}', sans-serif\" xml:space=\"preserve\">",
        font::FAMILY
    );
    for n in layout
        .nodes
        .iter()
        .filter(|n| n.runs.iter().any(colour_line))
    {
        open_node(s, n, o);
        for r in n.runs.iter().filter(|r| colour_line(r)) {
            text_line(s, r, t.kind(n.role), t, Part::ColourLetters);
        }
        let _ = s.write_str("</g>\n");
    }
    let _ = s.write_str("</g>\n");
}

/// One badge mark: a disc (or a square, for a settled status) ringed in the background
/// colour, with the check and cross as strokes and ? and ! as bold text.
fn badge(s: &mut impl Write, m: &status::PlacedMark, t: &crate::theme::Theme) {
    let (cx, cy, r) = (m.cx, m.cy, status::RADIUS);
    if m.square {
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"",
            N(cx - r),
            N(cy - r),
            N(2.0 * r),
            N(2.0 * r)
        );
    } else {
        let _ = write!(s, "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\"", N(cx), N(cy));
    }
    let _ = writeln!(
        s,
        " fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
        m.colour, t.background
    );
    let mark = t.status.mark;
    match m.mark {
        Mark::Check => {
            let _ = writeln!(
                s,
                "<path d=\"M{},{} L{},{} L{},{}\" fill=\"none\" stroke=\"{mark}\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                N(cx - 4.0),
                N(cy),
                N(cx - 1.0),
                N(cy + 3.0),
                N(cx + 4.0),
                N(cy - 3.5)
            );
        }
        Mark::Cross => {
            let _ = writeln!(
                s,
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" fill=\"none\" stroke=\"{mark}\" stroke-width=\"2\" stroke-linecap=\"round\"/>",
                N(cx - 3.5),
                N(cy - 3.5),
                N(cx + 3.5),
                N(cy + 3.5),
                N(cx + 3.5),
                N(cy - 3.5),
                N(cx - 3.5),
                N(cy + 3.5)
            );
        }
        Mark::Question | Mark::Bang => {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-family=\"'{}', sans-serif\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{mark}\">{}</text>",
                N(cx),
                N(cy + 4.0),
                font::FAMILY,
                if m.mark == Mark::Question { "?" } else { "!" }
            );
        }
    }
}

/// Turns the text of an SVG from [`to_svg`] into paths drawn with the bundled font, for
/// viewers that ignore embedded fonts. The map, if given, is put back into
/// `<metadata>`, which the conversion does not keep.
pub fn text_to_paths(svg: &str, map_json: Option<&str>) -> Result<String, crate::RasterError> {
    let tree = crate::raster::parse_svg(svg)?;
    let mut out = tree.to_string(&resvg::usvg::WriteOptions::default());
    let open_tag_end = out
        .find("<svg")
        .and_then(|start| out[start..].find('>').map(|i| start + i));
    if let (Some(json), Some(end)) = (map_json, open_tag_end) {
        let mut element = String::from("\n");
        metadata(&mut element, json);
        out.insert_str(end + 1, &element);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_map_in_metadata_escapes_what_xml_cannot_hold_and_nothing_else() {
        let json = "{\"t\":\"a<b>&c \u{7}\u{1f}\\t\t\n\r é𝛑\u{FFFE}\u{FFFF}\u{FFFD}\u{EFFF} end\"}";
        let mut out = String::new();
        metadata(&mut out, json);
        let inner = out
            .strip_prefix(&format!(
                "<metadata><argmap:map xmlns:argmap=\"{MAP_NAMESPACE}\" media-type=\"{}\">",
                argmap_core::format::MEDIA_TYPE
            ))
            .and_then(|s| s.strip_suffix("</argmap:map></metadata>"))
            .unwrap();
        assert_eq!(
            inner,
            "{\"t\":\"a&lt;b&gt;&amp;c \\u0007\\u001f\\t\t\n\r é𝛑\\ufffe\\uffff\u{FFFD}\u{EFFF} end\"}"
        );
    }

    #[test]
    fn sizes_and_widths_are_written_as_the_float_formatter_would() {
        for x in [
            0.0,
            -0.0,
            14.0,
            -2.0,
            1.5,
            0.1 + 0.2,
            1e15,
            1e20,
            -1e20,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(Short(x).to_string(), format!("{x}"), "{x:?}");
        }
    }

    #[test]
    fn coordinates_are_written_as_two_decimals_would_be() {
        for x in [
            0.0,
            1.0,
            -1.0,
            0.004,
            -0.004,
            0.005,
            12.345_678,
            -12.345_678,
            999.999,
            1e6 + 0.25,
            -0.75,
            19_083.5,
            1e13,
            f64::NAN,
        ] {
            let ours = N(x).to_string();
            let std = format!("{x:.2}");
            // The same text, or the same number where they round a tie apart or write
            // a zero with its sign.
            assert!(
                ours == std
                    || (ours.parse::<f64>().unwrap() - std.parse::<f64>().unwrap()).abs()
                        <= 0.0100001,
                "{x}: {ours} vs {std}"
            );
        }
        assert_eq!(N(12.345_678).to_string(), "12.35");
        assert_eq!(N(-3.5).to_string(), "-3.50");
        assert_eq!(N(7.0).to_string(), "7.00");
    }

    use super::*;
    use crate::layout::EdgeLine;
    use argmap_core::{NodeId, Relation};

    fn line(path: Vec<[f64; 2]>) -> EdgeLine {
        EdgeLine {
            from: NodeId::new(),
            to: NodeId::new(),
            relation: Relation::Objects,
            primary: true,
            group: None,
            path,
            corners: None,
        }
    }

    #[test]
    fn a_dashed_line_ends_on_a_whole_dash_at_its_arrow() {
        // Straight: 30 then 40 long, 70 in all; pattern 5 3 (period 8): 70 = 8·8 + 6.
        let e = line(vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [20.0, 0.0],
            [30.0, 0.0],
            [30.0, 10.0],
            [30.0, 20.0],
            [30.0, 40.0],
        ]);
        assert!((length(&e.path) - 70.0).abs() < 1e-9);
        assert!(line_dash(&[5.0, 3.0], &e).ends_with("stroke-dashoffset=\"2.00\""));
        // An odd pattern repeats twice: period 8 again for [4].
        assert!(line_dash(&[4.0], &e).ends_with("stroke-dashoffset=\"2.00\""));
        assert_eq!(line_dash(&[], &e), "");
        // A quarter circle of radius 10 (as a cubic) is about 15.7 long.
        let k = 0.552 * 10.0;
        let arc = line(vec![[0.0, 0.0], [k, 0.0], [10.0, 10.0 - k], [10.0, 10.0]]);
        assert!((length(&arc.path) - std::f64::consts::FRAC_PI_2 * 10.0).abs() < 0.05);
    }
}
