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
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
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
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Some(Err(ImportError::new(
                0,
                0,
                format!("cannot read the file: {e}"),
            )));
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let format = Format::guess(path, text.lines().next().unwrap_or(""))?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(format.read(&text, &title, limits))
}
