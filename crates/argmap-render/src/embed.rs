//! Getting the map back out of an exported picture, and opening any file a user may
//! hand us: a .map, a PNG or an SVG with a map inside. Pictures are untrusted input:
//! the compressed chunk is inflated with a cap (no decompression bombs), the XML parser
//! expands no external entities, and the map inside goes through the same loader as a
//! .map file.

use std::io::Cursor;
use std::path::Path;

use argmap_core::format::{self, LoadError};
use argmap_core::{ArgumentMap, FileLimits};

use crate::raster::PNG_KEYWORD;
use crate::svg::MAP_NAMESPACE;

/// The largest picture opened: big PNG exports at scale 4 run to tens of megabytes.
pub const MAX_IMAGE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the picture is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "this {0} has no argument map inside; only pictures exported by Argmap with the map embedded can be opened"
    )]
    NoMapInside(&'static str),
    #[error(
        "this is a {0}, not an argument map: Argmap opens .map files, and the PNG and SVG pictures it exports with the map inside"
    )]
    NotAMap(&'static str),
    #[error("this {kind} is damaged: {message}")]
    BadImage { kind: &'static str, message: String },
    #[error("the map inside this picture is larger than {0} bytes")]
    MapTooLarge(u64),
    #[error("the map inside this picture cannot be opened: {0}")]
    EmbeddedMap(LoadError),
    #[error(transparent)]
    Map(#[from] LoadError),
}

impl OpenError {
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Io(_) => "io",
            OpenError::TooLarge { .. } | OpenError::MapTooLarge(_) => "too-large",
            OpenError::NoMapInside(_) => "no-map-inside",
            OpenError::NotAMap(_) => "not-a-map",
            OpenError::BadImage { .. } => "bad-image",
            OpenError::EmbeddedMap(e) | OpenError::Map(e) => e.code(),
        }
    }
}

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Png,
    Svg,
    Map,
    /// A kind of file that never holds a map (a PDF, a photo, an archive), named.
    Other(&'static str),
}

/// Files people open by mistake (the PDF exported beside a PNG, a photo, a Word file),
/// by their first bytes. Anything else is read as a map, whose errors say where it
/// stops being one.
const NOT_MAPS: [(&[u8], &str); 7] = [
    (b"%PDF-", "PDF document"),
    (b"\xFF\xD8\xFF", "JPEG picture"),
    (b"GIF87a", "GIF picture"),
    (b"GIF89a", "GIF picture"),
    (b"PK\x03\x04", "ZIP archive (or an office document)"),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x00\x00\x01\x00", "Windows icon"),
];

pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if let Some((_, kind)) = NOT_MAPS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Sniffed::Other(kind);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Other("WebP picture");
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if text[start..].starts_with(b"<") {
        Sniffed::Svg
    } else {
        Sniffed::Map
    }
}

/// The .map JSON inside a PNG exported by Argmap.
pub fn map_json_from_png(bytes: &[u8], limit: u64) -> Result<String, OpenError> {
    let bad = |e: png::DecodingError| OpenError::BadImage {
        kind: "PNG",
        message: e.to_string(),
    };
    let decoder = png::Decoder::new(Cursor::new(bytes));
    let reader = decoder.read_info().map_err(bad)?;
    let info = reader.info();
    let Some(chunk) = info.utf8_text.iter().find(|c| c.keyword == PNG_KEYWORD) else {
        return Err(OpenError::NoMapInside("PNG"));
    };
    let mut chunk = chunk.clone();
    chunk
        .decompress_text_with_limit(limit as usize)
        .map_err(|e| {
            // png tells a text over the limit from damaged compressed data only in its
            // message (its error kinds are private); a damaged chunk is not a big map.
            // The decompression-bomb test holds this to png's wording.
            let message = e.to_string();
            if message.contains("decompression space") {
                OpenError::MapTooLarge(limit)
            } else {
                OpenError::BadImage {
                    kind: "PNG",
                    message: format!("the map's compressed text cannot be read ({message})"),
                }
            }
        })?;
    chunk.get_text().map_err(|e| OpenError::BadImage {
        kind: "PNG",
        message: e.to_string(),
    })
}

/// The .map JSON inside an SVG exported by Argmap.
pub fn map_json_from_svg(bytes: &[u8]) -> Result<String, OpenError> {
    let text = std::str::from_utf8(bytes).map_err(|e| OpenError::BadImage {
        kind: "SVG",
        message: e.to_string(),
    })?;
    let doc = roxmltree::Document::parse(text).map_err(|e| OpenError::BadImage {
        kind: "SVG",
        message: e.to_string(),
    })?;
    let element = doc
        .descendants()
        .find(|n| n.tag_name().name() == "map" && n.tag_name().namespace() == Some(MAP_NAMESPACE))
        .ok_or(OpenError::NoMapInside("SVG"))?;
    Ok(element.text().unwrap_or_default().to_string())
}

/// Opens a .map file, or a PNG or SVG exported with the map inside.
pub fn open_bytes(bytes: &[u8], limits: &FileLimits) -> Result<ArgumentMap, OpenError> {
    let json = match sniff(bytes) {
        Sniffed::Map => return Ok(format::load_bytes(bytes, limits)?),
        Sniffed::Png => map_json_from_png(bytes, limits.max_bytes)?,
        Sniffed::Svg => map_json_from_svg(bytes)?,
        Sniffed::Other(kind) => return Err(OpenError::NotAMap(kind)),
    };
    format::load_bytes(json.as_bytes(), limits).map_err(OpenError::EmbeddedMap)
}

pub fn open_path(path: &Path, limits: &FileLimits) -> Result<ArgumentMap, OpenError> {
    let size = format::file_size(path)?;
    let cap = MAX_IMAGE_BYTES.max(limits.max_bytes);
    if size > cap {
        return Err(OpenError::TooLarge { size, limit: cap });
    }
    if sniff(&head(path)?) == Sniffed::Map {
        // A .map has its own, tighter size limit and its own error for it.
        return Ok(format::load_file(path, limits)?);
    }
    open_bytes(&std::fs::read(path)?, limits)
}

/// What the file at `path` holds, told from its first bytes without reading it all;
/// None if it is not a regular file that can be read.
pub fn sniff_path(path: &Path) -> Option<Sniffed> {
    format::file_size(path).ok()?;
    head(path).ok().map(|h| sniff(&h))
}

/// The first bytes of a file: enough for [`sniff`] to see past a BOM and the blank
/// lines an SVG may start with.
fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path)?, 1024),
        &mut head,
    )?;
    Ok(head)
}
