//! The sizes beyond which a map is refused. They exist so that a hostile or broken file
//! gets a clear error instead of exhausting memory or hanging the app, and are set far
//! above anything a person writes: a statement of 10,000 characters is a short essay.

use crate::map::Violation;
use crate::model::{Node, NodeId};

/// A statement, label, tag, author or source field.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Notes, descriptions and quotes, which can hold pasted passages.
pub const MAX_NOTES_CHARS: usize = 100_000;
pub const MAX_TAGS: usize = 100;
/// Pinned positions stay within this distance of the origin.
pub const MAX_COORDINATE: f64 = 10_000_000.0;
/// How many problems one validation lists before it stops.
pub const MAX_REPORTED: usize = 100;

/// Limits on a whole file, which a caller can lower (tests) or raise (a power user's
/// own machine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimits {
    pub max_bytes: u64,
    pub max_nodes: usize,
    pub max_edges: usize,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits {
            max_bytes: 64 * 1024 * 1024,
            max_nodes: 500_000,
            max_edges: 2_000_000,
        }
    }
}

pub(crate) fn check_text(
    node: Option<NodeId>,
    field: &str,
    text: &str,
    limit: usize,
) -> Result<(), Violation> {
    // Bytes bound chars from above: most texts are decided without counting.
    if text.len() <= limit {
        return Ok(());
    }
    let len = text.chars().count();
    if len <= limit {
        return Ok(());
    }
    Err(Violation::TextTooLong {
        node,
        field: field.to_string(),
        len,
        limit,
    })
}

pub(crate) fn check_node_texts(node: &Node) -> Result<(), Violation> {
    let id = Some(node.id);
    check_text(id, "text", &node.text, MAX_TEXT_CHARS)?;
    if let Some(label) = &node.label {
        check_text(id, "label", label, MAX_TEXT_CHARS)?;
    }
    check_text(id, "notes", &node.notes, MAX_NOTES_CHARS)?;
    if node.tags.len() > MAX_TAGS {
        return Err(Violation::TooManyTags {
            node: node.id,
            count: node.tags.len(),
            limit: MAX_TAGS,
        });
    }
    for (i, tag) in node.tags.iter().enumerate() {
        check_text(id, &format!("tags[{i}]"), tag, MAX_TEXT_CHARS)?;
    }
    if let Some(source) = &node.source {
        for (name, value) in source.fields() {
            let limit = if name == "quote" {
                MAX_NOTES_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            if let Some(v) = value {
                check_text(id, &format!("source.{name}"), v, limit)?;
            }
        }
    }
    Ok(())
}
