//! A patch is the one description of a change to a map: what was removed, added and
//! updated, with enough of the old state to undo it exactly. Every edit produces one,
//! undo applies its reverse, the app receives it over IPC to update its view, and the
//! library journals it for crash recovery.

use serde::{Deserialize, Serialize};

use crate::model::{Edge, MetaTexts, Node};

/// An item and its position in the map's order (the order nodes and edges are listed in
/// the file). For a removal the position is where the item was before the patch; for an
/// addition, where it is after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placed<T> {
    pub at: usize,
    pub item: T,
}

/// A value before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

impl<T: Clone> Change<T> {
    fn reversed(&self) -> Change<T> {
        Change {
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// A reversible change. Applying it removes, then updates, then adds (nodes before the
/// edges that need them, edges before the nodes they hang on when removing).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes_removed: Vec<Placed<Node>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes_added: Vec<Placed<Node>>,
    /// `before` and `after` have the same id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes_updated: Vec<Change<Node>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges_removed: Vec<Placed<Edge>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges_added: Vec<Placed<Edge>>,
    /// `before` and `after` join the same two nodes; an edge that moves to another node
    /// is a removal plus an addition at the same position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges_updated: Vec<Change<Edge>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The title, description and authors (never the dates a save stamps).
    pub meta: Option<Change<MetaTexts>>,
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        self.nodes_removed.is_empty()
            && self.nodes_added.is_empty()
            && self.nodes_updated.is_empty()
            && self.edges_removed.is_empty()
            && self.edges_added.is_empty()
            && self.edges_updated.is_empty()
            && self.meta.is_none()
    }

    /// The patch that undoes this one.
    pub fn reversed(&self) -> Patch {
        Patch {
            nodes_removed: self.nodes_added.clone(),
            nodes_added: self.nodes_removed.clone(),
            nodes_updated: self.nodes_updated.iter().map(Change::reversed).collect(),
            edges_removed: self.edges_added.clone(),
            edges_added: self.edges_removed.clone(),
            edges_updated: self.edges_updated.iter().map(Change::reversed).collect(),
            meta: self.meta.as_ref().map(Change::reversed),
        }
    }

    /// Records an edge update, folding it into an earlier update of the same edge so a
    /// patch names each edge once.
    pub(crate) fn update_edge(&mut self, before: &Edge, after: Edge) {
        if let Some(c) = self
            .edges_updated
            .iter_mut()
            .find(|c| c.before.key() == before.key())
        {
            c.after = after;
        } else if before != &after {
            self.edges_updated.push(Change {
                before: before.clone(),
                after,
            });
        }
        self.edges_updated.retain(|c| c.before != c.after);
    }

    /// The edge as this patch leaves it, if the patch already updates it.
    pub(crate) fn updated_edge(&self, key: crate::EdgeKey) -> Option<&Edge> {
        self.edges_updated
            .iter()
            .find(|c| c.before.key() == key)
            .map(|c| &c.after)
    }
}
