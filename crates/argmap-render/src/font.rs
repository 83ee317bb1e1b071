//! The bundled font (Noto Sans, OFL) and text measurement with its real metrics. The
//! canvas in the app loads the same TTF files, and the layout decides every line break,
//! so the screen and the exported images break text at the same words.
//!
//! Letters Noto Sans lacks (Hebrew, Arabic, CJK, ...) are drawn from a system font, and
//! measured with that font's metrics too. A paragraph that one system font can set
//! whole is set whole in it, spaces, digits and Latin included: that is what usvg does
//! with such a line (it keeps the fallback's glyphs for all of it), so the layout says
//! so, and the canvas and the SVG ask for that font by name.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use resvg::usvg::fontdb;
use ttf_parser::Face;

pub const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
/// The family name inside the TTF files; painters ask for it by this name.
pub const FAMILY: &str = "Noto Sans";

/// A face's Unicode character maps, found once. `Face::glyph_index` finds them again
/// for every letter it looks up, which was half the time a Hebrew map took to lay out
/// (each of its letters is looked up in Noto Sans, then in the system font).
struct Cmap(Vec<ttf_parser::cmap::Subtable<'static>>);

impl Cmap {
    fn new(face: &Face<'static>) -> Cmap {
        Cmap(face.tables().cmap.map_or_else(Vec::new, |t| {
            t.subtables.into_iter().filter(|s| s.is_unicode()).collect()
        }))
    }

    /// What `Face::glyph_index` gives: the glyph of the first Unicode map that has `c`.
    fn glyph(&self, c: char) -> Option<ttf_parser::GlyphId> {
        self.0.iter().find_map(|t| t.glyph_index(u32::from(c)))
    }
}

/// Advance widths of one face, in em units, with the ASCII range precomputed.
struct FaceMetrics {
    face: Face<'static>,
    cmap: Cmap,
    per_em: f64,
    ascii: [f64; 128],
}

impl FaceMetrics {
    fn new(data: &'static [u8]) -> FaceMetrics {
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let per_em = f64::from(face.units_per_em());
        let mut m = FaceMetrics {
            cmap: Cmap::new(&face),
            face,
            per_em,
            ascii: [0.0; 128],
        };
        for c in 0..128u8 {
            m.ascii[c as usize] = m.own(c as char).unwrap_or(0.0);
        }
        m
    }

    /// The character's advance in this face, if the face has it.
    fn own(&self, c: char) -> Option<f64> {
        match self.cmap.glyph(c) {
            Some(g) if g.0 != 0 => {
                Some(f64::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / self.per_em)
            }
            _ => None,
        }
    }

    /// Whether the face draws the character; one nobody draws (a control, a
    /// zero-width mark) counts as drawn.
    fn has(&self, c: char) -> bool {
        (c as u32) < 128 || !draws_something(c) || self.own(c).is_some()
    }
}

/// Whether a character takes room when drawn: not a control or a zero-width mark.
fn draws_something(c: char) -> bool {
    !(c.is_control() || is_zero_width(c))
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
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFE00..=0xFE0F | 0xFEFF)
}

/// The fonts text is drawn with: the bundled ones first, then the system's, which
/// supply the scripts Noto Sans lacks. Loaded once; scanning the system takes a moment.
pub fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.load_system_fonts();
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Which font draws a character the text's font lacks: of the fonts that have it, the
/// one nearest that font, as a desktop's font matching (and so the app's canvas) picks
/// it: the same style, then the nearest weight, then the nearest width, then not
/// monospaced; fonts equally near in the order they were loaded. usvg's own choice is
/// the first font with the character whatever its weight, which drew Arabic and Hebrew
/// statements in DejaVu Sans Bold.
pub(crate) fn fallback(c: char, used: &[fontdb::ID], db: &fontdb::Database) -> Option<fontdb::ID> {
    let base = db.face(*used.first()?)?;
    let emoji = shows_as_emoji(c);
    let mut near: Vec<_> = db
        .faces()
        .filter(|f| !used.contains(&f.id))
        .map(|f| {
            let key = (
                is_colour(db, f.id) != emoji,
                f.style != base.style,
                f.weight.0.abs_diff(base.weight.0),
                f.stretch.to_number().abs_diff(base.stretch.to_number()),
                f.monospaced,
            );
            (key, f.id)
        })
        .collect();
    // Stable: among fonts equally near, the first loaded. Only then is each font
    // opened to look for the character.
    near.sort_by_key(|&(key, _)| key);
    near.into_iter()
        .map(|(_, id)| id)
        .find(|&id| has_char(db, id, c))
}

/// Whether a character shows as a colour picture unless asked otherwise (Unicode's
/// Emoji_Presentation): 😀 and ✅ do, and come from a colour emoji font first, as
/// browsers take them; ⚠ and ✓ are text that emoji fonts also have, and come from a
/// text font first.
fn shows_as_emoji(c: char) -> bool {
    use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};
    matches!(
        c.emoji_status(),
        EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent
    )
}

/// Whether a font's glyphs are pictures or colour layers (CBDT, sbix, COLR or SVG
/// tables), as emoji fonts' are. For the fonts of [`fonts`], each font is looked at
/// once.
pub(crate) fn is_colour(db: &fontdb::Database, id: fontdb::ID) -> bool {
    static COLOUR: OnceLock<HashSet<fontdb::ID>> = OnceLock::new();
    let has_colour_tables = |id| {
        db.with_face_data(id, |data, index| {
            let face = ttf_parser::RawFace::parse(data, index).ok()?;
            Some(
                [b"CBDT", b"sbix", b"COLR", b"SVG "]
                    .iter()
                    .any(|t| face.table(ttf_parser::Tag::from_bytes(t)).is_some()),
            )
        })
        .flatten()
        .unwrap_or(false)
    };
    if std::ptr::eq(db, &*fonts()) {
        COLOUR
            .get_or_init(|| {
                db.faces()
                    .map(|f| f.id)
                    .filter(|&id| has_colour_tables(id))
                    .collect()
            })
            .contains(&id)
    } else {
        has_colour_tables(id)
    }
}

fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).ok()?.glyph_index(c)
    })
    .flatten()
    .is_some()
}

/// A system font that sets a line whose letters the bundled font lacks.
#[derive(Clone)]
pub struct SystemFont(Arc<Shaper>);

impl SystemFont {
    /// Its family name, which painters ask for it by.
    pub fn family(&self) -> &Arc<str> {
        &self.0.family
    }
}

impl PartialEq for SystemFont {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SystemFont {}

impl std::fmt::Debug for SystemFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SystemFont").field(&self.0.family).finish()
    }
}

/// The system font that draws a character, and its advance there in ems.
type Drawn = (fontdb::ID, f64);

/// The most words a system font keeps the widths of; then it starts again.
const WORDS_KEPT: usize = 65_536;

/// A system font opened for measuring.
struct Shaper {
    face: rustybuzz::Face<'static>,
    cmap: Cmap,
    per_em: f64,
    family: Arc<str>,
    /// Shaping plans by direction and script: making one takes longer than shaping a
    /// word with it.
    plans: Mutex<HashMap<(rustybuzz::Direction, rustybuzz::Script), Arc<rustybuzz::ShapePlan>>>,
    /// Widths of words shaped, in ems (words come back: a map's vocabulary is small).
    words: Mutex<HashMap<Box<str>, f64>>,
}

impl Shaper {
    /// The width of `text` shaped in this font, in ems.
    fn width(&self, text: &str) -> f64 {
        if let Some(&w) = lock(&self.words).get(text) {
            return w;
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (buffer.direction(), buffer.script());
        let plan = lock(&self.plans)
            .entry(key)
            .or_insert_with(|| {
                Arc::new(rustybuzz::ShapePlan::new(
                    &self.face,
                    key.0,
                    Some(key.1),
                    None,
                    &[],
                ))
            })
            .clone();
        let shaped = rustybuzz::shape_with_plan(&self.face, &plan, buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        let w = units as f64 / self.per_em;
        let mut words = lock(&self.words);
        if words.len() >= WORDS_KEPT {
            words.clear();
        }
        words.insert(text.into(), w);
        w
    }
}

/// A cache's lock; one poisoned by a panic elsewhere still holds good entries.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the layout knows of the system's fonts, made when a character the bundled
/// font lacks is first measured: a map in Latin, Greek and Cyrillic never scans them.
struct System {
    db: Arc<fontdb::Database>,
    /// The bundled regular and bold faces in `db`, which fallbacks are chosen near.
    bundled: [Option<fontdb::ID>; 2],
    /// By (bold, character): the font that draws it and its advance in ems.
    chars: Mutex<HashMap<(bool, char), Option<Drawn>>>,
    faces: Mutex<HashMap<fontdb::ID, Option<Arc<Shaper>>>>,
}

fn system() -> &'static System {
    static SYSTEM: OnceLock<System> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let db = fonts();
        let bundled = [400, 700].map(|weight| {
            db.query(&fontdb::Query {
                families: &[fontdb::Family::Name(FAMILY)],
                weight: fontdb::Weight(weight),
                ..fontdb::Query::default()
            })
        });
        System {
            db,
            bundled,
            chars: Mutex::default(),
            faces: Mutex::default(),
        }
    })
}

/// A font's bytes for the life of the process, as a shaping face has to borrow them:
/// a few faces at most (those that drew a letter Noto Sans lacks). A font file is
/// mapped, not copied: Noto Color Emoji is 10 MB, a CJK font 20, and each was copied
/// onto the heap before.
fn face_bytes(db: &fontdb::Database, id: fontdb::ID) -> Option<(&'static [u8], u32)> {
    let (source, index) = db.face_source(id)?;
    let data: &'static [u8] = match source {
        fontdb::Source::Binary(data) => (*Box::leak(Box::new(data))).as_ref().as_ref(),
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
            let file = std::fs::File::open(path).ok()?;
            // SAFETY: the mapping is read only. Like fontdb's own (usvg maps every font
            // it draws with), it assumes the font file is not cut short while mapped.
            let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
            &Box::leak(Box::new(map))[..]
        }
    };
    Some((data, index))
}

impl System {
    fn shaper(&self, id: fontdb::ID) -> Option<Arc<Shaper>> {
        lock(&self.faces)
            .entry(id)
            .or_insert_with(|| {
                let family: Arc<str> = self.db.face(id)?.families.first()?.0.as_str().into();
                let (data, index) = face_bytes(&self.db, id)?;
                let face = rustybuzz::Face::from_slice(data, index)?;
                let per_em = f64::from(face.units_per_em());
                Some(Arc::new(Shaper {
                    cmap: Cmap::new(&face),
                    face,
                    per_em,
                    family,
                    plans: Mutex::default(),
                    words: Mutex::default(),
                }))
            })
            .clone()
    }

    /// The font that draws `c` beside the bundled face, and `c`'s advance in it, in ems.
    fn char(&self, bold: bool, c: char) -> Option<Drawn> {
        let key = (bold, c);
        if let Some(&known) = lock(&self.chars).get(&key) {
            return known;
        }
        let found = self.bundled[bold as usize]
            .and_then(|base| fallback(c, &[base], &self.db))
            .and_then(|id| {
                let s = self.shaper(id)?;
                let g = s.cmap.glyph(c)?;
                Some((id, f64::from(s.face.glyph_hor_advance(g)?) / s.per_em))
            });
        lock(&self.chars).insert(key, found);
        found
    }
}

/// The bundled faces' metrics, for the questions asked outside a layout.
fn bundled() -> &'static Measurer {
    static BUNDLED: OnceLock<Measurer> = OnceLock::new();
    BUNDLED.get_or_init(Measurer::new)
}

/// Whether no font draws `c`: neither the bundled face nor any of the system's (an
/// emoji where no emoji font is installed, a code point nothing is assigned to).
pub(crate) fn nobody_draws(c: char) -> bool {
    !bundled().regular.has(c) && system().char(false, c).is_none()
}

/// The system font a letter the bundled face lacks is measured in (and so drawn in), by
/// family name; `None` for a letter the bundled face has or no font has.
pub(crate) fn fallback_family(c: char, bold: bool) -> Option<Arc<str>> {
    if c.is_ascii() || bundled().metrics(bold).has(c) {
        return None;
    }
    let (id, _) = system().char(bold, c)?;
    Some(system().shaper(id)?.family.clone())
}

/// Whether a letter is drawn from a colour font (an emoji, where an emoji font is
/// installed): the bundled face lacks it and the font that has it is a colour one.
pub(crate) fn draws_in_colour(c: char, bold: bool) -> bool {
    !c.is_ascii()
        && !bundled().metrics(bold).has(c)
        && system()
            .char(bold, c)
            .is_some_and(|(id, _)| is_colour(&system().db, id))
}

/// Whether a character joins the letter before it rather than standing alone: a
/// zero-width joiner or mark, a variation selector, a control.
pub(crate) fn joins_previous(c: char) -> bool {
    !draws_something(c)
}

/// The system fonts that draw the letters of `text` the bundled faces lack, regular and
/// bold, each once, in the order their first letters come.
pub(crate) fn fallbacks_in(text: &str) -> Vec<fontdb::ID> {
    let m = bundled();
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for c in text.chars().filter(|&c| !c.is_ascii()) {
        if !seen.insert(c) {
            continue;
        }
        for bold in [false, true] {
            if m.metrics(bold).has(c) {
                continue;
            }
            if let Some((id, _)) = system().char(bold, c)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
    }
    ids
}

/// One line of wrapped text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Its paragraph reads right to left: the first letter with a direction (Unicode's
    /// rules P2 and P3) is Hebrew, Arabic or another right-to-left script. Such lines
    /// are set against the right edge and read from there.
    pub rtl: bool,
    /// The system font it is set in whole, when the bundled font lacks some of its
    /// letters and one system font has them all.
    pub font: Option<SystemFont>,
}

/// Whether a paragraph reads right to left; one with no letters reads left to right.
pub fn reads_right_to_left(paragraph: &str) -> bool {
    unicode_bidi::get_base_direction(paragraph) == unicode_bidi::Direction::Rtl
}

/// Measures text in the bundled font, and in the system's where it lacks letters.
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

    fn metrics(&self, bold: bool) -> &FaceMetrics {
        if bold { &self.bold } else { &self.regular }
    }

    /// A character's advance in ems: from the bundled face, or else the system font
    /// that draws it, or else a guess (no font has it: a viewer shows a box).
    fn advance(&self, m: &FaceMetrics, bold: bool, c: char) -> f64 {
        if (c as u32) < 128 {
            return m.ascii[c as usize];
        }
        if let Some(a) = m.own(c) {
            return a;
        }
        if !draws_something(c) {
            return 0.0;
        }
        match system().char(bold, c) {
            Some((_, a)) => a,
            None if is_wide(c) => 1.0,
            None => 0.6,
        }
    }

    /// The width of `text` at `size` pixels, in the bundled font (with system fonts
    /// for the letters it lacks).
    pub fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let m = self.metrics(bold);
        text.chars().map(|c| self.advance(m, bold, c)).sum::<f64>() * size
    }

    /// The width of `text` at `size` pixels set in `font`, or as [`Measurer::width`]
    /// without one. A system font's text is shaped, as the painters shape it: Arabic
    /// letters take their joined forms.
    pub fn width_in(&self, text: &str, size: f64, bold: bool, font: Option<&SystemFont>) -> f64 {
        match font {
            Some(f) => f.0.width(text) * size,
            None => self.width(text, size, bold),
        }
    }

    /// The system font that sets `text` whole: when the bundled face lacks one of its
    /// letters, the font that draws that letter, if it has all the others too.
    pub fn font_for(&self, text: &str, bold: bool) -> Option<SystemFont> {
        let m = self.metrics(bold);
        let missing = text.chars().find(|&c| !m.has(c))?;
        let (id, _) = system().char(bold, missing)?;
        let s = system().shaper(id)?;
        text.chars()
            .all(|c| !draws_something(c) || s.cmap.glyph(c).is_some())
            .then_some(SystemFont(s))
    }

    /// Breaks `text` into lines no wider than `max` pixels at `size`: at spaces where it
    /// can, inside a word only when the word alone is too wide. Newlines in the text
    /// always break, and each line says which way its paragraph reads and which system
    /// font, if any, sets it.
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<Line> {
        let m = self.metrics(bold);
        let mut lines = Vec::new();
        let line_chars = max_chars(max, size);
        for paragraph in text.split('\n') {
            let rtl = reads_right_to_left(paragraph);
            let foreign = !paragraph.chars().all(|c| m.has(c));
            // A paragraph one system font sets whole is measured, and drawn, in it.
            let font = foreign.then(|| self.font_for(paragraph, bold)).flatten();
            let f = font.as_ref();
            let line_of = |text: String| {
                let font = match f {
                    Some(_) => font.clone(),
                    // A line of a paragraph in several scripts may still be one font's
                    // whole: usvg then draws it all in that font.
                    None if foreign => self.font_for(&text, bold),
                    None => None,
                };
                Line { text, rtl, font }
            };
            let space = self.width_in(" ", size, bold, f);
            // A line holds at most its paragraph: sized once, not grown word by word.
            let line_cap = paragraph.len().min(line_chars);
            let mut line = String::with_capacity(line_cap);
            let mut width = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let w = self.width_in(word, size, bold, f);
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
                let mut buf = [0u8; 4];
                for c in word.chars() {
                    let cw = self.width_in(c.encode_utf8(&mut buf), size, bold, f);
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

    #[test]
    fn a_missing_character_comes_from_the_nearest_font_not_the_first_that_has_it() {
        // Bold loaded first, then two regular faces: text in the first regular face
        // falls back to the other regular one, where usvg's own choice is the bold.
        let mut db = fontdb::Database::new();
        db.load_font_data(BOLD.to_vec());
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(REGULAR.to_vec());
        let ids: Vec<_> = db.faces().map(|f| f.id).collect();
        let (bold, regular, other) = (ids[0], ids[1], ids[2]);
        assert_eq!(fallback('ж', &[regular], &db), Some(other));
        let mut shared = Arc::new(db.clone());
        let usvg_choice =
            (resvg::usvg::FontResolver::default_fallback_selector())('ж', &[regular], &mut shared);
        assert_eq!(
            usvg_choice,
            Some(bold),
            "usvg's own choice, which this replaces"
        );
        // With the regular faces used up, the bold one; a character no font has, none.
        assert_eq!(fallback('ж', &[regular, other], &db), Some(bold));
        assert_eq!(fallback('\u{E000}', &[regular], &db), None);
    }
}
