//! Maps in other forms: fragments for the clipboard, outlines (Markdown or plain
//! bullets) in both directions, and Graphviz DOT out.

pub mod dot;
pub mod fragment;
pub mod outline;

pub use fragment::Fragment;
