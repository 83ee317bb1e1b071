//! Helpers shared by the library's tests.
#![allow(dead_code)]

use argmap_core::{ArgumentMap, Document, Edit, MapMeta, Node, NodeId, NodeKind};
use argmap_store::{DraftId, Library};

/// A document with one thesis.
pub fn thesis_doc(title: &str, text: &str) -> (Document, NodeId) {
    let mut doc = Document::new(ArgumentMap::new(MapMeta::titled(title)));
    let t = Node::new(NodeKind::Thesis, text);
    let id = t.id;
    doc.apply(&Edit::AddNode {
        node: t,
        target: None,
        relation: None,
        after: None,
    })
    .unwrap();
    (doc, id)
}

/// Adds an objection with `text` to `target`; returns the edit's patches.
pub fn object(doc: &mut Document, target: NodeId, text: &str) -> Vec<argmap_core::Patch> {
    let edit = Edit::AddNode {
        node: Node::new(NodeKind::Objection, text),
        target: Some(target),
        relation: None,
        after: None,
    };
    vec![doc.apply(&edit).unwrap()]
}

/// Makes a draft look as if its app had died: owned by a process that does not exist.
pub fn orphan(lib: &Library, draft: DraftId) {
    lib.connection()
        .execute(
            "UPDATE drafts SET owner_pid = 2147483646, owner_start = 1 WHERE id = ?1",
            [draft.0],
        )
        .unwrap();
}
