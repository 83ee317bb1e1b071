//! Drawing argument maps: the layout (where boxes go and how their text breaks, with
//! the bundled font's real metrics), the SVG and PNG painters, and reading a map back
//! out of an exported picture. The app's canvas draws the same [`Layout`] with the same
//! font, so the screen and the exports agree.

pub mod embed;
pub mod export;
pub mod font;
pub mod layout;
pub mod pdf;
pub mod raster;
pub mod scene;
pub mod status;
pub mod svg;
pub mod theme;

pub use embed::{OpenError, open_bytes, open_path};
pub use export::{ExportError, Format, PictureOptions, export_picture};
pub use layout::{
    Layout, LayoutOptions, Orientation, Placement, TextCache, layout, layout_with, place_with,
};
pub use pdf::to_pdf;
pub use raster::{PngOptions, RasterError, to_png};
pub use scene::{Scene, SceneDelta, SceneNode};
pub use svg::{SvgOptions, to_svg, write_svg};
pub use theme::Theme;
