//! The records an argument map is made of: nodes, the edges between them, and the
//! map's own metadata. These are plain data; the rules that tie them together live in
//! [`crate::ArgumentMap`], which is the only place they are stored.
//!
//! The same records are the .map file's on-disk shape and the IPC shape, so every field
//! that is optional or empty is left out when written, and unknown fields read from a
//! newer file are kept in `extra` and written back untouched.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Fields this build does not know, kept so a round trip through an older build loses
/// nothing. Sorted by key when written (serde_json's map is a BTreeMap).
pub type Extra = Map<String, Value>;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id (UUID version 7).
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// An id made from 16 caller-chosen random bytes (version 4 layout); used
            /// where the ids must be reproducible, as in `argmap gen --seed`.
            pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
                Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }

            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The last eight digits are random in every id version we make; the
                // first eight of a v7 id are its timestamp, shared by ids made together.
                let s = self.0.simple().to_string();
                write!(f, "{}", &s[s.len() - 8..])
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A node's identity: stable across edits, saves, IPC and the library database.
    /// Never a petgraph index, which is reused after a removal.
    NodeId
);
uuid_id!(
    /// Names one co-premise group: the edges that carry it are premises that only work
    /// together as one reason.
    GroupId
);

/// What a node says in the argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A claim the map is about; needs no target.
    Thesis,
    /// A reason for its target.
    Support,
    /// A reason against its target. An objection whose target is an objection is drawn
    /// as a rebuttal; it is the same kind.
    Objection,
    /// A fact with a source that backs (or undercuts) its target.
    Evidence,
    /// An open question, optionally about a node.
    Question,
    /// A remark, optionally about a node; it takes no side.
    Note,
}

impl NodeKind {
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Thesis,
        NodeKind::Support,
        NodeKind::Objection,
        NodeKind::Evidence,
        NodeKind::Question,
        NodeKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Thesis => "thesis",
            NodeKind::Support => "support",
            NodeKind::Objection => "objection",
            NodeKind::Evidence => "evidence",
            NodeKind::Question => "question",
            NodeKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Claims take part in the argument: they can support, object to and contradict
    /// one another. Questions and notes only annotate.
    pub fn is_claim(self) -> bool {
        !matches!(self, NodeKind::Question | NodeKind::Note)
    }

    /// The relation a node of this kind has to the target it is added under; `None` for
    /// a thesis, which stands on its own.
    pub fn natural_relation(self) -> Option<Relation> {
        match self {
            NodeKind::Thesis => None,
            NodeKind::Support | NodeKind::Evidence => Some(Relation::Supports),
            NodeKind::Objection => Some(Relation::Objects),
            NodeKind::Question | NodeKind::Note => Some(Relation::Annotates),
        }
    }

    /// Whether a node of this kind is meaningless without a target, and so must keep at
    /// least one edge with one of `required_relations`.
    pub fn required_relations(self) -> &'static [Relation] {
        match self {
            NodeKind::Support => &[Relation::Supports],
            NodeKind::Objection => &[Relation::Objects],
            NodeKind::Evidence => &[Relation::Supports, Relation::Objects],
            NodeKind::Thesis | NodeKind::Question | NodeKind::Note => &[],
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// Written by hand so an unknown kind in a file says which kinds there are.
impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        NodeKind::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "unknown node kind {s:?}; the kinds are thesis, support, objection, evidence, question and note"
            ))
        })
    }
}

/// How an edge's `from` node bears on its `to` node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// `from` is a reason (or evidence) for `to`.
    Supports,
    /// `from` is a reason (or evidence) against `to`.
    Objects,
    /// The two claims cannot both be true. Symmetric: stored once, in either direction.
    Contradicts,
    /// A question or note about `to`; no argumentative force.
    Annotates,
}

impl Relation {
    pub const ALL: [Relation; 4] = [
        Relation::Supports,
        Relation::Objects,
        Relation::Contradicts,
        Relation::Annotates,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Supports => "supports",
            Relation::Objects => "objects",
            Relation::Contradicts => "contradicts",
            Relation::Annotates => "annotates",
        }
    }

    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A targeting edge points from a node to what it is about; its `to` is the node's
    /// target (its parent in the drawn tree). A contradiction is a cross-link between
    /// peers and targets nothing.
    /// Whether a `from` node may join a `to` node by this relation: claims argue with
    /// claims; questions and notes annotate anything.
    pub fn allows(self, from: NodeKind, to: NodeKind) -> bool {
        match self {
            Relation::Supports | Relation::Objects | Relation::Contradicts => {
                from.is_claim() && to.is_claim()
            }
            Relation::Annotates => !from.is_claim(),
        }
    }

    pub fn is_targeting(self) -> bool {
        !matches!(self, Relation::Contradicts)
    }

    /// Only reasons for or against can form co-premise groups.
    pub fn groupable(self) -> bool {
        matches!(self, Relation::Supports | Relation::Objects)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Relation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Relation::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "unknown relation {s:?}; the relations are supports, objects, contradicts and annotates"
            ))
        })
    }
}

/// A point on the canvas, in layout units (CSS pixels at zoom 1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Where a piece of evidence comes from. Every field is optional: a user often has only
/// a title or a URL at first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// As the user wrote it ("Dec 2025", "2025-12-03"): dates of sources are too varied
    /// to force into one format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.author.is_none()
            && self.url.is_none()
            && self.date.is_none()
            && self.quote.is_none()
            && self.extra.is_empty()
    }

    /// The user-visible strings, with the name each has in an error message.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("title", self.title.as_deref()),
            ("author", self.author.as_deref()),
            ("url", self.url.as_deref()),
            ("date", self.date.as_deref()),
            ("quote", self.quote.as_deref()),
        ]
    }

    /// A one-line citation: "Author, Title (date)".
    pub fn citation(&self) -> String {
        let mut out = String::new();
        if let Some(a) = &self.author {
            out.push_str(a);
        }
        if let Some(t) = &self.title {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(t);
        }
        if let Some(d) = &self.date {
            if out.is_empty() {
                out.push_str(d);
            } else {
                out.push_str(&format!(" ({d})"));
            }
        }
        if out.is_empty()
            && let Some(u) = &self.url
        {
            out.push_str(u);
        }
        out
    }
}

/// A status the user sets on a claim rather than lets the map decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Assumption {
    Accepted,
    Rejected,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One box on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    pub kind: NodeKind,
    pub text: String,
    /// A short name shown above the text ("Data wall", "C1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Where the user put the node. `Some` means pinned: the automatic layout keeps it
    /// there and flows the rest around it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Point>,
    /// The subtree under this node is hidden and drawn as one badge.
    #[serde(default, skip_serializing_if = "is_false")]
    pub collapsed: bool,
    /// The user has settled this claim: the evaluation takes it as accepted or rejected
    /// whatever argues for or against it, and lets that flow through the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assume: Option<Assumption>,
    /// Where a piece of evidence comes from. Kept on any kind, so changing a node's kind
    /// back and forth loses nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The first `max` characters of `text`, with … if there were more: a text named in a
/// message.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl Node {
    /// What a message calls the statement: its label, or its text if it has none.
    pub fn name(&self) -> &str {
        self.label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(&self.text)
            .trim()
    }

    /// A new node with a fresh id.
    pub fn new(kind: NodeKind, text: impl Into<String>) -> Node {
        Node::with_id(NodeId::new(), kind, text)
    }

    pub fn with_id(id: NodeId, kind: NodeKind, text: impl Into<String>) -> Node {
        Node {
            id,
            kind,
            text: text.into(),
            label: None,
            notes: String::new(),
            tags: Vec::new(),
            position: None,
            collapsed: false,
            assume: None,
            source: None,
            extra: Extra::new(),
        }
    }

    pub fn with_source(mut self, source: Source) -> Node {
        self.source = Some(source);
        self
    }

    pub fn pinned(&self) -> bool {
        self.position.is_some()
    }
}

/// A directed relation between two nodes. At most one edge joins an ordered pair of
/// nodes, and a contradiction joins an unordered pair at most once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub relation: Relation,
    /// Set on each premise's edge of a co-premise group: all edges of one group share
    /// their `to` and their relation, and there are at least two of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupId>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Edge {
    pub fn new(from: NodeId, to: NodeId, relation: Relation) -> Edge {
        Edge {
            from,
            to,
            relation,
            group: None,
            extra: Extra::new(),
        }
    }

    pub fn key(&self) -> EdgeKey {
        (self.from, self.to)
    }
}

/// An edge is named by its ordered pair of ends.
pub type EdgeKey = (NodeId, NodeId);

/// The map's own description.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<time::OffsetDateTime>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub modified: Option<time::OffsetDateTime>,
}

impl MapMeta {
    pub fn titled(title: impl Into<String>) -> MapMeta {
        MapMeta {
            title: title.into(),
            ..MapMeta::default()
        }
    }

    /// What an edit can change of the map's details.
    pub fn texts(&self) -> MetaTexts {
        MetaTexts {
            title: self.title.clone(),
            description: self.description.clone(),
            authors: self.authors.clone(),
        }
    }

    pub fn set_texts(&mut self, t: &MetaTexts) {
        self.title.clone_from(&t.title);
        self.description.clone_from(&t.description);
        self.authors.clone_from(&t.authors);
    }
}

/// The map's title, description and authors: the part of its details that edits
/// change and undo. Its dates are not here: they are stamped when the file is saved,
/// and undoing an edit made before a save must not find them changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetaTexts {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}
