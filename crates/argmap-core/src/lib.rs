//! The argument map: its model, the edits that change it (each undoable), and the .map
//! file that stores it. Knows nothing of windows, pixels or databases; the desktop app,
//! the CLI, the renderer and the library all build on this crate.
//!
//! - [`model`]: the records (nodes, edges, metadata) as they are stored and sent.
//! - [`ArgumentMap`]: the graph that keeps them valid; changes only by [`Patch`]es.
//! - [`Edit`] and [`Document`]: user actions, planned into patches, with undo/redo.
//! - [`format`]: loading and saving .map files.

pub mod edit;
pub mod eval;
pub mod excerpt;
pub mod format;
pub mod generate;
pub mod interchange;
pub mod limits;
pub mod locate;
pub mod map;
pub mod model;
pub mod patch;
pub mod stats;

pub use edit::{Document, Edit, EditError, NodeFields};
pub use format::{LoadError, load_bytes, load_file, save_file, to_bytes};
pub use limits::FileLimits;
pub use map::{ArgumentMap, BuildError, PatchError, Revision, Violation};
pub use model::{
    Assumption, Edge, EdgeKey, GroupId, MapMeta, MetaTexts, Node, NodeId, NodeKind, Point,
    Relation, Source,
};
pub use patch::{Change, Patch, Placed};
