//! What every importer shares: statements and relations collected as they are read,
//! then turned into a valid map. Kinds follow from relations where the source format
//! has none (a statement that supports something is a support, one that attacks is an
//! objection, one that does neither a thesis); whatever the map's rules cannot hold is
//! dropped and said in the report, never silently.

use std::collections::{HashMap, HashSet};

use crate::limits::{FileLimits, MAX_COORDINATE, MAX_NOTES_CHARS, MAX_TAGS, MAX_TEXT_CHARS};
use crate::map::ArgumentMap;
use crate::model::{Edge, GroupId, MapMeta, Node, NodeKind, Point, Relation};

/// What could not be carried over, one line each.
pub type Report = Vec<String>;

/// A file an importer cannot read at all, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ImportError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ImportError {
    pub fn new(line: usize, column: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            line,
            column,
            message: message.into(),
        }
    }
}

/// A map read from another format, and what did not survive the trip.
#[derive(Debug)]
pub struct Imported {
    pub map: ArgumentMap,
    pub report: Report,
}

/// Statements and relations as an importer finds them.
#[derive(Default)]
pub struct Builder {
    nodes: Vec<Node>,
    /// A kind the source said outright (not to be inferred from relations).
    fixed: Vec<bool>,
    keys: HashMap<String, usize>,
    edges: Vec<(usize, usize, Relation, Option<GroupId>)>,
    /// Statements found to be the same as another: (merged, into).
    merged: Vec<(usize, usize)>,
    /// Statements that turned out to be scaffolding, with their relations.
    discarded: HashSet<usize>,
    pub report: Report,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// The statement known by `key` in the source, made (with `text`) if new.
    pub fn statement(&mut self, key: &str, text: &str) -> usize {
        if let Some(&i) = self.keys.get(key) {
            if self.nodes[i].text.is_empty() && !text.is_empty() {
                self.nodes[i].text = text.to_string();
            }
            return i;
        }
        let i = self.add(text);
        self.keys.insert(key.to_string(), i);
        i
    }

    pub fn lookup(&self, key: &str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    /// A statement with no key (it cannot be referred to again).
    pub fn add(&mut self, text: &str) -> usize {
        self.nodes.push(Node::new(NodeKind::Thesis, text));
        self.fixed.push(false);
        self.nodes.len() - 1
    }

    /// Declares statement `from` to be `into` (an argument that turned out to be its
    /// conclusion): its relations move to `into`, and its texts join it.
    pub fn merge(&mut self, from: usize, into: usize) {
        if from != into {
            self.merged.push((from, into));
        }
    }

    /// Takes the relations that start at statement `i` out, and returns them.
    pub fn take_relations_from(&mut self, i: usize) -> Vec<(usize, Relation)> {
        let mut out = Vec::new();
        self.edges.retain(|e| {
            if e.0 == i {
                out.push((e.1, e.2));
                false
            } else {
                true
            }
        });
        out
    }

    /// Drops statement `i` and every relation it has.
    pub fn discard(&mut self, i: usize) {
        self.discarded.insert(i);
    }

    pub fn node_mut(&mut self, i: usize) -> &mut Node {
        &mut self.nodes[i]
    }

    /// Says what kind a statement is, rather than leaving it to its relations.
    pub fn set_kind(&mut self, i: usize, kind: NodeKind) {
        self.nodes[i].kind = kind;
        self.fixed[i] = true;
    }

    pub fn set_position(&mut self, i: usize, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() && x.abs() <= MAX_COORDINATE && y.abs() <= MAX_COORDINATE
        {
            self.nodes[i].position = Some(Point { x, y });
        }
    }

    pub fn relate(&mut self, from: usize, to: usize, relation: Relation) {
        self.edges.push((from, to, relation, None));
    }

    /// Premises that only work together: one reason for (or against) `to`.
    pub fn relate_group(&mut self, premises: &[usize], to: usize, relation: Relation) {
        let group = (premises.len() >= 2).then(GroupId::new);
        for &p in premises {
            self.edges.push((p, to, relation, group));
        }
    }

    /// The valid map: bad relations dropped, kinds settled, texts within limits.
    pub fn finish(mut self, meta: MapMeta, limits: &FileLimits) -> Result<Imported, ImportError> {
        if self.nodes.len() > limits.max_nodes {
            return Err(ImportError::new(
                1,
                1,
                format!(
                    "{} statements; the most a map holds is {}",
                    self.nodes.len(),
                    limits.max_nodes
                ),
            ));
        }
        let mut report = std::mem::take(&mut self.report);
        self.apply_merges();
        // Relations: no loops, one per ordered pair, one contradiction per pair.
        // A contradiction stands alone on its pair: another relation between the same
        // two statements (either way) wins over it.
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        let directed: HashSet<(usize, usize)> = self
            .edges
            .iter()
            .filter(|e| e.2 != Relation::Contradicts)
            .map(|e| (e.0, e.1))
            .collect();
        let mut contradictions: HashSet<(usize, usize)> = HashSet::new();
        let mut kept: Vec<(usize, usize, Relation, Option<GroupId>)> = Vec::new();
        let (mut loops, mut repeats) = (0, 0);
        for e in std::mem::take(&mut self.edges) {
            let (a, b, r, _) = e;
            if a == b {
                loops += 1;
                continue;
            }
            let duplicate = if r == Relation::Contradicts {
                directed.contains(&(a, b))
                    || directed.contains(&(b, a))
                    || !contradictions.insert((a.min(b), a.max(b)))
            } else {
                !seen.insert((a, b))
            };
            if duplicate {
                repeats += 1;
                continue;
            }
            kept.push(e);
        }
        if loops > 0 {
            report.push(format!(
                "{loops} relation(s) of a statement to itself dropped"
            ));
        }
        if repeats > 0 {
            report.push(format!(
                "{repeats} repeated relation(s) between the same statements dropped"
            ));
        }
        // Kinds from relations, where the source gave none: by each statement's first
        // reason-giving relation.
        let mut first: Vec<Option<Relation>> = vec![None; self.nodes.len()];
        for e in &kept {
            if matches!(e.2, Relation::Supports | Relation::Objects) && first[e.0].is_none() {
                first[e.0] = Some(e.2);
            }
        }
        for (i, node) in self.nodes.iter_mut().enumerate() {
            if self.fixed[i] {
                continue;
            }
            node.kind = match first[i] {
                Some(Relation::Supports) => NodeKind::Support,
                Some(Relation::Objects) => NodeKind::Objection,
                _ => NodeKind::Thesis,
            };
        }
        // Relations the kinds cannot carry.
        let before = kept.len();
        kept.retain(|&(a, b, r, _)| r.allows(self.nodes[a].kind, self.nodes[b].kind));
        if kept.len() < before {
            report.push(format!(
                "{} relation(s) between a question or note and a claim dropped",
                before - kept.len()
            ));
        }
        // Stated kinds that lost the relation they need become theses (claims) or stay
        // free (questions and notes need none).
        let mut has: Vec<Vec<Relation>> = vec![Vec::new(); self.nodes.len()];
        for e in &kept {
            if !has[e.0].contains(&e.2) {
                has[e.0].push(e.2);
            }
        }
        for (i, node) in self.nodes.iter_mut().enumerate() {
            let needs = node.kind.required_relations();
            if !needs.is_empty() && !has[i].iter().any(|r| needs.contains(r)) {
                report.push(format!(
                    "“{}”: {} with nothing to bear on became a thesis",
                    short(&node.text),
                    node.kind
                ));
                node.kind = NodeKind::Thesis;
            }
        }
        // Groups: at least two premises sharing target and relation.
        let mut groups: HashMap<GroupId, Vec<usize>> = HashMap::new();
        for (k, e) in kept.iter().enumerate() {
            if let Some(g) = e.3 {
                groups.entry(g).or_default().push(k);
            }
        }
        for members in groups.values() {
            let (_, to, r, _) = kept[members[0]];
            let ok = members.len() >= 2
                && r.groupable()
                && members.iter().all(|&k| kept[k].1 == to && kept[k].2 == r);
            if !ok {
                for &k in members {
                    kept[k].3 = None;
                }
            }
        }
        // Texts within the limits.
        let mut clipped = 0;
        for node in &mut self.nodes {
            clipped += clip(&mut node.text, MAX_TEXT_CHARS) as usize;
            if let Some(l) = &mut node.label {
                clipped += clip(l, MAX_TEXT_CHARS) as usize;
            }
            clipped += clip(&mut node.notes, MAX_NOTES_CHARS) as usize;
            if node.tags.len() > MAX_TAGS {
                node.tags.truncate(MAX_TAGS);
                clipped += 1;
            }
            for t in &mut node.tags {
                clipped += clip(t, MAX_TEXT_CHARS) as usize;
            }
        }
        if clipped > 0 {
            report.push(format!(
                "{clipped} text(s) over the length limits were shortened"
            ));
        }
        let edges: Vec<Edge> = kept
            .into_iter()
            .map(|(a, b, r, g)| {
                let mut e = Edge::new(self.nodes[a].id, self.nodes[b].id, r);
                e.group = g;
                e
            })
            .collect();
        if edges.len() > limits.max_edges {
            return Err(ImportError::new(
                1,
                1,
                format!(
                    "{} relations; the most a map holds is {}",
                    edges.len(),
                    limits.max_edges
                ),
            ));
        }
        let map = ArgumentMap::from_parts(meta, self.nodes, edges).map_err(|e| {
            ImportError::new(1, 1, format!("the statements do not make a valid map: {e}"))
        })?;
        Ok(Imported { map, report })
    }
}

impl Builder {
    /// Folds merged statements into the ones they are, renumbering the rest.
    fn apply_merges(&mut self) {
        if self.merged.is_empty() && self.discarded.is_empty() {
            return;
        }
        let n = self.nodes.len();
        let mut into: Vec<usize> = (0..n).collect();
        for &(from, to) in &self.merged {
            into[from] = to;
        }
        // Follow chains (a into b into c), guarding against cycles.
        let resolve = |mut i: usize| {
            for _ in 0..n {
                if into[i] == i {
                    break;
                }
                i = into[i];
            }
            i
        };
        let target: Vec<usize> = (0..n).map(resolve).collect();
        for (i, &t) in target.iter().enumerate() {
            if t != i {
                let from = std::mem::replace(&mut self.nodes[i], Node::new(NodeKind::Thesis, ""));
                let node = &mut self.nodes[t];
                // A title alone (an argument that is only its conclusion) adds nothing
                // where the conclusion has a title of its own.
                if node.label.is_none() {
                    node.label = from.label;
                } else if let Some(l) = from.label.filter(|_| !from.text.is_empty()) {
                    node.notes = join(&node.notes, &l);
                }
                if !from.text.is_empty() && from.text != node.text {
                    node.notes = join(&node.notes, &from.text);
                }
                for tag in from.tags {
                    if !node.tags.contains(&tag) {
                        node.tags.push(tag);
                    }
                }
            }
        }
        let mut renumber = vec![usize::MAX; n];
        let mut nodes = Vec::new();
        let mut fixed = Vec::new();
        for i in 0..n {
            if target[i] == i && !self.discarded.contains(&i) {
                renumber[i] = nodes.len();
                nodes.push(std::mem::replace(
                    &mut self.nodes[i],
                    Node::new(NodeKind::Thesis, ""),
                ));
                fixed.push(self.fixed[i]);
            }
        }
        self.edges
            .retain(|e| renumber[target[e.0]] != usize::MAX && renumber[target[e.1]] != usize::MAX);
        for e in &mut self.edges {
            e.0 = renumber[target[e.0]];
            e.1 = renumber[target[e.1]];
        }
        self.keys.retain(|_, v| renumber[target[*v]] != usize::MAX);
        for v in self.keys.values_mut() {
            *v = renumber[target[*v]];
        }
        self.nodes = nodes;
        self.fixed = fixed;
        self.merged.clear();
        self.discarded.clear();
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}\n\n{b}")
    }
}

/// Shortens `s` to at most `max` characters; true if it did.
fn clip(s: &mut String, max: usize) -> bool {
    match s.char_indices().nth(max) {
        Some((at, _)) => {
            s.truncate(at);
            true
        }
        None => false,
    }
}

/// The start of a text, for messages.
fn short(text: &str) -> String {
    crate::model::shorten(text, 40)
}

/// Line and column (from 1) of byte offset `at` in `text`.
pub fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
