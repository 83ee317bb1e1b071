//! A map's picture written to a file: PNG, SVG or PDF with the user's options. The one
//! export both the `argmap` command and the app use, so a picture made in either is
//! the same picture.

use std::io::{self, Write};
use std::path::Path;

use argmap_core::format::write_atomic;

use crate::layout::{Layout, MARGIN};
use crate::raster::{PngOptions, RasterError, to_png};
use crate::status::Badges;
use crate::svg::{SvgOptions, text_to_paths, to_svg, write_svg};
use crate::theme::{LIGHT, Theme};

/// The kinds of picture a map exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
    Pdf,
}

impl Format {
    /// By name: "png", "svg" or "pdf", in any case.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// By the extension of a file's name.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// What the user chose for a picture. Each format takes what applies to it.
#[derive(Clone, Debug)]
pub struct PictureOptions {
    /// PNG: pixels per layout unit, 0.25 to 4.
    pub scale: f32,
    pub theme: Theme,
    /// PNG and SVG: no background (a PDF page is always white or the theme's).
    pub transparent: bool,
    /// Space around the drawing, in layout units.
    pub padding: f64,
    /// SVG: the text as outlines of the bundled font instead of text in it.
    pub text_as_paths: bool,
    /// PNG and SVG: the map's .map JSON, so the picture opens again as the map.
    pub map_json: Option<String>,
    /// The picture's title (SVG `<title>`, PNG "Title" text, PDF title).
    pub title: Option<String>,
    /// The evaluation's badges, or none for a plain drawing.
    pub badges: Badges,
}

impl Default for PictureOptions {
    fn default() -> Self {
        PictureOptions {
            scale: 1.0,
            theme: LIGHT,
            transparent: false,
            padding: MARGIN,
            text_as_paths: false,
            map_json: None,
            title: None,
            badges: Badges::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Draw(#[from] RasterError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: io::Error },
}

/// Draws `layout` as `format` and writes it to `path` atomically: a failure, in drawing
/// or in writing, leaves whatever was at `path` untouched.
pub fn export_picture(
    layout: &Layout,
    format: Format,
    o: &PictureOptions,
    path: &Path,
) -> Result<(), ExportError> {
    // A PDF carries no map (its text is the picture's) and always embeds the font.
    let svg_options = |pdf: bool| SvgOptions {
        theme: o.theme,
        transparent: o.transparent,
        padding: o.padding,
        embed_font: pdf || !o.text_as_paths,
        map_json: if pdf { None } else { o.map_json.clone() },
        title: o.title.clone(),
        badges: o.badges.clone(),
    };
    let write = |write: &mut dyn FnMut(&mut std::fs::File) -> io::Result<()>| {
        write_atomic(path, write).map_err(|source| ExportError::Write {
            path: path.display().to_string(),
            source,
        })
    };
    let bytes = match format {
        // Written as it is made: the picture is never all in memory.
        Format::Svg if !o.text_as_paths => {
            let options = svg_options(false);
            return write(&mut |f| write_svg(layout, &options, &mut *f));
        }
        Format::Svg => {
            let options = svg_options(false);
            let svg = to_svg(layout, &options);
            text_to_paths(&svg, options.map_json.as_deref())?.into_bytes()
        }
        Format::Png => to_png(
            layout,
            &PngOptions {
                scale: o.scale,
                theme: o.theme,
                transparent: o.transparent,
                padding: o.padding,
                map_json: o.map_json.clone(),
                badges: o.badges.clone(),
                title: o.title.clone(),
            },
        )?,
        Format::Pdf => crate::pdf::to_pdf(layout, &svg_options(true))?,
    };
    write(&mut |f| f.write_all(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_name_and_by_extension_in_any_case() {
        assert_eq!(Format::from_name("PNG"), Some(Format::Png));
        assert_eq!(Format::from_path(Path::new("a/b.Svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("map.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("map.jpeg")), None);
        assert_eq!(Format::from_path(Path::new("map")), None);
        for f in [Format::Png, Format::Svg, Format::Pdf] {
            assert_eq!(Format::from_name(f.extension()), Some(f));
        }
    }
}
