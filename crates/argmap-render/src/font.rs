//! The bundled font (Noto Sans, OFL) and text measurement with its real metrics. The
//! canvas in the app loads the same TTF files, and the layout decides every line break,
//! so the screen and the exported images break text at the same words.

use ttf_parser::Face;

pub const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
/// The family name inside the TTF files; painters ask for it by this name.
pub const FAMILY: &str = "Noto Sans";

/// Advance widths of one face, in em units, with the ASCII range precomputed.
struct FaceMetrics {
    face: Face<'static>,
    per_em: f64,
    ascii: [f64; 128],
}

impl FaceMetrics {
    fn new(data: &'static [u8]) -> FaceMetrics {
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let per_em = f64::from(face.units_per_em());
        let mut m = FaceMetrics {
            face,
            per_em,
            ascii: [0.0; 128],
        };
        for c in 0..128u8 {
            m.ascii[c as usize] = m.lookup(c as char);
        }
        m
    }

    fn lookup(&self, c: char) -> f64 {
        match self.face.glyph_index(c) {
            Some(g) if g.0 != 0 => {
                f64::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / self.per_em
            }
            // Not in the font: a system font draws it. Wide scripts take about an em,
            // others a little over half.
            _ if is_wide(c) => 1.0,
            _ if c.is_control() || is_zero_width(c) => 0.0,
            _ => 0.6,
        }
    }

    fn advance(&self, c: char) -> f64 {
        if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            self.lookup(c)
        }
    }
}

/// About how many bytes of text fit in a line `max` pixels wide: a first capacity for
/// a line's string (the narrowest characters are about a quarter of an em).
fn max_chars(max: f64, size: f64) -> usize {
    if size > 0.0 && max.is_finite() {
        (4.0 * max / size).clamp(16.0, 4096.0) as usize
    } else {
        64
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

fn is_zero_width(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF)
}

/// One line of wrapped text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Its paragraph reads right to left: the first letter with a direction (Unicode's
    /// rules P2 and P3) is Hebrew, Arabic or another right-to-left script. Such lines
    /// are set against the right edge and read from there.
    pub rtl: bool,
}

/// Whether a paragraph reads right to left; one with no letters reads left to right.
pub fn reads_right_to_left(paragraph: &str) -> bool {
    unicode_bidi::get_base_direction(paragraph) == unicode_bidi::Direction::Rtl
}

/// Measures text in the bundled font.
pub struct Measurer {
    regular: FaceMetrics,
    bold: FaceMetrics,
}

impl Default for Measurer {
    fn default() -> Self {
        Measurer::new()
    }
}

impl Measurer {
    pub fn new() -> Measurer {
        Measurer {
            regular: FaceMetrics::new(REGULAR),
            bold: FaceMetrics::new(BOLD),
        }
    }

    /// The width of `text` at `size` pixels.
    pub fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let m = if bold { &self.bold } else { &self.regular };
        text.chars().map(|c| m.advance(c)).sum::<f64>() * size
    }

    /// Breaks `text` into lines no wider than `max` pixels at `size`: at spaces where it
    /// can, inside a word only when the word alone is too wide. Newlines in the text
    /// always break, and each line says which way its paragraph reads.
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<Line> {
        let m = if bold { &self.bold } else { &self.regular };
        let space = m.advance(' ') * size;
        let mut lines = Vec::new();
        let line_chars = max_chars(max, size);
        for paragraph in text.split('\n') {
            let rtl = reads_right_to_left(paragraph);
            let line_of = |text| Line { text, rtl };
            // A line holds at most its paragraph: sized once, not grown word by word.
            let line_cap = paragraph.len().min(line_chars);
            let mut line = String::with_capacity(line_cap);
            let mut width = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let w = self.width(word, size, bold);
                if !line.is_empty() && width + space + w <= max {
                    line.push(' ');
                    line.push_str(word);
                    width += space + w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(line_of(std::mem::replace(
                        &mut line,
                        String::with_capacity(line_cap),
                    )));
                }
                if w <= max {
                    line.push_str(word);
                    width = w;
                    continue;
                }
                // A word wider than a line: break it between characters.
                width = 0.0;
                for c in word.chars() {
                    let cw = m.advance(c) * size;
                    if !line.is_empty() && width + cw > max {
                        lines.push(line_of(std::mem::take(&mut line)));
                        width = 0.0;
                    }
                    line.push(c);
                    width += cw;
                }
            }
            lines.push(line_of(line));
        }
        // Trailing empty paragraphs add nothing a reader can see.
        while lines.len() > 1 && lines.last().is_some_and(|l| l.text.is_empty()) {
            lines.pop();
        }
        lines
    }
}

/// The bundled regular (or bold) face cut down to those of `chars` it has a glyph for,
/// as a TTF to embed in an SVG: tens of kilobytes instead of half a megabyte. `None` when
/// it has none of them. Characters it lacks are left out rather than mapped to its
/// empty-box glyph, so a viewer falls back to a system font for them, as it would
/// without the embedded face.
///
/// The subset has no kerning or ligature tables; neither does the layout's measuring,
/// so a viewer sets each line exactly as wide as the layout measured it.
pub fn subset(bold: bool, chars: impl IntoIterator<Item = char>) -> Option<Vec<u8>> {
    let data = if bold { BOLD } else { REGULAR };
    let face = Face::parse(data, 0).ok()?;
    let kept: std::collections::BTreeSet<char> = chars
        .into_iter()
        .filter(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0))
        .collect();
    if kept.is_empty() {
        return None;
    }
    let cut = font_subset::FontReader::new(data)
        .and_then(|r| r.read()?.subset(&kept).map(|f| f.to_opentype()));
    // The bundled faces are known to subset (tested over every character they have);
    // should one ever not, the whole face is still right, only bigger.
    Some(cut.unwrap_or_else(|_| data.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character each bundled face maps.
    fn repertoire(data: &[u8]) -> Vec<char> {
        let face = Face::parse(data, 0).unwrap();
        let mut all = Vec::new();
        for table in face.tables().cmap.unwrap().subtables {
            if table.is_unicode() {
                table.codepoints(|c| all.extend(char::from_u32(c)));
            }
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    #[test]
    fn a_subset_maps_exactly_the_characters_asked_for_that_the_face_has() {
        for (bold, data) in [(false, REGULAR), (true, BOLD)] {
            let asked = "Scaling is over — λόγος, Жизнь, naïve; 漢字 🙂 \u{202E}";
            let cut = subset(bold, asked.chars()).unwrap();
            assert!(
                cut.len() * 10 < data.len(),
                "{} of {} bytes",
                cut.len(),
                data.len()
            );
            let whole = Face::parse(data, 0).unwrap();
            let part = Face::parse(&cut, 0).unwrap();
            for c in asked.chars() {
                let has = whole.glyph_index(c).is_some_and(|g| g.0 != 0);
                let kept = part.glyph_index(c).is_some_and(|g| g.0 != 0);
                assert_eq!(kept, has, "{c:?}");
                if has {
                    // Same advance, so a viewer sets the line as the layout measured it.
                    let w = |f: &Face, c| f.glyph_hor_advance(f.glyph_index(c).unwrap());
                    assert_eq!(w(&part, c), w(&whole, c), "{c:?}");
                }
            }
            for c in ['Q', 'ж', '\u{5d0}'] {
                assert!(part.glyph_index(c).is_none_or(|g| g.0 == 0), "{c:?} kept");
            }
            assert_eq!(subset(bold, "漢🙂".chars()), None);
        }
    }

    #[test]
    fn every_character_of_the_bundled_faces_subsets() {
        for (bold, data) in [(false, REGULAR), (true, BOLD)] {
            let all = repertoire(data);
            assert!(all.len() > 2000, "{}", all.len());
            let cut = subset(bold, all.iter().copied()).unwrap();
            // The real subsetter, not the fallback to the whole face.
            assert_ne!(cut, data);
            let part = Face::parse(&cut, 0).unwrap();
            let whole = Face::parse(data, 0).unwrap();
            for &c in &all {
                assert_eq!(
                    part.glyph_index(c).is_some_and(|g| g.0 != 0),
                    whole.glyph_index(c).is_some_and(|g| g.0 != 0),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn wider_text_measures_wider_and_bold_wider_still() {
        let m = Measurer::new();
        let a = m.width("scaling", 14.0, false);
        assert!(a > 30.0 && a < 70.0, "{a}");
        assert!(m.width("scaling is over", 14.0, false) > a);
        assert!(m.width("scaling", 14.0, true) > a);
        assert_eq!(m.width("scaling", 28.0, false), 2.0 * a);
    }

    #[test]
    fn greek_and_cyrillic_come_from_the_bundled_font() {
        let m = Measurer::new();
        for c in ['λ', 'Ж', 'é'] {
            let g = m.regular.face.glyph_index(c);
            assert!(g.is_some_and(|g| g.0 != 0), "{c} is missing from Noto Sans");
        }
    }

    #[test]
    fn wrapping_keeps_words_whole_and_lines_within_the_width() {
        let m = Measurer::new();
        let text =
            "The age of scaling is over: making models bigger will not deliver the next leap";
        let lines: Vec<String> = m
            .wrap(text, 14.0, false, 200.0)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(m.width(l, 14.0, false) <= 200.0, "{l}");
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_and_newlines_break() {
        let m = Measurer::new();
        let texts = |s: &str, max| -> Vec<String> {
            m.wrap(s, 14.0, false, max)
                .into_iter()
                .map(|l| l.text)
                .collect()
        };
        let long = "x".repeat(200);
        let lines = texts(&long, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert_eq!(texts("a\nb", 100.0), vec!["a", "b"]);
        assert_eq!(texts("", 100.0), vec![""]);
        assert_eq!(texts("a\n\n", 100.0), vec!["a"]);
    }

    #[test]
    fn each_line_reads_the_way_its_paragraph_does() {
        let m = Measurer::new();
        // Hebrew, then Arabic that starts with a number and quotes a Latin name, then
        // Latin that quotes Hebrew, then no letters at all.
        let text = "הטענה היא שהגדלת מודלים כבר לא מספיקה\n\
                    2024: قال GPT-4 إن التوسع انتهى\n\
                    Scaling is over, said \"הטענה\"\n\
                    — 1, 2, 3";
        let lines = m.wrap(text, 14.0, false, 120.0);
        let by_paragraph: Vec<(bool, &str)> =
            lines.iter().map(|l| (l.rtl, l.text.as_str())).collect();
        let first = |s: &str| lines.iter().position(|l| l.text.starts_with(s));
        let (hebrew, arabic, latin, digits) = (
            first("הטענה").unwrap(),
            first("2024").unwrap(),
            first("Scaling").unwrap(),
            first("—").unwrap(),
        );
        assert!(
            hebrew < arabic && arabic < latin && latin < digits,
            "{by_paragraph:?}"
        );
        // Every line of a wrapped paragraph takes the paragraph's direction, even one
        // that starts with a word of the other direction.
        for (i, l) in lines.iter().enumerate() {
            let rtl = i < latin;
            assert_eq!(l.rtl, rtl, "{by_paragraph:?}");
        }
        assert!(
            latin - arabic > 1,
            "the Arabic paragraph wraps: {by_paragraph:?}"
        );
        // As the editor's caret decides it (ui/test/caret.test.ts).
        assert!(!reads_right_to_left(""));
        assert!(reads_right_to_left("« ܫܠܡܐ »"));
        assert!(!reads_right_to_left("Ελληνικά και עברית"));
        assert!(reads_right_to_left("\u{200f}(1) Scaling"));
        assert!(!reads_right_to_left("\u{200e}(1) שלום"));
    }
}
