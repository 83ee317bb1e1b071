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
use unicode_segmentation::UnicodeSegmentation;

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
    /// The ASCII range's advances in the face's own units: a line of ASCII is summed in
    /// whole numbers, which the compiler keeps in registers (a sum of floats was spilled
    /// to memory at every letter, a sixth of a layout's time).
    ascii_units: [u16; 128],
    /// 1 / `per_em`: multiplying is several times quicker than dividing.
    em_per_unit: f64,
}

impl FaceMetrics {
    fn new(data: &'static [u8]) -> FaceMetrics {
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let per_em = f64::from(face.units_per_em());
        let mut m = FaceMetrics {
            cmap: Cmap::new(&face),
            face,
            per_em,
            ascii_units: [0; 128],
            em_per_unit: 1.0 / per_em,
        };
        for c in 0..128u8 {
            m.ascii_units[c as usize] = m.cmap.glyph(c as char).map_or(0, |g| {
                m.face
                    .glyph_hor_advance(g)
                    .filter(|_| g.0 != 0)
                    .unwrap_or(0)
            });
        }
        m
    }

    /// A character's advance in ems, if the face draws it; one that draws nothing (a
    /// control, a zero-width mark) is none wide.
    fn advance(&self, c: char) -> Option<f64> {
        if (c as u32) < 128 {
            Some(f64::from(self.ascii_units[c as usize]) * self.em_per_unit)
        } else if !draws_something(c) {
            Some(0.0)
        } else {
            self.own(c)
        }
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
/// statements in DejaVu Sans Bold. `colour` says whether the letter asks to be a colour
/// picture ([`asks_for_colour`]): a colour font comes first then, a text font otherwise.
pub(crate) fn fallback(
    c: char,
    colour: bool,
    used: &[fontdb::ID],
    db: &fontdb::Database,
) -> Option<fontdb::ID> {
    let base = db.face(*used.first()?)?;
    let mut near: Vec<_> = db
        .faces()
        .filter(|f| !used.contains(&f.id))
        .map(|f| {
            let key = (
                is_colour(db, f.id) != colour,
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

/// VARIATION SELECTOR-16: the letter before it shows as a colour picture (❤️, ⚠️).
const AS_PICTURE: char = '\u{FE0F}';
/// VARIATION SELECTOR-15: the letter before it shows as text (😀︎).
const AS_TEXT: char = '\u{FE0E}';
/// ZERO WIDTH JOINER, which joins emoji into one picture (👩‍🔬).
const JOINER: char = '\u{200D}';

/// Whether a letter followed by `next` asks to be drawn as a colour picture: as the
/// variation selector after it says, and without one as the letter shows by default.
pub(crate) fn asks_for_colour(c: char, next: Option<char>) -> bool {
    match next {
        Some(AS_PICTURE) => true,
        Some(AS_TEXT) => false,
        _ => shows_as_emoji(c),
    }
}

/// Whether a character shows as a colour picture unless asked otherwise (Unicode's
/// Emoji_Presentation): 😀 and ✅ do, and come from a colour emoji font first, as
/// browsers take them; ⚠ and ✓ are text that emoji fonts also have, and come from a
/// text font first.
pub(crate) fn shows_as_emoji(c: char) -> bool {
    use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};
    // The first is U+231A WATCH: Hebrew, Arabic and the rest below it need no search
    // of the emoji table.
    (c as u32) >= 0x231A
        && matches!(
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

/// The most words a system font keeps the widths of; then it starts again.
const WORDS_KEPT: usize = 65_536;

/// A system font opened for measuring.
struct Shaper {
    id: fontdb::ID,
    face: rustybuzz::Face<'static>,
    cmap: Cmap,
    /// Which ASCII characters it has, one bit each: a Hebrew paragraph's spaces, digits
    /// and punctuation are asked about over and over.
    ascii: u128,
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

/// A letter asked about: bold or not, the character, asked for in colour or not.
type Asked = (bool, char, bool);

/// What the layout knows of the system's fonts, made when a character the bundled
/// font lacks is first measured: a map in Latin, Greek and Cyrillic never scans them.
struct System {
    db: Arc<fontdb::Database>,
    /// The bundled regular and bold faces in `db`, which fallbacks are chosen near.
    bundled: [Option<fontdb::ID>; 2],
    /// By (bold, character, asked for in colour): the font that draws it.
    chars: Mutex<HashMap<Asked, Option<Arc<Shaper>>>>,
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
                let cmap = Cmap::new(&face);
                let ascii = (0..128u8)
                    .filter(|&b| !draws_something(b as char) || cmap.glyph(b as char).is_some())
                    .fold(0u128, |bits, b| bits | 1 << b);
                Some(Arc::new(Shaper {
                    id,
                    ascii,
                    cmap,
                    face,
                    per_em,
                    family,
                    plans: Mutex::default(),
                    words: Mutex::default(),
                }))
            })
            .clone()
    }

    /// The font that draws `c` beside the bundled face, in colour or not as `colour`
    /// asks ([`asks_for_colour`]).
    fn char(&self, bold: bool, c: char, colour: bool) -> Option<Arc<Shaper>> {
        let key = (bold, c, colour);
        if let Some(known) = lock(&self.chars).get(&key) {
            return known.clone();
        }
        let found = self.bundled[bold as usize]
            .and_then(|base| fallback(c, colour, &[base], &self.db))
            .and_then(|id| self.shaper(id))
            .filter(|s| s.cmap.glyph(c).is_some());
        lock(&self.chars).insert(key, found.clone());
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
    !bundled().regular.has(c) && system().char(false, c, shows_as_emoji(c)).is_none()
}

/// Where a stretch of text is drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The bundled face.
    Bundled,
    /// A system font, for letters the bundled face lacks.
    System(SystemFont),
    /// No font: a viewer draws boxes.
    Nowhere,
}

impl SystemFont {
    /// Whether its glyphs are colour pictures (an emoji font).
    pub(crate) fn is_colour(&self) -> bool {
        is_colour(&system().db, self.0.id)
    }
}

/// The width of a stretch of text ([`Measurer::stretches`]) in ems: in the bundled face,
/// shaped in its system font (an emoji sequence is one picture wide), or, where no font
/// has its letters, about as wide as the boxes a viewer shows.
fn stretch_ems(m: &FaceMetrics, part: &str, origin: &Origin) -> f64 {
    match origin {
        Origin::Bundled => part.chars().map(|c| m.advance(c).unwrap_or(0.0)).sum(),
        Origin::System(f) => f.0.width(part),
        Origin::Nowhere => part
            .chars()
            .filter(|&c| draws_something(c))
            .map(|c| if is_wide(c) { 1.0 } else { 0.6 })
            .sum(),
    }
}

/// Where a letter of a line comes from: the bundled face, or the system font with this
/// id (`None`: no font has it).
#[derive(Clone, Copy)]
enum Letter {
    Bundled,
    System(Option<fontdb::ID>),
}

/// Where a letter comes from ([`Measurer::stretches`]), from a small table of this
/// thread's latest answers first: a Hebrew map asks about its few dozen letters over and
/// over, and looking each up in the bundled face and then in the shared table (a lock,
/// hashing) took most of its layout.
fn letter(m: &FaceMetrics, bold: bool, c: char, colour: bool) -> Letter {
    type Recent = [(u32, Letter); 256];
    thread_local! {
        static RECENT: std::cell::RefCell<Recent> =
            const { std::cell::RefCell::new([(u32::MAX, Letter::Bundled); 256]) };
    }
    // 21 bits of character and two flags: never u32::MAX, an empty slot. Both bundled
    // faces' metrics are the same files whichever measurer asks.
    let key = (c as u32) << 2 | (bold as u32) << 1 | colour as u32;
    let slot = (key ^ key >> 8) as usize % 256;
    if let Some(known) = RECENT.with_borrow(|r| (r[slot].0 == key).then_some(r[slot].1)) {
        return known;
    }
    let found = if m.has(c) {
        Letter::Bundled
    } else {
        Letter::System(system().char(bold, c, colour).map(|s| s.id))
    };
    RECENT.with_borrow_mut(|r| r[slot] = (key, found));
    found
}

/// Whether a character goes on the picture of the emoji before it: a skin tone, a tag
/// (the letters of a flag of a region, 🏴󠁧󠁢󠁳󠁣󠁴󠁿), or whatever follows a zero-width joiner.
fn continues_emoji(c: char, previous: Option<char>) -> bool {
    previous == Some(JOINER) || matches!(c as u32, 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

/// The letters of `text` the bundled font lacks, each once (regular and bold apart),
/// with whether each asks to be drawn in colour.
fn foreign_letters(text: &str) -> impl Iterator<Item = (char, bool)> + '_ {
    let mut chars = text.chars().peekable();
    let mut seen = HashSet::new();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            if c.is_ascii() || !draws_something(c) {
                continue;
            }
            let letter = (c, asks_for_colour(c, chars.peek().copied()));
            if seen.insert(letter) {
                return Some(letter);
            }
        }
    })
}

/// The system fonts that draw the letters of `text` the bundled faces lack, regular and
/// bold, each once, in the order their first letters come.
pub(crate) fn fallbacks_in(text: &str) -> Vec<fontdb::ID> {
    let m = bundled();
    let mut ids = Vec::new();
    for (c, colour) in foreign_letters(text) {
        for bold in [false, true] {
            if m.metrics(bold).has(c) {
                continue;
            }
            if let Some(s) = system().char(bold, c, colour)
                && !ids.contains(&s.id)
            {
                ids.push(s.id);
            }
        }
    }
    ids
}

/// A part of a line that a painter sets on its own: one font, one direction.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Piece {
    /// Its letters, as bytes of the line, in the order they are read.
    pub range: std::ops::Range<usize>,
    pub origin: Origin,
    /// Its left end, in pixels from the line's.
    pub left: f64,
    /// Its width, in pixels.
    pub w: f64,
    /// It reads right to left: its letters stand from its right end.
    pub rtl: bool,
}

impl Piece {
    /// Whether its letters are colour pictures (emoji).
    pub(crate) fn is_colour(&self) -> bool {
        matches!(&self.origin, Origin::System(f) if f.is_colour())
    }
}

/// One line of wrapped text.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    /// Its paragraph reads right to left: the first letter with a direction (Unicode's
    /// rules P2 and P3) is Hebrew, Arabic or another right-to-left script. Such lines
    /// are set against the right edge and read from there.
    pub rtl: bool,
    /// The system font it is set in whole, when the bundled font lacks some of its
    /// letters and one system font has them all.
    pub font: Option<SystemFont>,
    /// Otherwise, when it has letters from several fonts, the pieces it is set in
    /// ([`Measurer::pieces`]).
    pub(crate) pieces: Option<Vec<Piece>>,
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

    /// `text` cut into stretches by the font each is drawn from, as usvg and a browser
    /// draw it: a letter the bundled face has from it; one it lacks from the nearest
    /// system font that has it, a colour one first where the letter asks to be a
    /// picture ([`asks_for_colour`]). Joiners, marks and variation selectors go with
    /// the letter before them, and so do skin tones and a letter after a zero-width
    /// joiner where that letter's font has them, so that an emoji sequence (👩🏽‍🔬, a
    /// flag) is one stretch, which the font draws as one picture.
    pub(crate) fn stretches(
        &self,
        text: &str,
        bold: bool,
    ) -> Vec<(std::ops::Range<usize>, Origin)> {
        let m = self.metrics(bold);
        let mut out: Vec<(std::ops::Range<usize>, Origin)> = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut previous = None;
        while let Some((i, c)) = chars.next() {
            let end = i + c.len_utf8();
            let next = chars.peek().map(|&(_, n)| n);
            let joins = match out.last() {
                None => false,
                Some(_) if !draws_something(c) => true,
                Some((_, Origin::System(f))) => {
                    continues_emoji(c, previous) && f.0.cmap.glyph(c).is_some()
                }
                Some(_) => false,
            };
            previous = Some(c);
            // Where it comes from, by the font's id (`None`: no font has it): the font
            // itself is opened once per stretch, not once per letter.
            let from = if joins {
                None
            } else if (c as u32) < 128 {
                Some(Letter::Bundled)
            } else {
                Some(letter(m, bold, c, asks_for_colour(c, next)))
            };
            let same = |last: &Origin| match (last, from) {
                (_, None) | (Origin::Bundled, Some(Letter::Bundled)) => true,
                (Origin::Nowhere, Some(Letter::System(None))) => true,
                (Origin::System(f), Some(Letter::System(Some(id)))) => f.0.id == id,
                _ => false,
            };
            match out.last_mut() {
                Some((range, last)) if same(last) => range.end = end,
                _ => {
                    let origin = match from {
                        None | Some(Letter::Bundled) => Origin::Bundled,
                        Some(Letter::System(None)) => Origin::Nowhere,
                        // A line's words alternate with spaces: each font is looked for
                        // in the stretches before first.
                        Some(Letter::System(Some(id))) => out
                            .iter()
                            .rev()
                            .find_map(|(_, o)| match o {
                                Origin::System(f) if f.0.id == id => Some(o.clone()),
                                _ => None,
                            })
                            .or_else(|| system().shaper(id).map(|s| Origin::System(SystemFont(s))))
                            .unwrap_or(Origin::Nowhere),
                    };
                    out.push((i..end, origin));
                }
            }
        }
        out
    }

    /// A line whose letters come from several fonts, cut into [`Piece`]s, from its left
    /// end to its right: its stretches ([`Measurer::stretches`]) cut again where the
    /// direction changes (Unicode's bidi algorithm, the paragraph reading right to left
    /// or not as `rtl` says), in the order they stand on the line, each with its left
    /// end as the layout measured the pieces before it. `None` when the bundled face sets
    /// the whole line with no help.
    ///
    /// A painter that sets each piece apart, at its place, asks one font for each. usvg
    /// shapes a line of several fonts once per font and then merges the results, and
    /// its merging panics on a letter that one font sets as one picture and another as
    /// several (an emoji sequence, linebender/resvg#732).
    pub(crate) fn pieces(
        &self,
        text: &str,
        size: f64,
        bold: bool,
        rtl: bool,
    ) -> Option<Vec<Piece>> {
        if text.is_ascii() {
            return None;
        }
        let stretches = self.stretches(text, bold);
        if !stretches
            .iter()
            .any(|(_, o)| matches!(o, Origin::System(_)))
        {
            return None;
        }
        let base = if rtl {
            unicode_bidi::Level::rtl()
        } else {
            unicode_bidi::Level::ltr()
        };
        let info = unicode_bidi::BidiInfo::new(text, Some(base));
        let mut out = Vec::new();
        let mut left = 0.0;
        for paragraph in &info.paragraphs {
            let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
            for run in runs {
                let rtl = levels[run.start].is_rtl();
                let mut parts: Vec<_> = stretches
                    .iter()
                    .filter_map(|(r, o)| {
                        let (start, end) = (r.start.max(run.start), r.end.min(run.end));
                        (start < end).then(|| (start..end, o.clone()))
                    })
                    .collect();
                if rtl {
                    parts.reverse();
                }
                for (range, origin) in parts {
                    let w = stretch_ems(self.metrics(bold), &text[range.clone()], &origin) * size;
                    out.push(Piece {
                        range,
                        origin,
                        left,
                        w,
                        rtl,
                    });
                    left += w;
                }
            }
        }
        Some(out)
    }

    /// The width of `text` at `size` pixels, in the bundled font, and each stretch of
    /// letters it lacks in the system font that draws them, shaped as that font sets
    /// them (an emoji sequence is one picture wide).
    pub fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let m = self.metrics(bold);
        // Most words are ASCII: one pass, in whole units.
        let mut units = 0u64;
        for &b in text.as_bytes() {
            if b >= 128 {
                return self.width_beyond_ascii(text, size, bold);
            }
            units += u64::from(m.ascii_units[usize::from(b & 127)]);
        }
        units as f64 * m.em_per_unit * size
    }

    /// [`Measurer::width`] of text with letters beyond ASCII: Latin, Greek and
    /// Cyrillic from the bundled face alone, other text stretch by stretch.
    fn width_beyond_ascii(&self, text: &str, size: f64, bold: bool) -> f64 {
        let m = self.metrics(bold);
        match text.chars().map(|c| m.advance(c)).sum::<Option<f64>>() {
            Some(ems) => ems * size,
            None => {
                let ems: f64 = self
                    .stretches(text, bold)
                    .into_iter()
                    .map(|(range, origin)| stretch_ems(m, &text[range], &origin))
                    .sum();
                ems * size
            }
        }
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

    /// The system font that sets `text` whole: when the letters the bundled face lacks
    /// all come from one system font, that font, if it has all the others too and is
    /// not a colour one. A line whose Hebrew comes from one font and whose emoji from
    /// another is set piece by piece instead, each from its own ([`pieces`]).
    pub fn font_for(&self, text: &str, bold: bool) -> Option<SystemFont> {
        let m = self.metrics(bold);
        let mut font = None;
        // What the font must also have: the ASCII characters, one bit each, and the
        // other letters the bundled face has (a dash, a quotation mark).
        let mut ascii = 0u128;
        let mut others = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if (c as u32) < 128 {
                ascii |= 1 << (c as u32);
                continue;
            }
            if !draws_something(c) {
                continue;
            }
            match letter(m, bold, c, asks_for_colour(c, chars.peek().copied())) {
                Letter::Bundled => others.push(c),
                Letter::System(None) => return None,
                Letter::System(Some(id)) => match font {
                    None => font = Some(id),
                    Some(f) if f == id => {}
                    Some(_) => return None,
                },
            }
        }
        let s = system().shaper(font?)?;
        // Never a colour font: Noto Color Emoji has digits and a space too, for keycaps,
        // and "🚀 2024" set whole in it spread its digits out in grey, an emoji apart.
        (!is_colour(&system().db, s.id)
            && ascii & !s.ascii == 0
            && others.iter().all(|&c| s.cmap.glyph(c).is_some()))
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
                let pieces = match font {
                    None if foreign => self.pieces(&text, size, bold, rtl),
                    _ => None,
                };
                Line {
                    text,
                    rtl,
                    font,
                    pieces,
                }
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
                // A word wider than a line: break it between characters as a reader
                // sees them, never inside one (a letter and its marks, an emoji
                // sequence).
                width = 0.0;
                for c in word.graphemes(true) {
                    let cw = self.width_in(c, size, bold, f);
                    if !line.is_empty() && width + cw > max {
                        lines.push(line_of(std::mem::take(&mut line)));
                        width = 0.0;
                    }
                    line.push_str(c);
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
    fn no_character_before_the_watch_shows_as_an_emoji_by_default() {
        use unicode_properties::emoji::UnicodeEmoji;
        // shows_as_emoji skips the emoji table below U+231A.
        for c in (0..0x231A).filter_map(char::from_u32) {
            assert!(
                !format!("{:?}", c.emoji_status()).starts_with("EmojiPresentation"),
                "{c:?}"
            );
        }
        assert!(shows_as_emoji('\u{231A}') && shows_as_emoji('😀'));
        assert!(!shows_as_emoji('⚠') && !shows_as_emoji('א'));
    }

    #[test]
    fn a_line_of_ascii_measures_as_the_sum_of_its_letters() {
        let m = Measurer::new();
        let text = "The age of scaling is over: (1) ~ [2] {3} 100% & more!";
        for bold in [false, true] {
            let letters: f64 = text
                .chars()
                .map(|c| m.width(&c.to_string(), 1.0, bold))
                .sum();
            assert!((m.width(text, 1.0, bold) - letters).abs() < 1e-9);
            // And as the face's advances say, in its units.
            let f = m.metrics(bold);
            let a = f
                .face
                .glyph_hor_advance(f.face.glyph_index('a').unwrap())
                .unwrap();
            assert_eq!(m.width("a", f.per_em, bold), f64::from(a));
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
        assert_eq!(fallback('ж', false, &[regular], &db), Some(other));
        let mut shared = Arc::new(db.clone());
        let usvg_choice =
            (resvg::usvg::FontResolver::default_fallback_selector())('ж', &[regular], &mut shared);
        assert_eq!(
            usvg_choice,
            Some(bold),
            "usvg's own choice, which this replaces"
        );
        // With the regular faces used up, the bold one; a character no font has, none.
        assert_eq!(fallback('ж', false, &[regular, other], &db), Some(bold));
        assert_eq!(fallback('\u{E000}', false, &[regular], &db), None);
    }
}
