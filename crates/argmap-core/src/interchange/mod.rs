//! Maps in other forms: fragments for the clipboard; outlines (Markdown or plain
//! bullets), Argdown, AIF JSON and Kialo text in both directions; Graphviz DOT and
//! GraphML out. Every reader is a parser of untrusted text: it reports what it could
//! not carry over and fails with a line and column, never a panic.

pub mod aif;
pub mod argdown;
pub mod build;
pub mod dot;
pub mod fragment;
pub mod graphml;
pub mod kialo;
pub mod outline;

pub use build::{ImportError, Imported, Report};
pub use fragment::Fragment;

use std::path::Path;

/// Escapes text for XML content and attribute values, and replaces what XML 1.0 cannot
/// hold at all (most control characters, U+FFFE, U+FFFF) with U+FFFD: any user string
/// gives well-formed, inert XML (GraphML here, SVG in argmap-render).
pub fn xml_escape(s: &str) -> String {
    XmlText(s).to_string()
}

/// Text escaped as [`xml_escape`] does, written straight into a formatter: a writer
/// formatting many strings (an SVG's every line of text) needs no string for each.
pub struct XmlText<'a>(pub &'a str);

/// The bytes XML text must look at: markup characters (and quotes, when `quotes`), the
/// control characters XML 1.0 forbids, and 0xEF, which leads U+FFFE and U+FFFF. Every
/// other byte of UTF-8 can be copied as it is, a run at a time.
pub const fn xml_special_bytes(quotes: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = quotes;
    t[b'\'' as usize] = quotes;
    t[0xEF] = true;
    t
}

const XML_SPECIAL: [bool; 256] = xml_special_bytes(true);

impl std::fmt::Display for XmlText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (s, b) = (self.0, self.0.as_bytes());
        let (mut plain, mut i) = (0, 0);
        while i < b.len() {
            if !XML_SPECIAL[b[i] as usize] {
                i += 1;
                continue;
            }
            let (len, with) = match b[i] {
                b'&' => (1, "&amp;"),
                b'<' => (1, "&lt;"),
                b'>' => (1, "&gt;"),
                b'"' => (1, "&quot;"),
                b'\'' => (1, "&apos;"),
                0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => (3, "\u{FFFD}"),
                // Another character led by 0xEF: kept.
                0xEF => {
                    i += 1;
                    continue;
                }
                _ => (1, "\u{FFFD}"),
            };
            // `i` is at an ASCII byte or a lead byte: a character boundary.
            f.write_str(&s[plain..i])?;
            f.write_str(with)?;
            i += len;
            plain = i;
        }
        f.write_str(&s[plain..])
    }
}

use crate::limits::FileLimits;

/// The formats maps can be read from besides .map files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown or plain-text bullets.
    Outline,
    Argdown,
    /// AIF JSON (AIFdb, OVA, xAIF).
    Aif,
    /// A Kialo discussion export.
    Kialo,
}

impl Format {
    /// The format of a file, from its extension and, where that is ambiguous (.txt),
    /// its first line. `None` for a .map file (or picture), and for unknown extensions.
    pub fn guess(path: &Path, head: &str) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "argdown" | "ad" => Some(Format::Argdown),
            "json" | "aif" => Some(Format::Aif),
            "md" | "markdown" | "outline" => Some(Format::Outline),
            "txt"
                if head
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with("Discussion Title:") =>
            {
                Some(Format::Kialo)
            }
            "txt" => Some(Format::Outline),
            _ => None,
        }
    }

    pub fn read(
        self,
        text: &str,
        title: &str,
        limits: &FileLimits,
    ) -> Result<Imported, ImportError> {
        match self {
            Format::Argdown => argdown::read(text, limits),
            Format::Aif => aif::read(text, limits),
            Format::Kialo => kialo::read(text, limits),
            Format::Outline => {
                if text.len() as u64 > limits.max_bytes {
                    return Err(ImportError::new(
                        1,
                        1,
                        format!("larger than {} bytes", limits.max_bytes),
                    ));
                }
                let (fragment, report) = outline::read(text);
                let mut doc =
                    crate::Document::new(crate::ArgumentMap::new(crate::MapMeta::titled(title)));
                doc.apply_all(&fragment.paste_edits(None))
                    .map_err(|e| ImportError::new(1, 1, e.to_string()))?;
                Ok(Imported {
                    map: doc.into_map(),
                    report,
                })
            }
        }
    }
}

/// Reads a file in one of the formats of [`Format`]; `None` when it is not one of them
/// (a .map, or a picture), for the caller's own loader.
pub fn read_file(path: &Path, limits: &FileLimits) -> Option<Result<Imported, ImportError>> {
    // By extension first: a .map or a picture is not read here (its own loader does).
    Format::guess(path, "")?;
    let bytes = match crate::format::read_limited(path, limits) {
        Ok(b) => b,
        Err(e) => return Some(Err(ImportError::new(0, 0, e.to_string()))),
    };
    let text = String::from_utf8_lossy(&bytes);
    let format = Format::guess(path, text.lines().next().unwrap_or(""))?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(format.read(&text, &title, limits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The escape character by character, as the rule states it: the oracle for the
    /// run-at-a-time writer.
    fn by_chars(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&apos;".to_string(),
                '\t' | '\n' | '\r' => c.to_string(),
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "\u{FFFD}".into(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn markup_quotes_and_what_xml_cannot_hold_are_escaped() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'d'\u{0}\u{1b}\t\n\r\u{FFFE}\u{FFFF}\u{FFFD}\u{F000}\u{EFFF}é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\u{FFFD}\u{FFFD}\t\n\r\u{FFFD}\u{FFFD}\u{FFFD}\u{F000}\u{EFFF}é"
        );
        assert_eq!(xml_escape("]]><script>"), "]]&gt;&lt;script&gt;");
        assert_eq!(xml_escape(""), "");
    }

    proptest! {
        #[test]
        fn the_writer_escapes_as_the_rule_says(s in "(\\PC|[\u{0}-\u{1f}\u{FFFE}\u{FFFF}\u{F000}-\u{FFFD}&<>\"'])*") {
            prop_assert_eq!(XmlText(&s).to_string(), by_chars(&s));
        }
    }
}
